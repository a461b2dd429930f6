/**
 * The decoder's state for one instruction: prefixes (legacy, REX, VEX), the
 * ModRM/SIB operand, immediates and relative targets. The opcode maps
 * (onebyte.ts, twobyte.ts, simd.ts, x87.ts) read through it.
 */
import { asmHex, u64 } from '../format.ts';
import type { Instruction, MemOperand, Symbolizer } from '../disasm.ts';
import { R16, R32, R64, R8, R8REX, ptrOf } from './names.ts';

export type Kind = Instruction['kind'];
/** Mnemonic, operands ('' marks the memory operand, finished once the length is known), kind. */
export type Decoded = [string, string[], Kind];

/** Bytes that are no instruction (or run past the 15-byte limit). */
export class Invalid extends Error {}

export interface Vex {
  /** 0 for 128-bit, 1 for 256-bit. */
  readonly l: number;
  /** Implied prefix: '', '66', 'f3', 'f2'. */
  readonly pp: string;
  /** Opcode map: 1 (0F), 2 (0F38), 3 (0F3A). */
  readonly map: number;
  /** The extra register operand (already inverted). */
  readonly v: number;
}

export class Decoder {
  readonly code: Uint8Array;
  readonly address: bigint;
  readonly sym: Symbolizer;
  /** 32-bit protected mode: no REX, 32-bit addresses by default, 16-bit ones after a 67 prefix (`addr16`). */
  readonly mode32: boolean;
  addr16 = false;
  i = 0;
  rex = 0;
  opsize = false;
  adsize = false;
  segment: string | null = null;
  rep: 'rep' | 'repne' | null = null;
  lock = false;
  vex: Vex | null = null;
  mod = 0;
  /** ModRM reg field with REX.R. */
  reg = 0;
  /** ModRM r/m field, three bits. */
  rmf = 0;
  mem: MemOperand | null = null;
  private memPtr = '';
  private ripRel = false;
  private moffs = false;
  target: bigint | null = null;
  cc: number | null = null;

  constructor(code: Uint8Array, address: bigint, sym: Symbolizer, mode32 = false) {
    this.code = code;
    this.address = address;
    this.sym = sym;
    this.mode32 = mode32;
    this.adsize = mode32;
  }

  /** The stack operand size of push/pop: 16 bits after 66, else 32 (32-bit mode) or 64. */
  get stackSize(): number {
    return this.opsize ? 2 : this.mode32 ? 4 : 8;
  }

  /** An address wrapped to the mode's width. */
  wrap(a: bigint): bigint {
    return this.mode32 ? a & 0xffffffffn : u64(a);
  }

  byte(): number {
    if (this.i >= this.code.length || this.i >= 15) throw new Invalid();
    return this.code[this.i++];
  }

  peek(): number | undefined {
    return this.i < this.code.length ? this.code[this.i] : undefined;
  }

  imm(size: number): bigint {
    let v = 0n;
    for (let k = 0; k < size; k++) v |= BigInt(this.byte()) << BigInt(8 * k);
    return v;
  }

  simm(size: number): bigint {
    const v = this.imm(size);
    const bits = BigInt(size * 8);
    return v >= 1n << (bits - 1n) ? v - (1n << bits) : v;
  }

  get w(): boolean {
    return (this.rex & 8) !== 0;
  }

  /** Operand size in bytes for a "v" operand. */
  vsize(): number {
    return this.w ? 8 : this.opsize ? 2 : 4;
  }

  /** Size of a 16/32-bit immediate for a "v" operand (64-bit operands take 32 bits, sign-extended). */
  zsize(): number {
    return this.opsize && !this.w ? 2 : 4;
  }

  gpr(n: number, size: number): string {
    if (size === 8) return R64[n];
    if (size === 4) return R32[n];
    if (size === 2) return R16[n];
    return this.rex ? R8REX[n] : R8[n & 7];
  }

  /** The register in the low three opcode bits, extended by REX.B. */
  opReg(op: number, size: number): string {
    return this.gpr((op & 7) | (this.rex & 1 ? 8 : 0), size);
  }

  readModrm(): void {
    const b = this.byte();
    this.mod = b >> 6;
    this.reg = ((b >> 3) & 7) | (this.rex & 4 ? 8 : 0);
    this.rmf = b & 7;
  }

  /** ModRM reg field without REX (the /digit of group opcodes). */
  get sub(): number {
    return this.reg & 7;
  }

  /** The r/m register number with REX.B. */
  get rmReg(): number {
    return this.rmf | (this.rex & 1 ? 8 : 0);
  }

  /** The r/m operand as a general register of `size` or memory of `size` bytes (ptr keyword unless `ptr` is false). */
  rm(size: number, ptr = true): string {
    if (this.mod === 3) return this.gpr(this.rmReg, size);
    return this.memory(ptr ? ptrOf(size) : '', ptr ? size : 0);
  }

