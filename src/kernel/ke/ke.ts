/**
 * Kernel executive core: the halted state after a bug check, and the frames of
 * the kernel code running right now (which module, handling which IRP) so that
 * DbgPrint and bug checks can say who did what. Frames are transient: they only
 * exist while a call is on the (simulated) stack.
 */
import type { Machine } from '../machine.ts';
import { RETURN_OFFSET } from '../mm/images.ts';
import { Subsystem } from '../subsystem.ts';
import { STATUS_ACCESS_VIOLATION } from '../status.ts';
import { BUGCHECK_NAMES, BugCheckSignal, SYSTEM_SERVICE_EXCEPTION, SYSTEM_THREAD_EXCEPTION_NOT_HANDLED, param, type BugCheckData } from './bugcheck.ts';

export interface KeState {
  halted: BugCheckData | null;
  /** Wall-clock time (ms since 1970) at virtual time 0. */
  bootTime: number;
  /** How many times this machine has booted (1 for the first boot). */
  boots: number;
  /** Virtual time at which this boot started. */
  bootedAt: number;
}

export interface Frame {
  module: string;
  irp: { major: number; minor: number; id: number } | null;
  /** The routine running ('module!Symbol'), when known. */
  routine: string | null;
  /** The routine's first arguments (rcx, rdx, r8, r9) as addresses (hex), when known. */
  args?: string[];
}

/** The frames below the simulated ones: how the current thread got into the kernel. */
export const POWER_ENTRY_FRAMES: readonly string[] = ['nt!PopIrpWorker+0x3c3', 'nt!PspSystemThreadStartup+0x5a', 'nt!KxStartSystemThread+0x16'];
/** A System worker thread (ExQueueWorkItem's work runs here). */
export const WORKER_ENTRY_FRAMES: readonly string[] = ['nt!ExpWorkerThread+0xfe', 'nt!PspSystemThreadStartup+0x5a', 'nt!KxStartSystemThread+0x16'];
const ENTRY_FRAMES: Readonly<Record<string, readonly string[]>> = {
  power: POWER_ENTRY_FRAMES,
  'system-thread': WORKER_ENTRY_FRAMES,
};

/** A return address inside `routine`: just after the call its synthetic code makes (mm/images.ts). */
export function callSite(routine: string): string {
  return `${routine}+0x${RETURN_OFFSET.toString(16)}`;
}

/** Who entered the kernel: a system worker thread or a system call from user mode. */
export type EntryKind = 'system-thread' | 'system-call';

export class Ke extends Subsystem<KeState> {
  readonly snapshotKey = 'ke';
  private readonly machine: Machine;
  private frames: Frame[] = [];
  /** Where the exception now unwinding was raised (innermost driver frame), until a guard takes it. */
  private fault: Frame | null = null;
  /** The faulting address for an exception raised in a routine (set by the kernel). */
  addressOf: (frame: Frame) => string = () => '0';
  /** Told of every routine entry (the debugger stub checks breakpoints here). */
  onEnter: ((frame: Frame) => void) | null = null;
  /** Told when a routine returns normally (its frame already popped), with what it returned: where a step may end. */
  onLeave: ((frame: Frame, result: unknown) => void) | null = null;
  /** How the current thread entered the kernel: the frames below the simulated ones, outermost last. */
  private entryFrames: readonly string[] = [];
  private entryKind: EntryKind | null = null;

  /** True while kernel work runs in a system thread (not on behalf of a system call). */
  get inSystemThread(): boolean {
    return this.entryKind === 'system-thread';
  }

  constructor(machine: Machine, bootTime: number) {
    super({ halted: null, bootTime, boots: 1, bootedAt: machine.clock.now() });
    this.machine = machine;
  }

  get current(): Frame | null {
    return this.frames[this.frames.length - 1] ?? null;
  }

  /** Run code of `module` (optionally for an IRP) with a frame pushed. */
  call<T>(module: string, irp: Frame['irp'], fn: () => T, routine: string | null = null, args?: string[]): T {
    const frame: Frame = args ? { module, irp, routine, args } : { module, irp, routine };
    this.frames.push(frame);
    let left = false;
    try {
      this.onEnter?.(frame);
      const result = fn();
      this.frames.pop();
      left = true;
      this.onLeave?.(frame, result);
      return result;
    } catch (err) {
      if (!(err instanceof BugCheckSignal) && this.fault === null) {
        this.fault = this.innermostDriverFrame();
        // The exception is raised in the innermost frame; the kernel's handler then bug checks.
        this.crashStack = ['nt!KeBugCheckEx', 'nt!KiBugCheckDispatch+0x69', 'nt!KiPageFault+0x23a', ...this.stack().map((f, i) => (i === 0 ? callSite(f) : f))];
      }
      throw err;
    } finally {
      if (!left) this.frames.pop();
    }
  }

