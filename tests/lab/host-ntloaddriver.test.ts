/**
 * `sc start` of a driver: sc asks services.exe, which makes the system call ZwLoadDriver itself,
 * so a breakpoint on nt!NtLoadDriver stops in services.exe's process with its user frames below;
 * DriverEntry then runs on a System worker thread, and `sc stop` comes through NtUnloadDriver.
 */
import { describe, expect, it } from 'vitest';
import type { LabSession } from '../../src/lab/session.ts';
import { stoppedOn } from './host-helpers.ts';

const CREATE = 'sc create SwLegacy type= kernel start= demand binPath= C:\\Drivers\\swlegacy.sys';

function stoppedAt(bp: string, command: string, setup: readonly string[] = []): { s: LabSession; hit: string } {
  return stoppedOn(bp, command, [CREATE, ...setup]);
}

describe('drivers load and unload through services.exe system calls', () => {
  it('bp nt!NtLoadDriver stops in services.exe during sc start, with ZwLoadDriver and the SCM below', () => {
    const { s, hit } = stoppedAt('nt!NtLoadDriver', 'sc start SwLegacy');
    expect(hit).toContain('Breakpoint 0 hit\nnt!NtLoadDriver:');
    const k = s.submit('k').output;
    expect(k).toMatch(/nt!NtLoadDriver\n.*nt!KiSystemServiceCopyEnd\+0x13\n.*ntdll!ZwLoadDriver\+0xa\n.*services!ScLoadDeviceDriver/);
    expect(s.submit('!process -1 0').output).toContain('Image: services.exe');
    // DriverEntry has not run yet: the driver object does not exist until the worker loads it.
    expect(s.submit('!drvobj SwLegacy').output).not.toContain('Driver object (');
    s.submit('bc *');
    s.submit('g');
    s.focus('console');
    expect(s.submit('sc query SwLegacy').output).toContain('RUNNING');
  });

  it('DriverEntry runs in the System process on a worker thread, not in services.exe', () => {
    const { s, hit } = stoppedAt('swlegacy!DriverEntry', 'sc start SwLegacy');
    expect(hit).toContain('swlegacy!DriverEntry:');
    expect(s.submit('!process -1 0').output).toContain('Image: System');
    expect(s.submit('k').output).toContain('nt!ExpWorkerThread+0xfe');
  });

  it('bp nt!NtUnloadDriver stops in services.exe during sc stop', () => {
    const { s, hit } = stoppedAt('nt!NtUnloadDriver', 'sc stop SwLegacy', ['sc start SwLegacy']);
    expect(hit).toContain('nt!NtUnloadDriver:');
    expect(s.submit('k').output).toContain('ntdll!ZwUnloadDriver+0xa');
    expect(s.submit('!process -1 0').output).toContain('Image: services.exe');
  });
});
