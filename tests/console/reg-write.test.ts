import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';

const OK = 'The operation completed successfully.\n\n';
const KEY = 'HKLM\\SOFTWARE\\ntlab';

describe('reg add and reg delete', () => {
  it('adds values of each type, with names that are JavaScript object keys, and reg query shows them', () => {
    const { run } = session();
    expect(run(`reg add ${KEY} /v constructor /t REG_DWORD /d 0x10`)).toEqual({ out: OK, status: 0 });
    expect(run(`reg add ${KEY} /v __proto__ /d text`).out).toBe(OK);
    expect(run(`reg add ${KEY} /ve /d def /f`).out).toBe(OK);
    expect(run(`reg add ${KEY} /v m /t REG_MULTI_SZ /d a\\0b /f`).out).toBe(OK);
    expect(run(`reg add ${KEY} /v e /t REG_EXPAND_SZ /d C:\\x /f`).out).toBe(OK);
    expect(run(`reg query ${KEY}`).out).toBe(
      '\nHKEY_LOCAL_MACHINE\\SOFTWARE\\ntlab\n' +
        '    constructor    REG_DWORD    0x10\n    __proto__    REG_SZ    text\n    (Default)    REG_SZ    def\n' +
        '    m    REG_MULTI_SZ    a\\0b\n    e    REG_EXPAND_SZ    C:\\x\n\n',
    );
  });

  it('asks before overwriting a value without /f, and refuses bad data and hive roots', () => {
    const { s, run } = session();
    run(`reg add ${KEY} /v v /d one`);
    run(`reg add ${KEY} /v v /d two`);
    expect(s.prompt()).toBe('Value v exists, overwrite(Yes/No)? ');
    expect(run('n').out).toBe('The operation was canceled by the user.\n\n');
    expect(run(`reg query ${KEY} /v v`).out).toContain('REG_SZ    one');
    run(`reg add ${KEY} /v v /d two`);
    expect(run('y').out).toBe(OK);
    expect(run(`reg query ${KEY} /v v`).out).toContain('REG_SZ    two');
    expect(run(`reg add ${KEY} /v n /t REG_DWORD /d 99999999999999999999`).out).toBe(
      'ERROR: Invalid syntax. Specify valid numeric value for \'/d\'.\nType "REG ADD /?" for usage.\n\n',
    );
    expect(run(`reg add ${KEY} /v n /t REG_FOO /d 1`).out).toBe('ERROR: Invalid syntax.\nType "REG ADD /?" for usage.\n\n');
    expect(run('reg add HKLM\\Foo').out).toBe('ERROR: Access is denied.\n\n');
    expect(run('reg add HKCU\\Software\\x').status).toBe(1);
  });

  it('a service configured through reg add takes effect in the SCM', () => {
    const { run } = session();
    run('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    expect(run('reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SwLegacy /v Start /t REG_DWORD /d 4 /f').out).toBe(OK);
    expect(run('sc start SwLegacy').status).toBe(1058);
  });

  it('deletes values, all values, or the key; asks without /f', () => {
    const { s, run } = session();
    run(`reg add ${KEY} /v constructor /d x`);
    run(`reg add ${KEY} /v b /d y`);
    run(`reg add ${KEY}\\sub /v c /d z`);
    expect(run(`reg delete ${KEY} /v toString /f`).out).toBe('ERROR: The system was unable to find the specified registry key or value.\n\n');
    run(`reg delete ${KEY} /v constructor`);
    expect(s.prompt()).toBe('Delete the registry value constructor (Yes/No)? ');
    expect(run('yes').out).toBe(OK);
    expect(run(`reg delete ${KEY} /va /f`).out).toBe(OK);
    expect(run(`reg query ${KEY}`).out).toBe('\nHKEY_LOCAL_MACHINE\\SOFTWARE\\ntlab\n\nHKEY_LOCAL_MACHINE\\SOFTWARE\\ntlab\\sub\n\n');
    run(`reg delete ${KEY}`);
    expect(s.prompt()).toBe('Permanently delete the registry key HKEY_LOCAL_MACHINE\\SOFTWARE\\ntlab (Yes/No)? ');
    expect(run('y').out).toBe(OK);
    expect(run(`reg query ${KEY}\\sub`).status).toBe(1);
    expect(run('reg delete HKLM\\SYSTEM /f').out).toBe('ERROR: Access is denied.\n\n');
  });
});
