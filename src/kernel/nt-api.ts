/**
 * What ntoskrnl exports to drivers: the routines sample drivers call, under
 * their Windows names. Pointers in driver code are object ids in the machine's
 * state; `device(id)` / `driverObject(id)` dereference them.
 */
import type { Kernel } from './nt.ts';
import type { DbgComponent } from './rtl/dbgprint.ts';
import { DPFLTR_INFO_LEVEL } from './rtl/dbgprint.ts';
import type { NTSTATUS } from './status.ts';
import type { DeviceObject, DriverObject, IoStackLocation, Irp, Json, PowerState } from './io/types.ts';

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

  device(id: number): DeviceObject {
    return this.k.io.device(id);
  }

  driverObject(id: number): DriverObject {
    return this.k.io.driver(id);
  }

  IoCreateDevice(driver: DriverObject, name: string | null, deviceType: number, characteristics: number, exclusive: boolean): { status: NTSTATUS; device: DeviceObject | null } {
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

  IoRegisterPlugPlayNotification(category: number, flags: number, guid: string, driver: DriverObject, routine: string, context: Json): { status: NTSTATUS; entry: number } {
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

  KeBugCheckEx(code: number, p1: number | string, p2: number | string, p3: number | string, p4: number | string): never {
    return this.k.ke.bugCheck(code, p1, p2, p3, p4);
  }
}

