/**
 * The line discipline: turns keys into an edited line and runs it.
 *
 * Pure TypeScript over `TerminalLike`: it never reads the screen, so it works
 * the same over xterm.js, stdout and @xterm/headless. It redraws the edited
 * line itself (prompt + buffer, wrapping at `cols`) and keeps the terminal
 * cursor where the edit cursor is.
 */
import { commonPrefix } from '../base/text.ts';
import { decodeKeys, type Key } from './keys.ts';
import type { LineHandler, TerminalLike } from './types.ts';

const CLEAR_SCREEN = '\x1b[H\x1b[2J\x1b[3J';

/** Translate program output ('\n' line ends) for a terminal. */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export class LineDiscipline {
  private readonly term: TerminalLike;
  private readonly handler: LineHandler;
  private buffer = '';
  private cursor = 0;
  private prompt = '';
  /** Offset (in cells from the prompt's first cell) where the terminal cursor is now. */
  private drawn = 0;
  /** Position in history while browsing with Up/Down (null: editing a new line). */
  private historyIndex: number | null = null;
  private draft = '';
  private recalled = false;
  private enabled = true;

  constructor(term: TerminalLike, handler: LineHandler) {
    this.term = term;
    this.handler = handler;
  }

  /** Show `initial` (a banner or restored transcript), then the first prompt. */
  start(initial = ''): void {
    if (initial) this.term.write(toTerminal(initial.endsWith('\n') || initial === '' ? initial : initial + '\n'));
    this.newPrompt();
  }

  /** Stop accepting input (a locked lab); `enable()` resumes. */
  disable(): void {
    this.enabled = false;
  }

  enable(): void {
    this.enabled = true;
  }

  get line(): string {
    return this.buffer;
  }

  get cursorIndex(): number {
    return this.cursor;
  }

  /** Feed raw input: keystrokes or pasted text (pasted lines run one by one). */
  input(data: string): void {
    if (!this.enabled) return;
    for (const key of decodeKeys(data)) this.key(key);
  }

  /** The terminal was resized: redraw the line for the new width. */
  resized(): void {
    this.render();
  }

  private key(key: Key): void {
    switch (key.kind) {
      case 'text':
        this.insert(key.text);
        return;
      case 'enter':
        this.submit();
        return;
      case 'backspace':
        if (this.cursor > 0) this.edit(this.buffer.slice(0, this.cursor - 1) + this.buffer.slice(this.cursor), this.cursor - 1);
        else this.bell();
        return;
      case 'delete':
        if (this.cursor < this.buffer.length) this.edit(this.buffer.slice(0, this.cursor) + this.buffer.slice(this.cursor + 1), this.cursor);
        else this.bell();
        return;
      case 'left':
        this.move(this.cursor - 1);
        return;
      case 'right':
        this.move(this.cursor + 1);
        return;
      case 'home':
        this.move(0);
        return;
      case 'end':
        this.move(this.buffer.length);
        return;
      case 'wordLeft':
        this.move(this.wordStart());
        return;
      case 'wordRight':
        this.move(this.wordEnd());
        return;
      case 'up':
        this.browse(-1);
        return;
      case 'down':
        this.browse(1);
        return;
      case 'killStart':
        this.edit(this.buffer.slice(this.cursor), 0);
        return;
      case 'killEnd':
        this.edit(this.buffer.slice(0, this.cursor), this.cursor);
        return;
      case 'killWord': {
        const start = this.wordStart();
        this.edit(this.buffer.slice(0, start) + this.buffer.slice(this.cursor), start);
        return;
      }
      case 'escape':
        this.recalled = false;
        this.historyIndex = null;
        this.edit('', 0);
        return;
      case 'interrupt':
        this.interrupt();
        return;
      case 'clearScreen':
        this.term.write(CLEAR_SCREEN);
        this.handler.clearScreen();
        this.drawn = 0;
        this.render();
        return;
      case 'tab':
        this.complete();
        return;
      case 'ignored':
        return;
    }
  }

  private insert(text: string): void {
    this.edit(this.buffer.slice(0, this.cursor) + text + this.buffer.slice(this.cursor), this.cursor + text.length);
  }

  private edit(buffer: string, cursor: number): void {
    this.buffer = buffer;
    this.cursor = Math.max(0, Math.min(cursor, buffer.length));
    this.render();
  }

  private move(cursor: number): void {
    const next = Math.max(0, Math.min(cursor, this.buffer.length));
    if (next === this.cursor) return;
    this.cursor = next;
    this.placeCursor(this.prompt.length + this.cursor, this.drawn);
  }

  private wordStart(): number {
    let i = this.cursor;
    while (i > 0 && this.buffer[i - 1] === ' ') i--;
    while (i > 0 && this.buffer[i - 1] !== ' ') i--;
    return i;
  }

  private wordEnd(): number {
    let i = this.cursor;
    while (i < this.buffer.length && this.buffer[i] === ' ') i++;
    while (i < this.buffer.length && this.buffer[i] !== ' ') i++;
    return i;
  }

  private browse(direction: -1 | 1): void {
    const lines = this.handler.history().filter((l) => l.trim() !== '');
    if (lines.length === 0) return this.bell();
    if (this.historyIndex === null) {
      if (direction === 1) return this.bell();
      this.draft = this.buffer;
      this.historyIndex = lines.length - 1;
    } else {
      const next = this.historyIndex + direction;
      if (next < 0) return this.bell();
      if (next >= lines.length) {
        this.historyIndex = null;
        this.recalled = false;
        this.edit(this.draft, this.draft.length);
        return;
      }
      this.historyIndex = next;
    }
    this.recalled = true;
    const line = lines[this.historyIndex];
    this.edit(line, line.length);
  }

  private submit(): void {
    const line = this.buffer;
    const recalled = this.recalled;
    this.cursor = line.length;
    this.render();
    this.endLine();
    this.buffer = '';
    this.cursor = 0;
    this.historyIndex = null;
    this.recalled = false;
    const step = this.handler.submit(line, recalled);
    if (step.cleared) this.term.write(CLEAR_SCREEN);
    this.writeOutput(step.output);
    this.newPrompt();
  }

  private interrupt(): void {
    this.cursor = this.buffer.length;
    this.render();
    this.term.write('^C\r\n');
    const output = this.handler.interrupt();
    this.buffer = '';
    this.cursor = 0;
    this.historyIndex = null;
    this.recalled = false;
    this.writeOutput(output);
    this.newPrompt();
  }

  private complete(): void {
    const result = this.handler.complete(this.buffer, this.cursor);
    if (!result || result.candidates.length === 0) return this.bell();
    const partial = this.buffer.slice(result.from, this.cursor);
    const unique = [...new Set(result.candidates)];
    if (unique.length === 1) {
      const word = unique[0];
      const atEnd = this.cursor === this.buffer.length;
      const suffix = atEnd && !/[\\/]$/.test(word) ? ' ' : '';
      this.edit(this.buffer.slice(0, result.from) + word + suffix + this.buffer.slice(this.cursor), result.from + word.length + suffix.length);
      return;
    }
    const prefix = commonPrefix(unique);
    if (prefix.length > partial.length) {
      this.edit(this.buffer.slice(0, result.from) + prefix + this.buffer.slice(this.cursor), result.from + prefix.length);
      return;
    }
    // Ambiguous: list the candidates below the line, then redraw the prompt and line.
    this.placeCursor(this.prompt.length + this.buffer.length, this.drawn);
    this.endLine();
    this.term.write(toTerminal(this.columns(unique)));
    this.drawn = 0;
    this.render();
  }

  private columns(items: readonly string[]): string {
    const width = Math.max(...items.map((s) => s.length)) + 2;
    const perRow = Math.max(1, Math.floor(this.term.cols / width));
    const rows: string[] = [];
    for (let i = 0; i < items.length; i += perRow) {
      rows.push(items.slice(i, i + perRow).map((s) => s.padEnd(width)).join('').trimEnd());
    }
    return rows.join('\n') + '\n';
  }

  /** Go to the start of the next row, unless a wrap at the margin already put the cursor there. */
  private endLine(): void {
    const end = this.prompt.length + this.buffer.length;
    const cols = Math.max(1, this.term.cols);
    if (!(end > 0 && end % cols === 0)) this.term.write('\r\n');
  }

  private writeOutput(output: string): void {
    if (!output) return;
    this.term.write(toTerminal(output));
    if (!output.endsWith('\n')) this.term.write('\r\n');
  }

  private newPrompt(): void {
    this.prompt = this.handler.prompt();
    this.buffer = '';
    this.cursor = 0;
    this.term.write(this.prompt);
    this.drawn = this.prompt.length;
    this.resolveWrap(this.drawn);
  }

  /** Redraw prompt and buffer from the prompt's first cell, then put the cursor in place. */
  private render(): void {
    const cols = Math.max(1, this.term.cols);
    const up = Math.floor(this.drawn / cols);
    let out = up > 0 ? `\x1b[${up}A\r` : '\r';
    out += '\x1b[J' + this.prompt + this.buffer;
    this.term.write(out);
    const end = this.prompt.length + this.buffer.length;
    this.resolveWrap(end);
    this.placeCursor(this.prompt.length + this.cursor, end);
  }

  /** After writing exactly up to a row's end the terminal waits to wrap; make the wrap happen. */
  private resolveWrap(end: number): void {
    const cols = Math.max(1, this.term.cols);
    if (end > 0 && end % cols === 0) this.term.write('\r\n');
  }

  /** Move the terminal cursor from offset `from` to offset `to` (offsets from the prompt start). */
  private placeCursor(to: number, from: number): void {
    const cols = Math.max(1, this.term.cols);
    const fromRow = Math.floor(from / cols);
    const toRow = Math.floor(to / cols);
    let out = '';
    if (fromRow > toRow) out += `\x1b[${fromRow - toRow}A`;
    if (toRow > fromRow) out += `\x1b[${toRow - fromRow}B`;
    out += '\r';
    const col = to % cols;
    if (col > 0) out += `\x1b[${col}C`;
    this.term.write(out);
    this.drawn = to;
  }

  private bell(): void {
    this.term.write('\x07');
  }
}
