/**
 * sc.exe: talks to the Service Control Manager. Syntax and output follow the
 * Windows 7 tool, including the rule that an option name carries its '=' and
 * needs a space before the value (type= kernel, not type=kernel).
 */
import type { Program } from '../../base/program.ts';
import type { CommandContext, ConsoleCommand } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import { win32Message, ERROR_INVALID_COMMAND_LINE, RPC_S_SERVER_UNAVAILABLE } from '../../kernel/win32.ts';
import { SERVICE_ACCEPT_PAUSE_CONTINUE, SERVICE_ACCEPT_SHUTDOWN, SERVICE_ACCEPT_STOP, SERVICE_STOPPED, type ServiceStatus } from '../../kernel/services/scm.ts';
import { isLocalMachine, withKernel } from './ntcommon.ts';
import { dictGet, dictHas } from '../../kernel/rtl/dict.ts';
import { kernelOf } from '../../kernel/nt.ts';

const USAGE = `DESCRIPTION:
        SC is a command line program used for communicating with the
        Service Control Manager and services.
USAGE:
        sc <server> [command] [service name] <option1> <option2>...


        The option <server> has the form "\\\\ServerName"
        Further help on commands can be obtained by typing: "sc [command]"
        Commands:
          query-----------Queries the status for a service, or
                          enumerates the status for types of services.
          queryex---------Queries the extended status for a service, or
                          enumerates the status for types of services.
          start-----------Starts a service.
          pause-----------Sends a PAUSE control request to a service.
          interrogate-----Sends an INTERROGATE control request to a service.
          continue--------Sends a CONTINUE control request to a service.
          stop------------Sends a STOP request to a service.
          config----------Changes the configuration of a service (persistent).
          description-----Changes the description of a service.
          qc--------------Queries the configuration information for a service.
          qdescription----Queries the description for a service.
          delete----------Deletes a service (from the registry).
          create----------Creates a service. (adds it to the registry).
          enumdepend------Enumerates Service Dependencies.
EXAMPLE:
        sc start MyService
`;

/** What sc prints after its usage when run with no arguments, if the answer is y. */
const QUERY_HELP = `QUERY and QUERYEX OPTIONS:
        If the query command is followed by a service name, the status
        for that service is returned.  Further options do not apply in
        this case.  If the query command is followed by nothing or one of
        the options listed below, the services are enumerated.
    type=    Type of services to enumerate (driver, service, all)
             (default = service)
    state=   State of services to enumerate (inactive, all)
             (default = active)
SYNTAX EXAMPLES
sc query                - Enumerates status for active services & drivers
sc query eventlog       - Displays status for the eventlog service
sc queryex eventlog     - Displays extended status for the eventlog service
sc query type= driver   - Enumerates only active drivers
sc query type= service  - Enumerates only Win32 services
sc query state= all     - Enumerates all services & drivers
`;

/** sc with no arguments asks this question and reads the answer from the next line. */
const queryHelpQuestion: Program = {
  name: 'sc',
  prompt: () => 'Would you like to see help for the QUERY and QUERYEX commands? [ y | n ]: ',
  run(line, host) {
    if (/^\s*y/i.test(line)) host.write(QUERY_HELP);
    host.write('\n');
    host.exit();
  },
  interrupt(host) {
    host.write('^C\n');
    host.exit();
  },
};

const CREATE_OPTIONS = `OPTIONS:
NOTE: The option name includes the equal sign.
      A space is required between the equal sign and the value.
 type= <own|share|interact|kernel|filesys|rec>
       (default = own)
 start= <boot|system|auto|demand|disabled|delayed-auto>
       (default = demand)
 error= <normal|severe|critical|ignore>
       (default = normal)
 binPath= <BinaryPathName>
 group= <LoadOrderGroup>
 tag= <yes|no>
 depend= <Dependencies(separated by / (forward slash))>
 obj= <AccountName|ObjectName>
       (default = LocalSystem)
 DisplayName= <display name>
 password= <password>
`;

