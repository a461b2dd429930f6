/**
 * `.cxr` and `.trap` on an x86 target: the 32-bit CONTEXT record and
 * KTRAP_FRAME, read as dbgeng's x86 machine reads them. A CONTEXT holds every
 * register (SegGs at +0x8c … SegSs at +0xc8, after the debug registers and the
 * floating-point save area); its ss is sanitised by mode (kernel code: the
 * ring-0 data selector 0010, user code: the saved selector with RPL 3). A trap
 * frame holds every integer register too (so no "does not contain all
 * registers" note, unlike x64); esp is HardwareEsp when the frame interrupted
 * user mode and the address where HardwareEsp would be when it interrupted the
 * kernel (the processor pushed no esp then). `.trap` prints the frame's error
 * code before the registers.
 */
import type { CommandContext } from '../command.ts';
import { hex } from '../format.ts';
import { fromLe } from '../memory.ts';
import type { RegisterContext, RegisterName, Target } from '../target.ts';
import { REGISTER_NAMES } from '../target.ts';

/** Where each register is in an x86 CONTEXT (CONTEXT_i386), and its width. */
const CONTEXT_X86: Readonly<Partial<Record<RegisterName, readonly [number, number]>>> = {
  gs: [0x8c, 2],
  fs: [0x90, 2],
  es: [0x94, 2],
  ds: [0x98, 2],
  rdi: [0x9c, 4],
  rsi: [0xa0, 4],
  rbx: [0xa4, 4],
  rdx: [0xa8, 4],
  rcx: [0xac, 4],
  rax: [0xb0, 4],
  rbp: [0xb4, 4],
  rip: [0xb8, 4],
  cs: [0xbc, 2],
  efl: [0xc0, 4],
  rsp: [0xc4, 4],
  ss: [0xc8, 2],
};
/** Up to ExtendedRegisters: what dbgeng reads of a CONTEXT on x86 (the whole record is 0x2cc bytes). */
const CONTEXT_X86_SIZE = 0x2cc;

/** Where each register is in an x86 KTRAP_FRAME. */
const TRAP_X86: Readonly<Partial<Record<RegisterName, readonly [number, number]>>> = {
  gs: [0x30, 2],
  es: [0x34, 2],
  ds: [0x38, 2],
  rdx: [0x3c, 4],
  rcx: [0x40, 4],
  rax: [0x44, 4],
  fs: [0x50, 2],
  rdi: [0x54, 4],
  rsi: [0x58, 4],
  rbx: [0x5c, 4],
  rbp: [0x60, 4],
  rip: [0x68, 4],
  cs: [0x6c, 2],
  efl: [0x70, 4],
};
const TRAP_ERRCODE = 0x64;
const TRAP_HARDWARE_ESP = 0x74;
const TRAP_HARDWARE_SS = 0x78;
const TRAP_X86_SIZE = 0x8c;
/** The ring-0 data selector (KGDT_R0_DATA) dbgeng gives ss for kernel-mode code. */
const R0_DATA = 0x10n;
const V86 = 0x20000n;

function regsFrom(bytes: Uint8Array, layout: Readonly<Partial<Record<RegisterName, readonly [number, number]>>>): Record<RegisterName, bigint> {
  const regs = {} as Record<RegisterName, bigint>;
  for (const name of REGISTER_NAMES) {
    const at = layout[name];
    regs[name] = at ? fromLe(bytes, at[0], at[1]) : 0n;
  }
  return regs;
}

/** A CONTEXT record at `address`; null when it cannot be read. */
export function readContextX86(t: Target, address: bigint): RegisterContext | null {
  const bytes = t.read(address, CONTEXT_X86_SIZE);
  if (!bytes) return null;
  const regs = regsFrom(bytes, CONTEXT_X86);
  if (!(regs.efl & V86)) regs.ss = regs.cs & 1n ? regs.ss | 3n : R0_DATA;
  return { regs, flagBits: regs.efl, source: 'cxr', address };
}

/** A KTRAP_FRAME at `address` and its error code; null when it cannot be read. */
export function readTrapX86(t: Target, address: bigint): { ctx: RegisterContext; errCode: bigint } | null {
  const bytes = t.read(address, TRAP_X86_SIZE);
  if (!bytes) return null;
  const regs = regsFrom(bytes, TRAP_X86);
  const user = (regs.cs & 1n) === 1n || (regs.efl & V86) !== 0n;
  regs.rsp = user ? fromLe(bytes, TRAP_HARDWARE_ESP, 4) : (address + BigInt(TRAP_HARDWARE_ESP)) & 0xffffffffn;
  const hardwareSs = fromLe(bytes, TRAP_HARDWARE_SS, 2);
  regs.ss = regs.efl & V86 ? hardwareSs : user ? hardwareSs | 3n : R0_DATA;
  return { ctx: { regs, flagBits: regs.efl, source: 'trap', address }, errCode: fromLe(bytes, TRAP_ERRCODE, 4) };
}

/**
 * What `.cxr` or `.trap` reads at `address` on x86, with the lines it prints before the
 * register block (the trap frame's error code) or instead of it (an unreadable address).
 */
export function readRecordX86(c: CommandContext, kind: 'cxr' | 'trap', address: bigint): RegisterContext | null {
  const at = address & 0xffffffffn;
  if (kind === 'cxr') {
    const ctx = readContextX86(c.session.target, at);
    if (!ctx) c.out.push('Unable to read context, Win32 error 0n30');
    return ctx;
  }
  const read = readTrapX86(c.session.target, at);
  if (!read) {
    c.out.push(`Unable to read trap frame at ${hex(at, 8)}`);
    return null;
  }
  c.out.push(`ErrCode = ${hex(read.errCode, 8)}`);
  return read.ctx;
}