  /** How many simulated routines are on the current thread's stack. */
  get depth(): number {
    return this.frames.length;
  }

  private innermostDriverFrame(): Frame | null {
    for (let i = this.frames.length - 1; i >= 0; i--) if (this.frames[i].module !== 'nt') return this.frames[i];
    return null;
  }

  bugCheck(code: number, p1: number | string, p2: number | string, p3: number | string, p4: number | string, module?: string | null): never {
    const blamed = module === undefined ? this.blame() : module;
    this.crashStack = ['nt!KeBugCheckEx', ...this.stack().map((f, i) => (i === 0 ? callSite(f) : f))];
    throw new BugCheckSignal({
      code,
      name: BUGCHECK_NAMES[code] ?? `BUGCODE_0x${code.toString(16)}`,
      params: [param(p1), param(p2), param(p3), param(p4)],
      module: blamed,
    });
  }

  /** The innermost non-kernel module on the stack. */
  private blame(): string | null {
    return this.innermostDriverFrame()?.module ?? null;
  }

  /**
   * Entry point into the kernel. A bug check halts the machine; any other
   * exception raised by driver code becomes the bug check Windows would show
   * for an unhandled exception in that context. Returns null when halted.
   */
  guard<T>(kind: EntryKind, fn: () => T, entry?: readonly string[]): T | null {
    if (this.state.halted) return null;
    const depth = this.frames.length;
    const outer = this.entryFrames;
    const outerKind = this.entryKind;
    if (depth === 0) {
      this.entryFrames = entry ?? ENTRY_FRAMES[kind] ?? [];
      this.entryKind = kind;
    }
    this.fault = null;
    try {
      return fn();
    } catch (err) {
      let data: BugCheckData;
      if (err instanceof BugCheckSignal) data = err.data;
      else {
        const frame = this.fault ?? this.innermostDriverFrame();
        const module = frame?.module ?? null;
        const at = frame ? this.addressOf(frame) : '0';
        const code = kind === 'system-thread' ? SYSTEM_THREAD_EXCEPTION_NOT_HANDLED : SYSTEM_SERVICE_EXCEPTION;
        data = {
          code,
          name: BUGCHECK_NAMES[code],
          params: [param(STATUS_ACCESS_VIOLATION), param(at), param('fffff88002f1c6a8'), kind === 'system-thread' ? param('fffff88002f1bf00') : param(0)],
          module,
        };
      }
      this.frames.length = depth;
      this.fault = null;
      this.state.halted = data;
      this.bugChecked?.(data, this.crashStack);
      this.crashStack = [];
      this.machine.events.emit('kernel.bugCheck', { code: data.code, name: data.name, params: [...data.params], module: data.module });
      return null;
    } finally {
      this.entryFrames = outer;
      this.entryKind = outerKind;
    }
  }

  /**
   * Run `fn` on another stack: a DPC on the processor's idle thread while the current thread
   * waits. It gets frames and an entry of its own; the waiting thread's are put back after.
   */
  onOtherStack<T>(kind: EntryKind, entry: readonly string[], fn: () => T): T | null {
    const frames = this.frames;
    const entryFrames = this.entryFrames;
    const entryKind = this.entryKind;
    const fault = this.fault;
    this.frames = [];
    this.entryFrames = [];
    this.entryKind = null;
    try {
      return this.guard(kind, fn, entry);
    } finally {
      this.frames = frames;
      this.entryFrames = entryFrames;
      this.entryKind = entryKind;
      this.fault = fault;
    }
  }

  /** Told when the machine halts with a bug check (the debugger stub stops there first). */
  bugChecked: ((data: BugCheckData, stack: readonly string[]) => void) | null = null;
  /** The call stack when the bug check was raised (innermost first), until the guard takes it. */
  private crashStack: string[] = [];

  /** The current thread's call stack, innermost first: the routine being entered, its callers, then how the thread entered the kernel. */
  stack(): string[] {
    const out: string[] = [];
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const r = this.frames[i].routine ?? `${this.frames[i].module}!DriverEntry`;
      out.push(i === this.frames.length - 1 ? r : callSite(r));
    }
    return [...out, ...this.entryFrames];
  }
}
