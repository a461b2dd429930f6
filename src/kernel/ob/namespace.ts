/**
 * The object manager's namespace: directories, symbolic links and named
 * objects, with lookup and name collisions reported as NT does. `\??` resolves
 * to `\GLOBAL??` (the System context has no per-session device map of its own).
 */
import type { Machine } from '../machine.ts';
import {
  STATUS_OBJECT_NAME_COLLISION,
  STATUS_OBJECT_NAME_INVALID,
  STATUS_OBJECT_NAME_NOT_FOUND,
  STATUS_OBJECT_PATH_NOT_FOUND,
  STATUS_OBJECT_TYPE_MISMATCH,
  STATUS_SUCCESS,
  type NTSTATUS,
} from '../status.ts';
import type { ObjectType } from '../io/types.ts';
import { Subsystem } from '../subsystem.ts';
import { dictDelete, dictGet, dictSet, newDict } from '../rtl/dict.ts';
import type { Pool } from '../mm/pool.ts';

/** Pool tags of object bodies, as ObCreateObject takes them from the object type (with the protected bit). */
export const OBJECT_TAGS: Readonly<Record<ObjectType, string>> = {
  Directory: 'Dire',
  SymbolicLink: 'Symb',
  Device: 'Devi',
  Driver: 'Driv',
  Type: 'ObjT',
  File: 'File',
  Callback: 'Call',
  Event: 'Even',
  Key: 'Key ',
  Process: 'Proc',
  Thread: 'Thre',
};
/** _OBJECT_HEADER up to its Body (Windows 7 x64). */
export const OBJECT_HEADER_BODY = 0x30;
/** _OBJECT_HEADER_NAME_INFO, which a named object has just before its header (InfoMask 0x2). */
export const OBJECT_HEADER_NAME_INFO = 0x20;
export const OB_INFOMASK_NAME = 0x2;

/**
 * Body sizes as the I/O manager and the object manager create them: a driver
 * object carries its _DRIVER_EXTENSION right after it, a device object its
 * _DEVOBJ_EXTENSION (these devices have no device extension of their own).
 */
export const OBJECT_BODY_SIZES: Readonly<Record<ObjectType, number>> = {
  Directory: 0x150,
  SymbolicLink: 0x20,
  Device: 0x150 + 0x70,
  Driver: 0x150 + 0x38,
  Type: 0xd0,
  File: 0xd8,
  Callback: 0x40,
  Event: 0x18,
  Key: 0x58,
  Process: 0x4d0,
  Thread: 0x498,
};

export interface ObjectHeader {
  id: number;
  Type: ObjectType;
  /** Name inside its directory ('' when unnamed). */
  Name: string;
  Parent: number | null;
  Address: string;
  PointerCount: number;
  HandleCount: number;
  Permanent: boolean;
  /** Directory entries: lower-case name -> object id. */
  Entries?: Record<string, number>;
  /** Symbolic link target. */
  Target?: string;
  /** Creation time (virtual ms since boot), shown for links. */
  Created: number;
  /** _OBJECT_HEADER.InfoMask: which optional headers precede the header. */
  InfoMask: number;
  /** Pool buffers the object owns (the name, a link's target, a driver's names…): purpose -> address (hex). */
  Buffers: Record<string, string>;
}

export interface ObState {
  nextId: number;
  /** Next auto-generated device name number (\Device\000000NN). */
  nextAutoName: number;
  root: number;
  objects: Record<number, ObjectHeader>;
}

const MAX_REPARSE = 32;

export class ObjectManager extends Subsystem<ObState> {
  readonly snapshotKey = 'ob';
  private readonly machine: Machine;
  private readonly pool: Pool;

  constructor(machine: Machine, pool: Pool) {
    super({ nextId: 1, nextAutoName: 0x2e + machine.rng.int(0, 8), root: 0, objects: {} });
    this.machine = machine;
    this.pool = pool;
    this.state.root = this.allocate('Directory', '', null).id;
    this.state.objects[this.state.root].Entries = newDict();
  }

  /** Allocate nonpaged pool for a body of `size` bytes (`owner` paints it); returns its kernel address. */
  allocatePool(size: number, tag: string, owner: string): string {
    return this.pool.allocate(size, tag, false, owner).toString(16).padStart(16, '0');
  }

