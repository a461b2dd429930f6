/** `db dw dd dq dp dc da du` (and `d`, which repeats the last form): memory display. */
import { argsOf, caretError, guarded, noteAddress, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { addr64, hex, printable, u64 } from '../format.ts';
import { fromLe } from '../memory.ts';
import { parseRange } from '../range.ts';
import { formatSymbol } from '../symbols.ts';

interface Form {
  readonly size: number;
  readonly perLine: number;
  readonly ascii: boolean;
  /** dps/dqs/dds: one value per line followed by its symbol. */
  readonly symbols?: boolean;
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
};

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

function dumpLines(c: CommandContext, form: Form, start: bigint, count: number): bigint {
  const t = c.session.target;
  let a = start;
  let left = count;
  while (left > 0) {
    const n = Math.min(form.perLine, left);
    const cells: string[] = [];
    let ascii = '';
    for (let k = 0; k < n; k++) {
      const ea = u64(a + BigInt(k * form.size));
      const b = t.read(ea, form.size);
      cells.push(element(b, form.size));
      if (form.ascii) for (let j = 0; j < form.size; j++) ascii += b ? printable(b[j]) : '?';
    }
    let text: string;
    if (form.size === 1) {
      text = cells.slice(0, 8).join(' ') + (cells.length > 8 ? '-' + cells.slice(8).join(' ') : '');
      text = text.padEnd(16 * 3 - 1);
    } else if (form.symbols) {
      const b = t.read(a, form.size);
      const v = b ? fromLe(b) : null;
      const sym = v === null ? null : formatSymbol(t, form.size === 4 ? u64(BigInt.asIntN(32, v)) : v);
      text = sym ? `${cells[0]} ${sym}` : cells[0];
    } else text = form.ascii ? cells.join(' ').padEnd(form.perLine * (form.size * 2 + 1) - 1) : cells.join(' ');
    c.out.push(`${addr64(a)}  ${text}${form.ascii ? `  ${ascii}` : ''}`);
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
      c.out.push(`${addr64(a)}  ${'?'.repeat(STRING_LINE)}`);
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
    c.out.push(`${addr64(a)}  "${s}"`);
    a = p;
    if (done || left <= 0) return a;
  }
}

export const display: KdCommand = {
  verbs: ['d', 'db', 'dw', 'dd', 'dc', 'dq', 'dp', 'da', 'du', 'dps', 'dqs', 'dds'],
  run(c) {
    const s = c.session;
    const verb = c.verb === 'd' ? (s.lastDisplay?.verb ?? 'db') : c.verb;
    return guarded(c, () => {
      const text = argsOf(c);
      const parsed = parseRange(s, c.line, c.argsStart);
      if (parsed.badCountAt !== undefined) return caretError(c, parsed.badCountAt, 'Range');
      if (skipBlanks(c.line, parsed.end) < c.line.length) return caretError(c, skipBlanks(c.line, parsed.end), 'Syntax');
      const r = parsed.range;
      if (r === null && text.trim() !== '') return caretError(c, c.argsStart, 'Syntax');
      const start = r?.start ?? s.lastDisplay?.next ?? s.context().regs.rip;
      let next: bigint;
      if (verb === 'da' || verb === 'du') {
        const unit = verb === 'du' ? 2 : 1;
        const max = r?.count != null ? Math.abs(r.count) : r?.end != null ? Number((r.end - start) / BigInt(unit)) : STRING_DEFAULT;
        if (max * unit > MAX_BYTES) return caretError(c, skipBlanks(c.line, c.argsStart), 'Range');
        next = stringLines(c, verb === 'du', start, Math.max(1, max));
      } else {
        const form = FORMS[verb];
        let count = DEFAULT_BYTES / form.size;
        let from = start;
        if (r?.count != null) {
          count = Math.abs(r.count);
          if (r.count < 0) from = u64(start - BigInt(count * form.size));
        } else if (r?.end != null) count = Math.max(1, Math.ceil(Number(r.end - start) / form.size));
        if (count * form.size > MAX_BYTES) return caretError(c, skipBlanks(c.line, c.argsStart), 'Range');
        next = dumpLines(c, form, from, count);
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
