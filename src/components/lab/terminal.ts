/**
 * One terminal pane of the workbench: xterm.js in a `[data-lab-terminal]` host, fitted to it,
 * themed, with the page's text size (and the student's own step up or down), and the keys the
 * page handles itself. Everything that touches xterm lives here, so a second pane is a second
 * instance.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type IDisposable } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { FULL_RESET } from '../../terminal/line-discipline.ts';
import { terminalTheme, watchTheme } from './theme.ts';

export interface PaneKeys {
  /** Alt+Enter: the full window on or off. */
  toggleFull(): void;
  /** Escape is about to reach the line (so the line still holds what was typed). */
  escape(): void;
}

/** The smallest and largest steps of the student's text size, in px from the page's default. */
export const FONT_STEPS = { min: -6, max: 6 } as const;

export class TerminalPane {
  readonly host: HTMLElement;
  readonly term: Terminal;
  private readonly fit = new FitAddon();
  private readonly resizeListeners: (() => void)[] = [];
  private readonly disposers: (() => void)[] = [];
  private fontStep: number;

  constructor(host: HTMLElement, themeRoot: HTMLElement, keys: PaneKeys, fontStep = 0) {
    this.host = host;
    this.fontStep = fontStep;
    this.term = new Terminal({
      screenReaderMode: true,
      // A blinking cursor is motion: not for those who asked the system for less.
      cursorBlink: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
      fontFamily: getComputedStyle(host).getPropertyValue('--lab-term-font').trim() || 'monospace',
      fontSize: this.fontSize(),
      // At 1.0 the underscores of DejaVu Sans Mono and Consolas fall below the cell and are
      // clipped, and FOLLOWUP_IP reads as "FOLLOWUP IP".
      lineHeight: 1.2,
      scrollback: 2000,
      theme: terminalTheme(themeRoot),
      allowProposedApi: false,
    });
    this.term.loadAddon(this.fit);
    this.term.open(host);
    this.fit.fit();
    this.disposers.push(
      watchTheme(() => {
        this.term.options.theme = terminalTheme(themeRoot);
      }),
    );
    const observer = new ResizeObserver(() => this.refit());
    observer.observe(host);
    this.disposers.push(() => observer.disconnect());
    this.handleKeys(keys);
  }

  get cols(): number {
    return this.term.cols;
  }

  /** Called after the terminal changed its number of columns. */
  onResize(listener: () => void): void {
    this.resizeListeners.push(listener);
  }

  onData(listener: (data: string) => void): IDisposable {
    return this.term.onData(listener);
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
   * Start the screen over (a reset lab, a restored record, the engine taking over the first
   * screen). Through the write queue, unlike xterm's reset(): writes still queued (keys echoed
   * a moment ago) would otherwise land on the fresh screen and push what comes next aside.
   */
  restart(): void {
    this.term.write(FULL_RESET);
  }

  dispose(): void {
    for (const dispose of this.disposers) dispose();
    this.term.dispose();
  }

  /** Fit the terminal to its host; one that followed its output keeps following it. */
  private refit(): void {
    const buffer = this.term.buffer.active;
    const following = buffer.viewportY >= buffer.baseY;
    const before = this.term.cols;
    const size = this.fontSize();
    if (this.term.options.fontSize !== size) this.term.options.fontSize = size;
    this.fit.fit();
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

  private handleKeys(keys: PaneKeys): void {
    // Keyboard users leave the terminal with Shift+Tab, or Escape then Tab.
    let escaped = false;
    this.term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown') return true;
      if (e.key === 'Enter' && e.altKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        keys.toggleFull();
        return false;
      }
      // Ctrl+Backspace deletes the word before the cursor (Ctrl-W would close the browser tab).
      if (e.key === 'Backspace' && e.ctrlKey && !e.altKey) {
        e.preventDefault();
        this.term.input('\x17');
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
