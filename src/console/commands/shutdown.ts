/**
 * shutdown.exe: restart (/r, /g) or shut down (/s, /p) the lab machine, or
 * log off (/l). The machine really restarts (restartWindows): drivers load
 * again from the registry and pending boot-configuration changes apply. What
 * a real machine shows in between (the countdown dialog, the boot screen, the
 * logon) is summed up in a lab note, then a new console session starts.
 */
import type { CommandContext, ConsoleCommand } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import { restartWindows } from '../../kernel/nt.ts';
import { isLocalMachine, withKernel } from './ntcommon.ts';
import { resetDrives } from '../drives.ts';

const HELP = `Usage: shutdown [/i | /l | /s | /r | /g | /a | /p | /h | /e] [/f]
    [/m \\\\computer][/t xxx][/d [p|u:]xx:yy [/c "comment"]]

    No args    Display help. This is the same as typing /?.
    /?         Display help. This is the same as not typing any options.
    /i         Display the graphical user interface (GUI).
               This must be the first option.
    /l         Log off. This cannot be used with /m or /d options.
    /s         Shutdown the computer.
    /r         Shutdown and restart the computer.
    /g         Shutdown and restart the computer. After the system is
               rebooted, restart any registered applications.
    /a         Abort a system shutdown.
               This can only be used during the time-out period.
    /p         Turn off the local computer with no time-out or warning.
               Can be used with /d and /f options.
    /h         Hibernate the local computer.
               Can be used with the /f option.
    /e         Document the reason for an unexpected shutdown of a computer.
    /m \\\\computer Specify the target computer.
    /t xxx     Set the time-out period before shutdown to xxx seconds.
               The valid range is 0-315360000 (10 years), with a default of 30.
               If the timeout period is greater than 0, the /f parameter is
               implied.
    /c "comment" Comment on the reason for the restart or shutdown.
               Maximum of 512 characters allowed.
    /f         Force running applications to close without forewarning users.
               The /f parameter is implied when a value greater than 0 is
               specified for the /t parameter.
    /d [p|u:]xx:yy  Provide the reason for the restart or shutdown.
               p indicates that the restart or shutdown is planned.
               u indicates that the reason is user defined.
               If neither p nor u is specified the restart or shutdown is
               unplanned.
               xx is the major reason number (positive integer less than 256).
               yy is the minor reason number (positive integer less than 65536).
`;

const MAX_TIMEOUT = 315_360_000;
/** How long the simulated shutdown and boot take (virtual time). */
const SHUTDOWN_MS = 12_000;
const BOOT_MS = 38_000;

type Action = 'l' | 's' | 'r' | 'g' | 'a' | 'p' | 'h' | 'i' | 'e';

interface Parsed {
  action: Action;
  timeout: number | null;
  machine: string | null;
}

/** Parse the switches; null means shutdown prints its usage (an unknown switch, a bad value). */
function parse(args: readonly string[]): Parsed | null {
  let action: Action | null = null;
  let timeout: number | null = null;
  let machine: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i].toLowerCase().replace(/^-/, '/');
    const flag = /^\/([lsrgaphie])$/.exec(a);
    if (flag) {
      if (action !== null) return null;
      action = flag[1] as Action;
    } else if (a === '/f') continue;
    else if (a === '/t' && i + 1 < args.length) {
      const v = args[++i];
      if (!/^\d{1,9}$/.test(v) || Number(v) > MAX_TIMEOUT) return null;
      timeout = Number(v);
    } else if (a === '/m' && i + 1 < args.length) machine = args[++i];
    else if (a === '/c' && i + 1 < args.length) {
      if (args[++i].length > 512) return null;
    } else if (a === '/d' && i + 1 < args.length) {
      const m = /^(?:[pu]:)?(\d+):(\d+)$/i.exec(args[++i]);
      if (!m || Number(m[1]) > 255 || Number(m[2]) > 65535) return null;
    } else return null;
  }
  return action === null ? null : { action, timeout, machine };
}

