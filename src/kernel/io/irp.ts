/**
 * IRPs: allocation with stack locations, IoCallDriver, completion routines
 * and IoCompleteRequest (with bug checks 0x35 and 0x44 for the classic
 * mistakes). IRPs live in the I/O manager's state as plain records.
 */
import type { Kernel } from '../nt.ts';
import { NT_SUCCESS, STATUS_MORE_PROCESSING_REQUIRED, STATUS_SUCCESS, type NTSTATUS } from '../status.ts';
import { MULTIPLE_IRP_COMPLETE_REQUESTS, NO_MORE_IRP_STACK_LOCATIONS } from '../ke/bugcheck.ts';
import {
  IRP_MJ_PNP,
  IRP_MJ_POWER,
  SL_INVOKE_ON_CANCEL,
  SL_INVOKE_ON_ERROR,
  SL_INVOKE_ON_SUCCESS,
  SL_PENDING_RETURNED,
  majorName,
  minorName,
  type IoStackLocation,
  type Irp,
  type IrpOrigin,
  type Json,
  type JsonRecord,
} from './types.ts';
import { INVALID_REQUEST } from './iomgr.ts';
import { checkDispatchReturn } from './verifier.ts';

function emptyLocation(): IoStackLocation {
  return {
    MajorFunction: 0,
    MinorFunction: 0,
    Flags: 0,
    Control: 0,
    DeviceObject: null,
    FileObject: null,
    Parameters: {},
    CompletionRoutine: null,
    Context: null,
  };
}

export class IrpEngine {
  private readonly k: Kernel;

  constructor(k: Kernel) {
    this.k = k;
  }

  // ---- IRPs ---------------------------------------------------------------

  allocate(stackSize: number, origin: IrpOrigin): Irp {
    const id = this.k.io.state.nextIrp++;
    const irp: Irp = {
      id,
      Address: this.k.ob.allocatePool(0xd0 + stackSize * 0x48, 'Irp ', `irp:${id}`),
      StackCount: stackSize,
      CurrentLocation: stackSize + 1,
      Stack: Array.from({ length: stackSize }, emptyLocation),
      IoStatus: { Status: STATUS_SUCCESS, Information: 0 },
      PendingReturned: false,
      Cancel: false,
      Origin: origin,
      Completed: false,
      Flags: 0,
      RequestorMode: 0,
      SystemBuffer: null,
      MdlAddress: null,
      UserBuffer: null,
      Thread: null,
      CancelRoutine: null,
      ExtraCreateParameters: null,
    };
    this.k.io.state.irps[id] = irp;
    return irp;
  }

  /**
   * The IRPs on a thread's IrpList (IoQueueThreadIrp: a request a program made on that thread,
   * until it completes), head first: each is inserted at the head, so the newest comes first.
   */
  queuedOn(ethread: string): Irp[] {
    return Object.values(this.k.io.state.irps)
      .filter((i) => i.Origin.kind === 'user' && !i.Completed && i.Thread === ethread)
      .sort((a, b) => b.id - a.id);
  }

  free(irp: Irp): void {
    this.k.ob.freePool(irp.Address);
    delete this.k.io.state.irps[irp.id];
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
  call(deviceId: number, irp: Irp): NTSTATUS {
    irp.CurrentLocation--;
    if (irp.CurrentLocation <= 0) this.k.ke.bugCheck(NO_MORE_IRP_STACK_LOCATIONS, irp.Address, 0, 0, 0);
    const loc = this.current(irp);
    loc.DeviceObject = deviceId;
    const device = this.k.io.state.devices[deviceId];
    const driver = this.k.io.state.drivers[device.DriverObject];
    const routine = driver.MajorFunction[loc.MajorFunction] || INVALID_REQUEST;
    const power = loc.MajorFunction === IRP_MJ_POWER ? powerText(loc.Parameters) : null;
    this.k.machine.events.emit('kernel.irp', {
      driver: driver.DriverName,
      major: majorName(loc.MajorFunction),
      minor: loc.MajorFunction === IRP_MJ_POWER || loc.MajorFunction === IRP_MJ_PNP ? minorName(loc.MajorFunction, loc.MinorFunction) : null,
      device: device.Name ?? device.Address,
      power,
    });
    return this.k.ke.call(
      'nt',
      null,
      () => {
        const status = this.k.invoke.dispatch(routine, device, irp);
        checkDispatchReturn(this.k, driver, device, routine, irp, loc, status);
        return status;
      },
      'nt!IofCallDriver',
      [device.Address, irp.Address],
    );
  }

  /** IoCompleteRequest: run completion routines from the current location upward. */
  complete(irp: Irp): void {
    this.k.ke.call('nt', null, () => this.completeIrp(irp), 'nt!IofCompleteRequest', [irp.Address]);
  }

  private completeIrp(irp: Irp): void {
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
        const result = this.k.invoke.completion(routine, upper === null ? null : (this.k.io.state.devices[upper] ?? null), irp, context);
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
}

/** 'S3' / 'D0' for a power IRP's Parameters.State. */
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