const VERB_USAGE: Record<string, string> = {
  query: `DESCRIPTION:
        Obtains and displays information about the specified service,
        driver, type of service, or type of driver.
USAGE:
        sc <server> query [service name] <option1> <option2>...

OPTIONS :
        type=    Type of services to enumerate (driver, service, all)
                 (default = service)
        state=   State of services to enumerate (inactive, all)
                 (default = active)
`,
  start: `DESCRIPTION:
        Starts a service running.
USAGE:
        sc <server> start [service name] <arg1> <arg2> ...
`,
  stop: `DESCRIPTION:
        Sends a STOP control request to a service.
USAGE:
        sc <server> stop [service name]
`,
  pause: `DESCRIPTION:
        Sends a PAUSE control request to a service.
USAGE:
        sc <server> pause [service name]
`,
  continue: `DESCRIPTION:
        Sends a CONTINUE control request to a service.
USAGE:
        sc <server> continue [service name]
`,
  interrogate: `DESCRIPTION:
        Sends an INTERROGATE control request to a service.
USAGE:
        sc <server> interrogate [service name]
`,
  qc: `DESCRIPTION:
        Queries the configuration information for a service.
USAGE:
        sc <server> qc [service name] <bufferSize>
`,
  qdescription: `DESCRIPTION:
        Retrieves the description string of a service.
USAGE:
        sc <server> qdescription [service name] <bufferSize>
`,
  description: `DESCRIPTION:
        Sets the description string for a service.
USAGE:
        sc <server> description [service name] [description]
`,
  delete: `DESCRIPTION:
        Deletes a service entry from the registry.
        If the service is running, or another process has an
        open handle to the service, the service is simply marked
        for deletion.
USAGE:
        sc <server> delete [service name]
`,
  enumdepend: `DESCRIPTION:
        Enumerates the Services that are dependent on this one.
USAGE:
        sc <server> enumdepend [service name] <bufferSize>
`,
  create: `DESCRIPTION:
        Creates a service entry in the registry and Service Database.
USAGE:
        sc <server> create [service name] [binPath= ] <option1> <option2>...

${CREATE_OPTIONS}`,
  config: `DESCRIPTION:
        Modifies a service entry in the registry and Service Database.
USAGE:
        sc <server> config [service name] <option1> <option2>...

${CREATE_OPTIONS}`,
};
VERB_USAGE.queryex = VERB_USAGE.query.replace('sc <server> query', 'sc <server> queryex');

/** The real sc's other commands (lower case), which this lab machine's sc does not offer. */
const OTHER_VERBS = [
  'failure',
  'failureflag',
  'sidtype',
  'privs',
  'managedaccount',
  'qfailure',
  'qfailureflag',
  'qsidtype',
  'qprivs',
  'qtriggerinfo',
  'qpreferrednode',
  'qmanagedaccount',
  'control',
  'sdshow',
  'sdset',
  'showsid',
  'triggerinfo',
  'preferrednode',
  'getdisplayname',
  'getkeyname',
  'boot',
  'lock',
  'querylock',
];

const TYPES: Record<string, number> = { own: 0x10, share: 0x20, interact: 0x110, kernel: 0x1, filesys: 0x2, rec: 0x8 };
const STARTS: Record<string, number> = { boot: 0, system: 1, auto: 2, demand: 3, disabled: 4, 'delayed-auto': 2 };
const ERRORS: Record<string, number> = { ignore: 0, normal: 1, severe: 2, critical: 3 };
const START_NAMES = ['BOOT_START', 'SYSTEM_START', 'AUTO_START', 'DEMAND_START', 'DISABLED'];
const ERROR_NAMES = ['IGNORE', 'NORMAL', 'SEVERE', 'CRITICAL'];
const STATE_NAMES = ['', 'STOPPED', 'START_PENDING', 'STOP_PENDING', 'RUNNING', 'CONTINUE_PENDING', 'PAUSE_PENDING', 'PAUSED'];

function typeName(type: number): string {
  const base: Record<number, string> = {
    1: 'KERNEL_DRIVER',
    2: 'FILE_SYSTEM_DRIVER',
    8: 'RECOGNIZER_DRIVER',
    0x10: 'WIN32_OWN_PROCESS',
    0x20: 'WIN32_SHARE_PROCESS',
  };
  const name = base[type & ~0x100] ?? 'UNKNOWN';
  return type & 0x100 ? `${name} (interactive)` : name;
}

const FIELD = (name: string) => `        ${name.padEnd(19)}: `;

function failure(ctx: CommandContext, api: string, code: number): number {
  ctx.out(`[SC] ${api} FAILED ${code}:`);
  ctx.out('');
  ctx.out(win32Message(code));
  ctx.out('');
  return code;
}

