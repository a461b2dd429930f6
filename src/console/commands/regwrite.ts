/**
 * reg.exe's writing operations: REG ADD (a key, or a value with /v or /ve,
 * /t type, /d data, /s separator, /f no prompt) and REG DELETE (a key, or
 * /v, /ve, /va values; /f no prompt). Without /f reg asks before it
 * overwrites or deletes, and reads the answer from the next line typed. The
 * writes go through the kernel (NtSetValueKey, NtDeleteKey), so registry
 * callbacks see them.
 */
import type { Program } from '../../base/program.ts';
import type { CommandContext } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import type { RegData, RegType } from '../../kernel/cm/registry.ts';

export const ADD_HELP = `
REG ADD KeyName [/v ValueName | /ve] [/t Type] [/s Separator] [/d Data] [/f]

  KeyName  [\\\\Machine\\]FullKey
           Machine  Name of remote machine - omitting defaults to the
                    current machine. Only HKLM and HKU are available on remote
                    machines.
           FullKey  ROOTKEY\\SubKey
           ROOTKEY  [ HKLM | HKCU | HKCR | HKU | HKCC ]
           SubKey   The full name of a registry key under the selected ROOTKEY.

  /v       The value name, under the selected Key, to add.

  /ve      adds an empty value name (Default) for the key.

  /t       RegKey data types
           [ REG_SZ    | REG_MULTI_SZ | REG_EXPAND_SZ |
             REG_DWORD | REG_QWORD    | REG_BINARY    | REG_NONE ]
           If omitted, REG_SZ is assumed.

  /s       Specify one character that you use as the separator in your data
           string for REG_MULTI_SZ. If omitted, use "\\0" as the separator.

  /d       The data to assign to the registry ValueName being added.

  /f       Force overwriting the existing registry entry without prompt.
`;

export const DELETE_HELP = `
REG DELETE KeyName [/v ValueName | /ve | /va] [/f]

  KeyName    [\\\\Machine\\]FullKey
    Machine  Name of remote machine - omitting defaults to the current machine.
             Only HKLM and HKU are available on remote machines.
    FullKey  ROOTKEY\\SubKey
    ROOTKEY  [ HKLM | HKCU | HKCR | HKU | HKCC ]
    SubKey   The full name of a registry key under the selected ROOTKEY.

  ValueName  The value name, under the selected Key, to delete.
             When omitted, all subkeys and values under the Key are deleted.

  /ve        delete the value of empty value name (Default).

  /va        delete all values under this key.

  /f         Forces the deletion without prompt.
`;

const OK = 'The operation completed successfully.';
const NOT_FOUND = 'ERROR: The system was unable to find the specified registry key or value.';
const CANCELED = 'The operation was canceled by the user.';

/** A key reg.exe names as HKEY_LOCAL_MACHINE\..., in the kernel's terms. */
export interface RegTarget {
  path: string;
  shown: string;
}

function invalid(ctx: CommandContext, op: string, detail = ''): number {
  ctx.out(`ERROR: Invalid syntax.${detail ? ` ${detail}` : ''}`);
  ctx.out(`Type "REG ${op} /?" for usage.`);
  return 1;
}

/** Ask reg's Yes/No question; `then` runs when the answer is yes. */
function ask(ctx: CommandContext, question: string, then: (out: (text?: string) => void) => void): number {
  const program: Program = {
    name: 'reg',
    prompt: () => question,
    run(line, host) {
      const out = (text = '') => host.write(`${text}\n`);
      const a = line.trim().toLowerCase();
      if (a === 'y' || a === 'yes') then(out);
      else if (a === 'n' || a === 'no') out(CANCELED);
      else {
        host.write(question);
        return;
      }
      host.write('\n');
      host.exit();
    },
    interrupt(host) {
      host.write('^C\n');
      host.exit();
    },
  };
  ctx.host.spawn(program);
  return 0;
}

/** Parse /d data for a type; null when reg would refuse it. */
function parseData(type: RegType, data: string, separator: string): RegData | null {
  if (type === 'REG_DWORD') {
    const n = /^0x[0-9a-f]{1,8}$/i.test(data) ? parseInt(data, 16) : /^\d{1,10}$/.test(data) ? Number(data) : NaN;
    return Number.isNaN(n) || n > 0xffffffff ? null : n;
  }
  if (type === 'REG_MULTI_SZ') return data === '' ? [] : data.split(separator === '\\0' ? '\\0' : separator);
  if (type === 'REG_BINARY') return /^([0-9a-f]{2})*$/i.test(data) ? data.toUpperCase() : null;
  return data;
}

