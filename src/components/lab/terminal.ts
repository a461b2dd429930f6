/**
 * One terminal pane of the workbench: xterm.js in a `[data-lab-terminal]` host, fitted to it,
 * themed, with the page's text size (and the student's own step up or down), and the keys the
 * page handles itself. Everything that touches xterm lives here, so a second pane is a second
 * instance.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type IDisposable } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { toTerminal } from '../../terminal/line-discipline.ts';
import { OutputLog } from './output-log.ts';
import { lastLines, lineCount } from '../../terminal/screen.ts';
import type { TerminalLike } from '../../terminal/types.ts';
import { terminalTheme, watchTheme } from './theme.ts';

export interface PaneKeys {
  /** Alt+Enter: the full window on or off. */
  toggleFull(): void;
  /** Escape is about to reach the line (so the line still holds what was typed). */
  escape(): void;
}

/**
 * Starts a screen over: default colours, cursor home, screen and scrollback erased. Through the
 * write queue, after what is still queued. (A full reset, RIS, would do as much here, since
 * nothing sets modes, but xterm rebuilds its buffers and measures its cells again for it.)
 */
const CLEAR = '\x1b[0m\x1b[H\x1b[2J\x1b[3J';

/** Lines of a restored scrollback written at a time. */
const FILL_LINES = 200;

/** Lines of scrollback a terminal keeps. */
const SCROLLBACK = 2000;

/** The smallest and largest steps of the student's text size, in px from the page's default. */
export const FONT_STEPS = { min: -6, max: 6 } as const;

/** How a terminal's textarea names itself to assistive technology. */
export interface PaneLabels {
  /** aria-label (two terminals: which one this is). */
  readonly label?: string;
  /** The id of the element that tells how to use the terminal. */
  readonly describedBy?: string;
}

export class TerminalPane implements TerminalLike {
  readonly host: HTMLElement;
  /** The terminal on the page. */
  term: Terminal;
  /** A terminal being written before it replaces `term` (see `restart`), else null. */
  private next: Terminal | null = null;
  /** Writes for `next` held until its scrollback is in (null: straight through). */
  private held: string[] | null = null;
  private settling: Promise<void> = Promise.resolve();
  private fit = new FitAddon();
  private readonly themeRoot: HTMLElement;
  private readonly keys: PaneKeys;
  private readonly labels: PaneLabels;
  private readonly resizeListeners: (() => void)[] = [];
  private readonly dataListeners = new Set<(data: string) => void>();
  private readonly disposers: (() => void)[] = [];
  /** What a screen reader reads of the terminal (see output-log.ts). */
  private readonly output: OutputLog;
  private fontStep: number;
  private disposed = false;

  constructor(host: HTMLElement, themeRoot: HTMLElement, keys: PaneKeys, fontStep = 0, labels: PaneLabels = {}) {
    this.host = host;
    this.themeRoot = themeRoot;
    this.keys = keys;
    this.labels = labels;
    this.fontStep = fontStep;
    this.output = new OutputLog(host, `${labels.label ?? 'Terminal'} output`, themeRoot);
    this.term = this.make();
    this.show(this.term);
    this.disposers.push(
      watchTheme(() => {
        this.term.options.theme = terminalTheme(themeRoot);
      }),
    );
    const observer = new ResizeObserver(() => this.refit());
    observer.observe(host);
    this.disposers.push(() => observer.disconnect());
  }

  get cols(): number {
    return this.term.cols;
  }

  /** Lines the terminal keeps (its scrollback and its screen): text above them would scroll out of it. */
  get keptLines(): number {
    return (this.term.options.scrollback ?? 0) + this.term.rows;
  }

  /** Write to the terminal (and to the one `restart` is filling, if any). */
  write(data: string): void {
    this.term.write(data);
    if (this.held) this.held.push(data);
    else this.next?.write(data);
  }

  /** Called after the terminal changed its number of columns. */
  onResize(listener: () => void): void {
    this.resizeListeners.push(listener);
  }

  /** Keys the student types (in whichever terminal is on the page). */
  onData(listener: (data: string) => void): IDisposable {
    this.dataListeners.add(listener);
    return { dispose: () => this.dataListeners.delete(listener) };
  }

  /** The student's text size: `step` px from the default (clamped to FONT_STEPS). */
  setFontStep(step: number): void {
    this.fontStep = Math.max(FONT_STEPS.min, Math.min(FONT_STEPS.max, step));
    this.refit();
  }

  focus(): void {
    this.term.focus();
  }

  /**
   * Start the screen over with `screen` (a restored lab, a reset, another tab's work, the engine
   * taking over the first screen). Its last screenful is written in place at once, through the
   * write queue (see CLEAR). A longer screen's scrollback, as many lines as the
   * terminal keeps, goes into a new terminal of the same size that is not on the page yet, so
   * that it costs no scrolling, drawing or accessibility updates line by line; what is written
   * from now on goes to both, and once the new one has taken it all in it replaces the one shown
   * (focus included) with the same screen, its scrollback now there to scroll back to.
   */
  restart(screen: string): void {
    const text = screen === '' || screen.endsWith('\n') ? screen : `${screen}\n`;
    const rows = this.term.rows;
    this.output.refill(lastLines(text, this.keptLines));
    this.term.write(CLEAR + toTerminal(lastLines(text, rows)));
    this.term.write('', () => this.output.refilled());
    this.next?.dispose();
    this.next = null;
    this.held = null;
    if (lineCount(text) < rows) {
      this.settling = Promise.resolve();
      return;
    }
    const next = this.make(this.term.cols, rows);
    const held: string[] = [];
    this.next = next;
    this.held = held;
    this.settling = new Promise<void>((resolve) => {
      // Once the terminal shown has its screen and prompt (written in this task): the scrollback,
      // in parts (xterm yields to keys and frames between parts), then what was written since.
      queueMicrotask(() =>
        this.term.write('', () => {
          if (this.next !== next) return resolve();
          for (const part of parts(lastLines(text, this.keptLines), FILL_LINES)) next.write(toTerminal(part));
          for (const data of held) next.write(data);
          this.held = null;
          next.write('', () => {
            // Restarted again meanwhile, or gone: this one is not shown.
            if (this.next === next && !this.disposed) this.swap(next);
            resolve();
          });
        }),
      );
    });
  }

