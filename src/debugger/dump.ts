/**
 * A crash dump as a `Target`, built from a compact description: mapped
 * ranges, byte writes, pool pages (real _POOL_HEADERs), stacks (return
 * addresses, home space, trap frames, call sites), CONTEXT records, modules
 * with symbols and unwind data, processors, processes and the bug check.
 */
import { le, hexBytes, SparseMemory } from './memory.ts';
import type {
  AddressRegion,
  BugCheckData,
  Module,
  PageTableEntry,
  ProcessInfo,
  ProcessorInfo,
  RegisterContext,
  RegisterName,
  SpecialRegisterName,
  SymbolDef,
  Target,
  TargetVersion,
  ThreadInfo,
  UnwindInfo,
} from './target.ts';
import { TypeDatabase, type ModuleTypes } from './types.ts';
import { writeContextRecord } from './context.ts';
import { writeDumpObjects } from './dump-objects.ts';

/** A module as the dump describes it: symbols and code by absolute address; unwind data comes from the stacks. */
export interface ModuleSpec extends Omit<Module, 'symbols' | 'unwind' | 'user'> {
  /** [name, absolute address, size?, 'data' for variables (functions otherwise)] */
  readonly symbols?: readonly (readonly [string, bigint, number?, 'data'?])[];
  /** [absolute address, hex bytes] */
  readonly code?: readonly (readonly [bigint, string])[];
  readonly user?: boolean;
}

export interface FrameSpec {
  /** 'module!function+0xoff', or a bare address for code without a module. */
  readonly at: string;
  /** Child-SP. */
  readonly sp: bigint;
  /** The four home-space qwords above the return address ("Args to Child"). */
  readonly args?: readonly bigint[];
  /** The function keeps a KTRAP_FRAME at Child-SP + trap. */
  readonly trap?: number;
  /** Bytes of the call instruction that precedes this frame's return address in its caller. */
  readonly call?: string;
}

export interface PoolBlockSpec {
  /** Offset in the page. */
  readonly at: number;
  readonly size: number;
  /** Four tag characters; '\\xNN' escapes allowed. */
  readonly tag: string;
  readonly free?: boolean;
  readonly protectedTag?: boolean;
}

export interface PoolPageSpec {
  readonly page: bigint;
  readonly paged: boolean;
  readonly blocks: readonly PoolBlockSpec[];
}

export interface ProcessorSpec {
  readonly index: number;
  readonly regs: Readonly<Record<RegisterName, bigint>>;
  readonly irql: number;
  readonly thread: bigint;
  readonly special?: Readonly<Record<SpecialRegisterName, bigint>>;
  readonly pcr?: bigint;
}

export interface ContextRecordSpec {
  readonly address: bigint;
  readonly regs: Readonly<Record<RegisterName, bigint>>;
}

export interface DumpSpec {
  /** Default x64. */
  readonly arch?: 'x64' | 'x86';
  readonly version: TargetVersion;
  readonly processorCount: number;
  readonly currentProcessor: number;
  readonly modules: readonly ModuleSpec[];
  readonly types: readonly ModuleTypes[];
  readonly regions: readonly AddressRegion[];
  /** Wholly present ranges [start, end). */
  readonly mapped: readonly (readonly [bigint, bigint])[];
  /** Raw writes: [address, hex bytes]. */
  readonly bytes?: readonly (readonly [bigint, string])[];
  /** Qword writes: [address, ...values]. */
  readonly qwords?: readonly (readonly [bigint, ...bigint[]])[];
  /** UTF-16 strings: [address, text] (no terminator is added). */
  readonly strings?: readonly (readonly [bigint, string])[];
  readonly pool?: readonly PoolPageSpec[];
  readonly stacks?: readonly (readonly FrameSpec[])[];
  readonly contextRecords?: readonly ContextRecordSpec[];
  readonly processors: readonly ProcessorSpec[];
  readonly processes: readonly ProcessInfo[];
  readonly threads: readonly ThreadInfo[];
  readonly bugCheck: BugCheckData | null;
}

/** Parse a pool tag written with '\\xNN' escapes into its four bytes. */
export function tagBytes(tag: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < tag.length; i++) {
    if (tag[i] === '\\' && tag[i + 1] === 'x') {
      out.push(parseInt(tag.slice(i + 2, i + 4), 16));
      i += 3;
    } else out.push(tag.charCodeAt(i));
  }
  while (out.length < 4) out.push(0x20);
  return out.slice(0, 4);
}

export class DumpTarget implements Target {
  readonly kind = 'dump' as const;
  readonly arch: 'x64' | 'x86';
  readonly version: TargetVersion;
  readonly processorCount: number;
  readonly currentProcessor: number;
  readonly types: TypeDatabase;
  private readonly memory = new SparseMemory();
  private readonly moduleList: Module[];
  private readonly processorList: Map<number, ProcessorInfo>;
  private readonly spec: DumpSpec;

