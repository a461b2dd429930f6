/**
 * `db dw dW dd dc dq dp df dD da du`, the symbol forms `dps dqs dds`, the
 * string-pointer forms `dpa dpu dqa dqu dda ddu`, the binary forms `dyb dyd`,
 * `dS`/`ds` (a UNICODE_STRING / STRING), `dl` (a LIST_ENTRY chain) and `d`
 * (which repeats the last form): memory display. Options: `/c N` columns,
 * `/p` physical addresses.
 */
import { caretError, guarded, noteAddress, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { addr64, addrFor, hex, printable, u64 } from '../format.ts';
import { cFloat } from './formats.ts';
import { fromLe } from '../memory.ts';
import { parseRange } from '../range.ts';
import { formatSymbol } from '../symbols.ts';

interface Form {
  readonly size: number;
  readonly perLine: number;
  readonly ascii: boolean;
  /** dps/dqs/dds: one value per line followed by its symbol. */
  readonly symbols?: boolean;
  /** df/dD: the values as floating-point numbers. */
  readonly float?: boolean;
  /** dpa/dpu…: one pointer per line followed by the string it points to. */
  readonly string?: 'a' | 'u';
}

const FORMS: Readonly<Record<string, Form>> = {
  db: { size: 1, perLine: 16, ascii: true },
  dw: { size: 2, perLine: 8, ascii: false },
  dd: { size: 4, perLine: 4, ascii: false },
  dc: { size: 4, perLine: 4, ascii: true },
  dq: { size: 8, perLine: 2, ascii: false },
  dp: { size: 8, perLine: 2, ascii: false },
  dps: { size: 8, perLine: 1, ascii: false, symbols: true },
  dqs: { size: 8, perLine: 1, ascii: false, symbols: true },
  dds: { size: 4, perLine: 1, ascii: false, symbols: true },
  dW: { size: 2, perLine: 8, ascii: true },
  df: { size: 4, perLine: 4, ascii: false, float: true },
  dD: { size: 8, perLine: 3, ascii: false, float: true },
  dpa: { size: 8, perLine: 1, ascii: false, string: 'a' },
  dpu: { size: 8, perLine: 1, ascii: false, string: 'u' },
  dqa: { size: 8, perLine: 1, ascii: false, string: 'a' },
  dqu: { size: 8, perLine: 1, ascii: false, string: 'u' },
  dda: { size: 4, perLine: 1, ascii: false, string: 'a' },
  ddu: { size: 4, perLine: 1, ascii: false, string: 'u' },
};

/** The string a dpa/dpu line shows after the pointer (at most a line's worth). */
function pointedString(c: CommandContext, address: bigint, wide: boolean): string {
  const t = c.session.target;
  const unit = wide ? 2 : 1;
  let out = '';
  for (let k = 0; k < STRING_LINE; k++) {
    const b = t.read(u64(address + BigInt(k * unit)), unit);
    if (!b) return k === 0 ? '' : `"${out}"`;
    const ch = Number(fromLe(b));
    if (ch === 0) break;
    out += ch >= 0x20 && ch < 0x7f ? String.fromCharCode(ch) : '.';
  }
  return `"${out}"`;
}

const DEFAULT_BYTES = 0x80;
/**
 * The most one display may cover. WinDbg refuses ranges over 256 MB (without L?);
 * a lab terminal cannot hold that much text, so this emulator refuses more than 1 MB the same way.
 */
const MAX_BYTES = 0x100000;
const STRING_LINE = 48;
const STRING_DEFAULT = 0x200;

function element(bytes: Uint8Array | null, size: number): string {
  if (!bytes) return size === 8 ? '????????`????????' : '?'.repeat(size * 2);
  const v = fromLe(bytes);
  if (size === 8) return addr64(v);
  return hex(v, size * 2);
}

type Reader = (address: bigint, length: number) => Uint8Array | null;

function dumpLines(c: CommandContext, form: Form, start: bigint, count: number, columns: number | null = null, reader: Reader | null = null): bigint {
  const target = c.session.target;
  const t = { read: reader ?? ((a: bigint, n: number) => target.read(a, n)) };
  const perLine = columns ?? form.perLine;
  let a = start;
  let left = count;
  while (left > 0) {
    const n = Math.min(perLine, left);
    const cells: string[] = [];
    let ascii = '';
    for (let k = 0; k < n; k++) {
      const ea = u64(a + BigInt(k * form.size));
      const b = t.read(ea, form.size);
      if (b) c.session.lastPrinted = fromLe(b);
      if (form.float) {
        const v = b ? new DataView(b.buffer, b.byteOffset, b.length) : null;
        cells.push(
          (v ? cFloat(form.size === 4 ? v.getFloat32(0, true) : v.getFloat64(0, true)) : '?'.repeat(form.size * 2)).padStart(form.size === 4 ? 15 : 22),
        );
        continue;
      }
      cells.push(element(b, form.size));
      if (form.ascii) for (let j = 0; j < form.size; j++) ascii += b ? printable(b[j]) : '?';
    }
    let text: string;
    if (form.size === 1 && columns === null) {
      text = cells.slice(0, 8).join(' ') + (cells.length > 8 ? '-' + cells.slice(8).join(' ') : '');
      text = text.padEnd(16 * 3 - 1);
    } else if (form.string) {
      const b = t.read(a, form.size);
      const v = b ? fromLe(b) : null;
      const str = v === null ? '' : pointedString(c, form.size === 4 ? u64(BigInt.asIntN(32, v)) : v, form.string === 'u');
      text = str === '' ? cells[0] : `${cells[0]}  ${str}`;
    } else if (form.symbols) {
      const b = t.read(a, form.size);
      const v = b ? fromLe(b) : null;
      const sym = v === null ? null : formatSymbol(target, form.size === 4 ? u64(BigInt.asIntN(32, v)) : v);
      text = sym ? `${cells[0]} ${sym}` : cells[0];
    } else text = form.ascii ? cells.join(' ').padEnd(perLine * (form.size * 2 + 1) - 1) : cells.join(' ');
    c.out.push(`${addrFor(c.session.target.arch, a)}  ${text}${form.ascii ? `  ${ascii}` : ''}`);
    a = u64(a + BigInt(n * form.size));
    left -= n;
  }
  return a;
}

function stringLines(c: CommandContext, wide: boolean, start: bigint, max: number): bigint {
  const t = c.session.target;
  const unit = wide ? 2 : 1;
  let a = start;
  let left = max;
  for (;;) {
    if (!t.readable(a)) {
      c.out.push(`${addrFor(c.session.target.arch, a)}  ${'?'.repeat(STRING_LINE)}`);
      return u64(a + BigInt(STRING_LINE * unit));
    }
    let s = '';
    let p = a;
    let done = false;
    while (s.length < STRING_LINE && left > 0) {
      const b = t.read(p, unit);
      if (!b) {
        done = true;
        break;
      }
      const ch = Number(fromLe(b));
      p = u64(p + BigInt(unit));
      left--;
      if (ch === 0) {
        done = true;
        break;
      }
      s += ch >= 0x20 && ch < 0x7f ? String.fromCharCode(ch) : wide && ch >= 0xa0 ? '?' : '.';
    }
    c.out.push(`${addrFor(c.session.target.arch, a)}  "${s}"`);
    a = p;
    if (done || left <= 0) return a;
  }
}

/** `dyb` / `dyd`: bytes (four a line) or dwords (one a line) in binary, then in hex. */
function binaryLines(c: CommandContext, dwords: boolean, start: bigint, count: number): bigint {
  const t = c.session.target;
  const pad = ' '.repeat(19);
  if (dwords) {
    c.out.push(`${pad}3          2          1          0`, `${pad}10987654 32109876 54321098 76543210`, `${pad}-------- -------- -------- --------`);
  } else c.out.push(`${pad}76543210 76543210 76543210 76543210`, `${pad}-------- -------- -------- --------`);
  let a = start;
  const perLine = dwords ? 1 : 4;
  const size = dwords ? 4 : 1;
  for (let left = count; left > 0; left -= perLine) {
    const n = Math.min(perLine, left);
    const b = t.read(a, n * size);
    const bytes = b ? [...b].reverse() : null;
    const bits = dwords
      ? bytes
        ? bytes.map((x) => x.toString(2).padStart(8, '0')).join(' ')
        : '???????? ???????? ???????? ????????'
      : Array.from({ length: n }, (_, k) => (b ? b[k].toString(2).padStart(8, '0') : '????????')).join(' ');
    const hexes = dwords ? (b ? hex(fromLe(b), 8) : '????????') : Array.from({ length: n }, (_, k) => (b ? hex(b[k], 2) : '??')).join(' ');
    c.out.push(`${addrFor(c.session.target.arch, a)}  ${bits.padEnd(35)}  ${hexes}`);
    a = u64(a + BigInt(n * size));
  }
  return a;
}

/** `dS` / `ds`: the text a UNICODE_STRING / STRING structure describes, shown at its buffer. */
function countedString(c: CommandContext, wide: boolean, address: bigint): bigint {
  const t = c.session.target;
  const head = t.read(address, 16);
  if (!head) {
    c.out.push(`${addrFor(c.session.target.arch, address)}  "????"`);
    return u64(address + 16n);
  }
  const length = Number(fromLe(head, 0, 2));
  const buffer = fromLe(head, 8, 8);
  const data = t.read(buffer, length);
  if (!data) c.out.push(`${addrFor(c.session.target.arch, buffer)}  "????"`);
  else {
    let text = '';
    for (let k = 0; k + (wide ? 1 : 0) < length; k += wide ? 2 : 1) {
      const ch = wide ? data[k] | (data[k + 1] << 8) : data[k];
      text += ch >= 0x20 && ch < 0x7f ? String.fromCharCode(ch) : wide && ch >= 0xa0 ? '?' : '.';
    }
    c.out.push(`${addrFor(c.session.target.arch, buffer)}  "${text}"`);
  }
  return u64(address + 16n);
}

/** `dl Address [MaxCount [Size]]`: walk Flink from a LIST_ENTRY, each entry as Size pointers (default 2). */
function listLines(c: CommandContext, start: bigint, max: number, size: number): bigint {
  const t = c.session.target;
  // Pointers are the target's width: four bytes on x86.
  const ptr = t.arch === 'x86' ? 4 : 8;
  let a = start;
  for (let n = 0; n < max; n++) {
    const cells: string[] = [];
    for (let k = 0; k < size; k++) cells.push(element(t.read(u64(a + BigInt(k * ptr)), ptr), ptr));
    c.out.push(`${addrFor(c.session.target.arch, a)}  ${cells.join(' ')}`);
    const b = t.read(a, ptr);
    if (!b) break;
    const next = fromLe(b);
    // Back at the head (a 32-bit link against a head address the evaluator may have sign-extended).
    if (next === start || (ptr === 4 && next === (start & 0xffffffffn))) break;
    a = next;
  }
  return a;
}

/** `/c N` and `/p` before the range; returns where the range starts. */
function displayOptions(c: CommandContext): { at: number; columns: number | null; physical: boolean } | null {
  let i = skipBlanks(c.line, c.argsStart);
  let columns: number | null = null;
  let physical = false;
  for (;;) {
    const m = /^\/([cp])(?=[\s]|$)/i.exec(c.line.slice(i));
    if (!m) break;
    i = skipBlanks(c.line, i + 2);
    if (m[1].toLowerCase() === 'p') physical = true;
    else {
      const n = c.session.evaluate(c.line, i);
      if (n.value === 0n || n.value > 0x100n) {
        caretError(c, i, 'Syntax');
        return null;
      }
      columns = Number(n.value);
      i = skipBlanks(c.line, n.end);
    }
  }
  return { at: i, columns, physical };
}

export const display: KdCommand = {
  verbs: [
    'd',
    'db',
    'dw',
    'dW',
    'dd',
    'dc',
    'dq',
    'dp',
    'df',
    'dD',
    'da',
    'du',
    'dps',
    'dqs',
    'dds',
    'dpa',
    'dpu',
    'dqa',
    'dqu',
    'dda',
    'ddu',
    'dyb',
    'dyd',
    'dS',
    'ds',
    'dl',
  ],
  run(c) {
    const s = c.session;
    const verb = c.verb === 'd' ? (s.lastDisplay?.verb ?? 'db') : c.verb;
    return guarded(c, () => {
      const opts = displayOptions(c);
      if (!opts) return false;
      if (verb === 'dl') return list(c, opts.at);
      const text = c.line.slice(opts.at);
      const parsed = parseRange(s, c.line, opts.at);
      if (parsed.badCountAt !== undefined) return caretError(c, parsed.badCountAt, 'Range');
      if (skipBlanks(c.line, parsed.end) < c.line.length) return caretError(c, skipBlanks(c.line, parsed.end), 'Syntax');
      const r = parsed.range;
      if (r === null && text.trim() !== '') return caretError(c, opts.at, 'Syntax');
      const start = r?.start ?? s.lastDisplay?.next ?? s.context().regs.rip;
      let next: bigint;
      if (verb === 'dS' || verb === 'ds') {
        if (!r) return caretError(c, c.line.length - 1, 'Syntax');
        next = countedString(c, verb === 'dS', start);
      } else if (verb === 'da' || verb === 'du') {
        const unit = verb === 'du' ? 2 : 1;
        const max = r?.count != null ? Math.abs(r.count) : r?.end != null ? Number((r.end - start) / BigInt(unit)) : STRING_DEFAULT;
        if (max * unit > MAX_BYTES) return caretError(c, skipBlanks(c.line, c.argsStart), 'Range');
        next = stringLines(c, verb === 'du', start, Math.max(1, max));
      } else if (verb === 'dyb' || verb === 'dyd') {
        const size = verb === 'dyb' ? 1 : 4;
        const count = r?.count != null ? Math.abs(r.count) : r?.end != null ? Math.max(1, Math.ceil(Number(r.end - start) / size)) : verb === 'dyb' ? 32 : 8;
        if (count * size > MAX_BYTES) return caretError(c, skipBlanks(c.line, c.argsStart), 'Range');
        next = binaryLines(c, verb === 'dyd', start, count);
      } else {
        const form = FORMS[verb];
        let count = DEFAULT_BYTES / form.size;
        if (form.symbols || form.string) count = 16;
        let from = start;
        if (r?.count != null) {
          count = Math.abs(r.count);
          if (r.count < 0) from = u64(start - BigInt(count * form.size));
        } else if (r?.end != null) count = Math.max(1, Math.ceil(Number(r.end - start) / form.size));
        if (count * form.size > MAX_BYTES) return caretError(c, skipBlanks(c.line, c.argsStart), 'Range');
        // A dump holds no physical-address index here: physical reads show as unreadable.
        const reader: Reader | null = opts.physical ? (a, n) => s.target.readPhysical?.(a, n) ?? null : null;
        next = dumpLines(c, form, from, count, opts.columns, reader);
        noteAddress(c, from, next);
        s.lastDisplay = { verb, next };
        return true;
      }
      noteAddress(c, start, next);
      s.lastDisplay = { verb, next };
      return true;
    });
  },
};

function list(c: CommandContext, at: number): boolean {
  const s = c.session;
  if (at >= c.line.length) return caretError(c, c.line.length - 1, 'Syntax');
  const a = s.evaluate(c.line, at);
  let i = skipBlanks(c.line, a.end);
  let max = 0x100;
  let size = 2;
  if (i < c.line.length) {
    const m = s.evaluate(c.line, i);
    max = Number(m.value > 0x10000n ? 0x10000n : m.value);
    i = skipBlanks(c.line, m.end);
    if (i < c.line.length) {
      const z = s.evaluate(c.line, i);
      size = Number(z.value > 0x20n ? 0x20n : z.value === 0n ? 1n : z.value);
      i = skipBlanks(c.line, z.end);
    }
  }
  if (i < c.line.length) return caretError(c, i, 'Syntax');
  noteAddress(c, a.value);
  listLines(c, a.value, max, size);
  return true;
}
