/**
 * Calling driver code. Routines are named 'module!Symbol' in the machine's
 * state; this resolves them in the module table and runs them with a kernel
 * frame pushed. Calling into a module whose image is no longer loaded is bug
 * check 0xCE, as on Windows when a driver leaves a callback behind at unload.
 */
import type { Kernel } from '../nt.ts';
import { DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS } from '../ke/bugcheck.ts';
import type { NTSTATUS } from '../status.ts';
import { kaddr } from '../subsystem.ts';
import { MODULES } from '../drivers/modules.ts';
import { NT_BASE, NT_SYMBOLS } from '../ke/ntsyms.ts';
import type { DeviceObject, DriverObject, Irp, IoStatus, Json, ModuleCode, NotificationInfo, PowerState } from './types.ts';

type Tables = Required<Pick<ModuleCode, 'dispatch' | 'unload' | 'addDevice' | 'completion' | 'powerCompletion' | 'notification' | 'registry'>>;
export type RoutineKind = keyof Tables;

/** A stable pseudo-address for a routine inside its image. */
export function routineAddress(k: Kernel, ref: string): string {
  const [module, symbol = ''] = ref.split('!');
  if (module.toLowerCase() === 'nt') {
    const known = NT_SYMBOLS.find(([name]) => name === symbol);
    if (known) return (NT_BASE + BigInt(known[1])).toString(16).padStart(16, '0');
  }
  const image = k.io.state.images[module.toLowerCase()];
  let h = 0;
  for (const ch of symbol) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  const size = image?.size ?? 0x5e0000;
  const base = image ? parseInt(image.base.slice(8), 16) : module === 'nt' ? 0x02a5d000 : 0;
  const high = image ? image.base.slice(0, 8) : 'fffff800';
  return kaddr(high, base + 0x1000 + ((h % Math.max(0x1000, size - 0x1000)) & ~0xf));
}

export class Invoker {
  private readonly k: Kernel;

  constructor(k: Kernel) {
    this.k = k;
  }

  private resolve<K extends RoutineKind>(kind: K, ref: string): { module: string; fn: Tables[K][string] } {
    const [moduleName, symbol] = ref.split('!');
    const module = moduleName.toLowerCase();
    const code = MODULES[module];
    const loaded = module === 'nt' || module === 'wdf01000' ? true : this.k.io.state.images[module] !== undefined;
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

  driverEntry(module: ModuleCode, driver: DriverObject, registryPath: string): NTSTATUS {
    const entry = module.DriverEntry;
    if (!entry) throw new TypeError(`${module.name}: no DriverEntry`);
    return this.k.ke.call(module.name, null, () => entry(this.k.nt, driver, registryPath), `${module.name}!DriverEntry`, [driver.Address]);
  }
}
