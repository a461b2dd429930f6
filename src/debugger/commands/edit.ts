/**
 * `e*` (enter values), `f` (fill), `m` (move) and `c` (compare): memory
 * edits on the target. WinDbg lets a session change a dump's memory; the
 * change lasts for the session and every later read sees it.
 */
import { caretError, guarded, noteAddress, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { addr64, hex, u64 } from '../format.ts';
import { le } from '../memory.ts';
import { parseRange } from '../range.ts';

const SIZES: ReadonlyMap<string, number> = new Map([
  ['e', 1],
  ['eb', 1],
  ['ew', 2],
  ['ed', 4],
  ['eq', 8],
  ['ep', 8],
]);
const STRINGS: ReadonlyMap<string, { wide: boolean; nul: boolean }> = new Map([
  ['ea', { wide: false, nul: false }],
  ['eu', { wide: true, nul: false }],
  ['eza', { wide: false, nul: true }],
  ['ezu', { wide: true, nul: true }],
]);

/** Write, or say WinDbg's memory error (caret under the address). */
function store(c: CommandContext, address: bigint, data: Uint8Array, at: number): boolean {
  const t = c.session.target;
  if (!t.write || !t.write(address, data)) return caretError(c, at, 'Memory access');
  return true;
}

/** Expressions separated by blanks (or commas) up to the end of the line. */
function values(c: CommandContext, from: number): { values: bigint[]; positions: number[] } {
  const out: bigint[] = [];
  const positions: number[] = [];
  let i = skipBlanks(c.line, from);
  while (i < c.line.length) {
    const r = c.session.evaluate(c.line, i);
    out.push(r.value);
    positions.push(i);
    i = skipBlanks(c.line, r.end);
    if (c.line[i] === ',') i = skipBlanks(c.line, i + 1);
  }
  return { values: out, positions };
}

/** A "quoted string" at `i`; null when there is none. */
function quoted(line: string, i: number): { text: string; end: number } | null {
  if (line[i] !== '"') return null;
  const close = line.indexOf('"', i + 1);
  return close < 0 ? null : { text: line.slice(i + 1, close), end: close + 1 };
}

function stringBytes(text: string, wide: boolean, nul: boolean): Uint8Array {
  const chars = [...text].map((ch) => ch.charCodeAt(0));
  if (nul) chars.push(0);
  const out = new Uint8Array(chars.length * (wide ? 2 : 1));
  chars.forEach((code, k) => {
    if (wide) out.set(le(BigInt(code), 2), k * 2);
    else out[k] = code & 0xff;
  });
  return out;
}

export const enter: KdCommand = {
  verbs: ['e', 'eb', 'ew', 'ed', 'eq', 'ep', 'ea', 'eu', 'eza', 'ezu'],
  run(c) {
    const s = c.session;
    return guarded(c, () => {
      const at = skipBlanks(c.line, c.argsStart);
      if (at >= c.line.length) return caretError(c, c.line.length - 1, 'Syntax');
      const a = s.evaluate(c.line, at);
      const i = skipBlanks(c.line, a.end);
      noteAddress(c, a.value);
      const str = STRINGS.get(c.verb);
      if (str) {
        const q = quoted(c.line, i);
        if (!q || skipBlanks(c.line, q.end) < c.line.length) return caretError(c, i, 'Syntax');
        return store(c, a.value, stringBytes(q.text, str.wide, str.nul), at);
      }
      const size = SIZES.get(c.verb) ?? 1;
      const v = values(c, i);
      // Without values WinDbg prompts for each one in turn; a lab terminal has no such prompt.
      if (v.values.length === 0) return caretError(c, c.line.length - 1, 'Syntax');
      const bytes = new Uint8Array(v.values.length * size);
      for (let k = 0; k < v.values.length; k++) {
        const x = v.values[k];
        // A value must fit the unit, as an unsigned number or as a (sign-extended) negative one.
        const bits = BigInt(size * 8);
        const sx = BigInt.asIntN(64, x);
        if (size < 8 && u64(x) >> bits !== 0n && !(sx < 0n && sx >= -(1n << (bits - 1n)))) return caretError(c, v.positions[k], 'Overflow');
        bytes.set(le(x, size), k * size);
      }
      return store(c, a.value, bytes, at);
    });
  },
};

/** The range operand of f, m and c: where it starts, its byte count, and where the line goes on; null after the error. */
function sizedRange(c: CommandContext): { start: bigint; n: number; next: number } | null {
  const p = parseRange(c.session, c.line, c.argsStart);
  if (p.badCountAt !== undefined || !p.range) {
    if (p.badCountAt !== undefined) caretError(c, p.badCountAt, 'Range');
    else caretError(c, c.line.length - 1, 'Syntax');
    return null;
  }
  const r = p.range;
  const n = r.count !== null ? Math.abs(r.count) : r.end !== null ? Number(r.end - r.start) : 0;
  if (n <= 0 || n > 0x10000000) {
    caretError(c, skipBlanks(c.line, c.argsStart), 'Range');
    return null;
  }
  const start = r.count !== null && r.count < 0 ? u64(r.start + BigInt(r.count)) : r.start;
  return { start, n, next: skipBlanks(c.line, p.end) };
}

/** The second address of m and c, alone at the end of the line; null after the error. */
function secondAddress(c: CommandContext, i: number): bigint | null {
  if (i >= c.line.length) {
    caretError(c, c.line.length - 1, 'Syntax');
    return null;
  }
  const a = c.session.evaluate(c.line, i);
  const after = skipBlanks(c.line, a.end);
  if (after < c.line.length) {
    caretError(c, after, 'Syntax');
    return null;
  }
  return a.value;
}

export const fill: KdCommand = {
  verbs: ['f'],
  run(c) {
    return guarded(c, () => {
      const r = sizedRange(c);
      if (!r) return false;
      const q = quoted(c.line, r.next);
      const pattern = q ? stringBytes(q.text, false, false) : Uint8Array.from(values(c, r.next).values.map((v) => Number(v & 0xffn)));
      if (pattern.length === 0) return caretError(c, c.line.length - 1, 'Syntax');
      noteAddress(c, r.start, r.start + BigInt(r.n));
      const data = new Uint8Array(r.n);
      for (let k = 0; k < r.n; k++) data[k] = pattern[k % pattern.length];
      return store(c, r.start, data, skipBlanks(c.line, c.argsStart));
    });
  },
};

export const move: KdCommand = {
  verbs: ['m'],
  run(c) {
    return guarded(c, () => {
      const r = sizedRange(c);
      if (!r) return false;
      const dest = secondAddress(c, r.next);
      if (dest === null) return false;
      noteAddress(c, r.start, r.start + BigInt(r.n));
      const data = c.session.target.read(r.start, r.n);
      if (!data) return caretError(c, skipBlanks(c.line, c.argsStart), 'Memory access');
      return store(c, dest, data, r.next);
    });
  },
};

export const compare: KdCommand = {
  verbs: ['c'],
  run(c) {
    const t = c.session.target;
    return guarded(c, () => {
      const r = sizedRange(c);
      if (!r) return false;
      const other = secondAddress(c, r.next);
      if (other === null) return false;
      noteAddress(c, r.start, r.start + BigInt(r.n));
      const byte = (a: bigint): string => {
        const b = t.read(a, 1);
        return b ? hex(b[0], 2) : '??';
      };
      for (let k = 0; k < r.n; k++) {
        const a = u64(r.start + BigInt(k));
        const b = u64(other + BigInt(k));
        const x = byte(a);
        const y = byte(b);
        if (x !== y || x === '??') c.out.push(`${addr64(a)}  ${x} - ${addr64(b)}  ${y}`);
      }
      return true;
    });
  },
};
