/**
 * Render debugger commands as a transcript (prompt, command, output), the way
 * a lesson shows a figure. Lessons call this at build time on the same target
 * their lab uses, so a lesson's figures and its lab cannot disagree.
 */
import type { ProgramHost } from '../base/program.ts';
import { Debugger } from './debugger.ts';
import type { Target } from './target.ts';

/** A host that only collects output: no events, no lab aids, no other programs. */
export function quietHost(write: (text: string) => void): ProgramHost {
  return {
    write,
    clear: () => undefined,
    emit: () => undefined,
    spawn: () => undefined,
    exit: () => undefined,
    lab: { status: () => '', hint: () => '', answer: () => '', questions: () => '' },
    history: () => [],
  };
}

/** Run `commands` in order on a fresh debugger over `target`; returns the transcript text. */
export function transcript(target: Target, commands: readonly string[]): string {
  const dbg = new Debugger(target);
  let text = '';
  const host = quietHost((t) => {
    text += t;
  });
  for (const command of commands) {
    text += `${dbg.prompt()}${command}\n`;
    dbg.run(command, host);
  }
  return text;
}
