/** driverquery.exe: the installed device drivers and their properties. */
import type { CommandContext, ConsoleCommand } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import { imagePathToWin32 } from '../../kernel/io/loader.ts';
import { moduleCode } from '../../kernel/drivers/modules.ts';
import { SERVICE_ACCEPT_STOP } from '../../kernel/services/scm.ts';
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

    /V                     Displays verbose output. Not valid
                           for signed drivers.

    /?                     Displays this help message.

Examples:
    DRIVERQUERY
    DRIVERQUERY /FO CSV
    DRIVERQUERY /NH
    DRIVERQUERY /V /FO LIST
`;

const START = ['Boot', 'System', 'Auto', 'Manual', 'Disabled'];
/** Win32_SystemDriver.State, by SERVICE_STATUS.dwCurrentState. */
const STATE = ['Unknown', 'Stopped', 'Start Pending', 'Stop Pending', 'Running', 'Continue Pending', 'Pause Pending', 'Paused'];

interface Row {
  cells: string[];
}

function rows(k: Kernel, verbose: boolean): { headers: string[]; widths: number[]; rows: Row[] } {
  const headers = verbose
    ? ['Module Name', 'Display Name', 'Description', 'Driver Type', 'Start Mode', 'State', 'Status', 'Accept Stop', 'Accept Pause', 'Link Date', 'Path']
    : ['Module Name', 'Display Name', 'Driver Type', 'Link Date'];
  const widths = verbose ? [12, 22, 22, 13, 10, 10, 10, 11, 12, 22, 40] : [12, 22, 13, 22];
  const out: Row[] = [];
  for (const name of k.scm.names()) {
    const c = k.scm.config(name, false);
    const s = k.scm.status(name, false);
    if (!c || !s || !k.scm.isDriver(c.type)) continue;
    const path = imagePathToWin32(c.binaryPath || `\\SystemRoot\\system32\\drivers\\${name}.sys`);
    const file = k.fs.file(path);
    const code = file?.image ? moduleCode(file.image) : undefined;
    const link = code ? longTime(code.linkDate * 1000) : '';
    const type = c.type === 2 ? 'File System' : 'Kernel';
    out.push({
      cells: verbose
        ? [name, c.displayName, c.displayName, type, START[c.start] ?? '', STATE[s.state] ?? 'Unknown', 'OK', s.controlsAccepted & SERVICE_ACCEPT_STOP ? 'TRUE' : 'FALSE', 'FALSE', link, path]
        : [name, c.displayName, type, link],
    });
  }
  return { headers, widths, rows: out };
}

function run(args: readonly string[], ctx: CommandContext, k: Kernel): number {
  let format = 'table';
  let noHeader = false;
  let verbose = false;
  for (let i = 0; i < args.length; i++) {
    if (isSwitch(args[i], 'fo') && i + 1 < args.length && ['table', 'list', 'csv'].includes(args[i + 1].toLowerCase())) format = args[++i].toLowerCase();
    else if (isSwitch(args[i], 'nh')) noHeader = true;
    else if (isSwitch(args[i], 'v')) verbose = true;
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
  const t = rows(k, verbose);
  if (format === 'csv') {
    const q = (cells: string[]) => cells.map((c) => `"${c}"`).join(',');
    if (!noHeader) ctx.out(q(t.headers));
    for (const r of t.rows) ctx.out(q(r.cells));
    return 0;
  }
  if (format === 'list') {
    const w = Math.max(...t.headers.map((h) => h.length)) + 2;
    for (const r of t.rows) {
      ctx.out('');
      r.cells.forEach((c, i) => ctx.out((t.headers[i] + ':').padEnd(w) + c));
    }
    return 0;
  }
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c.slice(0, t.widths[i]) : c.slice(0, t.widths[i]).padEnd(t.widths[i]))).join(' ');
  ctx.out('');
  if (!noHeader) {
    ctx.out(line(t.headers));
    ctx.out(t.widths.map((w) => '='.repeat(w)).join(' '));
  }
  for (const r of t.rows) ctx.out(line(r.cells));
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
