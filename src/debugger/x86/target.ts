/**
 * The XP machine as a debugger target: a live kernel connection (run control
 * through the machine's stub) or a dump of it. 32-bit addresses; the low 2 GB
 * are read through one process's page tables at a time (the running thread's,
 * or the one `.process /p`, `.cache forcedecodeuser` or `.thread /p` chose),
 * and the user module list is the one the last `.reload` read from the PEB of
 * the process in context then, until the next reload.
 */
import type { ProgramHost } from '../../base/program.ts';
import { KERNEL_IMAGES, moduleOf, PROCESSES, USER_IMAGES, type XpImage } from '../../kernel/xp/data.ts';
import type { XpStop, XpSystem } from '../../kernel/xp/machine.ts';
import { routineAddress, USER_LIMIT } from '../../kernel/xp/memory.ts';
import { xpTypes } from '../../kernel/xp/types.ts';
import { decode } from '../disasm.ts';
import { operandSymbol } from '../listing.ts';
import { fromLe } from '../memory.ts';
import { formatSymbol } from '../symbols.ts';
import type {
  AddressRegion,
  BugCheckData,
  Module,
  ProcessInfo,
  ProcessorInfo,
  RegisterName,
  Target,
  TargetBreakpoint,
  TargetControl,
  TargetVersion,
  ThreadInfo,
} from '../target.ts';
import { REGISTER_NAMES } from '../target.ts';
import type { TypeDatabase } from '../types.ts';
import { readUnicode } from './read.ts';

const hex8 = (v: bigint | number): string => (BigInt(v) & 0xffffffffn).toString(16).padStart(8, '0');

/** How dbgeng names a module from its file: no extension, other punctuation as '_' (sigc-2.0.dll: sigc_2_0). */
export function moduleNameOf(file: string): string {
  return file.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_]/g, '_');
}

function toModule(image: XpImage, file: string, path: string, user: boolean): Module {
  const name = image === KERNEL_IMAGES[0] ? 'nt' : moduleNameOf(file);
  return {
    name,
    image: file,
    base: BigInt(image.base),
    size: image.size,
    timestamp: image.timestamp,
    checksum: 0,
    pdb: image.pdb,
    path,
    user,
    // An image without a symbol file gives the debugger only its exports: none are modelled.
    symbols: (image.pdb ? [...image.symbols] : [])
      .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
      .map(([n, rva]) => ({ name: n, rva, kind: /^Ps|^Ki(Initial)|ListHead$/.test(n) ? 'data' : 'function' })),
    unwind: new Map(),
  };
}

const KERNEL_MODULES: readonly Module[] = KERNEL_IMAGES.map((i) =>
  toModule(i, i.file, `\\WINDOWS\\system32\\${i.file.endsWith('.sys') ? 'drivers\\' : ''}${i.file}`, false),
);

/** What the debugger knows about its own state that the target holds: the context and the cached user list. */
export interface XpDebuggerState {
  /** EPROCESS whose page tables translate user addresses; null: the stopped thread's process. */
  userContext: number | null;
  /** The user modules the last reload read (module, file name, path), with the process they came from. */
  userModules: { process: number; modules: { key: string; file: string; path: string }[] } | null;
}

export class XpTarget implements Target {
  readonly kind: 'live' | 'dump';
  readonly arch = 'x86' as const;
  readonly xp: XpSystem;
  readonly control?: TargetControl;
  /** Called when the machine stops after `g` or Ctrl-C (the debugger moves to the stop's processor). */
  onStop: ((stop: XpStop) => void) | null = null;

  /** The debugger's context and cached user list live with the machine (checkpoints, grading). */
  get state(): XpDebuggerState {
    return this.xp.state.debugger;
  }

  set state(s: XpDebuggerState) {
    this.xp.state.debugger = s;
  }

  constructor(xp: XpSystem, kind: 'live' | 'dump') {
    this.xp = xp;
    this.kind = kind;
    if (kind === 'live') this.control = new XpControl(this);
  }

  get types(): TypeDatabase {
    return xpTypes();
  }

