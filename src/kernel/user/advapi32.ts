/**
 * The Win32 registry API of advapi32 as a program in the machine calls it:
 * each RegXxx maps a predefined key (HKEY_LOCAL_MACHINE, opened on
 * \REGISTRY\MACHINE at first use and kept, as MapPredefinedHandle does) or a
 * key handle onto the Nt registry services (cm/ntkey.ts), which run as system
 * calls on the program's thread. The results are Win32 error codes
 * (LSTATUS), from the NTSTATUS by RtlNtStatusToDosError; the functions do not
 * set the last error. One instance per running program.
 */
import type { Kernel } from '../nt.ts';
import type { RegData, RegType, RegValue } from '../cm/registry.ts';
import { type KeyCallerFrames, KeyServices, MAXIMUM_ALLOWED, DELETE, cmDosError, REG_OPENED_EXISTING_KEY } from '../cm/ntkey.ts';
import { NT_SUCCESS } from '../status.ts';
import { ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, ERROR_SUCCESS } from '../win32.ts';

export const HKEY_CLASSES_ROOT = 0x80000000;
export const HKEY_CURRENT_USER = 0x80000001;
export const HKEY_LOCAL_MACHINE = 0x80000002;
export const HKEY_USERS = 0x80000003;
export const ERROR_NO_MORE_ITEMS = 259;
export const ERROR_KEY_DELETED = 1018;

/** The kernel names of the predefined keys this machine has (HKLM only). */
const PREDEFINED: Readonly<Record<number, string>> = { [HKEY_LOCAL_MACHINE]: '\\REGISTRY\\MACHINE' };

export class Advapi32 {
  private readonly nt: KeyServices;
  /** Predefined keys opened so far: HKEY value → the handle. */
  private readonly predefined = new Map<number, number>();
  /** The program's own frames below ADVAPI32, innermost first. */
  private readonly callerFrames: KeyCallerFrames;

  constructor(k: Kernel, frames?: KeyCallerFrames) {
    this.nt = new KeyServices(k);
    const exe = k.ps.requestor()?.name.replace(/\.[^.]*$/, '') ?? 'cmd';
    this.callerFrames = frames ?? [`${exe}!wmain+0x1d4`, `${exe}!wmainCRTStartup+0x11f`, 'kernel32!BaseThreadInitThunk+0xd', 'ntdll!RtlUserThreadStart+0x21'];
  }

  private frames(fn: string, offset: number): KeyCallerFrames {
    return [`ADVAPI32!${fn}+0x${offset.toString(16)}`, ...this.callerFrames];
  }

  /** MapPredefinedHandle: a predefined key's handle (opened once), or the handle itself. */
  private map(hKey: number, fn: string): { error: number; handle: number } {
    if (hKey >>> 0 < 0x80000000) return { error: ERROR_SUCCESS, handle: hKey };
    const open = this.predefined.get(hKey);
    if (open !== undefined) return { error: ERROR_SUCCESS, handle: open };
    const name = PREDEFINED[hKey];
    if (name === undefined) return { error: ERROR_INVALID_HANDLE, handle: 0 };
    const r = this.nt.NtOpenKey({ root: 0, name }, MAXIMUM_ALLOWED, this.frames(fn, 0x3c));
    if (!NT_SUCCESS(r.status) || r.halted) return { error: cmDosError(r.status), handle: 0 };
    this.predefined.set(hKey, r.handle);
    return { error: ERROR_SUCCESS, handle: r.handle };
  }

  RegOpenKeyExW(hKey: number, subKey: string, options: number, samDesired: number): { error: number; key: number } {
    if (options !== 0) return { error: ERROR_INVALID_PARAMETER, key: 0 };
    const root = this.map(hKey, 'RegOpenKeyExW');
    if (root.error !== ERROR_SUCCESS) return { error: root.error, key: 0 };
    const r = this.nt.NtOpenKey({ root: root.handle, name: subKey }, samDesired, this.frames('RegOpenKeyExW', 0x10b));
    return NT_SUCCESS(r.status) && !r.halted ? { error: ERROR_SUCCESS, key: r.handle } : { error: cmDosError(r.status), key: 0 };
  }

  /** RegCreateKeyExW: each missing key of the path is created in turn (NtCreateKey takes one level). */
  RegCreateKeyExW(hKey: number, subKey: string, options: number, samDesired: number): { error: number; key: number; disposition: number } {
    const root = this.map(hKey, 'RegCreateKeyExW');
    if (root.error !== ERROR_SUCCESS) return { error: root.error, key: 0, disposition: 0 };
    const parts = subKey.split('\\').filter((p) => p !== '');
    let parent = root.handle;
    let disposition = REG_OPENED_EXISTING_KEY;
    for (let i = 0; i < parts.length || i === 0; i++) {
      const last = i >= parts.length - 1;
      const r = this.nt.NtCreateKey(
        { root: parent, name: parts[i] ?? '' },
        last ? samDesired : MAXIMUM_ALLOWED,
        options,
        this.frames('RegCreateKeyExW', 0x1b2),
      );
      if (parent !== root.handle) this.nt.NtClose(parent, this.frames('RegCreateKeyExW', 0x21e));
      if (!NT_SUCCESS(r.status) || r.halted) return { error: cmDosError(r.status), key: 0, disposition: 0 };
      parent = r.handle;
      disposition = r.disposition;
    }
    return { error: ERROR_SUCCESS, key: parent, disposition };
  }

