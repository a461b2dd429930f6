/**
 * <ntlab-lab data-lab="id">: the lab workbench island. It mounts the terminal at once and, for
 * a lab not started yet, paints the screen a fresh lab starts with (rendered at build time) and
 * takes keys; the engine (a chunk of its own) comes when the student first reaches for the lab,
 * or at once when there is work to restore. Then it rebuilds the lab's session, runs the keys
 * typed meanwhile, keeps the objectives live and saves every action.
 * Attributes: data-prompt="ready" once keys are taken, data-ready="true" once the engine is in.
 */
import { labLoaders } from '../../../labs/index.ts';
import type { LabDefinition } from '../../lab/schema.ts';
import type { LabSession, Pane, Step } from '../../lab/session.ts';
import { CONTROL_EVENT, type LabControl } from '../../stores/activity.ts';
import { unpackAhead } from '../../stores/lab-storage.ts';
import { recordLabScore } from '../../stores/progress.ts';
import { LineDiscipline } from '../../terminal/line-discipline.ts';
import type { LineHandler } from '../../terminal/types.ts';
import { ActivityFeed } from './activity.ts';
import { announcement, type AnnounceState } from './announce.ts';
import { renderDebrief } from './debrief.ts';
import { hintLine, renderPanel } from './panel.ts';
import { PaneStatus } from './pane-state.ts';
import { TerminalPane } from './terminal.ts';
import { Workbench } from './workbench.ts';

type Engine = typeof import('./engine.ts');

