/** Decoding through the SIMD tables (simd-tables.ts), legacy-encoded or VEX-encoded. */
import { Invalid, type Decoded, type Decoder } from './decoder.ts';
import { ptrOf, vecPtrOf } from './names.ts';
import { LEGACY_TEXT, VEX_TEXT } from './simd-tables.ts';

interface Form {
  readonly name: string;
  readonly ops: readonly string[];
  readonly legacyOnly: boolean;
}

/** Key `op[/digit][r]` → mandatory prefix → form. */
type Table = Map<string, Map<string, Form>>;

function parse(text: string): Table {
  const table: Table = new Map();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    const forms = new Map<string, Form>();
    for (const alt of line.slice(colon + 1).split('|')) {
      const words = alt.trim().split(/\s+/);
      const pfx = words[0] === '66' || words[0] === 'f3' || words[0] === 'f2' ? (words.shift() as string) : '';
      const raw = words[0];
      const legacyOnly = raw.startsWith('!');
      const ops = words[1] ? words[1].split(',') : [];
      forms.set(pfx, { name: legacyOnly ? raw.slice(1) : raw, ops, legacyOnly: legacyOnly || ops.some((o) => 'PNQZ'.includes(o[0])) });
    }
    table.set(line.slice(0, colon), forms);
  }
  return table;
}

const LEGACY = LEGACY_TEXT.map(parse);
const VEX_ONLY = VEX_TEXT.map(parse);

/** The register-only form, the ModRM group form, or the plain form of an opcode. */
function lookup(table: Table, key: string, modrm: number | undefined): Map<string, Form> | undefined {
  if (modrm === undefined) return table.get(key);
  if (modrm >> 6 === 3 && table.has(`${key}r`)) return table.get(`${key}r`);
  return table.get(`${key}/${(modrm >> 3) & 7}`) ?? table.get(key);
}

const PREDICATES = [
  'eq',
  'lt',
  'le',
  'unord',
  'neq',
  'nlt',
  'nle',
  'ord',
  'eq_uq',
  'nge',
  'ngt',
  'false',
  'neq_oq',
  'ge',
  'gt',
  'true',
  'eq_os',
  'lt_oq',
  'le_oq',
  'unord_s',
  'neq_us',
  'nlt_uq',
  'nle_uq',
  'ord_s',
  'eq_us',
  'nge_uq',
  'ngt_uq',
  'false_os',
  'neq_os',
  'ge_oq',
  'gt_oq',
  'true_us',
];

/** Memory bytes of a vector operand of size code `s`. */
function vecBytes(d: Decoder, s: string): number {
  const l = d.vex?.l ?? 0;
  switch (s) {
    case 'x':
      return l ? 32 : 16;
    case 'h':
      return l ? 16 : 8;
    case 'f':
      return l ? 8 : 4;
    case 'e':
      return l ? 4 : 2;
    case 'm':
      return l ? 32 : 8;
    case 's':
      return d.w ? 8 : 4;
    case 'X':
      return 16;
    case 'q':
      return 8;
    case 'd':
      return 4;
    case 'w':
      return 2;
    case 'b':
      return 1;
    default:
      return 0;
  }
}

function vecReg(d: Decoder, n: number, s: string): string {
  return `${(s === 'x' || s === 'm') && d.vex?.l ? 'ymm' : 'xmm'}${n}`;
}

/** General-register size: y by W, else d/q/w/b. Sizes dw/db name a 32-bit register but a smaller memory operand. */
function gprBytes(d: Decoder, s: string, memory: boolean): number {
  if (s === 'y') return d.w ? 8 : 4;
  if (s === 'dw') return memory ? 2 : 4;
  if (s === 'db') return memory ? 1 : 4;
  return { q: 8, d: 4, w: 2, b: 1 }[s] ?? 4;
}

/** One operand's text ('' for the memory operand); null when it is absent in this encoding. */
function operand(d: Decoder, tok: string): string | null {
  const cls = tok[0];
  const s = tok.slice(1);
  switch (cls) {
    case 'V':
      return vecReg(d, d.reg, s);
    case 'H':
      return d.vex ? vecReg(d, d.vex.v, s) : null;
    case 'K':
      return d.vex && d.mod === 3 ? vecReg(d, d.vex.v, s) : null;
    case 'W':
      return d.mod === 3 ? vecReg(d, d.rmReg, s) : d.memory(vecPtrOf(vecBytes(d, s)), vecBytes(d, s));
    case 'U':
      if (d.mod !== 3) throw new Invalid();
      return vecReg(d, d.rmReg, s);
    case 'M':
      return d.memory(vecPtrOf(vecBytes(d, s)), vecBytes(d, s));
    case 'L':
      return vecReg(d, d.byte() >> 4, s);
    case 'P':
      return `mm${d.reg & 7}`;
    case 'N':
      if (d.mod !== 3) throw new Invalid();
      return `mm${d.rmf}`;
    case 'Q':
      return d.mod === 3 ? `mm${d.rmf}` : d.memory(vecPtrOf(8), 8);
    case 'G':
      return d.gpr(d.reg, gprBytes(d, s, false));
    case 'B':
      return d.gpr(d.vex?.v ?? 0, gprBytes(d, s, false));
    case 'E':
      return d.mod === 3 ? d.gpr(d.rmReg, gprBytes(d, s, false)) : d.memory(ptrOf(gprBytes(d, s, true)), gprBytes(d, s, true));
    case 'I':
      return d.immText(d.imm(1), 1);
    case 'Z':
      return 'xmm0';
    default:
      throw new Invalid();
  }
}

