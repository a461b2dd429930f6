/**
 * The object manager's objects as bytes: each object's pool block holds its
 * optional headers (_OBJECT_HEADER_NAME_INFO for named objects), the
 * _OBJECT_HEADER and the body. Bodies of directories, symbolic links, object
 * types and events are laid out here; other subsystems register the bodies
 * they own (driver, device and file objects in io/memory.ts). The kernel's
 * object-manager globals (ObTypeIndexTable, ObpRootDirectoryObject,
 * Io*ObjectType…) are painted over nt's .data.
 */
import type { Kernel } from '../nt.ts';
import type { ObjectType } from '../io/types.ts';
import type { MemoryBlock, MemoryProvider, SpaceId } from '../mm/memory.ts';
import { StructWriter, putLe, readField, utf16z } from '../mm/layout.ts';
import { win7X64TypeDatabase } from '../types/win7-x64.ts';
import {
  OBJECT_BODY_SIZES,
  OBJECT_HEADER_BODY,
  OBJECT_HEADER_NAME_INFO,
  OB_INFOMASK_NAME,
  OBJECT_TAGS,
  ObjectManager,
  type ObjectHeader,
} from './namespace.ts';

/** ObTypeIndexTable of Windows 7: the index of each object type (TypeIndex in _OBJECT_HEADER). */
export const TYPE_INDEX: Readonly<Record<string, number>> = {
  Type: 2,
  Directory: 3,
  SymbolicLink: 4,
  Token: 5,
  Job: 6,
  Process: 7,
  Thread: 8,
  UserApcReserve: 9,
  IoCompletionReserve: 10,
  DebugObject: 11,
  Event: 12,
  EventPair: 13,
  Mutant: 14,
  Callback: 15,
  Semaphore: 16,
  Timer: 17,
  Profile: 18,
  KeyedEvent: 19,
  WindowStation: 20,
  Desktop: 21,
  TpWorkerFactory: 22,
  Adapter: 23,
  Controller: 24,
  Device: 25,
  Driver: 26,
  IoCompletion: 27,
  File: 28,
  TmTm: 29,
  TmTx: 30,
  TmRm: 31,
  TmEn: 32,
  Section: 33,
  Session: 34,
  Key: 35,
  'ALPC Port': 36,
  PowerRequest: 37,
  WmiGuid: 38,
  EtwRegistration: 39,
  EtwConsumer: 40,
  FilterConnectionPort: 41,
  FilterCommunicationPort: 42,
  PcwObject: 43,
};

/** _OBJECT_HEADER.Flags bits. */
const OB_FLAG_KERNEL_OBJECT = 0x2;
const OB_FLAG_PERMANENT_OBJECT = 0x10;
/** Buckets of an _OBJECT_DIRECTORY. */
const NUMBER_HASH_BUCKETS = 37;

/** Paints an object's body: `out` holds the body from `offset`. */
export type BodyRenderer = (k: Kernel, h: ObjectHeader, w: StructWriter) => void;
/** Applies a write to an object's body (bytes at `offset`); true when it changed the machine's state. */
export type BodyWriter = (k: Kernel, h: ObjectHeader, offset: number, body: Uint8Array) => boolean;

export interface BodyHandler {
  /** The type the body is laid out by (nt!_DRIVER_OBJECT…). */
  readonly type: string;
  readonly render: BodyRenderer;
  readonly write?: BodyWriter;
}

/** The hash ObpLookupDirectoryEntry files a name under (case-insensitive). */
export function directoryHash(name: string): number {
  let index = 0;
  for (const ch of name) {
    let c = ch.charCodeAt(0);
    if (c >= 0x61 && c <= 0x7a) c -= 0x20;
    index = (index + (index << 1) + (index >>> 1) + c) >>> 0;
  }
  return index;
}

const addr = (hex: string | undefined) => (hex === undefined ? 0n : BigInt('0x' + hex));

/** FILETIME (100 ns since 1601) of a wall-clock time in ms since 1970. */
export function fileTime(ms: number): bigint {
  return (BigInt(Math.round(ms)) + 11644473600000n) * 10000n;
}

export class ObjectMemory implements MemoryProvider {
  readonly name = 'ob';
  readonly layer = 1 as const;
  private readonly k: Kernel;
  private readonly handlers = new Map<ObjectType, BodyHandler>();

  constructor(k: Kernel) {
    this.k = k;
    this.handlers.set('Directory', { type: '_OBJECT_DIRECTORY', render: (_k, h, w) => this.directory(h, w) });
    this.handlers.set('SymbolicLink', { type: '_OBJECT_SYMBOLIC_LINK', render: (_k, h, w) => this.symbolicLink(h, w) });
    this.handlers.set('Type', { type: '_OBJECT_TYPE', render: (_k, h, w) => this.objectType(h, w) });
    this.handlers.set('Event', { type: '_KEVENT', render: (_kk, _h, w) => w.set('Header.Type', 0).set('Header.Size', 6).emptyList('Header.WaitListHead') });
  }

