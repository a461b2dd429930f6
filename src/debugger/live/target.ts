/**
 * The simulated machine as a debugger target. Memory comes from the kernel's
 * virtual-memory view (bytes computed from the machine's state), modules from
 * its loader, processes and threads from Ps, processor contexts from the
 * threads' laid-out stacks or from where the debugger stub stopped. The same
 * class serves a live kernel connection, local kernel debugging (`kd -kl`)
 * and a crash dump the machine wrote (a frozen copy of the machine).
 */
import type { Kernel } from '../../kernel/nt.ts';
import { kernelImages, userImages, type MappedImage } from '../../kernel/ps/symbols.ts';
import { layStack } from '../../kernel/ps/stacks.ts';
import { VirtualMemory } from '../../kernel/mm/memory.ts';
import { frameSizeOf, NT_BASE, NT_SYMBOLS, TRAP_OFFSET, TRAP_ROUTINES } from '../../kernel/ke/ntsyms.ts';
import { machineTypes } from '../../kernel/types/index.ts';
import { threadFrames, type Process, type Thread } from '../../kernel/ps/ps.ts';
import type { TypeDatabase } from '../types.ts';
import type {
  AddressRegion,
  BugCheckData,
  Module,
  ProcessInfo,
  ProcessorControl,
  ProcessorInfo,
  RegisterContext,
  RegisterName,
  Target,
  TargetControl,
  TargetVersion,
  ThreadInfo,
  UnwindInfo,
} from '../target.ts';
import { REGISTER_NAMES } from '../target.ts';
import { liveRegions } from './regions.ts';

/** How the debugger is connected: a live kernel connection, local kernel debugging, or a dump of the machine. */
export type LiveMode = 'live' | 'local' | 'dump';

const big = (hex: string) => BigInt('0x' + hex);

/** Where each processor's KPCR is: processor 0's in nt's data (KiInitialPCR), the others' in their own allocation. */
const PCR: readonly bigint[] = [NT_BASE + 0x1e3d00n, 0xfffff880009e9000n];

function ntSymbol(name: string): bigint {
  const s = NT_SYMBOLS.find(([n]) => n === name);
  return NT_BASE + BigInt(s ? s[1] : 0);
}

function toModule(img: MappedImage): Module {
  const unwind = new Map<number, UnwindInfo>();
  for (const s of img.symbols) {
    if (s.kind !== 'function') continue;
    const ref = `${img.name}!${s.name}`;
    unwind.set(s.rva, TRAP_ROUTINES.has(ref) ? { kind: 'trap', offset: TRAP_OFFSET } : { kind: 'frame', size: frameSizeOf(ref) });
  }
  return {
    name: img.name,
    image: img.file,
    base: img.base,
    size: img.size,
    timestamp: img.timestamp,
    checksum: 0,
    pdb: img.user ? `${img.name}.pdb` : img.name === 'nt' ? 'ntkrnlmp.pdb' : `${img.name}.pdb`,
    path: img.path,
    symbols: [...img.symbols].sort((a, b) => a.rva - b.rva).map((s) => ({ name: s.name, rva: s.rva, kind: s.kind })),
    unwind,
    user: img.user,
  };
}

/** A wall-clock time (ms since 1970) as dbgeng prints it: 'Mon Feb 14 08:30:00.000 2011 (UTC + 0:00)'. */
export function debugTime(ms: number): string {
  return new Date(ms).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5.000 $4 (UTC + 0:00)');
}

function formatUptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const ms3 = String(ms % 1000).padStart(3, '0');
  return `${d} days ${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}.${ms3}`;
}

export class LiveTarget implements Target {
  readonly kind: 'live' | 'dump';
  readonly mode: LiveMode;
  readonly arch = 'x64' as const;
  readonly k: Kernel;
  /** The process whose page tables translate user addresses (EPROCESS, hex); null: the running thread's. */
  userContext: string | null = null;
  /**
   * The process whose user modules the debugger last loaded (`.reload /user`, `.process /r`):
   * the user module list is this cached one, even after the context moves on.
   */
  userModules: string | null = null;
  /** Run control, for a live kernel connection from a host. */
  readonly control?: TargetControl;

  constructor(k: Kernel, mode: LiveMode, control?: TargetControl) {
    this.k = k;
    this.mode = mode;
    this.kind = mode === 'dump' ? 'dump' : 'live';
    if (control) this.control = control;
  }

  get types(): TypeDatabase {
    return machineTypes();
  }

