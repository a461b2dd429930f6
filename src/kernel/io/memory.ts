/**
 * The I/O manager's records as bytes: _DRIVER_OBJECT (+ _DRIVER_EXTENSION),
 * _DEVICE_OBJECT (+ _DEVOBJ_EXTENSION), _FILE_OBJECT bodies for the object
 * manager to paint, the driver's name buffers, and every IRP in flight with
 * its _IO_STACK_LOCATIONs. Pointers are the real addresses of the other
 * modelled objects; routines are their image addresses.
 *
 * Writes to the fields a student would change (a dispatch table entry, Flags,
 * Characteristics, DeviceType, StackSize, ReferenceCount, an IRP's IoStatus or
 * Cancel) change the machine: a routine address that matches no routine is
 * kept as a wild pointer, and calling through it bug checks as Windows would.
 */
import type { Kernel } from '../nt.ts';
import type { MemoryBlock, MemoryProvider, SpaceId } from '../mm/memory.ts';
import { StructWriter, readField, utf16z } from '../mm/layout.ts';
import { win7X64TypeDatabase } from '../types/win7-x64.ts';
import type { ObjectHeader } from '../ob/namespace.ts';
import type { ObjectMemory } from '../ob/memory.ts';
import { routineAddress } from './invoke.ts';
import {
  IRP_MJ_CREATE,
  IRP_MJ_DEVICE_CONTROL,
  IRP_MJ_INTERNAL_DEVICE_CONTROL,
  IRP_MJ_LOCK_CONTROL,
  IRP_MJ_POWER,
  IRP_MJ_QUERY_INFORMATION,
  IRP_MJ_READ,
  IRP_MJ_SET_INFORMATION,
  IRP_MJ_WRITE,
  type DevicePowerState,
  type Irp,
  type JsonRecord,
} from './types.ts';
import { DELETE, FILE_APPEND_DATA, FILE_READ_DATA, FILE_SHARE_DELETE, FILE_SHARE_READ, FILE_SHARE_WRITE, FILE_WRITE_DATA } from './filedefs.ts';

/** IO_TYPE_* values of the structures' Type fields. */
const IO_TYPE_DRIVER = 4;
const IO_TYPE_DEVICE = 3;
const IO_TYPE_FILE = 5;
const IO_TYPE_IRP = 6;
const IO_TYPE_DEVICE_QUEUE = 0x14;
const IO_TYPE_DEVICE_OBJECT_EXTENSION = 0xd;
const DRIVER_OBJECT_SIZE = 0x150;
const DEVICE_OBJECT_SIZE = 0x150;
const IRP_SIZE = 0xd0;
const STACK_LOCATION_SIZE = 0x48;
/** _ETHREAD.IrpList and _IRP.ThreadListEntry. */
export const ETHREAD_IRP_LIST = 0x3e8n;
export const IRP_THREAD_LIST_ENTRY = 0x20n;
/** DOE_* bits of _DEVOBJ_EXTENSION.ExtensionFlags. */
const DOE_UNLOAD_PENDING = 0x1;
const DOE_DEFAULT_SD_PRESENT = 0x800;
/** A routine reference that is no routine: the raw address a debugger wrote. */
export const WILD_PREFIX = '*';

const addr = (hex: string | null | undefined) => (hex === null || hex === undefined ? 0n : BigInt('0x' + hex));

const SYSTEM_STATES: Readonly<Record<string, number>> = {
  PowerSystemUnspecified: 0,
  PowerSystemWorking: 1,
  PowerSystemSleeping1: 2,
  PowerSystemSleeping2: 3,
  PowerSystemSleeping3: 4,
  PowerSystemHibernate: 5,
  PowerSystemShutdown: 6,
};
const DEVICE_STATES: Readonly<Record<string, number>> = { PowerDeviceUnspecified: 0, PowerDeviceD0: 1, PowerDeviceD1: 2, PowerDeviceD2: 3, PowerDeviceD3: 4 };
const POWER_ACTIONS: Readonly<Record<string, number>> = { PowerActionNone: 0, PowerActionSleep: 2, PowerActionHibernate: 3, PowerActionShutdown: 4 };

