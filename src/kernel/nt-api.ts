/**
 * What ntoskrnl exports to drivers: the routines sample drivers call, under
 * their Windows names. Pointers in driver code are object ids in the machine's
 * state; `device(id)` / `driverObject(id)` dereference them.
 */
import type { Kernel } from './nt.ts';
import type { DbgComponent } from './rtl/dbgprint.ts';
import { DPFLTR_INFO_LEVEL } from './rtl/dbgprint.ts';
import type { NTSTATUS } from './status.ts';
import { KernelException, kernelRead, kernelWrite, probe } from './mm/access.ts';
import type { DeviceObject, DriverObject, IoStackLocation, Irp, Json, PowerState } from './io/types.ts';
import type { FileObject } from './io/iomgr.ts';

export const EventCategoryDeviceInterfaceChange = 2;
export const PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES = 0x1;

export class Nt {
  private readonly k: Kernel;

  constructor(k: Kernel) {
    this.k = k;
  }

  /** Run `fn` as the routine `ref` ('module!Symbol'); KMDF calls client callbacks this way. */
  frame<T>(ref: string, irp: Irp | null, fn: () => T, args?: string[]): T {
    const loc = irp ? irp.Stack[irp.CurrentLocation - 1] : undefined;
    const module = ref.split('!')[0].toLowerCase();
    return this.k.ke.call(module, irp && loc ? { major: loc.MajorFunction, minor: loc.MinorFunction, id: irp.id } : null, fn, ref, args);
  }

  /** Dereference an IRP pointer kept as an id (e.g. in a completion context). */
  irp(id: number): Irp | undefined {
    return this.k.io.state.irps[id];
  }

  /** Dereference a FILE_OBJECT pointer (an IRP stack location's FileObject). */
  fileObject(id: number): FileObject | undefined {
    return this.k.io.state.files[id];
  }

  device(id: number): DeviceObject {
    return this.k.io.device(id);
  }

  driverObject(id: number): DriverObject {
    return this.k.io.driver(id);
  }

  IoCreateDevice(
    driver: DriverObject,
    name: string | null,
    deviceType: number,
    characteristics: number,
    exclusive: boolean,
  ): { status: NTSTATUS; device: DeviceObject | null } {
    return this.k.io.createDevice(driver.id, name, deviceType, characteristics, exclusive);
  }

  IoDeleteDevice(device: DeviceObject): void {
    this.k.io.deleteDevice(device.id);
  }

  IoCreateSymbolicLink(link: string, target: string): NTSTATUS {
    return this.k.io.createSymbolicLink(link, target);
  }

  IoDeleteSymbolicLink(link: string): NTSTATUS {
    return this.k.io.deleteSymbolicLink(link);
  }

  IoAttachDeviceToDeviceStack(source: DeviceObject, target: DeviceObject): DeviceObject | null {
    return this.k.io.attach(source.id, target.id);
  }

  IoDetachDevice(lower: DeviceObject): void {
    this.k.io.detach(lower.id);
  }

  IoCallDriver(device: DeviceObject, irp: Irp): NTSTATUS {
    return this.k.irp.call(device.id, irp);
  }

  /** Windows 7: PoCallDriver is IoCallDriver for power IRPs. */
  PoCallDriver(device: DeviceObject, irp: Irp): NTSTATUS {
    return this.k.irp.call(device.id, irp);
  }

  /** No-op since Vista (kept so drivers read like drivers). */
  PoStartNextPowerIrp(irp: Irp): void {
    void irp;
  }

  IoCompleteRequest(irp: Irp, priorityBoost: number): void {
    void priorityBoost;
    this.k.irp.complete(irp);
  }

  IoGetCurrentIrpStackLocation(irp: Irp): IoStackLocation {
    return this.k.irp.current(irp);
  }

  IoGetNextIrpStackLocation(irp: Irp): IoStackLocation {
    return this.k.irp.next(irp);
  }

  IoSkipCurrentIrpStackLocation(irp: Irp): void {
    this.k.irp.skip(irp);
  }

  IoCopyCurrentIrpStackLocationToNext(irp: Irp): void {
    this.k.irp.copyToNext(irp);
  }

  IoSetCompletionRoutine(irp: Irp, routine: string, context: Json, onSuccess: boolean, onError: boolean, onCancel: boolean): void {
    this.k.irp.setCompletionRoutine(irp, routine, context, onSuccess, onError, onCancel);
  }

  IoMarkIrpPending(irp: Irp): void {
    this.k.irp.markPending(irp);
  }

  PoRequestPowerIrp(pdo: DeviceObject, minor: number, state: PowerState, completion: string | null, context: Json): NTSTATUS {
    return this.k.po.requestPowerIrp(pdo.id, minor, state, completion, context);
  }

  PoSetPowerState(device: DeviceObject, state: PowerState): void {
    if (state.type === 'DevicePowerState') this.k.po.setDevicePowerState(device.id, state.state);
  }

  IoRegisterPlugPlayNotification(
    category: number,
    flags: number,
    guid: string,
    driver: DriverObject,
    routine: string,
    context: Json,
  ): { status: NTSTATUS; entry: number } {
    return this.k.interfaces.registerNotification(category, flags, guid, driver.id, routine, context);
  }