  get version(): TargetVersion {
    return {
      kernel: `Windows XP Kernel Version 2600 (Service Pack 3) MP (${this.processorCount} procs) Free x86 compatible`,
      product: 'Product: WinNt, suite: TerminalServer SingleUserTS',
      builtBy: '2600.xpsp.080413-2111',
      machineName: '',
      kernelBase: BigInt(KERNEL_IMAGES[0].base),
      psLoadedModuleList: BigInt(routineAddress('nt!PsLoadedModuleList')),
      sessionTime: 'Fri Jan 14 10:22:41.203 2011 (UTC - 5:00)',
      uptime: `0 days 0:${String(Math.floor(this.xp.machine.clock.now() / 60000) + 12).padStart(2, '0')}:07.656`,
      bucketFamily: 'XP',
    };
  }

  readonly processorCount = 2;

  get currentProcessor(): number {
    return this.xp.state.stop?.processor ?? 0;
  }

  /** The process whose user space is visible now. */
  contextProcess(): number | null {
    return this.state.userContext ?? this.xp.state.stop?.process ?? null;
  }

  read(address: bigint, length: number): Uint8Array | null {
    // Kernel addresses arrive sign-extended (ffffffff`8052b5dc) from expressions and registers, as dbgeng keeps them.
    if (address >= 0xffffffff80000000n && address <= 0xffffffffffffffffn) address &= 0xffffffffn;
    if (address < 0n || address + BigInt(length) > 0x100000000n) return null;
    const mem = this.xp.memory();
    const a = Number(address);
    if (a >= USER_LIMIT) return mem.kernel.read(a, length);
    if (a + length > USER_LIMIT) return null;
    const ctx = this.contextProcess();
    const space = ctx === null ? undefined : mem.user.get(ctx);
    return space ? space.read(a, length) : null;
  }

  readable(address: bigint): boolean {
    return this.read(address, 1) !== null;
  }

  processor(index: number): ProcessorInfo | null {
    if (index < 0 || index >= this.processorCount) return null;
    const stop = this.xp.state.stop;
    const ethread = stop && stop.processor === index ? stop.thread : this.xp.state.last[index];
    const laid = this.xp.memory().threads.get(ethread);
    const regs = Object.fromEntries(REGISTER_NAMES.map((n) => [n, 0n])) as Record<RegisterName, bigint>;
    const ip = BigInt(laid?.ip ?? 0);
    const user = ip < BigInt(USER_LIMIT);
    regs.rip = ip;
    regs.rbp = BigInt(laid?.ebp ?? 0);
    regs.rsp = BigInt(laid?.esp ?? 0);
    regs.cs = user ? 0x1bn : 0x8n;
    regs.ss = user ? 0x23n : 0x10n;
    regs.ds = 0x23n;
    regs.es = 0x23n;
    regs.fs = user ? 0x3bn : 0x30n;
    regs.efl = 0x246n;
    if (stop?.kind === 'breakpoint' && stop.processor === index) regs.rax = 0n;
    return {
      context: { regs, flagBits: regs.efl, source: 'processor' },
      irql: user ? 0 : 0x1c,
      thread: BigInt(ethread),
      pcr: index === 0 ? 0xffdff000n : 0xf7727000n,
    };
  }

  private moduleCache: { key: unknown; context: number | null; list: readonly Module[] } | null = null;

  /** The user modules the last reload cached, then the kernel's (rebuilt when the cache or the context changes). */
  modules(): readonly Module[] {
    const key = this.state.userModules;
    const context = this.contextProcess();
    if (this.moduleCache && this.moduleCache.key === key && this.moduleCache.context === context) return this.moduleCache.list;
    const list = this.buildModules();
    this.moduleCache = { key, context, list };
    return list;
  }

