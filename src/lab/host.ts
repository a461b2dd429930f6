/**
 * A host debugger attached to the lab machine over a kernel connection: the
 * second pane of a two-pane lab. It owns run control.
 *
 * The machine runs a console command synchronously, so a stop in the middle
 * of one is recorded, not suspended: while the command runs under the
 * attached debugger, every stop (a breakpoint hit, a bug check) is captured
 * as a snapshot of the whole machine with the stub's stop record. The
 * debugger then looks at each stop in turn through a frozen copy of the
 * machine (`g` moves to the next; after the last, the command's output is
 * released to the console and the machine runs on). What the debugger
 * changes at a stop (breakpoints, memory) is an action timed to that stop:
 * the command is run again from the checkpoint taken before it, with the
 * actions applied when it reaches their stops. The machine is deterministic,
 * so the stops before the change come out the same.
 */
import type { Program, ProgramHost } from '../base/program.ts';
import type { LabEvent } from '../base/events.ts';
import '../debugger/events.ts';
import type { Machine, MachineSnapshot } from '../kernel/machine.ts';
import { bootWindows, kernelOf, type Kernel } from '../kernel/nt.ts';
import { Machine as MachineClass } from '../kernel/machine.ts';
import type { KdStop, StepRequest } from '../kernel/kd/kd.ts';
import { threadFrames } from '../kernel/ps/ps.ts';
import { Debugger } from '../debugger/debugger.ts';
import { LiveTarget, debugTime } from '../debugger/live/target.ts';
import { versionLines } from '../debugger/commands/misc.ts';
import type { TargetBreakpoint, TargetControl } from '../debugger/target.ts';
import { searchPathLines } from '../debugger/session.ts';

/** What the debugger changed at a stop, to apply again when a re-run reaches it. */
type Action =
  | { kind: 'set'; bp: Parameters<TargetControl['setBreakpoint']>[0] }
  | { kind: 'clear'; id: number }
  | { kind: 'enable'; id: number; on: boolean }
  | { kind: 'write'; address: bigint; data: Uint8Array; process: string | null }
  | { kind: 'step'; step: StepRequest }
  | { kind: 'answer'; text: string };

interface Recorded {
  readonly stop: KdStop;
  readonly snapshot: MachineSnapshot;
  /** How many of the command's events had happened at the stop. */
  readonly events: number;
}

/** A console command that stopped in the debugger and has not finished from the student's point of view. */
interface HeldCommand {
  readonly checkpoint: MachineSnapshot;
  readonly programState: unknown;
  /** The command's events, held out of the log; `logged` of them are in it already. */
  events: LabEvent[];
  logged: number;
  /** Runs the command again on the restored machine; returns its output. */
  readonly rerun: () => string;
  stops: Recorded[];
  output: string;
  index: number;
  readonly actions: Map<number, Action[]>;
}

const hex16 = (v: bigint) => v.toString(16).padStart(16, '0');

export type HostState = 'running' | 'broken' | 'held';

export class HostLink implements TargetControl {
  readonly machine: Machine;
  readonly k: Kernel;
  readonly debugger: Debugger;
  private readonly live: LiveTarget;
  private held: HeldCommand | null = null;
  private broken = false;
  /** Output for the console pane that the session should show (a held command's, released by `g`). */
  released: string | null = null;
  /** Console lines typed while the machine was stopped: they run when it resumes. */
  readonly queued: string[] = [];

  constructor(machine: Machine) {
    const k = kernelOf(machine);
    if (!k) throw new Error('a host debugger needs a machine with a Windows kernel');
    this.machine = machine;
    this.k = k;
    k.kd.state.connection = 'host';
    this.live = new LiveTarget(k, 'live', this);
    this.bootSeen = k.ke.state.boots;
    this.debugger = new Debugger(this.live, {
      opening: [
        'Microsoft (R) Windows Debugger Version 6.12.0002.633 AMD64',
        'Copyright (c) Microsoft Corporation. All rights reserved.',
        '',
        'Opened \\\\.\\com1',
        'Waiting to reconnect...',
        ...this.connectedLines(this.live),
      ],
      isRunning: () => this.state === 'running',
      question: { text: () => this.question(), answer: (line, host) => this.answer(line, host) },
    });
  }