  IoUnregisterPlugPlayNotificationEx(entry: number): NTSTATUS {
    return this.k.interfaces.unregisterNotification(entry);
  }

  IoRegisterDeviceInterface(pdo: DeviceObject, guid: string): { status: NTSTATUS; link: string } {
    return this.k.interfaces.register(pdo.id, guid);
  }

  IoSetDeviceInterfaceState(link: string, enable: boolean): NTSTATUS {
    return this.k.interfaces.setState(link, enable);
  }

  /** CmRegisterCallbackEx: the routine is called after registry changes (this model reports post-operation notifications). */
  CmRegisterCallbackEx(routine: string, altitude: string, driver: DriverObject, context: Json): { status: NTSTATUS; cookie: number } {
    const cm = this.k.cm.state;
    const cookie = cm.nextCookie++;
    cm.callbacks[cookie] = { cookie, routine, altitude, context, driver: driver.id };
    return { status: 0, cookie };
  }

  CmUnRegisterCallback(cookie: number): NTSTATUS {
    const cm = this.k.cm.state;
    if (!cm.callbacks[cookie]) return 0xc000000d;
    delete cm.callbacks[cookie];
    return 0;
  }

  /** DbgPrint: DbgPrintEx(DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL, ...). */
  DbgPrint(text: string): void {
    this.DbgPrintEx('DEFAULT', DPFLTR_INFO_LEVEL, text);
  }

  DbgPrintEx(component: DbgComponent, level: number, text: string): void {
    const frame = this.k.ke.current;
    this.k.rtl.print(component, level, text, this.k.machine.clock.now(), frame?.module ?? 'nt', frame?.irp ?? null);
  }

  /** A registry value's data (REG_SZ text, REG_DWORD number), or null; the driver's own key path ('\\REGISTRY\\MACHINE\\…'). */
  ZwQueryValueKey(keyPath: string, valueName: string): string | number | null {
    const v = this.k.cm.value(keyPath, valueName);
    if (!v) return null;
    return typeof v.data === 'string' || typeof v.data === 'number' ? v.data : null;
  }

  // ---- buffers, cancel, timers (the user-mode API layer's IRPs) ----------------

  /** A driver dereferences a pointer: `length` bytes at `address` (user or kernel), with the faults Windows gives. */
  ReadMemory(address: string, length: number): Uint8Array {
    return kernelRead(this.k, address, length);
  }

  WriteMemory(address: string, data: Uint8Array): void {
    kernelWrite(this.k, address, data);
  }

  ProbeForRead(address: string, length: number, alignment: number): void {
    probe(this.k, address, length, alignment, false);
  }

  ProbeForWrite(address: string, length: number, alignment: number): void {
    probe(this.k, address, length, alignment, true);
  }

  /** __try { body } __except (EXCEPTION_EXECUTE_HANDLER) { handler(code) }. */
  SehTry<T>(body: () => T, handler: (code: NTSTATUS) => T): T {
    try {
      return body();
    } catch (err) {
      if (err instanceof KernelException) return handler(err.status);
      throw err;
    }
  }

  /** MmGetSystemAddressForMdlSafe: a system address for the MDL's pages (hex), or null. */
  MmGetSystemAddressForMdlSafe(mdl: string | null, priority = 0): string | null {
    void priority;
    return mdl ? this.k.fileIo.mapMdl(mdl) : null;
  }

  /** IoSetCancelRoutine: set (or clear with null) the IRP's cancel routine; returns the previous one. */
  IoSetCancelRoutine(irp: Irp, routine: string | null): string | null {
    const old = irp.CancelRoutine;
    irp.CancelRoutine = routine;
    return old;
  }

  IoCancelIrp(irp: Irp): boolean {
    return this.k.fileIo.cancelIrp(irp);
  }

  /** The cancel spin lock: taken by the I/O manager before a cancel routine runs; the routine releases it. */
  IoAcquireCancelSpinLock(): number {
    return this.k.timers.irql;
  }

  IoReleaseCancelSpinLock(irql: number): void {
    void irql;
  }

  /** KeSetTimer with a DPC: `ms` from now, `dpc` ('module!Symbol') runs with `context` at DISPATCH_LEVEL. */
  KeSetTimer(ms: number, dpc: string, context: Json): number {
    return this.k.timers.set(ms, dpc, context);
  }

  /** IoQueueWorkItem: `routine` ('module!Symbol') runs with `context` on a System worker thread, at PASSIVE_LEVEL, soon after. */
  IoQueueWorkItem(routine: string, context: Json): number {
    return this.k.timers.queueWork(routine, context);
  }

  KeCancelTimer(timer: number): boolean {
    return this.k.timers.cancel(timer);
  }

  KeGetCurrentIrql(): number {
    return this.k.timers.irql;
  }

  KeBugCheckEx(code: number, p1: number | string, p2: number | string, p3: number | string, p4: number | string): never {
    return this.k.ke.bugCheck(code, p1, p2, p3, p4);
  }
}
