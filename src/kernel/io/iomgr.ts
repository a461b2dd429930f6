/**
 * The I/O manager: driver and device objects, symbolic links, device stacks
 * and loaded images. IRPs are in irp.ts, create/close in fileio.ts; their
 * records live in this state too.
 */
import { dictDelete, dictGet, dictSet, newDict } from '../rtl/dict.ts';
import type { Kernel } from '../nt.ts';
import { Subsystem, kaddr } from '../subsystem.ts';
import { NT_SUCCESS, STATUS_OBJECT_TYPE_MISMATCH, STATUS_SUCCESS, type NTSTATUS } from '../status.ts';
import type { VerifierSettings } from './verifier.ts';
import { DO_DEVICE_INITIALIZING, DO_EXCLUSIVE, type DeviceObject, type DriverObject, type Irp, type Json } from './types.ts';

/** The low 32 bits of the kernel-stack region under fffff880`00000000 (256 slots of 32 KB), rounded to 64 KB. */
const KERNEL_STACKS_START = 0x02000000;
const KERNEL_STACKS_END = 0x02810000;

export interface FileObject {
  id: number;
  Address: string;
  /** The device the name resolved to (its stack's top got the IRPs): FILE_OBJECT.DeviceObject. */
  Device: number;
  /** The name left after the object-namespace parse ('\dir\file'; '' for a device opened by its name). */
  FileName: string;
  /** FO_* flags (FO_SYNCHRONOUS_IO, FO_HANDLE_CREATED, FO_CLEANUP_COMPLETE…). */
  Flags?: number;
  /** The file pointer of a file opened for synchronous I/O. */
  CurrentByteOffset?: number;
  /** Granted access (FILE_READ_DATA…) and the share access the opener allowed. */
  Access?: number;
  ShareAccess?: number;
  /** NtCreateFile's CreateOptions. */
  Options?: number;
  /** For the file system driver: its per-stream and per-open context. */
  FsContext?: Json;
  FsContext2?: Json;
  /** The device at the top of the stack the IRPs go to (a mounted file system's volume device), if not Device's own stack. */
  Target?: number | null;
  /** No file system mounted on the volume: the I/O manager serves the file from the C: store (Win32 path). */
  StorePath?: string | null;
  /** The process whose handle made it (its IRPs' requestor). */
  Process?: number;
  /** Byte-range locks granted through this file object. */
  Locks?: FileLock[];
  /** Set by FILE_DELETE_ON_CLOSE or FileDispositionInformation. */
  DeletePending?: boolean;
  /** Opened by a minifilter (FltCreateFile): its IRPs start below this altitude. */
  FltBelow?: number;
  /** Sections that reference the file object (its IRP_MJ_CLOSE waits for them). */
  SectionReferences?: number;
}

export interface FileLock {
  offset: number;
  length: number;
  key: number;
  exclusive: boolean;
}

export interface LoadedImage {
  module: string;
  file: string;
  base: string;
  size: number;
}

export interface IoState {
  drivers: Record<number, DriverObject>;
  devices: Record<number, DeviceObject>;
  irps: Record<number, Irp>;
  files: Record<number, FileObject>;
  handles: Record<number, number>;
  nextIrp: number;
  nextHandle: number;
  imageNext: number;
  images: Record<string, LoadedImage>;
  /** Where unloaded images were (MmUnloadedDrivers): a stale pointer into one still names that range. */
  unloaded?: Record<string, LoadedImage>;
  /** Driver Verifier's settings as this boot read them (see verifier.ts). */
  verifier?: VerifierSettings | null;
}

export const INVALID_REQUEST = 'nt!IopInvalidDeviceRequest';

export class IoManager extends Subsystem<IoState> {
  readonly snapshotKey = 'io';
  private readonly k: Kernel;

  constructor(k: Kernel) {
    const imageNext = 0x01000000 + k.machine.rng.int(0, 0x1f) * 0x100000;
    super({ drivers: {}, devices: {}, irps: {}, files: {}, handles: {}, nextIrp: 1, nextHandle: 4, imageNext, images: newDict() });
    this.k = k;
  }

  // ---- images -------------------------------------------------------------

  mapImage(module: string, file: string, size: number): LoadedImage {
    const existing = this.image(module);
    if (existing) return existing;
    // Kernel stacks have the 32 KB slots from fffff880`02000000 (ps.ts): an image never lands on one.
    if (this.state.imageNext < KERNEL_STACKS_END && this.state.imageNext + size > KERNEL_STACKS_START) this.state.imageNext = KERNEL_STACKS_END;
    const image = { module, file, base: kaddr('fffff880', this.state.imageNext), size };
    this.state.imageNext += (size + 0xffff) & ~0xffff;
    dictSet(this.state.images, module, image);
    this.k.images.loaded(module);
    return image;
  }

  /** The loaded image of a module, if mapped. */
  image(module: string): LoadedImage | undefined {
    return dictGet(this.state.images, module);
  }

  unmapImage(module: string): void {
    this.k.images.unloaded(module);
    const image = this.image(module);
    if (image) (this.state.unloaded ??= newDict())[module] = image;
    dictDelete(this.state.images, module);
  }

  // ---- driver objects -----------------------------------------------------

  driver(id: number): DriverObject {
    return this.state.drivers[id];
  }

  device(id: number): DeviceObject {
    return this.state.devices[id];
  }

  /** The driver object named \Driver\<name> or \FileSystem\<name>, if loaded. */
  driverByName(fullName: string): DriverObject | undefined {
    const r = this.k.ob.lookup(fullName);
    return NT_SUCCESS(r.status) ? this.state.drivers[r.id] : undefined;
  }

