/**
 * NET USE: the machine's mapped network drives. Lists them (a drive letter
 * whose \GLOBAL?? link leads to the redirector), maps a drive to a share the
 * redirector serves, and deletes a mapping, with net's messages and system
 * errors. The lab's network has one share, \\fileserver\share.
 */
import type { CommandContext } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import { NT_SUCCESS } from '../../kernel/status.ts';
import { FILE_DEVICE_NETWORK_FILE_SYSTEM } from '../../kernel/flt/fltmgr.ts';
import { MUP_DEVICE, SHARE_UNC } from '../../kernel/rdr/mup.ts';
import { existingFileServer } from '../../kernel/rdr/server.ts';

const EXIT_FAILED = 2;
const RULE = '-'.repeat(79);

/** The redirector's device, when this machine has one. */
function redirector(k: Kernel): number | null {
  const r = k.ob.lookup(MUP_DEVICE);
  return NT_SUCCESS(r.status) && k.io.state.devices[r.id]?.DeviceType === FILE_DEVICE_NETWORK_FILE_SYSTEM ? r.id : null;
}

/** Drive letters mapped to the redirector. */
function mapped(k: Kernel): string[] {
  const mup = redirector(k);
  if (mup === null) return [];
  return [...'DEFGHIJKLMNOPQRSTUVWXYZ']
    .map((l) => `${l}:`)
    .filter((d) => {
      const r = k.ob.lookup(`\\GLOBAL??\\${d}`);
      return NT_SUCCESS(r.status) && r.id === mup;
    });
}

function systemError(ctx: CommandContext, code: number, text: string): number {
  ctx.out(`System error ${code} has occurred.`);
  ctx.out('');
  ctx.out(text);
  ctx.out('');
  return EXIT_FAILED;
}

function list(ctx: CommandContext, k: Kernel): number {
  const drives = mapped(k);
  ctx.out('New connections will be remembered.');
  ctx.out('');
  if (drives.length === 0) {
    ctx.out('There are no entries in the list.');
    ctx.out('');
    return 0;
  }
  ctx.out('');
  ctx.out('Status       Local     Remote                    Network');
  ctx.out('');
  ctx.out(RULE);
  for (const d of drives) ctx.out(`${'OK'.padEnd(13)}${d.padEnd(10)}${SHARE_UNC.padEnd(26)}Microsoft Windows Network`);
  ctx.out('The command completed successfully.');
  ctx.out('');
  return 0;
}

/** NET USE [drive: [\\server\share] | drive: /DELETE]. */
export function netUse(ctx: CommandContext, k: Kernel, args: readonly string[]): number {
  const switches = args.filter((a) => a.startsWith('/')).map((a) => a.toLowerCase());
  const names = args.filter((a) => !a.startsWith('/'));
  if (names.length === 0 && switches.length === 0) return list(ctx, k);
  const drive = names[0]?.toUpperCase() ?? '';
  if (!/^[D-Z]:$/.test(drive) || switches.some((s) => !['/delete', '/d', '/persistent:yes', '/persistent:no'].includes(s))) {
    ctx.out('The syntax of this command is:');
    ctx.out('');
    ctx.out('NET USE\n[devicename | *] [\\\\computername\\sharename[\\volume] [password | *]]\n        [/DELETE]');
    ctx.out('');
    return 1;
  }
  const link = `\\GLOBAL??\\${drive}`;
  if (switches.includes('/delete') || switches.includes('/d')) {
    if (!mapped(k).includes(drive)) {
      ctx.out('The network connection could not be found.');
      ctx.out('');
      ctx.out('More help is available by typing NET HELPMSG 2250.');
      ctx.out('');
      return EXIT_FAILED;
    }
    k.nt.IoDeleteSymbolicLink(link);
    const server = existingFileServer(k.machine);
    if (server) server.state.mappings = server.state.mappings.filter((d) => d !== drive);
    ctx.out(`${drive} was deleted successfully.`);
    ctx.out('');
    return 0;
  }
  const remote = names[1];
  if (!remote) return systemError(ctx, 67, 'The network name cannot be found.');
  if (redirector(k) === null || remote.replace(/\\$/, '').toLowerCase() !== SHARE_UNC.toLowerCase())
    return systemError(ctx, 53, 'The network path was not found.');
  if (NT_SUCCESS(k.ob.lookup(link).status)) return systemError(ctx, 85, 'The local device name is already in use.');
  k.nt.IoCreateSymbolicLink(link, MUP_DEVICE);
  // New connections are remembered: the redirector maps them again at the next boot.
  const server = existingFileServer(k.machine);
  if (server && !server.state.mappings.includes(drive)) server.state.mappings.push(drive);
  ctx.out('The command completed successfully.');
  ctx.out('');
  return 0;
}
