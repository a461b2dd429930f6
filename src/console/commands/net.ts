/**
 * net.exe's service commands: NET START (list the started services, or start
 * one by name or display name), NET STOP (asking before it also stops the
 * running services that depend on it; /y answers yes) and NET HELPMSG. net's
 * own messages carry NET HELPMSG numbers; Win32 errors are "System error N".
 */
import type { Program } from '../../base/program.ts';
import type { CommandContext, ConsoleCommand } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import { SERVICE_RUNNING, SERVICE_STOPPED } from '../../kernel/services/scm.ts';
import {
  ERROR_INVALID_SERVICE_CONTROL,
  ERROR_SERVICE_ALREADY_RUNNING,
  ERROR_SERVICE_DOES_NOT_EXIST,
  ERROR_SERVICE_NOT_ACTIVE,
  win32Message,
} from '../../kernel/win32.ts';
import { withKernel } from './ntcommon.ts';
import { netUse } from './netuse.ts';

const SYNTAX = `The syntax of this command is:

NET
    [ ACCOUNTS | COMPUTER | CONFIG | CONTINUE | FILE | GROUP | HELP |
      HELPMSG | LOCALGROUP | PAUSE | SESSION | SHARE | START |
      STATISTICS | STOP | TIME | USE | USER | VIEW ]

`;

/** net's own messages (NET HELPMSG numbers). */
const NET_MESSAGES: ReadonlyMap<number, string> = new Map([
  [2182, 'The requested service has already been started.'],
  [2185, 'The service name is invalid.'],
  [2191, 'The requested pause, continue, or stop is not valid for this service.'],
  [3521, 'The *** service is not started.'],
  [3534, 'The service did not report an error.'],
]);

const OTHER_COMMANDS = [
  'accounts',
  'computer',
  'config',
  'continue',
  'file',
  'group',
  'help',
  'localgroup',
  'pause',
  'session',
  'share',
  'statistics',
  'time',
  'user',
  'view',
];

/** net's exit status when a command fails. */
const EXIT_FAILED = 2;

function helpmsgHint(ctx: CommandContext, n: number, text: string): number {
  ctx.out(text);
  ctx.out('');
  ctx.out(`More help is available by typing NET HELPMSG ${n}.`);
  return EXIT_FAILED;
}

function systemError(ctx: CommandContext, code: number): number {
  ctx.out(`System error ${code} has occurred.`);
  ctx.out('');
  ctx.out(win32Message(code));
  return EXIT_FAILED;
}

/** The service a name or display name means (net accepts either), as the SCM stores its name. */
function resolve(k: Kernel, name: string): string | null {
  const direct = k.scm.open(name);
  if (direct) return direct;
  return k.scm.names().find((n) => k.scm.config(n, false)?.displayName.toLowerCase() === name.toLowerCase()) ?? null;
}

function displayName(k: Kernel, service: string): string {
  return k.scm.config(service, false)?.displayName ?? service;
}

function listStarted(ctx: CommandContext, k: Kernel): number {
  ctx.out('These Windows services are started:');
  ctx.out('');
  const started = k.scm
    .names()
    .filter((n) => {
      const s = k.scm.status(n, false);
      return s !== null && !k.scm.isDriver(s.type) && s.state !== SERVICE_STOPPED;
    })
    .map((n) => displayName(k, n))
    .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  for (const d of started) ctx.out(`   ${d}`);
  ctx.out('');
  ctx.out('The command completed successfully.');
  return 0;
}

function start(ctx: CommandContext, k: Kernel, name: string): number {
  const service = resolve(k, name);
  if (!service) return helpmsgHint(ctx, 2185, NET_MESSAGES.get(2185) ?? '');
  const driver = k.scm.isDriver(k.scm.config(service, false)?.type ?? 0);
  const result = k.scm.start(service);
  if (k.halted) return EXIT_FAILED;
  if (result === ERROR_SERVICE_ALREADY_RUNNING) return helpmsgHint(ctx, 2182, NET_MESSAGES.get(2182) ?? '');
  if (result === ERROR_SERVICE_DOES_NOT_EXIST) return helpmsgHint(ctx, 2185, NET_MESSAGES.get(2185) ?? '');
  if (result !== 0) return systemError(ctx, result);
  // A Win32 service reports START_PENDING first; a driver is running when StartService returns.
  if (!driver) ctx.out(`The ${displayName(k, service)} service is starting.`);
  ctx.out(`The ${displayName(k, service)} service was started successfully.`);
  return 0;
}

/** Stop one service, printing net's lines; returns net's status. */
function stopOne(ctx: CommandContext, k: Kernel, service: string): number {
  const shown = displayName(k, service);
  const driver = k.scm.isDriver(k.scm.config(service, false)?.type ?? 0);
  const result = k.scm.stop(service);
  if (k.halted) return EXIT_FAILED;
  if (result === ERROR_SERVICE_NOT_ACTIVE) return helpmsgHint(ctx, 3521, (NET_MESSAGES.get(3521) ?? '').replace('***', shown));
  if (result === ERROR_INVALID_SERVICE_CONTROL) return helpmsgHint(ctx, 2191, NET_MESSAGES.get(2191) ?? '');
  if (result !== 0) return systemError(ctx, result);
  if (!driver) ctx.out(`The ${shown} service is stopping.`);
  ctx.out(`The ${shown} service was stopped successfully.`);
  return 0;
}

