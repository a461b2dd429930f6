/**
 * <ntlab-lab data-lab="id">: the lab terminal island. It rebuilds the lab's
 * session by replaying the stored input log, mounts xterm.js over the line
 * discipline, keeps the objectives panel live and persists every action.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type IDisposable } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { loadLab } from '../../../labs/registry.ts';
import type { LabDefinition } from '../../lab/schema.ts';
import { LabSession } from '../../lab/session.ts';
import { CONTROL_EVENT, type LabControl } from '../../stores/activity.ts';
import { recordLabScore } from '../../stores/progress.ts';
import { LineDiscipline } from '../../terminal/line-discipline.ts';
import { sessionHandler } from '../../terminal/session-handler.ts';
import { ActivityFeed } from './activity.ts';
import { announcement, type AnnounceState } from './announce.ts';
import { renderDebrief } from './debrief.ts';
import { hintLine, renderPanel } from './panel.ts';
import { LabPersistence } from './persistence.ts';
import { terminalTheme, watchTheme } from './theme.ts';

class LabElement extends HTMLElement {
  private lab!: LabDefinition;
  private session!: LabSession;
  private term!: Terminal;
  private fit!: FitAddon;
  private ld!: LineDiscipline;
  private feed!: ActivityFeed;
  private persist!: LabPersistence;
  private attempt = 0;
  private locked = false;
  /** The student pressed Finish: the debrief shows even with objectives left. */
  private finished = false;
  private input: IDisposable | undefined;
  /** What the panel showed last (null before the first render: nothing is announced then). */
  private shown: AnnounceState | null = null;

  async connectedCallback(): Promise<void> {
    const id = this.dataset.lab ?? '';
    const lab = await loadLab(id);
    if (!lab) {
      this.fail(`No lab '${id}' in this build.`);
      return;
    }
    this.lab = lab;
    this.persist = new LabPersistence(lab, this);
    const { session, attempt } = await this.persist.open();
    this.session = session;
    this.attempt = attempt;
    this.persist.watch((next, nextAttempt) => this.adopt(next, nextAttempt));
    this.mountTerminal();
    this.feed = new ActivityFeed(id, this.attempt, this.session);
    this.wirePanel();
    this.attach();
    this.feed.open(this.session);
    window.addEventListener(CONTROL_EVENT, this.onControl);
    this.dataset.ready = 'true';
  }

  disconnectedCallback(): void {
    window.removeEventListener(CONTROL_EVENT, this.onControl);
    this.persist?.close();
    this.term?.dispose();
  }

  private mountTerminal(): void {
    const host = this.querySelector<HTMLElement>('[data-lab-terminal]');
    if (!host) throw new Error('lab markup has no terminal container');
    this.term = new Terminal({
      screenReaderMode: true,
      // A blinking cursor is motion: not for those who asked the system for less.
      cursorBlink: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
      fontFamily: getComputedStyle(host).getPropertyValue('--lab-term-font').trim() || 'monospace',
      fontSize: fontSizeFor(host),
      // At 1.0 the underscores of DejaVu Sans Mono and Consolas fall below the cell and are
      // clipped, and FOLLOWUP_IP reads as "FOLLOWUP IP".
      lineHeight: 1.2,
      scrollback: 2000,
      theme: terminalTheme(this),
      allowProposedApi: false,
    });
    this.fit = new FitAddon();
    this.term.loadAddon(this.fit);
    this.term.open(host);
    this.fit.fit();
    watchTheme(() => {
      this.term.options.theme = terminalTheme(this);
    });
    new ResizeObserver(() => {
      const before = this.term.cols;
      const size = fontSizeFor(host);
      if (this.term.options.fontSize !== size) this.term.options.fontSize = size;
      this.fit.fit();
      this.dataset.cols = String(this.term.cols);
      if (this.term.cols !== before) this.ld?.resized();
    }).observe(host);
    this.dataset.cols = String(this.term.cols);
    // Keyboard users leave the terminal with Shift+Tab, or Escape then Tab.
    let escaped = false;
    this.term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown') return true;
      if (e.key === 'Tab' && (e.shiftKey || escaped)) {
        escaped = false;
        return false;
      }
      escaped = e.key === 'Escape';
      return true;
    });
    this.term.textarea?.setAttribute('aria-describedby', `${this.lab.id}-term-help`);
  }

  /** Bind the line discipline and the session to the terminal. */
  private attach(): void {
    // A typed line's activity goes out once its step (input and output) is known.
    const handler = sessionHandler(this.session, (step) => this.feed.changed(this.session, step));
    this.ld = new LineDiscipline(this.term, handler);
    this.ld.start(this.session.screen);
    if (this.locked) this.ld.disable();
    this.input?.dispose();
    this.input = this.term.onData((data) => this.ld.input(data));
    this.session.subscribe(() => this.changed());
    this.render();
  }

  private changed(): void {
    this.persist.save(this.session, this.attempt);
    // Subscribers hear of a line before submit() returns its step: the step callback reports lines.
    if (this.session.log.at(-1)?.kind !== 'line') this.feed.changed(this.session);
    this.render();
  }

  private render(): void {
    const { lastFeedback, ...state } = renderPanel(this, this.lab, this.session);
    if (this.shown) {
      // Feedback and hints asked for in the terminal are already on the terminal's screen.
      const last = this.session.log.at(-1)?.kind;
      const objective = (id: string) => this.lab.objectives.find((o) => o.id === id);
      this.announce(
        announcement(this.shown, state, {
          titleOf: (id) => objective(id)?.title ?? id,
          lastFeedback: last === 'answer' ? lastFeedback : '',
          hintText: (id, level) => {
            const text = last === 'hint' ? objective(id)?.hints[level - 1] : undefined;
            return text ? hintLine(level, text) : '';
          },
        }),
      );
    }
    this.shown = state;
    const { done, total } = this.session.grader.score();
    recordLabScore(this.lab.id, done, total);
    renderDebrief(this, this.lab, this.session, this.finished);
  }

  /** Say `text` through the lab's polite live region ('' says nothing). */
  private announce(text: string): void {
    const region = this.querySelector<HTMLElement>('[data-lab-announce]');
    if (!region || !text) return;
    // The same words twice (two wrong answers alike) must still change the region to be read.
    region.textContent = region.textContent === text ? `${text}\u00a0` : text;
  }

  private wirePanel(): void {
    this.querySelectorAll<HTMLButtonElement>('[data-hint]').forEach((button) => {
      button.addEventListener('click', () => {
        this.session.hint(button.dataset.hint);
        // The last rung disables the button: keep the keyboard user's place on the hints.
        if (button.disabled) focusQuietly(button.parentElement?.querySelector('[data-hints] li:last-child'));
      });
    });
    this.querySelectorAll<HTMLFormElement>('form[data-question]').forEach((form) => {
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const data = new FormData(form);
        const answer = String(data.get('answer') ?? '').trim();
        if (!answer) return;
        this.session.answer(form.dataset.question ?? '', answer);
        // A right answer disables the form: keep the keyboard user's place on the feedback.
        if (form.querySelector('button:disabled')) focusQuietly(form.querySelector('[data-feedback]'));
      });
    });
    this.querySelector('[data-reset]')?.addEventListener('click', () => {
      if (window.confirm('Reset this lab? Your commands and answers in it are cleared and the machine starts over.')) this.reset();
    });
    this.querySelector('[data-finish]')?.addEventListener('click', () => {
      this.finished = true;
      this.render();
      focusQuietly(this.querySelector('[data-debrief]'));
    });
    const toggle = this.querySelector<HTMLButtonElement>('[data-solution-toggle]');
    const solution = this.querySelector<HTMLElement>('[data-solution]');
    toggle?.addEventListener('click', () => {
      if (!solution) return;
      solution.hidden = !solution.hidden;
      // Opening the solution is recorded, as a hint is: the student's progress and the classroom see it.
      if (!solution.hidden) this.session.viewSolution();
      toggle.setAttribute('aria-expanded', String(!solution.hidden));
      toggle.textContent = solution.hidden ? 'Show solution' : 'Hide solution';
    });
  }

  private reset(): void {
    this.attempt += 1;
    this.finished = false;
    this.session = new LabSession(this.lab);
    this.term.reset();
    this.feed.reset(this.attempt, this.session);
    this.attach();
    this.persist.reset(this.attempt);
    this.announce('Lab reset: the machine starts over.');
    // Bring the fresh terminal into view (xterm does not draw while off-screen) and into focus.
    this.querySelector('[data-lab-terminal]')?.scrollIntoView({ block: 'nearest' });
    this.term.focus();
  }

  /** Show another session of this lab (another tab's work, a restored record) in place of this one. */
  private adopt(session: LabSession, attempt: number): void {
    this.attempt = attempt;
    this.session = session;
    this.term.reset();
    this.feed = new ActivityFeed(this.lab.id, attempt, session);
    this.attach();
  }

  private readonly onControl = (e: Event) => {
    const control = (e as CustomEvent<LabControl>).detail;
    if (!control || control.lab !== this.lab.id) return;
    if (control.kind === 'reset') this.reset();
    if (control.kind === 'lock') this.setLocked(control.locked, control.message);
  };

  private setLocked(locked: boolean, message?: string): void {
    this.locked = locked;
    if (locked) this.ld.disable();
    else this.ld.enable();
    const note = this.querySelector<HTMLElement>('[data-lab-locked]');
    if (note) {
      note.hidden = !locked;
      note.textContent = locked ? (message || 'Your instructor has paused this lab.') : '';
    }
    this.toggleAttribute('data-locked', locked);
  }

  private fail(message: string): void {
    const host = this.querySelector<HTMLElement>('[data-lab-terminal]');
    if (host) host.textContent = message;
  }
}

/**
 * xterm's font size (px) for a terminal this wide: 14px at the browser's default 16px text
 * size, scaled with the reader's own text size; one step smaller where the terminal is
 * narrower than about 45em, so that it keeps the 80 columns of a Windows console longer.
 */
function fontSizeFor(host: HTMLElement): number {
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const narrow = host.clientWidth > 0 && host.clientWidth < 45 * rem;
  return Math.round(((narrow ? 13 : 14) * rem) / 16);
}

/** Focus an element that is not normally focusable (for keeping the keyboard user's place). */
function focusQuietly(el: Element | null | undefined): void {
  if (!(el instanceof HTMLElement)) return;
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus();
}

if (!customElements.get('ntlab-lab')) customElements.define('ntlab-lab', LabElement);
