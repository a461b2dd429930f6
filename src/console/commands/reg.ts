/** reg.exe: query, add and delete keys and values of the machine's registry (HKLM only on this machine). */
import type { CommandContext, ConsoleCommand } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import type { RegValue } from '../../kernel/cm/registry.ts';
import { KEY_READ } from '../../kernel/cm/ntkey.ts';
import { Advapi32, HKEY_LOCAL_MACHINE } from '../../kernel/user/advapi32.ts';
import { ERROR_SUCCESS } from '../../kernel/win32.ts';
import { NOT_FOUND, enumKeys, enumValues, regError, REG_FRAMES } from './regapi.ts';
import { withKernel } from './ntcommon.ts';
import { ADD_HELP, DELETE_HELP, type RegTarget, regAdd, regDelete } from './regwrite.ts';

const HELP = `
REG QUERY KeyName [/v ValueName | /ve] [/s]

  KeyName    [\\\\Machine\\]FullKey
             Machine - Name of remote machine, omitting defaults to the
                       current machine. Only HKLM and HKU are available on
                       remote machines
             FullKey - in the form of ROOTKEY\\SubKey name
                  ROOTKEY - [ HKLM | HKCU | HKCR | HKU | HKCC ]
                  SubKey  - The full name of a registry key under the
                            selected ROOTKEY

  /v         Queries for a specific registry key values.
             If omitted, all values for the key are queried.

  /ve        Queries for the default value or empty value name (Default).

  /s         Queries all subkeys and values recursively (like dir /s).

Examples:

  REG QUERY HKLM\\SYSTEM\\CurrentControlSet\\Services\\SwLegacy
    Displays all values of the registry key SwLegacy

  REG QUERY HKLM\\SYSTEM\\CurrentControlSet\\Services /v ImagePath /s
    Displays the ImagePath value of every service

This lab machine keeps HKEY_LOCAL_MACHINE only.
`;

/** reg.exe's other operations, which this lab machine does not offer. */
const OTHER_OPERATIONS = ['copy', 'save', 'restore', 'load', 'unload', 'compare', 'export', 'import', 'flags'];

function data(v: RegValue): string {
  if (v.type === 'REG_DWORD' && typeof v.data === 'number') return '0x' + v.data.toString(16);
  if (Array.isArray(v.data)) return v.data.join('\\0');
  return String(v.data);
}

/** HKLM\X or HKEY_LOCAL_MACHINE\X -> the subkey of HKEY_LOCAL_MACHINE; null for other roots. */
function kernelPath(name: string): RegTarget | null {
  const m = /^(?:\\\\[^\\]+\\)?(HKLM|HKEY_LOCAL_MACHINE)(?:\\(.*))?$/i.exec(name.replace(/\\+$/, ''));
  if (!m) return null;
  const sub = m[2] ?? '';
  return { sub, shown: 'HKEY_LOCAL_MACHINE' + (sub ? '\\' + sub : '') };
}

function query(ctx: CommandContext, api: Advapi32, key: number, shown: string, value: string | null, recurse: boolean): number {
  let found = 0;
  const walk = (h: number, s: string) => {
    let values: RegValue[];
    if (value !== null && !recurse) {
      const r = api.RegQueryValueExW(h, value);
      values = r.type !== null && r.data !== null ? enumValues(api, h).filter((v) => v.name.toLowerCase() === value.toLowerCase()) : [];
    } else values = enumValues(api, h).filter((v) => value === null || v.name.toLowerCase() === value.toLowerCase());
    const subkeys = recurse || value === null ? enumKeys(api, h) : [];
    if (values.length > 0 || value === null) {
      ctx.out('');
      ctx.out(s);
      for (const v of values) ctx.out(`    ${v.name || '(Default)'}    ${v.type}    ${data(v)}`);
      found += values.length;
    }
    if (recurse)
      for (const sub of subkeys) {
        const r = api.RegOpenKeyExW(h, sub, 0, KEY_READ);
        if (r.error !== ERROR_SUCCESS) continue;
        walk(r.key, `${s}\\${sub}`);
        api.RegCloseKey(r.key);
      }
    else if (value === null) {
      if (subkeys.length) ctx.out('');
      for (const sub of subkeys) ctx.out(`${s}\\${sub}`);
    }
  };
  walk(key, shown);
  if (value !== null) {
    if (found === 0) {
      ctx.out(NOT_FOUND);
      return 1;
    }
    if (recurse) {
      ctx.out('');
      ctx.out(`End of search: ${found} match(es) found.`);
    }
  }
  return 0;
}