  /** The boot the debugger last saw: a later one means the target restarted and reconnected. */
  private bootSeen: number;

  /** What KD prints when the target's kernel connects: the target, the paths, the kernel's version lines. */
  private connectedLines(t: LiveTarget): string[] {
    return [
      `Connected to Windows 7 ${this.machine.version.build} x64 target at (${t.version.sessionTime}), ptr64 TRUE`,
      'Kernel Debugger connection established.',
      ...searchPathLines(this.debugger?.session.symbolPath),
      ...versionLines(t.version),
    ];
  }

  /**
   * The machine (as `k` shows it) restarted since the debugger last looked: the connection
   * dropped at the shutdown and the new boot's kernel connected again. KD says so, forgets
   * the old boot's symbols and contexts, and looks at the new boot from then on.
   */
  private reconnect(k: Kernel, host: ProgramHost): void {
    const boots = k.ke.state.boots;
    const later = boots > this.bootSeen;
    this.bootSeen = boots;
    if (!later) return;
    const t = k === this.k ? this.live : new LiveTarget(k, 'live', this);
    const s = this.debugger.session;
    s.loaded.clear();
    s.implicitProcess = null;
    s.implicitThread = null;
    this.live.userContext = null;
    this.live.userModules = null;
    host.write(
      [
        `Shutdown occurred at (${debugTime(k.ke.state.bootTime + k.ke.state.bootedAt)})...unloading all symbol tables.`,
        'Waiting to reconnect...',
        ...this.connectedLines(t),
      ].join('\n') + '\n',
    );
  }

  get state(): HostState {
    return this.held ? 'held' : this.broken ? 'broken' : 'running';
  }

  /** True while the machine is stopped: its console does not respond. */
  get stopped(): boolean {
    return this.state !== 'running';
  }

  /**
   * Run a console command under the attached debugger. Returns the output to
   * show now, or null when the command stopped in the debugger (its output is
   * held until the debugger lets the machine finish it).
   */
  runConsole(program: Program, run: () => string, host: ProgramHost): string | null {
    const checkpoint = this.machine.snapshot();
    const programState = program.save?.();
    const held: HeldCommand = {
      checkpoint,
      programState,
      events: [],
      logged: 0,
      stops: [],
      output: '',
      index: 0,
      actions: new Map(),
      rerun: () => {
        this.restore(held, program);
        return run();
      },
    };
    held.output = this.record(held, run);
    if (held.stops.length === 0) {
      this.machine.events.append(held.events);
      this.reconnect(this.k, host);
      return held.output;
    }
    this.held = held;
    this.arrive(host);
    return null;
  }

  private restore(held: HeldCommand, program: Program): void {
    this.machine.restore(held.checkpoint);
    if (held.programState !== undefined) program.load?.(held.programState);
  }

  /** Run with stops recorded, applying each stop's timed actions when the run reaches it. */
  private record(held: HeldCommand, run: () => string): string {
    held.stops = [];
    const events = this.machine.events;
    this.k.kd.listener = (stop) => {
      const index = held.stops.length;
      for (const a of held.actions.get(index) ?? []) this.apply(this.k, a);
      held.stops.push({ stop: structuredClone(stop), snapshot: this.machine.snapshot(), events: events.heldCount });
    };
    events.hold();
    try {
      return run();
    } finally {
      this.k.kd.listener = null;
      held.events = events.unhold();
    }
  }