  /** Free what allocatePool returned. */
  freePool(address: string): void {
    this.pool.free(BigInt('0x' + address));
  }

  /** Allocate an object: optional headers, _OBJECT_HEADER, then the body; returns the body's address. */
  private allocateObject(id: number, type: ObjectType, infoMask: number): string {
    const optional = infoMask & OB_INFOMASK_NAME ? OBJECT_HEADER_NAME_INFO : 0;
    const size = optional + OBJECT_HEADER_BODY + OBJECT_BODY_SIZES[type];
    // Key objects come from paged pool (the Key type's PoolType), the rest from nonpaged.
    const start = this.pool.allocate(size, OBJECT_TAGS[type], type === 'Key', `ob:${id}`, true);
    return (start + BigInt(optional + OBJECT_HEADER_BODY)).toString(16).padStart(16, '0');
  }

  /** A pool buffer the object owns (freed with it): UTF-16 `text` with room for a terminator when asked. */
  allocateBuffer(id: number, purpose: string, bytes: number, tag: string, paged: boolean): string {
    const h = this.state.objects[id];
    const at = this.pool.allocate(Math.max(bytes, 2), tag, paged, `obbuf:${id}:${purpose}`).toString(16).padStart(16, '0');
    if (h) h.Buffers[purpose] = at;
    return at;
  }

  private allocate(type: ObjectType, name: string, parent: number | null): ObjectHeader {
    const id = this.state.nextId++;
    const infoMask = name !== '' ? OB_INFOMASK_NAME : 0;
    const header: ObjectHeader = {
      id,
      Type: type,
      Name: name,
      Parent: parent,
      Address: this.allocateObject(id, type, infoMask),
      PointerCount: 1,
      HandleCount: 0,
      Permanent: type === 'Directory' || type === 'SymbolicLink' || type === 'Type',
      Created: this.machine.clock.now(),
      InfoMask: infoMask,
      Buffers: {},
    };
    if (type === 'Directory') header.Entries = newDict();
    this.state.objects[id] = header;
    // The name lives in paged pool of its own (ObpCaptureObjectName), the directory entry in another block.
    if (name !== '') this.allocateBuffer(id, 'name', name.length * 2, 'ObNm', true);
    if (parent !== null) this.allocateBuffer(id, 'dirEntry', 0x18, 'ObDi', true);
    return header;
  }

  /** Where the object's _OBJECT_HEADER starts. */
  static headerOf(h: ObjectHeader): bigint {
    return BigInt('0x' + h.Address) - BigInt(OBJECT_HEADER_BODY);
  }

  get(id: number): ObjectHeader | undefined {
    return this.state.objects[id];
  }

  /** Split an absolute object path; null when it is not absolute or has empty components. */
  private split(path: string): string[] | null {
    if (!path.startsWith('\\')) return null;
    if (path === '\\') return [];
    const parts = path.slice(1).split('\\');
    return parts.some((p) => p === '') ? null : parts;
  }

  /**
   * Resolve a path to an object id. Symbolic links met before the last component
   * are always followed; the last one only when `followLast`.
   */
  lookup(path: string, followLast = true): { status: NTSTATUS; id: number } {
    let parts = this.split(path);
    if (!parts) return { status: STATUS_OBJECT_NAME_INVALID, id: 0 };
    let reparse = 0;
    let dir = this.state.root;
    let i = 0;
    while (i < parts.length) {
      let name = parts[i];
      if (dir === this.state.root && i === 0 && name === '??') name = 'GLOBAL??';
      const node = this.state.objects[dir];
      if (node.Type !== 'Directory' || !node.Entries) return { status: STATUS_OBJECT_PATH_NOT_FOUND, id: 0 };
      const child = dictGet(node.Entries, name.toLowerCase());
      const last = i === parts.length - 1;
      if (child === undefined) return { status: last ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_OBJECT_PATH_NOT_FOUND, id: 0 };
      const obj = this.state.objects[child];
      if (obj.Type === 'SymbolicLink' && (!last || followLast)) {
        if (++reparse > MAX_REPARSE) return { status: STATUS_OBJECT_NAME_NOT_FOUND, id: 0 };
        const target = this.split(obj.Target ?? '');
        if (!target) return { status: STATUS_OBJECT_NAME_INVALID, id: 0 };
        parts = [...target, ...parts.slice(i + 1)];
        dir = this.state.root;
        i = 0;
        continue;
      }
      if (last) return { status: STATUS_SUCCESS, id: child };
      dir = child;
      i++;
    }
    return { status: STATUS_SUCCESS, id: dir };
  }

