/**
 * An x64 instruction decoder for the integer subset kernel code uses:
 * prefixes and REX, ModRM/SIB with RIP-relative addressing, the ALU group,
 * mov/lea/test/xchg/movzx/movsx/movsxd, push/pop, shifts, imul, the
 * branches and calls, setcc/cmovcc and a few system instructions. Bytes it
 * does not know decode as `???` (one byte), as WinDbg shows them.
 */
import { asmHex, u64 } from './format.ts';

export interface MemOperand {
  readonly base: string | null;
  readonly index: string | null;
  readonly scale: number;
  readonly disp: bigint;
  /** Absolute address for RIP-relative operands. */
  readonly ripTarget: bigint | null;
  readonly segment: string | null;
  /** Operand width in bytes (0 for lea). */
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

/** Name an absolute address for operands: `fltmgr!TreeUnlinkMulti+0x123 (fffff880`0106f213)`. */
export type Symbolizer = (address: bigint) => string;

const R64 = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];
const R32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'r8d', 'r9d', 'r10d', 'r11d', 'r12d', 'r13d', 'r14d', 'r15d'];
const R16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di', 'r8w', 'r9w', 'r10w', 'r11w', 'r12w', 'r13w', 'r14w', 'r15w'];
const R8REX = ['al', 'cl', 'dl', 'bl', 'spl', 'bpl', 'sil', 'dil', 'r8b', 'r9b', 'r10b', 'r11b', 'r12b', 'r13b', 'r14b', 'r15b'];
const R8 = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'];
const ALU = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];
const SHIFT = ['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'sal', 'sar'];
export const CC = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];
const SIZE_PTR: Readonly<Record<number, string>> = { 1: 'byte ptr ', 2: 'word ptr ', 4: 'dword ptr ', 8: 'qword ptr ', 16: 'oword ptr ' };

class Invalid extends Error {}

/** Decode one instruction from `code` (bytes starting at `address`; at least 15 when available). */
export function decode(code: Uint8Array, address: bigint, sym: Symbolizer): Instruction {
  try {
    return new Decoder(code, address, sym).run();
  } catch (e) {
    if (!(e instanceof Invalid) && !(e instanceof RangeError)) throw e;
    return {
      address, length: 1, bytes: code.subarray(0, 1), mnemonic: '???', operands: '', mem: null, target: null, cc: null, kind: 'invalid',
    };
  }
}

class Decoder {
  private readonly code: Uint8Array;
  private readonly address: bigint;
  private readonly sym: Symbolizer;
  private i = 0;
  private rex = 0;
  private opsize = false;
  private segment: string | null = null;
  private rep: string | null = null;
  private mem: MemOperand | null = null;
  private modrm = { mod: 0, reg: 0, rm: 0 };
  private target: bigint | null = null;
  private cc: number | null = null;

  constructor(code: Uint8Array, address: bigint, sym: Symbolizer) {
    this.code = code;
    this.address = address;
    this.sym = sym;
  }

  private byte(): number {
    if (this.i >= this.code.length || this.i >= 15) throw new Invalid();
    return this.code[this.i++];
  }

  private imm(size: number): bigint {
    let v = 0n;
    for (let k = 0; k < size; k++) v |= BigInt(this.byte()) << BigInt(8 * k);
    return v;
  }

  private simm(size: number): bigint {
    const v = this.imm(size);
    const bits = BigInt(size * 8);
    return v >= 1n << (bits - 1n) ? v - (1n << bits) : v;
  }

  private get w(): boolean {
    return (this.rex & 8) !== 0;
  }

  /** Operand size in bytes for a "v" operand. */
  private vsize(): number {
    return this.w ? 8 : this.opsize ? 2 : 4;
  }

  private reg(n: number, size: number): string {
    if (size === 8) return R64[n];
    if (size === 4) return R32[n];
    if (size === 2) return R16[n];
    return this.rex ? R8REX[n] : R8[n & 7];
  }

  private readModrm(): void {
    const b = this.byte();
    this.modrm = { mod: b >> 6, reg: ((b >> 3) & 7) | (this.rex & 4 ? 8 : 0), rm: b & 7 };
  }

