/**
 * Driver Verifier's I/O verification: sioctl's NoMarkPending build returns
 * STATUS_PENDING without IoMarkIrpPending. Unverified it seems to work;
 * with VerifyDrivers naming sioctl.sys and I/O verification in
 * VerifyDriverLevel it stops the machine with 0xC9/0x23D, but only after a
 * restart (the boot reads the settings), and the dump's analysis says why.
 */
import { describe, expect, it } from 'vitest';
import { kernelOf } from '../../src/kernel/nt.ts';
import { installIoctlSample } from '../../src/kernel/drivers/samples.ts';
import { LabSession } from '../../src/lab/session.ts';
import lab from '../../labs/driver-loading/lab.ts';

const MM = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Memory Management';

function noMarkPending() {
  const s = new LabSession({ ...lab, hostDebugger: false });
  const k = kernelOf(s.machine);
  if (!k) throw new Error('no kernel');
  installIoctlSample(k, 'C:\\Drivers');
  const run = (line: string) => s.submit(line).output;
  run('cd C:\\Drivers');
  run('reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d NoMarkPending /f');
  return { s, k, run };
}

function verify(run: (l: string) => string, drivers: string, level: string) {
  run(`reg add "${MM}" /v VerifyDrivers /t REG_SZ /d "${drivers}" /f`);
  run(`reg add "${MM}" /v VerifyDriverLevel /t REG_DWORD /d ${level} /f`);
}

describe('Driver Verifier and a missing IoMarkIrpPending', () => {
  it('without Verifier the broken build seems to work', () => {
    const { k, run } = noMarkPending();
    expect(run('ioctlapp /method:buffered /pend')).toContain('Greetings from sioctl.sys');
    expect(k.halted).toBeNull();
  });

  it('the settings take effect only at the next restart', () => {
    const { k, run } = noMarkPending();
    verify(run, 'sioctl.sys', '0x9bb');
    run('ioctlapp /method:buffered /pend');
    expect(k.halted).toBeNull();
  });

  it('after a restart, I/O verification stops the machine: 0xC9, Arg1 0x23D, Arg2 the dispatch routine, Arg3 the IRP', () => {
    const { s, k, run } = noMarkPending();
    verify(run, 'sioctl.sys', '0x9bb');
    run('shutdown /r /t 0');
    s.submit('');
    run('cd C:\\Drivers');
    run('ioctlapp /method:buffered /pend');
    expect(k.halted?.code).toBe(0xc9);
    expect(k.halted?.module).toBe('sioctl');
    expect(k.halted?.params[0]).toBe('000000000000023d');
    const dispatch = k.images.symbolAddress('sioctl!SioctlDeviceControl');
    expect(dispatch).not.toBeNull();
    expect(k.halted?.params[1]).toBe(dispatch?.toString(16).padStart(16, '0'));
    s.submit('');
    s.submit('cd C:\\Drivers');
    const opened = s.submit('kd -z C:\\Windows\\MEMORY.DMP').output;
    expect(opened).toContain('BugCheck C9, {23d, ');
    expect(opened).toContain('Probably caused by : sioctl.sys ( sioctl!SioctlDeviceControl )');
    const v = s.submit('!analyze -v').output;
    expect(v).toContain('DRIVER_VERIFIER_IOMANAGER_VIOLATION (c9)');
    expect(v).toContain('Arg1: 000000000000023d, The driver has returned STATUS_PENDING but did not mark the IRP pending via a call to IoMarkIrpPending.');
    expect(v).toContain('IMAGE_NAME:  sioctl.sys');
  });

  it('verifying another driver, or without I/O verification in the level, does not catch it', () => {
    for (const [drivers, level] of [
      ['swpnp.sys', '0x9bb'],
      ['sioctl.sys', '0x1'],
    ] as const) {
      const { s, k, run } = noMarkPending();
      verify(run, drivers, level);
      run('shutdown /r /t 0');
      s.submit('');
      run('cd C:\\Drivers');
      run('ioctlapp /method:buffered /pend');
      expect(k.halted).toBeNull();
    }
  });

  it('a correct build under Verifier runs clean', () => {
    const { s, k, run } = noMarkPending();
    run('reg delete HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /f');
    verify(run, 'sioctl.sys', '0x9bb');
    run('shutdown /r /t 0');
    s.submit('');
    run('cd C:\\Drivers');
    expect(run('ioctlapp /method:buffered /pend')).toContain('Greetings from sioctl.sys');
    expect(k.halted).toBeNull();
  });
});