/** movbe and crc32 (0F 38 F0/F1), integer instructions in the 0F 38 map. */
function movbeCrc32(d: Decoder, op: number): Decoded {
  d.readModrm();
  if (d.rep === 'repne') {
    const src = op === 0xf0 ? 1 : d.vsize();
    return ['crc32', [d.gpr(d.reg, d.w ? 8 : 4), d.rm(src)], 'normal'];
  }
  const s = d.vsize();
  if (d.mod === 3) throw new Invalid();
  const r = d.gpr(d.reg, s);
  const m = d.rm(s);
  return ['movbe', op === 0xf0 ? [r, m] : [m, r], 'normal'];
}

/** AVX2 gathers (VEX 66 0F38 90-93): data, vector-indexed memory, mask. */
function gather(d: Decoder, op: number): Decoded {
  const names = ['vpgatherd', 'vpgatherq', 'vgatherd', 'vgatherq'];
  const integer = op < 0x92;
  const name = `${names[op - 0x90]}${integer ? (d.w ? 'q' : 'd') : d.w ? 'pd' : 'ps'}`;
  const l = d.vex?.l ?? 0;
  const qIndex = op & 1;
  // A qword index with dword data halves the data register; a dword index with qword data halves the index.
  const data = l && !(qIndex && !d.w) ? 'ymm' : 'xmm';
  const index = l && !(!qIndex && d.w) ? 'ymm' : 'xmm';
  d.readModrm();
  const size = d.w ? 8 : 4;
  const mem = d.memory(size === 8 ? 'qword ptr ' : 'dword ptr ', size, index);
  return [name, [`${data}${d.reg}`, mem, `${data}${d.vex?.v ?? 0}`], 'normal'];
}

function prefixOf(d: Decoder): string {
  if (d.vex) return d.vex.pp;
  return d.rep === 'rep' ? 'f3' : d.rep === 'repne' ? 'f2' : d.opsize ? '66' : '';
}

/** Decode opcode `op` of SIMD map `map` (1: 0F, 2: 0F38, 3: 0F3A). */
export function simd(d: Decoder, map: number, op: number): Decoded {
  if (map === 2 && !d.vex && (op === 0xf0 || op === 0xf1)) return movbeCrc32(d, op);
  if (d.vex && map === 1 && op === 0x77) return [d.vex.l ? 'vzeroall' : 'vzeroupper', [], 'normal'];
  if (d.vex && map === 2 && d.vex.pp === '66' && op >= 0x90 && op <= 0x93) return gather(d, op);
  const key = op.toString(16).padStart(2, '0');
  const modrm = d.peek();
  const pfx = prefixOf(d);
  let form: Form | undefined;
  let name = '';
  let vPrefix = '';
  if (d.vex) {
    form = lookup(VEX_ONLY[map], key, modrm)?.get(pfx);
    if (!form) {
      form = lookup(LEGACY[map], key, modrm)?.get(pfx);
      if (!form || form.legacyOnly) throw new Invalid();
      vPrefix = 'v';
    }
  } else {
    form = lookup(LEGACY[map], key, modrm)?.get(pfx);
    if (!form) throw new Invalid();
  }
  const alternatives = form.name.split('/');
  name = vPrefix + (alternatives.length > 1 && d.w ? alternatives[1] : alternatives[0]);
  d.readModrm();
  const ops: string[] = [];
  for (const tok of form.ops) {
    const text = operand(d, tok);
    if (text !== null) ops.push(text);
  }
  if (name.startsWith('@')) {
    // FMA4: VEX.W swaps the r/m operand and the imm8[7:4] register.
    name = name.slice(1);
    if (d.w) ops.splice(2, 2, ops[3], ops[2]);
  }
  if (name.includes('%')) {
    // cmpps and friends print their predicate in the mnemonic (cmpltsd), as both WinDbg and objdump do.
    const value = readImm(ops[ops.length - 1]);
    if (value < (d.vex ? 32 : 8)) {
      ops.pop();
      name = name.replace('%', PREDICATES[value]);
    } else name = name.replace('%', '');
  }
  return [name, ops, 'normal'];
}

/** The value of an immediate as asmHex printed it (`7`, `1Fh`, `0FFh`). */
function readImm(text: string): number {
  return text.endsWith('h') ? Number.parseInt(text.slice(0, -1), 16) : Number.parseInt(text, 10);
}
