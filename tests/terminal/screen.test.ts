/**
 * A restored screen is written from its last lines only (as many as the terminal keeps): the
 * terminal then holds exactly what it holds after the whole text, scrollback included.
 */
import { Terminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/base/random.ts';
import { toTerminal } from '../../src/terminal/line-discipline.ts';
import { lastLines } from '../../src/terminal/screen.ts';

async function buffer(text: string, cols: number, rows: number, scrollback: number) {
  const term = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(toTerminal(text), resolve));
  const buf = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < buf.length; y++) lines.push(buf.getLine(y)?.translateToString(true) ?? '');
  return { lines, cursor: [buf.cursorX, buf.cursorY], base: buf.baseY };
}

describe('lastLines', () => {
  it('keeps the last n lines, counting a final line end as no line of its own', () => {
    expect(lastLines('a\nb\nc\n', 2)).toBe('b\nc\n');
    expect(lastLines('a\nb\nc', 2)).toBe('b\nc');
    expect(lastLines('a\nb\nc\n', 3)).toBe('a\nb\nc\n');
    expect(lastLines('a\nb\nc\n', 9)).toBe('a\nb\nc\n');
    expect(lastLines('', 3)).toBe('');
    expect(lastLines('\n\n\n', 1)).toBe('\n');
  });

  it('a terminal holds the same lines, cursor and scroll after the last lines as after the whole text', async () => {
    const rng = new Random(0x5c2e);
    for (let round = 0; round < 12; round++) {
      const cols = rng.int(8, 30);
      const rows = rng.int(3, 8);
      const scrollback = rng.int(0, 40);
      // Lines of every length: empty, short, wrapping over several rows.
      const lines: string[] = [];
      for (let i = rng.int(0, 120); i > 0; i--) lines.push('x'.repeat(rng.int(0, cols * 3)).replace(/x/g, () => String.fromCharCode(rng.int(0x61, 0x7a))));
      const text = lines.join('\n') + (rng.next() < 0.5 ? '\n' : '');
      const kept = lastLines(text, scrollback + rows);
      expect(kept.length).toBeLessThanOrEqual(text.length);
      expect(await buffer(kept, cols, rows, scrollback)).toEqual(await buffer(text, cols, rows, scrollback));
    }
  });
});
