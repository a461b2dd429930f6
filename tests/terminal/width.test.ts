/** Wide and zero-width characters: the discipline's cell widths match what xterm.js draws. */
import { Terminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { cellWidth } from '../../src/terminal/width.ts';
import { Harness } from './harness.ts';

function xtermWidth(term: Terminal, ch: string): Promise<number> {
  return new Promise((resolve) => {
    term.reset();
    term.write('a' + ch, () => resolve(term.buffer.active.cursorX - 1));
  });
}

describe('cell widths', () => {
  it('agree with xterm.js for a spread of scripts, symbols, emoji and combining marks', async () => {
    const term = new Terminal({ cols: 40, rows: 3, allowProposedApi: true });
    const samples = [...'aZ~é中文한글かカ１Ａ￥ΩЖ✓⚠€😀🙂🚀\u0301\u0308\u20dd\u3000〜ー'];
    samples.push(...'\u200b\u200c\u200d\u200e\u202e\u2060\ufeff\u302e\u3040\u4dd2');
    for (let cp = 0x1100; cp < 0x1200; cp += 7) samples.push(String.fromCodePoint(cp));
    for (let cp = 0x2e80; cp < 0xa500; cp += 211) samples.push(String.fromCodePoint(cp));
    for (let cp = 0xac00; cp < 0xd7a4; cp += 997) samples.push(String.fromCodePoint(cp));
    for (let cp = 0xff00; cp < 0xffef; cp += 13) samples.push(String.fromCodePoint(cp));
    for (const ch of samples) expect(cellWidth(ch), `U+${ch.codePointAt(0)?.toString(16)}`).toBe(await xtermWidth(term, ch));
  });
});

describe('line discipline with wide characters', () => {
  it('keeps the cursor right when editing around CJK text', async () => {
    const h = new Harness(40, 6);
    await h.start();
    await h.type('echo 中文字');
    expect(h.cursor()).toEqual([0, 4 + 5 + 6]);
    await h.type('\x1b[D\x1b[D');
    expect(h.cursor()).toEqual([0, 4 + 5 + 2]);
    await h.type('x');
    expect(h.ld.line).toBe('echo 中x文字');
    expect(h.screen()[0]).toBe('C:\\>echo 中x文字');
    expect(h.cursor()).toEqual([0, 4 + 5 + 3]);
  });

  it('wraps a wide character that does not fit at the margin onto the next row', async () => {
    const h = new Harness(10, 6);
    await h.start();
    await h.type('abcde中'); // prompt 4 + 5 = 9 cells; the wide character goes to the next row
    expect(h.screen().slice(0, 2)).toEqual(['C:\\>abcde', '中']);
    expect(h.cursor()).toEqual([1, 2]);
    await h.type('\x01');
    expect(h.cursor()).toEqual([0, 4]);
    await h.type('\x05\x7f\r');
    expect(h.handler.lines.at(-1)?.line).toBe('abcde');
  });

  it('moves over an emoji (two UTF-16 units) as one character', async () => {
    const h = new Harness(40, 6);
    await h.start();
    await h.type('a😀b\x1b[D\x7f');
    expect(h.ld.line).toBe('ab');
    expect(h.cursor()).toEqual([0, 5]);
  });

  it('treats a combining mark as part of the cell before it', async () => {
    const h = new Harness(40, 6);
    await h.start();
    await h.type('cafe\u0301!');
    expect(h.cursor()).toEqual([0, 4 + 5]);
    expect(h.screen()[0]).toBe('C:\\>cafe\u0301!');
  });
});