/** The running services that depend on `service`, the one to stop first first. */
function runningDependents(k: Kernel, service: string): string[] {
  return k.scm.dependents(service).filter((d) => k.scm.status(d, false)?.state === SERVICE_RUNNING);
}

function stopWithDependents(ctx: CommandContext, k: Kernel, service: string, dependents: readonly string[]): number {
  for (const d of dependents) {
    const status = stopOne(ctx, k, d);
    ctx.out('');
    if (status !== 0) return status;
  }
  return stopOne(ctx, k, service);
}

/** Asks net's question on the console and reads the answer from the next line typed. */
function confirmStop(ctx: CommandContext, k: Kernel, service: string, dependents: readonly string[]): Program {
  return {
    name: 'net',
    prompt: () => 'Do you want to continue this operation? (Y/N) [N]: ',
    run(line, host) {
      const answer = line.trim().toLowerCase();
      if (answer === 'y' || answer === 'yes') {
        host.write('\n');
        // The command's own output has gone to the screen; the answer's output goes there too.
        stopWithDependents({ ...ctx, host, out: (text = '') => host.write(`${text}\n`) }, k, service, dependents);
      } else if (answer !== '' && answer !== 'n' && answer !== 'no') {
        host.write('No valid response was provided.\n');
      }
      host.write('\n');
      host.exit();
    },
    interrupt(host) {
      host.write('^C\n');
      host.exit();
    },
  };
}

function stop(ctx: CommandContext, k: Kernel, name: string, yes: boolean): number {
  const service = resolve(k, name);
  if (!service) return helpmsgHint(ctx, 2185, NET_MESSAGES.get(2185) ?? '');
  const dependents = runningDependents(k, service);
  if (dependents.length === 0) return stopOne(ctx, k, service);
  const shown = displayName(k, service);
  ctx.out(`The following services are dependent on the ${shown} service.`);
  ctx.out(`Stopping the ${shown} service will also stop these services.`);
  ctx.out('');
  for (const d of dependents) ctx.out(`   ${displayName(k, d)}`);
  if (ctx.stdin === null && !yes) {
    // The console leaves a blank line after the command's output, then net's question is asked.
    ctx.host.spawn(confirmStop(ctx, k, service, dependents));
    return 0;
  }
  ctx.out('');
  if (yes) {
    ctx.out('Do you want to continue this operation? (Y/N) [N]: Y');
    ctx.out('');
    return stopWithDependents(ctx, k, service, dependents);
  }
  // Input redirected or piped: net reads its answer from it.
  const answer = (ctx.stdin ?? '').split(/\r?\n/)[0]?.trim().toLowerCase() ?? '';
  ctx.out(`Do you want to continue this operation? (Y/N) [N]: ${answer}`);
  if (answer !== 'y' && answer !== 'yes') return EXIT_FAILED;
  ctx.out('');
  return stopWithDependents(ctx, k, service, dependents);
}

function helpmsg(ctx: CommandContext, arg: string | undefined): number {
  const n = arg !== undefined && /^\d{1,5}$/.test(arg) ? Number(arg) : NaN;
  if (Number.isNaN(n)) {
    ctx.out('The syntax of this command is:');
    ctx.out('');
    ctx.out('NET HELPMSG');
    ctx.out('message#');
    return 1;
  }
  const text = NET_MESSAGES.get(n) ?? (win32Message(n).startsWith('Unknown error') ? null : win32Message(n));
  if (text === null) return helpmsgHint(ctx, 3871, `${n} is not a valid Windows network message number.`);
  ctx.out('');
  ctx.out(text);
  return 0;
}

function run(args: readonly string[], ctx: CommandContext, k: Kernel): number {
  const verb = (args[0] ?? '').toLowerCase();
  const switches = args.slice(1).filter((a) => a.startsWith('/'));
  const names = args.slice(1).filter((a) => !a.startsWith('/'));
  const yes = switches.some((s) => ['/y', '/yes'].includes(s.toLowerCase()));
  const badSwitch = switches.some((s) => !['/y', '/yes', '/n', '/no'].includes(s.toLowerCase()));
  switch (verb) {
    case 'start':
      if (badSwitch || names.length > 1) return syntax(ctx, 'NET START\n[service]');
      return names.length === 0 ? listStarted(ctx, k) : start(ctx, k, names[0]);
    case 'stop':
      if (badSwitch || names.length !== 1) return syntax(ctx, 'NET STOP\nservice');
      return stop(ctx, k, names[0], yes);
    case 'helpmsg':
      return helpmsg(ctx, names[0]);
    case 'use':
      return netUse(ctx, k, args.slice(1));
    default:
      if (OTHER_COMMANDS.includes(verb)) {
        // A lab note, not net's text: the real net has this command, this machine's does not.
        ctx.out(`net: 'NET ${verb.toUpperCase()}' is not available on this lab machine; it offers NET START, NET STOP and NET HELPMSG.`);
        return 1;
      }
      ctx.host.write(SYNTAX);
      return 1;
  }
}

function syntax(ctx: CommandContext, usage: string): number {
  ctx.out('The syntax of this command is:');
  ctx.out('');
  ctx.out(usage);
  return 1;
}

export const net: ConsoleCommand = {
  name: 'net',
  summary: 'Starts and stops services (NET START, NET STOP), explains NET HELPMSG numbers.',
  help: SYNTAX,
  run(args, ctx) {
    return withKernel(ctx, 'net', (k) => run(args, ctx, k));
  },
};
