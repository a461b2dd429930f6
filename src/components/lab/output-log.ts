/**
 * What a screen reader reads of a terminal: the lines it finished, kept beside it (a
 * visually hidden log, read line by line with the reader's own keys), and said as they come
 * in a polite live region, with the line the cursor then waits on (a prompt, a question).
 *
 * xterm's own screen-reader mode does the like by keeping a copy of the screen's rows up to date
 * on every frame, so each key typed costs about as much again as the terminal itself (the page
 * bench's typing figure, nearly halved without it). Here a key costs its decoding and a
 * comparison: lines are read out of xterm's buffer only once they are finished, which typing
 * never makes them.
 */
import type { IBuffer, IMarker, Terminal } from '@xterm/xterm';
import { decodeKeys } from '../../terminal/keys.ts';

/** Lines the log keeps (older ones leave it, as they leave a terminal's scrollback). */
export const LOG_LINES = 1000;

/** Lines said at once; more are counted, and left in the log to read. */
export const SAID_LINES = 20;

/** Sayings the live region keeps (a reader says what is added, not what leaves). */
const KEPT_SAYINGS = 4;

/** Keys after which the line under the cursor is said: Up and Down (history), Tab (completion). */
const RECALL_KEYS: ReadonlySet<string> = new Set(['up', 'down', 'tab']);

export class OutputLog {
  readonly log: HTMLElement;
  readonly live: HTMLElement;
  private term: Terminal | null = null;
  /** The first line of the buffer not in the log yet (a marker, so that it follows the buffer as it trims). */
  private from: IMarker | null = null;
  /** The buffer is being refilled (TerminalPane.restart): what it shows is in the log already. */
  private refilling = false;
  /**
   * The first row of the line the student is editing (-1: none). The line discipline lays a long
   * line out itself, row by row, so xterm does not mark its rows as one line (isWrapped): they are
   * read as one once Enter ends the line.
   */
  private editing = -1;
  /** The first row of the line the student pressed Enter on: in the log, not said (the reader said it as it was typed). */
  private entered = -1;
  /** A recalled or completed line waits to be said. */
  private recalled = false;
  /** Lines were said and the cursor's line was still empty: say it once it has something (a prompt written a frame later). */
  private awaiting = false;
  private listeners: { dispose(): void }[] = [];
  /** Lines are said only while the focus is in here (not to someone still reading the lesson). */
  private readonly root: HTMLElement;

  constructor(after: HTMLElement, name: string, root: HTMLElement) {
    this.root = root;
    const doc = after.ownerDocument;
    this.log = doc.createElement('div');
    this.log.className = 'visually-hidden lab-output-log';
    this.log.setAttribute('role', 'log');
    // The live region below says the lines; the log is for reading back.
    this.log.setAttribute('aria-live', 'off');
    this.log.setAttribute('aria-label', name);
    this.live = doc.createElement('div');
    this.live.className = 'visually-hidden';
    this.live.setAttribute('aria-live', 'polite');
    after.after(this.log, this.live);
  }

  /** Read `term` from now on (a pane's terminal, or the one that replaced it with the same screen). */
  follow(term: Terminal): void {
    for (const listener of this.listeners) listener.dispose();
    this.term = term;
    this.mark(term);
    this.listeners = [term.onWriteParsed(() => this.read())];
  }

  /** The student typed `data`. */
  typed(data: string): void {
    if (!this.term) return;
    for (const key of decodeKeys(data)) {
      if (key.kind === 'enter' || key.kind === 'interrupt') {
        const row = this.editing >= 0 ? this.editing : cursorLine(this.term.buffer.active);
        this.entered = row;
        this.editing = row;
        // The line discipline ends the line as it takes this key (in this same task): once xterm
        // has taken that in, the cursor stands past the line's last row, and the line is finished.
        const term = this.term;
        queueMicrotask(() =>
          term.write('', () => {
            if (this.editing === row) this.editing = -1;
          }),
        );
      } else if (key.kind === 'clearScreen') {
        this.editing = -1;
      } else if (this.editing < 0) {
        this.editing = cursorLine(this.term.buffer.active);
      }
      if (RECALL_KEYS.has(key.kind)) this.recalled = true;
    }
  }

  /**
   * The terminal is about to show `text` afresh (a restored lab): the log holds its finished lines,
   * and what the terminal is given up to the next call of `refilled` is not read again.
   */
  refill(text: string): void {
    const lines = text.split('\n');
    // The last line is the one the cursor waits on (or empty after a final newline).
    lines.pop();
    this.log.replaceChildren(...lines.slice(-LOG_LINES).map((line) => this.line(line)));
    this.live.textContent = '';
    this.refilling = true;
  }