function statusBlock(ctx: CommandContext, name: string, s: ServiceStatus, extended: boolean, displayName: string | null): void {
  ctx.out(`SERVICE_NAME: ${name}`);
  if (displayName !== null) ctx.out(`DISPLAY_NAME: ${displayName}`);
  ctx.out(FIELD('TYPE') + `${s.type.toString(16)}  ${typeName(s.type)}`);
  ctx.out(FIELD('STATE') + `${s.state}  ${STATE_NAMES[s.state]}`);
  if (s.state !== SERVICE_STOPPED) {
    const flags = [
      s.controlsAccepted & SERVICE_ACCEPT_STOP ? 'STOPPABLE' : 'NOT_STOPPABLE',
      s.controlsAccepted & SERVICE_ACCEPT_PAUSE_CONTINUE ? 'PAUSABLE' : 'NOT_PAUSABLE',
      s.controlsAccepted & SERVICE_ACCEPT_SHUTDOWN ? 'ACCEPTS_SHUTDOWN' : 'IGNORES_SHUTDOWN',
    ];
    ctx.out(' '.repeat(32) + `(${flags.join(', ')})`);
  }
  ctx.out(FIELD('WIN32_EXIT_CODE') + `${s.exitCode}  (0x${s.exitCode.toString(16)})`);
  ctx.out(FIELD('SERVICE_EXIT_CODE') + `${s.serviceExitCode}  (0x${s.serviceExitCode.toString(16)})`);
  ctx.out(FIELD('CHECKPOINT') + '0x0');
  ctx.out(FIELD('WAIT_HINT') + '0x0');
  if (extended) {
    ctx.out(FIELD('PID') + String(s.pid));
    ctx.out(FIELD('FLAGS'));
  }
}

/** Parse 'name= value' pairs; null when an option is malformed (then sc shows the verb's usage). */
function parseOptions(args: readonly string[]): Map<string, string> | null {
  const opts = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i];
    if (!name.endsWith('=') || i + 1 >= args.length) return null;
    opts.set(name.toLowerCase(), args[i + 1]);
  }
  return opts;
}

function usage(ctx: CommandContext, verb: string): number {
  ctx.host.write(dictGet(VERB_USAGE, verb) ?? USAGE);
  return ERROR_INVALID_COMMAND_LINE;
}

function create(ctx: CommandContext, k: Kernel, verb: 'create' | 'config', name: string, rest: readonly string[]): number {
  const opts = parseOptions(rest);
  if (!opts) return usage(ctx, verb);
  const known = new Set(['type=', 'start=', 'error=', 'binpath=', 'group=', 'tag=', 'depend=', 'obj=', 'displayname=', 'password=']);
  for (const key of opts.keys()) if (!known.has(key)) return usage(ctx, verb);
  const pick = (key: string, table: Record<string, number>): number | null | undefined => {
    const v = opts.get(key);
    if (v === undefined) return undefined;
    return dictGet(table, v.toLowerCase()) ?? null;
  };
  const type = pick('type=', TYPES);
  const start = pick('start=', STARTS);
  const error = pick('error=', ERRORS);
  if (type === null || start === null || error === null) return usage(ctx, verb);
  if (verb === 'config') {
    if (!k.scm.open(name)) return failure(ctx, 'OpenService', k.scm.openError(name));
    const depend = opts.get('depend=');
    const result = k.scm.changeConfig(name, {
      type,
      start,
      error,
      binPath: opts.get('binpath='),
      displayName: opts.get('displayname='),
      group: opts.get('group='),
      depend: depend === undefined ? undefined : depend.split('/').filter(Boolean),
    });
    if (result !== 0) return failure(ctx, 'ChangeServiceConfig', result);
    ctx.out('[SC] ChangeServiceConfig SUCCESS');
    return 0;
  }
  const result = k.scm.create({
    name,
    type: type ?? 0x10,
    start: start ?? 3,
    error: error ?? 1,
    binPath: opts.get('binpath=') ?? '',
    displayName: opts.get('displayname=') ?? null,
    group: opts.get('group=') ?? null,
    depend: (opts.get('depend=') ?? '').split('/').filter(Boolean),
  });
  if (result !== 0) return failure(ctx, 'CreateService', result);
  ctx.out('[SC] CreateService SUCCESS');
  return 0;
}