/** The address a routine reference stands for ('module!Symbol', a wild '*address', or none). */
export function routineValue(k: Kernel, ref: string | null): bigint {
  if (ref === null || ref === '') return 0n;
  if (ref.startsWith(WILD_PREFIX)) return BigInt('0x' + ref.slice(1));
  return BigInt('0x' + routineAddress(k, ref));
}

/** The routine reference for an address written into a routine pointer. */
export function routineRef(k: Kernel, value: bigint): string | null {
  if (value === 0n) return null;
  return k.images.routineAt(value) ?? WILD_PREFIX + value.toString(16).padStart(16, '0');
}

export class IoMemory implements MemoryProvider {
  readonly name = 'io';
  readonly layer = 1 as const;
  private readonly k: Kernel;

  constructor(k: Kernel, ob: ObjectMemory) {
    this.k = k;
    ob.register('Driver', { type: '_DRIVER_OBJECT', render: (_k, h, w) => this.driver(h, w), write: (_k, h, off, body) => this.writeDriver(h, off, body) });
    ob.register('Device', { type: '_DEVICE_OBJECT', render: (_k, h, w) => this.device(h, w), write: (_k, h, off, body) => this.writeDevice(h, off, body) });
    ob.register('File', { type: '_FILE_OBJECT', render: (_k, h, w) => this.file(h, w) });
  }

  private get db() {
    return win7X64TypeDatabase();
  }

  private objectAddress(id: number | null): bigint {
    if (id === null) return 0n;
    return addr(this.k.ob.get(id)?.Address);
  }

  // ---- driver objects ----------------------------------------------------

  private driver(h: ObjectHeader, w: StructWriter): void {
    const d = this.k.io.state.drivers[h.id];
    if (!d) return;
    const body = addr(h.Address);
    const ext = body + BigInt(DRIVER_OBJECT_SIZE);
    const image = this.k.images.module(d.Module);
    const entry = this.k.images.symbolAddress(`${d.Module}!DriverEntry`);
    w.set('Type', IO_TYPE_DRIVER)
      .set('Size', DRIVER_OBJECT_SIZE)
      .set('DeviceObject', this.objectAddress(d.DeviceObject))
      .set('Flags', d.Flags)
      .set('DriverStart', addr(d.DriverStart))
      .set('DriverSize', d.DriverSize)
      .set('DriverSection', d.Module === 'nt' ? 0n : (image?.entry ?? 0n))
      .set('DriverExtension', ext)
      .unicode('DriverName', d.DriverName, addr(h.Buffers['DriverName']), d.DriverName.length * 2)
      .set('HardwareDatabase', this.k.images.symbolAddress('nt!CmRegistryMachineHardwareDescriptionSystemName') ?? 0n)
      .set('DriverInit', d.Module === 'nt' ? 0n : (entry ?? 0n))
      .set('DriverUnload', routineValue(this.k, d.DriverUnload));
    d.MajorFunction.forEach((ref, i) => w.set(`MajorFunction[${i}]`, routineValue(this.k, ref)));
    // The _DRIVER_EXTENSION follows the driver object in the same allocation.
    const x = new StructWriter(this.db, 'nt', '_DRIVER_EXTENSION', w.out, w.base + DRIVER_OBJECT_SIZE, ext);
    x.set('DriverObject', body)
      .set('AddDevice', routineValue(this.k, d.DriverExtension.AddDevice))
      .unicode('ServiceKeyName', d.DriverExtension.ServiceKeyName, addr(h.Buffers['ServiceKeyName']), d.DriverExtension.ServiceKeyName.length * 2);
  }

  private writeDriver(h: ObjectHeader, offset: number, body: Uint8Array): boolean {
    const d = this.k.io.state.drivers[h.id];
    if (!d) return false;
    const read = (path: string, type = '_DRIVER_OBJECT', base = 0) => readField(this.db, 'nt', type, body, base, path) ?? 0n;
    if (offset >= 0x70 && offset < 0x70 + 28 * 8) {
      // A NULL entry is a pointer like any other: calling it faults.
      for (let i = 0; i < 28; i++) d.MajorFunction[i] = routineRef(this.k, read(`MajorFunction[${i}]`)) ?? WILD_PREFIX + '0'.repeat(16);
      return true;
    }
    if (offset >= 0x10 && offset < 0x14) {
      d.Flags = Number(read('Flags'));
      return true;
    }
    if (offset >= 0x68 && offset < 0x70) {
      d.DriverUnload = routineRef(this.k, read('DriverUnload'));
      return true;
    }
    if (offset >= DRIVER_OBJECT_SIZE + 8 && offset < DRIVER_OBJECT_SIZE + 0x10) {
      d.DriverExtension.AddDevice = routineRef(this.k, read('AddDevice', '_DRIVER_EXTENSION', DRIVER_OBJECT_SIZE));
      return true;
    }
    return false;
  }

