/**
 * The I/O manager: driver and device objects, symbolic links, device stacks,
 * IRPs (IoCallDriver, completion routines, IoCompleteRequest) and
 * create/close through the object namespace.
 */
import type { Kernel } from '../nt.ts';
import { Subsystem, kaddr } from '../subsystem.ts';
import {
  NT_SUCCESS,
  STATUS_ACCESS_DENIED,
  STATUS_INVALID_DEVICE_REQUEST,
  STATUS_INVALID_HANDLE,
  STATUS_MORE_PROCESSING_REQUIRED,
  STATUS_NO_SUCH_DEVICE,
  STATUS_OBJECT_NAME_NOT_FOUND,
  STATUS_OBJECT_TYPE_MISMATCH,
  STATUS_PENDING,
  STATUS_SUCCESS,
  type NTSTATUS,
} from '../status.ts';
import { MULTIPLE_IRP_COMPLETE_REQUESTS, NO_MORE_IRP_STACK_LOCATIONS } from '../ke/bugcheck.ts';
import {
  DO_DEVICE_INITIALIZING,
  DO_EXCLUSIVE,
  IRP_MJ_CLEANUP,
  IRP_MJ_CLOSE,
  IRP_MJ_CREATE,
  IRP_MJ_POWER,
  SL_INVOKE_ON_CANCEL,
  SL_INVOKE_ON_ERROR,
  SL_INVOKE_ON_SUCCESS,
  SL_PENDING_RETURNED,
  majorName,
  minorName,
  type DeviceObject,
  type DriverObject,
  type IoStackLocation,
  type Irp,
  type IrpOrigin,
  type Json,
  type JsonRecord,
} from './types.ts';

export interface FileObject {
  id: number;
  Address: string;
  /** The device the name resolved to (its stack's top got the IRPs). */
  Device: number;
  FileName: string;
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
}

export const INVALID_REQUEST = 'nt!IopInvalidDeviceRequest';

function emptyLocation(): IoStackLocation {
  return { MajorFunction: 0, MinorFunction: 0, Flags: 0, Control: 0, DeviceObject: null, FileObject: null, Parameters: {}, CompletionRoutine: null, Context: null };
}

export class IoManager extends Subsystem<IoState> {
  readonly snapshotKey = 'io';
  private readonly k: Kernel;

  constructor(k: Kernel) {
    const imageNext = 0x01000000 + k.machine.rng.int(0, 0x1f) * 0x100000;
    super({ drivers: {}, devices: {}, irps: {}, files: {}, handles: {}, nextIrp: 1, nextHandle: 4, imageNext, images: {} });
    this.k = k;
  }

  // ---- images -------------------------------------------------------------

  mapImage(module: string, file: string, size: number): LoadedImage {
    const existing = this.state.images[module];
    if (existing) return existing;
    const image = { module, file, base: kaddr('fffff880', this.state.imageNext), size };
    this.state.imageNext += (size + 0xffff) & ~0xffff;
    this.state.images[module] = image;
    return image;
  }

