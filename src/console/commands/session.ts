/** PUSHD, POPD, PROMPT, DATE /T, TIME /T and the small programs HOSTNAME and WHOAMI. */
import { kernelOf } from '../../kernel/nt.ts';
import { ERROR_INVALID_FUNCTION, ERROR_SUCCESS, type CommandContext, type ConsoleCommand } from '../command.ts';
import { fileError, resolve, shownDir } from './fsutil.ts';
import { setCurrentDirectory } from '../drives.ts';
import { prompt } from './prompt.ts';

export const pushd: ConsoleCommand = {
  name: 'pushd',
  summary: 'Saves the current directory then changes it.',
  help: 'Stores the current directory for use by the POPD command, then\nchanges to the specified directory.\n\nPUSHD [path | ..]\n\n  path        Specifies the directory to make the current directory.\n',
  run(_args, ctx) {
    const typed = ctx.rest.replace(/"/g, '').trim();
    if (typed === '') return ERROR_SUCCESS;
    const stat = ctx.files?.stat(resolve(ctx, typed)) ?? 3;
    if (typeof stat === 'number' || !stat.dir) {
      ctx.err(fileError(typeof stat === 'number' ? 3 : 267));
      return ERROR_INVALID_FUNCTION;
    }
    ctx.state.pushed.push(ctx.state.cwd);
    // PUSHD changes the current drive too.
    setCurrentDirectory(ctx.state, shownDir(stat.path));
    return ERROR_SUCCESS;
  },
};

export const popd: ConsoleCommand = {
  name: 'popd',
  summary: 'Restores the previous value of the current directory saved by PUSHD.',
  help: 'Changes to the directory stored by the PUSHD command.\n\nPOPD\n',
  keepsErrorlevel: true,
  run(_args, ctx) {
    const dir = ctx.state.pushed.pop();
    if (dir === undefined) return ERROR_INVALID_FUNCTION;
    setCurrentDirectory(ctx.state, dir);
    return ERROR_SUCCESS;
  },
};

function clockOf(ctx: CommandContext): Date {
  return new Date(kernelOf(ctx.machine)?.now() ?? ctx.machine.clock.now());
}

const pad = (n: number) => String(n).padStart(2, '0');

/** DATE and TIME show the clock with /T; setting it would ask for a new value, which needs the keyboard. */
function clockCommand(name: 'date' | 'time', show: (d: Date) => string, full: (d: Date) => string): ConsoleCommand {
  const upper = name.toUpperCase();
  return {
    name,
    summary: `Displays or sets the ${name}.`,
    help: `Displays or sets the system ${name}.\n\n${upper} [/T | ${name}]\n\nType ${upper} with no parameters to display the current ${name} setting and\na prompt for a new one.  Press ENTER to keep the same ${name}.\n\nIf Command Extensions are enabled the ${upper} command supports\nthe /T switch which tells the command to just output the\ncurrent ${name}, without prompting for a new ${name}.\n`,
    run(args, ctx) {
      const now = clockOf(ctx);
      if (args.length === 1 && args[0].toLowerCase() === '/t') {
        ctx.out(show(now));
        return ERROR_SUCCESS;
      }
      if (args.length > 0) {
        // A well-formed value would set the clock; the lab machine's clock is virtual and moves only by itself.
        if (/^[0-9][0-9/:.\-]*$/.test(args[0])) ctx.err(`lab: this machine's clock is virtual; ${upper} cannot set it.`);
        else ctx.err(`The system cannot accept the ${name} entered.`);
        return ERROR_INVALID_FUNCTION;
      }
      ctx.out(`The current ${name} is: ${full(now)}`);
      ctx.err(`lab: ${upper} now waits for a new ${name} typed at the keyboard, which this console cannot give it; the ${name} is unchanged.`);
      return ERROR_SUCCESS;
    },
  };
}

const day = (d: Date) =>
  `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]} ${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`;

export const date = clockCommand('date', day, day);

export const time = clockCommand(
  'time',
  (d) => `${pad(d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12)}:${pad(d.getUTCMinutes())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`,
  (d) => `${String(d.getUTCHours()).padStart(2)}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(Math.floor(d.getUTCMilliseconds() / 10))}`,
);

export const hostname: ConsoleCommand = {
  name: 'hostname',
  summary: 'Prints the name of the current host.',
  help: 'Prints the name of the current host.\n\nhostname\n',
  run(args, ctx) {
    if (args.length > 0) {
      ctx.err('sethostname: Use the Network Control Panel Applet to set hostname.');
      return ERROR_INVALID_FUNCTION;
    }
    ctx.out(ctx.machine.computerName);
    return ERROR_SUCCESS;
  },
};

export const whoami: ConsoleCommand = {
  name: 'whoami',
  summary: 'Displays the user name of the current user.',
  help: 'WHOAMI [/UPN | /FQDN | /LOGONID]\n\nDescription:\n    This utility can be used to get user name and group information\n    along with the respective security identifiers (SID), privileges,\n    logon identifier (logon ID) for the current user on the local system.\n',
  run(args, ctx) {
    if (args.length > 0) {
      ctx.err(`ERROR: Invalid argument/option - '${args[0]}'.\nType "WHOAMI /?" for usage.`);
      return ERROR_INVALID_FUNCTION;
    }
    ctx.out(`${ctx.machine.computerName.toLowerCase()}\\${ctx.state.env.get('USERNAME') ?? 'student'}`);
    return ERROR_SUCCESS;
  },
};

export const sessionCommands: readonly ConsoleCommand[] = [pushd, popd, prompt, date, time, hostname, whoami];