  /** Another subsystem lays out the bodies of one object type. */
  register(type: ObjectType, handler: BodyHandler): void {
    this.handlers.set(type, handler);
  }

  private get db() {
    return win7X64TypeDatabase();
  }

  /** The object type object (\ObjectTypes\<name>), if it exists. */
  typeObject(name: string): ObjectHeader | undefined {
    const r = this.k.ob.lookup(`\\ObjectTypes\\${name}`);
    return r.status === 0 ? this.k.ob.get(r.id) : undefined;
  }

  blocks(space: SpaceId, emit: (block: MemoryBlock) => void): void {
    if (space !== 'kernel') return;
    for (const h of Object.values(this.k.ob.state.objects)) {
      const named = (h.InfoMask & OB_INFOMASK_NAME) !== 0;
      const header = ObjectManager.headerOf(h);
      const start = header - BigInt(named ? OBJECT_HEADER_NAME_INFO : 0);
      const size = Number(header - start) + OBJECT_HEADER_BODY + OBJECT_BODY_SIZES[h.Type];
      // A block lives for one view of memory (until the next invalidate), so its bytes are laid out once.
      let bytes: Uint8Array | null = null;
      emit({
        start,
        size,
        what: `${h.Type} object`,
        render: (offset, out) => out.set((bytes ??= this.renderObject(h, start, size)).subarray(offset, offset + out.length)),
        write: (offset, data) => this.writeObject(h, start, size, offset, data),
      });
      const name = h.Buffers['name'];
      if (name !== undefined) emit(this.stringBlock(addr(name), h.Name, 'object name'));
      const target = h.Buffers['target'];
      if (target !== undefined && h.Target !== undefined) emit(this.stringBlock(addr(target), h.Target, 'link target'));
      const entry = h.Buffers['dirEntry'];
      if (entry !== undefined) emit(this.directoryEntryBlock(h, addr(entry)));
    }
    this.globals(emit);
  }

  /** A UTF-16 buffer (without terminator: Length == MaximumLength, as the object manager stores names). */
  stringBlock(at: bigint, text: string, what: string): MemoryBlock {
    const bytes = utf16z(text).subarray(0, text.length * 2);
    return { start: at, size: Math.max(2, bytes.length), what, render: (offset, out) => out.set(bytes.subarray(offset, offset + out.length)) };
  }

  private renderObject(h: ObjectHeader, start: bigint, size: number): Uint8Array {
    const out = new Uint8Array(size);
    const headerOff = Number(ObjectManager.headerOf(h) - start);
    if (h.InfoMask & OB_INFOMASK_NAME) {
      const ni = new StructWriter(this.db, 'nt', '_OBJECT_HEADER_NAME_INFO', out, 0, start);
      const parent = h.Parent === null ? undefined : this.k.ob.get(h.Parent);
      ni.set('Directory', parent ? addr(parent.Address) : 0n).unicode('Name', h.Name, addr(h.Buffers['name']), h.Name.length * 2);
    }
    const w = new StructWriter(this.db, 'nt', '_OBJECT_HEADER', out, headerOff, ObjectManager.headerOf(h));
    w.set('PointerCount', BigInt(h.PointerCount))
      .set('HandleCount', BigInt(h.HandleCount))
      .set('TypeIndex', TYPE_INDEX[h.Type] ?? 0)
      .set('InfoMask', h.InfoMask)
      .set('Flags', OB_FLAG_KERNEL_OBJECT | (h.Permanent ? OB_FLAG_PERMANENT_OBJECT : 0));
    const handler = this.handlers.get(h.Type);
    if (handler) handler.render(this.k, h, new StructWriter(this.db, 'nt', handler.type, out, headerOff + OBJECT_HEADER_BODY, addr(h.Address)));
    return out;
  }

  private writeObject(h: ObjectHeader, start: bigint, size: number, offset: number, data: Uint8Array): boolean {
    const bytes = this.renderObject(h, start, size);
    bytes.set(data, offset);
    const headerOff = Number(ObjectManager.headerOf(h) - start);
    const end = offset + data.length;
    let applied = false;
    // PointerCount and HandleCount are modelled; the rest of the header is not.
    if (offset < headerOff + 0x10 && end > headerOff) {
      if (offset >= headerOff && end <= headerOff + 0x10) {
        h.PointerCount = Number(BigInt.asIntN(64, readField(this.db, 'nt', '_OBJECT_HEADER', bytes, headerOff, 'PointerCount') ?? 0n));
        h.HandleCount = Number(BigInt.asIntN(64, readField(this.db, 'nt', '_OBJECT_HEADER', bytes, headerOff, 'HandleCount') ?? 0n));
        applied = true;
      }
    }
    const bodyOff = headerOff + OBJECT_HEADER_BODY;
    const handler = this.handlers.get(h.Type);
    if (offset >= bodyOff && handler?.write) applied = handler.write(this.k, h, offset - bodyOff, bytes.subarray(bodyOff)) || applied;
    return applied;
  }

