/**
 * devcon.exe (the WDK's Device Console sample): install, remove, status,
 * stack, hwids and find over the PnP manager's device tree. Messages are the
 * tool's own; exit codes 0 (ok), 1 (reboot needed), 2 (failed), 3 (bad usage).
 */
import type { CommandContext, ConsoleCommand } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import { fullPathOf } from '../drives.ts';
import { installRootDevice } from '../../kernel/pnp/setup.ts';
import { DeviceNodeStarted, type DevNode } from '../../kernel/pnp/devnode.ts';
import { isLocalMachine, wildcardMatch, withKernel } from './ntcommon.ts';
import { dictGet } from '../../kernel/rtl/dict.ts';

const EXIT_OK = 0;
const EXIT_REBOOT = 1;
const EXIT_FAIL = 2;
const EXIT_USAGE = 3;

const ID_EXAMPLES = `Examples of <id>:
 *              - All devices
 ISAPNP\\PNP0501 - Hardware ID
 *PNP*          - Hardware ID with wildcards  (* matches anything)
 @ISAPNP\\*\\*    - Instance ID with wildcards  (@ prefixes instance ID)
 '*PNP0501      - Hardware ID with apostrophe (' prefixes literal match - matches exactly as typed,
                                               including the asterisk.)
`;

const LONG: Record<string, string> = {
  install: `Devcon Install Command
Installs the specified device manually. Valid only on the local computer.
(To reboot when necesary, Include -r .)
devcon [-r] install <inf> <hwid>
<inf>        Specifies an INF file with installation information for the device.
<hwid>       Specifies a hardware ID for the device.
-r           Reboots the system only when a restart or reboot is required.
`,
  remove: `Devcon Remove Command
Removes devices with the specified hardware or instance ID. Valid only on
the local computer. (To reboot when necesary, Include -r .)
devcon [-r] remove <id> [<id>...]
devcon [-r] remove =<class> [<id>...]
<class>      Specifies a device setup class.
${ID_EXAMPLES}`,
  status: `Devcon Status Command
Lists the running status of devices with the specified hardware or instance ID.
Valid on local and remote computers.
devcon [-m:\\\\<machine>] status <id> [<id>...]
devcon [-m:\\\\<machine>] status =<class> [<id>...]
<machine>    Specifies a remote computer.
<class>      Specifies a device setup class.
${ID_EXAMPLES}`,
  stack: `Devcon Stack Command
Lists the expected driver stack of devices with the specified hardware
or instance ID. PnP calls each driver's AddDevice routine when building
the device stack. Valid on local and remote computers.
devcon [-m:\\\\<machine>] stack <id> [<id>...]
devcon [-m:\\\\<machine>] stack =<class> [<id>...]
<machine>    Specifies a remote computer.
<class>      Specifies a device setup class.
${ID_EXAMPLES}`,
  hwids: `Devcon Hwids Command
Lists hardware IDs of all devices with the specified hardware or instance ID.
Valid on local and remote computers.
devcon [-m:\\\\<machine>] hwids <id> [<id>...]
devcon [-m:\\\\<machine>] hwids =<class> [<id>...]
<machine>    Specifies a remote computer.
<class>      Specifies a device setup class.
${ID_EXAMPLES}`,
  find: `Devcon Find Command
Finds devices with the specified hardware or instance ID. Valid on local and remote computers.
devcon [-m:\\\\<machine>] find <id> [<id>...]
devcon [-m:\\\\<machine>] find =<class> [<id>...]
<machine>    Specifies a remote computer.
<class>      Specifies a device setup class.
${ID_EXAMPLES}Device entries have the format <instance>: <descr>
where <instance> is the unique instance of the device and <descr> is the device description.
`,
};

const SHORT: [string, string][] = [
  ['find', 'Find devices.'],
  ['help', 'Display Devcon help.'],
  ['hwids', 'List hardware IDs of devices.'],
  ['install', 'Install a device manually.'],
  ['remove', 'Remove devices.'],
  ['stack', 'List expected driver stack for devices.'],
  ['status', 'List running status of devices.'],
];