function query(ctx: CommandContext, k: Kernel, extended: boolean, rest: readonly string[]): number {
  if (rest.length > 0 && !rest[0].endsWith('=')) {
    const name = rest[0];
    const s = k.scm.status(name);
    if (!s) return failure(ctx, 'EnumQueryServicesStatus:OpenService', k.scm.openError(name));
    ctx.out('');
    statusBlock(ctx, name, s, extended, null);
    return 0;
  }
  const opts = parseOptions(rest);
  if (!opts) return usage(ctx, extended ? 'queryex' : 'query');
  const type = (opts.get('type=') ?? 'service').toLowerCase();
  const state = (opts.get('state=') ?? 'active').toLowerCase();
  if (!['driver', 'service', 'all'].includes(type) || !['active', 'inactive', 'all'].includes(state)) return usage(ctx, extended ? 'queryex' : 'query');
  for (const name of k.scm.names()) {
    const s = k.scm.status(name, false);
    if (!s) continue;
    const isDriver = k.scm.isDriver(s.type);
    if ((type === 'driver' && !isDriver) || (type === 'service' && isDriver)) continue;
    const active = s.state !== SERVICE_STOPPED;
    if ((state === 'active' && !active) || (state === 'inactive' && active)) continue;
    ctx.out('');
    statusBlock(ctx, s.name, s, extended, k.scm.config(name, false)?.displayName ?? s.name);
  }
  return 0;
}

function qc(ctx: CommandContext, k: Kernel, name: string): number {
  const c = k.scm.config(name);
  if (!c) return failure(ctx, 'OpenService', k.scm.openError(name));
  ctx.out('[SC] QueryServiceConfig SUCCESS');
  ctx.out('');
  ctx.out(`SERVICE_NAME: ${name}`);
  ctx.out(FIELD('TYPE') + `${c.type.toString(16)}  ${typeName(c.type)}`);
  ctx.out(FIELD('START_TYPE') + `${c.start}   ${START_NAMES[c.start] ?? ''}`);
  ctx.out(FIELD('ERROR_CONTROL') + `${c.error}   ${ERROR_NAMES[c.error] ?? ''}`);
  ctx.out(FIELD('BINARY_PATH_NAME') + c.binaryPath);
  ctx.out(FIELD('LOAD_ORDER_GROUP') + c.group);
  ctx.out(FIELD('TAG') + String(c.tag));
  ctx.out(FIELD('DISPLAY_NAME') + c.displayName);
  ctx.out(FIELD('DEPENDENCIES') + (c.dependencies[0] ?? ''));
  for (const d of c.dependencies.slice(1)) ctx.out(' '.repeat(27) + ': ' + d);
  ctx.out(FIELD('SERVICE_START_NAME') + c.startName);
  return 0;
}