  private directory(h: ObjectHeader, w: StructWriter): void {
    const buckets = new Map<number, ObjectHeader[]>();
    for (const child of this.k.ob.list(h.id).sort((a, b) => a.id - b.id)) {
      const b = directoryHash(child.Name) % NUMBER_HASH_BUCKETS;
      const list = buckets.get(b) ?? [];
      // ObpInsertDirectoryEntry pushes at the head of its bucket: the newest object is found first.
      list.unshift(child);
      buckets.set(b, list);
    }
    for (const [b, list] of buckets) {
      const first = list[0].Buffers['dirEntry'];
      if (first !== undefined) w.set(`HashBuckets[${b}]`, addr(first));
    }
  }

  private directoryEntryBlock(h: ObjectHeader, at: bigint): MemoryBlock {
    return {
      start: at,
      size: 0x18,
      what: '_OBJECT_DIRECTORY_ENTRY',
      render: (offset, out) => {
        const bytes = new Uint8Array(0x18);
        const w = new StructWriter(this.db, 'nt', '_OBJECT_DIRECTORY_ENTRY', bytes, 0, at);
        // The next entry in the same bucket is the next older sibling with the same hash.
        const bucket = directoryHash(h.Name) % NUMBER_HASH_BUCKETS;
        const older = h.Parent === null ? [] : this.k.ob.list(h.Parent).filter((o) => o.id < h.id && directoryHash(o.Name) % NUMBER_HASH_BUCKETS === bucket);
        const next = older.sort((a, b) => b.id - a.id)[0];
        w.set('ChainLink', next ? addr(next.Buffers['dirEntry']) : 0n)
          .set('Object', addr(h.Address))
          .set('HashValue', directoryHash(h.Name));
        out.set(bytes.subarray(offset, offset + out.length));
      },
    };
  }

  private symbolicLink(h: ObjectHeader, w: StructWriter): void {
    const target = h.Target ?? '';
    w.set('CreationTime.QuadPart', fileTime(this.k.ke.state.bootTime + h.Created)).unicode('LinkTarget', target, addr(h.Buffers['target']), target.length * 2);
  }

  private objectType(h: ObjectHeader, w: StructWriter): void {
    const all = Object.values(this.k.ob.state.objects).filter((o) => o.Type === h.Name);
    w.emptyList('TypeList')
      .unicode('Name', h.Name, addr(h.Buffers['name']), h.Name.length * 2)
      .set('Index', TYPE_INDEX[h.Name] ?? 0)
      .set('TotalNumberOfObjects', all.length)
      .set(
        'TotalNumberOfHandles',
        all.reduce((n, o) => n + o.HandleCount, 0),
      )
      .set('HighWaterNumberOfObjects', all.length)
      .set(
        'HighWaterNumberOfHandles',
        all.reduce((n, o) => n + o.HandleCount, 0),
      )
      .set('TypeInfo.Length', 0x70)
      .set('TypeInfo.PoolType', h.Name === 'Directory' || h.Name === 'SymbolicLink' || h.Name === 'Key' ? 1 : 0)
      .set('Key', tagValue(OBJECT_TAGS[h.Name as ObjectType] ?? h.Name.slice(0, 4)))
      .emptyList('CallbackList');
  }

  /** nt's object-manager globals, painted over its .data. */
  private globals(emit: (block: MemoryBlock) => void): void {
    const at = (name: string) => this.k.images.symbolAddress(`nt!${name}`);
    const pointer = (name: string, value: () => bigint) => {
      const where = at(name);
      if (where === null) return;
      emit({
        start: where,
        size: 8,
        what: `nt!${name}`,
        render: (offset, out) => {
          const b = new Uint8Array(8);
          putLe(b, 0, 8, value());
          out.set(b.subarray(offset, offset + out.length));
        },
      });
    };
    const root = this.k.ob.get(this.k.ob.state.root);
    pointer('ObpRootDirectoryObject', () => addr(root?.Address));
    for (const [sym, type] of [
      ['IoDriverObjectType', 'Driver'],
      ['IoDeviceObjectType', 'Device'],
      ['IoFileObjectType', 'File'],
      ['ExEventObjectType', 'Event'],
    ] as const) {
      pointer(sym, () => addr(this.typeObject(type)?.Address));
    }
    const table = at('ObTypeIndexTable');
    if (table !== null) {
      emit({
        start: table,
        size: 0x200,
        what: 'nt!ObTypeIndexTable',
        render: (offset, out) => {
          const b = new Uint8Array(0x200);
          putLe(b, 8, 8, 0xbad0b0b0n);
          for (const t of this.k.ob.list(this.k.ob.lookup('\\ObjectTypes').id)) {
            const i = TYPE_INDEX[t.Name];
            if (i !== undefined) putLe(b, i * 8, 8, addr(t.Address));
          }
          out.set(b.subarray(offset, offset + out.length));
        },
      });
    }
  }
}

function tagValue(tag: string): number {
  let v = 0;
  for (let i = 0; i < 4; i++) v |= ((i < tag.length ? tag.charCodeAt(i) : 0x20) & 0xff) << (i * 8);
  return v >>> 0;
}
