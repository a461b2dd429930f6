/**
 * The article's Windows XP SP3 machine, running: two processors, a scheduler
 * on the virtual clock (one 10 ms quantum per tick) that gives each processor
 * the threads whose work is due, and processes calling system services through
 * ntdll's stubs in a seeded order. A kernel debugger stub owns breakpoints,
 * break-ins and the `.process /i` switch: when the machine runs, a breakpoint's
 * int 3 sits in the physical page the debugger wrote it to (shared by every
 * process that maps that DLL), so the first process to run the code stops it.
 */
import { KdStub } from '../kd/kd.ts';
import { Machine } from '../machine.ts';
import { Subsystem } from '../subsystem.ts';
import { ACTIVITIES, moduleOf, PROCESSES, processNamed, USER_IMAGES, type XpActivity, type XpProcess, type XpThread } from './data.ts';
import { layMemory, restingFrames, routineAddress, USER_LIMIT, type XpMemory } from './memory.ts';

/**
 * A breakpoint as the debugger sees it on this 32-bit machine (the stub, KdStub, keeps them as
 * hex strings). `image`: which image's page holds its int 3 (user addresses), set when the machine resumes.
 */
export interface XpBreakpoint {
  readonly id: number;
  readonly address: number;
  readonly expression: string;
  readonly enabled: boolean;
  /** Only stop in this process (EPROCESS) / thread (ETHREAD). */
  readonly process: number | null;
  readonly thread: number | null;
  readonly command: string;
  readonly hits: number;
  readonly image: string | null;
}

const hexOf = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');
const numOf = (v: string | null): number | null => (v === null ? null : parseInt(v, 16));

export interface XpStop {
  kind: 'breakpoint' | 'break-in';
  breakpoint: number | null;
  processor: number;
  thread: number;
  process: number;
  /** The frames the stopped thread is in, innermost first. */
  frames: string[];
}

interface XpState {
  tick: number;
  /** Per activity: the tick it is first due (seeded). */
  phases: number[];
  /** Per breakpoint id: the image whose page holds its int 3 (set when the machine resumes). */
  planted: Record<number, string>;
  /** Where the machine is stopped; null while it runs. */
  stop: XpStop | null;
  /** `.process /i`: break in when this process next runs. */
  pendingProcess: number | null;
  /** What ran last on each processor (ETHREAD), for a break-in while idle. */
  last: number[];
  /** Every breakpoint stop so far: which breakpoint (and its address), in which process, and the process it was limited to. */
  hits: { breakpoint: number; address: number; process: number; limitedTo: number | null }[];
  /** What the attached debuggers have shown of the machine so far (kept across reconnects; the lab grades from it). */
  seen: XpSeen;
  /**
   * The attached debugger's own memory, kept with the machine so checkpoints and grading see it:
   * whose page tables translate user addresses, and the user module list the last reload cached.
   */
  debugger: { userContext: number | null; userModules: { process: number; modules: { key: string; file: string; path: string }[] } | null };
  /** Dump files the host debugger wrote (`.dump /f`), by path as typed (upper-cased): the machine as it was. */
  dumps: Record<string, XpDumpImage>;
}

/**
 * What the debugger displayed or did, as it resolved it: processes whose PROCESS block it printed,
 * thread stacks it walked (whether user frames resolved, whether flag 0x10 switched first),
 * `.thread` switches (the thread's process, and whose page tables translated user addresses then),
 * and the process each user module reload read.
 */
export interface XpSeen {
  processes: number[];
  stacks: { thread: number; user: boolean; switched: boolean }[];
  threads: { thread: number; owner: number; context: number | null }[];
  reloads: number[];
}

/** Keep the last entries of a record only (a long session must not grow the machine's state without end). */
const SEEN_LIMIT = 64;

/** What a complete dump of the XP machine holds: its state when it was written (memory is laid out from it). */
export type XpDumpImage = Omit<XpState, 'dumps'>;

