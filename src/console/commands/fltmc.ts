/**
 * `fltmc`: the Filter Manager control program. Lists minifilters (by
 * altitude), their instances and the volumes FltMgr filters; loads and
 * unloads a minifilter driver (FilterLoad / FilterUnload); attaches and
 * detaches an instance (FilterAttach / FilterAttachAtAltitude / FilterDetach).
 * Failures print "<Verb> failed with error: 0x%08x" and the system's message.
 */
import type { CommandContext, ConsoleCommand } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import { RtlNtStatusToDosError, STATUS_IMAGE_ALREADY_LOADED, STATUS_OBJECT_NAME_NOT_FOUND } from '../../kernel/status.ts';
import { serviceKey } from '../../kernel/cm/registry.ts';
import { win32Message } from '../../kernel/win32.ts';
import { withKernel } from './ntcommon.ts';
import { FILE_DEVICE_NETWORK_FILE_SYSTEM } from '../../kernel/flt/fltmgr.ts';

const USAGE = `
Valid commands:
    load        Loads a Filter driver
    unload      Unloads a Filter driver
    filters     Lists the Filters currently registered in the system
    instances   Lists the Instances for a Filter or Volume currently
                registered in the system
    volumes     Lists all volumes/RDRs in the system
    attach      Creates a Filter Instance to a Volume
    detach      Removes a Filter Instance from a Volume

    Use fltmc help [ command ] for help on a specific command
`;

const COMMAND_HELP = new Map<string, string>([
  ['load', `\nLoads a Filter driver\n\n    fltmc load [ driverName ]\n\n    Parameters:\n        driverName - Name of the Filter driver to be loaded\n`],
  [
    'unload',
    `\nUnloads a Filter driver\n\n    fltmc unload [ driverName ]\n\n    Parameters:\n        driverName - Name of the Filter driver to be unloaded\n`,
  ],
  ['filters', `\nLists the Filters currently registered in the system\n\n    fltmc filters\n`],
  [
    'instances',
    `\nLists the Instances for a Filter or Volume currently registered in the system\n\n    fltmc instances [[ -f <filterName> ] | [ -v <volumeName> ]]\n\n    Parameters:\n        -f - Lists all instances associated with the specified filter\n        -v - Lists all instances associated with the specified volume\n`,
  ],
  ['volumes', `\nLists all volumes/RDRs in the system\n\n    fltmc volumes\n`],
  [
    'attach',
    `\nCreates a Filter Instance to a Volume\n\n    fltmc attach [ filterName ] [ volumeName ] [[ -i instanceName ] [ -a altitude ]]\n\n    Parameters:\n        -i - Instance name of the instance to create\n        -a - Altitude to create the instance at\n`,
  ],
  ['detach', `\nRemoves a Filter Instance from a Volume\n\n    fltmc detach [ filterName ] [ volumeName ] [ instanceName ]\n`],
]);

const FLT_MESSAGES = new Map<number, string>([
  [0x801f000f, 'Do not attach the filter to the volume at this time.'],
  [0x801f0011, 'An instance already exists at this altitude on the volume specified.'],
  [0x801f0012, 'An instance already exists with this name on the volume specified.'],
  [0x801f0013, 'The system could not find the filter specified.'],
  [0x801f0014, 'The system could not find the volume specified.'],
  [0x801f0015, 'The system could not find the instance specified.'],
]);

const hresultText = (hr: number) => `0x${(hr >>> 0).toString(16).padStart(8, '0')}`;

function failed(ctx: CommandContext, verb: string, hr: number): number {
  const message = FLT_MESSAGES.get(hr >>> 0) ?? (hr >>> 16 === 0x8007 ? win32Message(hr & 0xffff) : 'Unknown error.');
  ctx.out('');
  ctx.out(`${verb} failed with error: ${hresultText(hr)}`);
  ctx.out(message);
  ctx.out('');
  return hr >>> 16 === 0x8007 ? hr & 0xffff : 1;
}

const fromWin32 = (code: number) => (0x80070000 | code) >>> 0;

function filters(ctx: CommandContext, k: Kernel): number {
  ctx.out('');
  ctx.out('Filter Name                     Num Instances    Altitude    Frame');
  ctx.out('------------------------------  -------------  ------------  -----');
  for (const f of k.flt.filters()) {
    const n = k.flt.instancesOf(f.Name).length;
    ctx.out(`${f.Name.padEnd(30)}  ${String(n).padStart(9)}${f.DefaultAltitude.padStart(13)}${String(f.Frame).padStart(10)}`);
  }
  ctx.out('');
  return 0;
}

function volumeLabel(k: Kernel, device: string): string {
  return k.flt.dosName(device) ?? device;
}