  constructor(spec: DumpSpec) {
    this.spec = spec;
    this.arch = spec.arch ?? 'x64';
    this.version = spec.version;
    this.processorCount = spec.processorCount;
    this.currentProcessor = spec.currentProcessor;
    this.types = new TypeDatabase(spec.types);
    const mem = this.memory;
    for (const [s, e] of spec.mapped) mem.mapRange(s, e);
    for (const [a, h] of spec.bytes ?? []) mem.write(a, hexBytes(h));
    for (const [a, ...vs] of spec.qwords ?? []) vs.forEach((v, i) => mem.writeU64(a + BigInt(i * 8), v));
    for (const [a, s] of spec.strings ?? []) {
      for (let i = 0; i < s.length; i++) mem.writeU16(a + BigInt(i * 2), s.charCodeAt(i));
    }
    for (const page of spec.pool ?? []) this.writePool(page);
    for (const c of spec.contextRecords ?? []) writeContextRecord(mem, c.address, c.regs);
    for (const m of spec.modules) for (const [a, h] of m.code ?? []) mem.write(a, hexBytes(h));
    // nt!KiBugCheckData holds what KeBugCheckEx was called with: the code, then the four parameters.
    const kbd = spec.modules.find((m) => m.name === 'nt')?.symbols?.find(([name]) => name === 'KiBugCheckData');
    writeDumpObjects(mem, this.types, {
      processes: spec.processes,
      threads: spec.threads,
      running: spec.processors.map((p) => ({ thread: p.thread, processor: p.index, rsp: p.regs.rsp })),
    });
    if (kbd && spec.bugCheck) [BigInt(spec.bugCheck.code), ...spec.bugCheck.args].forEach((v, i) => mem.writeU64(kbd[1] + BigInt(i * 8), v));
    const unwind = new Map<string, Map<number, UnwindInfo>>();
    for (const stack of spec.stacks ?? []) this.writeStack(stack, unwind);
    this.moduleList = spec.modules.map((m) => toModule(m, unwind.get(m.name.toLowerCase()) ?? new Map()));
    this.processorList = new Map(
      spec.processors.map((p) => [
        p.index,
        {
          irql: p.irql,
          thread: p.thread,
          context: { regs: p.regs, flagBits: p.regs.efl, source: 'processor' } satisfies RegisterContext,
          ...(p.special ? { special: p.special } : {}),
          ...(p.pcr !== undefined ? { pcr: p.pcr } : {}),
        },
      ]),
    );
  }

  read(address: bigint, length: number): Uint8Array | null {
    return this.memory.read(address, length);
  }

  readable(address: bigint): boolean {
    return this.memory.readable(address);
  }

  /** Edits stay in this target for the session; only bytes the dump holds can change. */
  write(address: bigint, data: Uint8Array): boolean {
    if (data.length > 0 && !this.memory.read(address, data.length)) return false;
    this.memory.write(address, data);
    return true;
  }

  nextReadable(address: bigint, end: bigint): bigint | null {
    return this.memory.nextReadable(address, end);
  }

  /**
   * The dump's page tables, as far as the pages it holds tell them: a level is
   * valid when some page under it is in the dump, and the page's own PTE when
   * the page is. Frame numbers are stable but made up (a lab dump has no
   * physical layout).
   */
  pageWalk(va: bigint): readonly PageTableEntry[] {
    const levels: readonly [PageTableEntry['level'], bigint, bigint, bigint][] = [
      ['PXE', 0xfffff6fb7dbed000n, 36n, 0xff8n],
      ['PPE', 0xfffff6fb7da00000n, 27n, 0x1ffff8n],
      ['PDE', 0xfffff6fb40000000n, 18n, 0x3ffffff8n],
      ['PTE', 0xfffff68000000000n, 9n, 0x7ffffffff8n],
    ];
    const spans = [39n, 30n, 21n, 12n];
    const out: PageTableEntry[] = [];
    let tablePresent = true;
    levels.forEach(([level, base, shift, mask], k) => {
      const address = base + ((va >> shift) & mask);
      const start = (va >> spans[k]) << spans[k];
      const valid = this.memory.nextReadable(start, start + (1n << spans[k])) !== null;
      const user = va < 0x800000000000n;
      const pfn = pseudoFrame(address);
      // D A W V, bit 11 (Windows' software write bit); user-accessible below the kernel half; PTEs of data pages are NX and global.
      const flags = 0x863n | (user ? 4n : 0n) | (level === 'PTE' && !user ? 0x8000000000000100n : 0n);
      out.push({ level, address, contents: tablePresent ? (valid ? (pfn << 12n) | flags : 0n) : null });
      tablePresent = tablePresent && valid;
    });
    return out;
  }

  /** A kernel memory dump holds no physical-address index here: nothing is readable physically. */
  readPhysical(): Uint8Array | null {
    return null;
  }