/** The real devcon's other commands, which this lab machine's devcon does not offer. */
const OTHER_COMMANDS = [
  'classfilter',
  'classes',
  'disable',
  'driverfiles',
  'drivernodes',
  'enable',
  'findall',
  'listclass',
  'reboot',
  'rescan',
  'resources',
  'restart',
  'sethwid',
  'update',
  'updateni',
  'dp_add',
  'dp_delete',
  'dp_enum',
];

const HELP = `Device Console Help:
devcon [-r] [-m:\\\\<machine>] <command> [<arg>...]
-r           Reboots the system only when a restart or reboot is required.
<machine>    Specifies a remote computer.
<command>    Specifies a Devcon command (see command list below).
<arg>...     One or more arguments that modify a command.
For help with a specific command, type: devcon help <command>

${SHORT.map(([c, d]) => c.padEnd(20) + ' ' + d).join('\n')}
`;

/** Devices matching devcon's <id> arguments (present devices only). */
function matching(k: Kernel, ids: readonly string[]): DevNode[] {
  let nodes = k.pnp.ordered();
  let rest = ids;
  if (rest[0]?.startsWith('=')) {
    const cls = rest[0].slice(1).toLowerCase();
    nodes = nodes.filter((d) => d.Class.toLowerCase() === cls);
    rest = rest.slice(1);
    if (rest.length === 0) return nodes;
  }
  return nodes.filter((d) =>
    rest.some((id) => {
      if (id === '*') return true;
      if (id.startsWith('@')) return wildcardMatch(id.slice(1), d.InstancePath);
      if (id.startsWith("'")) return d.HardwareIds.some((h) => h.toLowerCase() === id.slice(1).toLowerCase());
      return d.HardwareIds.some((h) => wildcardMatch(id, h));
    }),
  );
}

/** devcon's one-line form of a device: the instance ID padded to 60, then ': ' and the text. */
function deviceLine(instance: string, info: string | null): string {
  return info ? `${instance.padEnd(60)}: ${info}` : instance;
}

function listing(ctx: CommandContext, k: Kernel, ids: readonly string[], oneLine: boolean, each: (d: DevNode) => void): number {
  const nodes = matching(k, ids);
  for (const d of nodes) {
    if (oneLine) {
      ctx.out(deviceLine(d.InstancePath, d.Description || null));
      continue;
    }
    ctx.out(d.InstancePath);
    if (d.Description) ctx.out(`    Name: ${d.Description}`);
    each(d);
  }
  ctx.out(nodes.length ? `${nodes.length} matching device(s) found.` : 'No matching devices found.');
  return EXIT_OK;
}

function status(ctx: CommandContext, d: DevNode): void {
  if (d.Problem) ctx.out(`    The device has the following problem: ${d.Problem.toString().padStart(2, '0')}`);
  else if (d.State === DeviceNodeStarted) ctx.out('    Driver is running.');
  else ctx.out('    Device is currently stopped.');
}