function instances(ctx: CommandContext, k: Kernel, args: readonly string[]): number {
  let filter: string | null = null;
  let volume: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i].toLowerCase();
    if ((a === '-f' || a === '-v') && args[i + 1] !== undefined) {
      if (a === '-f') filter = args[++i];
      else volume = args[++i];
    } else return usageOf(ctx, 'instances');
  }
  let list = Object.values(k.flt.state.instances);
  if (filter !== null) {
    if (!k.flt.filter(filter)) return failed(ctx, 'Instances', 0x801f0013);
    list = list.filter((i) => i.Filter.toLowerCase() === filter?.toLowerCase());
  }
  if (volume !== null) {
    const device = k.flt.resolveVolume(volume);
    if (!device) return failed(ctx, 'Instances', 0x801f0014);
    list = list.filter((i) => i.Volume === device);
  }
  list.sort((a, b) => Number(b.Altitude) - Number(a.Altitude) || a.Volume.localeCompare(b.Volume));
  ctx.out('');
  ctx.out('Filter                Volume Name                              Altitude        Instance Name       Frame   VlStatus');
  ctx.out('--------------------  -------------------------------------  ------------  ----------------------  -----   --------');
  for (const i of list) {
    ctx.out(`${i.Filter.padEnd(20)}  ${volumeLabel(k, i.Volume).padEnd(37)}  ${i.Altitude.padStart(9)}     ${i.Name.padEnd(22)}  ${'0'.padStart(3)}`.trimEnd());
  }
  ctx.out('');
  return 0;
}

function volumes(ctx: CommandContext, k: Kernel): number {
  ctx.out('');
  ctx.out('Dos Name                        Volume Name                              FileSystem   Status');
  ctx.out('------------------------------  ---------------------------------------  ----------  --------');
  for (const v of k.flt.volumes()) {
    const device = Object.values(k.io.state.devices).find((d) => d.Name?.toLowerCase() === v.device.toLowerCase());
    ctx.out(`${(v.dos ?? '').padEnd(30)}  ${v.device.padEnd(39)}  ${device?.DeviceType === FILE_DEVICE_NETWORK_FILE_SYSTEM ? 'Remote' : 'NTFS'}`);
  }
  ctx.out('');
  return 0;
}

function load(ctx: CommandContext, k: Kernel, name: string): number {
  const status = k.loader.load(name);
  if (status === 0) return 0;
  if (status === STATUS_IMAGE_ALREADY_LOADED) return failed(ctx, 'Load', fromWin32(1056));
  if (status === STATUS_OBJECT_NAME_NOT_FOUND && !k.cm.keyPath(serviceKey(name))) return failed(ctx, 'Load', fromWin32(2));
  return failed(ctx, 'Load', fromWin32(RtlNtStatusToDosError(status)));
}

function unload(ctx: CommandContext, k: Kernel, name: string): number {
  if (!k.flt.filter(name)) return failed(ctx, 'Unload', 0x801f0013);
  const status = k.loader.unload(name);
  return status === 0 ? 0 : failed(ctx, 'Unload', fromWin32(RtlNtStatusToDosError(status)));
}

function attach(ctx: CommandContext, k: Kernel, args: readonly string[]): number {
  const [filter, volume, ...rest] = args;
  if (!filter || !volume) return usageOf(ctx, 'attach');
  let instance: string | null = null;
  let altitude: string | null = null;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i].toLowerCase();
    if (a === '-i' && rest[i + 1] !== undefined) instance = rest[++i];
    else if (a === '-a' && rest[i + 1] !== undefined && /^\d+(\.\d+)?$/.test(rest[i + 1])) altitude = rest[++i];
    else return usageOf(ctx, 'attach');
  }
  const hr = k.flt.attach(filter, volume, instance, altitude);
  return hr === 0 ? 0 : failed(ctx, 'Attach', hr);
}

function detach(ctx: CommandContext, k: Kernel, args: readonly string[]): number {
  const [filter, volume, instance] = args;
  if (!filter || !volume || !instance || args.length > 3) return usageOf(ctx, 'detach');
  const hr = k.flt.detach(filter, volume, instance);
  return hr === 0 ? 0 : failed(ctx, 'Detach', hr);
}

function usageOf(ctx: CommandContext, command: string): number {
  ctx.out(COMMAND_HELP.get(command) ?? USAGE);
  return 87;
}

export const fltmc: ConsoleCommand = {
  name: 'fltmc',
  summary: 'Filter Manager control program: minifilters, their instances and volumes.',
  help: USAGE,
  run(args, ctx) {
    const verb = (args[0] ?? 'filters').toLowerCase();
    const rest = args.slice(1);
    if (verb === '/?' || verb === '-?' || verb === 'help') {
      const topic = rest[0]?.toLowerCase();
      ctx.out(topic !== undefined ? (COMMAND_HELP.get(topic) ?? USAGE) : USAGE);
      return 0;
    }
    return withKernel(ctx, 'fltmc', (k) => {
      switch (verb) {
        case 'filters':
          return rest.length === 0 ? filters(ctx, k) : usageOf(ctx, 'filters');
        case 'instances':
          return instances(ctx, k, rest);
        case 'volumes':
          return rest.length === 0 ? volumes(ctx, k) : usageOf(ctx, 'volumes');
        case 'load':
          return rest.length === 1 ? load(ctx, k, rest[0]) : usageOf(ctx, 'load');
        case 'unload':
          return rest.length === 1 ? unload(ctx, k, rest[0]) : usageOf(ctx, 'unload');
        case 'attach':
          return attach(ctx, k, rest);
        case 'detach':
          return detach(ctx, k, rest);
        default:
          ctx.out(USAGE);
          return 87;
      }
    });
  },
};
