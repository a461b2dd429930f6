import { describe, expect, it } from 'vitest';
import lab from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import { Machine } from '../../src/kernel/machine.ts';
import { bootWindows, kernelOf } from '../../src/kernel/nt.ts';
import { registerModule } from '../../src/kernel/drivers/modules.ts';
import { installSamplePackage } from '../../src/kernel/drivers/samples.ts';
import { IRP_MJ_CREATE, IRP_MJ_POWER, type ModuleCode } from '../../src/kernel/io/types.ts';
import { STATUS_OBJECT_NAME_COLLISION, STATUS_SUCCESS, NT_SUCCESS } from '../../src/kernel/status.ts';
import { EventCategoryDeviceInterfaceChange } from '../../src/kernel/nt-api.ts';
import { GUID_DEVINTERFACE_SWPNP } from '../../src/kernel/drivers/guids.ts';

function played(lines: readonly string[]): LabSession {
  const s = new LabSession(lab);
  for (const l of lines) s.play(l);
  return s;
}

describe('determinism and snapshots', () => {
  it('replaying the same input log gives the same machine state and events', () => {
    const live = played(lab.solution);
    const again = LabSession.replay(lab, live.log);
    expect(again.machine.snapshot()).toEqual(live.machine.snapshot());
    expect(again.events).toEqual(live.events);
  });

  it('a different seed gives different addresses', () => {
    const a = new LabSession(lab, 1).machine.snapshot();
    const b = new LabSession(lab, 2).machine.snapshot();
    expect(a).not.toEqual(b);
  });

  it('snapshot and restore round-trip the whole machine', () => {
    const s = played(lab.solution.slice(0, 6));
    const snap = s.machine.snapshot();
    s.submit('pwrtest /sleep');
    s.submit('sc stop SwLegacy');
    expect(s.machine.snapshot()).not.toEqual(snap);
    s.machine.restore(snap);
    expect(s.machine.snapshot()).toEqual(snap);
    // The restored machine still works: SwLegacy is running again and can be stopped.
    expect(s.submit('sc query SwLegacy').output).toContain('4  RUNNING');
    expect(s.submit('sc stop SwLegacy').output).toContain('1  STOPPED');
  });
});

