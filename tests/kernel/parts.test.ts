import { describe, expect, it } from 'vitest';
import lab from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import { kernelOf } from '../../src/kernel/nt.ts';
import { SWPNP_INF } from '../../src/kernel/drivers/samples.ts';
import { copyFiles, decoratedSection, parseInf, serviceInstalls } from '../../src/kernel/pnp/inf.ts';
import { canonDriverImagePath } from '../../src/kernel/services/scm.ts';
import { imagePathToWin32 } from '../../src/kernel/io/loader.ts';
import { registerModule } from '../../src/kernel/drivers/modules.ts';
import { IRP_MJ_PNP, IRP_MJ_POWER, IRP_MN_QUERY_POWER, type ModuleCode } from '../../src/kernel/io/types.ts';
import { STATUS_SUCCESS, STATUS_UNSUCCESSFUL } from '../../src/kernel/status.ts';

describe('INF reader', () => {
  it('reads the sample INF: class, model, decorated install section, service, files', () => {
    const inf = parseInf(SWPNP_INF);
    expect(inf).not.toBeNull();
    if (!inf) return;
    expect(inf.className).toBe('Sample');
    expect(inf.manufacturer).toBe('ntlab samples');
    expect(inf.models).toEqual([{ description: 'SwPnp Software Device', installSection: 'SwPnp_Install', hardwareIds: ['Root\\SwPnp'] }]);
    const section = decoratedSection(inf, 'SwPnp_Install');
    expect(section).toBe('SwPnp_Install.NT');
    expect(serviceInstalls(inf, section ?? '')).toEqual([
      { name: 'SwPnp', flags: 2, serviceType: 1, startType: 3, errorControl: 1, serviceBinary: '%12%\\swpnp.sys', displayName: 'SwPnp software driver' },
    ]);
    expect(copyFiles(inf, section ?? '')).toEqual(['swpnp.sys']);
  });

  it('rejects text without a [Version] section', () => {
    expect(parseInf('[Strings]\na = "b"\n')).toBeNull();
  });
});

describe('driver image paths', () => {
  it('are stored the way the SCM canonicalises them', () => {
    expect(canonDriverImagePath('C:\\Drivers\\x.sys')).toBe('\\??\\C:\\Drivers\\x.sys');
    expect(canonDriverImagePath('%SystemRoot%\\System32\\drivers\\x.sys')).toBe('System32\\drivers\\x.sys');
    expect(canonDriverImagePath('\\SystemRoot\\System32\\drivers\\x.sys')).toBe('\\SystemRoot\\System32\\drivers\\x.sys');
  });

  it('resolve to Win32 paths the way the kernel opens them', () => {
    expect(imagePathToWin32('\\??\\C:\\Drivers\\x.sys')).toBe('C:\\Drivers\\x.sys');
    expect(imagePathToWin32('\\SystemRoot\\system32\\DRIVERS\\x.sys')).toBe('C:\\Windows\\system32\\DRIVERS\\x.sys');
    expect(imagePathToWin32('system32\\DRIVERS\\x.sys')).toBe('C:\\Windows\\system32\\DRIVERS\\x.sys');
  });
});