  /** Show the stop the debugger is at: the frozen machine becomes its target. */
  private arrive(host: ProgramHost): void {
    const held = this.held;
    if (!held) return;
    const rec = held.stops[held.index];
    // What the machine did up to this stop is now part of what the student has seen.
    this.machine.events.append(held.events.slice(held.logged, rec.events));
    held.logged = Math.max(held.logged, rec.events);
    const frozen = this.frozenKernel(rec.snapshot);
    frozen.kd.state.stop = rec.stop;
    this.reconnect(frozen, host);
    this.debugger.retarget(new LiveTarget(frozen, 'live', this));
    this.debugger.session.target.refresh?.();
    host.emit('kd.stop', {
      kind: rec.stop.kind,
      breakpoint: rec.stop.breakpoint,
      routine: rec.stop.frames[0] ?? '',
      frames: [...rec.stop.frames],
      args: [...rec.stop.args],
    });
    const lines: string[] = [];
    if (rec.stop.kind === 'breakpoint') lines.push(`Breakpoint ${rec.stop.breakpoint} hit`);
    // The target asks a question (DbgPrompt): its text, then the question as the prompt; the next line answers it.
    if (rec.stop.kind === 'prompt') {
      host.write((rec.stop.text ?? []).join('\n') + '\n');
      return;
    }
    // A DbgBreakPoint the target ran (Verifier's b): an int 3 in its code.
    if (rec.stop.kind === 'break-in') lines.push('Break instruction exception - code 80000003 (first chance)');
    // KD prints the registers and the next instruction after every step, nothing else.
    if (rec.stop.kind === 'step') {
      this.debugger.runQuiet('r', host);
      return;
    }
    const halted = frozen.ke.state.halted;
    if (rec.stop.kind === 'bugcheck' && halted) {
      const q = (v: string) => `0x${v.padStart(16, '0').toUpperCase()}`;
      lines.push(
        `*** Fatal System Error: 0x${halted.code.toString(16).padStart(8, '0')}`,
        `                       (${halted.params.map(q).join(',')})`,
        '',
        'Break instruction exception - code 80000003 (first chance)',
        '',
        'A fatal system error has occurred.',
        'Debugger entered on first try; Bugcheck callbacks have not been invoked.',
        '',
        'A fatal system error has occurred.',
        '',
      );
    }
    host.write(lines.length ? lines.join('\n') + '\n' : '');
    if (rec.stop.kind === 'bugcheck') this.debugger.runQuiet('!analyze', host);
    this.debugger.showStop(host);
    const bp = rec.stop.breakpoint === null ? undefined : frozen.kd.state.breakpoints.find((b) => b.id === rec.stop.breakpoint);
    if (bp?.command) this.debugger.runCommands(bp.command, host);
  }

  private frozen: Kernel | null = null;

  /** The machine at a recorded moment, for the debugger to read (one spare machine, reused). */
  private frozenKernel(snapshot: MachineSnapshot): Kernel {
    if (!this.frozen) this.frozen = bootWindows(new MachineClass({ seed: 1, computerName: this.machine.computerName }));
    // Each recorded snapshot is looked at once: the spare machine can take it over without a copy.
    this.frozen.machine.restore(snapshot, true);
    return this.frozen;
  }

  /** The question the target asks at the current stop (a 'prompt' stop), or null. */
  private question(): string | null {
    const held = this.held;
    const stop = held ? held.stops[held.index]?.stop : undefined;
    return stop?.kind === 'prompt' ? (stop.question ?? '') : null;
  }

  /**
   * A line typed at the target's question: one of its letters is the answer, timed to this stop
   * like a breakpoint set here (the command is replayed with it), and the target runs on with it.
   * Anything else and the target asks again.
   */
  private answer(line: string, host: ProgramHost): void {
    const held = this.held;
    const text = line.trim().toLowerCase();
    if (!held || !/^[bizrd]$/.test(text)) return;
    const list = held.actions.get(held.index) ?? [];
    list.push({ kind: 'answer', text });
    held.actions.set(held.index, list);
    held.output = this.record(held, held.rerun);
    this.go(host);
  }