  unmapImage(module: string): void {
    delete this.state.images[module];
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
    const image = this.state.images[module];
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

  createDevice(driverId: number, name: string | null, deviceType: number, characteristics: number, exclusive: boolean): { status: NTSTATUS; device: DeviceObject | null } {
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

  // ---- IRPs ---------------------------------------------------------------

  allocateIrp(stackSize: number, origin: IrpOrigin): Irp {
    const id = this.state.nextIrp++;
    const irp: Irp = {
      id,
      Address: this.k.ob.allocatePool(0xd0 + stackSize * 0x48),
      StackCount: stackSize,
      CurrentLocation: stackSize + 1,
      Stack: Array.from({ length: stackSize }, emptyLocation),
      IoStatus: { Status: STATUS_SUCCESS, Information: 0 },
      PendingReturned: false,
      Cancel: false,
      Origin: origin,
      Completed: false,
    };
    this.state.irps[id] = irp;
    return irp;
  }

  freeIrp(irp: Irp): void {
    delete this.state.irps[irp.id];
  }

  current(irp: Irp): IoStackLocation {
    return irp.Stack[irp.CurrentLocation - 1];
  }

  next(irp: Irp): IoStackLocation {
    const loc = irp.Stack[irp.CurrentLocation - 2];
    if (!loc) this.k.ke.bugCheck(NO_MORE_IRP_STACK_LOCATIONS, irp.Address, 0, 0, 0);
    return loc;
  }

  /** IoCallDriver: move to the next stack location and call the device's driver. */
  callDriver(deviceId: number, irp: Irp): NTSTATUS {
    irp.CurrentLocation--;
    if (irp.CurrentLocation <= 0) this.k.ke.bugCheck(NO_MORE_IRP_STACK_LOCATIONS, irp.Address, 0, 0, 0);
    const loc = this.current(irp);
    loc.DeviceObject = deviceId;
    const device = this.state.devices[deviceId];
    const driver = this.state.drivers[device.DriverObject];
    const routine = driver.MajorFunction[loc.MajorFunction] || INVALID_REQUEST;
    const power = loc.MajorFunction === IRP_MJ_POWER ? powerText(loc.Parameters) : null;
    this.k.machine.events.emit('kernel.irp', {
      driver: driver.DriverName,
      major: majorName(loc.MajorFunction),
      minor: loc.MajorFunction === IRP_MJ_POWER || loc.MajorFunction === 0x1b ? minorName(loc.MajorFunction, loc.MinorFunction) : null,
      device: device.Name ?? device.Address,
      power,
    });
    return this.k.invoke.dispatch(routine, device, irp);
  }

  /** IoCompleteRequest: run completion routines from the current location upward. */
  completeRequest(irp: Irp): void {
    if (irp.Completed || irp.CurrentLocation > irp.StackCount + 1) {
      this.k.ke.bugCheck(MULTIPLE_IRP_COMPLETE_REQUESTS, irp.Address, 0xeae, 0, 0);
    }
    while (irp.CurrentLocation <= irp.StackCount) {
      const loc = this.current(irp);
      irp.PendingReturned = (loc.Control & SL_PENDING_RETURNED) !== 0;
      const routine = loc.CompletionRoutine;
      const context = loc.Context;
      const control = loc.Control;
      const upperIndex = irp.CurrentLocation; // Stack index of the location above (0-based)
      Object.assign(loc, emptyLocation());
      irp.CurrentLocation++;
      const s = irp.IoStatus.Status;
      const wanted = irp.Cancel ? control & SL_INVOKE_ON_CANCEL : NT_SUCCESS(s) ? control & SL_INVOKE_ON_SUCCESS : control & SL_INVOKE_ON_ERROR;
      if (routine && wanted) {
        const upper = upperIndex < irp.StackCount ? irp.Stack[upperIndex].DeviceObject : null;
        const result = this.k.invoke.completion(routine, upper === null ? null : this.state.devices[upper] ?? null, irp, context);
        if (result === STATUS_MORE_PROCESSING_REQUIRED) return;
      } else if (irp.PendingReturned && irp.CurrentLocation <= irp.StackCount) {
        this.current(irp).Control |= SL_PENDING_RETURNED;
      }
    }
    irp.Completed = true;
    this.k.irpCompleted(irp);
  }

  /** IoSetCompletionRoutine: in the next-lower location. */
  setCompletionRoutine(irp: Irp, routine: string, context: Json, onSuccess: boolean, onError: boolean, onCancel: boolean): void {
    const loc = this.next(irp);
    loc.CompletionRoutine = routine;
    loc.Context = context;
    loc.Control = (onSuccess ? SL_INVOKE_ON_SUCCESS : 0) | (onError ? SL_INVOKE_ON_ERROR : 0) | (onCancel ? SL_INVOKE_ON_CANCEL : 0);
  }

  copyToNext(irp: Irp): void {
    const cur = this.current(irp);
    const next = this.next(irp);
    Object.assign(next, structuredClone(cur), { CompletionRoutine: null, Context: null, Control: 0 });
  }

  skip(irp: Irp): void {
    irp.CurrentLocation++;
  }

  markPending(irp: Irp): void {
    this.current(irp).Control |= SL_PENDING_RETURNED;
  }

  // ---- create / close through the namespace -------------------------------

  /** NtCreateFile on a device path (\??\SwLegacy, \Device\Null): sends IRP_MJ_CREATE. */
  open(path: string): { status: NTSTATUS; handle: number } {
    const r = this.k.ob.lookup(path);
    if (!NT_SUCCESS(r.status)) return { status: r.status, handle: 0 };
    const header = this.k.ob.get(r.id);
    if (header?.Type !== 'Device') return { status: header?.Type === 'Directory' ? STATUS_OBJECT_TYPE_MISMATCH : STATUS_OBJECT_NAME_NOT_FOUND, handle: 0 };
    const device = this.state.devices[r.id];
    const driver = this.state.drivers[device.DriverObject];
    if (device.Flags & DO_DEVICE_INITIALIZING || driver.UnloadPending) return { status: STATUS_NO_SUCH_DEVICE, handle: 0 };
    if (device.Flags & DO_EXCLUSIVE && device.ReferenceCount > 0) return { status: STATUS_ACCESS_DENIED, handle: 0 };
    const fileId = this.k.ob.create('File', null).id;
    const file: FileObject = { id: fileId, Address: this.k.ob.get(fileId)?.Address ?? '0', Device: device.id, FileName: '' };
    this.state.files[fileId] = file;
    const status = this.sendFileIrp(file, IRP_MJ_CREATE);
    if (!NT_SUCCESS(status)) {
      this.k.ob.delete(fileId);
      delete this.state.files[fileId];
      return { status, handle: 0 };
    }
    device.ReferenceCount++;
    const handle = this.state.nextHandle;
    this.state.nextHandle += 4;
    this.state.handles[handle] = fileId;
    return { status, handle };
  }

  /** NtClose: IRP_MJ_CLEANUP then IRP_MJ_CLOSE; a deferred unload may finish here. */
  close(handle: number): NTSTATUS {
    const fileId = this.state.handles[handle];
    if (fileId === undefined) return STATUS_INVALID_HANDLE;
    delete this.state.handles[handle];
    const file = this.state.files[fileId];
    this.sendFileIrp(file, IRP_MJ_CLEANUP);
    this.sendFileIrp(file, IRP_MJ_CLOSE);
    const device = this.state.devices[file.Device];
    this.k.ob.delete(fileId);
    delete this.state.files[fileId];
    if (device) {
      device.ReferenceCount--;
      const driver = this.state.drivers[device.DriverObject];
      if (driver?.UnloadPending && this.devicesOf(driver).every((d) => d.ReferenceCount === 0)) this.k.loader.finishUnload(driver);
    }
    return STATUS_SUCCESS;
  }

  private sendFileIrp(file: FileObject, major: number): NTSTATUS {
    const top = this.attachedTop(file.Device);
    if (!top) return STATUS_NO_SUCH_DEVICE;
    const irp = this.allocateIrp(top.StackSize, { kind: 'user', fileObject: file.id });
    const loc = this.next(irp);
    loc.MajorFunction = major;
    loc.FileObject = file.id;
    let status = this.callDriver(top.id, irp);
    if (status === STATUS_PENDING) status = irp.Completed ? irp.IoStatus.Status : STATUS_PENDING;
    else if (!irp.Completed) status = irp.IoStatus.Status;
    this.freeIrp(irp);
    return status;
  }
}

/** 'S3' / 'D0' for a power IRP's Parameters.Power. */
export function powerText(p: JsonRecord): string | null {
  const state = p['State'];
  if (typeof state !== 'string') return null;
  const m = /PowerSystem(Working|Sleeping(\d)|Hibernate|Shutdown)|PowerDevice(D\d)/.exec(state);
  if (!m) return state;
  if (m[3]) return m[3];
  if (m[1] === 'Working') return 'S0';
  if (m[2]) return 'S' + m[2];
  return m[1] === 'Hibernate' ? 'S4' : 'S5';
}

/** Is an IRP status the default 'invalid request' answer? */
export function isInvalidRequest(status: NTSTATUS): boolean {
  return status === STATUS_INVALID_DEVICE_REQUEST;
}