describe('power', () => {
  it('sends power IRPs down PnP stacks only: SwPnp gets them, SwLegacy does not', () => {
    const s = played([...lab.solution.slice(0, 7), 'pwrtest /sleep']);
    const power = s.machine.events.of('kernel.irp').filter((e) => e.major === 'IRP_MJ_POWER');
    const drivers = new Set(power.map((e) => e.driver));
    expect(drivers).toContain('\\Driver\\SwPnp');
    expect(drivers).not.toContain('\\Driver\\SwLegacy');
    const swpnp = power.filter((e) => e.driver === '\\Driver\\SwPnp').map((e) => `${e.minor} ${e.power}`);
    expect(swpnp).toEqual(['IRP_MN_QUERY_POWER S3', 'IRP_MN_SET_POWER S3', 'IRP_MN_SET_POWER D3', 'IRP_MN_SET_POWER S0', 'IRP_MN_SET_POWER D0']);
    const k = kernelOf(s.machine);
    const printed = k?.rtl.state.entries.filter((e) => e.irp?.major === IRP_MJ_POWER) ?? [];
    expect(new Set(printed.map((e) => e.module))).toEqual(new Set(['swpnp']));
    expect(s.submit('dbgview /f SwLegacy').output).not.toContain('IRP_MJ_POWER');
  });

  it('a stack whose driver never completes a power IRP is bug check 0x9F/3', () => {
    const stuck: ModuleCode = {
      name: 'stuckpwr',
      file: 'stuckpwr.sys',
      linkDate: 1295531300,
      imageSize: 0x4000,
      DriverEntry(_nt, drv) {
        drv.DriverExtension.AddDevice = 'stuckpwr!AddDevice';
        drv.MajorFunction[0x1b] = 'stuckpwr!Pnp';
        drv.MajorFunction[IRP_MJ_POWER] = 'stuckpwr!Power';
        return STATUS_SUCCESS;
      },
      addDevice: {
        AddDevice(nt, drv, pdo) {
          const { device } = nt.IoCreateDevice(drv, null, 0x22, 0, false);
          if (!device) return STATUS_OBJECT_NAME_COLLISION;
          const lower = nt.IoAttachDeviceToDeviceStack(device, pdo);
          device.DeviceExtension['Lower'] = lower?.id ?? null;
          device.Flags &= ~0x80;
          return STATUS_SUCCESS;
        },
      },
      dispatch: {
        Pnp(nt, device, irp) {
          nt.IoSkipCurrentIrpStackLocation(irp);
          return nt.IoCallDriver(nt.device(Number(device.DeviceExtension['Lower'])), irp);
        },
        Power(nt, _device, irp) {
          nt.IoMarkIrpPending(irp);
          return 0x103;
        },
      },
    };
    registerModule(stuck);
    const m = new Machine({ seed: 3 });
    const k = bootWindows(m);
    k.fs.write('C:\\Drivers\\stuckpwr.sys', { size: 4096, written: 0, content: null, image: 'stuckpwr' });
    k.cm.setValue('\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\stuckpwr', 'Type', 'REG_DWORD', 1);
    k.cm.setValue('\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\stuckpwr', 'ImagePath', 'REG_EXPAND_SZ', '\\??\\C:\\Drivers\\stuckpwr.sys');
    const dn = k.pnp.createRootDevice('Root\\Stuck', 'Sample', '{78A1C341-4539-11d3-B88D-00C04FAD5171}', 'Stuck');
    k.pnp.setDriver(dn, 'stuckpwr', 'Stuck', 'test', 'oem9.inf', 'Install');
    k.ke.guard('system-thread', () => k.pnp.start(dn));
    expect(k.halted).toBeNull();
    expect(k.ke.guard('system-thread', () => k.po.sleep('PowerSystemSleeping3', 1000))).toBeNull();
    const bc = m.events.of('kernel.bugCheck');
    expect(bc).toHaveLength(1);
    expect(bc[0].code).toBe(0x9f);
    expect(bc[0].params[0]).toBe('0000000000000003');
    expect(bc[0].params[1]).toBe(k.io.device(dn.Pdo ?? 0).Address);
  });
});