  /**
   * Read the memory operand (SIB, displacement); its text is made by memText() once the length is known.
   * `vsib` names the vector index registers of a gather (`xmm`, `ymm`).
   */
  memory(ptrText: string, size: number, vsib?: string): string {
    if (this.mod === 3) throw new Invalid();
    if (this.addr16) return this.memory16(ptrText, size);
    const names = this.adsize ? R32 : R64;
    if (vsib && this.rmf !== 4) throw new Invalid();
    let base: string | null = null;
    let index: string | null = null;
    let scale = 1;
    let disp = 0n;
    this.ripRel = false;
    if (this.rmf === 4) {
      const sib = this.byte();
      const idx = ((sib >> 3) & 7) | (this.rex & 2 ? 8 : 0);
      const bs = sib & 7;
      if (vsib) {
        index = `${vsib}${idx}`;
        scale = 1 << (sib >> 6);
      } else if (idx !== 4) {
        index = names[idx];
        scale = 1 << (sib >> 6);
      }
      if (bs === 5 && this.mod === 0) disp = this.simm(4);
      else base = names[bs | (this.rex & 1 ? 8 : 0)];
    } else if (this.rmf === 5 && this.mod === 0) {
      // 64-bit mode: RIP-relative; 32-bit mode: an absolute disp32.
      this.ripRel = !this.mode32;
      disp = this.simm(4);
    } else base = names[this.rmReg];
    if (this.mod === 1) disp = this.simm(1);
    else if (this.mod === 2) disp = this.simm(4);
    this.mem = { base, index, scale, disp, ripTarget: null, segment: this.segment, size };
    this.memPtr = ptrText;
    return '';
  }

  /** A 16-bit ModRM memory operand (32-bit mode after a 67 prefix): [bx+si], ..., [bp], [bx] or a disp16. */
  private memory16(ptrText: string, size: number): string {
    const pairs: readonly (readonly [string | null, string | null])[] = [
      ['bx', 'si'],
      ['bx', 'di'],
      ['bp', 'si'],
      ['bp', 'di'],
      ['si', null],
      ['di', null],
      ['bp', null],
      ['bx', null],
    ];
    let [base, index] = pairs[this.rmf];
    let disp = 0n;
    if (this.mod === 0 && this.rmf === 6) {
      base = null;
      index = null;
      disp = this.imm(2);
    } else if (this.mod === 1) disp = this.simm(1);
    else if (this.mod === 2) disp = this.simm(2);
    this.ripRel = false;
    this.mem = { base, index, scale: 1, disp, ripTarget: null, segment: this.segment, size };
    this.memPtr = ptrText;
    return '';
  }

  /** An absolute memory operand (moffs), printed in full as WinDbg does: `qword ptr [FFFFF78000000014h]`. */
  absolute(size: number): string {
    const a = this.addr16 ? this.imm(2) : this.adsize ? this.imm(4) : this.imm(8);
    this.moffs = true;
    this.mem = { base: null, index: null, scale: 1, disp: a, ripTarget: null, segment: this.segment, size };
    this.memPtr = ptrOf(size);
    this.ripRel = false;
    return '';
  }

  /** The memory operand's text; RIP-relative operands need the full length first. */
  memText(): string {
    const m = this.mem;
    if (!m) return '';
    const seg = m.segment ? `${m.segment}:` : '';
    if (this.ripRel) {
      const end = this.address + BigInt(this.i) + m.disp;
      const t = this.adsize ? end & 0xffffffffn : u64(end);
      this.mem = { ...m, ripTarget: t };
      return `${this.memPtr}${seg}[${this.sym(t)}]`;
    }
    if (this.moffs && !this.mode32)
      return `${this.memPtr}${seg}[${m.disp
        .toString(16)
        .toUpperCase()
        .padStart(this.adsize ? 8 : 16, '0')}h]`;
    if (this.mode32 && !m.base && !m.index) return this.absolute32(m.disp & 0xffffffffn, seg);
    let s = '';
    if (m.base) s = m.base;
    if (m.index) s += `${s ? '+' : ''}${m.index}${m.scale > 1 ? `*${m.scale}` : ''}`;
    if (m.disp !== 0n || !s) {
      if (!s) s = asmHex(this.adsize ? m.disp & 0xffffffffn : u64(m.disp));
      else s += m.disp < 0n ? `-${asmHex(-m.disp)}` : `+${asmHex(m.disp)}`;
    }
    return `${this.memPtr}${seg}[${s}]`;
  }

  /**
   * WinDbg's x86 form of an absolute operand: the symbol and address when the symbolizer knows one there
   * (`dword ptr [kernel32!_imp__NtCreateFile (7c801010)]`), else a segment (ds: unless overridden) and eight digits.
   */
  private absolute32(a: bigint, seg: string): string {
    const named = seg ? null : this.sym(a);
    if (named !== null && !/^[0-9a-f`]+$/i.test(named)) return `${this.memPtr}[${named}]`;
    return `${this.memPtr}${seg || 'ds:'}[${a.toString(16).toUpperCase().padStart(8, '0')}h]`;
  }

  immText(v: bigint, size: number): string {
    return asmHex(v & ((1n << BigInt(size * 8)) - 1n));
  }

  /** An immediate of `size` bytes shown at operand size `opSize` (sign-extended). */
  immOp(size: number, opSize: number): string {
    return this.immText(size === opSize && size === 1 ? this.imm(1) : this.simm(size), opSize);
  }

  /** A relative branch target of `size` bytes, symbolised. */
  rel(size: number): string {
    const d = this.simm(size);
    const t = this.wrap(this.address + BigInt(this.i) + d);
    this.target = t;
    return this.sym(t);
  }
}