/** How many ticks one `g` runs before it leaves the machine running (no prompt; Ctrl-C breaks in). */
const RUN_LIMIT = 6000;

function idleThread(processor: number): XpThread {
  return PROCESSES[0].threads[processor];
}

/** The result of resuming: the stop reached, or null while the machine keeps running. */
export type RunResult = { readonly stop: XpStop } | { readonly error: string[] } | null;

export class XpSystem extends Subsystem<XpState> {
  readonly snapshotKey = 'xp';
  readonly machine: Machine;
  readonly processorCount = 2;
  /** The kernel debugger stub: it holds the breakpoints (machine state, as int 3 bytes are). */
  readonly kd = new KdStub();
  private laid: XpMemory | null = null;
  private laidFor: string | null = null;

  constructor(machine: Machine) {
    const phases = ACTIVITIES.map((a) => machine.rng.int(0, a.period - 1));
    const idle = idleThread(0);
    super({
      tick: 0,
      phases,
      planted: {},
      pendingProcess: null,
      last: [idle.ethread, idleThread(1).ethread],
      hits: [],
      seen: { processes: [], stacks: [], threads: [], reloads: [] },
      debugger: { userContext: null, userModules: null },
      dumps: {},
      stop: {
        kind: 'break-in',
        breakpoint: null,
        processor: 0,
        thread: idle.ethread,
        process: PROCESSES[0].eprocess,
        frames: breakInFrames(PROCESSES[0], idle),
      },
    });
    this.machine = machine;
    machine.register(this);
    machine.register(this.kd);
  }

  override restore(state: unknown): void {
    super.restore(state);
    this.laid = null;
  }

  /** The machine's memory as its state lays it out (cached until the state changes). */
  memory(): XpMemory {
    const key = JSON.stringify(this.state.stop);
    if (!this.laid || this.laidFor !== key) {
      const stop = this.state.stop;
      this.laid = layMemory({ running: stop ? [{ ethread: stop.thread, frames: stop.frames }] : [] });
      this.laidFor = key;
    }
    return this.laid;
  }

  process(eprocess: number): XpProcess | undefined {
    return PROCESSES.find((p) => p.eprocess === eprocess);
  }

  threadOwner(ethread: number): { process: XpProcess; thread: XpThread } | undefined {
    for (const p of PROCESSES) for (const t of p.threads) if (t.ethread === ethread) return { process: p, thread: t };
    return undefined;
  }

  /** The image that backs `address` in `process`'s address space (user addresses); null: nothing mapped there. */
  imageAt(process: XpProcess | undefined, address: number): string | null {
    if (!process) return null;
    for (const ref of process.modules) {
      const m = moduleOf(ref);
      if (m && address >= m.image.base && address < m.image.base + m.image.size) return m.image.file.toLowerCase();
    }
    return null;
  }

  breakpoints(): XpBreakpoint[] {
    return this.kd.state.breakpoints.map((b) => ({
      id: b.id,
      address: parseInt(b.address, 16),
      expression: b.expression,
      enabled: b.enabled,
      process: numOf(b.process),
      thread: numOf(b.thread),
      command: b.command,
      hits: b.hits,
      image: this.state.planted[b.id] ?? null,
    }));
  }

  setBreakpoint(bp: Omit<XpBreakpoint, 'id' | 'hits' | 'image'> & { id?: number }): XpBreakpoint {
    const made = this.kd.setBreakpoint({
      ...(bp.id === undefined ? {} : { id: bp.id }),
      address: hexOf(bp.address),
      expression: bp.expression,
      enabled: bp.enabled,
      process: bp.process === null ? null : hexOf(bp.process),
      thread: bp.thread === null ? null : hexOf(bp.thread),
      command: bp.command,
      oneShot: false,
    });
    delete this.state.planted[made.id];
    return this.breakpoints().find((b) => b.id === made.id) as XpBreakpoint;
  }

  clearBreakpoint(id: number): boolean {
    return this.kd.clear(id);
  }

  enableBreakpoint(id: number, on: boolean): boolean {
    return this.kd.enable(id, on);
  }

