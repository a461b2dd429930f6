/**
 * How many terminal cells a code point takes, as xterm.js draws it with its
 * default (Unicode 6) width table: East Asian wide and fullwidth characters
 * take two cells, combining marks and invisible format characters none,
 * everything else one. (Combining marks that Unicode added after version 6,
 * in rarely used scripts, take one cell in xterm and none here: the cursor
 * may then sit one cell off on such a line, nothing worse.)
 */

const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2329, 0x232a],
  [0x2e80, 0x302d],
  [0x3030, 0x303e],
  [0x3040, 0x33ff],
  [0x3400, 0x4dff],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

const ZERO = /^[\p{Mn}\p{Me}]$/u;
/** Drawn as nothing: Hangul medial vowels and final consonants (they join the syllable before), Hangul tone marks, and invisible format characters. */
const ZERO_RANGES: readonly (readonly [number, number])[] = [
  [0x0600, 0x0603],
  [0x06dd, 0x06dd],
  [0x070f, 0x070f],
  [0x1160, 0x11ff],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2063],
  [0x206a, 0x206f],
  [0x302e, 0x302f],
  [0xfeff, 0xfeff],
  [0xfff9, 0xfffb],
];

export function cellWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x300) return 1;
  if (ZERO.test(ch) || ZERO_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi)) return 0;
  for (const [lo, hi] of WIDE) if (cp >= lo && cp <= hi) return 2;
  return 1;
}

export interface Cell {
  readonly row: number;
  readonly col: number;
}

/**
 * Where the cursor stands before each code point of `chars` (rows and columns
 * from the first cell), and after the last. `pendingWrap` is true when the text
 * ends exactly at the right margin: the terminal then waits to wrap, and the
 * last position given is the start of the next row, where the wrap will put it.
 */
export function layout(chars: readonly string[], cols: number): { cells: Cell[]; pendingWrap: boolean } {
  const cells: Cell[] = [];
  let row = 0;
  let col = 0;
  for (const ch of chars) {
    const w = cellWidth(ch);
    // A character that does not fit on this row is drawn at the start of the next.
    if (w > 0 && col + w > cols) {
      row++;
      col = 0;
    }
    cells.push({ row, col });
    col += w;
  }
  const pendingWrap = col >= cols && chars.length > 0;
  cells.push(pendingWrap ? { row: row + 1, col: 0 } : { row, col });
  return { cells, pendingWrap };
}
