/**
 * `!db !dw !dd !dq !dc !du !da` (kdexts): memory at physical addresses. Lines
 * start with `#` and the address; a page the target cannot give is reported
 * as kdexts reports it.
 */
import { caretError, guarded, noteAddress, skipBlanks, type KdCommand } from '../command.ts';
import { hex, printable } from '../format.ts';
import { fromLe } from '../memory.ts';

const SIZES: ReadonlyMap<string, number> = new Map([
  ['!db', 1],
  ['!dc', 4],
  ['!dw', 2],
  ['!dd', 4],
  ['!dq', 8],
  ['!da', 1],
  ['!du', 2],
]);
const LINE = 16;

export const physical: KdCommand = {
  verbs: ['!db', '!dw', '!dd', '!dq', '!dc', '!du', '!da'],
  run(c) {
    const s = c.session;
    return guarded(c, () => {
      let i = skipBlanks(c.line, c.argsStart);
      // Caching options ([c], [uc], [wc]) change nothing in a dump.
      const opt = /^\[(c|uc|wc)\]/i.exec(c.line.slice(i));
      if (opt) i = skipBlanks(c.line, i + opt[0].length);
      if (i >= c.line.length) return caretError(c, c.line.length - 1, 'Syntax');
      const a = s.evaluate(c.line, i);
      let length = 0x80;
      let j = skipBlanks(c.line, a.end);
      if (/^l/i.test(c.line.slice(j))) {
        const n = s.evaluate(c.line, j + 1);
        length = Number(n.value > 0x10000n ? 0x10000n : n.value) * (SIZES.get(c.verb) ?? 1);
        j = skipBlanks(c.line, n.end);
      }
      if (j < c.line.length) return caretError(c, j, 'Syntax');
      noteAddress(c, a.value);
      const size = SIZES.get(c.verb) ?? 1;
      for (let off = 0; off < length; off += LINE) {
        const at = a.value + BigInt(off);
        const n = Math.min(LINE, length - off);
        const b = s.target.readPhysical?.(at, n) ?? null;
        if (!b) {
          c.out.push(`Physical memory read at ${hex(at)} failed`);
          return false;
        }
        const cells: string[] = [];
        for (let k = 0; k + size <= b.length; k += size) cells.push(hex(fromLe(b, k, size), size * 2));
        const ascii = c.verb === '!db' || c.verb === '!dc' ? ` ${[...b].map(printable).join('')}` : '';
        c.out.push(`#${hex(at).padStart(8)} ${cells.join(' ')}${ascii}`);
      }
      return true;
    });
  },
};
