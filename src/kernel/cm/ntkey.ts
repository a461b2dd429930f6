/**
 * The Configuration Manager's system services: NtOpenKey, NtCreateKey,
 * NtQueryValueKey, NtSetValueKey, NtDeleteKey, NtDeleteValueKey,
 * NtEnumerateKey, NtEnumerateValueKey, NtQueryKey and NtClose on a key
 * handle. Each runs as nt!NtXxx on the calling program's thread, in its
 * process (a breakpoint on nt!NtOpenKey stops there, ntdll!ZwOpenKey and the
 * program's frames below). An open key is a Key object (ObCreateObject of
 * CmpKeyObjectType) whose body, like CM_KEY_BODY, names the key it was opened
 * on; its handle lives in the process's handle table with the access granted.
 * The access a handle was opened with is checked on each call; the master
 * keys \REGISTRY and \REGISTRY\MACHINE take no new subkeys (each hive's root
 * is linked there at boot), and a hive root cannot be deleted.
 */
import type { Kernel } from '../nt.ts';
import {
  RtlNtStatusToDosError,
  STATUS_ACCESS_DENIED,
  STATUS_CANNOT_DELETE,
  STATUS_INVALID_HANDLE,
  STATUS_OBJECT_NAME_INVALID,
  STATUS_OBJECT_NAME_NOT_FOUND,
  STATUS_OBJECT_TYPE_MISMATCH,
  STATUS_SUCCESS,
  STATUS_UNSUCCESSFUL,
  type NTSTATUS,
} from '../status.ts';
import type { RegData, RegType, RegValue } from './registry.ts';
import { keyControlBlock, releaseKeyControlBlocks } from './kcb.ts';

export const STATUS_NO_MORE_ENTRIES = 0x8000001a;
export const STATUS_KEY_DELETED = 0xc000017c;

export const KEY_QUERY_VALUE = 0x1;
export const KEY_SET_VALUE = 0x2;
export const KEY_CREATE_SUB_KEY = 0x4;
export const KEY_ENUMERATE_SUB_KEYS = 0x8;
export const KEY_NOTIFY = 0x10;
export const DELETE = 0x10000;
export const READ_CONTROL = 0x20000;
export const KEY_READ = 0x20019;
export const KEY_WRITE = 0x20006;
export const KEY_ALL_ACCESS = 0xf003f;
export const MAXIMUM_ALLOWED = 0x2000000;
const GENERIC_READ = 0x80000000;
const GENERIC_WRITE = 0x40000000;
const GENERIC_ALL = 0x10000000;
export const REG_OPTION_VOLATILE = 0x1;
/** NtCreateKey's Disposition. */
export const REG_CREATED_NEW_KEY = 1;
export const REG_OPENED_EXISTING_KEY = 2;

/** Win32 errors of the registry statuses the kernel's own table lacks (RtlNtStatusToDosError). */
export function cmDosError(status: NTSTATUS): number {
  if (status === STATUS_NO_MORE_ENTRIES) return 259;
  if (status === STATUS_KEY_DELETED) return 1018;
  if (status === STATUS_OBJECT_NAME_INVALID) return 123;
  return RtlNtStatusToDosError(status);
}

/** CM_KEY_BODY, as far as this machine keeps it: the key the handle was opened on, by its full name. */
export interface KeyBody {
  path: string;
  process: number;
}

/** What a service returns; `halted` when the machine bug checked during the call. */
export interface KeyResult {
  status: NTSTATUS;
  halted?: boolean;
}

export interface KeyOpenResult extends KeyResult {
  handle: number;
  /** NtCreateKey: REG_CREATED_NEW_KEY or REG_OPENED_EXISTING_KEY. */
  disposition: number;
}

/** KEY_FULL_INFORMATION's counts and KEY_NAME_INFORMATION's name (NtQueryKey). */
export interface KeyInformation {
  name: string;
  subKeys: number;
  values: number;
}

/** OBJECT_ATTRIBUTES: a name, absolute (\REGISTRY\...) or relative to the key RootDirectory is open on. */
export interface KeyAttributes {
  root: number;
  name: string;
}

/** The callers' user frames, innermost first (ADVAPI32!RegOpenKeyExW+0x…, reg!…). */
export type KeyCallerFrames = readonly string[];

const hex = (n: number | bigint) => BigInt(n).toString(16).padStart(16, '0');
const GENERIC_KEY: readonly [number, number][] = [
  [GENERIC_READ, KEY_READ],
  [GENERIC_WRITE, KEY_WRITE],
  [GENERIC_ALL, KEY_ALL_ACCESS],
  [MAXIMUM_ALLOWED, KEY_ALL_ACCESS],
];