/** Keys that need the engine (run, complete, recall, interrupt, clear, switch pane): held until it is in. */
const NEEDS_ENGINE = /[\r\n\t\x03\x0c\x0e\x10\x1d]|\x1b\[[AB]/;

class LabElement extends HTMLElement {
  private engine!: Engine;
  private lab!: LabDefinition;
  private session!: LabSession;
  private panes: TerminalPane[] = [];
  /** The session pane each terminal shows, in the order of `panes`. */
  private paneIds: Pane[] = [];
  /** Each terminal's line discipline, in the order of `panes`. */
  private lds: LineDiscipline[] = [];
  private bench!: Workbench;
  private feed!: ActivityFeed;
  private attempt = 0;
  private locked = false;
  /** The student pressed Finish: the debrief shows even with objectives left. */
  private finished = false;
  private unsubscribe: (() => void) | undefined;
  private inputSubs: { dispose(): void }[] = [];
  /** Two-terminal labs: the state lines, the active pane, the tabs' marks, the stop and resume news. */
  private status!: PaneStatus;
  private persist: import('./persistence.ts').LabPersistence | undefined;
  /** What the panel showed last (null before the first render: nothing is announced then). */
  private shown: AnnounceState | null = null;
  private metTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pending: (() => void)[] = [];

  async connectedCallback(): Promise<void> {
    const id = this.dataset.lab ?? '';
    this.bench = new Workbench(this, {
      fontStep: (step) => {
        for (const pane of this.panes) pane.setFontStep(step);
      },
      // Into the full window, straight to the prompt; out of it, focus stays where it was.
      fullChanged: (full) => {
        if (full) this.focusPane(this.dataset.ready === 'true' ? this.session.pane : 'console');
      },
      paneChosen: (pane, pointer) => {
        const index = this.paneIds.indexOf(pane === 'host' ? 'host' : 'console');
        if (index >= 0) this.seen(index);
        if (pointer && index >= 0) this.panes[index].focus();
      },
    });
    this.status = new PaneStatus(this, this.bench);
    this.mountPanes();
    this.wirePanel();
    const early = this.preview();
    // On a first visit the prompt is already painted and takes keys: the engine comes when the
    // student first reaches for the lab (a page read to the end fetches only the terminal). A
    // classroom page loads it at once: the instructor's controls need the lab open.
    if (early && !classroomPage()) await firstUse(this);
    // Stored work: its checkpoint unpacks while the engine comes.
    const ahead = early ? null : unpackAhead(id);
    const engineLoad = import('./engine.ts');
    // The lab's own chunk too, at the same time (the engine would only ask for it once in).
    if (Object.hasOwn(labLoaders, id)) labLoaders[id]().catch(() => undefined);
    let result: Awaited<ReturnType<Engine['openLab']>>;
    try {
      this.engine = await engineLoad;
      result = await this.engine.openLab(id, this, ahead);
    } catch (err) {
      this.fail('The lab could not be loaded. Reload the page to try again.');
      console.error(err);
      return;
    }
    if (!result) {
      this.fail(`No lab '${id}' in this build.`);
      return;
    }
    this.lab = result.lab;
    this.session = result.session;
    this.attempt = result.attempt;
    this.persist = result.persist;
    this.persist.watch((next, nextAttempt) => this.adopt(next, nextAttempt));
    this.feed = new ActivityFeed(id, this.attempt, this.session);
    early?.dispose();
    this.attach(early?.typed() ?? []);
    this.feed.open(this.session);
    window.addEventListener(CONTROL_EVENT, this.onControl);
    await Promise.all(this.panes.map((pane) => pane.drawn()));
    // For the benches: from the start of rebuilding the stored work to its screen and prompt in the
    // terminal, then to the scrollback behind them.
    const restore = performance.getEntriesByName('ntlab:lab-restore').at(-1);
    if (restore) performance.measure('ntlab:lab-shown', { start: restore.startTime, detail: { lab: id } });
    this.promptReady();
    void Promise.all(this.panes.map((pane) => pane.settled())).then(() => {
      if (restore) performance.measure('ntlab:lab-scrollback', { start: restore.startTime, detail: { lab: id } });
    });
    this.dataset.ready = 'true';
    for (const action of this.pending.splice(0)) action();
  }

  /** Run `action` now if the engine is in, else as soon as it is (a hint asked for meanwhile). */
  private whenReady(action: () => void): void {
    if (this.dataset.ready === 'true') action();
    else this.pending.push(action);
  }

  disconnectedCallback(): void {
    window.removeEventListener(CONTROL_EVENT, this.onControl);
    this.persist?.close();
    for (const pane of this.panes) pane.dispose();
  }

  /** The machine's console terminal (the first). */
  private get console(): TerminalPane | undefined {
    return this.panes[0];
  }

  /** Two terminals, each for its own pane of a lab with a host debugger (else one terminal, Ctrl-] switching in it). */
  private get twoPanes(): boolean {
    const session = this.session as LabSession | undefined;
    return this.panes.length > 1 && (!session || session.host !== null);
  }

  private mountPanes(): void {
    const help = `${this.dataset.lab}-term-help`;
    const hosts = this.querySelectorAll<HTMLElement>('[data-lab-terminal]');
    for (const host of hosts) {
      const index = this.panes.length;
      const section = host.closest<HTMLElement>('[data-pane]');
      const keys = {
        toggleFull: () => this.bench.toggleFull(),
        escape: () => {
          // Escape on an empty line gives the page back; on a line it erases the line (cmd.exe).
          if (this.bench.full && (this.lds[index]?.line ?? '') === '') this.bench.setFull(false);
        },
      };
      // Two terminals: each says which it is, and the one the student is in takes the session's input.
      const label = hosts.length > 1 ? (section?.dataset.title ?? 'Terminal') : undefined;
      const pane = new TerminalPane(host, this, keys, this.bench.fontStep, { describedBy: help, label });
      this.panes.push(pane);
      this.paneIds.push(section?.dataset.pane === 'host' ? 'host' : 'console');
      if (hosts.length > 1) host.addEventListener('focusin', () => this.paneFocused(index));
      pane.onResize(() => {
        if (index === 0) this.dataset.cols = String(pane.cols);
        this.lds[index]?.resized();
      });
    }
    if (this.console) this.dataset.cols = String(this.console.cols);
  }

  /** A terminal took the focus: its pane is where the session's input goes (logged, so a reload comes back to it). */
  private paneFocused(index: number): void {
    const id = this.paneIds[index];
    this.bench.selectPane(id);
    this.seen(index);
    if (this.dataset.ready === 'true' && this.session.host && this.session.pane !== id) this.session.focus(id);
  }

  /** Move the keys to `pane`'s terminal (showing its tab on a narrow screen). */
  private focusPane(pane: Pane): void {
    const index = this.twoPanes ? Math.max(0, this.paneIds.indexOf(pane)) : 0;
    this.bench.selectPane(this.paneIds[index] ?? 'console');
    this.panes[index]?.focus();
  }

  /** Ctrl-] in terminal `index` of a two-terminal lab: on to the other terminal. Returns its index. */
  private switchFrom(index: number): number {
    const next = (index + 1) % this.panes.length;
    const id = this.paneIds[next];
    if (this.session.pane !== id) this.session.focus(id);
    this.focusPane(id);
    return next;
  }

  /** Keys typed in terminal `index`; Ctrl-] moves on to the other terminal. Returns the terminal the keys ended in. */
  private input(index: number, data: string): number {
    if (!this.twoPanes) {
      this.lds[index]?.input(data);
      return index;
    }
    let at = index;
    data.split('\x1d').forEach((part, i) => {
      if (i > 0) at = this.switchFrom(at);
      // A machine stopped in the debugger does not answer at its console: keys typed there are lost.
      if (part && !(this.paneIds[at] === 'console' && this.session.host?.stopped)) this.lds[at]?.input(part);
    });
    return at;
  }

  /**
   * A lab never started on this browser: paint its first screen and prompt now and take keys;
   * line editing works at once, and keys that need the engine wait for it. Returns null when
   * there is stored work to restore (its screen comes from the engine).
   */
  private preview(): { typed(): Typed[]; dispose(): void } | null {
    const data = this.querySelector('[data-lab-first]')?.textContent;
    if (!this.console || !data || storedText(`ntlab:lab:${this.dataset.lab}`) !== null) return null;
    const first = JSON.parse(data) as FirstScreen;
    const typed: Typed[] = [];
    let held = false;
    const inputs = this.panes.map((pane, index) => {
      const screen = index === 0 ? first : this.paneIds[index] === 'host' ? first.host : undefined;
      if (!screen) return { dispose: () => undefined };
      const handler: LineHandler = {
        prompt: () => screen.prompt,
        submit: () => ({ output: '', cleared: false }),
        complete: () => null,
        interrupt: () => '',
        clearScreen: () => undefined,
        history: () => [],
      };
      const ld = new LineDiscipline(pane, handler);
      ld.start(screen.screen);
      return pane.onData((chunk) => {
        typed.push({ index, chunk });
        held ||= NEEDS_ENGINE.test(chunk);
        if (!held) ld.input(chunk);
      });
    });
    this.promptReady();
    return {
      typed: () => typed,
      dispose: () => {
        for (const input of inputs) input.dispose();
      },
    };
  }

  /** The prompt is on screen and keys are taken (for the page bench and the tests). */
  private promptReady(): void {
    if (this.dataset.prompt) return;
    this.dataset.prompt = 'ready';
    performance.mark('ntlab:prompt');
  }

  /**
   * Bind a line discipline to each terminal, over the session (one terminal: the session's
   * focused pane, Ctrl-] switching in it; two: each terminal its own pane); then run `typed`.
   */
  private attach(typed: readonly Typed[] = []): void {
    if (!this.console) return;
    // A typed line's activity goes out once its step (input and output) is known.
    const step = (s: Step) => this.feed.changed(this.session, s);
    const two = this.twoPanes;
    for (const sub of this.inputSubs.splice(0)) sub.dispose();
    this.lds = [];
    this.panes.forEach((pane, index) => {
      const id = this.paneIds[index];
      const handler = two
        ? this.engine.paneHandlerFor(this.session, id, { step, other: (to, text) => this.lds[this.paneIds.indexOf(to)]?.print(text) })
        : index === 0
          ? this.engine.handlerFor(this.session, step)
          : null;
      if (!handler) return;
      const ld = new LineDiscipline(pane, handler);
      this.lds[index] = ld;
      // The session's screen (a restored one may be long: see TerminalPane.restart) replaces what the terminal shows.
      pane.restart(two ? this.session.screenOf(id) : this.session.screen);
      ld.start();
      if (this.locked) ld.disable();
      this.inputSubs.push(pane.onData((data) => this.input(index, data)));
    });
    this.unsubscribe?.();
    this.unsubscribe = this.session.subscribe(() => this.changed());
    this.status.start(this.session);
    // The terminal the student was in is the one shown (a narrow screen's tab) and marked.
    if (two) this.bench.selectPane(this.session.pane);
    this.syncPanes();
    this.render();
    // Keys typed before the engine came, in the terminal each was typed in (Ctrl-] moves on).
    const inside = this.panes.findIndex((pane) => pane.host.contains(document.activeElement));
    if (two && inside >= 0 && this.session.pane !== this.paneIds[inside]) this.session.focus(this.paneIds[inside]);
    let last = -1;
    let at = 0;
    for (const { index, chunk } of typed) {
      if (index !== last) at = last = index;
      at = this.input(at, chunk);
    }
  }

  private changed(): void {
    this.persist?.save(this.session, this.attempt);
    // Subscribers hear of a line before submit() returns its step: the step callback reports lines.
    if (this.session.log.at(-1)?.kind !== 'line') this.feed.changed(this.session);
    this.syncPanes();
    this.render();
  }

  /**
   * Two terminals: the one not typed in shows its new prompt when the machine stops or runs
   * again; each says whether the machine takes its input; a narrow screen's hidden tab is
   * marked when its terminal got output; a stop or a resume is announced.
   */
  private syncPanes(): void {
    if (!this.twoPanes || !this.session.host) return;
    this.paneIds.forEach((id, index) => {
      if (id !== this.session.pane) this.lds[index]?.refreshPrompt();
    });
    this.status.sync(this.session);
  }

  /** The student has seen terminal `index`'s output. */
  private seen(index: number): void {
    if (this.dataset.ready === 'true') this.status.seen(this.session, this.paneIds[index]);
  }

  private render(): void {
    const { lastFeedback, ...state } = renderPanel(this, this.lab, this.session);
    if (this.shown) {
      // Feedback and hints asked for in the terminal are already on the terminal's screen.
      const last = this.session.log.at(-1)?.kind;
      const objective = (id: string) => this.lab.objectives.find((o) => o.id === id);
      const news = this.status.takeNews();
      this.announce(
        `${announcement(this.shown, state, {
          titleOf: (id) => objective(id)?.title ?? id,
          lastFeedback: last === 'answer' ? lastFeedback : '',
          hintText: (id, level) => {
            const text = last === 'hint' ? objective(id)?.hints[level - 1] : undefined;
            return text ? hintLine(level, text) : '';
          },
        })} ${news}`.trim(),
      );
      this.showMet(state.met.filter((id) => !this.shown?.met.includes(id)));
    }
    this.shown = state;
    const { done, total } = this.session.grader.score();
    recordLabScore(this.lab.id, done, total);
    renderDebrief(this, this.lab, this.session, this.finished);
  }

  /** Objectives just met draw the eye for a moment; focus stays where it is. */
  private showMet(fresh: readonly string[]): void {
    if (fresh.length === 0) return;
    for (const id of fresh) {
      const item = this.querySelector<HTMLElement>(`[data-objective="${id}"]`);
      item?.classList.remove('just-met');
      void item?.offsetWidth;
      item?.classList.add('just-met');
    }
    this.toggleAttribute('data-just-met', true);
    clearTimeout(this.metTimer);
    this.metTimer = setTimeout(() => {
      this.removeAttribute('data-just-met');
      for (const el of this.querySelectorAll('.just-met')) el.classList.remove('just-met');
    }, 1500);
    // The current objective comes into the panel's view (the panel scrolls, not the page).
    const panel = this.querySelector<HTMLElement>('.lab-panel');
    const current = this.querySelector<HTMLElement>('.lab-objective.is-current');
    if (panel && current && panel.scrollHeight > panel.clientHeight) {
      panel.scrollTop = current.offsetTop - panel.offsetTop - panel.clientHeight / 3;
    }
  }

  /** Say `text` through the lab's polite live region ('' says nothing). */
  private announce(text: string): void {
    const region = this.querySelector<HTMLElement>('[data-lab-announce]');
    if (!region || !text) return;
    // The same words twice (two wrong answers alike) must still change the region to be read.
    region.textContent = region.textContent === text ? `${text}\u00a0` : text;
  }

  /** The panel's controls; those that need the engine wait for it (see whenReady). */
  private wirePanel(): void {
    this.querySelectorAll<HTMLButtonElement>('[data-hint]').forEach((button) => {
      button.addEventListener('click', () =>
        this.whenReady(() => {
          this.session.hint(button.dataset.hint);
          // The last rung disables the button: keep the keyboard user's place on the hints.
          if (button.disabled) focusQuietly(button.parentElement?.querySelector('[data-hints] li:last-child'));
        }),
      );
    });
    this.querySelectorAll<HTMLFormElement>('form[data-question]').forEach((form) => {
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const data = new FormData(form);
        const answer = String(data.get('answer') ?? '').trim();
        if (!answer) return;
        this.whenReady(() => {
          this.session.answer(form.dataset.question ?? '', answer);
          // A right answer disables the form: keep the keyboard user's place on the feedback.
          if (form.querySelector('button:disabled')) focusQuietly(form.querySelector('[data-feedback]'));
        });
      });
    });
    this.querySelector('[data-reset]')?.addEventListener('click', () => {
      if (window.confirm('Reset this lab? Your commands and answers in it are cleared and the machine starts over.')) this.whenReady(() => this.reset());
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
    this.session = this.engine.freshSession(this.lab);
    this.feed.reset(this.attempt, this.session);
    this.attach();
    this.persist?.reset(this.attempt);
    this.announce('Lab reset: the machine starts over.');
    // Bring the fresh terminal into view (xterm does not draw while off-screen) and into focus.
    this.console?.host.scrollIntoView({ block: 'nearest' });
    this.focusPane('console');
  }

  /** Show another session of this lab (another tab's work, a restored record) in place of this one. */
  private adopt(session: LabSession, attempt: number): void {
    this.attempt = attempt;
    this.session = session;
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
    for (const ld of this.lds) {
      if (locked) ld.disable();
      else ld.enable();
    }
    const note = this.querySelector<HTMLElement>('[data-lab-locked]');
    if (note) {
      note.hidden = !locked;
      note.textContent = locked ? message || 'Your instructor has paused this lab.' : '';
    }
    this.toggleAttribute('data-locked', locked);
  }

  private fail(message: string): void {
    const host = this.querySelector<HTMLElement>('[data-lab-terminal]');
    if (!host) return;
    for (const pane of this.panes.splice(0)) pane.dispose();
    host.textContent = message;
  }
}

/** The screens a fresh lab starts with, rendered at build time (the host debugger's too, in a two-terminal lab). */
interface FirstScreen {
  readonly screen: string;
  readonly prompt: string;
  readonly host?: { readonly screen: string; readonly prompt: string };
}

/** Keys typed before the engine came, and the terminal each was typed in. */
interface Typed {
  readonly index: number;
  readonly chunk: string;
}

/** Resolves when the student first points at, focuses or types in `el`. */
function firstUse(el: HTMLElement): Promise<void> {
  const kinds = ['pointerdown', 'focusin', 'keydown'] as const;
  return new Promise((resolve) => {
    const used = () => {
      for (const kind of kinds) el.removeEventListener(kind, used, true);
      resolve();
    };
    for (const kind of kinds) el.addEventListener(kind, used, true);
  });
}

/** A page served by the classroom server (it adds its client script to every page). */
function classroomPage(): boolean {
  return document.querySelector('script[src*="/_classroom/"]') !== null;
}

/** localStorage text under `key`, or null (also when storage is unavailable). */
function storedText(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Focus an element that is not normally focusable (for keeping the keyboard user's place). */
function focusQuietly(el: Element | null | undefined): void {
  if (!(el instanceof HTMLElement)) return;
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus();
}

if (!customElements.get('ntlab-lab')) customElements.define('ntlab-lab', LabElement);