  // ---- device objects ----------------------------------------------------

  private device(h: ObjectHeader, w: StructWriter): void {
    const dev = this.k.io.state.devices[h.id];
    if (!dev) return;
    const body = addr(h.Address);
    const doe = body + BigInt(DEVICE_OBJECT_SIZE);
    const driver = this.k.io.state.drivers[dev.DriverObject];
    w.set('Type', IO_TYPE_DEVICE)
      .set('Size', DEVICE_OBJECT_SIZE)
      .set('ReferenceCount', dev.ReferenceCount)
      .set('DriverObject', this.objectAddress(dev.DriverObject))
      .set('NextDevice', this.objectAddress(dev.NextDevice))
      .set('AttachedDevice', this.objectAddress(dev.AttachedDevice))
      .set('Flags', dev.Flags)
      .set('Characteristics', dev.Characteristics)
      .set('DeviceType', dev.DeviceType)
      .set('StackSize', dev.StackSize)
      .set('DeviceQueue.Type', IO_TYPE_DEVICE_QUEUE)
      .set('DeviceQueue.Size', 0x28)
      .emptyList('DeviceQueue.DeviceListHead')
      .set('DeviceLock.Header.Type', 1)
      .set('DeviceLock.Header.Size', 6)
      .set('DeviceLock.Header.SignalState', 1)
      .emptyList('DeviceLock.Header.WaitListHead')
      .set('DeviceObjectExtension', doe);
    const x = new StructWriter(this.db, 'nt', '_DEVOBJ_EXTENSION', w.out, w.base + DEVICE_OBJECT_SIZE, doe);
    const dn = dev.DeviceNode === null ? null : this.k.pnp.state.devnodes[dev.DeviceNode];
    x.set('Type', IO_TYPE_DEVICE_OBJECT_EXTENSION)
      .set('DeviceObject', body)
      .set('PowerFlags', devicePowerFlags(dev.PowerState))
      .set('ExtensionFlags', DOE_DEFAULT_SD_PRESENT | (driver?.UnloadPending ? DOE_UNLOAD_PENDING : 0))
      .set('DeviceNode', dn?.Address ? addr(dn.Address) : 0n)
      .set('AttachedTo', this.objectAddress(dev.AttachedTo))
      .emptyList('DependentList')
      .emptyList('ProviderList');
  }

  private writeDevice(h: ObjectHeader, offset: number, body: Uint8Array): boolean {
    const dev = this.k.io.state.devices[h.id];
    if (!dev) return false;
    const read = (path: string) => readField(this.db, 'nt', '_DEVICE_OBJECT', body, 0, path) ?? 0n;
    if (offset >= 0x4 && offset < 0x8) dev.ReferenceCount = Number(BigInt.asIntN(32, read('ReferenceCount')));
    else if (offset >= 0x30 && offset < 0x34) dev.Flags = Number(read('Flags'));
    else if (offset >= 0x34 && offset < 0x38) dev.Characteristics = Number(read('Characteristics'));
    else if (offset >= 0x48 && offset < 0x4c) dev.DeviceType = Number(read('DeviceType'));
    else if (offset === 0x4c) dev.StackSize = Number(BigInt.asIntN(8, read('StackSize')));
    else return false;
    return true;
  }

  // ---- file objects --------------------------------------------------------

