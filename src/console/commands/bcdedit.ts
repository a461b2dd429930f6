/**
 * bcdedit.exe: lists and changes the boot configuration store (BCD). Enough of
 * it for a driver developer's test machine: /enum, /set and /deletevalue of
 * the common elements (testsigning, nointegritychecks, debug, bootdebug, nx,
 * description, timeout), /debug, /bootdebug and /dbgsettings. Changes are
 * stored at once and take effect at the next restart. The lab console is
 * elevated, so no access check applies.
 */
import type { CommandContext, ConsoleCommand } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import { BOOTMGR, DBGSETTINGS, ELEMENTS, LOADER_GUID, setElement, type BcdObject } from '../../kernel/boot/bcd.ts';
import { withKernel } from './ntcommon.ts';

const HELP = `
BCDEDIT - Boot Configuration Data Store Editor

The Bcdedit.exe command-line tool modifies the boot configuration data store.
The boot configuration data store contains boot configuration parameters and
controls how the operating system is booted. These parameters were previously
in the Boot.ini file (in BIOS-based operating systems) or in the nonvolatile
RAM entries (in Extensible Firmware Interface-based operating systems). You can
use Bcdedit.exe to add, delete, edit, and append entries in the boot
configuration data store.

Commands that operate on entry options
======================================
/deletevalue    Deletes entry options from the store.
/set            Sets entry option values in the store.

Commands that control output
============================
/enum           Lists entries in the store.
/v              Command-line option that displays entry identifiers in full,
                rather than using names for well-known identifiers.

Commands that control debugging
===============================
/bootdebug      Enables or disables boot debugging for a boot application.
/dbgsettings    Sets the global debugger parameters.
/debug          Enables or disables kernel debugging for an operating system
                entry.

Lab note: this lab machine's bcdedit offers the commands above; the real tool
also creates, copies, deletes, exports and imports entries and stores.
`;

const OK = 'The operation completed successfully.';
const PARAMETER = 'The parameter is incorrect.';
const ASSIST = 'Run "bcdedit /?" for command line assistance.';

/** The real bcdedit's other commands, which this lab machine's bcdedit does not offer. */
const OTHER_COMMANDS = [
  '/createstore',
  '/export',
  '/import',
  '/sysstore',
  '/store',
  '/copy',
  '/create',
  '/delete',
  '/mirror',
  '/bootsequence',
  '/default',
  '/displayorder',
  '/timeout',
  '/toolsdisplayorder',
  '/bootems',
  '/ems',
  '/emssettings',
  '/hypervisorsettings',
  '/event',
];

function error(ctx: CommandContext, what: string, detail = PARAMETER, assist = true): number {
  ctx.out(what);
  if (assist) ctx.out(ASSIST);
  ctx.out(detail);
  return 1;
}

/** How bcdedit names an identifier: {current} for the running system's entry, unless /v. */
function shownId(id: string, verbose: boolean): string {
  return !verbose && id === LOADER_GUID ? '{current}' : id;
}

function showEntry(ctx: CommandContext, obj: BcdObject, verbose: boolean): void {
  ctx.out('');
  ctx.out(obj.heading);
  ctx.out('-'.repeat(obj.heading.length));
  if (obj.id !== DBGSETTINGS) ctx.out('identifier'.padEnd(24) + shownId(obj.id, verbose));
  for (const e of obj.elements) ctx.out(e.name.padEnd(24) + shownId(e.value, verbose));
}

function enumerate(ctx: CommandContext, k: Kernel, args: readonly string[]): number {
  let verbose = false;
  let type = 'active';
  for (const a of args) {
    if (a.toLowerCase() === '/v') verbose = true;
    else if (a.toLowerCase() === '/enum') continue;
    else type = a.toLowerCase();
  }
  const all = k.bcd.state.objects;
  let shown: BcdObject[];
  if (type === 'active') shown = all.filter((o) => o.id !== DBGSETTINGS);
  else if (type === 'all') shown = all;
  else if (type === 'bootmgr') shown = all.filter((o) => o.id === BOOTMGR);
  else if (type === 'osloader') shown = all.filter((o) => o.id === LOADER_GUID);
  else if (type.startsWith('{')) {
    const obj = k.bcd.object(type);
    if (!obj) return error(ctx, 'The entry identifier specified is not valid.', 'The system cannot find the file specified.', false);
    shown = [obj];
  } else return error(ctx, 'The enumeration type specified is not valid.');
  for (const o of shown) showEntry(ctx, o, verbose);
  return 0;
}

