/**
 * Loaded kernel images as memory and symbols (MmLoadSystemImage's view): nt,
 * hal and kdcom at their boot addresses, then every driver image the I/O
 * manager mapped. Each image is a region with a real-looking MZ/PE header,
 * a .text section holding a short, valid x64 routine for every symbol of the
 * module's code (so `u module!Routine` disassembles and a breakpoint lands on
 * an instruction), and a .data section with the kernel's global variables.
 * PsLoadedModuleList is a real chain of _LDR_DATA_TABLE_ENTRYs in pool.
 *
 * One source for routine addresses: `symbolAddress` serves the debugger's
 * symbol table, the driver objects' dispatch tables and the stack frames.
 */
import type { Kernel } from '../nt.ts';
import { Subsystem } from '../subsystem.ts';
import { MODULES } from '../drivers/modules.ts';
import type { ModuleCode } from '../io/types.ts';
import type { MemoryBlock, MemoryProvider, SpaceId } from './memory.ts';
import { StructWriter, putLe, utf16z } from './layout.ts';
import { win7X64TypeDatabase } from '../types/win7-x64.ts';
import { NT_BASE, NT_DATA_SIZES, NT_SIZE, NT_SYMBOLS, NT_TIMESTAMP, frameSizeOf } from '../ke/ntsyms.ts';

export interface ImageSymbol {
  readonly name: string;
  readonly rva: number;
  readonly size: number;
  readonly kind: 'function' | 'data';
  /** For a function: bytes its frame takes below the return address once the prologue ran (its unwind data). */
  readonly frameSize?: number;
}

/** A loaded kernel module as the debugger's module list needs it (no debugger types here). */
export interface KernelModule {
  /** Module name as `lm` shows it: nt, hal, swlegacy. */
  readonly name: string;
  /** Image file name: ntkrnlmp.exe, swlegacy.sys. */
  readonly image: string;
  /** FullDllName of the loader entry: \SystemRoot\system32\drivers\swlegacy.sys. */
  readonly path: string;
  readonly base: bigint;
  readonly size: number;
  readonly timestamp: number;
  readonly checksum: number;
  readonly symbols: readonly ImageSymbol[];
  /** Address of its _LDR_DATA_TABLE_ENTRY. */
  readonly entry: bigint;
}

/** Where the boot images load on this machine (Windows 7 SP1 x64 puts nt just above hal). */
interface FixedImage {
  readonly name: string;
  readonly image: string;
  readonly base: bigint;
  readonly size: number;
  readonly timestamp: number;
  readonly path: string;
  readonly routines: readonly string[];
}

const FIXED: readonly FixedImage[] = [
  { name: 'nt', image: 'ntkrnlmp.exe', base: NT_BASE, size: NT_SIZE, timestamp: NT_TIMESTAMP, path: '\\SystemRoot\\system32\\ntoskrnl.exe', routines: [] },
  {
    name: 'hal',
    image: 'hal.dll',
    base: 0xfffff80002a14000n,
    size: 0x49000,
    timestamp: 0x4ce7c669,
    path: '\\SystemRoot\\system32\\hal.dll',
    routines: ['HalInitSystem', 'HalReturnToFirmware', 'HalpClockInterrupt', 'HalRequestSoftwareInterrupt', 'KfRaiseIrql', 'KeLowerIrql'],
  },
  {
    name: 'kdcom',
    image: 'kdcom.dll',
    base: 0xfffff80000bb4000n,
    size: 0xa000,
    timestamp: 0x4d4d8061,
    path: '\\SystemRoot\\system32\\kdcom.dll',
    routines: ['KdInitialize', 'KdSendPacket', 'KdReceivePacket', 'KdDebuggerInitialize0'],
  },
];

const TEXT_RVA = 0x1000;
/** Offset of the instruction after the routine's call (where a caller's frame returns). */
export const RETURN_OFFSET = 0x2f;
/** Bytes of the standard routine body; a routine with less room is a breakpoint stub (int 3; ret). */
const BODY_SIZE = 0x4c;

