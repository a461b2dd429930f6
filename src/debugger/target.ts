/**
 * What the debugger looks at. A crash dump and the live simulated machine both
 * implement `Target`; every command reads the target through this interface
 * only, so all commands agree about the same bytes.
 */
import type { ProgramHost } from '../base/program.ts';
import type { TypeDatabase } from './types.ts';

/** The names of the x64 general registers plus rip, efl and the segment selectors. */
export type RegisterName =
  | 'rax'
  | 'rbx'
  | 'rcx'
  | 'rdx'
  | 'rsi'
  | 'rdi'
  | 'rbp'
  | 'rsp'
  | 'r8'
  | 'r9'
  | 'r10'
  | 'r11'
  | 'r12'
  | 'r13'
  | 'r14'
  | 'r15'
  | 'rip'
  | 'efl'
  | 'cs'
  | 'ss'
  | 'ds'
  | 'es'
  | 'fs'
  | 'gs';

export const REGISTER_NAMES: readonly RegisterName[] = [
  'rax',
  'rbx',
  'rcx',
  'rdx',
  'rsi',
  'rdi',
  'rbp',
  'rsp',
  'r8',
  'r9',
  'r10',
  'r11',
  'r12',
  'r13',
  'r14',
  'r15',
  'rip',
  'efl',
  'cs',
  'ss',
  'ds',
  'es',
  'fs',
  'gs',
];

/** A register context: a processor's state, a CONTEXT record or a trap frame. */
export interface RegisterContext {
  readonly regs: Readonly<Record<RegisterName, bigint>>;
  /**
   * The flags word the eight flag mnemonics (nv up ei pl nz na po nc) are read
   * from. For a processor this is `efl`; the dbgeng generation modelled here
   * keeps the processor's own flags for them after `.cxr` (the race dump shows
   * efl=00010206 beside "po").
   */
  readonly flagBits: bigint;
  /** Where the context came from, for `.cxr` events and banners. */
  readonly source: 'processor' | 'cxr' | 'trap';
  /** Address of the CONTEXT record or trap frame (not for processors). */
  readonly address?: bigint;
}

export interface SymbolDef {
  readonly name: string;
  /** Offset from the module base. */
  readonly rva: number;
  /** Length in bytes when known (function extent from the PDB). */
  readonly size?: number;
  readonly kind: 'function' | 'data';
}

/** How the unwinder leaves a function's frame (from the image's unwind data). */
export type UnwindInfo =
  /** rsp grows by `size` bytes below the return address: ret at [Child-SP + size]. */
  | { readonly kind: 'frame'; readonly size: number }
  /** The function built a KTRAP_FRAME at Child-SP + `offset`; rip/rsp come from it. */
  | { readonly kind: 'trap'; readonly offset: number };

export interface Module {
  /** Module name as `lm` shows it (no extension): nt, fltmgr. */
  readonly name: string;
  /** Image file name: ntkrnlmp.exe, fltmgr.sys. */
  readonly image: string;
  readonly base: bigint;
  readonly size: number;
  readonly timestamp: number;
  readonly checksum: number;
  /** Path of the PDB once symbols load; null: no symbols available. */
  readonly pdb: string | null;
  /** Image path as the loader recorded it. */
  readonly path: string;
  readonly symbols: readonly SymbolDef[];
  readonly unwind: ReadonlyMap<number, UnwindInfo>;
  readonly user: boolean;
  /** RVA of the image's entry point (AddressOfEntryPoint), when known. */
  readonly entry?: number;
  /** false: the debugger resolves names in it but `lm` does not list it (an x86 kernel session's system DLL). */
  readonly listed?: boolean;
}

export interface ProcessInfo {
  readonly eprocess: bigint;
  /** EPROCESS.ImageFileName: at most 14 characters. */
  readonly imageFileName: string;
  readonly pid: number;
  readonly peb: bigint;
}

export interface ThreadInfo {
  readonly ethread: bigint;
  readonly process: bigint;
  readonly tid: number;
  /** The thread's TEB ($teb); 0 for system threads. */
  readonly teb?: bigint;
}

