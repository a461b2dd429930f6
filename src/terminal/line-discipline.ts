/**
 * The line discipline: turns keys into an edited line and runs it.
 *
 * Pure TypeScript over `TerminalLike`: it never reads the screen, so it works
 * the same over xterm.js, stdout and @xterm/headless. It redraws the edited
 * line itself (prompt + buffer, wrapping at `cols`, wide characters taking two
 * cells) and keeps the terminal cursor where the edit cursor is.
 */
import { commonPrefix } from '../base/text.ts';
import { decodeKeys, type Key } from './keys.ts';
import type { LineHandler, TerminalLike } from './types.ts';
import { type Cell, cellWidth, layout } from './width.ts';

const CLEAR_SCREEN = '\x1b[H\x1b[2J\x1b[3J';
/**
 * A terminal's full reset (RIS), for starting a screen over. Written, it goes through the
 * terminal's write queue after what is still queued; xterm's reset() acts at once, and output
 * still queued (keys echoed a moment before) then lands on the fresh screen.
 */
export const FULL_RESET = '\x1bc';
const HOME: Cell = { row: 0, col: 0 };

/** Translate program output ('\n' line ends) for a terminal. */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export class LineDiscipline {
  private readonly term: TerminalLike;
  private readonly handler: LineHandler;
  /** The line being edited, one code point per element. */
  private chars: string[] = [];
  /** Edit cursor: an index into `chars`. */
  private cursor = 0;
  private prompt = '';
  /** Where the terminal cursor is now, relative to the prompt's first cell. */
  private drawn: Cell = HOME;
  /**
   * What is on screen from the prompt's first cell (prompt and line, one code point each) and
   * its layout; null when nothing there can be kept (a fresh prompt's row, a resize). A redraw
   * writes only from the first cell that changed, so a key typed marks one row for xterm to
   * draw, not every row below the prompt.
   */
  private shown: { chars: readonly string[]; layout: ReturnType<typeof layout> } | null = null;
  /** Position in history while browsing with Up/Down (null: editing a new line). */
  private historyIndex: number | null = null;
  private draft: string[] = [];
  private recalled = false;
  private enabled = true;

  constructor(term: TerminalLike, handler: LineHandler) {
    this.term = term;
    this.handler = handler;
  }

  /** Show `initial` (a banner or restored transcript), then the first prompt. */
  start(initial = ''): void {
    if (initial) this.term.write(toTerminal(initial.endsWith('\n') ? initial : initial + '\n'));
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
    return this.chars.join('');
  }

  /** The edit cursor as an index into `line` (UTF-16 units). */
  get cursorIndex(): number {
    return this.chars.slice(0, this.cursor).join('').length;
  }

  /** Feed raw input: keystrokes or pasted text (pasted lines run one by one). */
  input(data: string): void {
    if (!this.enabled) return;
    for (const key of decodeKeys(data)) this.key(key);
  }

  /** The terminal was resized: redraw the line for the new width. */
  resized(): void {
    // The terminal reflowed what was drawn: draw it all again.
    this.shown = null;
    this.render();
  }

  /**
   * Output that did not come from this line (another pane's doing: a breakpoint hit, a held
   * command released): it takes the place of the prompt and the line being edited, which are
   * drawn again below it with the prompt the handler gives now.
   */
  print(output: string): void {
    const up = this.drawn.row;
    this.term.write((up > 0 ? `\x1b[${up}A\r` : '\r') + '\x1b[J');
    this.writeOutput(output);
    this.prompt = this.handler.prompt();
    this.drawn = HOME;
    this.shown = null;
    this.render();
  }

  /** Draw the line again if the handler's prompt changed meanwhile (the machine stopped or runs again). */
  refreshPrompt(): void {
    if (this.handler.prompt() !== this.prompt) this.print('');
  }

  private key(key: Key): void {
    const n = this.chars.length;
    switch (key.kind) {
      case 'text':
        this.insert(Array.from(key.text));
        return;
      case 'enter':
        this.submit();
        return;
      case 'backspace':
        if (this.cursor > 0) this.edit([...this.chars.slice(0, this.cursor - 1), ...this.chars.slice(this.cursor)], this.cursor - 1);
        else this.bell();
        return;
      case 'delete':
        if (this.cursor < n) this.edit([...this.chars.slice(0, this.cursor), ...this.chars.slice(this.cursor + 1)], this.cursor);
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
        this.move(n);
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
        this.edit(this.chars.slice(this.cursor), 0);
        return;
      case 'killEnd':
        this.edit(this.chars.slice(0, this.cursor), this.cursor);
        return;
      case 'killWord': {
        const start = this.wordStart();
        this.edit([...this.chars.slice(0, start), ...this.chars.slice(this.cursor)], start);
        return;
      }
      case 'escape':
        this.recalled = false;
        this.historyIndex = null;
        this.edit([], 0);
        return;
      case 'interrupt':
        this.interrupt();
        return;
      case 'switchPane': {
        if (!this.handler.switchPane) return;
        this.chars = [];
        this.cursor = 0;
        this.render();
        this.term.write('\r\n');
        this.writeOutput(this.handler.switchPane());
        this.newPrompt();
        return;
      }
      case 'clearScreen':
        this.term.write(CLEAR_SCREEN);
        this.handler.clearScreen();
        this.drawn = HOME;
        this.shown = null;
        this.render();
        return;
      case 'tab':
        this.complete();
        return;
      case 'ignored':
        return;
    }
  }

  private insert(text: readonly string[]): void {
    this.edit([...this.chars.slice(0, this.cursor), ...text, ...this.chars.slice(this.cursor)], this.cursor + text.length);
  }

  private edit(chars: string[], cursor: number): void {
    this.chars = chars;
    this.cursor = Math.max(0, Math.min(cursor, chars.length));
    this.render();
  }

  private move(cursor: number): void {
    const next = Math.max(0, Math.min(cursor, this.chars.length));
    if (next === this.cursor) return;
    this.cursor = next;
    this.placeCursor(this.layout().cells[this.promptChars().length + this.cursor]);
  }

  private wordStart(): number {
    let i = this.cursor;
    while (i > 0 && this.chars[i - 1] === ' ') i--;
    while (i > 0 && this.chars[i - 1] !== ' ') i--;
    return i;
  }

  private wordEnd(): number {
    let i = this.cursor;
    while (i < this.chars.length && this.chars[i] === ' ') i++;
    while (i < this.chars.length && this.chars[i] !== ' ') i++;
    return i;
  }

  private browse(direction: -1 | 1): void {
    const lines = this.handler.history().filter((l) => l.trim() !== '');
    if (lines.length === 0) {
      this.bell();
      return;
    }
    if (this.historyIndex === null) {
      if (direction === 1) {
        this.bell();
        return;
      }
      this.draft = this.chars;
      this.historyIndex = lines.length - 1;
    } else {
      const next = this.historyIndex + direction;
      if (next < 0) {
        this.bell();
        return;
      }
      if (next >= lines.length) {
        this.historyIndex = null;
        this.recalled = false;
        this.edit(this.draft, this.draft.length);
        return;
      }
      this.historyIndex = next;
    }
    this.recalled = true;
    const line = Array.from(lines[this.historyIndex]);
    this.edit(line, line.length);
  }

  private submit(): void {
    const line = this.line;
    const recalled = this.recalled;
    this.cursor = this.chars.length;
    this.render();
    this.endLine();
    this.chars = [];
    this.cursor = 0;
    this.historyIndex = null;
    this.recalled = false;
    const step = this.handler.submit(line, recalled);
    if (step.cleared) this.term.write(CLEAR_SCREEN);
    this.writeOutput(step.output);
    this.newPrompt();
  }

  private interrupt(): void {
    this.cursor = this.chars.length;
    this.render();
    this.term.write('^C\r\n');
    const output = this.handler.interrupt();
    this.chars = [];
    this.cursor = 0;
    this.historyIndex = null;
    this.recalled = false;
    this.writeOutput(output);
    this.newPrompt();
  }

  private complete(): void {
    const line = this.line;
    const at = this.cursorIndex;
    const result = this.handler.complete(line, at);
    if (!result || result.candidates.length === 0) {
      this.bell();
      return;
    }
    const partial = line.slice(result.from, at);
    const before = Array.from(line.slice(0, result.from));
    const after = this.chars.slice(this.cursor);
    const unique = [...new Set(result.candidates)];
    if (unique.length === 1) {
      const atEnd = after.length === 0;
      const word = Array.from(unique[0] + (atEnd && !/[\\/]$/.test(unique[0]) ? ' ' : ''));
      this.edit([...before, ...word, ...after], before.length + word.length);
      return;
    }
    const prefix = commonPrefix(unique);
    if (prefix.length > partial.length) {
      const word = Array.from(prefix);
      this.edit([...before, ...word, ...after], before.length + word.length);
      return;
    }
    // Ambiguous: list the candidates below the line, then redraw the prompt and line.
    this.placeCursor(this.layout().cells[this.promptChars().length + this.chars.length]);
    this.endLine();
    this.term.write(toTerminal(this.columns(unique)));
    this.drawn = HOME;
    this.shown = null;
    this.render();
  }

  private columns(items: readonly string[]): string {
    const width = Math.max(...items.map((s) => s.length)) + 2;
    const perRow = Math.max(1, Math.floor(this.term.cols / width));
    const rows: string[] = [];
    for (let i = 0; i < items.length; i += perRow) {
      rows.push(
        items
          .slice(i, i + perRow)
          .map((s) => s.padEnd(width))
          .join('')
          .trimEnd(),
      );
    }
    return rows.join('\n') + '\n';
  }

  /** From the end of the drawn line to the start of the next row (unless a wrap already put the cursor there). */
  private endLine(): void {
    if (!this.layout().pendingWrap) this.term.write('\r\n');
  }

  private writeOutput(output: string): void {
    if (!output) return;
    this.term.write(toTerminal(output));
    if (!output.endsWith('\n')) this.term.write('\r\n');
  }

  private newPrompt(): void {
    this.prompt = this.handler.prompt();
    this.chars = [];
    this.cursor = 0;
    this.term.write(this.prompt);
    const drawn = this.layout();
    if (drawn.pendingWrap) this.term.write('\r\n');
    this.drawn = drawn.cells[drawn.cells.length - 1];
    this.shown = { chars: this.promptChars(), layout: drawn };
  }

  private promptChars(): string[] {
    return Array.from(this.prompt);
  }

  /** The last layout computed, reused while the line, prompt and width are unchanged (a long line costs one pass per edit). */
  private laidOut: { chars: string[]; prompt: string; cols: number; result: ReturnType<typeof layout> } | null = null;

  private layout(): ReturnType<typeof layout> {
    const cols = Math.max(1, this.term.cols);
    const last = this.laidOut;
    if (last && last.chars === this.chars && last.prompt === this.prompt && last.cols === cols) return last.result;
    const result = layout([...this.promptChars(), ...this.chars], cols);
    this.laidOut = { chars: this.chars, prompt: this.prompt, cols, result };
    return result;
  }

  /**
   * Bring the screen in line with prompt and buffer, then put the cursor in place: from the
   * first cell that differs from what is shown (all of it when nothing shown can be kept),
   * erasing what the old line had past the new one's end. One write per redraw.
   */
  private render(): void {
    const next = [...this.promptChars(), ...this.chars];
    const now = this.layout();
    const { cells, pendingWrap } = now;
    const end = cells[cells.length - 1];
    const old = this.shown;
    let from = 0;
    if (old) while (from < old.chars.length && from < next.length && old.chars[from] === next[from]) from++;
    let out: string;
    if (!old || !narrow(old.chars, from) || !narrow(next, from)) {
      // Nothing shown can be kept, or characters of other widths follow the change (a wide one
      // that no longer fits its row leaves the row's last cell as it was; a combining mark joins
      // the cell before it): all of it again.
      out = `${this.cursorTo(HOME)}\x1b[J${next.join('')}${pendingWrap ? '\r\n' : ''}`;
    } else if (from < next.length) {
      out = `${this.cursorTo(cells[from])}${next.slice(from).join('')}${pendingWrap ? '\r\n' : ''}`;
      if (from < old.chars.length) out += erasePast(old.layout, end);
    } else {
      out = this.cursorTo(end) + erasePast(old.layout, end);
    }
    this.drawn = end;
    this.shown = { chars: next, layout: now };
    this.term.write(out + this.cursorTo(cells[this.promptChars().length + this.cursor]));
  }

  /** Move the terminal cursor from where it is drawn to `to`. */
  private placeCursor(to: Cell): void {
    this.term.write(this.cursorTo(to));
  }

  /** What moves the terminal cursor from where it is drawn to `to` (and it is drawn there from now). */
  private cursorTo(to: Cell): string {
    const from = this.drawn;
    if (from.row === to.row && from.col === to.col) return '';
    let out = '';
    if (from.row > to.row) out += `\x1b[${from.row - to.row}A`;
    if (to.row > from.row) out += `\x1b[${to.row - from.row}B`;
    out += '\r';
    if (to.col > 0) out += `\x1b[${to.col}C`;
    this.drawn = to;
    return out;
  }

  private bell(): void {
    this.term.write('\x07');
  }
}

/** True when every character from `from` on takes one cell. */
function narrow(chars: readonly string[], from: number): boolean {
  for (let i = from; i < chars.length; i++) if (cellWidth(chars[i]) !== 1) return false;
  return true;
}

/** Erase what a line laid out as `old` drew past `end`, the cursor standing at `end`: the rest of the row, or of the screen. */
function erasePast(old: ReturnType<typeof layout>, end: Cell): string {
  const oldEnd = old.cells[old.cells.length - 1];
  if (oldEnd.row > end.row) return '\x1b[J';
  return oldEnd.row === end.row && oldEnd.col > end.col ? '\x1b[K' : '';
}
