/**
 * The configuration manager: a hierarchical registry of keys and typed values.
 * Paths are kernel paths (\REGISTRY\MACHINE\...); `hklm()` converts.
 */
import { Subsystem } from '../subsystem.ts';
import { dictDelete, dictGet, dictSet, newDict } from '../rtl/dict.ts';

export type RegType = 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_DWORD' | 'REG_MULTI_SZ' | 'REG_BINARY';
export type RegData = string | number | string[];

export interface RegValue {
  name: string;
  type: RegType;
  data: RegData;
}

export interface RegKey {
  /** Full path in its original case. */
  path: string;
  values: Record<string, RegValue>;
  /** A volatile key (REG_OPTION_VOLATILE) lives in memory only: a restart does not keep it. */
  volatile?: boolean;
}

/** A registered registry callback (CmRegisterCallbackEx). */
export interface RegistryCallback {
  cookie: number;
  routine: string;
  altitude: string;
  context: import('../io/types.ts').Json;
  driver: number;
}

export interface CmState {
  keys: Record<string, RegKey>;
  callbacks: Record<number, RegistryCallback>;
  nextCookie: number;
  /** Open keys (CM_KEY_BODY) by their Key object's id; see ntkey.ts. */
  bodies?: Record<number, import('./ntkey.ts').KeyBody>;
  /** Key control blocks cached for opened keys, by lower-case full path; see kcb.ts. */
  kcbs?: Record<string, import('./kcb.ts').Kcb>;
}

/** The REG_NOTIFY_CLASS values this registry reports (post-operation notifications). */
export type RegNotifyClass = 'RegNtPostCreateKeyEx' | 'RegNtPostSetValueKey' | 'RegNtPostDeleteKey';

/** The hives of HKEY_LOCAL_MACHINE. */
export const HIVES = ['HARDWARE', 'SAM', 'SECURITY', 'SOFTWARE', 'SYSTEM'] as const;

export const SERVICES = 'SYSTEM\\CurrentControlSet\\Services';

/** HKLM\<sub> as the kernel names it. */
export function hklm(sub: string): string {
  return '\\REGISTRY\\MACHINE\\' + sub;
}

/** The kernel path of a service's key. */
export function serviceKey(name: string): string {
  return hklm(`${SERVICES}\\${name}`);
}

export class Registry extends Subsystem<CmState> {
  readonly snapshotKey = 'cm';
  /** Called after each change (set by the kernel to run registered callbacks). */
  observer: ((op: RegNotifyClass, path: string, value: string | null) => void) | null = null;

  constructor() {
    super({ keys: newDict(), callbacks: {}, nextCookie: 0x1d0 });
    this.createKey('\\REGISTRY\\MACHINE');
    // The machine hives linked under \REGISTRY\MACHINE at boot.
    for (const hive of HIVES) this.createKey(hklm(hive));
  }

  private norm(path: string): string {
    return path.replace(/\\+$/, '').toLowerCase();
  }

  /** The key record at a path, if the key exists. */
  key(path: string): RegKey | undefined {
    return dictGet(this.state.keys, this.norm(path));
  }

  exists(path: string): boolean {
    return this.key(path) !== undefined;
  }

  /** The key's path in its stored case (for messages). */
  keyPath(path: string): string | null {
    return this.key(path)?.path ?? null;
  }

  /** Create a key and any missing parents; `volatile` marks the keys this call creates. */
  createKey(path: string, volatile = false): RegKey {
    const parts = path.replace(/\\+$/, '').split('\\');
    let cur = '';
    let key: RegKey | undefined;
    for (const part of parts.slice(1)) {
      cur += '\\' + part;
      key = dictGet(this.state.keys, cur.toLowerCase());
      if (!key) {
        key = dictSet(this.state.keys, cur.toLowerCase(), { path: cur, values: newDict() });
        if (volatile) key.volatile = true;
        this.observer?.('RegNtPostCreateKeyEx', cur, null);
      }
    }
    if (!key) throw new RangeError(`bad registry path ${path}`);
    return key;
  }

  setValue(path: string, name: string, type: RegType, data: RegData): void {
    const key = this.key(path) ?? this.createKey(path);
    dictSet(key.values, name.toLowerCase(), { name, type, data: Array.isArray(data) ? [...data] : data });
    this.observer?.('RegNtPostSetValueKey', key.path, name);
  }

  value(path: string, name: string): RegValue | undefined {
    const key = this.key(path);
    return key && dictGet(key.values, name.toLowerCase());
  }

  dword(path: string, name: string): number | undefined {
    const v = this.value(path, name);
    return typeof v?.data === 'number' ? v.data : undefined;
  }

  string(path: string, name: string): string | undefined {
    const v = this.value(path, name);
    return typeof v?.data === 'string' ? v.data : undefined;
  }

  multi(path: string, name: string): string[] | undefined {
    const v = this.value(path, name);
    return Array.isArray(v?.data) ? v.data : undefined;
  }

  deleteValue(path: string, name: string): void {
    const key = this.key(path);
    if (key) dictDelete(key.values, name.toLowerCase());
  }

  /** Delete a key and its whole subtree. */
  deleteKey(path: string): void {
    const base = this.norm(path);
    const existed = dictGet(this.state.keys, base)?.path;
    for (const k of Object.keys(this.state.keys)) {
      if (k === base || k.startsWith(base + '\\')) dictDelete(this.state.keys, k);
    }
    if (existed) this.observer?.('RegNtPostDeleteKey', existed, null);
  }

  /** What a restart keeps: the non-volatile keys (a volatile key's subkeys are volatile too). No callbacks. */
  persistentState(): CmState {
    const keys = newDict<RegKey>();
    const gone: string[] = [];
    for (const [k, key] of Object.entries(this.state.keys)) if (key.volatile) gone.push(k + '\\');
    for (const [k, key] of Object.entries(this.state.keys)) {
      if (key.volatile || gone.some((g) => k.startsWith(g))) continue;
      dictSet(keys, k, structuredClone(key));
    }
    return { keys, callbacks: {}, nextCookie: this.state.nextCookie };
  }

  /** Names of the direct subkeys, sorted case-insensitively. */
  subkeys(path: string): string[] {
    const base = this.norm(path) + '\\';
    const out: string[] = [];
    for (const [k, key] of Object.entries(this.state.keys)) {
      if (k.startsWith(base) && !k.slice(base.length).includes('\\')) out.push(key.path.slice(base.length));
    }
    return out.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  }
}
