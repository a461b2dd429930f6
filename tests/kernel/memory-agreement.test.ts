/**
 * One truth: after every step of every lab's model solution, every modelled
 * object read through debugger memory (by field path, via the type database)
 * agrees with the kernel's own records: objects, drivers, devices, files, IRPs,
 * devnodes, the loaded-module list, pool, and processes and threads (ps-agreement.ts).
 */
import { describe, expect, it } from 'vitest';
import { labLoaders } from '../../labs/index.ts';
import { LabSession } from '../../src/lab/session.ts';
import { kernelOf, type Kernel } from '../../src/kernel/nt.ts';
import { LiveTarget } from '../../src/debugger/live/target.ts';
import { KernelReader } from '../../src/debugger/kobjects.ts';
import { routineValue } from '../../src/kernel/io/memory.ts';
import { TYPE_INDEX } from '../../src/kernel/ob/memory.ts';
import { walkPoolPage } from '../../src/debugger/commands/pool.ts';
import { psDisagreements } from './ps-agreement.ts';

const big = (hex: string | null | undefined) => (hex ? BigInt('0x' + hex) : 0n);

/** Every disagreement between memory and the kernel's records, as readable lines. */
export function disagreements(k: Kernel): string[] {
  const target = new LiveTarget(k, 'local');
  target.refresh();
  const r = new KernelReader(target);
  const bad: string[] = [];
  const check = (what: string, got: bigint | string | null, want: bigint | string) => {
    if (got !== want) bad.push(`${what}: memory ${String(got)} != kernel ${String(want)}`);
  };
  const addrOf = (id: number | null) => (id === null ? 0n : big(k.ob.get(id)?.Address));

  for (const h of Object.values(k.ob.state.objects)) {
    const body = big(h.Address);
    const header = KernelReader.header(body);
    check(`object ${h.id} PointerCount`, r.field(header, '_OBJECT_HEADER', 'PointerCount'), BigInt(h.PointerCount));
    check(`object ${h.id} HandleCount`, r.field(header, '_OBJECT_HEADER', 'HandleCount'), BigInt(h.HandleCount));
    check(`object ${h.id} TypeIndex`, r.field(header, '_OBJECT_HEADER', 'TypeIndex'), BigInt(TYPE_INDEX[h.Type] ?? 0));
    check(`object ${h.id} name`, r.objectName(body), h.Name);
    if (h.Name !== '') check(`object ${h.id} directory`, r.objectDirectory(body), addrOf(h.Parent));
    if (h.Name !== '' && h.Parent !== null && k.ob.fullName(h.id) !== '') check(`object ${h.id} path`, r.fullName(body), k.ob.fullName(h.id));
  }
  for (const d of Object.values(k.io.state.drivers)) {
    const at = big(d.Address);
    const f = (p: string) => r.field(at, '_DRIVER_OBJECT', p);
    check(`${d.DriverName} Type`, f('Type'), 4n);
    check(`${d.DriverName} DriverName`, r.unicode(at + 0x38n), d.DriverName);
    check(`${d.DriverName} DeviceObject`, f('DeviceObject'), addrOf(d.DeviceObject));
    check(`${d.DriverName} Flags`, f('Flags'), BigInt(d.Flags));
    check(`${d.DriverName} DriverStart`, f('DriverStart'), big(d.DriverStart));
    check(`${d.DriverName} DriverSize`, f('DriverSize'), BigInt(d.DriverSize));
    check(`${d.DriverName} DriverUnload`, f('DriverUnload'), routineValue(k, d.DriverUnload));
    d.MajorFunction.forEach((ref, i) => check(`${d.DriverName} MajorFunction[${i}]`, f(`MajorFunction[${i}]`), routineValue(k, ref)));
    const ext = f('DriverExtension') ?? 0n;
    check(`${d.DriverName} AddDevice`, r.field(ext, '_DRIVER_EXTENSION', 'AddDevice'), routineValue(k, d.DriverExtension.AddDevice));
    check(`${d.DriverName} ServiceKeyName`, r.unicode(ext + 0x18n), d.DriverExtension.ServiceKeyName);
  }
  for (const dev of Object.values(k.io.state.devices)) {
    const at = big(dev.Address);
    const f = (p: string) => r.field(at, '_DEVICE_OBJECT', p);
    const name = `device ${dev.Name ?? dev.Address}`;
    check(`${name} Type`, f('Type'), 3n);
    check(`${name} ReferenceCount`, f('ReferenceCount'), BigInt(dev.ReferenceCount));
    check(`${name} DriverObject`, f('DriverObject'), addrOf(dev.DriverObject));
    check(`${name} NextDevice`, f('NextDevice'), addrOf(dev.NextDevice));
    check(`${name} AttachedDevice`, f('AttachedDevice'), addrOf(dev.AttachedDevice));
    check(`${name} Flags`, f('Flags'), BigInt(dev.Flags));
    check(`${name} Characteristics`, f('Characteristics'), BigInt(dev.Characteristics));
    check(`${name} DeviceType`, f('DeviceType'), BigInt(dev.DeviceType));
    check(`${name} StackSize`, f('StackSize'), BigInt(dev.StackSize));
    const doe = f('DeviceObjectExtension') ?? 0n;
    check(`${name} AttachedTo`, r.field(doe, '_DEVOBJ_EXTENSION', 'AttachedTo'), addrOf(dev.AttachedTo));
    check(
      `${name} DeviceNode`,
      r.field(doe, '_DEVOBJ_EXTENSION', 'DeviceNode'),
      dev.DeviceNode === null ? 0n : big(k.pnp.state.devnodes[dev.DeviceNode]?.Address),
    );
  }
  for (const f of Object.values(k.io.state.files)) {
    check(`file ${f.id} Type`, r.field(big(f.Address), '_FILE_OBJECT', 'Type'), 5n);
    check(`file ${f.id} DeviceObject`, r.field(big(f.Address), '_FILE_OBJECT', 'DeviceObject'), addrOf(f.Device));
  }
  for (const irp of Object.values(k.io.state.irps)) {
    const at = big(irp.Address);
    const f = (p: string) => r.field(at, '_IRP', p);
    check(`irp ${irp.id} StackCount`, f('StackCount'), BigInt(irp.StackCount));
    check(`irp ${irp.id} CurrentLocation`, f('CurrentLocation'), BigInt(irp.CurrentLocation));
    check(`irp ${irp.id} Status`, f('IoStatus.Status'), BigInt(irp.IoStatus.Status >>> 0));
    check(`irp ${irp.id} Cancel`, f('Cancel'), irp.Cancel ? 1n : 0n);
    irp.Stack.forEach((loc, i) => {
      const l = at + 0xd0n + BigInt(i * 0x48);
      check(`irp ${irp.id} [${i}] MajorFunction`, r.field(l, '_IO_STACK_LOCATION', 'MajorFunction'), BigInt(loc.MajorFunction));
      check(`irp ${irp.id} [${i}] DeviceObject`, r.field(l, '_IO_STACK_LOCATION', 'DeviceObject'), addrOf(loc.DeviceObject));
      check(`irp ${irp.id} [${i}] CompletionRoutine`, r.field(l, '_IO_STACK_LOCATION', 'CompletionRoutine'), routineValue(k, loc.CompletionRoutine));
    });
  }
  for (const dn of Object.values(k.pnp.state.devnodes)) {
    const at = big(dn.Address);
    const f = (p: string) => r.field(at, '_DEVICE_NODE', p);
    const node = (id: number | undefined) => (id === undefined ? 0n : big(k.pnp.state.devnodes[id]?.Address));
    check(`${dn.InstancePath} InstancePath`, r.unicode(at + 0x28n), dn.InstancePath);
    check(`${dn.InstancePath} ServiceName`, r.unicode(at + 0x38n), dn.Service ?? '');
    check(`${dn.InstancePath} State`, f('State'), BigInt(dn.State));
    check(`${dn.InstancePath} PreviousState`, f('PreviousState'), BigInt(dn.PreviousState));
    check(`${dn.InstancePath} Problem`, f('Problem'), BigInt(dn.Problem));
    check(`${dn.InstancePath} Parent`, f('Parent'), dn.Parent === null ? 0n : node(dn.Parent));
    check(`${dn.InstancePath} PDO`, f('PhysicalDeviceObject'), addrOf(dn.Pdo));
    const children: bigint[] = [];
    for (let c = f('Child') ?? 0n; c !== 0n && children.length < 256; c = r.field(c, '_DEVICE_NODE', 'Sibling') ?? 0n) children.push(c);
    check(`${dn.InstancePath} children`, children.join(','), dn.Children.map((c) => node(c)).join(','));
  }
  psDisagreements(k, check);
  // PsLoadedModuleList, walked in memory.
  const head = r.global('PsLoadedModuleList') ?? 0n;
  const listed: string[] = [];
  for (let e = r.pointer(head) ?? head; e !== head && e !== 0n && listed.length < 64; e = r.pointer(e) ?? head) {
    listed.push(`${r.unicode(e + 0x58n)}@${(r.field(e, '_LDR_DATA_TABLE_ENTRY', 'DllBase') ?? 0n).toString(16)}`);
  }
  const want = k.images.modules().map((m) => `${m.path.slice(m.path.lastIndexOf('\\') + 1)}@${m.base.toString(16)}`);
  check('PsLoadedModuleList', listed.join(' '), want.join(' '));
  for (const img of Object.values(k.io.state.images))
    if (!listed.some((l) => l.endsWith(`@${BigInt('0x' + img.base).toString(16)}`))) bad.push(`image ${img.module} not in PsLoadedModuleList`);
  // Every pool page is a walkable chain of headers.
  for (const region of target.regions()) {
    if (!region.kind.endsWith('pool')) continue;
    for (let page = region.start; page < region.end; page += 0x1000n) {
      const walk = walkPoolPage(target, page);
      if (walk?.bad) bad.push(`pool page ${page.toString(16)}: ${walk.bad.message}`);
    }
  }
  return bad;
}

const labs = await Promise.all(Object.entries(labLoaders).map(async ([id, load]) => [id, (await load()).default] as const));

// One test per step (each bounded by one step's work), in order, on one session per lab.
describe('memory agrees with the kernel after every step of every model solution', () => {
  for (const [id, lab] of labs) {
    describe(id, () => {
      let session: LabSession | null = null;
      const kernel = () => kernelOf((session ??= new LabSession(lab)).machine);
      it('after boot', () => {
        const k = kernel();
        if (k) expect(disagreements(k)).toEqual([]);
      });
      lab.solution.forEach((line, i) => {
        it(`step ${i + 1}: ${line}`, () => {
          const k = kernel();
          session?.submit(line);
          if (k) expect(disagreements(k)).toEqual([]);
        });
      });
    });
  }
});