  /**
   * Resume (`g`). `context`: the process whose address space the debugger writes
   * user breakpoints through (the int 3 lands in the page that process maps).
   */
  go(context: number | null): RunResult {
    const ctx = context === null ? undefined : this.process(context);
    for (const b of this.breakpoints()) {
      if (!b.enabled || b.address >= USER_LIMIT || b.address === 0) continue;
      const image = this.imageAt(ctx, b.address);
      if (!image) {
        return {
          error: [
            `Unable to insert breakpoint ${b.id} at ${hex8(b.address)}, Win32 error 0n30`,
            '    "The system cannot read from the specified device."',
            `bp${b.id} at ${hex8(b.address)} failed`,
            'WaitForEvent failed',
          ],
        };
      }
      this.state.planted[b.id] = image;
    }
    this.state.stop = null;
    for (let n = 0; n < RUN_LIMIT; n++) {
      const stop = this.tick();
      if (stop) {
        this.state.stop = stop;
        return { stop };
      }
    }
    return null;
  }

  /** Ctrl-C: stop where the machine is, on processor 0. */
  breakIn(): XpStop {
    const owner = this.threadOwner(this.state.last[0]);
    const process = owner?.process ?? PROCESSES[0];
    const thread = owner?.thread ?? idleThread(0);
    const stop: XpStop = {
      kind: 'break-in',
      breakpoint: null,
      processor: 0,
      thread: thread.ethread,
      process: process.eprocess,
      frames: breakInFrames(process, thread),
    };
    this.state.stop = stop;
    return stop;
  }

  /** One scheduler tick: every activity due now runs, each on the next free processor. */
  private tick(): XpStop | null {
    const t = ++this.state.tick;
    this.machine.clock.advance(10);
    let processor = t % this.processorCount;
    const ran = new Set<number>();
    for (let i = 0; i < ACTIVITIES.length; i++) {
      const a = ACTIVITIES[i];
      if ((t + this.state.phases[i]) % a.period !== 0) continue;
      const p = processNamed(a.process);
      if (!p || ran.has(processor) || ran.size >= this.processorCount) continue;
      const thread = p.threads[a.callers.some((c) => c.includes('BaseThreadStart')) && p.threads.length > 1 ? 1 : 0];
      ran.add(processor);
      this.state.last[processor] = thread.ethread;
      const stop = this.run(a, p, thread, processor);
      if (stop) return stop;
      processor = (processor + 1) % this.processorCount;
    }
    return null;
  }

  /** A thread of `p` runs activity `a` on `processor`: the switch, then each routine it enters. */
  private run(a: XpActivity, p: XpProcess, thread: XpThread, processor: number): XpStop | null {
    if (this.state.pendingProcess === p.eprocess) {
      this.state.pendingProcess = null;
      return { kind: 'break-in', breakpoint: null, processor, thread: thread.ethread, process: p.eprocess, frames: breakInFrames(p, thread) };
    }
    const stub = `ntdll!Zw${a.service.slice(2)}`;
    const routine = (ref: string): string => ref.replace(/\+0x[0-9a-f]+$/, '');
    // The two innermost callers are entered on the way to the call (outer first); a module-only name is no routine.
    const entered: { ref: string; frames: string[] }[] = [
      ...(a.callers[1]?.includes('!') ? [{ ref: routine(a.callers[1]), frames: [routine(a.callers[1]), ...a.callers.slice(2)] }] : []),
      { ref: routine(a.callers[0]), frames: [routine(a.callers[0]), ...a.callers.slice(1)] },
      { ref: stub, frames: [stub, ...a.callers] },
      { ref: `nt!${a.service}`, frames: [`nt!${a.service}`, 'nt!KiFastCallEntry+0xfc', 'ntdll!KiFastSystemCallRet', `${stub}+0xc`, ...a.callers] },
    ];
    for (const e of entered) {
      let address: number;
      try {
        address = routineAddress(e.ref);
      } catch {
        continue;
      }
      const image = address < USER_LIMIT ? this.imageAt(p, address) : null;
      const hit = this.breakpoints().find((b) => b.enabled && b.address === address && (address >= USER_LIMIT || (b.image !== null && b.image === image)));
      if (!hit) continue;
      // The int 3 traps in every process that runs the page; the debugger stops only for the one it was limited to.
      if ((hit.process !== null && hit.process !== p.eprocess) || (hit.thread !== null && hit.thread !== thread.ethread)) continue;
      const held = this.kd.state.breakpoints.find((b) => b.id === hit.id);
      if (held) held.hits++;
      this.state.hits.push({ breakpoint: hit.id, address: hit.address, process: p.eprocess, limitedTo: hit.process });
      return { kind: 'breakpoint', breakpoint: hit.id, processor, thread: thread.ethread, process: p.eprocess, frames: e.frames };
    }
    return null;
  }