  RegQueryValueExW(hKey: number, valueName: string): { error: number; type: RegType | null; data: RegData | null } {
    const key = this.map(hKey, 'RegQueryValueExW');
    if (key.error !== ERROR_SUCCESS) return { error: key.error, type: null, data: null };
    const r = this.nt.NtQueryValueKey(key.handle, valueName, this.frames('RegQueryValueExW', 0x9e));
    if (!NT_SUCCESS(r.status) || r.halted || !r.value) return { error: cmDosError(r.status), type: null, data: null };
    return { error: ERROR_SUCCESS, type: r.value.type, data: r.value.data };
  }

  RegSetValueExW(hKey: number, valueName: string, type: RegType, data: RegData): number {
    const key = this.map(hKey, 'RegSetValueExW');
    if (key.error !== ERROR_SUCCESS) return key.error;
    const r = this.nt.NtSetValueKey(key.handle, valueName, type, data, this.frames('RegSetValueExW', 0x12c));
    return NT_SUCCESS(r.status) && !r.halted ? ERROR_SUCCESS : cmDosError(r.status);
  }

  RegEnumKeyExW(hKey: number, index: number): { error: number; name: string } {
    const key = this.map(hKey, 'RegEnumKeyExW');
    if (key.error !== ERROR_SUCCESS) return { error: key.error, name: '' };
    const r = this.nt.NtEnumerateKey(key.handle, index, this.frames('RegEnumKeyExW', 0xd7));
    return NT_SUCCESS(r.status) && !r.halted && r.status === 0 ? { error: ERROR_SUCCESS, name: r.name } : { error: cmDosError(r.status), name: '' };
  }

  RegEnumValueW(hKey: number, index: number): { error: number; value: RegValue | null } {
    const key = this.map(hKey, 'RegEnumValueW');
    if (key.error !== ERROR_SUCCESS) return { error: key.error, value: null };
    const r = this.nt.NtEnumerateValueKey(key.handle, index, this.frames('RegEnumValueW', 0xe3));
    return r.status === 0 && !r.halted && r.value ? { error: ERROR_SUCCESS, value: r.value } : { error: cmDosError(r.status), value: null };
  }

  /** RegDeleteKeyW: open the subkey for DELETE, NtDeleteKey, close. */
  RegDeleteKeyW(hKey: number, subKey: string): number {
    const open = this.RegOpenKeyExW(hKey, subKey, 0, DELETE);
    if (open.error !== ERROR_SUCCESS) return open.error;
    const r = this.nt.NtDeleteKey(open.key, this.frames('RegDeleteKeyExW', 0x8a));
    this.nt.NtClose(open.key, this.frames('RegDeleteKeyExW', 0xb1));
    return NT_SUCCESS(r.status) && !r.halted ? ERROR_SUCCESS : cmDosError(r.status);
  }

  RegDeleteValueW(hKey: number, valueName: string): number {
    const key = this.map(hKey, 'RegDeleteValueW');
    if (key.error !== ERROR_SUCCESS) return key.error;
    const r = this.nt.NtDeleteValueKey(key.handle, valueName, this.frames('RegDeleteValueW', 0x6f));
    return NT_SUCCESS(r.status) && !r.halted ? ERROR_SUCCESS : cmDosError(r.status);
  }

  /** RegQueryInfoKeyW's subkey and value counts. */
  RegQueryInfoKeyW(hKey: number): { error: number; subKeys: number; values: number } {
    const key = this.map(hKey, 'RegQueryInfoKeyW');
    if (key.error !== ERROR_SUCCESS) return { error: key.error, subKeys: 0, values: 0 };
    const r = this.nt.NtQueryKey(key.handle, this.frames('RegQueryInfoKeyW', 0x141));
    return r.info && !r.halted
      ? { error: ERROR_SUCCESS, subKeys: r.info.subKeys, values: r.info.values }
      : { error: cmDosError(r.status), subKeys: 0, values: 0 };
  }

  /** RegCloseKey: a predefined key closes the handle opened for it. */
  RegCloseKey(hKey: number): number {
    let handle = hKey;
    if (hKey >>> 0 >= 0x80000000) {
      const open = this.predefined.get(hKey);
      if (open === undefined) return PREDEFINED[hKey] !== undefined ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
      this.predefined.delete(hKey);
      handle = open;
    }
    const r = this.nt.NtClose(handle, this.frames('RegCloseKey', 0x4a));
    return NT_SUCCESS(r.status) ? ERROR_SUCCESS : cmDosError(r.status);
  }
}
