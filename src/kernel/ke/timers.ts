/**
 * Kernel timers with DPCs (KeSetTimer / KeCancelTimer) on the virtual clock,
 * and the IRQL the current processor runs at. A DPC runs at DISPATCH_LEVEL
 * in whatever thread the processor was running (an arbitrary context); here
 * that is the idle thread, in the System process. Due timers fire when the
 * kernel is next entered, or when a waiting thread lets time pass.
 */
import type { Kernel } from '../nt.ts';
import { Subsystem } from '../subsystem.ts';
import type { Json } from '../io/types.ts';
import { BugCheckSignal } from './bugcheck.ts';
import { WORKER_ENTRY_FRAMES } from './ke.ts';

export const PASSIVE_LEVEL = 0;
export const APC_LEVEL = 1;
export const DISPATCH_LEVEL = 2;

export interface KTimer {
  id: number;
  /** Virtual ms at which it expires. */
  due: number;
  /** The DPC routine ('module!Symbol') and its context. */
  dpc: string;
  context: Json;
  /** Module that set it (an unloaded module's timer is bug check 0xCE when it fires). */
  owner: string;
  /** A queued work item (IoQueueWorkItem), not a timer: it runs on a System worker thread at PASSIVE_LEVEL. */
  work?: boolean;
}

export interface TimerState {
  timers: Record<number, KTimer>;
  next: number;
}

export class Timers extends Subsystem<TimerState> {
  readonly snapshotKey = 'timers';
  private readonly k: Kernel;
  /** The IRQL the code running now runs at. */
  irql = PASSIVE_LEVEL;

  constructor(k: Kernel) {
    super({ timers: {}, next: 1 });
    this.k = k;
  }

  /** KeSetTimer: `ms` from now; returns the timer's id. */
  set(ms: number, dpc: string, context: Json): number {
    const id = this.state.next++;
    this.state.timers[id] = { id, due: this.k.machine.clock.now() + Math.max(0, ms), dpc, context, owner: dpc.split('!')[0].toLowerCase() };
    return id;
  }

  /**
   * IoQueueWorkItem: a System worker thread runs `routine` at PASSIVE_LEVEL as soon as it is
   * scheduled, which here is when the kernel next lets due work run (a wait, the next command).
   */
  queueWork(routine: string, context: Json): number {
    const id = this.set(0, routine, context);
    this.state.timers[id].work = true;
    return id;
  }

  /** KeCancelTimer: true when it was still queued. */
  cancel(id: number): boolean {
    const was = this.state.timers[id] !== undefined;
    delete this.state.timers[id];
    return was;
  }

  pending(): KTimer[] {
    return Object.values(this.state.timers).sort((a, b) => a.due - b.due || a.id - b.id);
  }

  /** Fire every timer that is due now (clock unchanged). */
  runDue(): void {
    for (let n = 0; n < 1000; n++) {
      const t = this.pending()[0];
      if (!t || t.due > this.k.machine.clock.now()) return;
      this.fire(t);
    }
  }

  /**
   * A thread waits until `done()`: time passes to each next timer, which fires, until the
   * wait is satisfied or nothing is left that could satisfy it. True when satisfied.
   */
  waitUntil(done: () => boolean, limit = 1000): boolean {
    for (let n = 0; n < limit && !done() && !this.k.halted; n++) {
      const t = this.pending()[0];
      if (!t) break;
      const now = this.k.machine.clock.now();
      if (t.due > now) this.k.machine.clock.advance(t.due - now);
      this.fire(t);
    }
    return done();
  }

  private fire(t: KTimer): void {
    delete this.state.timers[t.id];
    if (t.work) {
      this.k.ke.onOtherStack('system-thread', ['nt!IopProcessWorkItem+0x5f', ...WORKER_ENTRY_FRAMES], () => this.k.invoke.workItem(t.dpc, t.context));
      return;
    }
    this.k.ke.onOtherStack('system-thread', ['nt!KiTimerExpiration+0x1ed', 'nt!KiRetireDpcList+0x1bc', 'nt!KiIdleLoop+0x5a'], () =>
      this.atDispatch(() => this.k.invoke.dpc(t.dpc, t.context, [hexOf(t.id)])),
    );
  }

  /** Run `fn` at DISPATCH_LEVEL. */
  atDispatch<T>(fn: () => T): T {
    const old = this.irql;
    this.irql = DISPATCH_LEVEL;
    try {
      const r = fn();
      this.irql = old;
      return r;
    } catch (err) {
      // A bug check stops the processor at the IRQL it ran at (the dump records it).
      if (!(err instanceof BugCheckSignal)) this.irql = old;
      throw err;
    }
  }
}

function hexOf(id: number): string {
  return (0xfffffa8000f00000n + BigInt(id) * 0x40n).toString(16).padStart(16, '0');
}