/**
 * REG QUERY on an HKLM key: open it for KEY_READ, print it, close. The key is named as the
 * user typed it (the root spelled out), its subkeys by their stored names: a key reached
 * through a link (CurrentControlSet) keeps the name it was asked by.
 */
function queryKey(ctx: CommandContext, k: Kernel, target: RegTarget, value: string | null, recurse: boolean): number {
  const api = new Advapi32(k, REG_FRAMES);
  try {
    const open = api.RegOpenKeyExW(HKEY_LOCAL_MACHINE, target.sub, 0, KEY_READ);
    if (open.error !== ERROR_SUCCESS) {
      ctx.out(regError(open.error));
      return 1;
    }
    const status = query(ctx, api, open.key, target.shown, value, recurse);
    api.RegCloseKey(open.key);
    return status;
  } finally {
    api.RegCloseKey(HKEY_LOCAL_MACHINE);
  }
}

export const reg: ConsoleCommand = {
  name: 'reg',
  summary: 'Registry console tool (reg query, reg add, reg delete).',
  help: HELP,
  run(args, ctx) {
    return withKernel(ctx, 'reg', (k) => {
      const op = (args[0] ?? '').toLowerCase();
      if (OTHER_OPERATIONS.includes(op)) {
        // A lab note, not reg.exe's text.
        ctx.out(`ERROR: REG ${op.toUpperCase()} is not available on this lab machine; it offers REG QUERY, REG ADD and REG DELETE.`);
        return 1;
      }
      if ((op === 'add' || op === 'delete') && args[1] === '/?') {
        ctx.host.write(op === 'add' ? ADD_HELP : DELETE_HELP);
        return 0;
      }
      if (op === 'add' || op === 'delete') {
        const verb = op.toUpperCase();
        if (args.length < 2) {
          ctx.out('ERROR: Invalid syntax.');
          ctx.out(`Type "REG ${verb} /?" for usage.`);
          return 1;
        }
        const target = kernelPath(args[1]);
        if (!target) {
          const otherRoot = /^(HKCU|HKCR|HKU|HKCC|HKEY_)/i.test(args[1]);
          // A lab note for the other roots: this machine keeps HKLM only.
          ctx.out(otherRoot ? 'ERROR: This lab machine keeps HKEY_LOCAL_MACHINE only.' : 'ERROR: Invalid key name.');
          if (!otherRoot) ctx.out(`Type "REG ${verb} /?" for usage.`);
          return 1;
        }
        return op === 'add' ? regAdd(ctx, k, target, args.slice(2)) : regDelete(ctx, k, target, args.slice(2));
      }
      if (op !== 'query' || args.length < 2) {
        ctx.out('ERROR: Invalid syntax.');
        ctx.out(op === 'query' ? 'Type "REG QUERY /?" for usage.' : 'Type "REG /?" for usage.');
        return 1;
      }
      let value: string | null = null;
      let recurse = false;
      for (let i = 2; i < args.length; i++) {
        const a = args[i].toLowerCase();
        if ((a === '/v' || a === '-v') && i + 1 < args.length) value = args[++i];
        else if (a === '/ve' || a === '-ve') value = '';
        else if (a === '/s' || a === '-s') recurse = true;
        else {
          ctx.out('ERROR: Invalid syntax.');
          ctx.out('Type "REG QUERY /?" for usage.');
          return 1;
        }
      }
      const target = kernelPath(args[1]);
      if (!target) {
        ctx.out(/^(HKCU|HKCR|HKU|HKCC|HKEY_)/i.test(args[1]) ? NOT_FOUND : 'ERROR: Invalid key name.');
        if (!/^(HKCU|HKCR|HKU|HKCC|HKEY_)/i.test(args[1])) ctx.out('Type "REG QUERY /?" for usage.');
        return 1;
      }
      return queryKey(ctx, k, target, value, recurse);
    });
  },
};
