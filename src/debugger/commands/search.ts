/**
 * `s`: search memory for bytes, words, dwords, qwords (`-b -w -d -q`) or a
 * string (`-a`, `-u`). Each hit prints as the matching `d*` line would (or its
 * address alone with the `-[1]` flag). The range is in bytes and, without
 * `L?`, at most 256 MB. Only memory the target holds is searched.
 */
import { caretError, guarded, noteAddress, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { addr64, hex, printable, u64 } from '../format.ts';
import { fromLe, le } from '../memory.ts';

/** How many hits one search prints at most (a lab terminal; WinDbg itself has no limit). */
const MAX_HITS = 4096;
const MAX_RANGE = 0x10000000n;

const UNIT: ReadonlyMap<string, number> = new Map([
  ['b', 1],
  ['w', 2],
  ['d', 4],
  ['q', 8],
  ['a', 1],
  ['u', 2],
]);

/** One hit as the display command of its type shows the line at that address. */
function hitLine(c: CommandContext, type: string, at: bigint): string {
  const t = c.session.target;
  const cell = (size: number, k: number): string => {
    const b = t.read(u64(at + BigInt(k * size)), size);
    return b ? (size === 8 ? addr64(fromLe(b)) : hex(fromLe(b), size * 2)) : size === 8 ? '????????`????????' : '?'.repeat(size * 2);
  };
  const ascii = (n: number): string => {
    let out = '';
    for (let k = 0; k < n; k++) {
      const b = t.read(u64(at + BigInt(k)), 1);
      out += b ? printable(b[0]) : '?';
    }
    return out;
  };
  switch (type) {
    case 'q':
      return `${addr64(at)}  ${cell(8, 0)} ${cell(8, 1)}`;
    case 'd':
      return `${addr64(at)}  ${[0, 1, 2, 3].map((k) => cell(4, k)).join(' ')}  ${ascii(16)}`;
    case 'w':
    case 'u':
      return `${addr64(at)}  ${[0, 1, 2, 3, 4, 5, 6, 7].map((k) => cell(2, k)).join(' ')}  ${ascii(16)}`;
    default: {
      const cells = Array.from({ length: 16 }, (_, k) => cell(1, k));
      return `${addr64(at)}  ${cells.slice(0, 8).join(' ')}-${cells.slice(8).join(' ')}  ${ascii(16)}`;
    }
  }
}

/** The pattern's bytes: values of the element size, 'c' character constants, or a "string". */
function patternBytes(c: CommandContext, type: string, from: number): Uint8Array | null {
  const line = c.line;
  let i = skipBlanks(line, from);
  if (type === 'a' || type === 'u') {
    if (line[i] !== '"') return null;
    const close = line.indexOf('"', i + 1);
    if (close < 0 || skipBlanks(line, close + 1) < line.length) return null;
    const text = line.slice(i + 1, close);
    const out = new Uint8Array(text.length * (type === 'u' ? 2 : 1));
    for (let k = 0; k < text.length; k++) {
      if (type === 'u') out.set(le(BigInt(text.charCodeAt(k)), 2), k * 2);
      else out[k] = text.charCodeAt(k) & 0xff;
    }
    return out.length > 0 ? out : null;
  }
  const size = UNIT.get(type) ?? 1;
  const parts: number[] = [];
  while (i < line.length) {
    let v: bigint;
    const ch = /^'([^']{1,8})'/.exec(line.slice(i, i + 10));
    if (ch) {
      v = [...ch[1]].reduce((acc, x, k) => acc | (BigInt(x.charCodeAt(0) & 0xff) << BigInt(8 * k)), 0n);
      i += ch[0].length;
    } else {
      const r = c.session.evaluate(line, i);
      v = r.value;
      i = r.end;
    }
    parts.push(...le(v, size));
    i = skipBlanks(line, i);
  }
  return parts.length > 0 ? Uint8Array.from(parts) : null;
}

export const search: KdCommand = {
  verbs: ['s'],
  run(c) {
    const s = c.session;
    const t = s.target;
    return guarded(c, () => {
      let i = skipBlanks(c.line, c.argsStart);
      let type = 'b';
      let addressOnly = false;
      const opt = /^-(?:\[([1sw]*)\])?([bwdqau])(?=\s)/i.exec(c.line.slice(i));
      if (opt) {
        type = opt[2].toLowerCase();
        addressOnly = (opt[1] ?? '').includes('1');
        i = skipBlanks(c.line, i + opt[0].length);
      } else if (c.line[i] === '-') return caretError(c, i, 'Syntax');
      // The range: `start end`, `start L count` or `start L? count` (bytes; L? lifts the 256 MB limit).
      if (i >= c.line.length) return caretError(c, c.line.length - 1, 'Syntax');
      const first = s.evaluate(c.line, i);
      let j = skipBlanks(c.line, first.end);
      let start = first.value;
      let length: bigint;
      let unchecked = false;
      const lcount = /^[lL](\?|-)?/.exec(c.line.slice(j, j + 2));
      if (lcount) {
        unchecked = lcount[1] === '?';
        const n = s.evaluate(c.line, j + lcount[0].length);
        length = n.value;
        if (lcount[1] === '-') start = u64(start - length);
        j = n.end;
      } else {
        const e = s.evaluate(c.line, j);
        if (e.value < start) return caretError(c, j, 'Syntax');
        length = e.value - start + 1n;
        j = e.end;
      }
      if (length <= 0n || (!unchecked && length > MAX_RANGE)) return caretError(c, i, 'Range');
      const p = { end: j };
      const pattern = patternBytes(c, type, p.end);
      if (!pattern) return caretError(c, skipBlanks(c.line, p.end) < c.line.length ? skipBlanks(c.line, p.end) : c.line.length - 1, 'Syntax');
      const end = start + length > 1n << 64n ? 1n << 64n : start + length;
      noteAddress(c, start, u64(end));
      const step = type === 'w' || type === 'd' || type === 'q' ? BigInt(UNIT.get(type) ?? 1) : 1n;
      let hits = 0;
      let a: bigint | null = start;
      while (a !== null && a + BigInt(pattern.length) <= end && hits < MAX_HITS) {
        // Skip what the target does not hold, a page run at a time.
        const next: bigint | null = t.nextReadable ? t.nextReadable(a, end) : t.readable(a) ? a : null;
        if (next === null) break;
        a = next;
        const page: bigint = (a | 0xfffn) + 1n;
        let chunkEnd: bigint = page < end ? page : end;
        // Within a page only part of which the dump holds, search the run of bytes it does hold.
        if (!t.read(a, Number(chunkEnd - a))) {
          let runEnd = a + 1n;
          while (runEnd < chunkEnd && t.readable(runEnd)) runEnd++;
          chunkEnd = runEnd;
        }
        const chunk = t.read(a, Number(chunkEnd - a) + pattern.length - 1) ?? t.read(a, Number(chunkEnd - a));
        if (chunk) {
          const span = Number(chunkEnd - a);
          const unit = Number(step);
          const skew = Number(a % step);
          const head = pattern[0];
          for (let k = 0; k + pattern.length <= chunk.length && k < span; k++) {
            if (chunk[k] !== head || (unit > 1 && (skew + k) % unit !== 0)) continue;
            let same = true;
            for (let j = 1; j < pattern.length && same; j++) same = chunk[k + j] === pattern[j];
            if (!same) continue;
            const at = a + BigInt(k);
            c.out.push(addressOnly ? `0x${addr64(at)}` : hitLine(c, type, at));
            if (++hits >= MAX_HITS) break;
          }
        }
        a = chunkEnd;
      }
      return true;
    });
  },
};