  get version(): TargetVersion {
    const m = this.k.machine;

    return {
      kernel: `Windows 7 Kernel Version ${m.version.build} (Service Pack ${m.version.servicePack}) MP (${this.processorCount} procs) Free x64`,
      product: 'Product: WinNt, suite: TerminalServer SingleUserTS',
      builtBy: '7601.17514.amd64fre.win7sp1_rtm.101119-1850',
      machineName: '',
      kernelBase: NT_BASE,
      psLoadedModuleList: ntSymbol('PsLoadedModuleList'),
      sessionTime: debugTime(this.k.now()),
      // Since this boot (a restart starts the count again).
      uptime: formatUptime(Math.max(0, m.clock.now() - this.k.ke.state.bootedAt)),
      bucketFamily: 'VISTA',
    };
  }

  get processorCount(): number {
    return this.k.ps.processorCount;
  }

  get currentProcessor(): number {
    return this.k.kd.state.stop?.processor ?? 0;
  }

  private moduleCache = new Map<number | null, Module[]>();
  private stackCache = new Map<number, ReturnType<typeof layStack>>();

  /** Invalidate cached views of the machine (each debugger command starts with fresh state). */
  refresh(): void {
    this.k.mm.invalidate();
    this.moduleCache.clear();
    this.stackCache.clear();
  }

  private processByEprocess(eprocess: string): Process | undefined {
    return this.k.ps.list().find((p) => p.eprocess === eprocess);
  }

  /** The process whose user space is visible now. */
  contextProcess(): Process | undefined {
    const ep = this.userContext ?? this.runningProcess();
    return ep ? this.processByEprocess(ep) : undefined;
  }

  private runningProcess(): string | null {
    const stop = this.k.kd.state.stop;
    if (stop) return stop.process;
    return null;
  }

  read(address: bigint, length: number): Uint8Array | null {
    const p = this.contextProcess();
    const space = VirtualMemory.spaceOf(address, p?.pid ?? null);
    if (space === null) return null;
    return this.k.mm.read(space, address, length);
  }

  readable(address: bigint): boolean {
    return this.read(address, 1) !== null;
  }

  /** Write target memory (live and dump sessions alike keep the bytes). False: not mapped. */
  write(address: bigint, data: Uint8Array): boolean {
    const p = this.contextProcess();
    const space = VirtualMemory.spaceOf(address, p?.pid ?? null);
    if (space === null || !this.k.mm.read(space, address, data.length)) return false;
    if (this.control) return this.control.writeMemory(address, data, p?.eprocess ?? null);
    return this.k.mm.write(space, address, data);
  }

  private imagesFor(pid: number | null): MappedImage[] {
    const p = pid === null ? undefined : this.k.ps.process(pid);
    return [...kernelImages(this.k), ...(p ? userImages(p) : [])];
  }

  /** The frames a thread shows: where the stub stopped, if it is the stopped thread; else its waiting stack. */
  framesOf(t: Thread): string[] {
    const stop = this.k.kd.state.stop;
    if (stop && stop.thread === t.ethread) return stop.frames;
    const p = this.k.ps.process(t.pid);
    return p ? threadFrames(p, t) : [];
  }

  laidStack(t: Thread): ReturnType<typeof layStack> {
    const hit = this.stackCache.get(t.tid);
    if (hit) return hit;
    const p = this.k.ps.process(t.pid);
    const laid = p ? this.k.psMemory.laid(p, t) : { rip: 0n, rsp: 0n, qwords: new Map<bigint, bigint>() };
    this.stackCache.set(t.tid, laid);
    return laid;
  }

  threadContext(ethread: bigint): RegisterContext | null {
    const t = Object.values(this.k.ps.state.threads).find((x) => big(x.ethread) === ethread);
    if (!t) return null;
    const base = this.processor(0)?.context;
    if (!base) return null;
    const laid = this.laidStack(t);
    return { ...base, regs: { ...base.regs, rip: laid.rip, rsp: laid.rsp } };
  }

