import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';

describe('reg: QA regressions', () => {
  it('no operation or an unknown one points at REG /?, and a real operation this machine lacks says so', () => {
    const { run } = session();
    expect(run('reg')).toEqual({ out: 'ERROR: Invalid syntax.\nType "REG /?" for usage.\n\n', status: 1 });
    expect(run('reg frob HKLM').out).toBe('ERROR: Invalid syntax.\nType "REG /?" for usage.\n\n');
    expect(run('reg query').out).toBe('ERROR: Invalid syntax.\nType "REG QUERY /?" for usage.\n\n');
    const add = run('reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\Null /v Start /t REG_DWORD /d 4 /f');
    expect(add.status).toBe(1);
    expect(add.out).toContain('REG ADD is not available on this lab machine');
    expect(add.out).not.toContain('Invalid syntax');
  });
});