/** The access a handle gets: generic rights mapped to the key's own (the caller is an administrator). */
function grantedAccess(desired: number): number {
  let access = desired >>> 0;
  for (const [generic, specific] of GENERIC_KEY) if (access & generic) access = (access & ~generic) | specific;
  return access >>> 0;
}

/** \REGISTRY and \REGISTRY\MACHINE hold the hives' roots only. */
function isMasterKey(path: string): boolean {
  return /^\\registry(\\machine)?$/i.test(path);
}

function isHiveRoot(path: string): boolean {
  return path.split('\\').length <= 4;
}

export class KeyServices {
  private readonly k: Kernel;

  constructor(k: Kernel) {
    this.k = k;
  }

  private get bodies(): Record<number, KeyBody> {
    const s = this.k.cm.state;
    s.bodies ??= {};
    return s.bodies;
  }

  private get pid(): number {
    return this.k.ps.requestor()?.pid ?? 4;
  }

  /** A system call: nt!<name> on the caller's thread, entered from ntdll!Zw<name>. */
  private service<T extends KeyResult>(name: string, args: (number | string)[], caller: KeyCallerFrames, fn: (pid: number) => T, halted: T): T {
    const pid = this.pid;
    const entry = ['nt!KiSystemServiceCopyEnd+0x13', `ntdll!Zw${name.slice(2)}+0xa`, ...caller];
    const addrs = args.map((a) => (typeof a === 'string' ? a.padStart(16, '0') : hex(a >>> 0)));
    const r = this.k.ke.guard(
      'system-call',
      () =>
        this.k.ke.call(
          'nt',
          null,
          () => {
            this.sweep();
            return fn(pid);
          },
          `nt!${name}`,
          addrs,
        ),
      entry,
    );
    return r ?? halted;
  }

  /** Key objects whose last handle went another way (a process's rundown) are deleted. */
  private sweep(): void {
    for (const id of Object.keys(this.bodies).map(Number)) if (!this.k.handles.referenced(id)) this.deleteObject(id);
  }

  private deleteObject(id: number): void {
    delete this.bodies[id];
    if (this.k.ob.get(id)) this.k.ob.delete(id);
    releaseKeyControlBlocks(this.k);
  }

  /** The key a handle names, checked for `access`. */
  private keyOf(pid: number, handle: number, access: number): KeyBody | NTSTATUS {
    const entry = this.k.handles.get(pid, handle);
    if (!entry) return STATUS_INVALID_HANDLE;
    const body = this.bodies[entry.object];
    if (!body) return STATUS_OBJECT_TYPE_MISMATCH;
    if ((entry.access & access) !== access) return STATUS_ACCESS_DENIED;
    if (!this.k.cm.exists(body.path)) return STATUS_KEY_DELETED;
    return body;
  }

  /** The full name OBJECT_ATTRIBUTES gives (ObpLookupObjectName → CmpParseKey). */
  private resolve(pid: number, attributes: KeyAttributes): string | NTSTATUS {
    const name = attributes.name.replace(/\\+$/, '');
    if (attributes.root === 0) {
      if (!/^\\registry(\\|$)/i.test(name)) return name.startsWith('\\') ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_OBJECT_NAME_INVALID;
      return name;
    }
    const root = this.keyOf(pid, attributes.root, 0);
    if (typeof root === 'number') return root;
    if (name.startsWith('\\')) return STATUS_OBJECT_NAME_INVALID;
    return name === '' ? root.path : `${root.path}\\${name}`;
  }

  /**
   * The access check (SeAccessCheck against the key's security): an administrator gets
   * everything but DELETE on a hive's root. Null when the desired access is denied.
   */
  private check(path: string, desired: number): number | null {
    const granted = grantedAccess(desired);
    if (!isHiveRoot(path) || !(granted & DELETE)) return granted;
    return desired & MAXIMUM_ALLOWED ? granted & ~DELETE : null;
  }

  /** A Key object for `path` and a handle to it in the caller's table. */
  private open(pid: number, path: string, access: number): number {
    const object = this.k.ob.create('Key', null).id;
    const stored = this.k.cm.keyPath(path) ?? path;
    this.bodies[object] = { path: stored, process: pid };
    keyControlBlock(this.k, stored);
    const header = this.k.ob.get(object);
    if (header) header.HandleCount++;
    return this.k.handles.create(pid, object, access);
  }