  /** The r/m operand as text (register or memory), reading SIB/displacement. */
  private rm(size: number, ptr = true): string {
    const { mod, rm } = this.modrm;
    if (mod === 3) return this.reg(rm | (this.rex & 1 ? 8 : 0), size);
    let base: string | null = null;
    let index: string | null = null;
    let scale = 1;
    let disp = 0n;
    let ripRel = false;
    if (rm === 4) {
      const sib = this.byte();
      const ss = sib >> 6;
      const idx = ((sib >> 3) & 7) | (this.rex & 2 ? 8 : 0);
      const bs = sib & 7;
      if (idx !== 4) {
        index = R64[idx];
        scale = 1 << ss;
      }
      if (bs === 5 && mod === 0) disp = this.simm(4);
      else base = R64[bs | (this.rex & 1 ? 8 : 0)];
    } else if (rm === 5 && mod === 0) {
      ripRel = true;
      disp = this.simm(4);
    } else base = R64[rm | (this.rex & 1 ? 8 : 0)];
    if (mod === 1) disp = this.simm(1);
    else if (mod === 2) disp = this.simm(4);
    this.mem = { base, index, scale, disp, ripTarget: null, segment: this.segment, size: ptr ? size : 0 };
    this.ripPending = ripRel;
    return '';
  }

  private ripPending = false;

  /** Finish memory operand text once the instruction length is known (RIP-relative needs it). */
  private memText(): string {
    const m = this.mem;
    if (!m) return '';
    const seg = m.segment ? `${m.segment}:` : '';
    const ptr = SIZE_PTR[m.size] ?? '';
    if (this.ripPending) {
      const t = u64(this.address + BigInt(this.i) + m.disp);
      this.mem = { ...m, ripTarget: t };
      return `${ptr}${seg}[${this.sym(t)}]`;
    }
    let s = '';
    if (m.base) s = m.base;
    if (m.index) s += `${s ? '+' : ''}${m.index}${m.scale > 1 ? `*${m.scale}` : ''}`;
    if (m.disp !== 0n || !s) {
      if (!s) s = asmHex(u64(m.disp) & 0xffffffffn);
      else s += m.disp < 0n ? `-${asmHex(-m.disp)}` : `+${asmHex(m.disp)}`;
    }
    return `${ptr}${seg}[${s}]`;
  }

  private immText(v: bigint, size: number): string {
    const bits = BigInt(size * 8);
    return asmHex(v & ((1n << bits) - 1n));
  }

  run(): Instruction {
    let op = this.byte();
    for (;;) {
      if (op === 0x66) this.opsize = true;
      else if (op === 0xf0) this.rep = 'lock';
      else if (op === 0xf2) this.rep = 'repne';
      else if (op === 0xf3) this.rep = 'rep';
      else if (op === 0x2e || op === 0x3e || op === 0x26 || op === 0x36) this.segment = null;
      else if (op === 0x64) this.segment = 'fs';
      else if (op === 0x65) this.segment = 'gs';
      else if (op === 0x67) throw new Invalid();
      else break;
      op = this.byte();
    }
    if (op >= 0x40 && op <= 0x4f) {
      this.rex = op;
      op = this.byte();
    }
    const [mnemonic, ops, kind] = op === 0x0f ? this.twoByte(this.byte()) : this.oneByte(op);
    const operands = ops.map((o) => (o === '' ? this.memText() : o)).join(',');
    return {
      address: this.address, length: this.i, bytes: this.code.subarray(0, this.i),
      mnemonic: this.rep === 'lock' ? `lock ${mnemonic}` : mnemonic,
      operands, mem: this.mem, target: this.target, cc: this.cc, kind,
    };
  }

  private rel(size: number): string {
    const d = this.simm(size);
    const t = u64(this.address + BigInt(this.i) + d);
    this.target = t;
    return this.sym(t);
  }