export interface BugCheckData {
  readonly code: number;
  readonly args: readonly [bigint, bigint, bigint, bigint];
  /** KiBugCheckDriver: the image the kernel blamed when the faulting code belongs to no loaded module ('sioctl.sys'). */
  readonly driver?: string;
}

/** Control, debug and descriptor-table registers `r cr0`, `r dr7`, `rM 0x80` show. */
export type SpecialRegisterName =
  | 'cr0'
  | 'cr2'
  | 'cr3'
  | 'cr4'
  | 'cr8'
  | 'dr0'
  | 'dr1'
  | 'dr2'
  | 'dr3'
  | 'dr6'
  | 'dr7'
  | 'gdtr'
  | 'gdtl'
  | 'idtr'
  | 'idtl'
  | 'tr'
  | 'ldtr';

export const SPECIAL_REGISTER_NAMES: readonly SpecialRegisterName[] = [
  'cr0',
  'cr2',
  'cr3',
  'cr4',
  'cr8',
  'dr0',
  'dr1',
  'dr2',
  'dr3',
  'dr6',
  'dr7',
  'gdtr',
  'gdtl',
  'idtr',
  'idtl',
  'tr',
  'ldtr',
];

export interface ProcessorInfo {
  readonly context: RegisterContext;
  readonly irql: number;
  readonly thread: bigint;
  /** The processor's control and debug registers (a dump keeps them in its KPRCB's special registers). */
  readonly special?: Readonly<Record<SpecialRegisterName, bigint>>;
  /** Address of the processor's KPCR ($pcr); its KPRCB ($prcb) sits at +0x180 on x64. */
  readonly pcr?: bigint;
  /** What a live target's KPCR/KPRCB hold beyond that, for `!pcr` and `!prcb`. */
  readonly control?: ProcessorControl;
}

/** The parts of a processor's KPCR and KPRCB that `!pcr` and `!prcb` show. */
export interface ProcessorControl {
  readonly idleThread: bigint;
  readonly gdt: bigint;
  readonly tss: bigint;
  /** The user-mode stack pointer and TEB of the last user thread that ran there (0: none). */
  readonly userRsp: bigint;
  readonly teb: bigint;
  /** Clock ticks and interrupts this processor has counted since boot. */
  readonly interrupts: number;
  readonly dpcTime: number;
  readonly interruptTime: number;
  readonly kernelTime: number;
  readonly userTime: number;
}

/**
 * Address-space regions, for `!pool`, `!address` and friends: the kernel's, then
 * the user space of the process in context (the `User …`, `TEB`, `PEB` and `Heap` kinds).
 */
export interface AddressRegion {
  readonly start: bigint;
  readonly end: bigint;
  readonly kind:
    | 'Nonpaged pool'
    | 'Paged pool'
    | 'Special pool'
    | 'Kernel stack'
    | 'System PTE'
    | 'Image'
    | 'User image'
    | 'User stack'
    | 'TEB'
    | 'PEB'
    | 'Heap';
  /** An image's module name and path as the loader has them (when the target knows them). */
  readonly module?: { readonly name: string; readonly path: string };
  /** The ETHREAD a stack or TEB belongs to, with its process and thread ids. */
  readonly thread?: { readonly ethread: bigint; readonly pid: number; readonly tid: number };
}

/** One level of a page-table walk (`!pte`): where the entry is and what it holds. */
export interface PageTableEntry {
  readonly level: 'PXE' | 'PPE' | 'PDE' | 'PTE';
  readonly address: bigint;
  /** null: the table holding this entry is not in memory either. */
  readonly contents: bigint | null;
}

export interface TargetVersion {
  /** "Windows 7 Kernel Version 7600 MP (4 procs) Free x64" */
  readonly kernel: string;
  readonly product: string;
  readonly builtBy: string;
  readonly machineName: string;
  readonly kernelBase: bigint;
  readonly psLoadedModuleList: bigint;
  readonly sessionTime: string;
  readonly uptime: string;
  /** 'VISTA' for the analyzer bucket prefix of NT 6.x in this generation. */
  readonly bucketFamily: string;
}

