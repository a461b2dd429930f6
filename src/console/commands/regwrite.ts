/**
 * reg.exe's writing operations: REG ADD (a key, or a value with /v or /ve,
 * /t type, /d data, /s separator, /f no prompt) and REG DELETE (a key, or
 * /v, /ve, /va values; /f no prompt). Without /f reg asks before it
 * overwrites or deletes, and reads the answer from the next line typed. The
 * writes go through advapi32 (RegCreateKeyExW, RegSetValueExW, RegDeleteKeyW…)
 * to the kernel's NtCreateKey, NtSetValueKey, NtDeleteKey as system calls of
 * reg's process, so registry callbacks and breakpoints see them. A key is
 * deleted with its subtree, deepest keys first, as reg does.
 */
import type { Program } from '../../base/program.ts';
import type { CommandContext } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import type { RegData, RegType } from '../../kernel/cm/registry.ts';
import { DELETE, KEY_ALL_ACCESS, KEY_ENUMERATE_SUB_KEYS, KEY_QUERY_VALUE, KEY_SET_VALUE } from '../../kernel/cm/ntkey.ts';
import { type Advapi32, HKEY_LOCAL_MACHINE } from '../../kernel/user/advapi32.ts';
import { ERROR_SUCCESS } from '../../kernel/win32.ts';
import { enumKeys, enumValues, regError, withApi } from './regapi.ts';

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
const CANCELED = 'The operation was canceled by the user.';

/** A key reg.exe names as HKEY_LOCAL_MACHINE\...: its subkey of HKLM, and the name as shown. */
export interface RegTarget {
  sub: string;
  shown: string;
}

function invalid(ctx: CommandContext, op: string, detail = ''): number {
  ctx.out(`ERROR: Invalid syntax.${detail ? ` ${detail}` : ''}`);
  ctx.out(`Type "REG ${op} /?" for usage.`);
  return 1;
}

/** Ask reg's Yes/No question; `then` runs when the answer is yes. */
function ask(ctx: CommandContext, question: string, then: (out: (text?: string) => void) => unknown): number {
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
  // Without /f, reg asks before it overwrites a value that exists.
  const exists =
    name !== null &&
    withApi(k, (api) => {
      const open = api.RegOpenKeyExW(HKEY_LOCAL_MACHINE, target.sub, 0, KEY_QUERY_VALUE);
      if (open.error !== ERROR_SUCCESS) return false;
      const found = api.RegQueryValueExW(open.key, name).error === ERROR_SUCCESS;
      api.RegCloseKey(open.key);
      return found;
    });
  const write = (out: (text?: string) => void): number => {
    const error = withApi(k, (api) => {
      const created = api.RegCreateKeyExW(HKEY_LOCAL_MACHINE, target.sub, 0, KEY_ALL_ACCESS);
      if (created.error !== ERROR_SUCCESS) return created.error;
      const set = name !== null ? api.RegSetValueExW(created.key, name, type, parsed) : ERROR_SUCCESS;
      api.RegCloseKey(created.key);
      return set;
    });
    out(error === ERROR_SUCCESS ? OK : regError(error));
    return error === ERROR_SUCCESS ? 0 : 1;
  };
  if (name !== null && !force && exists) {
    return ask(ctx, `Value ${name === '' ? '(Default)' : name} exists, overwrite(Yes/No)? `, write);
  }
  return write(ctx.out);
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
  // The key opened as the deletion needs it: a missing key or value is reported before any
  // question, and so is a key reg may not delete (a hive's root grants no DELETE).
  const access = name === null && !all ? DELETE | KEY_ENUMERATE_SUB_KEYS | KEY_QUERY_VALUE : KEY_QUERY_VALUE | KEY_SET_VALUE;
  const check = withApi(k, (api) => {
    const open = api.RegOpenKeyExW(HKEY_LOCAL_MACHINE, target.sub, 0, access);
    if (open.error !== ERROR_SUCCESS) return open.error;
    const error = name !== null ? api.RegQueryValueExW(open.key, name).error : ERROR_SUCCESS;
    api.RegCloseKey(open.key);
    return error;
  });
  if (check !== ERROR_SUCCESS) {
    ctx.out(regError(check));
    return 1;
  }
  // reg names the key as it was typed, its root spelled out.
  const shown = target.shown;
  const remove = (out: (text?: string) => void): number => {
    const error = withApi(k, (api) => {
      if (name === null && !all) return deleteTree(api, HKEY_LOCAL_MACHINE, target.sub);
      const open = api.RegOpenKeyExW(HKEY_LOCAL_MACHINE, target.sub, 0, access);
      if (open.error !== ERROR_SUCCESS) return open.error;
      let result = ERROR_SUCCESS;
      const names = name !== null ? [name] : enumValues(api, open.key).map((v) => v.name);
      for (const n of names) if (result === ERROR_SUCCESS) result = api.RegDeleteValueW(open.key, n);
      api.RegCloseKey(open.key);
      return result;
    });
    out(error === ERROR_SUCCESS ? OK : regError(error));
    return error === ERROR_SUCCESS ? 0 : 1;
  };
  if (force) return remove(ctx.out);
  const question =
    name !== null
      ? `Delete the registry value ${name === '' ? '(Default)' : name} (Yes/No)? `
      : all
        ? `Delete all values under the registry key ${shown} (Yes/No)? `
        : `Permanently delete the registry key ${shown} (Yes/No)? `;
  return ask(ctx, question, remove);
}

/** Delete a key with its subtree: each subkey's own subtree first, then the key (RegDeleteKeyW takes a key without subkeys). */
function deleteTree(api: Advapi32, parent: number, sub: string): number {
  const open = api.RegOpenKeyExW(parent, sub, 0, DELETE | KEY_ENUMERATE_SUB_KEYS | KEY_QUERY_VALUE);
  if (open.error !== ERROR_SUCCESS) return open.error;
  let error = ERROR_SUCCESS;
  for (const child of enumKeys(api, open.key)) if (error === ERROR_SUCCESS) error = deleteTree(api, open.key, child);
  api.RegCloseKey(open.key);
  return error === ERROR_SUCCESS ? api.RegDeleteKeyW(parent, sub) : error;
}
