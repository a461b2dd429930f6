/** The one-byte opcode map. */
import { type Decoded, type Decoder, Invalid } from './decoder.ts';
import { ALU, CC, R32, R64, SHIFT, SREG, ptrOf } from './names.ts';
import { legacy32 } from './legacy32.ts';
import { x87 } from './x87.ts';

const STRING_OPS: ReadonlyMap<number, string> = new Map([
  [0x6c, 'ins'],
  [0x6d, 'ins'],
  [0x6e, 'outs'],
  [0x6f, 'outs'],
  [0xa4, 'movs'],
  [0xa5, 'movs'],
  [0xa6, 'cmps'],
  [0xa7, 'cmps'],
  [0xaa, 'stos'],
  [0xab, 'stos'],
  [0xac, 'lods'],
  [0xad, 'lods'],
  [0xae, 'scas'],
  [0xaf, 'scas'],
]);

/** movs, cmps, stos, lods, scas, ins, outs, with their rep/repe/repne prefix. */
function stringOp(d: Decoder, op: number, name: string): Decoded {
  const size = op & 1 ? (op < 0x70 ? (d.opsize ? 2 : 4) : d.vsize()) : 1;
  const ptr = ptrOf(size);
  const a = d.addr16 ? '' : d.adsize ? 'e' : 'r';
  const di = `${ptr}[${a}di]`;
  const si = `${ptr}${d.segment ? `${d.segment}:` : ''}[${a}si]`;
  const ops = { ins: [di, 'dx'], outs: ['dx', si], movs: [di, si], cmps: [si, di], stos: [di], lods: [si], scas: [di] }[name] ?? [];
  const compares = name === 'cmps' || name === 'scas';
  const prefix = d.rep === 'rep' ? (compares ? 'repe ' : 'rep ') : d.rep === 'repne' ? 'repne ' : '';
  return [`${prefix}${name}`, ops, 'normal'];
}

/** add/or/adc/sbb/and/sub/xor/cmp in their six classic forms (00-3D). */
function alu(d: Decoder, op: number): Decoded {
  const name = ALU[op >> 3];
  const form = op & 7;
  if (form === 4) return [name, ['al', d.immText(d.imm(1), 1)], 'normal'];
  if (form === 5) {
    const s = d.vsize();
    return [name, [d.gpr(0, s), d.immOp(d.zsize(), s)], 'normal'];
  }
  d.readModrm();
  const s = form & 1 ? d.vsize() : 1;
  const r = d.gpr(d.reg, s);
  const m = d.rm(s);
  return [name, form < 2 ? [m, r] : [r, m], 'normal'];
}

const SIMPLE: ReadonlyMap<number, string> = new Map([
  [0x9b, 'wait'],
  [0x9e, 'sahf'],
  [0x9f, 'lahf'],
  [0xc9, 'leave'],
  [0xf4, 'hlt'],
  [0xf5, 'cmc'],
  [0xf8, 'clc'],
  [0xf9, 'stc'],
  [0xfa, 'cli'],
  [0xfb, 'sti'],
  [0xfc, 'cld'],
  [0xfd, 'std'],
]);