describe('verifier.exe', () => {
  const session = () => {
    const s = new LabSession({ ...lab, hostDebugger: false });
    const run = (line: string) => {
      const out = s.submit(line).output;
      return { out, status: s.machine.events.of('console.command').at(-1)?.status ?? -1 };
    };
    return { s, run };
  };

  it('/standard /driver writes VerifyDrivers and VerifyDriverLevel and says a restart is needed', () => {
    const { run } = session();
    const r = run('verifier /standard /driver sioctl.sys');
    expect(r.status).toBe(0);
    expect(r.out).toContain('New verifier settings:\n\nSpecial pool: Enabled\nPool tracking: Enabled\nForce IRQL checking: Enabled\nI/O verification: Enabled');
    expect(r.out).toContain(
      'Force pending I/O requests: Disabled\nLow resources simulation: Disabled\nIRP Logging: Disabled\nMiscellaneous checks: Enabled\n\nVerified drivers:\n\nsioctl.sys\n',
    );
    expect(r.out).toContain('The system reboot is required for the changes to take effect.');
    expect(run(`reg query "${MM}" /v VerifyDrivers`).out).toMatch(/VerifyDrivers\s+REG_SZ\s+sioctl\.sys/);
    expect(run(`reg query "${MM}" /v VerifyDriverLevel`).out).toMatch(/VerifyDriverLevel\s+REG_DWORD\s+0x9bb/);
  });

  it('/querysettings reads the registry; /query shows what the running boot verifies', () => {
    const { s, run } = session();
    expect(run('verifier /querysettings').out).toContain('I/O verification: Disabled');
    expect(run('verifier /querysettings').out).toContain('Verified drivers:\n\nNone');
    run('verifier /flags 0x10 /driver sioctl.sys swpnp.sys');
    const q = run('verifier /querysettings').out;
    expect(q).toContain('Special pool: Disabled\nPool tracking: Disabled\nForce IRQL checking: Disabled\nI/O verification: Enabled');
    expect(q).toContain('Verified drivers:\n\nsioctl.sys\nswpnp.sys');
    expect(run('verifier /query').out).toContain('No drivers are currently verified.');
    run('shutdown /r /t 0');
    s.submit('');
    const after = run('verifier /query').out;
    // Headed by the date and time (en-US), then the level, as verifier.exe prints it.
    expect(after).toMatch(/^\d\d\/\d\d\/\d{4}, \d\d:\d\d:\d\d\nLevel: 00000010\n/);
    expect(after).toContain('Name: sioctl.sys, loads: 0, unloads: 0');
  });

  it('/reset removes the settings (and says when there were none)', () => {
    const { run } = session();
    expect(run('verifier /reset').out).toContain('No settings were changed.');
    run('verifier /standard /driver sioctl.sys');
    expect(run('verifier /reset').out).toContain('The system reboot is required');
    expect(run(`reg query "${MM}" /v VerifyDrivers`).status).toBe(1);
  });

  it('bad usage prints the syntax with status 87 and changes nothing', () => {
    const { run } = session();
    for (const line of [
      'verifier',
      'verifier /standard',
      'verifier /standard /driver',
      'verifier /flags zz /driver x.sys',
      'verifier /flags 0 /all',
      'verifier /frob',
      'verifier /query extra',
      'verifier /standard /driver c:\\x.sys',
    ]) {
      const r = run(line);
      expect(r.status, line).toBe(87);
      expect(r.out, line).toContain('verifier /standard /driver NAME [NAME ...]');
    }
    expect(run('verifier /querysettings').out).toContain('Verified drivers:\n\nNone');
  });
});