  /** Ctrl-C in the debugger while the machine runs: it breaks in where it is (between commands, idle). */
  breakIn(host: ProgramHost): void {
    if (this.state !== 'running') return;
    this.broken = true;
    const stop: KdStop = {
      kind: 'break-in',
      breakpoint: null,
      processor: 0,
      thread: this.k.ps.state.idleThreads[0],
      process: this.k.ps.state.idleProcess,
      frames: ['nt!RtlpBreakWithStatusInstruction', 'nt!KiIdleLoop+0x50'],
      args: [],
      irql: 0,
    };
    this.k.kd.state.stop = stop;
    host.emit('kd.stop', { kind: 'break-in', breakpoint: null, routine: stop.frames[0], frames: [...stop.frames], args: [] });
    host.write('Break instruction exception - code 80000003 (first chance)\n' + BREAK_BANNER);
    this.debugger.showStop(host);
  }

  // ---- TargetControl ------------------------------------------------------

  breakpoints(): readonly TargetBreakpoint[] {
    const k = this.viewKernel();
    return k.kd.state.breakpoints.map((b) => ({
      id: b.id,
      address: BigInt('0x' + (k.kd.addressOf(b) ?? '0')),
      expression: b.expression,
      enabled: b.enabled,
      process: b.process ? BigInt('0x' + b.process) : null,
      thread: b.thread ? BigInt('0x' + b.thread) : null,
      command: b.command,
      hits: b.hits,
    }));
  }

  setBreakpoint(bp: Parameters<TargetControl['setBreakpoint']>[0]): TargetBreakpoint {
    const id = this.change({ kind: 'set', bp });
    return this.breakpoints().find((b) => b.id === id) ?? this.breakpoints()[this.breakpoints().length - 1];
  }

  clearBreakpoint(id: number): boolean {
    return this.change({ kind: 'clear', id }) >= 0;
  }

  enableBreakpoint(id: number, on: boolean): boolean {
    return this.change({ kind: 'enable', id, on }) >= 0;
  }

  /** Memory writes at a stop are timed actions too. */
  writeMemory(address: bigint, data: Uint8Array, process: string | null): boolean {
    return this.change({ kind: 'write', address, data, process }) >= 0;
  }

  /** The kernel the debugger looks at now (the frozen stop, or the live machine). */
  private viewKernel(): Kernel {
    const t = this.debugger.session.target;
    return t instanceof LiveTarget ? t.k : this.k;
  }

  /** Apply a change now, and when stopped inside a command, replay the command with it. Returns a breakpoint id or -1. */
  private change(action: Action): number {
    const view = this.viewKernel();
    const result = this.apply(view, action);
    const held = this.held;
    if (held && result >= 0) {
      const list = held.actions.get(held.index) ?? [];
      list.push(action.kind === 'set' ? { kind: 'set', bp: { ...action.bp, id: result } } : action);
      held.actions.set(held.index, list);
      // Breakpoints set at a stop take effect after it: replay the command so later stops are recorded.
      const before = held.stops.length;
      held.output = this.record(held, held.rerun);
      if (held.stops.length <= held.index) held.stops.length = Math.min(before, held.stops.length);
    } else if (!held && view !== this.k) this.apply(this.k, action);
    return result;
  }

  private apply(k: Kernel, a: Action): number {
    switch (a.kind) {
      case 'set':
        return k.kd.setBreakpoint({
          id: a.bp.id,
          address: hex16(a.bp.address),
          expression: a.bp.expression,
          enabled: true,
          process: a.bp.process === null ? null : hex16(a.bp.process),
          thread: a.bp.thread === null ? null : hex16(a.bp.thread),
          command: a.bp.command,
          oneShot: a.bp.oneShot,
          ...(a.bp.deferred ? { deferred: true } : {}),
        }).id;
      case 'clear':
        return k.kd.clear(a.id) ? a.id : -1;
      case 'enable':
        return k.kd.enable(a.id, a.on) ? a.id : -1;
      case 'step':
        k.kd.state.step = { ...a.step };
        return 0;
      case 'answer':
        k.kd.answer = a.text;
        return 0;
      case 'write': {
        const space = a.address >= 0xffff080000000000n ? 'kernel' : (k.ps.list().find((p) => p.eprocess === a.process)?.pid ?? null);
        return space !== null && k.mm.write(space, a.address, a.data) ? 0 : -1;
      }
    }
  }