function hashName(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Every routine name a module's code defines, in a stable order. */
function routinesOf(code: ModuleCode | undefined): string[] {
  if (!code) return [];
  const names: string[] = [];
  if (code.DriverEntry) names.push('DriverEntry');
  for (const table of [
    code.dispatch,
    code.unload,
    code.addDevice,
    code.completion,
    code.powerCompletion,
    code.notification,
    code.registry,
    code.wdf,
    code.cancel,
    code.dpc,
    code.workItem,
  ]) {
    if (table) names.push(...Object.keys(table));
  }
  return [...new Set(names)];
}

/** Lay out a module's symbols: routines in .text, then the data in .data. */
function layout(module: string, routines: readonly string[], data: readonly (readonly [string, number])[], imageSize: number): ImageSymbol[] {
  const out: ImageSymbol[] = [];
  let at = TEXT_RVA;
  for (const name of routines) {
    const size = 0x50 + (hashName(`${module}!${name}`) % 6) * 0x10;
    out.push({ name, rva: at, size, kind: 'function', frameSize: frameSizeOf(`${module}!${name}`) });
    at += size;
  }
  at = Math.max((at + 0xfff) & ~0xfff, TEXT_RVA + 0x1000);
  for (const [name, size] of data) {
    out.push({ name, rva: at, size, kind: 'data' });
    at += (size + 0xf) & ~0xf;
  }
  if (at > imageSize) throw new Error(`${module}: symbols overflow the image (0x${at.toString(16)} > 0x${imageSize.toString(16)})`);
  return out;
}

/** nt's symbols at their fixed offsets (ke/ntsyms.ts); a routine's extent runs to the next symbol. */
function ntSymbols(): ImageSymbol[] {
  const sorted = [...NT_SYMBOLS].sort((a, b) => a[1] - b[1]);
  return sorted.map(([name, rva, kind], i) => {
    if (kind === 'data') return { name, rva, size: NT_DATA_SIZES[name] ?? 8, kind: 'data' as const };
    const next = sorted[i + 1]?.[1] ?? rva + 0x100;
    return { name, rva, size: Math.min(0x100, next - rva), kind: 'function' as const, frameSize: frameSizeOf(`nt!${name}`) };
  });
}

const symbolCache = new Map<string, ImageSymbol[]>();

/** The symbol table of a module by name (nt, hal, kdcom, or a driver module of MODULES). */
export function moduleSymbols(module: string): ImageSymbol[] {
  const key = module.toLowerCase();
  const hit = symbolCache.get(key);
  if (hit) return hit;
  const fixed = FIXED.find((f) => f.name === key);
  let syms: ImageSymbol[];
  if (key === 'nt') syms = ntSymbols();
  else if (fixed) syms = layout(key, fixed.routines, [], fixed.size);
  else {
    const code = MODULES[key];
    syms = layout(key, routinesOf(code), code?.data ?? [], code?.imageSize ?? 0x10000);
  }
  symbolCache.set(key, syms);
  return syms;
}

/** A registered module's symbols are laid out once; a test that registers a module later starts fresh. */
export function forgetModuleSymbols(module: string): void {
  symbolCache.delete(module.toLowerCase());
}

export interface ImagesState {
  /** Loader entry address (hex) per module name, in load order. */
  entries: Record<string, string>;
}

const LDR_ENTRY_SIZE = 0xe0;
const hex16 = (v: bigint) => v.toString(16).padStart(16, '0');

/** The code bytes of one routine: a standard frame of `frame` bytes, a call, the epilogue, int3 padding. */
function routineBytes(size: number, address: bigint, callee: bigint, frame: number): Uint8Array {
  const out = new Uint8Array(size).fill(0xcc);
  if (size < BODY_SIZE) {
    out.set([0xcc, 0xc3].slice(0, size)); // int 3; ret (the debugger-break stubs)
    return out;
  }
  const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
  const rel = Number(BigInt.asIntN(32, callee - (address + BigInt(RETURN_OFFSET))));
  const body = [
    0x48,
    0x89,
    0x5c,
    0x24,
    0x08, // mov qword ptr [rsp+8],rbx
    0x48,
    0x89,
    0x74,
    0x24,
    0x10, // mov qword ptr [rsp+10h],rsi
    0x57, // push rdi
    0x48,
    0x81,
    0xec,
    ...le32(frame - 8), // sub rsp,frame-8
    0x48,
    0x8b,
    0xd9, // mov rbx,rcx
    0x33,
    0xff, // xor edi,edi
    0x48,
    0x85,
    0xdb, // test rbx,rbx
    0x74,
    0x13, // je (to the instruction after the call)
    0x48,
    0x8b,
    0xf2, // mov rsi,rdx
    0x48,
    0x8b,
    0xd6, // mov rdx,rsi
    0x48,
    0x8b,
    0xcb, // mov rcx,rbx
    0x4c,
    0x8b,
    0xc7, // mov r8,rdi
    0x33,
    0xc0, // xor eax,eax
    0xe8,
    ...le32(rel), // call
    0x8b,
    0xf8, // mov edi,eax
    0x48,
    0x8b,
    0x9c,
    0x24,
    ...le32(frame + 8), // mov rbx,qword ptr [rsp+frame+8]
    0x48,
    0x8b,
    0xb4,
    0x24,
    ...le32(frame + 0x10), // mov rsi,qword ptr [rsp+frame+10h]
    0x8b,
    0xc7, // mov eax,edi
    0x48,
    0x81,
    0xc4,
    ...le32(frame - 8), // add rsp,frame-8
    0x5f, // pop rdi
    0xc3, // ret
  ];
  out.set(body);
  return out;
}

interface SectionSpec {
  readonly name: string;
  readonly rva: number;
  readonly size: number;
  readonly characteristics: number;
}

function sectionsOf(name: string, symbols: readonly ImageSymbol[], imageSize: number): SectionSpec[] {
  if (name === 'nt') {
    return [
      { name: '.text', rva: TEXT_RVA, size: 0x1e0000, characteristics: 0x68000020 },
      { name: '.data', rva: 0x1e1000, size: 0xdf000, characteristics: 0xc8000040 },
      { name: 'PAGE', rva: 0x2c0000, size: 0x240000, characteristics: 0x60000020 },
      { name: 'INIT', rva: 0x500000, size: imageSize - 0x500000, characteristics: 0xe2000020 },
    ];
  }
  const code = symbols.filter((s) => s.kind === 'function');
  const textEnd = code.length > 0 ? code[code.length - 1].rva + code[code.length - 1].size : TEXT_RVA + 0x10;
  const dataRva = Math.max((textEnd + 0xfff) & ~0xfff, TEXT_RVA + 0x1000);
  return [
    { name: '.text', rva: TEXT_RVA, size: textEnd - TEXT_RVA, characteristics: 0x68000020 },
    { name: '.data', rva: dataRva, size: Math.max(0x200, imageSize - dataRva), characteristics: 0xc8000040 },
  ];
}

/** The image's checksum field: a stable value derived from what identifies the file. */
function checksumOf(name: string, size: number, timestamp: number): number {
  return ((hashName(`${name}:${timestamp}`) % 0x10000) + size + 0x1000) >>> 0;
}

/** MZ stub + PE32+ headers + section table, as the first 0x400 bytes of the mapped image. */
function headerBytes(m: KernelModule, sections: readonly SectionSpec[], entryRva: number, driver: boolean): Uint8Array {
  const h = new Uint8Array(0x400);
  const w16 = (at: number, v: number) => putLe(h, at, 2, BigInt(v));
  const w32 = (at: number, v: number) => putLe(h, at, 4, BigInt(v >>> 0));
  const w64 = (at: number, v: bigint) => putLe(h, at, 8, v);
  h[0] = 0x4d;
  h[1] = 0x5a; // MZ
  w16(0x02, 0x90);
  w16(0x04, 3);
  w16(0x08, 4);
  w16(0x0c, 0xffff);
  w16(0x10, 0xb8);
  w16(0x18, 0x40);
  const stub = 'This program cannot be run in DOS mode.\r\r\n$';
  for (let i = 0; i < stub.length; i++) h[0x4e + i] = stub.charCodeAt(i);
  const pe = 0xe8;
  w32(0x3c, pe);
  h.set([0x50, 0x45, 0, 0], pe); // PE\0\0
  const fh = pe + 4;
  w16(fh, 0x8664);
  w16(fh + 2, sections.length);
  w32(fh + 4, m.timestamp);
  w16(fh + 16, 0xf0);
  w16(fh + 18, driver ? 0x22 : 0x22);
  const oh = fh + 20;
  w16(oh, 0x20b);
  h[oh + 2] = 9; // linker 9.0
  w32(oh + 4, sections[0].size); // SizeOfCode
  w32(oh + 8, sections[1].size); // SizeOfInitializedData
  w32(oh + 16, entryRva);
  w32(oh + 20, TEXT_RVA);
  w64(oh + 24, m.base);
  w32(oh + 32, 0x1000); // SectionAlignment
  w32(oh + 36, 0x200); // FileAlignment
  w16(oh + 40, 6);
  w16(oh + 42, 1); // OS version
  w16(oh + 44, 6);
  w16(oh + 46, 1); // image version
  w16(oh + 48, 6);
  w16(oh + 50, 1); // subsystem version
  w32(oh + 56, m.size);
  w32(oh + 60, 0x400);
  w32(oh + 64, m.checksum);
  w16(oh + 68, 1); // native
  w16(oh + 70, driver ? 0x2160 : 0x160);
  w64(oh + 72, 0x80000n);
  w64(oh + 80, 0x2000n);
  w64(oh + 88, 0x100000n);
  w64(oh + 96, 0x1000n);
  w32(oh + 108, 16);
  let sh = oh + 0xf0;
  for (const s of sections) {
    for (let i = 0; i < 8; i++) h[sh + i] = i < s.name.length ? s.name.charCodeAt(i) : 0;
    w32(sh + 8, s.size);
    w32(sh + 12, s.rva);
    w32(sh + 16, (s.size + 0x1ff) & ~0x1ff);
    w32(sh + 20, s.rva - TEXT_RVA + 0x400);
    w32(sh + 36, s.characteristics);
    sh += 40;
  }
  return h;
}

export class SystemImages extends Subsystem<ImagesState> implements MemoryProvider {
  readonly snapshotKey = 'images';
  readonly name = 'images';
  readonly layer = 0 as const;
  private readonly k: Kernel;

  constructor(k: Kernel) {
    super({ entries: {} });
    this.k = k;
    for (const f of FIXED) this.loaded(f.name);
  }

  /** MmLoadSystemImage's bookkeeping: a loader entry in nonpaged pool for a newly mapped image. */
  loaded(module: string): void {
    if (this.state.entries[module] !== undefined) return;
    const m = this.describe(module, 0n);
    this.state.entries[module] = hex16(this.k.pool.allocate(m ? entrySize(m) : LDR_ENTRY_SIZE + 0x100, 'MmLd', false, `ldr:${module}`));
  }

  /** The image is gone: its loader entry is freed and it leaves PsLoadedModuleList. */
  unloaded(module: string): void {
    const at = this.state.entries[module];
    if (at === undefined) return;
    this.k.pool.free(BigInt('0x' + at));
    delete this.state.entries[module];
  }

  private describe(module: string, entry: bigint): KernelModule | null {
    const fixed = FIXED.find((f) => f.name === module);
    if (fixed) {
      return {
        name: fixed.name,
        image: fixed.image,
        path: fixed.path,
        base: fixed.base,
        size: fixed.size,
        timestamp: fixed.timestamp,
        checksum: checksumOf(fixed.name, fixed.size, fixed.timestamp),
        symbols: moduleSymbols(fixed.name),
        entry,
      };
    }
    const img = this.k.io.state.images[module];
    if (!img) return null;
    const code = MODULES[module];
    const timestamp = code?.linkDate ?? 0;
    return {
      name: module,
      image: img.file,
      path: `\\SystemRoot\\system32\\DRIVERS\\${img.file}`,
      base: BigInt('0x' + img.base),
      size: img.size,
      timestamp,
      checksum: checksumOf(module, img.size, timestamp),
      symbols: moduleSymbols(module),
      entry,
    };
  }

  /** Every loaded kernel module, in load order (the order of PsLoadedModuleList). */
  modules(): KernelModule[] {
    const out: KernelModule[] = [];
    for (const [name, entry] of Object.entries(this.state.entries)) {
      const m = this.describe(name, BigInt('0x' + entry));
      if (m) out.push(m);
    }
    return out;
  }

  module(name: string): KernelModule | null {
    const entry = this.state.entries[name.toLowerCase()];
    return entry === undefined ? null : this.describe(name.toLowerCase(), BigInt('0x' + entry));
  }

  /** `module!Symbol` to an address; null when the module is not loaded or has no such symbol. */
  symbolAddress(ref: string): bigint | null {
    const bang = ref.indexOf('!');
    if (bang < 0) return null;
    const m = this.module(ref.slice(0, bang));
    if (!m) return null;
    const sym = m.symbols.find((s) => s.name === ref.slice(bang + 1));
    return sym ? m.base + BigInt(sym.rva) : null;
  }

  /** The routine (as `module!Symbol`) whose first byte is at `address`, if any. */
  routineAt(address: bigint): string | null {
    for (const m of this.modules()) {
      if (address < m.base || address >= m.base + BigInt(m.size)) continue;
      const rva = Number(address - m.base);
      const sym = m.symbols.find((s) => s.kind === 'function' && s.rva === rva);
      return sym ? `${m.name}!${sym.name}` : null;
    }
    return null;
  }

  // ---- memory -------------------------------------------------------------

  blocks(space: SpaceId, emit: (block: MemoryBlock) => void): void {
    if (space !== 'kernel') return;
    const list = this.modules();
    for (const m of list) emit(this.imageBlock(m, list));
  }

  private imageBlock(m: KernelModule, list: readonly KernelModule[]): MemoryBlock {
    const sections = sectionsOf(m.name, m.symbols, m.size);
    const code = m.symbols.filter((s) => s.kind === 'function');
    const entryRva = code.find((s) => s.name === 'DriverEntry' || s.name === 'KiSystemStartup')?.rva ?? TEXT_RVA;
    const headers = headerBytes(m, sections, entryRva, m.name !== 'nt' && m.name !== 'hal' && m.name !== 'kdcom');
    const listHead = m.name === 'nt' ? m.symbols.find((s) => s.name === 'PsLoadedModuleList') : undefined;
    return {
      start: m.base,
      size: m.size,
      what: 'image',
      render: (offset, out) => {
        const end = offset + out.length;
        if (offset < headers.length) out.set(headers.subarray(offset, Math.min(end, headers.length)), 0);
        code.forEach((s, i) => {
          if (s.rva + s.size <= offset || s.rva >= end) return;
          const callee = m.base + BigInt(code[(i + 1) % code.length].rva);
          const bytes = routineBytes(s.size, m.base + BigInt(s.rva), callee, s.frameSize ?? 0x28);
          copyOverlap(bytes, s.rva, out, offset);
        });
        if (listHead && listHead.rva < end && listHead.rva + 0x10 > offset) {
          const head = m.base + BigInt(listHead.rva);
          const first = list[0]?.entry ?? head;
          const last = list[list.length - 1]?.entry ?? head;
          const b = new Uint8Array(0x10);
          putLe(b, 0, 8, first);
          putLe(b, 8, 8, last);
          copyOverlap(b, listHead.rva, out, offset);
        }
      },
    };
  }

  /** The loader entries themselves (objects painted over their pool blocks). */
  readonly entries: MemoryProvider = {
    name: 'ldr-entries',
    layer: 1,
    blocks: (space, emit) => {
      if (space !== 'kernel') return;
      const list = this.modules();
      const nt = list.find((m) => m.name === 'nt');
      const headSym = nt?.symbols.find((s) => s.name === 'PsLoadedModuleList');
      const head = nt && headSym ? nt.base + BigInt(headSym.rva) : 0n;
      list.forEach((m, i) => {
        const flink = i + 1 < list.length ? list[i + 1].entry : head;
        const blink = i > 0 ? list[i - 1].entry : head;
        const size = entrySize(m);
        let bytes: Uint8Array | null = null;
        emit({
          start: m.entry,
          size,
          what: '_LDR_DATA_TABLE_ENTRY',
          render: (offset, out) => out.set((bytes ??= this.renderEntry(m, flink, blink, size)).subarray(offset, offset + out.length)),
        });
      });
    },
  };

  private renderEntry(m: KernelModule, flink: bigint, blink: bigint, size: number): Uint8Array {
    const full = new Uint8Array(size);
    const w = new StructWriter(win7X64TypeDatabase(), 'nt', '_LDR_DATA_TABLE_ENTRY', full, 0, m.entry);
    const fullName = m.entry + BigInt(LDR_ENTRY_SIZE);
    const baseName = fullName + BigInt((m.path.length + 1) * 2);
    const base = baseDllName(m);
    const code = m.symbols.find((s) => s.name === 'DriverEntry');
    w.list('InLoadOrderLinks', flink, blink)
      .emptyList('InMemoryOrderLinks')
      .set('DllBase', m.base)
      .set('EntryPoint', code ? m.base + BigInt(code.rva) : 0n)
      .set('SizeOfImage', m.size)
      .unicode('FullDllName', m.path, fullName, m.path.length * 2 + 2)
      .unicode('BaseDllName', base, baseName, base.length * 2 + 2)
      .set('Flags', 0x49104000)
      .set('LoadCount', 1)
      .set('CheckSum', m.checksum)
      .set('TimeDateStamp', m.timestamp)
      .set('OriginalBase', m.base);
    full.set(utf16z(m.path), LDR_ENTRY_SIZE);
    full.set(utf16z(base), LDR_ENTRY_SIZE + (m.path.length + 1) * 2);
    return full;
  }
}

/** The file name part of the loader's path (ntoskrnl.exe for nt, whose module image is ntkrnlmp.exe). */
function baseDllName(m: KernelModule): string {
  return m.path.slice(m.path.lastIndexOf('\\') + 1);
}

/** A loader entry with its two name buffers after it. */
function entrySize(m: KernelModule): number {
  return LDR_ENTRY_SIZE + (m.path.length + baseDllName(m).length + 2) * 2;
}

/** Copy `bytes` (placed at `at` in the image) into `out` (which holds the image from `offset`). */
function copyOverlap(bytes: Uint8Array, at: number, out: Uint8Array, offset: number): void {
  const from = Math.max(at, offset);
  const to = Math.min(at + bytes.length, offset + out.length);
  if (to > from) out.set(bytes.subarray(from - at, to - at), from - offset);
}

/** The kernel's loaded modules (for the live debugger target's module list). */
export function kernelModules(k: Kernel): KernelModule[] {
  return k.images.modules();
}
