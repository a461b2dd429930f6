/** Disassembly lines as `u`, `r` and `!analyze` print them. */
import { decode, type Instruction } from './disasm.ts';
import { addrFor, hex, u64 } from './format.ts';
import { fromLe } from './memory.ts';
import { formatSymbol } from './symbols.ts';
import type { RegisterContext, RegisterName, Target } from './target.ts';

/** The readable bytes at `address`, up to `max` (stops at the first unreadable byte). */
export function readPrefix(target: Target, address: bigint, max: number): Uint8Array {
  const whole = target.read(address, max);
  if (whole) return whole;
  let n = 0;
  while (n < max && target.readable(address + BigInt(n))) n++;
  return target.read(address, n) ?? new Uint8Array(0);
}

/** `fltmgr!TreeUnlinkMulti+0x123 (fffff880`0106f213)` (x86: `ntdll!KiFastSystemCall (7c90e510)`), or the bare address outside modules. */
export function operandSymbol(target: Target, address: bigint): string {
  const s = formatSymbol(target, address);
  const a = addrFor(target.arch, address);
  return s ? `${s} (${a})` : a;
}

/** Decode the instruction at `address`; null when its first byte cannot be read. */
export function instructionAt(target: Target, address: bigint): Instruction | null {
  const bytes = readPrefix(target, address, 15);
  if (bytes.length === 0) return null;
  return decode(bytes, address, (a) => operandSymbol(target, a), target.arch === 'x86' ? 32 : 64);
}

/** `<address> <bytes padded to 16> <mnemonic padded to 7> <operands>` (the address in the target's width). */
export function instructionLine(ins: Instruction, arch: 'x64' | 'x86' = 'x64'): string {
  const bytes = [...ins.bytes].map((b) => hex(b, 2)).join('');
  const address = addrFor(arch, ins.address);
  let s = `${address} ${bytes.length >= 16 ? bytes + ' ' : bytes.padEnd(16)}${ins.mnemonic}`;
  if (ins.operands) {
    // Operands start 24 columns after the bytes (42 on x64, 33 on x86); when the bytes fill their 16 columns, a space follows them.
    const col = address.length + 1 + 24 + (bytes.length >= 16 ? 1 : 0);
    s = s.length < col ? s.padEnd(col) : s + ' ';
    s += ins.operands;
  }
  return s;
}

/** The line WinDbg prints for an unreadable instruction. */
export function unreadableLine(address: bigint, arch: 'x64' | 'x86' = 'x64'): string {
  return `${addrFor(arch, address)} ??              ???`;
}

const REG64 = new Set(['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15']);
/** 32-bit address registers (67h prefix) and the 64-bit registers they are the low half of. */
const REG32 = new Map<string, RegisterName>([
  ['eax', 'rax'],
  ['ebx', 'rbx'],
  ['ecx', 'rcx'],
  ['edx', 'rdx'],
  ['esi', 'rsi'],
  ['edi', 'rdi'],
  ['ebp', 'rbp'],
  ['esp', 'rsp'],
  ...[8, 9, 10, 11, 12, 13, 14, 15].map((n) => [`r${n}d`, `r${n}`] as [string, RegisterName]),
]);

/** The value of an address register, or null for one that is none (a gather's vector index). */
function addressRegister(ctx: RegisterContext, name: string): bigint | null {
  if (REG64.has(name)) return ctx.regs[name as RegisterName];
  const wide = REG32.get(name);
  return wide ? ctx.regs[wide] & 0xffffffffn : null;
}

/** The effective address of the instruction's memory operand in a register context. */
export function effectiveAddress(ins: Instruction, ctx: RegisterContext): bigint | null {
  const m = ins.mem;
  if (!m) return null;
  if (m.ripTarget !== null) return m.ripTarget;
  let a = m.disp;
  const base = m.base ? addressRegister(ctx, m.base) : 0n;
  const index = m.index ? addressRegister(ctx, m.index) : 0n;
  if (base === null || index === null) return null;
  a += base + index * BigInt(m.scale);
  // A 32-bit address (67h) wraps within the low 4 GB.
  const narrow = (m.base !== null && REG32.has(m.base)) || (m.index !== null && REG32.has(m.index));
  return narrow ? a & 0xffffffffn : u64(a);
}

/** ` ds:002b:0000009d`00000020=????????????????`, or ` [br=1]` for a conditional branch. */
export function annotation(target: Target, ins: Instruction, ctx: RegisterContext): string {
  if (ins.kind === 'jcc' && ins.cc !== null) return ` [br=${conditionMet(ins.cc, ctx.flagBits) ? 1 : 0}]`;
  const m = ins.mem;
  if (!m || m.size === 0) return '';
  const ea = effectiveAddress(ins, ctx);
  if (ea === null) return '';
  const x86 = target.arch === 'x86';
  const stack = m.base === 'rsp' || m.base === 'rbp' || (x86 && (m.base === 'esp' || m.base === 'ebp'));
  const seg = m.segment ?? (stack ? 'ss' : 'ds');
  const sel = ctx.regs[seg as RegisterName];
  const bytes = target.read(ea, m.size);
  const value = bytes ? hex(fromLe(bytes), m.size * 2) : '?'.repeat(m.size * 2);
  const at = addrFor(target.arch, ea);
  return sel === 0n ? ` ${seg}:${at}=${value}` : ` ${seg}:${hex(sel, 4)}:${at}=${value}`;
}

/** Whether condition code `cc` holds for the flags. */
export function conditionMet(cc: number, efl: bigint): boolean {
  const f = (n: number): boolean => ((efl >> BigInt(n)) & 1n) === 1n;
  const cf = f(0),
    pf = f(2),
    zf = f(6),
    sf = f(7),
    of = f(11);
  const base = [of, cf, zf, cf || zf, sf, pf, sf !== of, zf || sf !== of][cc >> 1];
  return cc & 1 ? !base : base;
}