  NtOpenKey(attributes: KeyAttributes, desiredAccess: number, caller: KeyCallerFrames = []): KeyOpenResult {
    return this.service<KeyOpenResult>(
      'NtOpenKey',
      [0, desiredAccess, 0],
      caller,
      (pid) => {
        const path = this.resolve(pid, attributes);
        if (typeof path === 'number') return { status: path, handle: 0, disposition: 0 };
        if (!this.k.cm.exists(path)) return { status: STATUS_OBJECT_NAME_NOT_FOUND, handle: 0, disposition: 0 };
        const access = this.check(path, desiredAccess);
        if (access === null) return { status: STATUS_ACCESS_DENIED, handle: 0, disposition: 0 };
        return { status: STATUS_SUCCESS, handle: this.open(pid, path, access), disposition: REG_OPENED_EXISTING_KEY };
      },
      { status: STATUS_UNSUCCESSFUL, halted: true, handle: 0, disposition: 0 },
    );
  }

  /** NtCreateKey: the parent must exist (advapi32 creates a path one key at a time). */
  NtCreateKey(attributes: KeyAttributes, desiredAccess: number, options: number, caller: KeyCallerFrames = []): KeyOpenResult {
    return this.service<KeyOpenResult>(
      'NtCreateKey',
      [0, desiredAccess, 0, 0, 0, options],
      caller,
      (pid) => {
        const path = this.resolve(pid, attributes);
        if (typeof path === 'number') return { status: path, handle: 0, disposition: 0 };
        if (this.k.cm.exists(path)) {
          const access = this.check(path, desiredAccess);
          if (access === null) return { status: STATUS_ACCESS_DENIED, handle: 0, disposition: 0 };
          return { status: STATUS_SUCCESS, handle: this.open(pid, path, access), disposition: REG_OPENED_EXISTING_KEY };
        }
        const parent = path.slice(0, path.lastIndexOf('\\'));
        if (!this.k.cm.exists(parent)) return { status: STATUS_OBJECT_NAME_NOT_FOUND, handle: 0, disposition: 0 };
        if (isMasterKey(parent)) return { status: STATUS_ACCESS_DENIED, handle: 0, disposition: 0 };
        this.k.cm.createKey(path, (options & REG_OPTION_VOLATILE) !== 0);
        return { status: STATUS_SUCCESS, handle: this.open(pid, path, grantedAccess(desiredAccess)), disposition: REG_CREATED_NEW_KEY };
      },
      { status: STATUS_UNSUCCESSFUL, halted: true, handle: 0, disposition: 0 },
    );
  }

  NtQueryValueKey(handle: number, name: string, caller: KeyCallerFrames = []): KeyResult & { value: RegValue | null } {
    return this.service<KeyResult & { value: RegValue | null }>(
      'NtQueryValueKey',
      [handle, 0, 2],
      caller,
      (pid) => {
        const key = this.keyOf(pid, handle, KEY_QUERY_VALUE);
        if (typeof key === 'number') return { status: key, value: null };
        const v = this.k.cm.value(key.path, name);
        return v ? { status: STATUS_SUCCESS, value: v } : { status: STATUS_OBJECT_NAME_NOT_FOUND, value: null };
      },
      { status: STATUS_UNSUCCESSFUL, halted: true, value: null },
    );
  }

  NtSetValueKey(handle: number, name: string, type: RegType, data: RegData, caller: KeyCallerFrames = []): KeyResult {
    return this.service<KeyResult>(
      'NtSetValueKey',
      [handle, 0, 0, 0],
      caller,
      (pid) => {
        const key = this.keyOf(pid, handle, KEY_SET_VALUE);
        if (typeof key === 'number') return { status: key };
        this.k.cm.setValue(key.path, name, type, data);
        return { status: STATUS_SUCCESS };
      },
      { status: STATUS_UNSUCCESSFUL, halted: true },
    );
  }

  NtDeleteValueKey(handle: number, name: string, caller: KeyCallerFrames = []): KeyResult {
    return this.service<KeyResult>(
      'NtDeleteValueKey',
      [handle, 0],
      caller,
      (pid) => {
        const key = this.keyOf(pid, handle, KEY_SET_VALUE);
        if (typeof key === 'number') return { status: key };
        if (!this.k.cm.value(key.path, name)) return { status: STATUS_OBJECT_NAME_NOT_FOUND };
        this.k.cm.deleteValue(key.path, name);
        return { status: STATUS_SUCCESS };
      },
      { status: STATUS_UNSUCCESSFUL, halted: true },
    );
  }

