/**
 * The x64 disassembler behind `u`, `uf`, `ub`, `r` and `!analyze`: integer,
 * system, x87, SSE/SSE2/SSSE3/SSE4, AVX/AVX2/FMA (VEX) and BMI instructions,
 * printed in WinDbg's syntax. The opcode maps live in ./disasm/. Bytes it
 * does not know decode as `???` (one byte), as WinDbg shows them.
 */
import { decodeInstruction } from './disasm/instruction.ts';

export { CC } from './disasm/names.ts';

export interface MemOperand {
  readonly base: string | null;
  readonly index: string | null;
  readonly scale: number;
  readonly disp: bigint;
  /** Absolute address for RIP-relative operands. */
  readonly ripTarget: bigint | null;
  readonly segment: string | null;
  /** Operand width in bytes (0 for lea and operands without a size). */
  readonly size: number;
}

export interface Instruction {
  readonly address: bigint;
  readonly length: number;
  readonly bytes: Uint8Array;
  readonly mnemonic: string;
  /** Operand text with branch targets and RIP-relative addresses symbolised. */
  readonly operands: string;
  readonly mem: MemOperand | null;
  /** Direct branch or call target. */
  readonly target: bigint | null;
  /** Condition code (0-15) of jcc/setcc/cmovcc. */
  readonly cc: number | null;
  readonly kind: 'normal' | 'call' | 'jmp' | 'jcc' | 'ret' | 'invalid';
}

/** Name an absolute address for operands: `fltmgr!TreeUnlinkMulti+0x123 (fffff880`0106f213)`; the bare hex address when nothing is known there. */
export type Symbolizer = (address: bigint) => string;

/**
 * Decode one instruction from `code` (bytes starting at `address`; at least 15 when available), in 64-bit mode or,
 * with `bits` 32, in 32-bit protected mode (no REX, 32-bit addresses and stack, the opcodes x64 dropped).
 */
export function decode(code: Uint8Array, address: bigint, sym: Symbolizer, bits: 32 | 64 = 64): Instruction {
  return decodeInstruction(code, address, sym, bits);
}