  private file(h: ObjectHeader, w: StructWriter): void {
    const f = this.k.io.state.files[h.id];
    if (!f) return;
    const access = f.Access ?? 0;
    const share = f.ShareAccess ?? 0;
    const nameAt = h.Buffers['FileName'];
    w.set('Type', IO_TYPE_FILE)
      .set('Size', 0xd8)
      .set('DeviceObject', this.objectAddress(f.Device || null))
      .set('FsContext', typeof f.FsContext === 'string' && /^[0-9a-f]{16}$/.test(f.FsContext) ? BigInt('0x' + f.FsContext) : 0n)
      .set('FsContext2', typeof f.FsContext2 === 'string' && /^[0-9a-f]{16}$/.test(f.FsContext2) ? BigInt('0x' + f.FsContext2) : 0n)
      .set('DeletePending', f.DeletePending ?? false)
      .set('ReadAccess', (access & FILE_READ_DATA) !== 0)
      .set('WriteAccess', (access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) !== 0)
      .set('DeleteAccess', (access & DELETE) !== 0)
      .set('SharedRead', (share & FILE_SHARE_READ) !== 0)
      .set('SharedWrite', (share & FILE_SHARE_WRITE) !== 0)
      .set('SharedDelete', (share & FILE_SHARE_DELETE) !== 0)
      .set('Flags', f.Flags ?? 0x40002)
      .set('CurrentByteOffset.QuadPart', f.CurrentByteOffset ?? 0)
      .set('Lock.Header.Type', 1)
      .set('Lock.Header.Size', 6)
      .emptyList('Lock.Header.WaitListHead')
      .set('Event.Header.Size', 6)
      .emptyList('Event.Header.WaitListHead')
      .emptyList('IrpList');
    if (nameAt !== undefined && f.FileName) w.unicode('FileName', f.FileName, addr(nameAt));
  }

  // ---- IRPs and other buffers ---------------------------------------------

  blocks(space: SpaceId, emit: (block: MemoryBlock) => void): void {
    if (space !== 'kernel') return;
    for (const irp of Object.values(this.k.io.state.irps)) {
      const size = IRP_SIZE + irp.StackCount * STACK_LOCATION_SIZE;
      let bytes: Uint8Array | null = null;
      emit({
        start: addr(irp.Address),
        size,
        what: '_IRP',
        render: (offset, out) => out.set((bytes ??= this.renderIrp(irp, size)).subarray(offset, offset + out.length)),
        write: (offset, data) => this.writeIrp(irp, size, offset, data),
      });
    }
    for (const f of Object.values(this.k.io.state.files)) {
      const at = this.k.ob.get(f.id)?.Buffers['FileName'];
      if (at !== undefined && f.FileName) emit(textBlock(addr(at), f.FileName, 'FileName'));
    }
    for (const m of Object.values(this.k.fileIo.state.mdls)) {
      const at = addr(m.address);
      let bytes: Uint8Array | null = null;
      emit({
        start: at,
        size: 0x30,
        what: '_MDL',
        render: (offset, out) => {
          bytes ??= this.renderMdl(m.address);
          out.set(bytes.subarray(offset, offset + out.length));
        },
      });
    }
    for (const d of Object.values(this.k.io.state.drivers)) {
      const h = this.k.ob.get(d.id);
      if (!h) continue;
      for (const [purpose, text] of [
        ['DriverName', d.DriverName],
        ['ServiceKeyName', d.DriverExtension.ServiceKeyName],
      ] as const) {
        const at = h.Buffers[purpose];
        if (at !== undefined) emit(textBlock(addr(at), text, purpose));
      }
    }
    const hw = this.k.images.symbolAddress('nt!CmRegistryMachineHardwareDescriptionSystemName');
    if (hw !== null) {
      const text = '\\REGISTRY\\MACHINE\\HARDWARE\\DESCRIPTION\\SYSTEM';
      emit({
        start: hw,
        size: 0x10 + (text.length + 1) * 2,
        what: 'nt!CmRegistryMachineHardwareDescriptionSystemName',
        render: (offset, out) => {
          const b = new Uint8Array(0x10 + (text.length + 1) * 2);
          new StructWriter(this.db, 'nt', '_UNICODE_STRING', b, 0, hw)
            .set('Length', text.length * 2)
            .set('MaximumLength', text.length * 2 + 2)
            .set('Buffer', hw + 0x10n);
          b.set(utf16z(text), 0x10);
          out.set(b.subarray(offset, offset + out.length));
        },
      });
    }
  }

