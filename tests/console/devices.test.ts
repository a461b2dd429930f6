/**
 * cmd.exe on device paths and the IOCTL sample pair: TYPE, `>` and `<` on
 * \\.\Name reach the driver as IRPs with Windows' errors; ioctlapp drives
 * sioctl.sys through each transfer method, a timer-completed request and a
 * cancelled one; the broken builds crash the machine as Windows 7 would.
 */
import { describe, expect, it } from 'vitest';
import { kernelOf } from '../../src/kernel/nt.ts';
import { installIoctlSample } from '../../src/kernel/drivers/samples.ts';
import { session } from './helpers.ts';
import lab from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';

function withSample() {
  const t = session();
  const k = kernelOf(t.s.machine);
  if (!k) throw new Error('no kernel');
  installIoctlSample(k, 'C:\\Drivers');
  return { ...t, k };
}

const irps = (s: ReturnType<typeof withSample>['s'], driver: string) =>
  s.machine.events
    .of('kernel.irp')
    .filter((e) => e.driver === driver)
    .map((e) => e.major);

describe('cmd.exe and \\\\.\\ device names', () => {
  it('TYPE opens, reads and closes the device; a driver without a read routine fails it with "Incorrect function."', () => {
    const { s, run } = withSample();
    run('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    run('sc start SwLegacy');
    expect(run('type \\\\.\\SwLegacy')).toEqual({ out: 'Incorrect function.\n\n', status: 1 });
    expect(irps(s, '\\Driver\\SwLegacy')).toEqual(['IRP_MJ_CREATE', 'IRP_MJ_READ', 'IRP_MJ_CLEANUP', 'IRP_MJ_CLOSE']);
  });

  it('a device name that does not exist is "cannot find the file", with no IRP sent', () => {
    const { s, run } = withSample();
    expect(run('type \\\\.\\NoSuchThing')).toEqual({ out: 'The system cannot find the file specified.\n\n', status: 1 });
    expect(run('echo hi > \\\\.\\NoSuchThing').out).toBe('The system cannot find the file specified.\n\n');
    expect(run('more < \\\\.\\NoSuchThing').out).toBe('The system cannot find the file specified.\n\n');
    expect(s.machine.events.of('kernel.irp').filter((e) => e.major === 'IRP_MJ_READ')).toEqual([]);
  });

  it('echo > and more < open the device before the command runs, and write or read through it', () => {
    const { s, run } = withSample();
    run('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    run('sc start SwLegacy');
    expect(run('echo data > \\\\.\\SwLegacy').out).toBe('Incorrect function.\n\n');
    expect(irps(s, '\\Driver\\SwLegacy')).toEqual(['IRP_MJ_CREATE', 'IRP_MJ_WRITE', 'IRP_MJ_CLEANUP', 'IRP_MJ_CLOSE']);
    expect(run('more < \\\\.\\SwLegacy').out).toBe('Incorrect function.\n\n');
  });
});

describe('ioctlapp over sioctl.sys', () => {
  it('loads the driver, sends each method, shows the reply, then removes the service', () => {
    const { s, run } = withSample();
    run('cd C:\\Drivers');
    const r = run('ioctlapp');
    expect(r.status).toBe(0);
    for (const m of ['METHOD_IN_DIRECT', 'METHOD_OUT_DIRECT', 'METHOD_BUFFERED', 'METHOD_NEITHER']) expect(r.out).toContain(`Calling DeviceIoControl ${m}:`);
    expect(r.out.match(/OutBuffer \(26\): Greetings from sioctl\.sys/g)?.length).toBe(4);
    expect(run('sc query SIOCTL').out).toContain('FAILED 1060');
    const kinds = s.machine.events
      .of('kernel.irp')
      .filter((e) => e.driver === '\\Driver\\SIOCTL')
      .map((e) => e.major);
    expect(kinds.filter((k) => k === 'IRP_MJ_DEVICE_CONTROL').length).toBe(4);
  });

  it('DebugView shows a different buffer location for each transfer method', () => {
    const { run } = withSample();
    run('cd C:\\Drivers');
    const app = run('ioctlapp').out;
    const dbg = run('dbgview').out;
    const userIn = [...app.matchAll(/InputBuffer {2}at (0x[0-9a-f]+)/g)].map((m) => m[1]);
    const userOut = [...app.matchAll(/OutputBuffer at (0x[0-9a-f]+)/g)].map((m) => m[1]);
    // METHOD_NEITHER: the driver sees the program's own pointers.
    expect(dbg).toContain(`Type3InputBuffer = ${userIn[3]}`);
    expect(dbg).toContain(`Irp->UserBuffer = ${userOut[3]}`);
    // The direct methods: an MDL and its system-space mapping, not the user address.
    const mapped = [...dbg.matchAll(/MmGetSystemAddressForMdlSafe\(Irp->MdlAddress\) = (0x[0-9a-f]+)/g)].map((m) => m[1]);
    expect(mapped.length).toBe(2);
    expect(mapped.every((a) => a.startsWith('0xfffff880'))).toBe(true);
    // METHOD_BUFFERED: the reply was written into the system buffer in pool.
    const sys = [...dbg.matchAll(/Irp->AssociatedIrp\.SystemBuffer = (0x[0-9a-f]+)/g)].map((m) => m[1]);
    expect(sys[2]).toMatch(/^0xfffffa80/);
    expect(sys[3]).toBe('0x0000000000000000');
  });

  it('/pend waits for the timer DPC; /cancel ends in the driver cancel routine', () => {
    const { run } = withSample();
    run('cd C:\\Drivers');
    const r = run('ioctlapp /method:buffered /pend /cancel');
    expect(r.out).toMatch(/completed after 2\d\d\d ms: Greetings from sioctl\.sys/);
    expect(r.out).toContain('GetOverlappedResult: error 995: The I/O operation has been aborted because of either a thread exit or an application request.');
    expect(run('dbgview').out).toContain('SIOCTL.SYS: cancel routine: completing the request with STATUS_CANCELLED');
  });

  it('a driver image never lands on the kernel stacks (fffff880`02000000 up): its code stays its own', () => {
    const { k, run } = withSample();
    run('cd C:\\Drivers');
    // Where a long session's loads would have brought the next image: among the threads' stack slots.
    k.io.state.imageNext = 0x02450000;
    run('ioctlapp /method:buffered /keep');
    const base = BigInt('0x' + (k.io.image('sioctl')?.base ?? '0'));
    expect(base).toBeGreaterThanOrEqual(0xfffff88002810000n);
    const dispatch = k.images.symbolAddress('sioctl!SioctlDeviceControl') ?? 0n;
    expect(Array.from(k.mm.read('kernel', dispatch + 0x2fn, 2) ?? [])).toEqual([0x8b, 0xf8]);
  });

  it('bad switches and a missing driver file are errors of the tool', () => {
    const { run } = withSample();
    expect(run('ioctlapp /frob').status).toBe(87);
    expect(run('ioctlapp /method:sideways').out).toContain('Unknown method: sideways');
    run('cd \\');
    const missing = run('ioctlapp');
    expect(missing.out).toContain('sioctl.sys is not loaded.');
    expect(missing.status).toBe(2);
  });
});

describe('broken builds of sioctl.sys', () => {
  function broken(defect: string) {
    const t = withSample();
    t.run('cd C:\\Drivers');
    t.run('reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d ' + defect + ' /f');
    return t;
  }

  it('DoubleComplete: bug check 0x44 with the IRP address, blamed on sioctl', () => {
    const { k, run } = broken('DoubleComplete');
    run('ioctlapp /method:buffered');
    expect(k.halted?.code).toBe(0x44);
    expect(k.halted?.module).toBe('sioctl');
    expect(k.halted?.params[1]).toBe('0000000000000eae');
    expect(k.fs.file('C:\\Windows\\MEMORY.DMP')).toBeDefined();
  });

  it('NeitherInDpc: the DPC touches the user pointer at DISPATCH_LEVEL: 0xD1 with the address and IRQL 2', () => {
    const { k, run } = broken('NeitherInDpc');
    const out = run('ioctlapp /method:neither').out;
    const userIn = /InputBuffer {2}at 0x([0-9a-f]+)/.exec(out)?.[1];
    expect(k.halted?.code).toBe(0xd1);
    expect(k.halted?.module).toBe('sioctl');
    expect(k.halted?.params[1]).toBe('0000000000000002');
    expect(k.halted?.params[2]).toBe('0000000000000000');
    if (userIn) expect(k.halted?.params[0]).toBe(userIn);
  });

  it('MdlAfterComplete: the work item writes through the MDL mapping its own completion undid: 0x50, a write, the IP in sioctl, Arg4 0', () => {
    const { k, run } = broken('MdlAfterComplete');
    run('ioctlapp /method:out_direct');
    expect(k.halted?.code).toBe(0x50);
    expect(k.halted?.module).toBe('sioctl');
    const [address, write, ip, reserved] = k.halted?.params ?? [];
    // The address is the system mapping the driver printed before completing the request (a freed system PTE).
    expect(address).toMatch(/^fffff8/);
    expect(k.mm.read('kernel', BigInt('0x' + address), 1)).toBeNull();
    expect(write).toBe('0000000000000001');
    expect(BigInt('0x' + ip) - (k.images.symbolAddress('sioctl!SioctlWorkItem') ?? 0n)).toBe(0x2fn);
    expect(reserved).toBe('0000000000000000');
  });

  it('MdlAfterComplete spares the other methods: buffered and neither requests complete as usual', () => {
    const { k, run } = broken('MdlAfterComplete');
    expect(run('ioctlapp /method:buffered').out).toContain('Greetings from sioctl.sys');
    expect(run('ioctlapp /method:neither').out).toContain('Greetings from sioctl.sys');
    expect(k.halted).toBeNull();
  });

  it('LeakTimer: the timer fires after unload, in freed code: 0xCE', () => {
    const { k, run, s } = broken('LeakTimer');
    run('ioctlapp /method:buffered');
    expect(k.halted).toBeNull();
    s.machine.clock.advance(31_000);
    run('dir');
    expect(k.halted?.code).toBe(0xce);
    expect(k.halted?.module).toBe('sioctl');
  });
});

describe('after a bug check the machine restarts by itself', () => {
  function noHost() {
    const s = new LabSession({ ...lab, hostDebugger: false });
    const k = kernelOf(s.machine);
    if (!k) throw new Error('no kernel');
    installIoctlSample(k, 'C:\\Drivers');
    s.submit('cd C:\\Drivers');
    return { s, k };
  }

  it('the next line finds a restarted machine and a new console; the dump is there, and another broken build can crash it again', () => {
    const { s, k } = noHost();
    s.submit('reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d DoubleComplete /f');
    expect(s.submit('ioctlapp /method:buffered').output).toContain('*** STOP: 0x00000044');
    const next = s.submit('dir /b C:\\Windows\\MEMORY.DMP').output;
    expect(next).toMatch(/^Lab note: after the bug check Windows wrote C:\\Windows\\MEMORY\.DMP and restarted by itself/);
    expect(next).toContain(
      'Microsoft Windows [Version 6.1.7601]\nCopyright (c) 2009 Microsoft Corporation.  All rights reserved.\n\nC:\\Windows\\system32>dir /b C:\\Windows\\MEMORY.DMP\nMEMORY.DMP\n',
    );
    expect(k.halted).toBeNull();
    expect(s.machine.events.of('kernel.restarted').at(-1)?.reason).toBe('bugcheck');
    s.submit('cd C:\\Drivers');
    s.submit('reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d MdlAfterComplete /f');
    expect(s.submit('ioctlapp /method:out_direct').output).toContain('*** STOP: 0x00000050');
    expect(s.submit('kd -z C:\\Windows\\MEMORY.DMP').output).toContain('BugCheck 50, {');
  });

  it('a bug check during a built-in (a leaked timer firing before dir) shows the stop screen after its output', () => {
    const { s, k } = noHost();
    s.submit('reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d LeakTimer /f');
    s.submit('ioctlapp /method:buffered');
    s.machine.clock.advance(31_000);
    const out = s.submit('ver').output;
    expect(k.halted?.code).toBe(0xce);
    expect(out).toContain('DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS');
    expect(s.submit('ver').output).toContain('Lab note: after the bug check');
  });
});

describe('the crash dumps of the broken builds', () => {
  const cases: readonly [string, string, string][] = [
    ['DoubleComplete', 'BugCheck 44, {', 'Probably caused by : sioctl.sys ( sioctl!SioctlDeviceControl+2f )'],
    ['NeitherInDpc', 'BugCheck D1, {4a0000, 2, 0, ', 'Probably caused by : sioctl.sys ( sioctl!SioctlTimerDpc+2f )'],
    ['LeakTimer', 'BugCheck CE, {', 'Probably caused by : sioctl.sys'],
    ['MdlAfterComplete', 'BugCheck 50, {fffff880', 'Probably caused by : sioctl.sys ( sioctl!SioctlWorkItem+2f )'],
  ];
  for (const [defect, bugcheck, blame] of cases) {
    it(`${defect}: kd -z opens MEMORY.DMP and !analyze names sioctl.sys`, () => {
      const s = new LabSession({ ...lab, hostDebugger: false });
      const k = kernelOf(s.machine);
      if (!k) throw new Error('no kernel');
      installIoctlSample(k, 'C:\\Drivers');
      s.submit('cd C:\\Drivers');
      s.submit(`reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d ${defect} /f`);
      s.submit(
        defect === 'NeitherInDpc' ? 'ioctlapp /method:neither' : defect === 'MdlAfterComplete' ? 'ioctlapp /method:out_direct' : 'ioctlapp /method:buffered',
      );
      if (defect === 'LeakTimer') {
        s.machine.clock.advance(31_000);
        s.submit('ver');
      }
      s.submit('');
      const opened = s.submit('kd -z C:\\Windows\\MEMORY.DMP').output;
      expect(opened).toContain(bugcheck);
      expect(opened).toContain(blame);
      const v = s.submit('!analyze -v').output;
      expect(v).toContain('IMAGE_NAME:  sioctl.sys');
    });
  }
});
