/**
 * One-byte opcodes whose 32-bit protected-mode meaning differs from 64-bit
 * mode: inc/dec (40-4F, REX in x64), the BCD and segment-register opcodes,
 * pushad/popad, bound, arpl, les/lds, into, far call/jmp ptr16:32 and the
 * 82 alias of group 1. null: the opcode means the same in both modes.
 */
import { type Decoded, type Decoder, Invalid } from './decoder.ts';
import { ALU, SREG } from './names.ts';

const NOARGS: ReadonlyMap<number, string> = new Map([
  [0x27, 'daa'],
  [0x2f, 'das'],
  [0x37, 'aaa'],
  [0x3f, 'aas'],
  [0xce, 'into'],
]);

/** push/pop of es, cs, ss, ds (06/07, 0E, 16/17, 1E/1F). */
function segmentStack(op: number): Decoded | null {
  if (op >= 0x20 || (op & 7) < 6 || op === 0x0f) return null;
  return [op & 1 ? 'pop' : 'push', [SREG[op >> 3]], 'normal'];
}

/** Far pointer operand ptr16:32 (or ptr16:16 after 66): `0008:80541234`. */
function farPointer(d: Decoder): string {
  const offset = d.imm(d.opsize ? 2 : 4);
  const selector = d.imm(2);
  return `${selector.toString(16).padStart(4, '0')}:${offset.toString(16).padStart(d.opsize ? 4 : 8, '0')}`;
}

export function legacy32(d: Decoder, op: number): Decoded | null {
  const seg = segmentStack(op);
  if (seg) return seg;
  const simple = NOARGS.get(op);
  if (simple) return [simple, [], 'normal'];
  if (op >= 0x40 && op <= 0x4f) return [op < 0x48 ? 'inc' : 'dec', [d.opReg(op, d.vsize())], 'normal'];
  switch (op) {
    case 0x60:
      return [d.opsize ? 'pusha' : 'pushad', [], 'normal'];
    case 0x61:
      return [d.opsize ? 'popa' : 'popad', [], 'normal'];
    case 0x62: {
      d.readModrm();
      const r = d.gpr(d.reg, d.vsize());
      return ['bound', [r, d.memory(d.opsize ? 'dword ptr ' : 'qword ptr ', d.opsize ? 4 : 8)], 'normal'];
    }
    case 0x63:
      d.readModrm();
      return ['arpl', [d.rm(2), d.gpr(d.reg, 2)], 'normal'];
    case 0x82: {
      d.readModrm();
      const m = d.rm(1);
      return [ALU[d.sub], [m, d.immText(d.imm(1), 1)], 'normal'];
    }
    case 0x9a:
      return ['call', [farPointer(d)], 'call'];
    case 0xea:
      return ['jmp', [farPointer(d)], 'jmp'];
    case 0x9c:
      return [d.opsize ? 'pushf' : 'pushfd', [], 'normal'];
    case 0x9d:
      return [d.opsize ? 'popf' : 'popfd', [], 'normal'];
    case 0xc4:
    case 0xc5: {
      d.readModrm();
      const r = d.gpr(d.reg, d.vsize());
      return [op === 0xc4 ? 'les' : 'lds', [r, d.memory(d.opsize ? 'dword ptr ' : 'fword ptr ', d.opsize ? 4 : 6)], 'normal'];
    }
    case 0xd4:
    case 0xd5:
      return [op === 0xd4 ? 'aam' : 'aad', [d.immText(d.imm(1), 1)], 'normal'];
    case 0xe3:
      return [d.addr16 ? 'jcxz' : 'jecxz', [d.rel(1)], 'jcc'];
    case 0xd6:
      throw new Invalid();
    default:
      return null;
  }
}
