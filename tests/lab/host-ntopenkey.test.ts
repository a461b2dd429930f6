/**
 * reg.exe reads the registry through advapi32 and the Nt key services, system calls on its own
 * thread: a breakpoint on nt!NtOpenKey stops in reg.exe's process with ntdll!ZwOpenKey and
 * ADVAPI32!RegOpenKeyExW below, and !handle there lists the Key handle reg holds (HKLM's, opened
 * by the first call).
 */
import { describe, expect, it } from 'vitest';
import { stoppedOn as stopped } from './host-helpers.ts';

describe('reg goes through the registry system calls', () => {
  it('bp nt!NtOpenKey stops in reg.exe, the advapi32 call below the system-service frame', () => {
    const { s, hit } = stopped('nt!NtOpenKey', 'reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Beep');
    expect(hit).toContain('Breakpoint 0 hit\nnt!NtOpenKey:');
    expect(s.submit('!process -1 0').output).toContain('Image: reg.exe');
    // The first call opens HKEY_LOCAL_MACHINE itself (MapPredefinedHandle).
    expect(s.submit('k').output).toMatch(
      /nt!NtOpenKey\n.*nt!KiSystemServiceCopyEnd\+0x13\n.*ntdll!ZwOpenKey\+0xa\n.*ADVAPI32!RegOpenKeyExW\+0x3c\n.*reg!wmain/,
    );
    expect(s.submit('!handle 0 3').output).not.toContain('Type: ');
    s.submit('g');
    // The second: the subkey, relative to HKLM's handle, which !handle now lists as a Key.
    expect(s.submit('k').output).toContain('ADVAPI32!RegOpenKeyExW+0x10b');
    const handles = s.submit('!handle 0 3').output;
    expect(handles).toMatch(/^[0-9a-f]{4}: Object: [0-9a-f`]+ {2}GrantedAccess: 000e003f Entry/m);
    expect(handles).toMatch(/Type: \([0-9a-f`]+\) Key\n/);
    expect(handles).toContain('HandleCount: 1');
    s.submit('bc *');
    s.submit('g');
    s.focus('console');
    // reg's handles are closed when it is done, and its query printed as before.
    const out = s.submit('reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Beep /v Start').output;
    expect(out).toContain('Start    REG_DWORD    0x1');
  });

  it('bp nt!NtSetValueKey stops in reg.exe during reg add', () => {
    const { s, hit } = stopped('nt!NtSetValueKey', 'reg add HKLM\\SOFTWARE\\ntlab /v x /t REG_DWORD /d 5 /f');
    expect(hit).toContain('nt!NtSetValueKey:');
    expect(s.submit('!process -1 0').output).toContain('Image: reg.exe');
    expect(s.submit('k').output).toContain('ADVAPI32!RegSetValueExW+0x12c');
  });
});
