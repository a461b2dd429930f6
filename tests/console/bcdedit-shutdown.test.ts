import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';
import { kernelOf } from '../../src/kernel/nt.ts';

const HASH =
  'Windows cannot verify the digital signature for this file. A recent hardware or software change might have installed a file that is signed incorrectly or damaged, or that might be malicious software from an unknown source.';

describe('bcdedit', () => {
  it('lists the boot manager and the boot loader, with test signing on', () => {
    const { run } = session();
    const out = run('bcdedit').out;
    expect(out.startsWith('\nWindows Boot Manager\n--------------------\nidentifier              {bootmgr}\n')).toBe(true);
    expect(out).toContain('\nWindows Boot Loader\n-------------------\nidentifier              {current}\n');
    expect(out).toContain('recoveryenabled         Yes\ntestsigning             Yes\nosdevice                partition=C:\n');
    expect(out).not.toContain('Debugger Settings');
    expect(run('bcdedit /enum all').out).toContain('Debugger Settings\n-----------------\ndebugtype               Serial\n');
    expect(run('bcdedit /v').out).toContain('identifier              {9dea862c-5cdd-4e70-acc1-f32b344d4795}');
  });

  it('/set, /deletevalue, /debug and /dbgsettings change the store; bad input gets bcdedit errors', () => {
    const { run } = session();
    expect(run('bcdedit /set testsigning off')).toEqual({ out: 'The operation completed successfully.\n\n', status: 0 });
    expect(run('bcdedit /enum {current}').out).toContain('testsigning             No\n');
    expect(run('bcdedit /set {current} nointegritychecks on').status).toBe(0);
    expect(run('bcdedit /debug on').status).toBe(0);
    const loader = run('bcdedit /enum osloader').out;
    expect(loader).toContain('nointegritychecks       Yes\ntestsigning             No\nosdevice');
    expect(loader.endsWith('nx                      OptIn\ndebug                   Yes\n\n')).toBe(true);
    expect(run('bcdedit /deletevalue nointegritychecks').status).toBe(0);
    expect(run('bcdedit /deletevalue nointegritychecks').out).toBe(
      'An error occurred while attempting to delete the specified data element.\nElement not found.\n\n',
    );
    expect(run('bcdedit /dbgsettings serial debugport:2 baudrate:57600').status).toBe(0);
    expect(run('bcdedit /dbgsettings').out).toBe(
      'debugtype               Serial\ndebugport               2\nbaudrate                57600\nThe operation completed successfully.\n\n',
    );
    expect(run('bcdedit /dbgsettings usb targetname:ntlab').status).toBe(0);
    expect(run('bcdedit /dbgsettings').out).toContain('debugtype               USB\ntargetname              ntlab\n');
    expect(run('bcdedit /dbgsettings net hostip:10.0.0.1 port:50000').status).toBe(1);
    expect(run('bcdedit /set constructor on').out).toContain('The element data type specified is not recognized, or does not apply to the specified entry.\n');
    expect(run('bcdedit /set testsigning 99999999999999999999').out).toContain('The set command specified is not valid.');
    expect(run('bcdedit /set {bootmgr} timeout 99999999999999999999').status).toBe(1);
    expect(run('bcdedit /set {nope} testsigning on').out).toBe(
      'An error occurred while attempting to reference the specified entry.\nThe system cannot find the file specified.\n\n',
    );
    expect(run('bcdedit /frobnicate').out).toContain('The command specified is not valid.');
  });
});

describe('driver signing and shutdown /r', () => {
  it('test signing turned off takes effect at the restart: the test-signed sample then fails with 577', () => {
    const { s, run } = session();
    run('bcdedit /set testsigning off');
    run('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    // Not yet: the running system booted with test signing on.
    expect(run('sc start SwLegacy').status).toBe(0);
    const restart = run('shutdown /r /t 0');
    expect(restart.status).toBe(0);
    expect(restart.out).toContain('Lab note: Windows shuts down and restarts.');
    expect(restart.out).toContain('Microsoft Windows [Version 6.1.7601]\nCopyright (c) 2009 Microsoft Corporation.  All rights reserved.\n');
    expect(s.machine.events.of('kernel.restarted')).toHaveLength(1);
    expect(kernelOf(s.machine)?.bcd.state.active.testSigning).toBe(false);
    // The demand-start driver did not come back; starting it is refused by code integrity.
    expect(run('sc query SwLegacy').out).toContain('STATE              : 1  STOPPED');
    expect(run('sc start SwLegacy')).toEqual({ out: `[SC] StartService FAILED 577:\n\n${HASH}\n\n\n`, status: 577 });
    expect(s.machine.events.of('kernel.driverLoadFailed').at(-1)).toMatchObject({ service: 'SwLegacy', status: '0xC0000428' });
    // The in-box drivers, signed by Microsoft, still load.
    expect(run('sc query Beep').out).toContain('STATE              : 4  RUNNING');
    // Test signing back on, restart again: the sample loads.
    run('bcdedit /set testsigning on');
    run('shutdown /r /t 0');
    expect(run('sc start SwLegacy').status).toBe(0);
  });

  it('an auto-start test-signed driver that fails at boot shows 577 as its exit code', () => {
    const { run } = session();
    run('sc create SwLegacy type= kernel start= auto binPath= C:\\Drivers\\swlegacy.sys');
    run('bcdedit /set testsigning off');
    run('shutdown /r /t 0');
    expect(run('sc query SwLegacy').out).toContain('WIN32_EXIT_CODE    : 577  (0x241)');
  });

  it('the console session starts again in system32; /t waits the countdown; /a has nothing to abort', () => {
    const { s, run } = session();
    const before = s.machine.clock.now();
    const out = run('shutdown /r').out;
    expect(out).toContain('Lab note: this console waits out the 30-second countdown');
    expect(s.machine.clock.now() - before).toBeGreaterThanOrEqual(30_000);
    expect(s.prompt()).toBe('C:\\Windows\\system32>');
    expect(run('shutdown /a')).toEqual({ out: 'Unable to abort the system shutdown because no shutdown was in progress.(1116)\n\n', status: 1116 });
    expect(run('shutdown /r /t 315360001').status).toBe(87);
    expect(run('shutdown /r /t 99999999999999999999').out).toContain('Usage: shutdown');
    expect(run('shutdown /r /m \\\\OTHER').out).toBe('OTHER: The RPC server is unavailable.(1722)\n\n');
    expect(s.machine.events.of('kernel.restarted')).toHaveLength(1);
    // The console's files are the machine's, before and after the restart.
    run('echo before> C:\\Users\\student\\note.txt');
    run('shutdown /r /t 0');
    expect(run('type C:\\Users\\student\\note.txt').out).toBe('before\n\n');
    run('echo after> C:\\Users\\student\\note2.txt');
    expect(kernelOf(s.machine)?.fs.file('C:\\Users\\student\\note2.txt')?.content).toBe('after\n');
    expect(run('shutdown /s /t 0').out).toContain('the machine powers off');
    expect(s.machine.events.of('kernel.restarted').at(-1)?.reason).toBe('shutdown');
  });
});
