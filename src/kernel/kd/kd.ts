/**
 * The kernel debugger stub (KD): whether a debugger is attached and how, the
 * breakpoints it planted, and where the machine stopped. The machine checks
 * breakpoints as each routine it simulates is entered (Ke.call reports every
 * entry here); a hit is handed to whoever records stops for the attached
 * debugger. Breakpoints are machine state (they are int 3 bytes in the target's
 * memory on real hardware), so snapshots carry them.
 */
import { Subsystem } from '../subsystem.ts';

export interface Breakpoint {
  id: number;
  /** Address (hex, 16 digits). */
  address: string;
  /** The expression as typed (bl shows it for a deferred breakpoint). */
  expression: string;
  enabled: boolean;
  /** Only in this process (EPROCESS, hex) / thread (ETHREAD, hex). */
  process: string | null;
  thread: string | null;
  /** Commands to run when it hits (bp x "k;g"). */
  command: string;
  hits: number;
  /** One-shot breakpoints (bp /1) are removed when hit. */
  oneShot: boolean;
  /**
   * A deferred (bu) breakpoint tracks its symbol, not an address: it hits wherever the
   * routine it names is loaded now, and it survives the module's unload and a restart.
   */
  deferred?: boolean;
}

/**
 * A step in progress (`t`, `p`, `gu`), at the granularity the simulation has:
 * its points are routine entries and returns into a simulated caller. `into`
 * stops at the next point; `over` at the next point no deeper than where it
 * started (a call's return, not its callees); `out` at the return of the
 * routine it started in. A step from an unknown depth (a break-in) stops at
 * the next routine entry.
 */
export interface StepRequest {
  mode: 'into' | 'over' | 'out';
  /** Call depth where the step started (-1: unknown). */
  depth: number;
  /** Only points on this thread (ETHREAD, hex); null: any. */
  thread: string | null;
}

/** Where the machine is stopped, as the debugger's processor context shows it. */
export interface KdStop {
  kind: 'breakpoint' | 'break-in' | 'bugcheck' | 'step' | 'prompt';
  /** The breakpoint that hit (null for other stops). */
  breakpoint: number | null;
  processor: number;
  /** ETHREAD / EPROCESS of the running thread (hex). */
  thread: string;
  process: string;
  /** The call stack, innermost first ('module!Function+0xoff'). */
  frames: string[];
  /** rcx, rdx, r8, r9 at the routine's entry (hex). */
  args: string[];
  irql: number;
  /** How many simulated routines deep the thread is (absent: not in simulated code, as at a break-in). */
  depth?: number;
  /** rax after a routine returned (hex), for a stop at a return. */
  ret?: string;
  /** A 'prompt' stop (DbgPrompt: Driver Verifier's question): what the target printed, and the question it asks. */
  text?: string[];
  question?: string;
}

export interface KdState {
  /** 'host': a kernel debugger on another machine (serial/1394/net); 'none': no debugger. */
  connection: 'none' | 'host';
  breakpoints: Breakpoint[];
  nextBreakpoint: number;
  /** Set while the machine is stopped in the debugger. */
  stop: KdStop | null;
  /** A step the debugger asked for, not yet completed. */
  step?: StepRequest | null;
}

/** What the stub calls when the machine must stop (the debugger link records it). */
export type StopListener = (stop: KdStop) => void;

export class KdStub extends Subsystem<KdState> {
  readonly snapshotKey = 'kd';
  /** Set by the debugger link while the machine runs under an attached debugger. */
  listener: StopListener | null = null;
  /** Where a symbol ('module!Routine') is loaded now (hex, 16 digits); null: not loaded. Set by the kernel. */
  resolve: (expression: string) => string | null = () => null;

  /** The address a breakpoint is at now: a deferred one's symbol is looked up again. */
  addressOf(b: Breakpoint): string | null {
    return b.deferred ? this.resolve(b.expression) : b.address;
  }

  constructor() {
    super({ connection: 'none', breakpoints: [], nextBreakpoint: 0, stop: null });
  }

