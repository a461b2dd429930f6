/** driverquery.exe: the installed device drivers and their properties. */
import type { CommandContext, ConsoleCommand } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import { imagePathToWin32 } from '../../kernel/io/loader.ts';
import { moduleCode } from '../../kernel/drivers/modules.ts';
import { SERVICE_ACCEPT_STOP } from '../../kernel/services/scm.ts';
import { serviceKey } from '../../kernel/cm/registry.ts';
import { isSwitch, longTime, withKernel } from './ntcommon.ts';

const HELP = `
DRIVERQUERY [/S system [/U username [/P [password]]]]
              [/FO format] [/NH] [/SI] [/V]
Description:
    Enables an administrator to display a list of
    installed device drivers.

Parameter List:
    /FO    format          Specifies the type of output to display.
                           Valid values to be passed with the switch are
                           "TABLE", "LIST", "CSV".

    /NH                    Specifies that the "Column Header" should
                           not be displayed in the screen output.
                           Valid for "TABLE" and "CSV" format only.

    /SI                    Provides information about signed drivers.

    /V                     Displays verbose output. Not valid
                           for signed drivers.

    /?                     Displays this help message.

Examples:
    DRIVERQUERY
    DRIVERQUERY /FO CSV
    DRIVERQUERY /NH
    DRIVERQUERY /V /FO LIST
    DRIVERQUERY /SI
`;

const START = ['Boot', 'System', 'Auto', 'Manual', 'Disabled'];
/** Win32_SystemDriver.State, by SERVICE_STATUS.dwCurrentState. */
const STATE = ['Unknown', 'Stopped', 'Start Pending', 'Stop Pending', 'Running', 'Continue Pending', 'Pause Pending', 'Paused'];

interface Table {
  headers: string[];
  widths: number[];
  rows: string[][];
}

