/** `lab`: the lab aid (not a Windows command): objectives, hints, answers. */
import type { LabAids } from '../../base/program.ts';
import { splitArgs } from '../../base/text.ts';
import { ERROR_INVALID_PARAMETER, ERROR_SUCCESS, type ConsoleCommand } from '../command.ts';

export const LAB_HELP = `Lab aid (not part of Windows): objectives, hints and answers for this lab.

LAB [STATUS]                      Lists the objectives and which are met.
LAB HINT [objective]              Shows the next hint (nudge, pointer, answer).
LAB QUESTIONS                     Lists the questions and their choices.
LAB ANSWER objective answer       Answers a question objective.
`;

/** Shared by the console's `lab` and the debugger's `.lab`: returns the text to print, or null for bad usage. */
export function runLabAid(rest: string, aids: LabAids): string | null {
  const args = splitArgs(rest);
  const verb = (args[0] ?? 'status').toLowerCase();
  switch (verb) {
    case 'status':
      return aids.status();
    case 'hint':
      return aids.hint(args[1]);
    case 'questions':
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

export const lab: ConsoleCommand = {
  name: 'lab',
  summary: 'Lab aid: objectives, hints and answers (not a Windows command).',
  help: LAB_HELP,
  run(_args, ctx) {
    const text = runLabAid(ctx.rest, ctx.host.lab);
    if (text === null) {
      ctx.host.write(LAB_HELP);
      return ERROR_INVALID_PARAMETER;
    }
    ctx.host.write(text);
    return ERROR_SUCCESS;
  },
};
