/**
 * Register contexts: reading and writing x64 CONTEXT records and KTRAP_FRAMEs,
 * the flag mnemonics and the register block that `r`, `.cxr` and `!analyze`
 * print.
 */
import { fromLe, le, type SparseMemory } from './memory.ts';
import { flat64, hex } from './format.ts';
import type { RegisterContext, RegisterName, Target } from './target.ts';

/** Offsets of the registers in an x64 CONTEXT record (nt!_CONTEXT). */
export const CONTEXT_REGISTER_OFFSETS: Readonly<Record<RegisterName, readonly [number, number]>> = {
  cs: [0x38, 2],
  ds: [0x3a, 2],
  es: [0x3c, 2],
  fs: [0x3e, 2],
  gs: [0x40, 2],
  ss: [0x42, 2],
  efl: [0x44, 4],
  rax: [0x78, 8],
  rcx: [0x80, 8],
  rdx: [0x88, 8],
  rbx: [0x90, 8],
  rsp: [0x98, 8],
  rbp: [0xa0, 8],
  rsi: [0xa8, 8],
  rdi: [0xb0, 8],
  r8: [0xb8, 8],
  r9: [0xc0, 8],
  r10: [0xc8, 8],
  r11: [0xd0, 8],
  r12: [0xd8, 8],
  r13: [0xe0, 8],
  r14: [0xe8, 8],
  r15: [0xf0, 8],
  rip: [0xf8, 8],
};

export const CONTEXT_SIZE = 0x4d0;
/** CONTEXT_AMD64 | CONTROL | INTEGER | SEGMENTS | FLOATING_POINT | DEBUG_REGISTERS */
const CONTEXT_FULL_FLAGS = 0x10001f;

export function writeContextRecord(mem: SparseMemory, address: bigint, regs: Readonly<Record<RegisterName, bigint>>): void {
  mem.write(address, new Uint8Array(CONTEXT_SIZE));
  mem.writeU32(address + 0x30n, CONTEXT_FULL_FLAGS);
  mem.writeU32(address + 0x34n, 0x1f80);
  for (const [name, [off, size]] of Object.entries(CONTEXT_REGISTER_OFFSETS)) {
    mem.write(address + BigInt(off), le(regs[name as RegisterName], size));
  }
}

/** Read a CONTEXT record; null when its memory cannot be read. */
export function readContextRecord(target: Target, address: bigint, flagBits: bigint): RegisterContext | null {
  const bytes = target.read(address, 0x100);
  if (!bytes) return null;
  const regs = {} as Record<RegisterName, bigint>;
  for (const [name, [off, size]] of Object.entries(CONTEXT_REGISTER_OFFSETS)) regs[name as RegisterName] = fromLe(bytes, off, size);
  return { regs, flagBits, source: 'cxr', address };
}

/** The volatile registers a KTRAP_FRAME keeps; the others read as zero (as `.trap` shows them). */
const TRAP_OFFSETS: Readonly<Partial<Record<RegisterName, readonly [number, number]>>> = {
  rax: [0x30, 8],
  rcx: [0x38, 8],
  rdx: [0x40, 8],
  r8: [0x48, 8],
  r9: [0x50, 8],
  r10: [0x58, 8],
  r11: [0x60, 8],
  rbp: [0x158, 8],
  rip: [0x168, 8],
  cs: [0x170, 2],
  efl: [0x178, 4],
  rsp: [0x180, 8],
  ss: [0x188, 2],
  ds: [0x130, 2],
  es: [0x132, 2],
  fs: [0x134, 2],
  gs: [0x136, 2],
};

export function readTrapFrame(target: Target, address: bigint): RegisterContext | null {
  const bytes = target.read(address, 0x190);
  if (!bytes) return null;
  const regs = {} as Record<RegisterName, bigint>;
  for (const name of Object.keys(CONTEXT_REGISTER_OFFSETS) as RegisterName[]) {
    const at = TRAP_OFFSETS[name];
    regs[name] = at ? fromLe(bytes, at[0], at[1]) : 0n;
  }
  return { regs, flagBits: regs.efl, source: 'trap', address };
}

/** The eight flag mnemonics, in dbgeng's order: of df if sf zf af pf cf. */
export function flagsText(efl: bigint): string {
  const bit = (n: number): boolean => ((efl >> BigInt(n)) & 1n) === 1n;
  return [
    bit(11) ? 'ov' : 'nv',
    bit(10) ? 'dn' : 'up',
    bit(9) ? 'ei' : 'di',
    bit(7) ? 'ng' : 'pl',
    bit(6) ? 'zr' : 'nz',
    bit(4) ? 'ac' : 'na',
    bit(2) ? 'pe' : 'po',
    bit(0) ? 'cy' : 'nc',
  ].join(' ');
}

/** The flag sub-registers `r` accepts and the bit each reads. */
export const FLAG_BITS: ReadonlyMap<string, number> = new Map(Object.entries({ of: 11, df: 10, if: 9, sf: 7, zf: 6, af: 4, pf: 2, cf: 0, tf: 8 }));

/** The full x64 register block (without the symbol and disassembly lines). */
export function registerBlock(ctx: RegisterContext, withSegments: boolean): string[] {
  const r = ctx.regs;
  const v = (n: RegisterName): string => `${n.padStart(3)}=${flat64(r[n])}`;
  const iopl = Number((r.efl >> 12n) & 3n);
  const lines = [
    `${v('rax')} ${v('rbx')} ${v('rcx')}`,
    `${v('rdx')} ${v('rsi')} ${v('rdi')}`,
    `${v('rip')} ${v('rsp')} ${v('rbp')}`,
    `${v('r8')} ${v('r9')} ${v('r10')}`,
    `${v('r11')} ${v('r12')} ${v('r13')}`,
    `${v('r14')} ${v('r15')}`,
    `iopl=${iopl}         ${flagsText(ctx.flagBits)}`,
  ];
  if (withSegments) {
    const s = (n: RegisterName): string => `${n}=${hex(r[n], 4)}`;
    lines.push(`${s('cs')}  ${s('ss')}  ${s('ds')}  ${s('es')}  ${s('fs')}  ${s('gs')}             efl=${hex(r.efl, 8)}`);
  }
  return lines;
}

/** The x86 register block: three lines, iopl and flags on the second. */
export function registerBlockX86(ctx: RegisterContext): string[] {
  const r = ctx.regs;
  const v = (n: RegisterName, shown: string): string => `${shown}=${hex(r[n] & 0xffffffffn, 8)}`;
  const iopl = Number((r.efl >> 12n) & 3n);
  const s = (n: RegisterName): string => `${n}=${hex(r[n], 4)}`;
  return [
    `${v('rax', 'eax')} ${v('rbx', 'ebx')} ${v('rcx', 'ecx')} ${v('rdx', 'edx')} ${v('rsi', 'esi')} ${v('rdi', 'edi')}`,
    `${v('rip', 'eip')} ${v('rsp', 'esp')} ${v('rbp', 'ebp')} iopl=${iopl}         ${flagsText(ctx.flagBits)}`,
    `${s('cs')}  ${s('ss')}  ${s('ds')}  ${s('es')}  ${s('fs')}  ${s('gs')}             efl=${hex(r.efl, 8)}`,
  ];
}