  /** _MDL: the user range it describes, the process, and the system mapping once made. */
  private renderMdl(at: string): Uint8Array {
    const out = new Uint8Array(0x30);
    const m = this.k.fileIo.state.mdls[at];
    if (!m) return out;
    const va = addr(m.va);
    const process = typeof m.process === 'number' ? this.k.ps.process(m.process) : undefined;
    const MDL_PAGES_LOCKED = 0x2;
    const MDL_MAPPED_TO_SYSTEM_VA = 0x1;
    const MDL_WRITE_OPERATION = 0x10;
    const pages = Math.ceil((Number(va & 0xfffn) + m.byteCount) / 0x1000) || 1;
    new StructWriter(this.db, 'nt', '_MDL', out, 0, addr(at))
      .set('Size', 0x30 + pages * 8)
      .set('MdlFlags', MDL_PAGES_LOCKED | (m.mapped ? MDL_MAPPED_TO_SYSTEM_VA : 0) | (m.operation === 1 ? MDL_WRITE_OPERATION : 0))
      .set('Process', addr(process?.eprocess))
      .set('MappedSystemVa', m.mapped ? addr(m.mapped) : 0n)
      .set('StartVa', va & ~0xfffn)
      .set('ByteCount', m.byteCount)
      .set('ByteOffset', Number(va & 0xfffn));
    return out;
  }

  /** Address of stack location `index` (0-based) of an IRP. */
  static stackLocation(irp: Irp, index: number): bigint {
    return addr(irp.Address) + BigInt(IRP_SIZE + index * STACK_LOCATION_SIZE);
  }

  private renderIrp(irp: Irp, size: number): Uint8Array {
    const out = new Uint8Array(size);
    const at = addr(irp.Address);
    const w = new StructWriter(this.db, 'nt', '_IRP', out, 0, at);
    const fileObject = irp.Origin.kind === 'user' ? irp.Origin.fileObject : null;
    w.set('Type', IO_TYPE_IRP)
      .set('Size', size)
      .set('IoStatus.Status', BigInt(irp.IoStatus.Status >>> 0))
      .set('IoStatus.Information', irp.IoStatus.Information)
      .set('RequestorMode', irp.RequestorMode ?? (irp.Origin.kind === 'user' ? 1 : 0))
      .set('PendingReturned', irp.PendingReturned)
      .set('StackCount', irp.StackCount)
      .set('CurrentLocation', irp.CurrentLocation)
      .set('Cancel', irp.Cancel)
      .set('MdlAddress', addr(irp.MdlAddress))
      .set('Flags', irp.Flags ?? 0)
      .set('AssociatedIrp.SystemBuffer', addr(irp.SystemBuffer))
      .set('UserBuffer', addr(irp.UserBuffer))
      .set('CancelRoutine', routineValue(this.k, irp.CancelRoutine ?? null))
      .set('Tail.Overlay.Thread', addr(irp.Thread))
      .set('Tail.Overlay.CurrentStackLocation', IoMemory.stackLocation(irp, irp.CurrentLocation - 1))
      .set('Tail.Overlay.OriginalFileObject', this.objectAddress(fileObject));
    this.threadListEntry(irp, w);
    irp.Stack.forEach((loc, i) => {
      const s = new StructWriter(this.db, 'nt', '_IO_STACK_LOCATION', out, IRP_SIZE + i * STACK_LOCATION_SIZE, IoMemory.stackLocation(irp, i));
      s.set('MajorFunction', loc.MajorFunction)
        .set('MinorFunction', loc.MinorFunction)
        .set('Flags', loc.Flags)
        .set('Control', loc.Control)
        .set('DeviceObject', this.objectAddress(loc.DeviceObject))
        .set('FileObject', this.objectAddress(loc.FileObject))
        .set('CompletionRoutine', routineValue(this.k, loc.CompletionRoutine))
        .set('Context', typeof loc.Context === 'string' && /^[0-9a-f]{16}$/.test(loc.Context) ? BigInt('0x' + loc.Context) : 0n);
      parameters(s, loc.MajorFunction, loc.Parameters);
    });
    return out;
  }

  /** ThreadListEntry: linked on its thread's IrpList while queued there, else pointing at itself. */
  private threadListEntry(irp: Irp, w: StructWriter): void {
    const queue = irp.Thread === null ? [] : this.k.irp.queuedOn(irp.Thread);
    const i = queue.indexOf(irp);
    if (i < 0 || irp.Thread === null) {
      w.emptyList('ThreadListEntry');
      return;
    }
    const head = addr(irp.Thread) + ETHREAD_IRP_LIST;
    const link = (j: number) => (j < 0 || j >= queue.length ? head : addr(queue[j].Address) + IRP_THREAD_LIST_ENTRY);
    w.list('ThreadListEntry', link(i + 1), link(i - 1));
  }

