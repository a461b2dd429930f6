/** Adapt a LabSession to the line discipline's LineHandler. */
import type { LabSession, Step } from '../lab/session.ts';
import type { LineHandler } from './types.ts';

export function sessionHandler(session: LabSession, onStep?: (step: Step) => void): LineHandler {
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
      const to = session.pane === 'console' ? 'host' : 'console';
      session.focus(to);
      return `lab: now in the ${to === 'host' ? "host computer's kernel debugger" : "lab machine's console"} (Ctrl-] switches back)\n`;
    },
  };
}