  processor(index: number): ProcessorInfo | null {
    return this.processorList.get(index) ?? null;
  }

  modules(): readonly Module[] {
    return this.moduleList;
  }

  processes(): readonly ProcessInfo[] {
    return this.spec.processes;
  }

  threads(): readonly ThreadInfo[] {
    return this.spec.threads;
  }

  bugCheck(): BugCheckData | null {
    return this.spec.bugCheck;
  }

  regions(): readonly AddressRegion[] {
    return this.spec.regions;
  }

  private writePool(page: PoolPageSpec): void {
    const mem = this.memory;
    mem.mapPage(page.page);
    let prev = 0;
    for (const b of page.blocks) {
      const header = page.page + BigInt(b.at);
      const type = b.free ? 0 : page.paged ? 2 : 1;
      const index = page.paged && !b.free ? 1 : 0;
      const ulong1 = (prev >> 4) | (index << 8) | ((b.size >> 4) << 16) | (type << 24);
      mem.writeU32(header, ulong1 >>> 0);
      const tag = tagBytes(b.tag);
      if (b.protectedTag) tag[3] |= 0x80;
      mem.write(header + 4n, Uint8Array.from(tag));
      prev = b.size;
    }
  }

  /** Lay out a stack from the top frame (index 0) down to the oldest. */
  private writeStack(frames: readonly FrameSpec[], unwind: Map<string, Map<number, UnwindInfo>>): void {
    const mem = this.memory;
    const resolve = (at: string): { module: ModuleSpec | null; func: bigint; address: bigint } => {
      const m = /^(\w+)!(.+?)(?:\+0x([0-9a-f]+))?$/.exec(at);
      if (!m) return { module: null, func: BigInt('0x' + at.replace(/`/g, '')), address: BigInt('0x' + at.replace(/`/g, '')) };
      const mod = this.spec.modules.find((x) => x.name === m[1]);
      const sym = mod?.symbols?.find((s) => s[0] === m[2]);
      if (!mod || !sym) throw new Error(`stack frame ${at}: unknown symbol`);
      return { module: mod, func: sym[1], address: sym[1] + BigInt(m[3] ? '0x' + m[3] : 0) };
    };
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i];
      const here = resolve(f.at);
      const next = frames[i + 1];
      if (!next) continue;
      const there = resolve(next.at);
      if (here.module) {
        const table = unwind.get(here.module.name.toLowerCase()) ?? new Map<number, UnwindInfo>();
        unwind.set(here.module.name.toLowerCase(), table);
        const rva = Number(here.func - here.module.base);
        if (f.trap !== undefined) table.set(rva, { kind: 'trap', offset: f.trap });
        else table.set(rva, { kind: 'frame', size: Number(next.sp - f.sp - 8n) });
      }
      if (f.trap !== undefined) {
        const tf = f.sp + BigInt(f.trap);
        mem.writeU64(tf + 0x168n, there.address);
        mem.writeU64(tf + 0x180n, next.sp);
      } else {
        mem.writeU64(next.sp - 8n, there.address);
        const call = next.call ?? callBytes(here.module, there.module, there.address, here.func);
        const bytes = hexBytes(call);
        mem.writeIfEmpty(there.address - BigInt(bytes.length), bytes);
      }
      (f.args ?? []).forEach((v, k) => mem.writeU64(next.sp + BigInt(k * 8), v));
    }
  }
}

/** A stable page frame number for a page-table entry's address. */
function pseudoFrame(address: bigint): bigint {
  let h = 0x811c9dc5;
  for (let v = address; v > 0n; v >>= 8n) h = Math.imul(h ^ Number(v & 0xffn), 0x01000193) >>> 0;
  return 0x10000n + BigInt(h % 0x1f0000);
}

/** A plausible call instruction ending at `ret` and calling `target`. */
function callBytes(callee: ModuleSpec | null, caller: ModuleSpec | null, ret: bigint, target: bigint): string {
  if (callee && caller && callee.name === caller.name) {
    const rel = (target - ret) & 0xffffffffn;
    return 'e8' + [...le(rel, 4)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
  return 'ffd0';
}

function toModule(m: ModuleSpec, unwind: Map<number, UnwindInfo>): Module {
  const symbols: SymbolDef[] = (m.symbols ?? []).map(([name, address, size, kind]) => ({
    name,
    rva: Number(address - m.base),
    kind: kind ?? 'function',
    ...(size === undefined ? {} : { size }),
  }));
  symbols.sort((a, b) => a.rva - b.rva);
  return {
    name: m.name,
    image: m.image,
    base: m.base,
    size: m.size,
    timestamp: m.timestamp,
    checksum: m.checksum,
    pdb: m.pdb,
    path: m.path,
    symbols,
    unwind,
    user: m.user === true,
    ...(m.entry === undefined ? {} : { entry: m.entry }),
  };
}