  private writeIrp(irp: Irp, size: number, offset: number, data: Uint8Array): boolean {
    const bytes = this.renderIrp(irp, size);
    bytes.set(data, offset);
    const read = (path: string) => readField(this.db, 'nt', '_IRP', bytes, 0, path) ?? 0n;
    const end = offset + data.length;
    let applied = false;
    if (offset < 0x38 && end > 0x30) {
      irp.IoStatus.Status = Number(BigInt.asIntN(32, read('IoStatus.Status')));
      applied = true;
    }
    if (offset < 0x40 && end > 0x38) {
      irp.IoStatus.Information = Number(read('IoStatus.Information'));
      applied = true;
    }
    if (offset <= 0x44 && end > 0x44) {
      irp.Cancel = read('Cancel') !== 0n;
      applied = true;
    }
    if (offset <= 0x41 && end > 0x41) {
      irp.PendingReturned = read('PendingReturned') !== 0n;
      applied = true;
    }
    return applied;
  }
}

/** The parameters union of a stack location, from the record's named parameters. */
function parameters(s: StructWriter, major: number, p: JsonRecord): void {
  const num = (key: string) => (typeof p[key] === 'number' ? (p[key] as number) : 0);
  switch (major) {
    case IRP_MJ_CREATE:
      s.set('Parameters.Create.Options', num('Options'))
        .set('Parameters.Create.ShareAccess', num('ShareAccess'))
        .set('Parameters.Create.FileAttributes', num('FileAttributes'));
      break;
    case IRP_MJ_QUERY_INFORMATION:
    case IRP_MJ_SET_INFORMATION:
      s.set('Parameters.QueryFile.Length', num('Length')).set('Parameters.QueryFile.FileInformationClass', num('FileInformationClass'));
      break;
    case IRP_MJ_LOCK_CONTROL:
      s.set('Parameters.LockControl.Key', num('Key')).set('Parameters.LockControl.ByteOffset.QuadPart', num('ByteOffset'));
      break;
    case IRP_MJ_READ:
    case IRP_MJ_WRITE:
      s.set('Parameters.Read.Length', num('Length')).set('Parameters.Read.ByteOffset.QuadPart', num('ByteOffset'));
      break;
    case IRP_MJ_DEVICE_CONTROL:
    case IRP_MJ_INTERNAL_DEVICE_CONTROL: {
      const t3 = p['Type3InputBuffer'];
      s.set('Parameters.DeviceIoControl.OutputBufferLength', num('OutputBufferLength'))
        .set('Parameters.DeviceIoControl.InputBufferLength', num('InputBufferLength'))
        .set('Parameters.DeviceIoControl.IoControlCode', num('IoControlCode'))
        .set('Parameters.DeviceIoControl.Type3InputBuffer', typeof t3 === 'string' && /^[0-9a-f]{1,16}$/i.test(t3) ? BigInt('0x' + t3) : 0n);
      break;
    }
    case IRP_MJ_POWER: {
      const device = p['Type'] === 'DevicePowerState';
      const state = String(p['State'] ?? '');
      s.set('Parameters.Power.Type', device ? 1 : 0)
        .set('Parameters.Power.State.SystemState', device ? (DEVICE_STATES[state] ?? 0) : (SYSTEM_STATES[state] ?? 0))
        .set('Parameters.Power.ShutdownType', POWER_ACTIONS[String(p['ShutdownType'] ?? '')] ?? 0);
      break;
    }
    default:
      break;
  }
}

/** _DEVOBJ_EXTENSION.PowerFlags: the device power state in bits 4-7 (the system state, bits 0-3, is S0). */
function devicePowerFlags(state: DevicePowerState): number {
  return ((DEVICE_STATES[state] ?? 1) << 4) | 1;
}

/** A counted string's buffer (no terminator). */
function textBlock(at: bigint, text: string, what: string): MemoryBlock {
  const bytes = utf16z(text).subarray(0, text.length * 2);
  return { start: at, size: Math.max(2, bytes.length), what, render: (offset, out) => out.set(bytes.subarray(offset, offset + out.length)) };
}