  private buildModules(): readonly Module[] {
    const cached = this.state.userModules;
    const user = (cached?.modules ?? []).flatMap((m) => {
      const image = USER_IMAGES[m.key];
      return image ? [toModule(image, m.file, m.path, true)] : [];
    });
    // The system DLL: the kernel debugger resolves ntdll's names wherever the process in context maps it,
    // before any user reload (lm lists only the reloaded modules).
    const ctx = this.contextProcess();
    const p = ctx === null ? undefined : this.xp.process(ctx);
    const systemDll =
      p?.modules.includes('ntdll') && !user.some((m) => m.name === 'ntdll')
        ? [{ ...toModule(USER_IMAGES.ntdll, 'ntdll.dll', 'C:\\WINDOWS\\system32\\ntdll.dll', true), listed: false }]
        : [];
    return [...user, ...KERNEL_MODULES, ...systemDll];
  }

  processes(): readonly ProcessInfo[] {
    return PROCESSES.map((p) => ({ eprocess: BigInt(p.eprocess), imageFileName: p.name.slice(0, 15), pid: p.cid, peb: BigInt(p.peb) }));
  }

  threads(): readonly ThreadInfo[] {
    return PROCESSES.flatMap((p) => p.threads.map((t) => ({ ethread: BigInt(t.ethread), process: BigInt(p.eprocess), tid: t.tid, teb: BigInt(t.teb) })));
  }

  bugCheck(): BugCheckData | null {
    return null;
  }

  regions(): readonly AddressRegion[] {
    return [];
  }

  setUserContext(eprocess: bigint | null): void {
    this.state = { ...this.state, userContext: eprocess === null ? null : Number(eprocess) };
  }

  /**
   * `.reload /user`: walk the loader list in the PEB of the process in context (through
   * that process's page tables) and cache what it names. Idle and System have no PEB: empty.
   */
  reloadUser(): number {
    const ctx = this.contextProcess();
    const p = ctx === null ? undefined : this.xp.process(ctx);
    const modules: { key: string; file: string; path: string }[] = [];
    const rd = (a: number, n: number): bigint | null => {
      const b = this.read(BigInt(a), n);
      return b ? fromLe(b) : null;
    };
    if (p && p.peb !== 0) {
      const ldr = rd(p.peb + 0xc, 4);
      const head = ldr === null ? null : Number(ldr) + 0xc;
      let link = head === null ? null : rd(head, 4);
      for (let n = 0; link !== null && Number(link) !== head && n < 256; n++) {
        const e = Number(link);
        const base = rd(e + 0x18, 4);
        const name = readUnicode(this, BigInt(e + 0x2c));
        const path = readUnicode(this, BigInt(e + 0x24));
        const key = Object.entries(USER_IMAGES).find(([, i]) => BigInt(i.base) === base && (name ?? '').toLowerCase() === i.file.toLowerCase())?.[0];
        if (key && name !== null) modules.push({ key, file: name, path: path ?? name });
        link = rd(e, 4);
      }
    }
    this.state = { ...this.state, userModules: { process: ctx ?? 0, modules } };
    this.xp.see('reloads', ctx ?? 0);
    return modules.length;
  }

  threadContext(ethread: bigint): ProcessorInfo['context'] | null {
    const laid = this.xp.memory().threads.get(Number(ethread));
    if (!laid) return null;
    // `.thread` takes this context: record whose thread it is and whose page tables translate user addresses now.
    const owner = this.xp.threadOwner(Number(ethread))?.process.eprocess;
    if (owner !== undefined) this.xp.see('threads', { thread: Number(ethread), owner, context: this.contextProcess() });
    const base = this.processor(0)?.context;
    if (!base) return null;
    return { ...base, regs: { ...base.regs, rip: BigInt(laid.ip), rbp: BigInt(laid.ebp), rsp: BigInt(laid.esp) } };
  }

  /** The lines kd prints when the machine stops. */
  stopBanner(stop: XpStop): string[] {
    const laid = this.xp.memory().threads.get(stop.thread);
    const ip = BigInt(laid?.ip ?? 0);
    const head = stop.kind === 'breakpoint' ? `Breakpoint ${stop.breakpoint} hit` : 'Break instruction exception - code 80000003 (first chance)';
    const sym = formatSymbol(this, ip);
    const code = this.read(ip, 15);
    const ins = code ? decode(code, ip, (a) => operandSymbol(this, a), 32) : null;
    const user = ip < BigInt(USER_LIMIT);
    const text = ins ? `${ins.mnemonic.padEnd(7)} ${ins.operands}`.trimEnd() : '???';
    return [head, ...(sym ? [`${sym}:`] : []), `${user ? '001b:' : ''}${hex8(ip)} ${text}`];
  }
}

