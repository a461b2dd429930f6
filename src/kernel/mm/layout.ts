/**
 * Laying a structure out in bytes by the machine's type database: the kernel
 * renders its objects with this, so `dt` (which reads the same database) and
 * the bytes always agree. Fields are named by path as `dt` shows them:
 * `DriverName.Length`, `MajorFunction[3]`, `Header.Type`, `Flags` (bit fields
 * by their own name).
 */
import type { TypeDatabase, TypeExpr } from '../../base/typedb.ts';

/** Where a field path lands inside its structure. */
export interface FieldSlot {
  readonly offset: number;
  /** Bytes the field occupies (for a bit field: the bytes holding its bits). */
  readonly size: number;
  readonly bits: { readonly pos: number; readonly len: number } | null;
  readonly type: TypeExpr;
}

const slotCache = new WeakMap<TypeDatabase, Map<string, FieldSlot | null>>();

/** Resolve `path` inside `type` (in `module`'s types). Null: no such field. */
export function fieldSlot(db: TypeDatabase, module: string, type: string, path: string): FieldSlot | null {
  let cache = slotCache.get(db);
  if (!cache) slotCache.set(db, (cache = new Map()));
  const key = `${module}!${type}.${path}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const slot = resolve(db, module, type, path);
  cache.set(key, slot);
  return slot;
}

function resolve(db: TypeDatabase, module: string, type: string, path: string): FieldSlot | null {
  let offset = 0;
  let current: TypeExpr = { k: 'named', name: type };
  for (const part of path.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m || current.k !== 'named') return null;
    const found = db.find(module, current.name);
    if (!found || found.def.kind === 'enum') return null;
    const field = found.def.fields.find((f) => f.name === m[1]);
    if (!field) return null;
    offset += field.offset;
    current = field.type;
    for (const idx of m[2].match(/\d+/g) ?? []) {
      if (current.k !== 'array') return null;
      const i = Number(idx);
      if (i >= current.count) return null;
      offset += i * db.sizeOf(module, current.of);
      current = current.of;
    }
  }
  if (current.k === 'bits') return { offset, size: Math.ceil((current.pos + current.len) / 8), bits: { pos: current.pos, len: current.len }, type: current };
  return { offset, size: db.sizeOf(module, current), bits: null, type: current };
}

/** Little-endian bytes of `value` (two's complement for negatives). */
function putLe(out: Uint8Array, at: number, size: number, value: bigint): void {
  let v = BigInt.asUintN(size * 8, value);
  for (let i = 0; i < size; i++) {
    out[at + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

function getLe(bytes: Uint8Array, at: number, size: number): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at + i] ?? 0);
  return v;
}

export type FieldValue = bigint | number | boolean;

/**
 * A writer over one structure instance in a byte buffer. Unknown field paths
 * are an author's error (the type database and the renderer disagree) and
 * throw, so tests catch them.
 */
export class StructWriter {
  readonly db: TypeDatabase;
  readonly module: string;
  readonly type: string;
  readonly out: Uint8Array;
  /** Where the structure starts inside `out`. */
  readonly base: number;
  /** The structure's own address (for self-relative values such as empty list heads). */
  readonly address: bigint;

  constructor(db: TypeDatabase, module: string, type: string, out: Uint8Array, base: number, address: bigint) {
    this.db = db;
    this.module = module;
    this.type = type;
    this.out = out;
    this.base = base;
    this.address = address;
  }

  slot(path: string): FieldSlot {
    const s = fieldSlot(this.db, this.module, this.type, path);
    if (!s) throw new Error(`${this.module}!${this.type} has no field ${path}`);
    return s;
  }

  /** The address of a field of this instance. */
  addressOf(path: string): bigint {
    return this.address + BigInt(this.slot(path).offset);
  }

  set(path: string, value: FieldValue): this {
    const s = this.slot(path);
    const v = typeof value === 'bigint' ? value : typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(Math.trunc(value));
    const at = this.base + s.offset;
    if (s.bits) {
      const mask = ((1n << BigInt(s.bits.len)) - 1n) << BigInt(s.bits.pos);
      const old = getLe(this.out, at, s.size);
      putLe(this.out, at, s.size, (old & ~mask) | ((v << BigInt(s.bits.pos)) & mask));
    } else putLe(this.out, at, s.size, v);
    return this;
  }

  /** A _LIST_ENTRY (or any Flink/Blink pair) at `path`. */
  list(path: string, flink: bigint, blink: bigint): this {
    return this.set(`${path}.Flink`, flink).set(`${path}.Blink`, blink);
  }

  /** An empty list head: both links point at the head itself. */
  emptyList(path: string): this {
    const at = this.addressOf(path);
    return this.list(path, at, at);
  }

  /** A counted UTF-16 string (_UNICODE_STRING) whose characters live at `buffer`. */
  unicode(path: string, text: string, buffer: bigint, maximumLength = text.length * 2): this {
    return this.set(`${path}.Length`, text.length * 2)
      .set(`${path}.MaximumLength`, maximumLength)
      .set(`${path}.Buffer`, text === '' && maximumLength === 0 ? 0n : buffer);
  }

  /** Characters (1 byte each) into a UChar array such as ImageFileName. */
  ascii(path: string, text: string): this {
    const s = this.slot(path);
    const at = this.base + s.offset;
    for (let i = 0; i < s.size; i++) this.out[at + i] = i < text.length ? text.charCodeAt(i) & 0xff : 0;
    return this;
  }
}

/** Read a field's value back from bytes laid out by `type` (for writes from the debugger). */
export function readField(db: TypeDatabase, module: string, type: string, bytes: Uint8Array, base: number, path: string): bigint | null {
  const s = fieldSlot(db, module, type, path);
  if (!s) return null;
  const raw = getLe(bytes, base + s.offset, s.size);
  if (!s.bits) return raw;
  return (raw >> BigInt(s.bits.pos)) & ((1n << BigInt(s.bits.len)) - 1n);
}

/** UTF-16LE bytes of `text`, with a terminating NUL. */
export function utf16z(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2 + 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i * 2] = c & 0xff;
    out[i * 2 + 1] = c >> 8;
  }
  return out;
}

export { putLe, getLe };
