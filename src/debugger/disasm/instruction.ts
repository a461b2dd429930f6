/** One instruction: prefixes, REX or VEX, then the opcode maps. */
import type { Instruction, Symbolizer } from '../disasm.ts';
import { Decoder, Invalid, type Decoded } from './decoder.ts';
import { oneByte } from './onebyte.ts';
import { simd } from './simd.ts';
import { twoByte } from './twobyte.ts';

const SEGMENTS: ReadonlyMap<number, string> = new Map([
  [0x26, 'es'],
  [0x2e, 'cs'],
  [0x36, 'ss'],
  [0x3e, 'ds'],
  [0x64, 'fs'],
  [0x65, 'gs'],
]);

function prefixes(d: Decoder): number {
  for (;;) {
    const op = d.byte();
    if (op === 0x66) d.opsize = true;
    else if (op === 0x67) {
      if (d.mode32) d.addr16 = true;
      else d.adsize = true;
    } else if (op === 0xf0) d.lock = true;
    else if (op === 0xf2) d.rep = 'repne';
    else if (op === 0xf3) d.rep = 'rep';
    else if (SEGMENTS.has(op)) d.segment = SEGMENTS.get(op) ?? null;
    else if (op >= 0x40 && op <= 0x4f && !d.mode32) {
      // REX counts only directly before the opcode.
      const next = d.peek();
      d.rex = op;
      if (
        next !== undefined &&
        (next === 0x66 || next === 0x67 || next === 0xf0 || next === 0xf2 || next === 0xf3 || SEGMENTS.has(next) || (next >= 0x40 && next <= 0x4f))
      )
        d.rex = 0;
    } else return op;
  }
}

/** The VEX prefix (c4 three-byte, c5 two-byte form); REX bits go to `rex`. */
function vex(d: Decoder, op: number): Decoded {
  if (d.rex || d.opsize || d.rep || d.lock) throw new Invalid();
  const b1 = d.byte();
  let map = 1;
  let w = false;
  let rexBits = b1 & 0x80 ? 0 : 4;
  let b2 = b1;
  if (op === 0xc4) {
    rexBits |= (b1 & 0x40 ? 0 : 2) | (b1 & 0x20 ? 0 : 1);
    map = b1 & 0x1f;
    b2 = d.byte();
    w = (b2 & 0x80) !== 0;
  }
  d.rex = rexBits | (w ? 8 : 0);
  d.vex = { l: (b2 >> 2) & 1, pp: ['', '66', 'f3', 'f2'][b2 & 3], map, v: (~b2 >> 3) & 15 };
  if (map < 1 || map > 3) throw new Invalid();
  const opcode = d.byte();
  return simd(d, map, opcode);
}

function decodeOne(d: Decoder): Decoded {
  const op = prefixes(d);
  // In 32-bit mode c4/c5 are les/lds unless the next byte would be a register ModRM.
  if ((op === 0xc4 || op === 0xc5) && (!d.mode32 || ((d.peek() ?? 0) & 0xc0) === 0xc0)) return vex(d, op);
  if (op !== 0x0f) return oneByte(d, op);
  const op2 = d.byte();
  if (op2 === 0x38 || op2 === 0x3a) return simd(d, op2 === 0x38 ? 2 : 3, d.byte());
  return twoByte(d, op2) ?? simd(d, 1, op2);
}

/** Decode one instruction from `code` (bytes starting at `address`; at least 15 when available). */
export function decodeInstruction(code: Uint8Array, address: bigint, sym: Symbolizer, bits: 32 | 64 = 64): Instruction {
  const d = new Decoder(code, address, sym, bits === 32);
  try {
    const [mnemonic, ops, kind] = decodeOne(d);
    const operands = ops.map((o) => (o === '' ? d.memText() : o)).join(',');
    return {
      address,
      length: d.i,
      bytes: code.subarray(0, d.i),
      mnemonic: d.lock ? `lock ${mnemonic}` : mnemonic,
      operands,
      mem: d.mem,
      target: d.target,
      cc: d.cc,
      kind,
    };
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return { address, length: 1, bytes: code.subarray(0, 1), mnemonic: '???', operands: '', mem: null, target: null, cc: null, kind: 'invalid' };
  }
}