function run(args: readonly string[], ctx: CommandContext, k: Kernel): number {
  const rest = args.filter((a) => a.toLowerCase() !== '-r' && !a.toLowerCase().startsWith('-m:'));
  const remote =
    args
      .find((a) => a.toLowerCase().startsWith('-m:'))
      ?.slice(3)
      .replace(/^\\\\/, '') ?? null;
  const cmd = (rest[0] ?? '').toLowerCase();
  const params = rest.slice(1);
  const invalid = () => {
    ctx.out(`devcon: Invalid use of ${cmd}.`);
    ctx.out(`For more information, type: devcon help ${cmd}`);
    return EXIT_USAGE;
  };
  // install and remove are local-only; the listing commands reach another machine through
  // SetupDiGetClassDevsEx, and only this one answers from the lab.
  if (remote !== null && (cmd === 'install' || cmd === 'remove')) return invalid();
  if (remote !== null && ['status', 'stack', 'hwids', 'find'].includes(cmd) && params.length > 0) {
    if (!isLocalMachine(ctx, remote)) {
      ctx.out('devcon failed.');
      return EXIT_FAIL;
    }
  }
  switch (cmd) {
    case '':
      ctx.out('devcon Usage: devcon [-r] [-m:\\\\<machine>] <command> [<arg>...]');
      ctx.out('For more information, type: devcon help');
      return EXIT_USAGE;
    case 'help': {
      const topic = params[0]?.toLowerCase();
      const long = topic ? dictGet(LONG, topic) : undefined;
      if (long) ctx.host.write(long);
      else if (topic) ctx.host.write('Unknown command.\n\n' + SHORT.map(([c, d]) => c.padEnd(20) + ' ' + d).join('\n') + '\n');
      else ctx.host.write(HELP);
      return EXIT_OK;
    }
    case 'status':
    case 'stack':
    case 'hwids':
    case 'find':
      if (params.length === 0) return invalid();
      return listing(ctx, k, params, cmd === 'find', (d) => {
        if (cmd === 'status') status(ctx, d);
        else if (cmd === 'hwids') {
          if (d.HardwareIds.length === 0) ctx.out('    No hardware/compatible IDs found for this device.');
          else {
            ctx.out('    Hardware IDs:');
            for (const h of d.HardwareIds) ctx.out(`        ${h}`);
          }
        } else if (cmd === 'stack') {
          if (d.ClassGuid) ctx.out(`    Setup Class: ${d.ClassGuid} ${d.Class}`);
          else ctx.out('    Device is not set up.');
          ctx.out('    Controlling service:');
          ctx.out(`        ${d.Service ?? '(none)'}`);
        }
      });
    case 'install': {
      if (params.length !== 2) return invalid();
      const inf = fullPathOf(ctx.state, params[0]);
      const result = installRootDevice(k, inf, params[1]);
      if (k.halted) return EXIT_FAIL;
      if (!result.ok && result.stage === 'inf') {
        ctx.out('devcon failed.');
        return EXIT_FAIL;
      }
      ctx.out('Device node created. Install is complete when drivers are installed...');
      ctx.out(`Updating drivers for ${params[1]} from ${inf}.`);
      if (!result.ok) {
        ctx.out('devcon failed.');
        return EXIT_FAIL;
      }
      ctx.out('Drivers installed successfully.');
      return EXIT_OK;
    }
    case 'remove': {
      if (params.length === 0) return invalid();
      const nodes = matching(k, params);
      let removed = 0;
      let reboot = 0;
      for (const d of nodes) {
        const r = k.ke.guard('system-thread', () => k.pnp.remove(d));
        if (r === null) return EXIT_FAIL;
        ctx.out(deviceLine(d.InstancePath, r.removed ? 'Removed' : 'Removed on reboot'));
        if (r.removed) removed++;
        else reboot++;
      }
      if (reboot) {
        ctx.out(`The ${reboot + removed} device(s) are ready to be removed. To remove the devices, reboot the system.`);
        return EXIT_REBOOT;
      }
      ctx.out(removed ? `${removed} device(s) were removed.` : 'No devices were removed.');
      return EXIT_OK;
    }
    default:
      if (OTHER_COMMANDS.includes(cmd)) {
        // A lab note, not devcon's text: the real tool has this command, this machine's does not.
        ctx.out(`devcon: '${cmd}' is not available on this lab machine; it offers ${SHORT.map(([c]) => c).join(', ')}.`);
        return EXIT_FAIL;
      }
      ctx.out(`devcon Usage: devcon [-r] [-m:\\\\<machine>] <command> [<arg>...]`);
      ctx.out('For more information, type: devcon help');
      return EXIT_USAGE;
  }
}

export const devcon: ConsoleCommand = {
  name: 'devcon',
  summary: 'Device Console (WDK sample): installs, removes and lists devices.',
  help: HELP,
  run(args, ctx) {
    return withKernel(ctx, 'devcon', (k) => run(args, ctx, k));
  },
  complete(args) {
    return args.length === 0 ? SHORT.map(([c]) => c) : [];
  },
};