  processor(index: number): ProcessorInfo | null {
    if (index < 0 || index >= this.processorCount) return null;
    const stop = this.k.kd.state.stop;
    const threadAddr = stop && stop.processor === index ? stop.thread : this.k.ps.state.idleThreads[index];
    const t = Object.values(this.k.ps.state.threads).find((x) => x.ethread === threadAddr);
    const regs = Object.fromEntries(REGISTER_NAMES.map((n) => [n, 0n])) as Record<RegisterName, bigint>;
    regs.cs = 0x10n;
    regs.ss = 0x18n;
    regs.ds = 0x2bn;
    regs.es = 0x2bn;
    regs.fs = 0x53n;
    regs.gs = 0x2bn;
    regs.efl = 0x246n;
    if (t) {
      const laid = this.laidStack(t);
      regs.rip = laid.rip;
      regs.rsp = laid.rsp;
    } else {
      regs.rip = ntSymbol('KiIdleLoop') + 0x50n;
      regs.rsp = 0xfffff80000b9cc70n - BigInt(index) * 0x10000n;
    }
    if (stop && stop.processor === index) {
      const [rcx, rdx, r8, r9] = stop.args.map((a) => big(a));
      if (rcx !== undefined) regs.rcx = rcx;
      if (rdx !== undefined) regs.rdx = rdx;
      if (r8 !== undefined) regs.r8 = r8;
      if (r9 !== undefined) regs.r9 = r9;
      if (stop.ret !== undefined) regs.rax = big(stop.ret);
      // A break-in stops in the debugger's break stub; a DbgBreakPoint the target ran (Verifier's b), at its int 3.
      if (stop.kind === 'break-in') regs.rip = ntSymbol(stop.frames[0] === 'nt!DbgBreakPoint' ? 'DbgBreakPoint' : 'RtlpBreakWithStatusInstruction');
    }
    const pcr = PCR[index] ?? PCR[0] + BigInt(index) * 0x10000n;
    return {
      context: { regs, flagBits: regs.efl, source: 'processor' },
      irql: stop && stop.processor === index ? stop.irql : 0,
      thread: big(threadAddr),
      pcr,
      control: this.processorControl(index, pcr, t),
    };
  }

  /** What the processor's control region holds: its idle thread, descriptor tables, the last user thread, its tick counts. */
  private processorControl(index: number, pcr: bigint, running: Thread | undefined): ProcessorControl {
    const ticks = Math.floor(Math.max(0, this.k.machine.clock.now() - this.k.ke.state.bootedAt) / 15.625);
    const user = running && running.teb !== '0' ? running : undefined;
    return {
      idleThread: big(this.k.ps.state.idleThreads[index] ?? '0'),
      gdt: index === 0 ? 0xfffff80000b95000n : pcr + 0x6000n,
      tss: index === 0 ? 0xfffff80000b96080n : pcr + 0x7080n,
      userRsp: user ? big(user.userStack) - 0x100n : 0n,
      teb: user ? big(user.teb) : 0n,
      interrupts: ticks * 3 + 17 * (index + 1),
      dpcTime: Math.floor(ticks / 50),
      interruptTime: Math.floor(ticks / 90),
      kernelTime: Math.floor((ticks * 19) / 20),
      userTime: Math.floor(ticks / 20),
    };
  }

  setUserContext(eprocess: bigint | null): void {
    this.userContext = eprocess === null ? null : eprocess.toString(16).padStart(16, '0');
    this.refresh();
  }

  /** `.reload /user`: load the user module list of the process now in context; returns how many. */
  reloadUser(): number {
    const p = this.contextProcess();
    this.userModules = p?.eprocess ?? null;
    this.moduleCache.clear();
    return p ? userImages(p).length : 0;
  }

  modules(): readonly Module[] {
    const cached = this.userModules ?? this.runningProcess();
    const pid = cached ? (this.processByEprocess(cached)?.pid ?? null) : null;
    let list = this.moduleCache.get(pid);
    if (!list) this.moduleCache.set(pid, (list = this.imagesFor(pid).map(toModule)));
    return list;
  }

  processes(): readonly ProcessInfo[] {
    return this.k.ps.list().map((p) => ({ eprocess: big(p.eprocess), imageFileName: p.name.slice(0, 14), pid: p.pid, peb: big(p.peb) }));
  }

  threads(): readonly ThreadInfo[] {
    return Object.values(this.k.ps.state.threads).map((t) => ({
      ethread: big(t.ethread),
      process: big(this.k.ps.process(t.pid)?.eprocess ?? '0'),
      tid: t.tid,
    }));
  }

  bugCheck(): BugCheckData | null {
    const h = this.k.ke.state.halted;
    if (!h) return null;
    const args = h.params.map((p) => BigInt('0x' + String(p).replace(/^0x/i, '').replace(/`/g, ''))) as [bigint, bigint, bigint, bigint];
    // The kernel names the driver (KiBugCheckDriver) when the code that ran was an unloaded one's.
    const gone = h.module ? this.k.io.state.unloaded?.[h.module] : undefined;
    return gone && !this.k.io.image(h.module ?? '') ? { code: h.code, args, driver: gone.file } : { code: h.code, args };
  }

  regions(): readonly AddressRegion[] {
    return liveRegions(this.k, this.contextProcess());
  }
}