export interface Target {
  readonly kind: 'dump' | 'live';
  /** x86 targets keep their 32-bit registers in the low halves of the x64 names (eax in rax…). */
  readonly arch: 'x64' | 'x86';
  readonly version: TargetVersion;
  readonly processorCount: number;
  /** The processor the target stopped on. */
  readonly currentProcessor: number;
  /** Bytes at `address`; null if any byte of the range cannot be read. */
  read(address: bigint, length: number): Uint8Array | null;
  /** True when the byte at `address` can be read. */
  readable(address: bigint): boolean;
  processor(index: number): ProcessorInfo | null;
  modules(): readonly Module[];
  readonly types: TypeDatabase;
  processes(): readonly ProcessInfo[];
  threads(): readonly ThreadInfo[];
  bugCheck(): BugCheckData | null;
  regions(): readonly AddressRegion[];
  /**
   * Change memory (`e*`, `f`, `m`). A dump keeps the change for the session, as
   * WinDbg does; false when a byte of the range is not in the target.
   */
  write?(address: bigint, data: Uint8Array): boolean;
  /** The first readable address in [address, end), for searches over sparse memory; null: none. */
  nextReadable?(address: bigint, end: bigint): bigint | null;
  /** The four-level walk for `va` (x64: PXE, PPE, PDE, PTE), for `!pte`. */
  pageWalk?(va: bigint): readonly PageTableEntry[];
  /** Bytes at a physical address (`!db`, `d* /p`); null when the target holds no physical memory there. */
  readPhysical?(address: bigint, length: number): Uint8Array | null;
  /** Forget cached views of a target that changes (a live machine); called before each command. */
  refresh?(): void;
  /** Run control, for a live kernel connection (absent for dumps and local kernel debugging). */
  readonly control?: TargetControl;
  /** Kernel targets with processes: whose page tables translate user addresses (EPROCESS address); null: the current thread's. */
  setUserContext?(eprocess: bigint | null): void;
  /** `.reload /user`: load the user module list of the process in context; returns how many modules. */
  reloadUser?(): number;
  /** A thread's saved register context (where it resumes), for `.thread`. */
  threadContext?(ethread: bigint): RegisterContext | null;
}

/** What a debugger can make a live target do. */
export interface TargetControl {
  /** Breakpoints as the machine's debugger stub holds them. */
  breakpoints(): readonly TargetBreakpoint[];
  /** `deferred`: a bu breakpoint (or a bp whose symbol is not loaded yet), which follows its symbol. */
  setBreakpoint(bp: {
    id?: number;
    address: bigint;
    expression: string;
    process: bigint | null;
    thread: bigint | null;
    command: string;
    oneShot: boolean;
    deferred?: boolean;
  }): TargetBreakpoint;
  clearBreakpoint(id: number): boolean;
  enableBreakpoint(id: number, on: boolean): boolean;
  /** Resume the machine (`g`): it runs until the next stop, whose banner is written to `host`. */
  go(host: ProgramHost): void;
  /** Stop the running machine (Ctrl-C in kd). */
  breakIn(host: ProgramHost): void;
  /**
   * `t` (into), `p` (over), `gu` (out), at the granularity the target runs at: the machine
   * runs until the step ends (or something else stops it) and the stop is written to `host`.
   */
  step?(mode: 'into' | 'over' | 'out', host: ProgramHost): void;
  /** `.process /i`: at the next `g`, break in again inside this process (EPROCESS address). */
  invasiveSwitch?(eprocess: bigint): void;
  /** Write memory while stopped (timed to the stop, so it takes effect in what runs after it). */
  writeMemory(address: bigint, data: Uint8Array, process: string | null): boolean;
}

export interface TargetBreakpoint {
  readonly id: number;
  readonly address: bigint;
  readonly expression: string;
  readonly enabled: boolean;
  readonly process: bigint | null;
  readonly thread: bigint | null;
  readonly command: string;
  readonly hits: number;
}