  /** The terminal has taken in what `refill` announced: read on from its cursor. */
  refilled(): void {
    this.refilling = false;
    if (this.term) this.follow(this.term);
  }

  dispose(): void {
    for (const listener of this.listeners) listener.dispose();
    this.listeners = [];
    // A write's callback may still come (refilled): it finds no terminal to follow.
    this.term = null;
    this.from?.dispose();
    this.log.remove();
    this.live.remove();
  }

  /** After xterm parsed a write (at most once a frame): lines the cursor left go to the log. */
  private read(): void {
    const term = this.term;
    if (!term || this.refilling) return;
    const buffer = term.buffer.active;
    // The line the cursor is on starts above it when the line is longer than the terminal is wide,
    // or is the line being edited.
    const at = cursorLine(buffer);
    const cursor = this.editing >= 0 && this.editing < at ? this.editing : at;
    // A cleared screen or a trimmed buffer: go on from the cursor.
    const from = this.from && !this.from.isDisposed && this.from.line <= cursor ? this.from.line : cursor;
    if (cursor === from) {
      const waiting = this.recalled || this.awaiting ? lineAt(buffer, cursor, buffer.length, true).text : '';
      if (waiting) this.say(waiting);
      if (waiting || this.recalled) this.awaiting = false;
      this.recalled = false;
      if (this.from?.line !== from) this.mark(term);
      return;
    }
    const finished: string[] = [];
    const said: string[] = [];
    for (let y = from; y < cursor; ) {
      const { text, next } = lineAt(buffer, y, cursor, y === this.entered);
      finished.push(text);
      if (y !== this.entered) said.push(text);
      y = next;
    }
    this.entered = -1;
    this.recalled = false;
    this.log.append(...finished.map((line) => this.line(line)));
    for (let extra = this.log.childElementCount - LOG_LINES; extra > 0; extra -= 1) this.log.firstElementChild?.remove();
    this.mark(term);
    const heard = said.filter((line) => line !== '');
    const shown = heard.length > SAID_LINES ? [...heard.slice(0, SAID_LINES), `${heard.length - SAID_LINES} more lines in the output log.`] : heard;
    const waiting = lineAt(buffer, cursor, buffer.length, false).text;
    this.awaiting = waiting === '';
    if (shown.length > 0 || waiting) this.say([...shown, ...(waiting ? [waiting] : [])].join('\n'));
  }

  /** The log is whole up to the line the cursor is on: read on from its first row. */
  private mark(term: Terminal): void {
    const buffer = term.buffer.active;
    this.from?.dispose();
    this.from = term.registerMarker(cursorLine(buffer) - (buffer.baseY + buffer.cursorY));
  }

  /**
   * Each saying is a node of its own added to the region, so that a reader says it after what it
   * is still saying (and the same words twice, Up on one line twice, twice); old ones leave.
   */
  private say(text: string): void {
    if (!this.root.contains(this.root.ownerDocument.activeElement)) return;
    this.live.append(this.line(text));
    while (this.live.childElementCount > KEPT_SAYINGS) this.live.firstElementChild?.remove();
  }

  private line(text: string): HTMLElement {
    const div = this.log.ownerDocument.createElement('div');
    div.textContent = text;
    return div;
  }
}

/** The first row of the line the cursor is on (a line longer than the terminal is wide goes on in the rows below it, isWrapped). */
function cursorLine(buffer: IBuffer): number {
  let y = buffer.baseY + buffer.cursorY;
  while (y > 0 && buffer.getLine(y)?.isWrapped) y -= 1;
  return y;
}

/**
 * The line that starts at row `y` (its rows, up to `end`, joined and its trailing blanks cut), and
 * the row after it. A typed line (`typed`) also goes on past each row it fills to the last cell.
 */
function lineAt(buffer: IBuffer, y: number, end: number, typed: boolean): { text: string; next: number } {
  let row = buffer.getLine(y);
  let text = row?.translateToString(true) ?? '';
  let next = y + 1;
  for (; next < end; next += 1) {
    const below = buffer.getLine(next);
    const filled = typed && row?.getCell(row.length - 1)?.getChars();
    if (!below || !(below.isWrapped || filled)) break;
    text += below.translateToString(true);
    row = below;
  }
  return { text: text.trimEnd(), next };
}