const TYPES: readonly RegType[] = ['REG_SZ', 'REG_EXPAND_SZ', 'REG_DWORD', 'REG_MULTI_SZ', 'REG_BINARY'];
/** Types reg.exe offers that this machine's registry does not store. */
const OTHER_TYPES = ['REG_QWORD', 'REG_NONE', 'REG_DWORD_BIG_ENDIAN', 'REG_DWORD_LITTLE_ENDIAN', 'REG_LINK'];

/** A key directly under HKLM is a hive's root: reg may neither create nor delete one. */
function isHiveRoot(path: string): boolean {
  return path.split('\\').length <= 4;
}

export function regAdd(ctx: CommandContext, k: Kernel, target: RegTarget, args: readonly string[]): number {
  let name: string | null = null;
  let type: RegType = 'REG_SZ';
  let data: string | null = null;
  let separator = '\\0';
  let force = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i].toLowerCase().replace(/^-/, '/');
    if (a === '/v' && i + 1 < args.length && name === null) name = args[++i];
    else if (a === '/ve' && name === null) name = '';
    else if (a === '/t' && i + 1 < args.length) {
      const t = args[++i].toUpperCase();
      if (OTHER_TYPES.includes(t)) {
        // A lab note, not reg.exe's text.
        ctx.out(`ERROR: ${t} values are not available on this lab machine; it stores ${TYPES.join(', ')}.`);
        return 1;
      }
      const known = TYPES.find((x) => x === t);
      if (!known) return invalid(ctx, 'ADD');
      type = known;
    } else if (a === '/d' && i + 1 < args.length) data = args[++i];
    else if (a === '/s' && i + 1 < args.length) separator = args[++i];
    else if (a === '/f') force = true;
    else return invalid(ctx, 'ADD');
  }
  if (name === null && data !== null) return invalid(ctx, 'ADD');
  const parsed = parseData(type, data ?? (type === 'REG_DWORD' ? '0' : ''), separator);
  if (parsed === null) return invalid(ctx, 'ADD', "Specify valid numeric value for '/d'.");
  if (!k.cm.exists(target.path) && isHiveRoot(target.path)) {
    ctx.out('ERROR: Access is denied.');
    return 1;
  }
  const write = (out: (text?: string) => void) => {
    k.ke.guard('system-call', () => {
      k.cm.createKey(target.path);
      if (name !== null) k.cm.setValue(target.path, name, type, parsed);
    });
    out(OK);
  };
  if (name !== null && !force && k.cm.value(target.path, name) !== undefined) {
    return ask(ctx, `Value ${name === '' ? '(Default)' : name} exists, overwrite(Yes/No)? `, write);
  }
  write(ctx.out);
  return 0;
}

export function regDelete(ctx: CommandContext, k: Kernel, target: RegTarget, args: readonly string[]): number {
  let name: string | null = null;
  let all = false;
  let force = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i].toLowerCase().replace(/^-/, '/');
    if (a === '/v' && i + 1 < args.length && name === null && !all) name = args[++i];
    else if (a === '/ve' && name === null && !all) name = '';
    else if (a === '/va' && name === null) all = true;
    else if (a === '/f') force = true;
    else return invalid(ctx, 'DELETE');
  }
  const stored = k.cm.keyPath(target.path);
  if (!stored || (name !== null && k.cm.value(stored, name) === undefined)) {
    ctx.out(NOT_FOUND);
    return 1;
  }
  if (name === null && !all && isHiveRoot(stored)) {
    ctx.out('ERROR: Access is denied.');
    return 1;
  }
  const shown = 'HKEY_LOCAL_MACHINE' + stored.slice('\\REGISTRY\\MACHINE'.length);
  const remove = (out: (text?: string) => void) => {
    k.ke.guard('system-call', () => {
      if (name !== null) k.cm.deleteValue(stored, name);
      else if (all) for (const v of Object.values(k.cm.key(stored)?.values ?? {})) k.cm.deleteValue(stored, v.name);
      else k.cm.deleteKey(stored);
    });
    out(OK);
  };
  if (force) {
    remove(ctx.out);
    return 0;
  }
  const question =
    name !== null
      ? `Delete the registry value ${name === '' ? '(Default)' : name} (Yes/No)? `
      : all
        ? `Delete all values under the registry key ${shown} (Yes/No)? `
        : `Permanently delete the registry key ${shown} (Yes/No)? `;
  return ask(ctx, question, remove);
}