/** A value as the element's kind accepts it, in the form bcdedit stores and prints; null when invalid. */
function parseValue(kind: string, raw: string): string | null {
  const v = raw.toLowerCase();
  if (kind === 'boolean') {
    if (['on', 'yes', 'true', '1'].includes(v)) return 'Yes';
    if (['off', 'no', 'false', '0'].includes(v)) return 'No';
    return null;
  }
  if (kind === 'integer')
    return /^\d{1,10}$/.test(raw) && Number(raw) <= 0xffffffff ? String(Number(raw)) : /^0x[0-9a-f]{1,8}$/i.test(raw) ? String(parseInt(raw, 16)) : null;
  if (kind === 'nx') return ['OptIn', 'OptOut', 'AlwaysOn', 'AlwaysOff'].find((n) => n.toLowerCase() === v) ?? null;
  return kind === 'string' ? raw : null;
}

/** Split an optional leading {identifier} off the arguments ({current} by default). */
function target(k: Kernel, args: readonly string[]): { obj: BcdObject | undefined; rest: readonly string[]; given: boolean } {
  if (args[0]?.startsWith('{')) return { obj: k.bcd.object(args[0]), rest: args.slice(1), given: true };
  return { obj: k.bcd.object(LOADER_GUID), rest: args, given: false };
}

function set(ctx: CommandContext, k: Kernel, args: readonly string[]): number {
  const { obj, rest } = target(k, args);
  if (!obj) return error(ctx, 'An error occurred while attempting to reference the specified entry.', 'The system cannot find the file specified.', false);
  if (rest.length < 2) return error(ctx, 'The set command specified is not valid.');
  const name = rest[0].toLowerCase();
  const element = ELEMENTS.find((e) => e.name === name);
  if (!element || !k.bcd.applies(obj, name)) {
    return error(ctx, 'The element data type specified is not recognized, or does not apply to the specified entry.', 'Element not found.');
  }
  const value = parseValue(element.kind, rest.slice(1).join(' '));
  if (value === null || (element.kind !== 'string' && rest.length > 2)) return error(ctx, 'The set command specified is not valid.');
  setElement(obj, name, value);
  ctx.out(OK);
  return 0;
}

function deleteValue(ctx: CommandContext, k: Kernel, args: readonly string[]): number {
  const { obj, rest } = target(k, args);
  if (!obj) return error(ctx, 'An error occurred while attempting to reference the specified entry.', 'The system cannot find the file specified.', false);
  if (rest.length !== 1) return error(ctx, 'The delete value command specified is not valid.');
  const name = rest[0].toLowerCase();
  if (!ELEMENTS.some((e) => e.name === name))
    return error(ctx, 'The element data type specified is not recognized, or does not apply to the specified entry.', 'Element not found.');
  const at = obj.elements.findIndex((e) => e.name === name);
  if (at < 0 || !k.bcd.applies(obj, name))
    return error(ctx, 'An error occurred while attempting to delete the specified data element.', 'Element not found.', false);
  obj.elements.splice(at, 1);
  ctx.out(OK);
  return 0;
}

/** /debug [id] on|off and /bootdebug [id] on|off. */
function toggle(ctx: CommandContext, k: Kernel, element: 'debug' | 'bootdebug', args: readonly string[]): number {
  const { obj, rest } = target(k, args);
  if (!obj) return error(ctx, 'An error occurred while attempting to reference the specified entry.', 'The system cannot find the file specified.', false);
  const value = rest.length === 1 ? { on: 'Yes', off: 'No' }[rest[0].toLowerCase()] : undefined;
  if (!value || !k.bcd.applies(obj, element)) return error(ctx, `The ${element} command specified is not valid.`);
  setElement(obj, element, value);
  ctx.out(OK);
  return 0;
}

