import { describe, expect, it } from 'vitest';
import { FULL_RESET, LineDiscipline } from '../../src/terminal/line-discipline.ts';
import { Harness } from './harness.ts';

const UP = '\x1b[A',
  DOWN = '\x1b[B',
  LEFT = '\x1b[D',
  RIGHT = '\x1b[C';
const HOME = '\x1b[H',
  END = '\x1b[F',
  DEL = '\x1b[3~',
  BS = '\x7f';

describe('line discipline (through @xterm/headless)', () => {
  it('shows the banner and a prompt, echoes typing and runs the line on Enter', async () => {
    const h = new Harness();
    await h.start('Banner\n');
    await h.type('ver\r');
    expect(h.all()).toEqual(['Banner', 'C:\\>ver', 'ran ver', 'C:\\>']);
    expect(h.handler.lines).toEqual([{ line: 'ver', recalled: false }]);
    expect(h.cursor()).toEqual([3, 4]);
  });

  it('prints output from elsewhere above the line being edited, with the prompt the handler gives now', async () => {
    const h = new Harness(20);
    await h.start('Banner\n');
    // A line long enough to wrap, the cursor in its middle.
    await h.type('abcdefghijklmnopqrstuvw\x1b[D\x1b[D');
    h.handler.promptText = '0: kd> ';
    h.ld.print('Breakpoint 0 hit\nnt!Foo:\n');
    await h.flush();
    expect(h.all()).toEqual(['Banner', 'Breakpoint 0 hit', 'nt!Foo:', '0: kd> abcdefghijklm', 'nopqrstuvw']);
    expect(h.cursor()).toEqual([4, 8]);
    await h.type('\r');
    expect(h.handler.lines.at(-1)?.line).toBe('abcdefghijklmnopqrstuvw');
  });

  it('a full reset written after queued output starts the screen over (xterm reset() would let the queue land on it)', async () => {
    const h = new Harness();
    await h.start('Banner\n');
    await h.type('dir');
    // Echoed keys still in the write queue, then the restart, then the next screen.
    h.ld.input('ver');
    h.term.write(FULL_RESET);
    const next = new LineDiscipline(h.term, h.handler);
    next.start('Fresh\n');
    await h.flush();
    expect(h.all()).toEqual(['Fresh', 'C:\\>']);
    expect(h.cursor()).toEqual([1, 4]);
  });

  it('redraws the line when the prompt changed (and only then)', async () => {
    const h = new Harness();
    await h.start();
    await h.type('dir');
    h.ld.refreshPrompt();
    await h.flush();
    expect(h.all()).toEqual(['C:\\>dir']);
    h.handler.promptText = '';
    h.ld.refreshPrompt();
    await h.flush();
    expect(h.all()).toEqual(['dir']);
    expect(h.cursor()).toEqual([0, 3]);
  });

  it('moves with Left/Right, Home/End and inserts at the cursor', async () => {
    const h = new Harness();
    await h.start();
    await h.type('ac' + LEFT + 'b' + HOME + '>' + END + '!');
    expect(h.ld.line).toBe('>abc!');
    expect(h.screen()[0]).toBe('C:\\>>abc!');
    await h.type(LEFT + LEFT);
    expect(h.cursor()).toEqual([0, 4 + 3]);
    await h.type(RIGHT);
    expect(h.cursor()).toEqual([0, 4 + 4]);
  });

  it('deletes with Backspace and Delete, redrawing the line', async () => {
    const h = new Harness();
    await h.start();
    await h.type('hello' + BS + BS + HOME + DEL);
    expect(h.ld.line).toBe('el');
    expect(h.screen()[0]).toBe('C:\\>el');
    expect(h.cursor()).toEqual([0, 4]);
  });

  it('Ctrl-A / Ctrl-E move to the start and end', async () => {
    const h = new Harness();
    await h.start();
    await h.type('abc\x01');
    expect(h.cursor()).toEqual([0, 4]);
    await h.type('\x05');
    expect(h.cursor()).toEqual([0, 7]);
  });

  it('Ctrl-U kills to the start, Ctrl-K to the end, Ctrl-W the previous word', async () => {
    const h = new Harness();
    await h.start();
    await h.type('one two three' + LEFT.repeat(6) + '\x0b');
    expect(h.ld.line).toBe('one two');
    await h.type('\x17');
    expect(h.ld.line).toBe('one ');
    await h.type('\x15');
    expect(h.ld.line).toBe('');
    expect(h.screen()[0]).toBe('C:\\>');
  });

  it('Alt+Backspace (ESC DEL) also kills the previous word; a browser tab keeps Ctrl-W for itself', async () => {
    const h = new Harness();
    await h.start();
    await h.type('sc query  fltmgr');
    await h.type('\x1b\x7f');
    expect(h.ld.line).toBe('sc query  ');
    await h.type('\x1b\x7f');
    expect(h.ld.line).toBe('sc ');
  });

  it('Ctrl-C abandons the line, shows ^C and a fresh prompt', async () => {
    const h = new Harness();
    await h.start();
    await h.type('half typed\x03');
    expect(h.all()).toEqual(['C:\\>half typed^C', 'C:\\>']);
    expect(h.handler.lines).toEqual([]);
    expect(h.handler.interrupts).toBe(1);
  });

  it('Ctrl-L clears the screen and keeps the line being edited', async () => {
    const h = new Harness();
    await h.start();
    await h.type('ver\rdraft\x0c');
    expect(h.screen()[0]).toBe('C:\\>draft');
    expect(h.screen()[1]).toBe('');
    expect(h.handler.clears).toBe(1);
    expect(h.ld.line).toBe('draft');
  });

  it('recalls history with Up/Down, restores the draft, and marks the line as recalled', async () => {
    const h = new Harness();
    await h.start();
    await h.type('first\rsecond\rdra');
    await h.type(UP);
    expect(h.ld.line).toBe('second');
    await h.type(UP);
    expect(h.ld.line).toBe('first');
    await h.type(UP); // stays at the oldest
    expect(h.ld.line).toBe('first');
    await h.type(DOWN + DOWN);
    expect(h.ld.line).toBe('dra');
    await h.type(UP + '\r');
    expect(h.handler.lines.at(-1)).toEqual({ line: 'second', recalled: true });
    await h.type('typed\r');
    expect(h.handler.lines.at(-1)).toEqual({ line: 'typed', recalled: false });
  });

  it('completes a unique word with Tab and adds a space', async () => {
    const h = new Harness();
    await h.start();
    await h.type('ve\t');
    expect(h.ld.line).toBe('ver ');
  });

  it('extends to the common prefix, then lists ambiguous candidates and redraws the line', async () => {
    const h = new Harness();
    await h.start();
    await h.type('h\t');
    expect(h.ld.line).toBe('h');
    expect(h.all()).toEqual(['C:\\>h', 'help     history', 'C:\\>h']);
    await h.type('is\t');
    expect(h.ld.line).toBe('history ');
  });

  it('rings the bell when nothing completes', async () => {
    const h = new Harness();
    const writes: string[] = [];
    const write = h.term.write.bind(h.term);
    h.term.write = ((d: string | Uint8Array, cb?: () => void) => {
      writes.push(String(d));
      write(d, cb);
    }) as typeof h.term.write;
    await h.start();
    await h.type('zz\t');
    expect(writes).toContain('\x07');
    expect(h.ld.line).toBe('zz');
  });

  it('runs a multi-line paste line by line', async () => {
    const h = new Harness();
    await h.start();
    await h.type('one\r\ntwo\nthree\r');
    expect(h.handler.lines.map((l) => l.line)).toEqual(['one', 'two', 'three']);
    expect(h.all()).toEqual(['C:\\>one', 'ran one', 'C:\\>two', 'ran two', 'C:\\>three', 'ran three', 'C:\\>']);
  });

  it('wraps long lines and keeps the cursor right while editing across the wrap', async () => {
    const h = new Harness(10, 6);
    await h.start();
    await h.type('abcdefghij'); // prompt 4 + 10 = 14 cells: two rows
    expect(h.screen().slice(0, 2)).toEqual(['C:\\>abcdef', 'ghij']);
    expect(h.cursor()).toEqual([1, 4]);
    await h.type(HOME);
    expect(h.cursor()).toEqual([0, 4]);
    await h.type('X');
    expect(h.screen().slice(0, 2)).toEqual(['C:\\>Xabcde', 'fghij']);
    expect(h.cursor()).toEqual([0, 5]);
    await h.type(END + BS);
    expect(h.screen().slice(0, 2)).toEqual(['C:\\>Xabcde', 'fghi']);
    expect(h.cursor()).toEqual([1, 4]);
  });

  it('handles a line that ends exactly at the right margin', async () => {
    const h = new Harness(10, 6);
    await h.start();
    await h.type('abcdef');
    expect(h.cursor()).toEqual([1, 0]);
    await h.type(BS);
    expect(h.screen().slice(0, 2)).toEqual(['C:\\>abcde', '']);
    expect(h.cursor()).toEqual([0, 9]);
    await h.type('f\r');
    expect(h.all()).toEqual(['C:\\>abcdef', 'ran abcdef', 'C:\\>']);
  });

  it('redraws for a new width after a resize', async () => {
    const h = new Harness(20, 6);
    await h.start();
    await h.type('0123456789');
    await h.resize(8);
    await h.type('\x01');
    expect(h.cursor()[1]).toBe(4);
    await h.type('\r');
    expect(h.handler.lines.at(-1)?.line).toBe('0123456789');
  });

  it('clears the screen when a command says so, before its output', async () => {
    const h = new Harness();
    h.handler.reply = (line) => (line === 'cls' ? { output: '', cleared: true } : { output: 'x\n', cleared: false });
    await h.start();
    await h.type('a\rcls\r');
    expect(h.screen()[0]).toBe('C:\\>');
    expect(h.screen()[1]).toBe('');
  });

  it('Escape clears the line; input is ignored while disabled', async () => {
    const h = new Harness();
    await h.start();
    await h.type('abc\x1b');
    expect(h.ld.line).toBe('');
    h.ld.disable();
    await h.type('zzz\r');
    expect(h.handler.lines).toEqual([]);
    h.ld.enable();
    await h.type('ok\r');
    expect(h.handler.lines).toEqual([{ line: 'ok', recalled: false }]);
  });
});

describe('resize while a long line is being edited', () => {
  it('leaves no stale copies of the line when the terminal narrows or widens', async () => {
    const h = new Harness(40, 6);
    await h.start(Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + '\n'); // the prompt sits on the bottom row
    const text = 'echo ' + 'abcdefghij'.repeat(6); // 65 chars: two rows at 40 columns
    await h.type(text + '\x1b[D'.repeat(7));
    await h.resize(15);
    const narrow = h.all().join('\n');
    expect(narrow.split('echo').length - 1).toBe(1);
    const cells = 4 + text.length;
    const promptAt = h.all().findIndex((l) => l.startsWith('C:\\>'));
    expect(h.all().slice(promptAt).join('')).toBe('C:\\>' + text);
    expect(h.cursor()[1]).toBe((cells - 7) % 15);
    await h.resize(70);
    const wideAt = h.all().findIndex((l) => l.startsWith('C:\\>'));
    expect(h.all().slice(wideAt).join('')).toBe('C:\\>' + text);
    expect(h.all().join('\n').split('echo').length - 1).toBe(1);
    await h.type('\r');
    expect(h.handler.lines.at(-1)?.line).toBe(text);
  });
});