function run(args: readonly string[], ctx: CommandContext, k: Kernel): number {
  let rest = [...args];
  let unreachable = false;
  if (rest[0]?.startsWith('\\\\')) {
    // Only this machine answers: any other server is unreachable from the lab.
    unreachable = !isLocalMachine(ctx, rest[0]);
    rest = rest.slice(1);
  }
  const verb = (rest[0] ?? '').toLowerCase();
  if (OTHER_VERBS.includes(verb)) {
    // A lab note, not sc's text: the real sc has this command, this machine's does not.
    ctx.out(`sc: '${rest[0]}' is not available on this lab machine; it offers ${Object.keys(VERB_USAGE).join(', ')}.`);
    return ERROR_INVALID_COMMAND_LINE;
  }
  if (!verb || !dictHas(VERB_USAGE, verb)) {
    ctx.host.write(USAGE);
    if (verb) return ERROR_INVALID_COMMAND_LINE;
    if (rest.length === 0) ctx.host.spawn(queryHelpQuestion);
    return 0;
  }
  const name = rest[1];
  if (name === undefined && verb !== 'query' && verb !== 'queryex') return usage(ctx, verb);
  if (unreachable) return failure(ctx, 'OpenSCManager', RPC_S_SERVER_UNAVAILABLE);
  if (verb === 'query' || verb === 'queryex') return query(ctx, k, verb === 'queryex', rest.slice(1));
  switch (verb) {
    case 'create':
    case 'config':
      return create(ctx, k, verb, name, rest.slice(2));
    case 'qc':
      return qc(ctx, k, name);
    case 'enumdepend': {
      if (!k.scm.open(name)) return failure(ctx, 'OpenService', k.scm.openError(name));
      const dependents = k.scm.dependents(name);
      ctx.out(`Enum: entriesRead = ${dependents.length}`);
      for (const d of dependents) {
        const st = k.scm.status(d, false);
        if (!st) continue;
        ctx.out('');
        statusBlock(ctx, d, st, false, k.scm.config(d, false)?.displayName ?? d);
      }
      return 0;
    }
    case 'start': {
      if (!k.scm.open(name)) return failure(ctx, 'StartService: OpenService', k.scm.openError(name));
      const result = k.scm.start(name);
      if (k.halted) return 0;
      if (result !== 0) return failure(ctx, 'StartService', result);
      const s = k.scm.status(name, false);
      ctx.out('');
      if (s) statusBlock(ctx, name, s, true, null);
      return 0;
    }
    case 'stop':
    case 'pause':
    case 'continue':
    case 'interrogate': {
      if (!k.scm.open(name)) return failure(ctx, 'OpenService', k.scm.openError(name));
      const before = k.scm.status(name, false);
      const result = k.scm.control(name, verb);
      if (k.halted) return 0;
      if (result !== 0) return failure(ctx, 'ControlService', result);
      // ControlService returns the status it left the service in, even when a stop let a
      // service marked for delete go away.
      const s = k.scm.status(name, false) ?? (before && { ...before, state: SERVICE_STOPPED, controlsAccepted: 0, exitCode: 0 });
      ctx.out('');
      if (s) statusBlock(ctx, name, s, false, null);
      return 0;
    }
    case 'delete': {
      if (!k.scm.open(name)) return failure(ctx, 'OpenService', k.scm.openError(name));
      const result = k.scm.delete(name);
      if (result !== 0) return failure(ctx, 'DeleteService', result);
      ctx.out('[SC] DeleteService SUCCESS');
      return 0;
    }
    case 'qdescription': {
      const stored = k.scm.open(name);
      if (!stored) return failure(ctx, 'OpenService', k.scm.openError(name));
      ctx.out('[SC] QueryServiceConfig2 SUCCESS');
      ctx.out('');
      ctx.out(`SERVICE_NAME: ${name}`);
      ctx.out(`DESCRIPTION:  ${k.cm.string(`\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\${stored}`, 'Description') ?? ''}`);
      return 0;
    }
    case 'description': {
      const stored = k.scm.open(name);
      if (!stored) return failure(ctx, 'OpenService', k.scm.openError(name));
      k.cm.setValue(`\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\${stored}`, 'Description', 'REG_SZ', rest.slice(2).join(' '));
      ctx.out('[SC] ChangeServiceConfig2 SUCCESS');
      return 0;
    }
    default:
      return usage(ctx, verb);
  }
}

export const sc: ConsoleCommand = {
  name: 'sc',
  summary: 'Communicates with the Service Control Manager and services.',
  help: USAGE,
  run(args, ctx) {
    return withKernel(ctx, 'sc', (k) => run(args, ctx, k));
  },
  complete(args, _partial, machine) {
    const verbs = [
      'start',
      'stop',
      'query',
      'queryex',
      'qc',
      'delete',
      'config',
      'pause',
      'continue',
      'description',
      'qdescription',
      'interrogate',
      'enumdepend',
    ];
    if (args.length === 1 && verbs.includes(args[0].toLowerCase())) return kernelOf(machine)?.scm.names() ?? [];
    if (args.length === 0)
      return [
        'query',
        'queryex',
        'start',
        'stop',
        'qc',
        'delete',
        'create',
        'config',
        'pause',
        'continue',
        'description',
        'qdescription',
        'interrogate',
        'enumdepend',
      ];
    if (['create', 'config'].includes(args[0].toLowerCase()) && args.length >= 2) {
      const values: Record<string, Record<string, number>> = { 'type=': TYPES, 'start=': STARTS, 'error=': ERRORS };
      const table = dictGet(values, args[args.length - 1].toLowerCase());
      if (table) return Object.keys(table);
      return ['type=', 'start=', 'error=', 'binPath=', 'DisplayName=', 'group=', 'depend='];
    }
    return [];
  },
};