  /** NtDeleteKey: the key must have no subkeys; a hive's root cannot go. Other handles to it then see STATUS_KEY_DELETED. */
  NtDeleteKey(handle: number, caller: KeyCallerFrames = []): KeyResult {
    return this.service<KeyResult>(
      'NtDeleteKey',
      [handle],
      caller,
      (pid) => {
        const key = this.keyOf(pid, handle, DELETE);
        if (typeof key === 'number') return { status: key };
        if (isHiveRoot(key.path) || this.k.cm.subkeys(key.path).length > 0) return { status: STATUS_CANNOT_DELETE };
        this.k.cm.deleteKey(key.path);
        return { status: STATUS_SUCCESS };
      },
      { status: STATUS_UNSUCCESSFUL, halted: true },
    );
  }

  /** KEY_BASIC_INFORMATION's name of the index-th subkey (in the hive's sorted order). */
  NtEnumerateKey(handle: number, index: number, caller: KeyCallerFrames = []): KeyResult & { name: string } {
    return this.service<KeyResult & { name: string }>(
      'NtEnumerateKey',
      [handle, index, 0],
      caller,
      (pid) => {
        const key = this.keyOf(pid, handle, KEY_ENUMERATE_SUB_KEYS);
        if (typeof key === 'number') return { status: key, name: '' };
        const name = this.k.cm.subkeys(key.path)[index];
        return name === undefined ? { status: STATUS_NO_MORE_ENTRIES, name: '' } : { status: STATUS_SUCCESS, name };
      },
      { status: STATUS_UNSUCCESSFUL, halted: true, name: '' },
    );
  }

  /** KEY_VALUE_FULL_INFORMATION of the index-th value (in the order the values were set). */
  NtEnumerateValueKey(handle: number, index: number, caller: KeyCallerFrames = []): KeyResult & { value: RegValue | null } {
    return this.service<KeyResult & { value: RegValue | null }>(
      'NtEnumerateValueKey',
      [handle, index, 1],
      caller,
      (pid) => {
        const key = this.keyOf(pid, handle, KEY_QUERY_VALUE);
        if (typeof key === 'number') return { status: key, value: null };
        const v = Object.values(this.k.cm.key(key.path)?.values ?? {})[index];
        return v ? { status: STATUS_SUCCESS, value: v } : { status: STATUS_NO_MORE_ENTRIES, value: null };
      },
      { status: STATUS_UNSUCCESSFUL, halted: true, value: null },
    );
  }

  /** KeyFullInformation's counts with KeyNameInformation's full name. */
  NtQueryKey(handle: number, caller: KeyCallerFrames = []): KeyResult & { info: KeyInformation | null } {
    return this.service<KeyResult & { info: KeyInformation | null }>(
      'NtQueryKey',
      [handle, 2, 0],
      caller,
      (pid) => {
        const entry = this.k.handles.get(pid, handle);
        // KeyNameInformation needs no access at all; the counts need KEY_QUERY_VALUE.
        const key = this.keyOf(pid, handle, entry && entry.access & KEY_QUERY_VALUE ? KEY_QUERY_VALUE : 0);
        if (typeof key === 'number') return { status: key, info: null };
        const stored = this.k.cm.key(key.path);
        return {
          status: STATUS_SUCCESS,
          info: { name: stored?.path ?? key.path, subKeys: this.k.cm.subkeys(key.path).length, values: Object.keys(stored?.values ?? {}).length },
        };
      },
      { status: STATUS_UNSUCCESSFUL, halted: true, info: null },
    );
  }

  /** NtClose on a key handle: the Key object goes with its last handle. */
  NtClose(handle: number, caller: KeyCallerFrames = []): KeyResult {
    return this.service<KeyResult>(
      'NtClose',
      [handle],
      caller,
      (pid) => {
        const entry = this.k.handles.close(pid, handle);
        if (!entry) return { status: STATUS_INVALID_HANDLE };
        const header = this.bodies[entry.object] ? this.k.ob.get(entry.object) : undefined;
        if (header) header.HandleCount = Math.max(0, header.HandleCount - 1);
        if (header && !this.k.handles.referenced(entry.object)) this.deleteObject(entry.object);
        return { status: STATUS_SUCCESS };
      },
      { status: STATUS_UNSUCCESSFUL, halted: true },
    );
  }

  /** The keys a process has open, for tools and tests: handle, granted access, key name. */
  keysOf(pid: number): { handle: number; access: number; path: string }[] {
    return this.k.handles
      .list(pid)
      .filter((e) => this.bodies[e.object])
      .map((e) => ({ handle: e.handle, access: e.access, path: this.bodies[e.object].path }));
  }
}
