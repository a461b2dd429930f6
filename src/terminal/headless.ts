/**
 * Drive a lab without a screen: input bytes go through the same line
 * discipline the browser uses (so key sequences such as Up work), and the
 * result is a plain transcript plus the objectives' state.
 */
import type { LabDefinition } from '../lab/schema.ts';
import { LabSession } from '../lab/session.ts';
import { LineDiscipline } from './line-discipline.ts';
import { sessionHandler } from './session-handler.ts';
import type { TerminalLike } from './types.ts';

export interface HeadlessResult {
  readonly lab: string;
  readonly steps: { input: string; output: string }[];
  readonly objectives: { id: string; title: string; done: boolean }[];
  readonly score: { done: number; total: number };
  /** What the terminal showed, as plain text: banner, prompts, echoed input, output, final prompt. */
  readonly transcript: string;
  readonly session: LabSession;
}

/** A terminal that shows nothing (the transcript is built from the steps). */
const nullTerminal: TerminalLike = { write: () => {}, cols: 1 << 20 };

/** Normalise piped text to what a terminal sends: Enter is '\r'. */
export function pipedToKeys(input: string): string {
  return input.replace(/\r\n|\n/g, '\r');
}

export function runHeadless(lab: LabDefinition, input: string, terminal: TerminalLike = nullTerminal): HeadlessResult {
  const session = new LabSession(lab);
  const steps: { input: string; output: string }[] = [];
  let transcript = session.initialOutput;
  const inner = sessionHandler(session, (step) => {
    steps.push({ input: step.input, output: step.output });
    transcript += `${step.prompt}${step.input}\n${step.output}`;
  });
  const handler = {
    ...inner,
    switchPane: () => {
      const out = inner.switchPane?.() ?? '';
      transcript += `${out}`;
      return out;
    },
    interrupt: () => {
      const prompt = session.prompt();
      const out = inner.interrupt();
      transcript += `${prompt}${ld.line}^C\n${out}`;
      return out;
    },
  };
  const ld = new LineDiscipline(terminal, handler);
  ld.start(session.initialOutput);
  ld.input(pipedToKeys(input));
  // Input that ends without a line end still runs, as if Enter were pressed at EOF.
  if (ld.line !== '') ld.input('\r');
  transcript += session.prompt() + '\n';
  const objectives = session.objectives().map((o) => ({ id: o.id, title: o.title, done: o.done }));
  return { lab: lab.id, steps, objectives, score: session.grader.score(), transcript, session };
}

/** Show a solution entry readably: control characters in caret notation (ESC [ A → ^[[A). */
export function visibleKeys(entry: string): string {
  return entry.replace(/[\x00-\x1f\x7f]/g, (c) => (c === '\x7f' ? '^?' : '^' + String.fromCharCode(c.charCodeAt(0) + 64)));
}