  private oneByte(op: number): [string, string[], Instruction['kind']] {
    if (op < 0x40 && (op & 7) < 6) {
      const name = ALU[op >> 3];
      const form = op & 7;
      if (form === 4) return [name, ['al', this.immText(this.imm(1), 1)], 'normal'];
      if (form === 5) {
        const s = this.vsize();
        return [name, [this.reg(0, s), this.immText(this.simm(s === 2 ? 2 : 4), s)], 'normal'];
      }
      this.readModrm();
      const s = form & 1 ? this.vsize() : 1;
      const r = this.reg(this.modrm.reg, s);
      const m = this.rm(s);
      return [name, form < 2 ? [m, r] : [r, m], 'normal'];
    }
    if (op >= 0x50 && op <= 0x57) return ['push', [R64[(op & 7) | (this.rex & 1 ? 8 : 0)]], 'normal'];
    if (op >= 0x58 && op <= 0x5f) return ['pop', [R64[(op & 7) | (this.rex & 1 ? 8 : 0)]], 'normal'];
    if (op >= 0x70 && op <= 0x7f) {
      this.cc = op & 15;
      return [`j${CC[op & 15]}`, [this.rel(1)], 'jcc'];
    }
    if (op >= 0x91 && op <= 0x97) {
      const s = this.vsize();
      return ['xchg', [this.reg((op & 7) | (this.rex & 1 ? 8 : 0), s), this.reg(0, s)], 'normal'];
    }
    if (op >= 0xb0 && op <= 0xb7) return ['mov', [this.reg((op & 7) | (this.rex & 1 ? 8 : 0), 1), this.immText(this.imm(1), 1)], 'normal'];
    if (op >= 0xb8 && op <= 0xbf) {
      const s = this.vsize();
      const v = this.imm(s === 8 ? 8 : s);
      return ['mov', [this.reg((op & 7) | (this.rex & 1 ? 8 : 0), s), this.immText(v, s)], 'normal'];
    }
    const str = this.stringOp(op);
    if (str) return str;
    switch (op) {
      case 0x63: {
        this.readModrm();
        const r = this.reg(this.modrm.reg, this.vsize());
        return ['movsxd', [r, this.rm(4)], 'normal'];
      }
      case 0x68:
        return ['push', [this.immText(this.simm(4), 8)], 'normal'];
      case 0x6a:
        return ['push', [this.immText(this.simm(1), 8)], 'normal'];
      case 0x69:
      case 0x6b: {
        this.readModrm();
        const s = this.vsize();
        const r = this.reg(this.modrm.reg, s);
        const m = this.rm(s);
        const v = this.simm(op === 0x6b ? 1 : s === 2 ? 2 : 4);
        return ['imul', [r, m, this.immText(v, s)], 'normal'];
      }
      case 0x80:
      case 0x81:
      case 0x83: {
        this.readModrm();
        const s = op === 0x80 ? 1 : this.vsize();
        const name = ALU[this.modrm.reg & 7];
        const m = this.rm(s);
        const v = op === 0x81 ? this.simm(s === 2 ? 2 : 4) : this.simm(1);
        return [name, [m, this.immText(v, s)], 'normal'];
      }
      case 0x84:
      case 0x85:
      case 0x86:
      case 0x87: {
        this.readModrm();
        const s = op & 1 ? this.vsize() : 1;
        const r = this.reg(this.modrm.reg, s);
        return [op < 0x86 ? 'test' : 'xchg', [this.rm(s), r], 'normal'];
      }
      case 0x88:
      case 0x89:
      case 0x8a:
      case 0x8b: {
        this.readModrm();
        const s = op & 1 ? this.vsize() : 1;
        const r = this.reg(this.modrm.reg, s);
        const m = this.rm(s);
        return ['mov', op < 0x8a ? [m, r] : [r, m], 'normal'];
      }
      case 0x8d: {
        this.readModrm();
        if (this.modrm.mod === 3) throw new Invalid();
        const r = this.reg(this.modrm.reg, this.vsize());
        return ['lea', [r, this.rm(this.vsize(), false)], 'normal'];
      }
      case 0x90:
        if (this.rex & 1) return ['xchg', [this.reg(8, this.vsize()), this.reg(0, this.vsize())], 'normal'];
        return [this.rep === 'rep' ? 'pause' : 'nop', [], 'normal'];
      case 0x98:
        return [this.w ? 'cdqe' : this.opsize ? 'cbw' : 'cwde', [], 'normal'];
      case 0x99:
        return [this.w ? 'cqo' : this.opsize ? 'cwd' : 'cdq', [], 'normal'];
      case 0x9c:
        return ['pushfq', [], 'normal'];
      case 0x9d:
        return ['popfq', [], 'normal'];
      case 0xa8:
        return ['test', ['al', this.immText(this.imm(1), 1)], 'normal'];
      case 0xa9: {
        const s = this.vsize();
        return ['test', [this.reg(0, s), this.immText(this.simm(s === 2 ? 2 : 4), s)], 'normal'];
      }
      case 0xc0:
      case 0xc1:
      case 0xd0:
      case 0xd1:
      case 0xd2:
      case 0xd3: {
        this.readModrm();
        const s = op & 1 ? this.vsize() : 1;
        const name = SHIFT[this.modrm.reg & 7];
        const m = this.rm(s);
        const count = op <= 0xc1 ? this.immText(this.imm(1), 1) : op <= 0xd1 ? '1' : 'cl';
        return [name, [m, count], 'normal'];
      }
      case 0xc2:
        return ['ret', [this.immText(this.imm(2), 2)], 'ret'];
      case 0xc3:
        return [this.rep === 'rep' ? 'rep ret' : 'ret', [], 'ret'];
      case 0xc6:
      case 0xc7: {
        this.readModrm();
        if ((this.modrm.reg & 7) !== 0) throw new Invalid();
        const s = op === 0xc6 ? 1 : this.vsize();
        const m = this.rm(s);
        const v = op === 0xc6 ? this.imm(1) : this.simm(s === 2 ? 2 : 4);
        return ['mov', [m, this.immText(v, s)], 'normal'];
      }
      case 0xc9:
        return ['leave', [], 'normal'];
      case 0xcc:
        return ['int', ['3'], 'normal'];
      case 0xcd:
        return ['int', [this.immText(this.imm(1), 1)], 'normal'];
      case 0xe8:
        return ['call', [this.rel(4)], 'call'];
      case 0xe9:
        return ['jmp', [this.rel(4)], 'jmp'];
      case 0xeb:
        return ['jmp', [this.rel(1)], 'jmp'];
      case 0xf4:
        return ['hlt', [], 'normal'];
      case 0xf5:
        return ['cmc', [], 'normal'];
      case 0xf8:
        return ['clc', [], 'normal'];
      case 0xf9:
        return ['stc', [], 'normal'];
      case 0xfc:
        return ['cld', [], 'normal'];
      case 0xfd:
        return ['std', [], 'normal'];
      case 0x9e:
        return ['sahf', [], 'normal'];
      case 0x9f:
        return ['lahf', [], 'normal'];
      case 0xcf:
        return [this.w ? 'iretq' : 'iretd', [], 'ret'];
      case 0x8f:
        this.readModrm();
        if ((this.modrm.reg & 7) !== 0) throw new Invalid();
        return ['pop', [this.rm(8)], 'normal'];
      case 0xe4:
      case 0xe5:
      case 0xec:
      case 0xed: {
        const port = op < 0xec ? this.immText(this.imm(1), 1) : 'dx';
        return ['in', [op & 1 ? this.reg(0, this.opsize ? 2 : 4) : 'al', port], 'normal'];
      }
      case 0xe6:
      case 0xe7:
      case 0xee:
      case 0xef: {
        const port = op < 0xee ? this.immText(this.imm(1), 1) : 'dx';
        return ['out', [port, op & 1 ? this.reg(0, this.opsize ? 2 : 4) : 'al'], 'normal'];
      }
      case 0xfa:
        return ['cli', [], 'normal'];
      case 0xfb:
        return ['sti', [], 'normal'];
      case 0xf6:
      case 0xf7: {
        this.readModrm();
        const s = op === 0xf6 ? 1 : this.vsize();
        const sub = this.modrm.reg & 7;
        const m = this.rm(s);
        if (sub === 0 || sub === 1) return ['test', [m, this.immText(s === 1 ? this.imm(1) : this.simm(s === 2 ? 2 : 4), s)], 'normal'];
        return [['', '', 'not', 'neg', 'mul', 'imul', 'div', 'idiv'][sub], [m], 'normal'];
      }
      case 0xfe: {
        this.readModrm();
        const sub = this.modrm.reg & 7;
        if (sub > 1) throw new Invalid();
        return [sub === 0 ? 'inc' : 'dec', [this.rm(1)], 'normal'];
      }
      case 0xff: {
        this.readModrm();
        const sub = this.modrm.reg & 7;
        if (sub === 0 || sub === 1) return [sub === 0 ? 'inc' : 'dec', [this.rm(this.vsize())], 'normal'];
        if (sub === 2) return ['call', [this.rm(8)], 'call'];
        if (sub === 4) return ['jmp', [this.rm(8)], 'jmp'];
        if (sub === 6) return ['push', [this.rm(8)], 'normal'];
        throw new Invalid();
      }
      default:
        throw new Invalid();
    }
  }

