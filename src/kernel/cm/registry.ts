/**
 * The configuration manager: a hierarchical registry of keys and typed values.
 * Paths are kernel paths (\REGISTRY\MACHINE\...); `hklm()` converts.
 */
import { Subsystem } from '../subsystem.ts';
import { dictDelete, dictGet, dictSet, newDict } from '../rtl/dict.ts';
import { linkCurrentControlSet, linkTarget, setupControlSets, upgradeControlSets } from './controlset.ts';

/** REG_LINK: a link key's SymbolicLinkValue (the target's full name). */
export type RegType = 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_DWORD' | 'REG_MULTI_SZ' | 'REG_BINARY' | 'REG_LINK';
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
  /** A symbolic link (KEY_SYM_LINK): names through it go on from its SymbolicLinkValue; see controlset.ts. */
  link?: boolean;
}

/** How many links one name may pass through (a loop of links ends the lookup). */
const MAX_LINKS = 16;

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

/** The services key; Windows 7's SYSTEM hive stores its name in lower case ('services'). */
export const SERVICES = 'SYSTEM\\CurrentControlSet\\services';

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
    setupControlSets(this.state);
    this.boot();
  }

  /** What the configuration manager makes at each boot: the volatile CurrentControlSet link. */
  boot(): void {
    linkCurrentControlSet(this.state);
  }

  override restore(state: unknown): void {
    super.restore(state);
    upgradeControlSets(this.state);
  }

  /**
   * The lower-case full name of the key a path names, each link on the way followed (the
   * parse goes on from the link's target with the rest of the name), case-insensitively.
   */
  private norm(path: string): string {
    const name = path.replace(/\\+$/, '').toLowerCase();
    // A stored key other than a link is the name itself: no key is kept under a link.
    const stored = dictGet(this.state.keys, name);
    if ((stored && !stored.link) || !name.startsWith('\\')) return name;
    let cur = '';
    let links = 0;
    for (const part of name.split('\\').slice(1)) {
      cur += '\\' + part;
      for (let key = dictGet(this.state.keys, cur); key?.link; key = dictGet(this.state.keys, cur)) {
        const target = linkTarget(key);
        if (target === null || ++links > MAX_LINKS) return '';
        cur = target.replace(/\\+$/, '').toLowerCase();
      }
    }
    return cur;
  }

  /** The key record at a path (its links followed), if the key exists. */
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

  /**
   * Create a key and any missing parents; `volatile` marks the keys this call creates. A new
   * key goes under its parent's stored name, through any link on the way.
   */
  createKey(path: string, volatile = false, links = 0): RegKey {
    let key: RegKey | undefined;
    for (const part of path.replace(/\\+$/, '').split('\\').slice(1)) key = this.make(`${key?.path ?? ''}\\${part}`, volatile, links);
    if (!key) throw new RangeError(`bad registry path ${path}`);
    return key;
  }

  /** The key at `path` (its parent's stored name and its own), made if missing; a link whose target is gone makes the target. */
  private make(path: string, volatile: boolean, links: number): RegKey {
    const key = this.key(path);
    if (key) return key;
    const link = dictGet(this.state.keys, path.toLowerCase());
    const target = link ? linkTarget(link) : null;
    if (target !== null) {
      if (links >= MAX_LINKS) throw new RangeError(`too many registry links at ${path}`);
      return this.createKey(target, volatile, links + 1);
    }
    const made = dictSet<RegKey>(this.state.keys, path.toLowerCase(), { path, values: newDict() });
    if (volatile) made.volatile = true;
    this.observer?.('RegNtPostCreateKeyEx', path, null);
    return made;
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
    if (existed === undefined) return;
    for (const k of Object.keys(this.state.keys)) {
      if (k === base || k.startsWith(base + '\\')) dictDelete(this.state.keys, k);
    }
    this.observer?.('RegNtPostDeleteKey', existed, null);
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
    if (!this.key(path)) return [];
    const base = this.norm(path) + '\\';
    const out: string[] = [];
    for (const [k, key] of Object.entries(this.state.keys)) {
      if (k.startsWith(base) && !k.slice(base.length).includes('\\')) out.push(key.path.slice(base.length));
    }
    return out.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  }
}
