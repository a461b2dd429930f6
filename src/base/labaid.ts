/** The lab aid's argument parser, shared by the console's `lab` and the debugger's `.lab`. */
import type { LabAids } from './program.ts';
import { splitArgs } from './text.ts';

/** Usage text; `prefix` is 'lab' in the console and '.lab' in the debugger. */
export function labAidUsage(prefix: string): string {
  const p = prefix.padEnd(4);
  return `Lab aid (not part of Windows or WinDbg): objectives, hints and answers for this lab.

${p} [status]                 Lists the objectives and which are met.
${p} hint [objective]         Shows the next hint (a nudge, then a pointer, then the answer).
${p} questions                Lists the questions and their choices.
${p} answer objective answer  Answers a question objective.
`;
}

/** Run a lab-aid line (the text after `lab`/`.lab`); returns the text to print, or null for bad usage. */
export function runLabAid(rest: string, aids: LabAids): string | null {
  const args = splitArgs(rest);
  const verb = (args[0] ?? 'status').toLowerCase();
  switch (verb) {
    case 'status':
      return args.length === 1 || args.length === 0 ? aids.status() : null;
    case 'hint':
      return args.length <= 2 ? aids.hint(args[1]) : null;
    case 'questions':
    case 'question':
      return aids.questions();
    case 'answer': {
      if (args.length < 3) return null;
      const answer = rest.trim().replace(/^\S+\s+\S+\s+/, '');
      return aids.answer(args[1], answer);
    }
    default:
      return null;
  }
}
