/** Disassembly lines as `u`, `r` and `!analyze` print them. */
import { decode, type Instruction } from './disasm.ts';
import { addr64, hex, u64 } from './format.ts';
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

/** `fltmgr!TreeUnlinkMulti+0x123 (fffff880`0106f213)`, or the bare address outside modules. */
export function operandSymbol(target: Target, address: bigint): string {
  const s = formatSymbol(target, address);
  return s ? `${s} (${addr64(address)})` : addr64(address);
}

/** Decode the instruction at `address`; null when its first byte cannot be read. */
export function instructionAt(target: Target, address: bigint): Instruction | null {
  const bytes = readPrefix(target, address, 15);
  if (bytes.length === 0) return null;
  return decode(bytes, address, (a) => operandSymbol(target, a));
}

/** `<address> <bytes padded to 16> <mnemonic padded to 7> <operands>` */
export function instructionLine(ins: Instruction): string {
  const bytes = [...ins.bytes].map((b) => hex(b, 2)).join('');
  let s = `${addr64(ins.address)} ${bytes.length >= 16 ? bytes + ' ' : bytes.padEnd(16)}${ins.mnemonic}`;
  if (ins.operands) {
    // Operands start at column 42; when the bytes fill their 16 columns, a space follows them and operands start at 43 at least.
    const col = 18 + 24 + (bytes.length >= 16 ? 1 : 0);
    s = s.length < col ? s.padEnd(col) : s + ' ';
    s += ins.operands;
  }
  return s;
}

/** The line WinDbg prints for an unreadable instruction. */
export function unreadableLine(address: bigint): string {
  return `${addr64(address)} ??              ???`;
}

const REG64 = new Set(['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15']);

/** The effective address of the instruction's memory operand in a register context. */
export function effectiveAddress(ins: Instruction, ctx: RegisterContext): bigint | null {
  const m = ins.mem;
  if (!m) return null;
  if (m.ripTarget !== null) return m.ripTarget;
  let a = m.disp;
  if (m.base && REG64.has(m.base)) a += ctx.regs[m.base as RegisterName];
  if (m.index && REG64.has(m.index)) a += ctx.regs[m.index as RegisterName] * BigInt(m.scale);
  return u64(a);
}

/** ` ds:002b:0000009d`00000020=????????????????`, or ` [br=1]` for a conditional branch. */
export function annotation(target: Target, ins: Instruction, ctx: RegisterContext): string {
  if (ins.kind === 'jcc' && ins.cc !== null) return ` [br=${conditionMet(ins.cc, ctx.flagBits) ? 1 : 0}]`;
  const m = ins.mem;
  if (!m || m.size === 0) return '';
  const ea = effectiveAddress(ins, ctx);
  if (ea === null) return '';
  const stack = m.base === 'rsp' || m.base === 'rbp';
  const seg = m.segment ?? (stack ? 'ss' : 'ds');
  const sel = ctx.regs[seg as RegisterName];
  const bytes = target.read(ea, m.size);
  const value = bytes ? hex(fromLe(bytes), m.size * 2) : '?'.repeat(m.size * 2);
  return sel === 0n ? ` ${seg}:${addr64(ea)}=${value}` : ` ${seg}:${hex(sel, 4)}:${addr64(ea)}=${value}`;
}

/** Whether condition code `cc` holds for the flags. */
export function conditionMet(cc: number, efl: bigint): boolean {
  const f = (n: number): boolean => ((efl >> BigInt(n)) & 1n) === 1n;
  const cf = f(0), pf = f(2), zf = f(6), sf = f(7), of = f(11);
  const base = [of, cf, zf, cf || zf, sf, pf, sf !== of, zf || sf !== of][cc >> 1];
  return cc & 1 ? !base : base;
}
