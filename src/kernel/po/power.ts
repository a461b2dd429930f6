/**
 * The power manager: system sleep and resume. System power IRPs (S-IRPs) go
 * to the top of every PnP device stack in the device tree (children before
 * parents going down, parents first coming back up); each stack's power policy
 * owner turns them into device power IRPs (D-IRPs) with PoRequestPowerIrp.
 * Nothing here walks driver objects: a driver with no device in the tree, like
 * a legacy software driver, is simply never asked.
 */
import type { Kernel } from '../nt.ts';
import { Subsystem } from '../subsystem.ts';
import { NT_SUCCESS, STATUS_PENDING, STATUS_SUCCESS, type NTSTATUS } from '../status.ts';
import { DRIVER_POWER_STATE_FAILURE } from '../ke/bugcheck.ts';
import { DeviceNodeStarted, type DevNode } from '../pnp/devnode.ts';
import {
  IRP_MJ_POWER,
  IRP_MN_QUERY_POWER,
  IRP_MN_SET_POWER,
  SYSTEM_STATE_SHORT,
  type DevicePowerState,
  type Irp,
  type Json,
  type PowerState,
  type SystemPowerState,
} from '../io/types.ts';

export interface PoState {
  system: SystemPowerState;
  /** Completed sleep cycles since boot. */
  cycles: number;
  lastSleep: { target: string; slept: number; resumed: number } | null;
}

export interface SleepResult {
  status: 'resumed' | 'vetoed' | 'halted';
  target: SystemPowerState;
  /** Virtual ms when the system entered the sleep state and when it was back in S0. */
  sleptAt: number;
  resumedAt: number;
  vetoedBy: string | null;
}

/** How long Windows waits for a blocked power IRP before bug check 0x9F/3 (ms). */
export const POWER_IRP_WATCHDOG_MS = 10 * 60 * 1000;

export class PowerManager extends Subsystem<PoState> {
  readonly snapshotKey = 'po';
  private readonly k: Kernel;

  constructor(k: Kernel) {
    super({ system: 'PowerSystemWorking', cycles: 0, lastSleep: null });
    this.k = k;
  }

  /** Stacks that get system power IRPs: started devnodes with a PDO. */
  private stacks(): DevNode[] {
    return this.k.pnp.ordered().filter((dn) => dn.State === DeviceNodeStarted && dn.Pdo !== null);
  }

  /** Send one system power IRP to a devnode's stack and wait for it. */
  private systemIrp(dn: DevNode, minor: number, state: SystemPowerState): NTSTATUS {
    const io = this.k.io;
    const pdo = dn.Pdo === null ? null : io.device(dn.Pdo);
    const top = pdo ? io.attachedTop(pdo.id) : null;
    if (!pdo || !top) return STATUS_SUCCESS;
    const irp = this.k.irp.allocate(top.StackSize, {
      kind: 'power',
      requester: null,
      device: pdo.id,
      context: null,
      minor,
      state: { type: 'SystemPowerState', state },
    });
    const loc = this.k.irp.next(irp);
    loc.MajorFunction = IRP_MJ_POWER;
    loc.MinorFunction = minor;
    loc.Parameters = { Type: 'SystemPowerState', State: state, ShutdownType: state === 'PowerSystemWorking' ? 'PowerActionNone' : 'PowerActionSleep' };
    this.k.irp.call(top.id, irp);
    return this.wait(irp, pdo.Address);
  }

  /** A power IRP must complete; one still blocked when the watchdog fires is bug check 0x9F/3. */
  private wait(irp: Irp, pdoAddress: string): NTSTATUS {
    if (!irp.Completed) {
      this.k.machine.clock.advance(POWER_IRP_WATCHDOG_MS);
      this.k.ke.bugCheck(DRIVER_POWER_STATE_FAILURE, 3, pdoAddress, 'fffff80000b9c3d8', irp.Address);
    }
    const status = irp.IoStatus.Status;
    this.k.irp.free(irp);
    return status;
  }

  /** PoRequestPowerIrp: a D-IRP (or S-IRP) to the top of the PDO's stack; `completion` runs when it completes. */
  requestPowerIrp(pdoId: number, minor: number, state: PowerState, completion: string | null, context: Json): NTSTATUS {
    const io = this.k.io;
    const top = io.attachedTop(pdoId);
    if (!top) return STATUS_SUCCESS;
    const irp = this.k.irp.allocate(top.StackSize, { kind: 'power', requester: completion, device: pdoId, context, minor, state });
    const loc = this.k.irp.next(irp);
    loc.MajorFunction = IRP_MJ_POWER;
    loc.MinorFunction = minor;
    loc.Parameters = { Type: state.type, State: state.state };
    this.k.irp.call(top.id, irp);
    return STATUS_PENDING;
  }

  /** Called by the kernel when a power IRP it handed out completes. */
  completed(irp: Irp): void {
    if (irp.Origin.kind !== 'power' || irp.Origin.requester === null) return;
    const origin = irp.Origin;
    const requester = origin.requester;
    if (requester === null) return;
    const status = { ...irp.IoStatus };
    this.k.irp.free(irp);
    this.k.invoke.powerCompletion(requester, this.k.io.device(origin.device), origin.minor, origin.state, origin.context, status);
  }

  setDevicePowerState(deviceId: number, state: DevicePowerState): void {
    const d = this.k.io.device(deviceId);
    if (d) d.PowerState = state;
  }

  /** One sleep/resume cycle (what pwrtest /sleep asks for). `sleepMs` is the time spent asleep. */
  sleep(target: SystemPowerState, sleepMs: number): SleepResult {
    const k = this.k;
    const clock = k.machine.clock;
    const order = this.stacks();
    const down = [...order].reverse();
    const result: SleepResult = { status: 'resumed', target, sleptAt: 0, resumedAt: 0, vetoedBy: null };
    // Query: any stack may refuse.
    const queried: DevNode[] = [];
    for (const dn of down) {
      const status = this.systemIrp(dn, IRP_MN_QUERY_POWER, target);
      if (!NT_SUCCESS(status)) {
        const top = dn.Pdo === null ? null : k.io.attachedTop(dn.Pdo);
        const driver = top ? k.io.driver(top.DriverObject).DriverName : dn.InstancePath;
        k.machine.events.emit('po.sleepVetoed', { state: SYSTEM_STATE_SHORT[target], driver });
        for (const q of queried) this.systemIrp(q, IRP_MN_SET_POWER, 'PowerSystemWorking');
        return { ...result, status: 'vetoed', vetoedBy: driver };
      }
      queried.push(dn);
    }
    for (const dn of down) this.systemIrp(dn, IRP_MN_SET_POWER, target);
    this.state.system = target;
    clock.advance(250);
    result.sleptAt = clock.now();
    k.machine.events.emit('po.systemPowerState', { state: SYSTEM_STATE_SHORT[target] });
    clock.advance(sleepMs);
    this.state.system = 'PowerSystemWorking';
    for (const dn of order) this.systemIrp(dn, IRP_MN_SET_POWER, 'PowerSystemWorking');
    clock.advance(1500);
    result.resumedAt = clock.now();
    this.state.cycles++;
    this.state.lastSleep = { target: SYSTEM_STATE_SHORT[target], slept: result.sleptAt, resumed: result.resumedAt };
    k.machine.events.emit('po.systemPowerState', { state: 'S0' });
    return result;
  }
}