export function oneByte(d: Decoder, op: number): Decoded {
  if (op < 0x40 && (op & 7) < 6) return alu(d, op);
  if (d.mode32) {
    const old = legacy32(d, op);
    if (old) return old;
  }
  if (op >= 0x50 && op <= 0x5f) return [op < 0x58 ? 'push' : 'pop', [d.opReg(op, d.stackSize)], 'normal'];
  if (op >= 0x70 && op <= 0x7f) {
    d.cc = op & 15;
    return [`j${CC[op & 15]}`, [d.rel(1)], 'jcc'];
  }
  if (op >= 0x91 && op <= 0x97) {
    const s = d.vsize();
    return ['xchg', [d.opReg(op, s), d.gpr(0, s)], 'normal'];
  }
  if (op >= 0xb0 && op <= 0xb7) return ['mov', [d.opReg(op, 1), d.immText(d.imm(1), 1)], 'normal'];
  if (op >= 0xb8 && op <= 0xbf) {
    const s = d.vsize();
    return ['mov', [d.opReg(op, s), d.immText(d.imm(s), s)], 'normal'];
  }
  if (op >= 0xd8 && op <= 0xdf) return x87(d, op);
  const str = STRING_OPS.get(op);
  if (str) return stringOp(d, op, str);
  const simple = SIMPLE.get(op);
  if (simple) return [simple, [], 'normal'];
  switch (op) {
    case 0x63: {
      d.readModrm();
      const r = d.gpr(d.reg, d.vsize());
      return ['movsxd', [r, d.rm(4)], 'normal'];
    }
    case 0x68:
      return ['push', [d.immOp(d.zsize(), d.stackSize)], 'normal'];
    case 0x6a:
      return ['push', [d.immOp(1, d.stackSize)], 'normal'];
    case 0x69:
    case 0x6b: {
      d.readModrm();
      const s = d.vsize();
      const r = d.gpr(d.reg, s);
      const m = d.rm(s);
      return ['imul', [r, m, d.immOp(op === 0x6b ? 1 : d.zsize(), s)], 'normal'];
    }
    case 0x80:
    case 0x81:
    case 0x83: {
      d.readModrm();
      const s = op === 0x80 ? 1 : d.vsize();
      const m = d.rm(s);
      return [ALU[d.sub], [m, d.immOp(op === 0x81 ? d.zsize() : 1, s)], 'normal'];
    }
    case 0x84:
    case 0x85:
    case 0x86:
    case 0x87: {
      d.readModrm();
      const s = op & 1 ? d.vsize() : 1;
      const r = d.gpr(d.reg, s);
      return [op < 0x86 ? 'test' : 'xchg', [d.rm(s), r], 'normal'];
    }
    case 0x88:
    case 0x89:
    case 0x8a:
    case 0x8b: {
      d.readModrm();
      const s = op & 1 ? d.vsize() : 1;
      const r = d.gpr(d.reg, s);
      const m = d.rm(s);
      return ['mov', op < 0x8a ? [m, r] : [r, m], 'normal'];
    }
    case 0x8c:
    case 0x8e: {
      // mov to/from a segment register: a register operand takes the operand size, memory is a word.
      d.readModrm();
      const sreg = SREG[d.sub];
      if (!sreg || (op === 0x8e && d.sub === 1)) throw new Invalid();
      const m = d.mod === 3 ? d.gpr(d.rmReg, d.vsize()) : d.rm(2);
      return ['mov', op === 0x8c ? [m, sreg] : [sreg, m], 'normal'];
    }
    case 0x8d: {
      d.readModrm();
      const s = d.vsize();
      const r = d.gpr(d.reg, s);
      return ['lea', [r, d.memory('', 0)], 'normal'];
    }
    case 0x8f:
      d.readModrm();
      if (d.sub !== 0) throw new Invalid();
      return ['pop', [d.rm(d.stackSize)], 'normal'];
    case 0x90:
      if (d.rex & 1) return ['xchg', [d.gpr(8, d.vsize()), d.gpr(0, d.vsize())], 'normal'];
      if (d.rep === 'rep') return ['pause', [], 'normal'];
      return d.opsize ? ['xchg', ['ax', 'ax'], 'normal'] : ['nop', [], 'normal'];
    case 0x98:
      return [d.w ? 'cdqe' : d.opsize ? 'cbw' : 'cwde', [], 'normal'];
    case 0x99:
      return [d.w ? 'cqo' : d.opsize ? 'cwd' : 'cdq', [], 'normal'];
    case 0x9c:
      return [d.opsize ? 'pushf' : 'pushfq', [], 'normal'];
    case 0x9d:
      return [d.opsize ? 'popf' : 'popfq', [], 'normal'];
    case 0xa0:
    case 0xa1:
    case 0xa2:
    case 0xa3: {
      // mov with a 64-bit absolute address (moffs): how Windows reads KUSER_SHARED_DATA.
      const s = op & 1 ? d.vsize() : 1;
      const m = d.absolute(s);
      const r = d.gpr(0, s);
      return ['mov', op < 0xa2 ? [r, m] : [m, r], 'normal'];
    }
    case 0xa8:
      return ['test', ['al', d.immText(d.imm(1), 1)], 'normal'];
    case 0xa9: {
      const s = d.vsize();
      return ['test', [d.gpr(0, s), d.immOp(d.zsize(), s)], 'normal'];
    }
    case 0xc0:
    case 0xc1:
    case 0xd0:
    case 0xd1:
    case 0xd2:
    case 0xd3: {
      d.readModrm();
      const s = op & 1 ? d.vsize() : 1;
      const m = d.rm(s);
      const count = op <= 0xc1 ? d.immText(d.imm(1), 1) : op <= 0xd1 ? '1' : 'cl';
      return [SHIFT[d.sub], [m, count], 'normal'];
    }
    case 0xc2:
      return ['ret', [d.immText(d.imm(2), 2)], 'ret'];
    case 0xc3:
      return [d.rep === 'rep' ? 'rep ret' : 'ret', [], 'ret'];
    case 0xca:
      return ['retf', [d.immText(d.imm(2), 2)], 'ret'];
    case 0xcb:
      return ['retf', [], 'ret'];
    case 0xc6:
    case 0xc7: {
      d.readModrm();
      if (d.sub !== 0) throw new Invalid();
      const s = op === 0xc6 ? 1 : d.vsize();
      const m = d.rm(s);
      return ['mov', [m, d.immOp(op === 0xc6 ? 1 : d.zsize(), s)], 'normal'];
    }
    case 0xc8: {
      const size = d.immText(d.imm(2), 2);
      return ['enter', [size, d.immText(d.imm(1), 1)], 'normal'];
    }
    case 0xcc:
      return ['int', ['3'], 'normal'];
    case 0xcd:
      return ['int', [d.immText(d.imm(1), 1)], 'normal'];
    case 0xcf:
      return [d.w ? 'iretq' : d.opsize ? 'iret' : 'iretd', [], 'ret'];
    case 0xd7:
      return ['xlat', [`byte ptr ${d.segment ? `${d.segment}:` : ''}[${d.addr16 ? 'bx' : d.adsize ? 'ebx' : 'rbx'}]`], 'normal'];
    case 0xe0:
    case 0xe1:
    case 0xe2:
      return [['loopne', 'loope', 'loop'][op - 0xe0], [d.rel(1)], 'jcc'];
    case 0xe3:
      return [d.adsize ? 'jecxz' : 'jrcxz', [d.rel(1)], 'jcc'];
    case 0xe4:
    case 0xe5:
    case 0xec:
    case 0xed: {
      const port = op < 0xec ? d.immText(d.imm(1), 1) : 'dx';
      return ['in', [op & 1 ? d.gpr(0, d.opsize ? 2 : 4) : 'al', port], 'normal'];
    }
    case 0xe6:
    case 0xe7:
    case 0xee:
    case 0xef: {
      const port = op < 0xee ? d.immText(d.imm(1), 1) : 'dx';
      return ['out', [port, op & 1 ? d.gpr(0, d.opsize ? 2 : 4) : 'al'], 'normal'];
    }
    case 0xe8:
      return ['call', [d.rel(4)], 'call'];
    case 0xe9:
      return ['jmp', [d.rel(4)], 'jmp'];
    case 0xeb:
      return ['jmp', [d.rel(1)], 'jmp'];
    case 0xf6:
    case 0xf7: {
      d.readModrm();
      const s = op === 0xf6 ? 1 : d.vsize();
      const m = d.rm(s);
      if (d.sub < 2) return ['test', [m, d.immOp(s === 1 ? 1 : d.zsize(), s)], 'normal'];
      return [['', '', 'not', 'neg', 'mul', 'imul', 'div', 'idiv'][d.sub], [m], 'normal'];
    }
    case 0xfe:
      d.readModrm();
      if (d.sub > 1) throw new Invalid();
      return [d.sub === 0 ? 'inc' : 'dec', [d.rm(1)], 'normal'];
    case 0xff:
      return groupFF(d);
    default:
      throw new Invalid();
  }
}

/** inc, dec, near and far call/jmp, push (FF /0-/6). */
function groupFF(d: Decoder): Decoded {
  d.readModrm();
  const sub = d.sub;
  if (sub < 2) return [sub === 0 ? 'inc' : 'dec', [d.rm(d.vsize())], 'normal'];
  // CET's notrack (3E) on an indirect branch is a hint, not a segment.
  if ((sub === 2 || sub === 4) && d.segment === 'ds') d.segment = null;
  const near = d.mode32 ? 4 : 8;
  const reg = d.mode32 ? R32 : R64;
  if (sub === 2) return ['call', [d.mod === 3 ? reg[d.rmReg] : d.rm(near)], 'call'];
  if (sub === 4) return ['jmp', [d.mod === 3 ? reg[d.rmReg] : d.rm(near)], 'jmp'];
  if (sub === 3 || sub === 5) {
    if (d.mod === 3) throw new Invalid();
    return [sub === 3 ? 'call' : 'jmp', [d.rm(d.w ? 10 : d.opsize ? 4 : 6)], sub === 3 ? 'call' : 'jmp'];
  }
  if (sub === 6) return ['push', [d.rm(d.stackSize)], 'normal'];
  throw new Invalid();
}
