/**
 * `e*` (enter values), `f` (fill), `m` (move) and `c` (compare): memory
 * edits on the target. WinDbg lets a session change a dump's memory; the
 * change lasts for the session and every later read sees it.
 */
import { caretError, guarded, noteAddress, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { addr64, hex, u64 } from '../format.ts';
import { le } from '../memory.ts';
import { parseRange, type ParsedRange } from '../range.ts';

const SIZES: ReadonlyMap<string, number> = new Map([['e', 1], ['eb', 1], ['ew', 2], ['ed', 4], ['eq', 8], ['ep', 8]]);
const STRINGS: ReadonlyMap<string, { wide: boolean; nul: boolean }> = new Map([
  ['ea', { wide: false, nul: false }], ['eu', { wide: true, nul: false }],
  ['eza', { wide: false, nul: true }], ['ezu', { wide: true, nul: true }],
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

/** A byte count of a range; null (after a caret error) when it is too large. */
function rangeBytes(c: CommandContext, r: ParsedRange): number | null {
  const n = r.count !== null ? Math.abs(r.count) : r.end !== null ? Number(r.end - r.start) : 0;
  if (n <= 0 || n > 0x10000000) {
    caretError(c, skipBlanks(c.line, c.argsStart), 'Range');
    return null;
  }
  return n;
}

function startOf(r: ParsedRange): bigint {
  return r.count !== null && r.count < 0 ? u64(r.start + BigInt(r.count)) : r.start;
}

export const fill: KdCommand = {
  verbs: ['f'],
  run(c) {
    const s = c.session;
    return guarded(c, () => {
      const p = parseRange(s, c.line, c.argsStart);
      if (p.badCountAt !== undefined) return caretError(c, p.badCountAt, 'Range');
      if (!p.range) return caretError(c, c.line.length - 1, 'Syntax');
      const n = rangeBytes(c, p.range);
      if (n === null) return false;
      const i = skipBlanks(c.line, p.end);
      const q = quoted(c.line, i);
      const pattern = q ? stringBytes(q.text, false, false) : Uint8Array.from(values(c, i).values.map((v) => Number(v & 0xffn)));
      if (pattern.length === 0) return caretError(c, c.line.length - 1, 'Syntax');
      const start = startOf(p.range);
      noteAddress(c, start, start + BigInt(n));
      const data = new Uint8Array(n);
      for (let k = 0; k < n; k++) data[k] = pattern[k % pattern.length];
      return store(c, start, data, skipBlanks(c.line, c.argsStart));
    });
  },
};

export const move: KdCommand = {
  verbs: ['m'],
  run(c) {
    const s = c.session;
    return guarded(c, () => {
      const p = parseRange(s, c.line, c.argsStart);
      if (p.badCountAt !== undefined) return caretError(c, p.badCountAt, 'Range');
      if (!p.range) return caretError(c, c.line.length - 1, 'Syntax');
      const n = rangeBytes(c, p.range);
      if (n === null) return false;
      const i = skipBlanks(c.line, p.end);
      if (i >= c.line.length) return caretError(c, c.line.length - 1, 'Syntax');
      const dest = s.evaluate(c.line, i);
      if (skipBlanks(c.line, dest.end) < c.line.length) return caretError(c, skipBlanks(c.line, dest.end), 'Syntax');
      const start = startOf(p.range);
      noteAddress(c, start, start + BigInt(n));
      const data = s.target.read(start, n);
      if (!data) return caretError(c, skipBlanks(c.line, c.argsStart), 'Memory access');
      return store(c, dest.value, data, i);
    });
  },
};

export const compare: KdCommand = {
  verbs: ['c'],
  run(c) {
    const s = c.session;
    return guarded(c, () => {
      const p = parseRange(s, c.line, c.argsStart);
      if (p.badCountAt !== undefined) return caretError(c, p.badCountAt, 'Range');
      if (!p.range) return caretError(c, c.line.length - 1, 'Syntax');
      const n = rangeBytes(c, p.range);
      if (n === null) return false;
      const i = skipBlanks(c.line, p.end);
      if (i >= c.line.length) return caretError(c, c.line.length - 1, 'Syntax');
      const other = s.evaluate(c.line, i);
      if (skipBlanks(c.line, other.end) < c.line.length) return caretError(c, skipBlanks(c.line, other.end), 'Syntax');
      const start = startOf(p.range);
      noteAddress(c, start, start + BigInt(n));
      const byte = (a: bigint): string => {
        const b = s.target.read(a, 1);
        return b ? hex(b[0], 2) : '??';
      };
      for (let k = 0; k < n; k++) {
        const a = u64(start + BigInt(k));
        const b = u64(other.value + BigInt(k));
        const x = byte(a);
        const y = byte(b);
        if (x !== y || x === '??') c.out.push(`${addr64(a)}  ${x} - ${addr64(b)}  ${y}`);
      }
      return true;
    });
  },
};
