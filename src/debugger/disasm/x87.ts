/** The x87 escape opcodes D8-DF, in Intel's operand order (`faddp st(1),st`). */
import { Invalid, type Decoded, type Decoder } from './decoder.ts';
import { ptrOf } from './names.ts';

const ARITH = ['fadd', 'fmul', 'fcom', 'fcomp', 'fsub', 'fsubr', 'fdiv', 'fdivr'];
const IARITH = ['fiadd', 'fimul', 'ficom', 'ficomp', 'fisub', 'fisubr', 'fidiv', 'fidivr'];

/** Memory forms: [mnemonic, operand bytes (0: no size keyword)] per escape byte and /digit. */
const MEMORY: readonly (readonly (readonly [string, number] | null)[])[] = [
  ARITH.map((n) => [n, 4] as const),
  [['fld', 4], null, ['fst', 4], ['fstp', 4], ['fldenv', 0], ['fldcw', 2], ['fnstenv', 0], ['fnstcw', 2]],
  IARITH.map((n) => [n, 4] as const),
  [['fild', 4], ['fisttp', 4], ['fist', 4], ['fistp', 4], null, ['fld', 10], null, ['fstp', 10]],
  ARITH.map((n) => [n, 8] as const),
  [['fld', 8], ['fisttp', 8], ['fst', 8], ['fstp', 8], ['frstor', 0], null, ['fnsave', 0], ['fnstsw', 2]],
  IARITH.map((n) => [n, 2] as const),
  [
    ['fild', 2],
    ['fisttp', 2],
    ['fist', 2],
    ['fistp', 2],
    ['fbld', 10],
    ['fild', 8],
    ['fbstp', 10],
    ['fistp', 8],
  ],
];

/** D9 E0-FF: operandless instructions. */
const D9_NOARGS: ReadonlyMap<number, string> = new Map([
  [0xe0, 'fchs'],
  [0xe1, 'fabs'],
  [0xe4, 'ftst'],
  [0xe5, 'fxam'],
  [0xe8, 'fld1'],
  [0xe9, 'fldl2t'],
  [0xea, 'fldl2e'],
  [0xeb, 'fldpi'],
  [0xec, 'fldlg2'],
  [0xed, 'fldln2'],
  [0xee, 'fldz'],
  [0xf0, 'f2xm1'],
  [0xf1, 'fyl2x'],
  [0xf2, 'fptan'],
  [0xf3, 'fpatan'],
  [0xf4, 'fxtract'],
  [0xf5, 'fprem1'],
  [0xf6, 'fdecstp'],
  [0xf7, 'fincstp'],
  [0xf8, 'fprem'],
  [0xf9, 'fyl2xp1'],
  [0xfa, 'fsqrt'],
  [0xfb, 'fsincos'],
  [0xfc, 'frndint'],
  [0xfd, 'fscale'],
  [0xfe, 'fsin'],
  [0xff, 'fcos'],
]);

const st = (i: number): string => `st(${i})`;

/** Register forms: the text for escape `esc` (0-7), /digit `sub` and stack register `i`. */
function registerForm(esc: number, sub: number, i: number, modrm: number): [string, string[]] | null {
  switch (esc) {
    case 0:
      return sub === 2 || sub === 3 ? [ARITH[sub], [st(i)]] : [ARITH[sub], ['st', st(i)]];
    case 1:
      if (sub === 0) return ['fld', [st(i)]];
      if (sub === 1) return ['fxch', [st(i)]];
      if (modrm === 0xd0) return ['fnop', []];
      return D9_NOARGS.has(modrm) ? [D9_NOARGS.get(modrm) as string, []] : null;
    case 2:
      if (sub < 4) return [['fcmovb', 'fcmove', 'fcmovbe', 'fcmovu'][sub], ['st', st(i)]];
      return modrm === 0xe9 ? ['fucompp', []] : null;
    case 3:
      if (sub < 4) return [['fcmovnb', 'fcmovne', 'fcmovnbe', 'fcmovnu'][sub], ['st', st(i)]];
      if (modrm === 0xe2) return ['fnclex', []];
      if (modrm === 0xe3) return ['fninit', []];
      if (sub === 5 || sub === 6) return [sub === 5 ? 'fucomi' : 'fcomi', ['st', st(i)]];
      return null;
    case 4:
      if (sub === 2 || sub === 3) return null;
      return [['fadd', 'fmul', '', '', 'fsubr', 'fsub', 'fdivr', 'fdiv'][sub], [st(i), 'st']];
    case 5:
      if (sub === 1 || sub > 5) return null;
      return [['ffree', '', 'fst', 'fstp', 'fucom', 'fucomp'][sub], [st(i)]];
    case 6:
      if (sub === 3) return modrm === 0xd9 ? ['fcompp', []] : null;
      if (sub === 2) return null;
      return [['faddp', 'fmulp', '', '', 'fsubrp', 'fsubp', 'fdivrp', 'fdivp'][sub], [st(i), 'st']];
    default:
      if (modrm === 0xe0) return ['fnstsw', ['ax']];
      if (sub === 0) return ['ffreep', [st(i)]];
      if (sub === 5 || sub === 6) return [sub === 5 ? 'fucomip' : 'fcomip', ['st', st(i)]];
      return null;
  }
}

export function x87(d: Decoder, op: number): Decoded {
  const esc = op - 0xd8;
  d.readModrm();
  if (d.mod !== 3) {
    const form = MEMORY[esc][d.sub];
    if (!form) throw new Invalid();
    return [form[0], [d.memory(ptrOf(form[1]), form[1])], 'normal'];
  }
  const modrm = 0xc0 | (d.sub << 3) | d.rmf;
  const r = registerForm(esc, d.sub, d.rmf, modrm);
  if (!r) throw new Invalid();
  return [r[0], r[1], 'normal'];
}
