/** Adapt a LabSession to the line discipline's LineHandler. */
import type { LabSession, Pane, Step } from '../lab/session.ts';
import type { LineHandler } from './types.ts';

export function sessionHandler(session: LabSession, onStep?: (step: Step) => void): LineHandler {
  // How much of each pane's screen the student had seen when they left it (for Ctrl-] in one terminal).
  const seen = { console: session.screen.length, host: session.hostScreen.length };
  const screenOf = (pane: 'console' | 'host') => (pane === 'host' ? session.hostScreen : session.screen);
  return {
    prompt: () => session.prompt(),
    submit: (line, recalled) => {
      const step = session.submit(line, recalled);
      onStep?.(step);
      return step;
    },
    complete: (line, cursor) => session.complete(line, cursor),
    interrupt: () => session.interrupt(),
    clearScreen: () => {
      session.clearScreen();
    },
    history: () => session.history(),
    switchPane: () => {
      if (!session.host) return '';
      const from = session.pane;
      const to = from === 'console' ? 'host' : 'console';
      seen[from] = screenOf(from).length;
      session.focus(to);
      const screen = screenOf(to);
      const unseen = screen.slice(Math.min(seen[to], screen.length));
      seen[to] = screen.length;
      const title = to === 'host' ? "the host computer's kernel debugger" : "the lab machine's console";
      return `lab: now in ${title} (Ctrl-] switches back)\n${unseen}`;
    },
  };
}

/**
 * A LineHandler for one pane of a two-terminal lab: the terminal shows and takes input for
 * `pane` only. Input here makes it the session's focused pane first (logged, so a replay sends
 * the line to the same pane); output the step sent to the other pane goes to `other`.
 */
export function paneHandler(session: LabSession, pane: Pane, events: { step?(step: Step): void; other?(pane: Pane, text: string): void }): LineHandler {
  const here = () => {
    if (session.pane !== pane) session.focus(pane);
  };
  return {
    prompt: () => session.promptOf(pane),
    submit: (line, recalled) => {
      here();
      const step = session.submit(line, recalled);
      events.step?.(step);
      if (step.other && step.other.text !== '') events.other?.(step.other.pane, step.other.text);
      return step;
    },
    complete: (line, cursor) => {
      here();
      return session.complete(line, cursor);
    },
    interrupt: () => {
      here();
      const output = session.interrupt();
      // Ctrl-C at the console may stop the machine in the other pane's debugger (a breakpoint on the way).
      const other = session.takeInterruptOther();
      if (other) events.other?.(other.pane, other.text);
      return output;
    },
    clearScreen: () => {
      here();
      session.clearScreen();
    },
    history: () => session.history(pane),
  };
}