  /** Resolves once what was written so far is on the terminal shown. */
  drawn(): Promise<void> {
    return new Promise((resolve) => this.term.write('', resolve));
  }

  /** Resolves once the scrollback `restart` prepared is on the page. */
  settled(): Promise<void> {
    return this.settling;
  }

  dispose(): void {
    this.disposed = true;
    for (const dispose of this.disposers) dispose();
    this.next?.dispose();
    this.term.dispose();
    this.output.dispose();
  }

  private make(cols?: number, rows?: number): Terminal {
    return new Terminal({
      ...(cols && rows ? { cols, rows } : {}),
      // xterm's screen-reader mode stays off: OutputLog does its work at a fraction of the cost.
      // A blinking cursor is motion: not for those who asked the system for less.
      cursorBlink: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
      fontFamily: getComputedStyle(this.host).getPropertyValue('--lab-term-font').trim() || 'monospace',
      fontSize: this.fontSize(),
      // At 1.0 the underscores of DejaVu Sans Mono and Consolas fall below the cell and are
      // clipped, and FOLLOWUP_IP reads as "FOLLOWUP IP".
      lineHeight: 1.2,
      scrollback: SCROLLBACK,
      theme: terminalTheme(this.themeRoot),
      allowProposedApi: false,
    });
  }

  /** Put `term` on the page: fitted to the host, its keys handled, its textarea named. */
  private show(term: Terminal): void {
    const size = this.fontSize();
    if (term.options.fontSize !== size) term.options.fontSize = size;
    this.fit = new FitAddon();
    term.loadAddon(this.fit);
    term.open(this.host);
    this.fit.fit();
    this.output.follow(term);
    term.onData((data) => {
      this.output.typed(data);
      for (const listener of this.dataListeners) listener(data);
    });
    if (this.labels.describedBy) term.textarea?.setAttribute('aria-describedby', this.labels.describedBy);
    if (this.labels.label) term.textarea?.setAttribute('aria-label', this.labels.label);
    this.handleKeys(term);
  }

  /** The prepared terminal takes the place of the shown one (and its focus). */
  private swap(next: Terminal): void {
    const old = this.term;
    const focused = old.element?.contains(document.activeElement) ?? false;
    const before = old.cols;
    this.next = null;
    old.dispose();
    this.term = next;
    this.show(next);
    if (focused) next.focus();
    // The host may have changed size meanwhile.
    if (next.cols !== before) for (const listener of this.resizeListeners) listener();
  }

  /** Fit the terminal to its host; one that followed its output keeps following it. */
  private refit(): void {
    const buffer = this.term.buffer.active;
    const following = buffer.viewportY >= buffer.baseY;
    const before = this.term.cols;
    const size = this.fontSize();
    if (this.term.options.fontSize !== size) this.term.options.fontSize = size;
    this.fit.fit();
    // The terminal being filled keeps the same size, so that both take the same redraws.
    if (this.next && (this.next.cols !== this.term.cols || this.next.rows !== this.term.rows)) this.next.resize(this.term.cols, this.term.rows);
    // xterm reflows the lines for the new width, and may leave the view above the prompt,
    // where it then stays (it only follows output while the view is at the bottom).
    if (following) this.term.scrollToBottom();
    if (this.term.cols !== before) for (const listener of this.resizeListeners) listener();
  }

  /**
   * xterm's font size (px): 14px at the browser's default 16px text size, scaled with the
   * reader's own text size; one step smaller where the terminal is narrower than about 45em,
   * so that it keeps the 80 columns of a Windows console longer; then the student's own step.
   */
  private fontSize(): number {
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const narrow = this.host.clientWidth > 0 && this.host.clientWidth < 45 * rem;
    return Math.max(6, Math.round(((narrow ? 13 : 14) * rem) / 16) + this.fontStep);
  }

  private handleKeys(term: Terminal): void {
    const keys = this.keys;
    // Keyboard users leave the terminal with Shift+Tab, or Escape then Tab.
    let escaped = false;
    term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown') return true;
      if (e.key === 'Enter' && e.altKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        keys.toggleFull();
        return false;
      }
      // Ctrl+Backspace deletes the word before the cursor (Ctrl-W would close the browser tab).
      if (e.key === 'Backspace' && e.ctrlKey && !e.altKey) {
        e.preventDefault();
        term.input('\x17');
        return false;
      }
      if (e.key === 'Tab' && (e.shiftKey || escaped)) {
        escaped = false;
        return false;
      }
      escaped = e.key === 'Escape';
      if (escaped) keys.escape();
      return true;
    });
  }
}

/** `text` in parts of `lines` lines each (the last may have fewer). */
function parts(text: string, lines: number): string[] {
  const out: string[] = [];
  let start = 0;
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    if (++count === lines) {
      out.push(text.slice(start, at + 1));
      start = at + 1;
      count = 0;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}