  /** `.dump /f`: keep the machine as it is now under `path` on the host. */
  writeDump(path: string): void {
    const { dumps, ...image } = this.state;
    this.state.dumps = { ...dumps, [path.toUpperCase()]: structuredClone(image) };
  }

  /** A dump file the host holds, opened as a frozen machine; null when there is no such file. */
  openDump(path: string): XpSystem | null {
    const image = this.state.dumps[path.toUpperCase()];
    if (!image) return null;
    const frozen = bootXp(1).xp;
    // Nothing runs in a dump: no breakpoints, no pending switch; a new debugger session has its own caches.
    frozen.restore({ ...structuredClone(image), planted: {}, pendingProcess: null, debugger: { userContext: null, userModules: null }, dumps: {} });
    return frozen;
  }

  /** Record what a debugger showed or did (the newest last; a repeat of the last entry is not added again). */
  see<K extends keyof XpSeen>(kind: K, entry: XpSeen[K][number]): void {
    // A checkpoint from before this record existed has none yet.
    this.state.seen ??= { processes: [], stacks: [], threads: [], reloads: [] };
    const list = this.state.seen[kind] as XpSeen[K][number][];
    if (list.length > 0 && JSON.stringify(list[list.length - 1]) === JSON.stringify(entry)) return;
    list.push(entry);
    if (list.length > SEEN_LIMIT) list.splice(0, list.length - SEEN_LIMIT);
  }

  /** `.process /i`: the next time the process runs, break in there. */
  invasiveSwitch(eprocess: number): void {
    this.state.pendingProcess = eprocess;
  }
}

/** A break-in interrupts the thread where it is: the clock interrupt's frames over its own. */
function breakInFrames(p: XpProcess, t: XpThread): string[] {
  const rest = restingFrames(p, t);
  if (t.wait === 'idle') return ['nt!RtlpBreakWithStatusInstruction', 'nt!KeUpdateSystemTime+0x175', 'hal!HalpClockInterrupt+0x6d', ...rest];
  const user = rest.filter((f) => !/^(nt|win32k|hal)!/.test(f));
  return ['nt!RtlpBreakWithStatusInstruction', 'nt!KeUpdateSystemTime+0x175', 'hal!HalpClockInterrupt+0x6d', ...user.slice(1)];
}

function hex8(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}

/** A fresh XP machine, stopped in the debugger (the article's session starts broken in, in Idle). */
const systems = new WeakMap<Machine, XpSystem>();

/** The XP system a machine made by `bootXp` runs. */
export function xpOf(machine: Machine): XpSystem | undefined {
  return systems.get(machine);
}

export function bootXp(seed: number): { machine: Machine; xp: XpSystem } {
  const machine = new Machine({ seed, computerName: 'XPSP3-VM' });
  Object.assign(machine.version, { major: 5, minor: 1, build: 2600, servicePack: 3, productName: 'Windows XP Professional', arch: 'x86' });
  const xp = new XpSystem(machine);
  systems.set(machine, xp);
  return { machine, xp };
}

export { USER_IMAGES };
