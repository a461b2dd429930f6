/** cmd.exe's general built-ins: help, cls, ver, echo, rem, title, pause, history, doskey /history, exit. */
import { padRight } from '../../base/text.ts';
import { ERROR_INVALID_FUNCTION, ERROR_SUCCESS, type ConsoleCommand } from '../command.ts';
import { SYNTAX_ERROR } from './fsutil.ts';

export const help: ConsoleCommand = {
  name: 'help',
  summary: 'Provides Help information for Windows commands.',
  help: 'Provides help information for Windows commands.\n\nHELP [command]\n\n    command - displays help information on that command.\n',
  run(args, ctx) {
    // HELP.EXE exits with 1 when it has shown help, and with 0 for a topic it does not know.
    if (args.length === 0) {
      ctx.out('For more information on a specific command, type HELP command-name');
      const rows: [string, string][] = [];
      for (const c of ctx.commands) for (const name of [c.name, ...(c.aliases ?? [])]) rows.push([name.toUpperCase(), c.summary]);
      rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      for (const [name, summary] of rows) ctx.out(padRight(name, 15) + summary);
      return ERROR_INVALID_FUNCTION;
    }
    const cmd = ctx.lookup(args[0]);
    if (!cmd) {
      ctx.out('This command is not supported by the help utility.  Try "' + args[0] + ' /?".');
      return ERROR_SUCCESS;
    }
    ctx.host.write(cmd.help.endsWith('\n') ? cmd.help : cmd.help + '\n');
    return ERROR_INVALID_FUNCTION;
  },
};

export const cls: ConsoleCommand = {
  name: 'cls',
  summary: 'Clears the screen.',
  help: 'Clears the screen.\n\nCLS\n',
  keepsErrorlevel: true,
  run(args, ctx) {
    if (args.some((a) => a.startsWith('/'))) {
      ctx.err(SYNTAX_ERROR);
      return ERROR_INVALID_FUNCTION;
    }
    ctx.host.clear();
    return ERROR_SUCCESS;
  },
};

export const ver: ConsoleCommand = {
  name: 'ver',
  summary: 'Displays the Windows version.',
  help: 'Displays the Windows version.\n\nVER\n',
  run(args, ctx) {
    if (args.some((a) => a.startsWith('/'))) {
      ctx.err(SYNTAX_ERROR);
      return ERROR_INVALID_FUNCTION;
    }
    const v = ctx.machine.version;
    ctx.out('');
    ctx.out(`Microsoft Windows [Version ${v.major}.${v.minor}.${v.build}]`);
    return ERROR_SUCCESS;
  },
};

export const echo: ConsoleCommand = {
  name: 'echo',
  summary: 'Displays messages, or turns command echoing on or off.',
  help: 'Displays messages, or turns command-echoing on or off.\n\n  ECHO [ON | OFF]\n  ECHO [message]\n\nType ECHO without parameters to display the current echo setting.\n',
  keepsErrorlevel: true,
  run(_args, ctx) {
    const tail = ctx.tail;
    const state = () => ctx.out(`ECHO is ${ctx.state.echo ? 'on' : 'off'}.`);
    if (tail === '') {
      state();
      return ERROR_SUCCESS;
    }
    // 'echo.', 'echo:', 'echo/' and the like print what follows the delimiter, even nothing.
    if (/^[.:/\\(+[\]]/.test(tail)) {
      ctx.out(tail.slice(1));
      return ERROR_SUCCESS;
    }
    // After a blank (or , ; =) the rest is printed as typed, trailing blanks included.
    const message = tail.slice(1);
    const word = message.trim().toLowerCase();
    if (word === '') state();
    else if (word === 'on' || word === 'off') ctx.state.echo = word === 'on';
    else ctx.out(message);
    return ERROR_SUCCESS;
  },
};

/** IF is part of the grammar (cmdline.ts); this entry gives its help and lists it. */
export const ifCommand: ConsoleCommand = {
  name: 'if',
  summary: 'Performs conditional processing in batch programs.',
  help: `Performs conditional processing in batch programs.

IF [NOT] ERRORLEVEL number command
IF [NOT] string1==string2 command
IF [NOT] EXIST filename command

  NOT               Specifies that Windows should carry out
                    the command only if the condition is false.
  ERRORLEVEL number Specifies a true condition if the last program run
                    returned an exit code equal to or greater than the number
                    specified.
  string1==string2  Specifies a true condition if the specified text strings
                    match.
  EXIST filename    Specifies a true condition if the specified filename
                    exists.
  command           Specifies the command to carry out if the condition is
                    met.  Command can be followed by ELSE command which
                    will execute the command after the ELSE keyword if the
                    specified condition is FALSE

IF [/I] string1 compare-op string2 command
IF DEFINED variable command

  where compare-op may be one of:

    EQU - equal
    NEQ - not equal
    LSS - less than
    LEQ - less than or equal
    GTR - greater than
    GEQ - greater than or equal
`,
  run(_args, ctx) {
    ctx.err(SYNTAX_ERROR);
    return ERROR_INVALID_FUNCTION;
  },
};

export const rem: ConsoleCommand = {
  name: 'rem',
  summary: 'Records comments (remarks) in batch files or CONFIG.SYS.',
  help: 'Records comments (remarks) in a batch file or CONFIG.SYS.\n\nREM [comment]\n',
  keepsErrorlevel: true,
  run(_args, ctx) {
    if (ctx.rest.trim() === '/?') ctx.host.write(rem.help);
    return ERROR_SUCCESS;
  },
};

export const title: ConsoleCommand = {
  name: 'title',
  summary: 'Sets the window title for a CMD.EXE session.',
  help: 'Sets the window title for the command prompt window.\n\nTITLE [string]\n\n  string       Specifies the title for the command prompt window.\n',
  keepsErrorlevel: true,
  run(_args, ctx) {
    ctx.state.title = ctx.rest;
    return ERROR_SUCCESS;
  },
};

export const pause: ConsoleCommand = {
  name: 'pause',
  summary: 'Suspends processing of a batch file and displays a message.',
  help: 'Suspends processing of a batch program and displays the message\n    Press any key to continue . . .\n',
  keepsErrorlevel: true,
  run(_args, ctx) {
    // The lab console reads whole lines, so the key press is the line already typed.
    ctx.out('Press any key to continue . . . ');
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

export const builtins: readonly ConsoleCommand[] = [help, cls, ver, echo, ifCommand, rem, title, pause, history, doskey, exit];