class XpControl implements TargetControl {
  private readonly t: XpTarget;

  constructor(t: XpTarget) {
    this.t = t;
  }

  breakpoints(): readonly TargetBreakpoint[] {
    return this.t.xp.breakpoints().map((b) => ({
      ...b,
      address: BigInt(b.address),
      process: b.process === null ? null : BigInt(b.process),
      thread: b.thread === null ? null : BigInt(b.thread),
    }));
  }

  setBreakpoint(bp: {
    id?: number;
    address: bigint;
    expression: string;
    process: bigint | null;
    thread: bigint | null;
    command: string;
    oneShot: boolean;
  }): TargetBreakpoint {
    const made = this.t.xp.setBreakpoint({
      ...(bp.id === undefined ? {} : { id: bp.id }),
      address: Number(bp.address & 0xffffffffn),
      expression: bp.expression,
      enabled: true,
      process: bp.process === null ? null : Number(bp.process & 0xffffffffn),
      thread: bp.thread === null ? null : Number(bp.thread & 0xffffffffn),
      command: bp.command,
    });
    return {
      ...made,
      address: BigInt(made.address),
      process: made.process === null ? null : BigInt(made.process),
      thread: made.thread === null ? null : BigInt(made.thread),
    };
  }

  clearBreakpoint(id: number): boolean {
    return this.t.xp.clearBreakpoint(id);
  }

  enableBreakpoint(id: number, on: boolean): boolean {
    return this.t.xp.enableBreakpoint(id, on);
  }

  go(host: ProgramHost): void {
    this.resolveDeferred();
    const result = this.t.xp.go(this.t.contextProcess());
    if (result && 'error' in result) {
      host.write(result.error.join('\n') + '\n');
      return;
    }
    // Running ends forcedecodeuser and any .process /p: translation follows the running thread again.
    this.t.state = { ...this.t.state, userContext: null };
    if (result) this.stopped(result.stop, host);
  }

  /**
   * A deferred breakpoint (`bu`, or a `bp` whose module the debugger had not loaded) is
   * resolved when the debugger inserts breakpoints: in the loader list of the process
   * in context, where the module is then found.
   */
  private resolveDeferred(): void {
    const ctx = this.t.contextProcess();
    const p = ctx === null ? undefined : this.t.xp.process(ctx);
    for (const b of this.t.xp.breakpoints()) {
      if (b.address !== 0) continue;
      const m = /^([^!]+)!(.+)$/.exec(b.expression);
      if (!m || !p) continue;
      let address = 0;
      for (const ref of p.modules) {
        const mod = moduleOf(ref);
        if (!mod || moduleNameOf(mod.dllName).toLowerCase() !== m[1].toLowerCase() || !mod.image.pdb) continue;
        const sym = mod.image.symbols.find(([n]) => n.toLowerCase() === m[2].toLowerCase());
        if (sym) address = mod.image.base + sym[1];
      }
      if (address === 0) continue;
      // Resolved onto an existing breakpoint's address: that one is redefined, keeping its number.
      const older = this.t.xp.breakpoints().find((o) => o.id !== b.id && o.address === address);
      this.t.xp.clearBreakpoint(b.id);
      this.t.xp.setBreakpoint({ ...b, id: older?.id ?? b.id, address });
    }
  }

  breakIn(host: ProgramHost): void {
    if (this.t.xp.state.stop) return;
    this.stopped(this.t.xp.breakIn(), host);
  }

  private stopped(stop: XpStop, host: ProgramHost): void {
    this.t.onStop?.(stop);
    host.write(this.t.stopBanner(stop).join('\n') + '\n');
  }

  invasiveSwitch(eprocess: bigint): void {
    this.t.xp.invasiveSwitch(Number(eprocess & 0xffffffffn));
  }

  writeMemory(): boolean {
    return false;
  }
}
