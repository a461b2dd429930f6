import { describe, expect, it } from 'vitest';
import lab from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import { kernelOf, type Kernel } from '../../src/kernel/nt.ts';
import { STATUS_INVALID_DEVICE_REQUEST, STATUS_SUCCESS } from '../../src/kernel/status.ts';
import { IRP_MJ_DEVICE_CONTROL, IRP_MJ_POWER, IRP_MN_SET_POWER } from '../../src/kernel/io/types.ts';
import { LiveKd } from './kd-helpers.ts';

function started(steps = 3): { s: LabSession; k: Kernel } {
  const s = new LabSession(lab);
  for (const l of lab.solution.slice(0, steps)) s.submit(l);
  const k = kernelOf(s.machine);
  if (!k) throw new Error('no kernel');
  return { s, k };
}

const le = (b: Uint8Array, at: number, n: number) => {
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[at + i]);
  return v;
};

describe('a driver object in memory after sc start', () => {
  it('has its pool header, name info, object header and DRIVER_OBJECT bytes', () => {
    const { k } = started();
    const d = k.io.driverByName('\\Driver\\SwLegacy');
    expect(d).toBeDefined();
    const body = BigInt('0x' + d!.Address);
    // POOL_HEADER, NAME_INFO (0x20), OBJECT_HEADER (0x30), body.
    const block = k.mm.read('kernel', body - 0x60n, 0x60 + 0x188);
    expect(block).not.toBeNull();
    const b = block!;
    expect(String.fromCharCode(b[4], b[5], b[6], b[7] & 0x7f)).toBe('Driv');
    expect(b[7] & 0x80).toBe(0x80); // protected
    const name = k.mm.read('kernel', le(b, 0x10 + 0x10, 8), 16);
    expect(new TextDecoder('utf-16le').decode(name!)).toBe('SwLegacy');
    expect(Number(le(b, 0x30 + 0x18, 1))).toBe(26); // TypeIndex: Driver
    expect(Number(le(b, 0x30 + 0x1a, 1))).toBe(2); // InfoMask: NAME_INFO
    const o = 0x60;
    expect(Number(le(b, o, 2))).toBe(4);
    expect(Number(le(b, o + 2, 2))).toBe(0x150);
    expect(le(b, o + 8, 8)).toBe(BigInt('0x' + k.io.device(d!.DeviceObject!).Address));
    expect(le(b, o + 0x18, 8)).toBe(BigInt('0x' + d!.DriverStart));
    expect(le(b, o + 0x30, 8)).toBe(body + 0x150n); // DriverExtension follows the object
    expect(Number(le(b, o + 0x38, 2))).toBe('\\Driver\\SwLegacy'.length * 2);
    const loader = k.images.module('swlegacy');
    expect(le(b, o + 0x28, 8)).toBe(loader!.entry); // DriverSection: the loader entry
    expect(le(b, o + 0x70 + 0x0e * 8, 8)).toBe(k.images.symbolAddress('swlegacy!SwLegacyDeviceControl'));
    expect(le(b, o + 0x70 + 0x01 * 8, 8)).toBe(k.images.symbolAddress('nt!IopInvalidDeviceRequest'));
  });

  it('disassembles its dispatch routine at a real instruction boundary', () => {
    const { k } = started();
    const kd = new LiveKd(k);
    const out = kd.run('u swlegacy!SwLegacyDeviceControl L3');
    expect(out[0]).toBe('swlegacy!SwLegacyDeviceControl:');
    expect(out[1]).toMatch(/^fffff880`[0-9a-f]{8} 48895c2408\s+mov\s+qword ptr \[rsp\+8\],rbx$/);
  });
});

describe('writing a driver object changes the machine', () => {
  it('a MajorFunction entry written with nt!IopInvalidDeviceRequest makes create fail', () => {
    const { k } = started();
    const kd = new LiveKd(k);
    const d = k.io.driverByName('\\Driver\\SwLegacy')!;
    expect(kd.run(`eq ${d.Address}+0x70 nt!IopInvalidDeviceRequest`)).toEqual(['']);
    expect(d.MajorFunction[0]).toBe('nt!IopInvalidDeviceRequest');
    const r = k.ke.guard('system-call', () => k.fileIo.open('\\??\\SwLegacy'));
    expect(r?.status).toBe(STATUS_INVALID_DEVICE_REQUEST);
  });

  it('a wild pointer in the dispatch table bug checks when called, instead of throwing', () => {
    const { k } = started();
    const kd = new LiveKd(k);
    const d = k.io.driverByName('\\Driver\\SwLegacy')!;
    kd.run(`eq ${d.Address}+0x70 fffff880deadbe00`);
    expect(d.MajorFunction[0]).toBe('*fffff880deadbe00');
    k.ke.guard('system-call', () => k.fileIo.open('\\??\\SwLegacy'));
    expect(k.halted?.code).toBe(0x50);
    expect(k.halted?.params[0]).toBe('fffff880deadbe00');
  });

  it("device Flags and IRP status written through memory are the kernel's", () => {
    const { k } = started();
    const kd = new LiveKd(k);
    const dev = k.io.device(k.io.driverByName('\\Driver\\SwLegacy')!.DeviceObject!);
    kd.run(`ed ${dev.Address}+0x30 00000014`);
    expect(dev.Flags).toBe(0x14);
    const irp = k.irp.allocate(2, { kind: 'driver' });
    kd.run(`ed ${irp.Address}+0x30 c0000001`);
    expect(irp.IoStatus.Status).toBe(0xc0000001 | 0);
    kd.run(`eb ${irp.Address}+0x44 1`);
    expect(irp.Cancel).toBe(true);
    expect(STATUS_SUCCESS).toBe(0);
  });
});

describe('the I/O extensions', () => {
  it('!drvobj with flags 3 lists the devices and all 28 dispatch slots', () => {
    const { k } = started();
    const d = k.io.driverByName('\\Driver\\SwLegacy')!;
    const out = new LiveKd(k).run('!drvobj SwLegacy 3');
    const dev = k.io.device(d.DeviceObject!).Address;
    expect(out.slice(0, 7)).toEqual([
      `Driver object (${d.Address}) is for:`,
      ' \\Driver\\SwLegacy',
      'Driver Extension List: (id , addr)',
      '',
      'Device Object list:',
      `${dev}  `,
      '',
    ]);
    const table = out.filter((l) => /^\[[0-9a-f]{2}\] /.test(l));
    expect(table).toHaveLength(28);
    const at = k.images.symbolAddress('swlegacy!SwLegacyDispatchPower')!.toString(16).padStart(16, '0');
    expect(table[0x16]).toBe(`[16] IRP_MJ_POWER                       ${at}\tswlegacy!SwLegacyDispatchPower`);
    expect(out).toContain(`DriverUnload:  ${k.images.symbolAddress('swlegacy!SwLegacyUnload')!.toString(16).padStart(16, '0')}\tswlegacy!SwLegacyUnload`);
  });

  it('!devobj and !devstack show a PnP device stack with its devnode', () => {
    const { k } = started(7);
    const kd = new LiveKd(k);
    const pnp = k.io.driverByName('\\Driver\\SwPnp')!;
    const fdo = k.io.devicesOf(pnp)[0];
    const pdo = k.io.device(fdo.AttachedTo!);
    const dn = k.pnp.state.devnodes[pdo.DeviceNode!];
    const stack = kd.run(`!devstack ${fdo.Address}`);
    expect(stack[0]).toBe('  !DevObj           !DrvObj            !DevExt           ObjectName');
    expect(stack[1]).toBe(`> ${fdo.Address}  \\Driver\\SwPnp      00000000  `);
    expect(stack[2]).toBe(`  ${pdo.Address}  \\Driver\\PnpManager 00000000  ${pdo.Name!.slice('\\Device\\'.length)}`);
    expect(stack.slice(3)).toEqual([`!DevNode ${dn.Address} :`, '  DeviceInst is "ROOT\\SAMPLE\\0000"', '  ServiceName is "SwPnp"']);
    const obj = kd.run(`!devobj ${pdo.Address}`);
    expect(obj[0]).toBe(`Device object (${pdo.Address}) is for:`);
    expect(obj).toContain(`AttachedDevice (Upper) ${fdo.Address} \\Driver\\SwPnp`);
    expect(obj).toContain('Characteristics (0x00000180)  FILE_AUTOGENERATED_DEVICE_NAME, FILE_DEVICE_SECURE_OPEN');
  });

  it('!irp marks the current stack location and names the completion routine', () => {
    const { k } = started(7);
    const pnp = k.io.driverByName('\\Driver\\SwPnp')!;
    const fdo = k.io.devicesOf(pnp)[0];
    const pdo = k.io.device(fdo.AttachedTo!);
    const irp = k.irp.allocate(2, { kind: 'driver' });
    irp.CurrentLocation = 1;
    irp.Stack[0] = {
      MajorFunction: IRP_MJ_POWER,
      MinorFunction: IRP_MN_SET_POWER,
      Flags: 0,
      Control: 0xe1,
      DeviceObject: pdo.id,
      FileObject: null,
      Parameters: { Type: 'SystemPowerState', State: 'PowerSystemSleeping3' },
      CompletionRoutine: 'nt!IopUnloadSafeCompletion',
      Context: null,
    };
    irp.Stack[1] = {
      MajorFunction: IRP_MJ_DEVICE_CONTROL,
      MinorFunction: 0,
      Flags: 0,
      Control: 0,
      DeviceObject: fdo.id,
      FileObject: null,
      Parameters: { IoControlCode: 0x222003 },
      CompletionRoutine: null,
      Context: null,
    };
    const out = new LiveKd(k).run(`!irp ${irp.Address}`);
    const cur = (BigInt('0x' + irp.Address) + 0xd0n).toString(16).padStart(16, '0');
    const routine = k.images.symbolAddress('nt!IopUnloadSafeCompletion')!.toString(16).padStart(16, '0');
    expect(out).toEqual([
      `Irp is active with 2 stacks 1 is current (= 0x${cur})`,
      ' No Mdl: No System Buffer: Thread 00000000:  Irp stack trace.  ',
      '     cmd  flg cl Device   File     Completion-Context',
      `>[ 16, 2]   0 e1 ${pdo.Address} 00000000 ${routine}-00000000 Success Error Cancel pending`,
      `\t       \\Driver\\PnpManager\tnt!IopUnloadSafeCompletion`,
      '\t\t\tArgs: 00000000 00000000 00000004 00000000',
      ` [  e, 0]   0  0 ${fdo.Address} 00000000 00000000-00000000    `,
      '\t       \\Driver\\SwPnp',
      '\t\t\tArgs: 00000000 00000000 0x222003 00000000',
    ]);
  });

  it('!object lists a directory by hash bucket and shows a link target', () => {
    const { k } = started();
    const kd = new LiveKd(k);
    const dir = kd.run('!object \\Driver');
    expect(dir[0]).toMatch(/^Object: [0-9a-f]{16}  Type: \([0-9a-f]{16}\) Directory$/);
    expect(dir).toContain('    Hash Address          Type          Name');
    const swl = k.io.driverByName('\\Driver\\SwLegacy')!;
    expect(dir.some((l) => l.endsWith(`${swl.Address} Driver        SwLegacy`))).toBe(true);
    const link = kd.run('!object \\GLOBAL??\\SwLegacy');
    expect(link[link.length - 1]).toBe("    Target String is '\\Device\\SwLegacy'");
  });

  it('!devnode 0 1 walks the tree from IopRootDeviceNode; !poolfind finds the driver objects', () => {
    const { k } = started(7);
    const kd = new LiveKd(k);
    const tree = kd.run('!devnode 0 1');
    expect(tree[0]).toMatch(/^Dumping IopRootDeviceNode \(= 0x[0-9a-f]{16}\)$/);
    expect(tree).toContain('  InstancePath is "HTREE\\ROOT\\0"');
    expect(tree).toContain('    InstancePath is "ROOT\\SAMPLE\\0000"');
    const found = kd.run('!poolfind Driv 0').filter((l) => l.endsWith('Driv (Protected)'));
    expect(found).toHaveLength(Object.keys(k.io.state.drivers).length);
    const d = k.io.driverByName('\\Driver\\SwLegacy')!;
    const pool = kd.run(`!pool ${d.Address}`);
    expect(pool[0]).toBe(`Pool page ${d.Address} region is Nonpaged pool`);
    const header = (BigInt('0x' + d.Address) - 0x60n).toString(16).padStart(16, '0');
    expect(pool.find((l) => l.startsWith('*'))).toMatch(
      new RegExp(`^\\*${header} size:  1f0 previous size: +[0-9a-f]+  \\(Allocated\\) \\*Driv \\(Protected\\)$`),
    );
  });
});
