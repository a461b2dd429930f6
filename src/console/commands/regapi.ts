/**
 * reg.exe's use of the registry API: its frames below ADVAPI32, the HKLM
 * handle closed when an operation is done, enumeration loops, and the
 * message reg prints for a Win32 error.
 */
import type { Kernel } from '../../kernel/nt.ts';
import type { RegValue } from '../../kernel/cm/registry.ts';
import { Advapi32, HKEY_LOCAL_MACHINE } from '../../kernel/user/advapi32.ts';
import { ERROR_FILE_NOT_FOUND, ERROR_SUCCESS, win32Message } from '../../kernel/win32.ts';

export const NOT_FOUND = 'ERROR: The system was unable to find the specified registry key or value.';

/** reg.exe's own frames below ADVAPI32 (its symbols are its entry points only). */
export const REG_FRAMES: readonly string[] = [
  'reg!wmain+0x2bd',
  'reg!wmainCRTStartup+0x11f',
  'kernel32!BaseThreadInitThunk+0xd',
  'ntdll!RtlUserThreadStart+0x21',
];

/** Run `fn` with reg's advapi32, HKLM's handle closed after. */
export function withApi<T>(k: Kernel, fn: (api: Advapi32) => T): T {
  const api = new Advapi32(k, REG_FRAMES);
  try {
    return fn(api);
  } finally {
    api.RegCloseKey(HKEY_LOCAL_MACHINE);
  }
}

/** reg's message for a Win32 error from the registry API. */
export function regError(error: number): string {
  return error === ERROR_FILE_NOT_FOUND ? NOT_FOUND : `ERROR: ${win32Message(error)}`;
}

/** Every value of an open key, in the key's order (RegEnumValueW until ERROR_NO_MORE_ITEMS). */
export function enumValues(api: Advapi32, key: number): RegValue[] {
  const out: RegValue[] = [];
  for (let r = api.RegEnumValueW(key, 0); r.value; r = api.RegEnumValueW(key, out.length)) out.push(r.value);
  return out;
}

/** Every subkey's name (RegEnumKeyExW until ERROR_NO_MORE_ITEMS). */
export function enumKeys(api: Advapi32, key: number): string[] {
  const out: string[] = [];
  for (let r = api.RegEnumKeyExW(key, 0); r.error === ERROR_SUCCESS; r = api.RegEnumKeyExW(key, out.length)) out.push(r.name);
  return out;
}
