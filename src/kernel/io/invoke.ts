/**
 * Calling driver code. Routines are named 'module!Symbol' in the machine's
 * state; this resolves them in the module table and runs them with a kernel
 * frame pushed. Calling into a module whose image is no longer loaded is bug
 * check 0xCE, as on Windows when a driver leaves a callback behind at unload.
 */
import type { Kernel } from '../nt.ts';
import {
  ATTEMPTED_EXECUTE_OF_NOEXECUTE_MEMORY,
  DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS,
  KMODE_EXCEPTION_NOT_HANDLED,
  PAGE_FAULT_IN_NONPAGED_AREA,
} from '../ke/bugcheck.ts';
import { KERNEL_START } from '../mm/memory.ts';
import type { NTSTATUS } from '../status.ts';
import { kaddr } from '../subsystem.ts';
import { moduleCode } from '../drivers/modules.ts';
import { moduleSymbols } from '../mm/images.ts';
import type { DeviceObject, DriverObject, Irp, IoStatus, Json, ModuleCode, NotificationInfo, PowerState } from './types.ts';

type Tables = Required<
  Pick<ModuleCode, 'dispatch' | 'unload' | 'addDevice' | 'completion' | 'powerCompletion' | 'notification' | 'registry' | 'cancel' | 'dpc' | 'workItem'>
>;
export type RoutineKind = keyof Tables;

/**
 * The address of a routine named 'module!Symbol': from the loaded image's
 * symbol table (one source with the debugger's). A module no longer loaded
 * keeps its symbol's offset on a zero base, as a stale pointer into freed
 * image space would.
 */
export function routineAddress(k: Kernel, ref: string): string {
  const at = k.images.symbolAddress(ref);
  if (at !== null) return at.toString(16).padStart(16, '0');
  const [module, symbol = ''] = ref.split('!');
  const rva = moduleSymbols(module).find((s) => s.name === symbol)?.rva ?? 0x1000;
  const gone = k.io.state.unloaded?.[module.toLowerCase()];
  if (gone) return (BigInt('0x' + gone.base) + BigInt(rva)).toString(16).padStart(16, '0');
  return kaddr('fffff800', rva);
}

export class Invoker {
  private readonly k: Kernel;

  constructor(k: Kernel) {
    this.k = k;
  }

  /**
   * A call through a pointer that is no routine (a debugger wrote it): the
   * processor executes whatever is there, and Windows stops as it would.
   */
  private wildCall(ref: string): never {
    const at = BigInt('0x' + ref.slice(1));
    const hex = at.toString(16).padStart(16, '0');
    if (at < KERNEL_START) this.k.ke.bugCheck(KMODE_EXCEPTION_NOT_HANDLED, 'c0000005', hex, 8, hex);
    const inImage = this.k.images.modules().some((m) => at >= m.base && at < m.base + BigInt(m.size));
    if (inImage) this.k.ke.bugCheck(KMODE_EXCEPTION_NOT_HANDLED, 'c000001d', hex, 0, 0);
    if (this.k.mm.readable('kernel', at)) this.k.ke.bugCheck(ATTEMPTED_EXECUTE_OF_NOEXECUTE_MEMORY, hex, '8000000000000963', 0, 0);
    this.k.ke.bugCheck(PAGE_FAULT_IN_NONPAGED_AREA, hex, 8, hex, 0);
  }

  private resolve<K extends RoutineKind>(kind: K, ref: string): { module: string; fn: Tables[K][string] } {
    if (ref.startsWith('*')) this.wildCall(ref);
    const [moduleName, symbol] = ref.split('!');
    const module = moduleName.toLowerCase();
    const code = moduleCode(module);
    const loaded = module === 'nt' || module === 'wdf01000' ? true : this.k.io.image(module) !== undefined;
    if (!code || !loaded) {
      const at = routineAddress(this.k, ref);
      this.k.ke.bugCheck(DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS, at, 8, at, 0, module);
    }
    const table = code[kind] as Tables[K] | undefined;
    const fn = table?.[symbol];
    if (!fn) throw new TypeError(`${ref}: no such routine`);
    return { module, fn: fn as Tables[K][string] };
  }

  private frameIrp(irp: Irp | null): { major: number; minor: number; id: number } | null {
    if (!irp) return null;
    const loc = irp.Stack[irp.CurrentLocation - 1];
    return loc ? { major: loc.MajorFunction, minor: loc.MinorFunction, id: irp.id } : null;
  }

  dispatch(ref: string, device: DeviceObject, irp: Irp): NTSTATUS {
    const { module, fn } = this.resolve('dispatch', ref);
    return this.k.ke.call(module, this.frameIrp(irp), () => fn(this.k.nt, device, irp), ref, [device.Address, irp.Address]);
  }

  completion(ref: string, device: DeviceObject | null, irp: Irp, context: Json): NTSTATUS {
    const { module, fn } = this.resolve('completion', ref);
    return this.k.ke.call(module, this.frameIrp(irp), () => fn(this.k.nt, device, irp, context), ref, [device?.Address ?? '0', irp.Address]);
  }

  unload(ref: string, driver: DriverObject): void {
    const { module, fn } = this.resolve('unload', ref);
    this.k.ke.call(module, null, () => fn(this.k.nt, driver), ref, [driver.Address]);
  }

  addDevice(ref: string, driver: DriverObject, pdo: DeviceObject): NTSTATUS {
    const { module, fn } = this.resolve('addDevice', ref);
    return this.k.ke.call(module, null, () => fn(this.k.nt, driver, pdo), ref, [driver.Address, pdo.Address]);
  }

  powerCompletion(ref: string, device: DeviceObject, minor: number, state: PowerState, context: Json, status: IoStatus): void {
    const { module, fn } = this.resolve('powerCompletion', ref);
    this.k.ke.call(module, null, () => fn(this.k.nt, device, minor, state, context, status), ref);
  }

  notification(ref: string, info: NotificationInfo, context: Json): NTSTATUS {
    const { module, fn } = this.resolve('notification', ref);
    return this.k.ke.call(module, null, () => fn(this.k.nt, info, context), ref);
  }

  registry(ref: string, context: Json, op: string, info: { path: string; value: string | null }): NTSTATUS {
    const { module, fn } = this.resolve('registry', ref);
    return this.k.ke.call(module, null, () => fn(this.k.nt, context, op, info), ref);
  }

  cancel(ref: string, device: DeviceObject, irp: Irp): void {
    const { module, fn } = this.resolve('cancel', ref);
    this.k.ke.call(module, this.frameIrp(irp), () => fn(this.k.nt, device, irp), ref, [device.Address, irp.Address]);
  }

  dpc(ref: string, context: Json, args?: string[]): void {
    const { module, fn } = this.resolve('dpc', ref);
    this.k.ke.call(module, null, () => fn(this.k.nt, context), ref, args);
  }

  /** A work item's routine, on the System worker thread that dequeued it (PASSIVE_LEVEL). */
  workItem(ref: string, context: Json): void {
    const { module, fn } = this.resolve('workItem', ref);
    this.k.ke.call(module, null, () => fn(this.k.nt, context), ref);
  }

  driverEntry(module: ModuleCode, driver: DriverObject, registryPath: string): NTSTATUS {
    const entry = module.DriverEntry;
    if (!entry) throw new TypeError(`${module.name}: no DriverEntry`);
    return this.k.ke.call(module.name, null, () => entry(this.k.nt, driver, registryPath), `${module.name}!DriverEntry`, [driver.Address]);
  }
}