describe('legacy driver as registry monitor', () => {
  it('logs keys created while it runs, and stops logging once unloaded', () => {
    const s = new LabSession(lab);
    s.submit('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    s.submit('sc start SwLegacy');
    s.submit('sc create Other type= kernel binPath= C:\\Drivers\\other.sys');
    s.submit('sc stop SwLegacy');
    s.submit('sc create Third type= kernel binPath= C:\\Drivers\\third.sys');
    const texts = kernelOf(s.machine)?.rtl.state.entries.map((e) => e.text) ?? [];
    // The callback names the key created, as its object is named: through the link, in ControlSet001.
    expect(texts).toContain('SwLegacy: registry key created: \\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\services\\Other');
    expect(texts.some((t) => t.includes('Services\\Third'))).toBe(false);
    expect(s.machine.events.of('kernel.bugCheck')).toEqual([]);
  });
});

describe('sleep veto', () => {
  const veto: ModuleCode = {
    name: 'vetopwr',
    file: 'vetopwr.sys',
    linkDate: 1295531800,
    imageSize: 0x4000,
    DriverEntry(_nt, drv) {
      drv.DriverExtension.AddDevice = 'vetopwr!AddDevice';
      drv.MajorFunction[IRP_MJ_PNP] = 'vetopwr!PassDown';
      drv.MajorFunction[IRP_MJ_POWER] = 'vetopwr!Power';
      drv.DriverUnload = 'vetopwr!Unload';
      return STATUS_SUCCESS;
    },
    addDevice: {
      AddDevice(nt, drv, pdo) {
        const { device, status } = nt.IoCreateDevice(drv, null, 0x22, 0, false);
        if (!device) return status;
        device.DeviceExtension['Lower'] = nt.IoAttachDeviceToDeviceStack(device, pdo)?.id ?? null;
        device.Flags &= ~0x80;
        return STATUS_SUCCESS;
      },
    },
    unload: { Unload() {} },
    dispatch: {
      PassDown(nt, device, irp) {
        nt.IoSkipCurrentIrpStackLocation(irp);
        return nt.IoCallDriver(nt.device(Number(device.DeviceExtension['Lower'])), irp);
      },
      Power(nt, device, irp) {
        if (nt.IoGetCurrentIrpStackLocation(irp).MinorFunction === IRP_MN_QUERY_POWER) {
          irp.IoStatus.Status = STATUS_UNSUCCESSFUL;
          nt.IoCompleteRequest(irp, 0);
          return STATUS_UNSUCCESSFUL;
        }
        nt.IoSkipCurrentIrpStackLocation(irp);
        return nt.IoCallDriver(nt.device(Number(device.DeviceExtension['Lower'])), irp);
      },
    },
  };
  registerModule(veto);

  it('a driver failing IRP_MN_QUERY_POWER vetoes the sleep; queried stacks are told S0 again', () => {
    const s = new LabSession(lab);
    const k = kernelOf(s.machine);
    if (!k) throw new Error('no kernel');
    k.fs.write('C:\\Drivers\\vetopwr.sys', { size: 4096, written: 0, content: null, image: 'vetopwr' });
    k.cm.setValue('\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\vetopwr', 'Type', 'REG_DWORD', 1);
    k.cm.setValue('\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\vetopwr', 'ImagePath', 'REG_EXPAND_SZ', '\\??\\C:\\Drivers\\vetopwr.sys');
    const dn = k.pnp.createRootDevice('Root\\Veto', 'Sample', '{78A1C341-4539-11d3-B88D-00C04FAD5171}', 'Veto');
    k.pnp.setDriver(dn, 'vetopwr', 'Veto', 'test', 'oem9.inf', 'Install');
    k.ke.guard('system-thread', () => k.pnp.start(dn));
    // Installed after the vetoing device, SwPnp's stack is queried first (the tree is walked from the leaves).
    s.submit('devcon install swpnp.inf Root\\SwPnp');
    const out = s.submit('pwrtest /sleep').output;
    expect(out).toContain('Sleep was vetoed by \\Driver\\vetopwr (IRP_MN_QUERY_POWER failed).');
    expect(out).toContain('Result: FAIL');
    expect(s.machine.events.of('po.systemPowerState')).toEqual([]);
    expect(s.machine.events.of('po.sleepVetoed')).toEqual([expect.objectContaining({ state: 'S3', driver: '\\Driver\\vetopwr' })]);
    const swpnp = s.machine.events.of('kernel.irp').filter((e) => e.driver === '\\Driver\\SwPnp' && e.major === 'IRP_MJ_POWER');
    expect(swpnp.map((e) => `${e.minor} ${e.power}`)).toEqual(['IRP_MN_QUERY_POWER S3', 'IRP_MN_SET_POWER S0']);
  });
});