describe('bug checks instead of exceptions', () => {
  const twice: ModuleCode = {
    name: 'twice',
    file: 'twice.sys',
    linkDate: 1295531400,
    imageSize: 0x4000,
    DriverEntry(nt, drv) {
      const { device } = nt.IoCreateDevice(drv, '\\Device\\Twice', 0x22, 0, false);
      if (!device) return STATUS_OBJECT_NAME_COLLISION;
      drv.MajorFunction[IRP_MJ_CREATE] = 'twice!Create';
      drv.MajorFunction[0x02] = 'twice!Create';
      return STATUS_SUCCESS;
    },
    dispatch: {
      Create(nt, _d, irp) {
        irp.IoStatus.Status = STATUS_SUCCESS;
        nt.IoCompleteRequest(irp, 0);
        nt.IoCompleteRequest(irp, 0);
        return STATUS_SUCCESS;
      },
    },
  };
  const throws: ModuleCode = {
    name: 'throws',
    file: 'throws.sys',
    linkDate: 1295531500,
    imageSize: 0x4000,
    DriverEntry() {
      const table: Record<string, { x: number }> = {};
      return table['missing'].x;
    },
  };
  const leaky: ModuleCode = {
    name: 'leaky',
    file: 'leaky.sys',
    linkDate: 1295531600,
    imageSize: 0x4000,
    DriverEntry(nt, drv) {
      nt.IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange, 0, GUID_DEVINTERFACE_SWPNP, drv, 'leaky!Notify', null);
      drv.DriverUnload = 'leaky!Unload';
      return STATUS_SUCCESS;
    },
    unload: { Unload() {} },
    notification: { Notify: () => STATUS_SUCCESS },
  };
  for (const m of [twice, throws, leaky]) registerModule(m);

  function machineWith(name: string) {
    // No host debugger: a bug check goes straight to the blue screen.
    const s = new LabSession({ ...lab, hostDebugger: false });
    const k = kernelOf(s.machine);
    if (!k) throw new Error('no kernel');
    k.fs.write(`C:\\Drivers\\${name}.sys`, { size: 4096, written: 0, content: null, image: name });
    s.submit(`sc create ${name} type= kernel binPath= C:\\Drivers\\${name}.sys`);
    return { s, k };
  }

  it('completing an IRP twice is 0x44 with the IRP address, and the console shows the stop screen', () => {
    const { s, k } = machineWith('twice');
    s.submit('sc start twice');
    expect(k.halted).toBeNull();
    const open = k.ke.guard('system-call', () => k.fileIo.open('\\Device\\Twice'));
    expect(open).toBeNull();
    const bc = s.machine.events.of('kernel.bugCheck')[0];
    expect(bc.code).toBe(0x44);
    expect(bc.module).toBe('twice');
    expect(bc.params[1]).toBe('0000000000000eae');
    const out = s.submit('sc query twice').output;
    expect(out).toContain('MULTIPLE_IRP_COMPLETE_REQUESTS');
    expect(out).toContain('*** STOP: 0x00000044');
  });

  it('an exception in DriverEntry is 0x7E SYSTEM_THREAD_EXCEPTION_NOT_HANDLED', () => {
    const { s, k } = machineWith('throws');
    const out = s.submit('sc start throws').output;
    expect(k.halted?.code).toBe(0x7e);
    expect(k.halted?.params[0]).toBe('00000000c0000005');
    expect(k.halted?.module).toBe('throws');
    const base = BigInt('0x' + (k.io.state.images['throws']?.base ?? '0'));
    const ip = BigInt('0x' + (k.halted?.params[1] ?? '0'));
    expect(ip > base && ip < base + 0x4000n).toBe(true);
    expect(out).toMatch(/\*\*\* {2}throws\.sys - Address FFFFF880[0-9A-F]{8} base at FFFFF880[0-9A-F]{8}, DateStamp 4d383dec/);
    expect(out).toContain('SYSTEM_THREAD_EXCEPTION_NOT_HANDLED');
  });

  it('a notification left registered at unload is 0xCE when it fires', () => {
    const { s, k } = machineWith('leaky');
    s.submit('sc start leaky');
    s.submit('sc stop leaky');
    expect(k.halted).toBeNull();
    s.submit('devcon install swpnp.inf Root\\SwPnp');
    expect(k.halted?.code).toBe(0xce);
    expect(k.halted?.module).toBe('leaky');
  });
});