  /** movs, cmps, stos, lods, scas, ins, outs, with their rep/repe/repne prefix. */
  private stringOp(op: number): [string, string[], Instruction['kind']] | null {
    const names: Readonly<Record<number, string>> = {
      0x6c: 'ins', 0x6d: 'ins', 0x6e: 'outs', 0x6f: 'outs', 0xa4: 'movs', 0xa5: 'movs', 0xa6: 'cmps', 0xa7: 'cmps',
      0xaa: 'stos', 0xab: 'stos', 0xac: 'lods', 0xad: 'lods', 0xae: 'scas', 0xaf: 'scas',
    };
    const name = names[op];
    if (!name) return null;
    const size = op & 1 ? (op < 0x70 ? (this.opsize ? 2 : 4) : this.vsize()) : 1;
    const ptr = SIZE_PTR[size];
    const di = `${ptr}[rdi]`;
    const si = `${ptr}${this.segment ? `${this.segment}:` : ''}[rsi]`;
    const ops = { ins: [di, 'dx'], outs: ['dx', si], movs: [di, si], cmps: [si, di], stos: [di], lods: [si], scas: [di] }[name] ?? [];
    const compares = name === 'cmps' || name === 'scas';
    const prefix = this.rep === 'rep' ? (compares ? 'repe ' : 'rep ') : this.rep === 'repne' ? 'repne ' : '';
    this.rep = null;
    return [`${prefix}${name}`, ops, 'normal'];
  }

