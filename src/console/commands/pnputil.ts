/**
 * pnputil.exe /enum-devices: devices in the PnP manager's tree, in the layout
 * of Windows 10 (version 2004 and later), where this switch first appeared.
 */
import type { CommandContext, ConsoleCommand } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import { DeviceNodeStarted, PROBLEM_NAMES } from '../../kernel/pnp/devnode.ts';
import { withKernel } from './ntcommon.ts';

const HELP = `Microsoft PnP Utility

PNPUTIL [/enum-devices [/instanceid <id>] [/class <name | GUID>] [/problem]
         [/stopped] [/started]]

Commands:

  /enum-devices [/instanceid <id>] [/class <name | GUID>] [/problem] [/stopped] [/started]

      Enumerate all devices on the system.

      /instanceid <id>        - filter by device instance ID.
      /class <name | GUID>    - filter by device class name or GUID.
      /problem                - filter by devices with problems.
      /stopped                - filter by stopped devices.
      /started                - filter by started devices.

Examples:

  Enumerate all devices on the system:
    pnputil /enum-devices

  Enumerate devices with a specific instance ID:
    pnputil /enum-devices /instanceid "ROOT\\SAMPLE\\0000"

/enum-devices first shipped in Windows 10 version 2004; this lab's Windows 7
machine offers it (and only it) so that its device list can be compared with
devcon's. To add drivers, use devcon install here.
`;

const LABEL = (s: string) => (s + ':').padEnd(28);

function run(args: readonly string[], ctx: CommandContext, k: Kernel): number {
  const a = args.map((x) => x.toLowerCase());
  if (a[0] !== '/enum-devices') {
    ctx.host.write(HELP);
    return 87;
  }
  let instance: string | null = null;
  let cls: string | null = null;
  let problem = false;
  let stopped = false;
  let started = false;
  for (let i = 1; i < args.length; i++) {
    if (a[i] === '/instanceid' && i + 1 < args.length) instance = args[++i];
    else if (a[i] === '/class' && i + 1 < args.length) cls = args[++i].toLowerCase();
    else if (a[i] === '/problem') problem = true;
    else if (a[i] === '/stopped') stopped = true;
    else if (a[i] === '/started') started = true;
    else {
      ctx.out('Microsoft PnP Utility');
      ctx.out('');
      ctx.out(`Invalid command line syntax: ${args[i]}`);
      ctx.out('');
      return 87;
    }
  }
  ctx.out('Microsoft PnP Utility');
  ctx.out('');
  const nodes = k.pnp.ordered().filter((d) => {
    if (instance !== null && d.InstancePath.toLowerCase() !== instance.toLowerCase()) return false;
    if (cls !== null && d.Class.toLowerCase() !== cls && d.ClassGuid.toLowerCase() !== cls) return false;
    const isStarted = d.State === DeviceNodeStarted && d.Problem === 0;
    if (problem && d.Problem === 0) return false;
    if (stopped && isStarted) return false;
    if (started && !isStarted) return false;
    return true;
  });
  if (nodes.length === 0) {
    ctx.out('No devices were found on the system.');
    ctx.out('');
    return 0;
  }
  for (const d of nodes) {
    ctx.out(LABEL('Instance ID') + d.InstancePath);
    ctx.out(LABEL('Device Description') + d.Description);
    ctx.out(LABEL('Class Name') + d.Class);
    ctx.out(LABEL('Class GUID') + d.ClassGuid.toLowerCase());
    if (d.Manufacturer) ctx.out(LABEL('Manufacturer Name') + d.Manufacturer);
    if (d.Problem) {
      ctx.out(LABEL('Status') + 'Problem');
      ctx.out(LABEL('Problem Code') + `${d.Problem} (0x${d.Problem.toString(16).toUpperCase()}) [${PROBLEM_NAMES[d.Problem] ?? ''}]`);
    } else ctx.out(LABEL('Status') + (d.State === DeviceNodeStarted ? 'Started' : 'Stopped'));
    if (d.Inf) ctx.out(LABEL('Driver Name') + d.Inf);
    ctx.out('');
  }
  return 0;
}

export const pnputil: ConsoleCommand = {
  name: 'pnputil',
  summary: 'Microsoft PnP Utility: lists devices (/enum-devices).',
  help: HELP,
  run(args, ctx) {
    return withKernel(ctx, 'pnputil', (k) => run(args, ctx, k));
  },
};