  /** Create an object, named by its full path (null for an unnamed object). */
  create(type: ObjectType, fullName: string | null, extra: Partial<Pick<ObjectHeader, 'Target' | 'Permanent'>> = {}): { status: NTSTATUS; id: number } {
    if (fullName === null) {
      const h = this.allocate(type, '', null);
      Object.assign(h, extra);
      if (h.Target !== undefined) this.allocateBuffer(h.id, 'target', h.Target.length * 2, 'Symt', true);
      return { status: STATUS_SUCCESS, id: h.id };
    }
    const cut = fullName.lastIndexOf('\\');
    const name = fullName.slice(cut + 1);
    if (cut < 0 || name === '') return { status: STATUS_OBJECT_NAME_INVALID, id: 0 };
    const dirPath = cut === 0 ? '\\' : fullName.slice(0, cut);
    const dir = this.lookup(dirPath);
    if (dir.status !== STATUS_SUCCESS) return { status: STATUS_OBJECT_PATH_NOT_FOUND, id: 0 };
    const parent = this.state.objects[dir.id];
    if (parent.Type !== 'Directory' || !parent.Entries) return { status: STATUS_OBJECT_TYPE_MISMATCH, id: 0 };
    if (dictGet(parent.Entries, name.toLowerCase()) !== undefined) return { status: STATUS_OBJECT_NAME_COLLISION, id: 0 };
    const h = this.allocate(type, name, dir.id);
    Object.assign(h, extra);
    if (h.Target !== undefined) this.allocateBuffer(h.id, 'target', h.Target.length * 2, 'Symt', true);
    dictSet(parent.Entries, name.toLowerCase(), h.id);
    return { status: STATUS_SUCCESS, id: h.id };
  }

  /** Take the object's name out of its directory (it becomes temporary and unnamed). */
  removeName(id: number): void {
    const h = this.state.objects[id];
    if (!h || h.Parent === null) return;
    const parent = this.state.objects[h.Parent];
    if (parent?.Entries) dictDelete(parent.Entries, h.Name.toLowerCase());
    h.Parent = null;
    const entry = h.Buffers['dirEntry'];
    if (entry !== undefined) {
      this.freePool(entry);
      delete h.Buffers['dirEntry'];
    }
  }

  /** Free the object entirely. */
  delete(id: number): void {
    this.removeName(id);
    const h = this.state.objects[id];
    if (h) {
      for (const at of Object.values(h.Buffers)) this.freePool(at);
      const start = ObjectManager.headerOf(h) - BigInt(h.InfoMask & OB_INFOMASK_NAME ? OBJECT_HEADER_NAME_INFO : 0);
      this.freePool(start.toString(16).padStart(16, '0'));
    }
    delete this.state.objects[id];
  }

  /** The object's full path ('' when unnamed). */
  fullName(id: number): string {
    const h = this.state.objects[id];
    if (!h) return '';
    if (id === this.state.root) return '\\';
    if (h.Parent === null) return '';
    const parent = this.fullName(h.Parent);
    if (parent === '') return '';
    return (parent === '\\' ? '' : parent) + '\\' + h.Name;
  }

  /** A directory's entries, sorted by name as WinObj shows them. */
  list(dirId: number): ObjectHeader[] {
    const dir = this.state.objects[dirId];
    if (!dir?.Entries) return [];
    return Object.values(dir.Entries)
      .map((id) => this.state.objects[id])
      .sort((a, b) => a.Name.toLowerCase().localeCompare(b.Name.toLowerCase()));
  }

  /** Next auto-generated device name, e.g. \Device\0000002f. */
  autoDeviceName(): string {
    return '\\Device\\' + (this.state.nextAutoName++).toString(16).padStart(8, '0');
  }
}