  private twoByte(op: number): [string, string[], Instruction['kind']] {
    if (op >= 0x80 && op <= 0x8f) {
      this.cc = op & 15;
      return [`j${CC[op & 15]}`, [this.rel(4)], 'jcc'];
    }
    if (op >= 0x90 && op <= 0x9f) {
      this.readModrm();
      this.cc = op & 15;
      return [`set${CC[op & 15]}`, [this.rm(1)], 'normal'];
    }
    if (op >= 0x40 && op <= 0x4f) {
      this.readModrm();
      this.cc = op & 15;
      const s = this.vsize();
      const r = this.reg(this.modrm.reg, s);
      return [`cmov${CC[op & 15]}`, [r, this.rm(s)], 'normal'];
    }
    if (op >= 0xc8 && op <= 0xcf) return ['bswap', [this.reg((op & 7) | (this.rex & 1 ? 8 : 0), this.w ? 8 : 4)], 'normal'];
    switch (op) {
      case 0x20:
      case 0x21:
      case 0x22:
      case 0x23: {
        // mov to/from control and debug registers: the r/m is always a 64-bit register.
        this.readModrm();
        const special = `${op & 1 ? 'dr' : 'cr'}${this.modrm.reg}`;
        const gpr = R64[this.modrm.rm | (this.rex & 1 ? 8 : 0)];
        return ['mov', op < 0x22 ? [gpr, special] : [special, gpr], 'normal'];
      }
      case 0x30:
        return ['wrmsr', [], 'normal'];
      case 0x32:
        return ['rdmsr', [], 'normal'];
      case 0x06:
        return ['clts', [], 'normal'];
      case 0x09:
        return ['wbinvd', [], 'normal'];
      case 0x01: {
        const b = this.code[this.i];
        const named: Readonly<Record<number, string>> = { 0xd0: 'xgetbv', 0xd1: 'xsetbv', 0xf8: 'swapgs', 0xf9: 'rdtscp' };
        if (b !== undefined && named[b]) {
          this.i++;
          return [named[b], [], 'normal'];
        }
        this.readModrm();
        const name = ['sgdt', 'sidt', 'lgdt', 'lidt', 'smsw', '', 'lmsw', 'invlpg'][this.modrm.reg & 7];
        if (!name || this.modrm.mod === 3) throw new Invalid();
        return [name, [this.rm(name === 'invlpg' ? 1 : 0, name === 'invlpg')], 'normal'];
      }
      case 0xa3:
      case 0xab:
      case 0xb3:
      case 0xbb: {
        this.readModrm();
        const s = this.vsize();
        const r = this.reg(this.modrm.reg, s);
        return [{ 0xa3: 'bt', 0xab: 'bts', 0xb3: 'btr', 0xbb: 'btc' }[op] as string, [this.rm(s), r], 'normal'];
      }
      case 0xba: {
        this.readModrm();
        const sub = this.modrm.reg & 7;
        if (sub < 4) throw new Invalid();
        const s = this.vsize();
        const m = this.rm(s);
        return [['bt', 'bts', 'btr', 'btc'][sub - 4], [m, this.immText(this.imm(1), 1)], 'normal'];
      }
      case 0xbc:
      case 0xbd: {
        this.readModrm();
        const s = this.vsize();
        const r = this.reg(this.modrm.reg, s);
        return [op === 0xbc ? 'bsf' : 'bsr', [r, this.rm(s)], 'normal'];
      }
      case 0xb0:
      case 0xb1:
      case 0xc0:
      case 0xc1: {
        this.readModrm();
        const s = op & 1 ? this.vsize() : 1;
        const r = this.reg(this.modrm.reg, s);
        return [op < 0xc0 ? 'cmpxchg' : 'xadd', [this.rm(s), r], 'normal'];
      }
      case 0xc7: {
        this.readModrm();
        if ((this.modrm.reg & 7) !== 1 || this.modrm.mod === 3) throw new Invalid();
        return [this.w ? 'cmpxchg16b' : 'cmpxchg8b', [this.rm(this.w ? 16 : 8)], 'normal'];
      }
      case 0xa0:
        return ['push', ['fs'], 'normal'];
      case 0xa1:
        return ['pop', ['fs'], 'normal'];
      case 0xa8:
        return ['push', ['gs'], 'normal'];
      case 0xa9:
        return ['pop', ['gs'], 'normal'];
      case 0xae: {
        const b = this.code[this.i];
        const fence: Readonly<Record<number, string>> = { 0xe8: 'lfence', 0xf0: 'mfence', 0xf8: 'sfence' };
        if (b !== undefined && fence[b]) {
          this.i++;
          return [fence[b], [], 'normal'];
        }
        this.readModrm();
        if (this.modrm.mod === 3) throw new Invalid();
        const name = ['fxsave', 'fxrstor', 'ldmxcsr', 'stmxcsr', 'xsave', 'xrstor', '', 'clflush'][this.modrm.reg & 7];
        if (!name) throw new Invalid();
        return [name, [this.rm(name === 'ldmxcsr' || name === 'stmxcsr' ? 4 : name === 'clflush' ? 1 : 0, name !== 'fxsave' && name !== 'fxrstor' && name !== 'xsave' && name !== 'xrstor')], 'normal'];
      }
      case 0x05:
        return ['syscall', [], 'normal'];
      case 0x0b:
        return ['ud2', [], 'normal'];
      case 0x1f:
        this.readModrm();
        return ['nop', [this.rm(this.vsize())], 'normal'];
      case 0x31:
        return ['rdtsc', [], 'normal'];
      case 0xa2:
        return ['cpuid', [], 'normal'];
      case 0xaf: {
        this.readModrm();
        const s = this.vsize();
        const r = this.reg(this.modrm.reg, s);
        return ['imul', [r, this.rm(s)], 'normal'];
      }
      case 0xb6:
      case 0xb7:
      case 0xbe:
      case 0xbf: {
        this.readModrm();
        const r = this.reg(this.modrm.reg, this.vsize());
        return [op < 0xb8 ? 'movzx' : 'movsx', [r, this.rm(op & 1 ? 2 : 1)], 'normal'];
      }
      default:
        throw new Invalid();
    }
  }
}
