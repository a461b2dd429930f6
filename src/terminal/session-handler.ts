/** Adapt a LabSession to the line discipline's LineHandler. */
import type { LabSession, Step } from '../lab/session.ts';
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