/** /dbgsettings alone shows the settings; with a type it replaces them (serial, 1394, usb: Windows 7's transports). */
function dbgsettings(ctx: CommandContext, k: Kernel, args: readonly string[]): number {
  const obj = k.bcd.object(DBGSETTINGS);
  if (!obj) return error(ctx, 'An error occurred while attempting to reference the specified entry.', 'The system cannot find the file specified.', false);
  if (args.length === 0) {
    for (const e of obj.elements) ctx.out(e.name.padEnd(24) + e.value);
    ctx.out(OK);
    return 0;
  }
  const type = args[0].toLowerCase();
  const options = new Map<string, string>();
  for (const a of args.slice(1)) {
    const m = /^([a-z]+):(.+)$/i.exec(a);
    if (!m) return error(ctx, 'The debugger settings specified are not valid.');
    options.set(m[1].toLowerCase(), m[2]);
  }
  const allowed: Record<string, { shown: string; options: string[]; defaults: [string, string][] }> = {
    serial: {
      shown: 'Serial',
      options: ['debugport', 'baudrate'],
      defaults: [
        ['debugport', '1'],
        ['baudrate', '115200'],
      ],
    },
    '1394': { shown: '1394', options: ['channel'], defaults: [['channel', '0']] },
    usb: { shown: 'USB', options: ['targetname'], defaults: [] },
  };
  const spec = Object.hasOwn(allowed, type) ? allowed[type] : undefined;
  if (!spec) return error(ctx, 'The debugger type specified is not valid.');
  for (const key of options.keys()) if (!spec.options.includes(key)) return error(ctx, 'The debugger settings specified are not valid.');
  if (type === 'usb' && !options.has('targetname')) return error(ctx, 'The debugger settings specified are not valid.');
  const elements = [{ name: 'debugtype', value: spec.shown }];
  for (const [name, fallback] of [...spec.defaults, ...(type === 'usb' ? [['targetname', ''] as [string, string]] : [])]) {
    const raw = options.get(name) ?? fallback;
    const value = name === 'targetname' ? raw : parseValue('integer', raw);
    if (value === null || (name === 'debugport' && Number(value) < 1)) return error(ctx, 'The integer data is not valid as specified.');
    elements.push({ name, value });
  }
  obj.elements = [];
  for (const e of elements) setElement(obj, e.name, e.value);
  ctx.out(OK);
  return 0;
}

function run(args: readonly string[], ctx: CommandContext, k: Kernel): number {
  const cmd = (args[0] ?? '/enum').toLowerCase();
  const rest = args.slice(1);
  switch (cmd) {
    case '/?':
    case '-?':
      ctx.host.write(HELP);
      return 0;
    case '/enum':
    case '/v':
      return enumerate(ctx, k, args);
    case '/set':
      return set(ctx, k, rest);
    case '/deletevalue':
      return deleteValue(ctx, k, rest);
    case '/debug':
      return toggle(ctx, k, 'debug', rest);
    case '/bootdebug':
      return toggle(ctx, k, 'bootdebug', rest);
    case '/dbgsettings':
      return dbgsettings(ctx, k, rest);
    default:
      if (OTHER_COMMANDS.includes(cmd)) {
        // A lab note, not bcdedit's text: the real tool has this command, this machine's does not.
        ctx.out(`bcdedit: '${args[0]}' is not available on this lab machine; it offers /enum, /v, /set, /deletevalue, /debug, /bootdebug and /dbgsettings.`);
        return 1;
      }
      return error(ctx, 'The command specified is not valid.');
  }
}

export const bcdedit: ConsoleCommand = {
  name: 'bcdedit',
  summary: 'Boot Configuration Data store editor: test signing and debug settings.',
  help: HELP,
  run(args, ctx) {
    return withKernel(ctx, 'bcdedit', (k) => run(args, ctx, k));
  },
};
