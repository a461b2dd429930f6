/** `lab`: the lab aid (not a Windows command): objectives, hints, answers. */
import { labAidUsage, runLabAid } from '../../base/labaid.ts';
import { ERROR_INVALID_PARAMETER, ERROR_SUCCESS, type ConsoleCommand } from '../command.ts';

export const lab: ConsoleCommand = {
  name: 'lab',
  summary: 'Lab aid: objectives, hints and answers (not a Windows command).',
  help: labAidUsage('lab'),
  run(_args, ctx) {
    const text = runLabAid(ctx.rest, ctx.host.lab);
    if (text === null) {
      ctx.host.write(labAidUsage('lab'));
      return ERROR_INVALID_PARAMETER;
    }
    ctx.host.write(text);
    return ERROR_SUCCESS;
  },
};