describe('object manager and I/O manager', () => {
  function booted() {
    const m = new Machine({ seed: 5 });
    const k = bootWindows(m, { debugPrintFilter: 0xf });
    installSamplePackage(k, 'C:\\Drivers');
    return k;
  }

  it('resolves \\?? and \\DosDevices to \\GLOBAL?? and follows links to devices', () => {
    const k = booted();
    k.scm.create({ name: 'SwLegacy', type: 1, start: 3, error: 1, binPath: 'C:\\Drivers\\swlegacy.sys', displayName: null, group: null, depend: [] });
    k.scm.start('SwLegacy');
    const dev = k.ob.lookup('\\Device\\SwLegacy');
    expect(k.ob.lookup('\\??\\SwLegacy').id).toBe(dev.id);
    expect(k.ob.lookup('\\DosDevices\\SwLegacy').id).toBe(dev.id);
    expect(k.ob.lookup('\\GLOBAL??\\SwLegacy', false).id).not.toBe(dev.id);
    expect(k.io.createSymbolicLink('\\DosDevices\\SwLegacy', '\\Device\\Null')).toBe(STATUS_OBJECT_NAME_COLLISION);
  });

  it('create and close go through the namespace to the driver, and an open handle defers the unload', () => {
    const k = booted();
    k.scm.create({ name: 'SwLegacy', type: 1, start: 3, error: 1, binPath: 'C:\\Drivers\\swlegacy.sys', displayName: null, group: null, depend: [] });
    k.scm.start('SwLegacy');
    const h = k.fileIo.open('\\??\\SwLegacy');
    expect(NT_SUCCESS(h.status)).toBe(true);
    expect(k.scm.stop('SwLegacy')).toBe(0);
    expect(k.scm.status('SwLegacy')?.state).toBe(3);
    expect(k.fileIo.open('\\??\\SwLegacy').status).toBe(0xc000000e);
    k.fileIo.close(h.handle);
    expect(k.scm.status('SwLegacy')?.state).toBe(1);
    const texts = k.rtl.state.entries.map((e) => e.text);
    expect(texts).toContain('SwLegacy: IRP_MJ_CREATE');
    expect(texts).toContain('SwLegacy: IRP_MJ_CLOSE');
    expect(texts.at(-1)).toBe('SwLegacy: DriverUnload');
  });

  it('surprise removal sends IRP_MN_SURPRISE_REMOVAL then REMOVE_DEVICE', () => {
    const k = booted();
    k.cm.setValue('\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SwPnp', 'Type', 'REG_DWORD', 1);
    k.cm.setValue('\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SwPnp', 'ImagePath', 'REG_EXPAND_SZ', '\\??\\C:\\Drivers\\swpnp.sys');
    const dn = k.pnp.createRootDevice('Root\\SwPnp', 'Sample', '{78A1C341-4539-11d3-B88D-00C04FAD5171}', 'SwPnp');
    k.pnp.setDriver(dn, 'SwPnp', 'SwPnp', 'ntlab', 'oem0.inf', 'SwPnp_Install.NT');
    k.ke.guard('system-thread', () => k.pnp.start(dn));
    k.ke.guard('system-thread', () => k.pnp.surpriseRemove(dn));
    const texts = k.rtl.state.entries.map((e) => e.text);
    const i = texts.indexOf('SwPnp: IRP_MJ_PNP / IRP_MN_SURPRISE_REMOVAL');
    expect(i).toBeGreaterThan(0);
    expect(texts.slice(i)).toContain('SwPnp: IRP_MJ_PNP / IRP_MN_REMOVE_DEVICE');
    expect(texts.at(-1)).toBe('SwPnp: EvtDriverUnload');
    expect(k.machine.events.of('pnp.deviceRemoved').at(-1)).toMatchObject({ instance: 'ROOT\\SAMPLE\\0000', surprise: true });
  });
});

describe('leaked names', () => {
  const leaky: ModuleCode = {
    name: 'leaklink',
    file: 'leaklink.sys',
    linkDate: 1295531700,
    imageSize: 0x4000,
    DriverEntry(nt, drv) {
      const { status, device } = nt.IoCreateDevice(drv, '\\Device\\LeakLink', 0x22, 0, false);
      if (!device) return status;
      const link = nt.IoCreateSymbolicLink('\\DosDevices\\LeakLink', '\\Device\\LeakLink');
      if (!NT_SUCCESS(link)) {
        nt.IoDeleteDevice(device);
        return link;
      }
      drv.DriverUnload = 'leaklink!Unload';
      return STATUS_SUCCESS;
    },
    unload: {
      // Forgets IoDeleteSymbolicLink.
      Unload(nt, drv) {
        if (drv.DeviceObject !== null) nt.IoDeleteDevice(nt.device(drv.DeviceObject));
      },
    },
  };
  registerModule(leaky);

  it('a symbolic link left behind at unload makes the next start fail with 183', () => {
    const s = new LabSession(lab);
    const k = kernelOf(s.machine);
    k?.fs.write('C:\\Drivers\\leaklink.sys', { size: 4096, written: 0, content: null, image: 'leaklink' });
    s.submit('sc create LeakLink type= kernel binPath= C:\\Drivers\\leaklink.sys');
    s.submit('sc start LeakLink');
    s.submit('sc stop LeakLink');
    expect(s.submit('objdir \\GLOBAL??').output).toMatch(/LeakLink\s+SymbolicLink\s+\\Device\\LeakLink/);
    expect(s.submit('sc start LeakLink').output).toBe('[SC] StartService FAILED 183:\n\nCannot create a file when that file already exists.\n\n\n');
    expect(s.machine.events.of('kernel.driverLoadFailed').at(-1)).toEqual(expect.objectContaining({ service: 'LeakLink', status: '0xC0000035' }));
  });
});
