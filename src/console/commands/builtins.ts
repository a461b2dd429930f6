/** cmd.exe's general built-ins: help, cls, ver, echo, history, doskey /history, exit. */
import { padRight } from '../../base/text.ts';
import { ERROR_INVALID_FUNCTION, ERROR_SUCCESS, type ConsoleCommand } from '../command.ts';

export const help: ConsoleCommand = {
  name: 'help',
  summary: 'Provides Help information for the commands in this console.',
  help: 'Provides Help information for the commands in this console.\n\nHELP [command]\n\n    command - displays help information on that command.\n',
  run(args, ctx) {
    if (args.length === 0) {
      ctx.out('For more information on a specific command, type HELP command-name');
      const sorted = [...ctx.commands].sort((a, b) => a.name.localeCompare(b.name));
      for (const c of sorted) ctx.out(padRight(c.name.toUpperCase(), 15) + c.summary);
      return ERROR_SUCCESS;
    }
    const name = args[0].toLowerCase().replace(/\.exe$/, '');
    const cmd = ctx.commands.find((c) => c.name === name);
    if (!cmd) {
      ctx.out('This command is not supported by the help utility.  Try "' + args[0] + ' /?".');
      return ERROR_INVALID_FUNCTION;
    }
    ctx.host.write(cmd.help.endsWith('\n') ? cmd.help : cmd.help + '\n');
    return ERROR_SUCCESS;
  },
};

export const cls: ConsoleCommand = {
  name: 'cls',
  summary: 'Clears the screen.',
  help: 'Clears the screen.\n\nCLS\n',
  run(_args, ctx) {
    ctx.host.clear();
    return ERROR_SUCCESS;
  },
};

export const ver: ConsoleCommand = {
  name: 'ver',
  summary: 'Displays the Windows version.',
  help: 'Displays the Windows version.\n\nVER\n',
  run(_args, ctx) {
    const v = ctx.machine.version;
    ctx.out('');
    ctx.out(`Microsoft Windows [Version ${v.major}.${v.minor}.${v.build}]`);
    return ERROR_SUCCESS;
  },
};

export const echo: ConsoleCommand = {
  name: 'echo',
  summary: 'Displays messages.',
  help: 'Displays messages, or turns command-echoing on or off.\n\n  ECHO [ON | OFF]\n  ECHO [message]\n\nType ECHO without parameters to display the current echo setting.\n',
  run(_args, ctx) {
    const text = ctx.rest;
    if (/^[.(;,=+\[\]]/.test(text)) ctx.out(text.slice(1));
    else if (text.trim() === '') ctx.out('ECHO is on.');
    else if (/^\s*(on|off)\s*$/i.test(text)) return ERROR_SUCCESS;
    else ctx.out(text);
    return ERROR_SUCCESS;
  },
};

/** Lines typed before this one (the `history` line itself excluded). */
function earlierLines(ctx: Parameters<ConsoleCommand['run']>[1]): readonly string[] {
  return ctx.host.history().slice(0, -1);
}

export const history: ConsoleCommand = {
  name: 'history',
  summary: 'Lab aid: lists the lines typed in this lab (DOSKEY /HISTORY in Windows).',
  help: 'Lab aid (not a Windows command): lists the lines typed in this lab, oldest first, numbered.\n\nHISTORY\n\nUp and Down at the prompt recall earlier lines; the same list is kept across reloads.\nIn Windows, DOSKEY /HISTORY prints the same list (without numbers); it works here too.\n',
  run(_args, ctx) {
    earlierLines(ctx).forEach((line, i) => ctx.out(`${String(i + 1).padStart(5)}  ${line}`));
    return ERROR_SUCCESS;
  },
};

export const doskey: ConsoleCommand = {
  name: 'doskey',
  summary: 'Edits command lines and recalls Windows commands.',
  help: 'Edits command lines, recalls Windows commands.\n\nDOSKEY [/HISTORY]\n\n  /HISTORY    Displays all commands stored in memory.\n\n  Up and Down recall commands; Esc clears the command line.\n',
  run(args, ctx) {
    if (args.length === 1 && /^\/h(istory)?$/i.test(args[0])) {
      for (const line of earlierLines(ctx)) ctx.out(line);
      return ERROR_SUCCESS;
    }
    if (args.length === 0) return ERROR_SUCCESS;
    ctx.out(`Invalid macro definition.`);
    return ERROR_INVALID_FUNCTION;
  },
};

export const exit: ConsoleCommand = {
  name: 'exit',
  summary: 'Quits the CMD.EXE program (command interpreter).',
  help: 'Quits the CMD.EXE program (command interpreter).\n\nEXIT\n',
  run(_args, ctx) {
    ctx.host.exit();
    return ERROR_SUCCESS;
  },
};

export const builtins: readonly ConsoleCommand[] = [help, cls, ver, echo, history, doskey, exit];