/** en-US digits with thousands separators, as driverquery prints sizes. */
function bytes(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/**
 * Section sizes of a driver image (driverquery /v reads them from the PE headers). The lab's
 * images have no real sections: this model splits the image size the way a small driver's
 * sections usually split it, rounded to the 512-byte file alignment.
 */
function sections(imageSize: number): { paged: number; code: number; bss: number; init: number } {
  const align = (n: number) => Math.max(512, Math.round(n / 512) * 512);
  return { paged: align(imageSize * 0.22), code: align(imageSize * 0.46), bss: 0, init: align(imageSize * 0.06) };
}

function drivers(k: Kernel, verbose: boolean): Table {
  const headers = verbose
    ? [
        'Module Name',
        'Display Name',
        'Description',
        'Driver Type',
        'Start Mode',
        'State',
        'Status',
        'Accept Stop',
        'Accept Pause',
        'Paged Pool(bytes)',
        'Code(bytes)',
        'BSS(bytes)',
        'Link Date',
        'Path',
        'Init(bytes)',
      ]
    : ['Module Name', 'Display Name', 'Driver Type', 'Link Date'];
  const widths = verbose ? [12, 22, 22, 13, 10, 10, 10, 11, 12, 17, 11, 10, 22, 48, 11] : [12, 22, 13, 22];
  const rows: string[][] = [];
  for (const name of k.scm.names()) {
    const c = k.scm.config(name, false);
    const s = k.scm.status(name, false);
    if (!c || !s || !k.scm.isDriver(c.type)) continue;
    const path = imagePathToWin32(c.binaryPath || `\\SystemRoot\\system32\\drivers\\${name}.sys`);
    const file = k.fs.file(path);
    const code = file?.image ? moduleCode(file.image) : undefined;
    const link = code ? longTime(code.linkDate * 1000) : '';
    const type = c.type === 2 ? 'File System' : 'Kernel';
    if (!verbose) {
      rows.push([name, c.displayName, type, link]);
      continue;
    }
    const size = sections(code?.imageSize ?? file?.size ?? 0);
    rows.push([
      name,
      c.displayName,
      c.displayName,
      type,
      START[c.start] ?? '',
      STATE[s.state] ?? 'Unknown',
      'OK',
      s.controlsAccepted & SERVICE_ACCEPT_STOP ? 'TRUE' : 'FALSE',
      'FALSE',
      bytes(size.paged),
      bytes(size.code),
      bytes(size.bss),
      link,
      path,
      bytes(size.init),
    ]);
  }
  return { headers, widths, rows };
}

/** /SI: the signed-driver information of each device with an installed driver (Win32_PnPSignedDriver). */
function signedDrivers(k: Kernel): Table {
  const rows: string[][] = [];
  for (const dn of k.pnp.ordered()) {
    if (dn.Legacy || !dn.Inf || !dn.Service) continue;
    const path = imagePathToWin32(k.cm.string(serviceKey(dn.Service), 'ImagePath') ?? `\\SystemRoot\\system32\\drivers\\${dn.Service}.sys`);
    const image = k.fs.file(path)?.image;
    const code = image ? moduleCode(image) : undefined;
    rows.push([dn.Description, dn.Inf, code && code.signature !== null ? 'TRUE' : 'FALSE', dn.Manufacturer]);
  }
  return { headers: ['DeviceName', 'InfName', 'IsSigned', 'Manufacturer'], widths: [30, 13, 8, 25], rows };
}

function run(args: readonly string[], ctx: CommandContext, k: Kernel): number {
  let format = 'table';
  let noHeader = false;
  let verbose = false;
  let signed = false;
  for (let i = 0; i < args.length; i++) {
    if (isSwitch(args[i], 'fo') && i + 1 < args.length && ['table', 'list', 'csv'].includes(args[i + 1].toLowerCase())) format = args[++i].toLowerCase();
    else if (isSwitch(args[i], 'nh')) noHeader = true;
    else if (isSwitch(args[i], 'v')) verbose = true;
    else if (isSwitch(args[i], 'si')) signed = true;
    else {
      ctx.out(`ERROR: Invalid argument/option - '${args[i]}'.`);
      ctx.out('Type "DRIVERQUERY /?" for usage.');
      return 1;
    }
  }
  if (noHeader && format === 'list') {
    ctx.out('ERROR: Invalid syntax. /NH option is valid only for "TABLE" and "CSV" format.');
    ctx.out('Type "DRIVERQUERY /?" for usage.');
    return 1;
  }
  if (verbose && signed) {
    ctx.out('ERROR: Invalid syntax. /V option is not valid for signed drivers (/SI).');
    ctx.out('Type "DRIVERQUERY /?" for usage.');
    return 1;
  }
  const t = signed ? signedDrivers(k) : drivers(k, verbose);
  if (format === 'csv') {
    const q = (cells: string[]) => cells.map((c) => `"${c}"`).join(',');
    if (!noHeader) ctx.out(q(t.headers));
    for (const r of t.rows) ctx.out(q(r));
    return 0;
  }
  if (format === 'list') {
    const w = Math.max(...t.headers.map((h) => h.length)) + 2;
    for (const r of t.rows) {
      ctx.out('');
      r.forEach((c, i) => ctx.out((t.headers[i] + ':').padEnd(w) + c));
    }
    return 0;
  }
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c.slice(0, t.widths[i]) : c.slice(0, t.widths[i]).padEnd(t.widths[i]))).join(' ');
  ctx.out('');
  if (!noHeader) {
    ctx.out(line(t.headers));
    ctx.out(t.widths.map((w) => '='.repeat(w)).join(' '));
  }
  for (const r of t.rows) ctx.out(line(r));
  return 0;
}

export const driverquery: ConsoleCommand = {
  name: 'driverquery',
  summary: 'Displays a list of installed device drivers.',
  help: HELP,
  run(args, ctx) {
    return withKernel(ctx, 'driverquery', (k) => run(args, ctx, k));
  },
};