  private pendingSwitch: string | null = null;

  invasiveSwitch(eprocess: bigint): void {
    this.pendingSwitch = eprocess.toString(16).padStart(16, '0');
  }

  /**
   * `t`, `p`, `gu`: the step is an action timed to this stop, like a breakpoint set here. Inside a
   * held command, the command is replayed with the step armed at this stop, so its end is the
   * next recorded stop; between commands, the machine runs with it armed.
   */
  step(mode: StepRequest['mode'], host: ProgramHost): void {
    const stop = this.viewKernel().kd.state.stop;
    const known = stop?.depth !== undefined && stop.kind !== 'break-in';
    const step: StepRequest = { mode, depth: known ? (stop?.depth ?? -1) : -1, thread: known ? (stop?.thread ?? null) : null };
    const held = this.held;
    if (!held) {
      this.k.kd.state.step = step;
      this.go(host);
      return;
    }
    const list = held.actions.get(held.index) ?? [];
    list.push({ kind: 'step', step });
    held.actions.set(held.index, list);
    held.output = this.record(held, held.rerun);
    this.go(host);
  }

  /** `g`: on to the next recorded stop, or let the machine finish what it was doing. */
  go(host: ProgramHost): void {
    const held = this.held;
    if (held) {
      if (held.index + 1 < held.stops.length) {
        held.index++;
        this.arrive(host);
        return;
      }
      // The last stop is passed: the live machine is already where the command left it.
      this.held = null;
      this.machine.events.append(held.events.slice(held.logged));
      this.released = held.output;
      this.reconnect(this.k, host);
    }
    this.broken = false;
    this.k.kd.state.stop = null;
    // Running the target ends what .process/.thread/.cache set for the stop.
    this.debugger.session.implicitProcess = null;
    this.debugger.session.implicitThread = null;
    this.live.userContext = null;
    this.debugger.retarget(this.live);
    const switchTo = this.pendingSwitch;
    this.pendingSwitch = null;
    if (switchTo !== null && !this.held) this.breakInto(switchTo, host);
  }

  /** The machine ran until a thread of `eprocess` was scheduled, and broke in there (`.process /i` then `g`). */
  private breakInto(eprocess: string, host: ProgramHost): void {
    const p = this.k.ps.list().find((x) => x.eprocess === eprocess);
    const t = p ? this.k.ps.threadsOf(p)[0] : undefined;
    if (!p || !t) return;
    this.broken = true;
    const frames = ['nt!RtlpBreakWithStatusInstruction', ...threadFrames(p, t).slice(1)];
    const stop: KdStop = { kind: 'break-in', breakpoint: null, processor: t.processor, thread: t.ethread, process: p.eprocess, frames, args: [], irql: 0 };
    this.k.kd.state.stop = stop;
    host.emit('kd.stop', { kind: 'break-in', breakpoint: null, routine: frames[0], frames: [...frames], args: [] });
    host.write('Break instruction exception - code 80000003 (first chance)\n');
    this.debugger.retarget(this.live);
    this.live.userContext = null;
    this.debugger.showStop(host);
  }
}

const BREAK_BANNER = `*******************************************************************************
*                                                                             *
*   You are seeing this message because you pressed either                    *
*       CTRL+C (if you run kd.exe) or,                                        *
*       CTRL+BREAK (if you run WinDBG),                                       *
*   on your debugger machine's keyboard.                                      *
*                                                                             *
*                   THIS IS NOT A BUG OR A SYSTEM CRASH                       *
*                                                                             *
* If you did not intend to break into the debugger, press the "g" key, then   *
* press the "Enter" key now.  This message might immediately reappear.  If it *
* does, press "g" and "Enter" again.                                          *
*                                                                             *
*******************************************************************************
`;
