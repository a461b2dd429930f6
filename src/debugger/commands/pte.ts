/** `!pte VA`: the page-table entries that map a virtual address (x64: PXE, PPE, PDE, PTE). */
import { caretError, guarded, noteAddress, skipBlanks, type KdCommand } from '../command.ts';
import { flat64, hex } from '../format.ts';

const COLUMN = 27;

/** The protection letters !pte prints for an entry: -G-DA--KWEV. */
export function pteFlags(e: bigint, pte: boolean): string {
  const bit = (n: number): boolean => ((e >> BigInt(n)) & 1n) === 1n;
  return [
    '-',
    pte && bit(8) ? 'G' : '-',
    !pte && bit(7) ? 'L' : '-',
    bit(6) ? 'D' : '-',
    bit(5) ? 'A' : '-',
    bit(4) ? 'N' : '-',
    bit(3) ? 'T' : '-',
    bit(2) ? 'U' : 'K',
    bit(1) || bit(11) ? 'W' : 'R',
    bit(63) ? '-' : 'E',
    bit(0) ? 'V' : '-',
  ].join('');
}

export const pte: KdCommand = {
  verbs: ['!pte'],
  run(c) {
    const s = c.session;
    return guarded(c, () => {
      const i = skipBlanks(c.line, c.argsStart);
      if (i >= c.line.length) return caretError(c, c.line.length - 1, 'Syntax');
      const a = s.evaluate(c.line, i);
      if (skipBlanks(c.line, a.end) < c.line.length) return caretError(c, skipBlanks(c.line, a.end), 'Syntax');
      noteAddress(c, a.value);
      const walk = s.target.pageWalk?.(a.value);
      if (!walk) {
        c.out.push('Lab aid (not part of Windows or WinDbg): this target does not model page tables, so !pte has nothing to walk.');
        return false;
      }
      c.out.push(`${' '.repeat(43)}VA ${flat64(a.value)}`);
      c.out.push(
        walk
          .map((e) => `${e.level} at ${flat64(e.address).toUpperCase()}`.padEnd(COLUMN))
          .join('')
          .trimEnd(),
      );
      const present = walk.filter((e) => e.contents !== null);
      c.out.push(
        present
          .map((e) => `contains ${flat64(e.contents ?? 0n).toUpperCase()}`.padEnd(COLUMN))
          .join('')
          .trimEnd(),
      );
      c.out.push(
        present
          .map((e) => {
            const v = e.contents ?? 0n;
            if ((v & 1n) === 0n) return 'not valid'.padEnd(COLUMN);
            const pfn = (v >> 12n) & 0xffffffffffn;
            return `${`pfn ${hex(pfn)}`.padEnd(14)}${pteFlags(v, e.level === 'PTE')}`.padEnd(COLUMN);
          })
          .join('')
          .trimEnd(),
      );
      return true;
    });
  },
};
