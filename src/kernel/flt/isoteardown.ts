/**
 * The isolation filter's own remove lock. IO_REMOVE_LOCK lives in a device
 * extension, and a minifilter has none, so the sample builds the same thing
 * from an ERESOURCE per instance: every code path that keeps using the
 * instance's control blocks (here, a byte-range lock request pended in the
 * isolated view) holds it shared; InstanceTeardownStart completes the
 * operations in flight, then takes it exclusive, and only then frees the
 * control blocks. Parameters\TeardownLock = 0 builds the sample without it:
 * teardown frees the control blocks while a pended request still waits in
 * one, and that request is never completed.
 */
import { STATUS_CANCELLED, type NTSTATUS } from '../status.ts';
import type { JsonRecord } from '../io/types.ts';
import type { FileLockState } from '../fs/locks.ts';
import type { Flt } from './fltapi.ts';
import { filterManagerOfApi } from './fltmgr.ts';
import {
  FLTFL_INSTANCE_TEARDOWN_FILTER_UNLOAD,
  FLTFL_INSTANCE_TEARDOWN_MANUAL,
  FLTFL_INSTANCE_TEARDOWN_VOLUME_DISMOUNT,
  type FltInstanceRecord,
  type FltRelatedObjects,
} from './types.ts';

/** An operation the filter pended (its IRP id), with the instance and control block it keeps using. */
interface PendedOperation {
  instance: number;
  key: string;
}

/** The ERESOURCE's state: how many paths hold it shared, per instance id. */
function globalsOf(flt: Flt): { shared: Record<string, number>; pended: Record<string, PendedOperation> } {
  const g = flt.filterGlobals('IsoFilter');
  const table = (name: string): JsonRecord => {
    const v = g[name];
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v;
    const fresh: JsonRecord = {};
    g[name] = fresh;
    return fresh;
  };
  return { shared: table('rundownShared') as unknown as Record<string, number>, pended: table('pended') as unknown as Record<string, PendedOperation> };
}

/** The sample built with its remove lock (Parameters\TeardownLock, 1 by default)? */
export function teardownLockBuilt(flt: Flt): boolean {
  return flt.serviceParameter('IsoFilter', 'TeardownLock') !== 0;
}

/** ExAcquireResourceSharedLite for an operation the filter pends: it keeps the control block `key` in use. */
export function holdForPendedOperation(flt: Flt, instance: FltInstanceRecord, irp: number, key: string): void {
  const g = globalsOf(flt);
  g.shared[String(instance.id)] = (g.shared[String(instance.id)] ?? 0) + 1;
  g.pended[String(irp)] = { instance: instance.id, key };
}

/** Complete a pended operation and release its shared hold (ExReleaseResourceLite). */
export function completePended(flt: Flt, irp: number, status: NTSTATUS): void {
  const g = globalsOf(flt);
  const op = g.pended[String(irp)];
  if (op) {
    delete g.pended[String(irp)];
    g.shared[String(op.instance)] = Math.max(0, (g.shared[String(op.instance)] ?? 0) - 1);
  }
  flt.FltCompletePendedPreOperation(irp, status);
}

/** Operations in flight that hold an instance's rundown shared. */
export function sharedHolders(flt: Flt, instance: number): number {
  return globalsOf(flt).shared[String(instance)] ?? 0;
}

const REASONS: Record<number, string> = {
  [FLTFL_INSTANCE_TEARDOWN_MANUAL]: 'FLTFL_INSTANCE_TEARDOWN_MANUAL',
  [FLTFL_INSTANCE_TEARDOWN_FILTER_UNLOAD]: 'FLTFL_INSTANCE_TEARDOWN_FILTER_UNLOAD',
  [FLTFL_INSTANCE_TEARDOWN_VOLUME_DISMOUNT]: 'FLTFL_INSTANCE_TEARDOWN_VOLUME_DISMOUNT',
};

interface ControlBlock {
  owner?: number;
  locks: FileLockState;
}

/**
 * InstanceTeardownStart. With the remove lock: complete the instance's pended operations
 * (each releases its shared hold), acquire the ERESOURCE exclusive (no holder is left), free the
 * control blocks the instance made. Without it: free them at once.
 */
export function teardownStart(flt: Flt, objects: FltRelatedObjects, reason: number, files: Record<string, ControlBlock>): void {
  const i = objects.Instance;
  const g = globalsOf(flt);
  const locked = teardownLockBuilt(flt);
  const inFlight = Object.entries(g.pended).filter(([, op]) => op.instance === i.id);
  flt.DbgPrint(`IsoFilter: InstanceTeardownStart: ${i.Name} on ${i.Volume} (${REASONS[reason] ?? reason}), ${inFlight.length} operation(s) in flight\n`);
  let cancelled = 0;
  if (locked) {
    for (const [irp, op] of inFlight) {
      const block = files[op.key];
      if (block) block.locks.waiting = block.locks.waiting.filter((w) => w.irp !== Number(irp));
      completePended(flt, Number(irp), STATUS_CANCELLED);
      cancelled++;
    }
    flt.DbgPrint(`IsoFilter: ${i.Name}: ExAcquireResourceExclusiveLite: ${sharedHolders(flt, i.id)} shared holder(s) left, control blocks can go\n`);
  }
  const freed = Object.keys(files).filter((key) => files[key].owner === i.id);
  for (const key of freed) delete files[key];
  flt.DbgPrint(`IsoFilter: ${i.Name}: ${freed.length} control block(s) freed\n`);
  const fm = filterManagerOfApi(flt);
  fm?.kernel.machine.events.emit('isofilter.teardown', {
    instance: i.Name,
    volume: i.Volume,
    reason,
    teardownLock: locked,
    inFlight: inFlight.length,
    cancelledFirst: cancelled,
    leftInFlight: inFlight.length - cancelled,
    freed: freed.length,
  });
}

export function teardownComplete(flt: Flt, objects: FltRelatedObjects): void {
  flt.DbgPrint(`IsoFilter: InstanceTeardownComplete: ${objects.Instance.Name} on ${objects.Instance.Volume}\n`);
}

declare module '../../base/events.ts' {
  interface LabEventMap {
    /** IsoFilter tore an instance down: what was in flight, what it completed before freeing its control blocks. */
    'isofilter.teardown': {
      instance: string;
      volume: string;
      reason: number;
      teardownLock: boolean;
      inFlight: number;
      cancelledFirst: number;
      leftInFlight: number;
      freed: number;
    };
  }
}
