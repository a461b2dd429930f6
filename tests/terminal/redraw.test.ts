/**
 * The line discipline redraws only what changed: a key typed at the end of the line writes
 * that key (xterm then draws one row), not the prompt and line again with an erase of every
 * row below. Checked two ways: what is written for typing (counts of bytes and erases), and
 * random edits over @xterm/headless, where the screen must always show exactly the prompt
 * and line, laid out cell by cell, with the cursor where the edit cursor is.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/base/random.ts';
import { LineDiscipline } from '../../src/terminal/line-discipline.ts';
import { cellWidth, layout } from '../../src/terminal/width.ts';
import { FakeHandler, Harness } from './harness.ts';

/** A terminal that records each write. */
function recorder(cols = 80) {
  const writes: string[] = [];
  return { term: { write: (d: string) => void writes.push(d), cols }, writes };
}

describe('what a keystroke writes', () => {
  it('typing 60 characters writes each one once, with no erase, however long the line grows', () => {
    const { term, writes } = recorder();
    const ld = new LineDiscipline(term, new FakeHandler());
    ld.start('Banner\n');
    writes.length = 0;
    const typed = 'echo the quick brown fox jumps over the lazy dog 0123456789ab';
    for (const ch of typed) ld.input(ch);
    // Each key at the end of the line writes the key and nothing else (the cursor is already there).
    expect(writes).toEqual(Array.from(typed));
  });

  it('Backspace at the end erases one cell on the row (EL), not the rows below (ED)', () => {
    const { term, writes } = recorder();
    const ld = new LineDiscipline(term, new FakeHandler());
    ld.start();
    ld.input('dir');
    writes.length = 0;
    ld.input('\x7f');
    expect(writes.join('')).toContain('\x1b[K');
    expect(writes.join('')).not.toContain('\x1b[J');
  });

  it('a line that shrinks off a wrapped row erases below; moving the cursor writes no text', () => {
    const { term, writes } = recorder(10);
    const ld = new LineDiscipline(term, new FakeHandler());
    ld.start();
    ld.input('abcdefghij');
    writes.length = 0;
    ld.input('\x15');
    expect(writes.join('')).toContain('\x1b[J');
    ld.input('abc');
    writes.length = 0;
    ld.input('\x1b[D\x1b[D\x1b[H\x1b[F');
    expect(writes.join('').replace(/\x1b\[\d*[ABCD]|\r/g, '')).toBe('');
  });
});

// Keys for random edits: text of every width, editing, moving, history, completion.
const KEYS = ['a', 'b', 'x ', ' ', 'echo ', 'h', '中', '文字', 'é', 'e\u0301', '😀', '\x7f', '\x1b[3~', '\x1b[D', '\x1b[C', '\x1b[H', '\x1b[F'];
const MORE = ['\x01', '\x05', '\x15', '\x0b', '\x17', '\x1b\x7f', '\x1b[1;5D', '\x1b[1;5C', '\x1b[A', '\x1b[B', '\t', '\x1b', '\r'];

/** The prompt and line as they must stand on screen: each row's text as xterm reads it back, from the layout. */
function expectedRows(text: string, cols: number): { rows: string[]; cursorAt: (index: number) => { row: number; col: number } } {
  const chars = Array.from(text);
  const { cells } = layout(chars, cols);
  const grid: (string | undefined)[][] = [];
  chars.forEach((ch, i) => {
    const { row, col } = cells[i];
    while (grid.length <= row) grid.push([]);
    const w = cellWidth(ch);
    if (w === 0) {
      // A combining mark joins the cell before it.
      const before = cells[i - 1] ?? { row: 0, col: 0 };
      grid[before.row][before.col] = (grid[before.row][before.col] ?? '') + ch;
    } else {
      grid[row][col] = ch;
      if (w === 2) grid[row][col + 1] = '';
    }
  });
  // Cells never written read back as spaces; those after a row's last character are trimmed.
  const rows = grid.map((row) => Array.from(row, (c) => c ?? ' ').join(''));
  return { rows, cursorAt: (index) => cells[index] };
}

describe('random edits over a headless xterm', () => {
  for (const cols of [11, 17, 40]) {
    it(`${cols} columns: after every key the screen shows exactly the prompt and line, the cursor in place`, async () => {
      const rng = new Random(0x5eed + cols);
      const h = new Harness(cols, 12);
      h.handler.words = ['echo', 'exit', 'erase', 'help', '中文'];
      // Some output first, so the prompt is not on the first row.
      h.handler.reply = (line) => ({ output: line ? `ran ${line}\n` : '', cleared: false });
      await h.start('Banner\n');
      let checks = 0;
      for (let i = 0; i < 600; i++) {
        const r = rng.next();
        const key = r < 0.8 ? KEYS[rng.int(0, KEYS.length - 1)] : MORE[rng.int(0, MORE.length - 1)];
        // Keep lines to a few rows (Enter starts a new one).
        await h.type(h.ld.line.length > cols * 2 ? '\x15' : key);
        if (i % 97 === 0) await h.resize(rng.int(cols - 3, cols + 3));
        const buf = h.term.buffer.active;
        // The prompt's row: the last row that starts with it (lines are short, no prompt inside them).
        const want = expectedRows(`C:\\>${h.ld.line}`, h.term.cols);
        const screen = h.screen();
        const bottom = screen.length - 1 - [...screen].reverse().findIndex((row) => row !== '');
        const top = bottom - (want.rows.length - 1);
        const shown = screen.slice(top, bottom + 1);
        // A line that ends exactly at the margin leaves the cursor on the (empty) row below.
        expect(shown).toEqual(want.rows);
        const at = want.cursorAt(Array.from('C:\\>').length + Array.from(h.ld.line.slice(0, h.ld.cursorIndex)).length);
        // (An edit cursor between a character in the last column and its combining mark stands in that column.)
        expect([buf.cursorY, buf.cursorX]).toEqual([top + at.row, Math.min(at.col, h.term.cols - 1)]);
        checks++;
      }
      expect(checks).toBe(600);
    });
  }
});