  createDriverObject(fullName: string, module: string, imagePath: string, serviceKeyName: string): { status: NTSTATUS; driver: DriverObject | null } {
    const r = this.k.ob.create('Driver', fullName);
    if (!NT_SUCCESS(r.status)) return { status: r.status, driver: null };
    const image = this.image(module);
    const driver: DriverObject = {
      id: r.id,
      Address: this.k.ob.get(r.id)?.Address ?? '0',
      DriverName: fullName,
      Module: module,
      ImagePath: imagePath,
      DriverStart: image?.base ?? kaddr('fffff800', 0x02a00000),
      DriverSize: image?.size ?? 0,
      MajorFunction: new Array<string>(28).fill(INVALID_REQUEST),
      DriverUnload: null,
      DriverExtension: { AddDevice: null, ServiceKeyName: serviceKeyName },
      DeviceObject: null,
      Flags: 0,
      Globals: {},
      UnloadPending: false,
    };
    this.state.drivers[r.id] = driver;
    // IopLoadDriver keeps the two names in buffers of their own (ExAllocatePool's 'None' tag).
    this.k.ob.allocateBuffer(r.id, 'DriverName', fullName.length * 2, 'None', true);
    this.k.ob.allocateBuffer(r.id, 'ServiceKeyName', serviceKeyName.length * 2, 'None', false);
    return { status: STATUS_SUCCESS, driver };
  }

  /** Free a driver object that has no devices left. */
  deleteDriverObject(driver: DriverObject): void {
    this.k.ob.delete(driver.id);
    delete this.state.drivers[driver.id];
  }

  devicesOf(driver: DriverObject): DeviceObject[] {
    const out: DeviceObject[] = [];
    for (let id = driver.DeviceObject; id !== null; id = this.state.devices[id]?.NextDevice ?? null) out.push(this.state.devices[id]);
    return out;
  }

  // ---- device objects -----------------------------------------------------

  createDevice(
    driverId: number,
    name: string | null,
    deviceType: number,
    characteristics: number,
    exclusive: boolean,
  ): { status: NTSTATUS; device: DeviceObject | null } {
    const r = this.k.ob.create('Device', name);
    if (!NT_SUCCESS(r.status)) return { status: r.status, device: null };
    const driver = this.state.drivers[driverId];
    const device: DeviceObject = {
      id: r.id,
      Address: this.k.ob.get(r.id)?.Address ?? '0',
      Name: name,
      DeviceType: deviceType,
      Characteristics: characteristics,
      Flags: DO_DEVICE_INITIALIZING | (exclusive ? DO_EXCLUSIVE : 0),
      StackSize: 1,
      DriverObject: driverId,
      NextDevice: driver.DeviceObject,
      AttachedDevice: null,
      AttachedTo: null,
      ReferenceCount: 0,
      DeviceNode: null,
      DeviceExtension: {},
      PowerState: 'PowerDeviceD0',
    };
    driver.DeviceObject = device.id;
    this.state.devices[device.id] = device;
    return { status: STATUS_SUCCESS, device };
  }

  deleteDevice(deviceId: number): void {
    const device = this.state.devices[deviceId];
    if (!device) return;
    const driver = this.state.drivers[device.DriverObject];
    if (driver) {
      if (driver.DeviceObject === deviceId) driver.DeviceObject = device.NextDevice;
      else {
        for (const d of this.devicesOf(driver)) if (d.NextDevice === deviceId) d.NextDevice = device.NextDevice;
      }
    }
    this.k.ob.delete(deviceId);
    delete this.state.devices[deviceId];
    if (driver?.UnloadPending && driver.DeviceObject === null) this.k.loader.finishUnload(driver);
  }

  attach(sourceId: number, targetId: number): DeviceObject | null {
    const source = this.state.devices[sourceId];
    const top = this.attachedTop(targetId);
    if (!source || !top) return null;
    top.AttachedDevice = sourceId;
    source.AttachedTo = top.id;
    source.StackSize = top.StackSize + 1;
    return top;
  }

  detach(lowerId: number): void {
    const lower = this.state.devices[lowerId];
    if (!lower || lower.AttachedDevice === null) return;
    const upper = this.state.devices[lower.AttachedDevice];
    if (upper) upper.AttachedTo = null;
    lower.AttachedDevice = null;
  }

  /** IoGetAttachedDevice: the top of the stack `deviceId` is in. */
  attachedTop(deviceId: number): DeviceObject | null {
    let d: DeviceObject | undefined = this.state.devices[deviceId];
    while (d && d.AttachedDevice !== null) d = this.state.devices[d.AttachedDevice];
    return d ?? null;
  }

  /** The device stack from the top down to `deviceId`'s bottom. */
  stackOf(deviceId: number): DeviceObject[] {
    const out: DeviceObject[] = [];
    let d: DeviceObject | null = this.attachedTop(deviceId);
    while (d) {
      out.push(d);
      d = d.AttachedTo === null ? null : this.state.devices[d.AttachedTo];
    }
    return out;
  }

  // ---- symbolic links -----------------------------------------------------

  createSymbolicLink(link: string, target: string): NTSTATUS {
    return this.k.ob.create('SymbolicLink', link, { Target: target }).status;
  }

  deleteSymbolicLink(link: string): NTSTATUS {
    const r = this.k.ob.lookup(link, false);
    if (!NT_SUCCESS(r.status)) return r.status;
    if (this.k.ob.get(r.id)?.Type !== 'SymbolicLink') return STATUS_OBJECT_TYPE_MISMATCH;
    this.k.ob.delete(r.id);
    return STATUS_SUCCESS;
  }
}