/** A new console session after a logon: cmd.exe's banner, in an elevated prompt's start folder. */
/** After a restart or a log-on: a new console session's banner, in system32, without the old session's programs. */
export function newSession(ctx: Pick<CommandContext, 'machine' | 'state' | 'out'>): void {
  const v = ctx.machine.version;
  ctx.out(`Microsoft Windows [Version ${v.major}.${v.minor}.${v.build}]`);
  ctx.out('Copyright (c) 2009 Microsoft Corporation.  All rights reserved.');
  resetDrives(ctx.state, 'C:\\Windows\\system32');
  // The programs of the old logon session (DebugView with its cleared display) are gone.
  ctx.state.tools.clear();
}

/**
 * A machine stopped by a bug check restarts by itself once its dump is written (Windows 7's
 * AutoReboot); the console says so when the student next types at it, and a new session starts.
 */
export function restartAfterBugCheck(ctx: Pick<CommandContext, 'machine' | 'state' | 'out'>): void {
  ctx.out(
    'Lab note: after the bug check Windows wrote C:\\Windows\\MEMORY.DMP and restarted by itself (as Windows 7 does unless told not to); you log on to a new console.',
  );
  ctx.out('');
  restartWindows(ctx.machine, 'bugcheck');
  ctx.machine.clock.advance(BOOT_MS);
  newSession(ctx);
}

function run(args: readonly string[], ctx: CommandContext, k: Kernel): number {
  if (args.length === 0 || args[0] === '/?' || args[0] === '-?') {
    ctx.host.write(HELP);
    return 0;
  }
  const p = parse(args);
  if (!p) {
    ctx.host.write(HELP);
    return 87;
  }
  if (p.machine !== null) {
    if (!isLocalMachine(ctx, p.machine)) {
      ctx.out(`${p.machine.replace(/^\\\\/, '')}: The RPC server is unavailable.(1722)`);
      return 1722;
    }
  }
  switch (p.action) {
    case 'a':
      // Every shutdown here has already happened when the prompt comes back.
      ctx.out('Unable to abort the system shutdown because no shutdown was in progress.(1116)');
      return 1116;
    case 'i':
    case 'e':
    case 'h':
      // A lab note, not shutdown's text: the GUI, the shutdown-reason dialog and hibernation are not modelled.
      ctx.out(`shutdown: /${p.action} is not available on this lab machine; it offers /r, /g, /s, /p, /l and /a.`);
      return 1;
    case 'l':
      ctx.out('Lab note: you are logged off and log on again; a new console session starts.');
      ctx.out('');
      newSession(ctx);
      return 0;
  }
  const restart = p.action === 'r' || p.action === 'g';
  const seconds = p.action === 'p' ? 0 : (p.timeout ?? 30);
  if (seconds > 0) {
    ctx.out(`Lab note: this console waits out the ${seconds}-second countdown; on Windows the prompt returns at once and shutdown /a can still abort it.`);
    k.machine.clock.advance(seconds * 1000);
  }
  k.machine.clock.advance(SHUTDOWN_MS);
  ctx.out(
    restart
      ? 'Lab note: Windows shuts down and restarts. The boot reads the boot configuration, loads the boot, system and auto-start drivers, and you log on to a new console.'
      : 'Lab note: Windows shuts down and the machine powers off; the lab switches it on again, and after the boot you log on to a new console.',
  );
  ctx.out('');
  restartWindows(ctx.machine, restart ? 'restart' : 'shutdown');
  k.machine.clock.advance(BOOT_MS);
  newSession(ctx);
  return 0;
}

export const shutdown: ConsoleCommand = {
  name: 'shutdown',
  summary: 'Restarts or shuts down the computer (shutdown /r restarts the lab machine).',
  help: HELP,
  run(args, ctx) {
    return withKernel(ctx, 'shutdown', (k) => run(args, ctx, k));
  },
};
