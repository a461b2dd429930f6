import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';

describe('reg: QA regressions', () => {
  it('no operation or an unknown one points at REG /?, and a real operation this machine lacks says so', () => {
    const { run } = session();
    expect(run('reg')).toEqual({ out: 'ERROR: Invalid syntax.\nType "REG /?" for usage.\n\n', status: 1 });
    expect(run('reg frob HKLM').out).toBe('ERROR: Invalid syntax.\nType "REG /?" for usage.\n\n');
    expect(run('reg query').out).toBe('ERROR: Invalid syntax.\nType "REG QUERY /?" for usage.\n\n');
    const copy = run('reg copy HKLM\\SYSTEM\\A HKLM\\SYSTEM\\B');
    expect(copy.status).toBe(1);
    expect(copy.out).toContain('REG COPY is not available on this lab machine');
    expect(copy.out).not.toContain('Invalid syntax');
  });
});
