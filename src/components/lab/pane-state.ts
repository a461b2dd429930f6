/**
 * What the two terminals of a host-debugger lab say about the machine (a lab aid beside each
 * terminal, and the live announcement when it stops or runs again), which terminal takes the
 * keys, and which hidden tab has output the student has not seen.
 */
import type { LabSession, Pane } from '../../lab/session.ts';
import type { Workbench } from './workbench.ts';

export class PaneStatus {
  private readonly root: HTMLElement;
  private readonly bench: Workbench;
  private wasStopped = false;
  /** Each pane's screen when the student last saw it (or when it was last marked). */
  private readonly screens = new Map<Pane, string>();
  private news = '';

  constructor(root: HTMLElement, bench: Workbench) {
    this.root = root;
    this.bench = bench;
  }

  /** A session was (re)attached: what it shows now counts as seen, and nothing is news. */
  start(session: LabSession): void {
    this.wasStopped = session.host?.stopped ?? false;
    this.news = '';
    for (const pane of ['console', 'host'] as const) this.screens.set(pane, session.screenOf(pane));
  }

  /** The student has seen `pane`'s terminal. */
  seen(session: LabSession, pane: Pane): void {
    this.screens.set(pane, session.screenOf(pane));
  }

  /** After a change: each pane's state line, the stopped mark, the active pane, hidden tabs with news. */
  sync(session: LabSession): void {
    const stopped = session.host?.stopped ?? false;
    for (const section of this.root.querySelectorAll<HTMLElement>('[data-pane]')) {
      const pane: Pane = section.dataset.pane === 'host' ? 'host' : 'console';
      const screen = session.screenOf(pane);
      if (screen !== this.screens.get(pane)) {
        this.screens.set(pane, screen);
        if (this.bench.tabbed) this.bench.markUnseen(pane);
      }
      const state = section.querySelector('[data-pane-state]');
      const text = paneStateText(pane, stopped);
      if (state && state.textContent !== text) state.textContent = text;
      section.toggleAttribute('data-active', pane === session.pane);
    }
    this.root.toggleAttribute('data-stopped', stopped);
    this.news = `${this.news} ${runNews(session, this.wasStopped)}`.trim();
    this.wasStopped = stopped;
  }

  /** What to announce about the machine since the last call ('' when nothing). */
  takeNews(): string {
    const news = this.news;
    this.news = '';
    return news;
  }
}

/** The line beside a pane's title: what the pane takes now. */
export function paneStateText(pane: Pane, stopped: boolean): string {
  if (pane === 'console') return stopped ? 'stopped in the debugger: does not respond until g' : 'running';
  return stopped ? 'target stopped: kd> takes commands, g lets it run' : 'target running: Ctrl+C breaks in';
}

/** What to announce when the machine stopped or runs again ('' when nothing changed). */
export function runNews(session: LabSession, wasStopped: boolean): string {
  const stopped = session.host?.stopped ?? false;
  if (stopped === wasStopped) return '';
  if (!stopped) return 'The lab machine runs again.';
  const stop = session.machine.events.of('kd.stop').at(-1);
  const why =
    stop?.type === 'kd.stop'
      ? stop.kind === 'breakpoint'
        ? `Breakpoint ${stop.breakpoint} hit in ${stop.routine}.`
        : stop.kind === 'bugcheck'
          ? 'A bug check.'
          : 'Broken in.'
      : '';
  return `The lab machine stopped in the host debugger. ${why} Its console does not respond until g.`.replace(/\s+/g, ' ');
}