  get attached(): boolean {
    return this.state.connection === 'host';
  }

  /** Plant a breakpoint; an existing one at the same address is replaced (as bp does), keeping its id. */
  setBreakpoint(bp: Omit<Breakpoint, 'id' | 'hits'> & { id?: number }): Breakpoint {
    const list = this.state.breakpoints;
    const same = list.find((b) => b.address === bp.address && !b.oneShot && !bp.oneShot);
    const id = bp.id ?? same?.id ?? this.freeId();
    const made: Breakpoint = { ...bp, id, hits: 0 };
    this.state.breakpoints = [...list.filter((b) => b.id !== id && b !== same), made].sort((a, b) => a.id - b.id);
    return made;
  }

  private freeId(): number {
    let id = 0;
    while (this.state.breakpoints.some((b) => b.id === id)) id++;
    return id;
  }

  clear(id: number): boolean {
    const before = this.state.breakpoints.length;
    this.state.breakpoints = this.state.breakpoints.filter((b) => b.id !== id);
    return this.state.breakpoints.length < before;
  }

  enable(id: number, on: boolean): boolean {
    const b = this.state.breakpoints.find((x) => x.id === id);
    if (!b) return false;
    b.enabled = on;
    return true;
  }

  /**
   * A routine is entered at `address` (hex) by `thread` in `process`. If an
   * enabled breakpoint matches and a debugger is attached, the machine stops.
   */
  entered(address: string, thread: string, process: string, depth: number, stop: () => Omit<KdStop, 'kind' | 'breakpoint'>): void {
    if (!this.attached || !this.listener) return;
    const hit = this.state.breakpoints.find(
      (b) => b.enabled && this.addressOf(b) === address && (b.process === null || b.process === process) && (b.thread === null || b.thread === thread),
    );
    if (hit) {
      hit.hits++;
      // A one-shot breakpoint (bp /1) is gone once it hits; the hit is reported as any other.
      if (hit.oneShot) this.state.breakpoints = this.state.breakpoints.filter((b) => b !== hit);
      this.halt({ ...stop(), kind: 'breakpoint', breakpoint: hit.id });
      return;
    }
    const step = this.state.step;
    if (step && this.stepEnds(step, thread, depth, true)) this.halt({ ...stop(), kind: 'step', breakpoint: null });
  }

  /** A routine returned into a simulated caller, leaving the thread `depth` routines deep: a step may end there. */
  returned(thread: string, depth: number, stop: () => Omit<KdStop, 'kind' | 'breakpoint'>): void {
    const step = this.state.step;
    if (!step || !this.attached || !this.listener) return;
    if (this.stepEnds(step, thread, depth, false)) this.halt({ ...stop(), kind: 'step', breakpoint: null });
  }

  private stepEnds(step: StepRequest, thread: string, depth: number, entry: boolean): boolean {
    if (step.thread !== null && step.thread !== thread) return false;
    if (step.depth < 0) return entry;
    if (step.mode === 'into') return true;
    return depth <= (step.mode === 'over' ? step.depth : step.depth - 1);
  }

  /** The debugger's user answered the question of the 'prompt' stop being reported (set by whoever records stops). */
  answer: string | null = null;

  /**
   * DbgPrompt: the target prints `stop.text` on the debugger and waits for a line typed there.
   * Returns the answer, or null when no debugger gave one (the caller then goes on as if ignored).
   */
  ask(stop: KdStop): string | null {
    if (!this.attached || !this.listener) return null;
    this.answer = null;
    this.halt(stop);
    const answer = this.answer as string | null;
    this.answer = null;
    return answer;
  }

  /** Stop the machine for the debugger (a breakpoint, a break-in, a bug check, a step's end). Any stop ends a step. */
  halt(stop: KdStop): void {
    this.state.step = null;
    this.state.stop = stop;
    try {
      this.listener?.(stop);
    } finally {
      this.state.stop = null;
    }
  }
}
