/**
 * Reading kernel objects through a target and its type database, as the
 * kdexts extensions do: fields by path, counted strings, object headers and
 * their names and types, and name lookup through the object directory from
 * nt!ObpRootDirectoryObject. Works on the live machine and on dumps alike.
 */
import { fieldSlot } from '../kernel/mm/layout.ts';
import { fromLe } from './memory.ts';
import { findSymbol, formatSymbol } from './symbols.ts';
import type { Target } from './target.ts';

/** _OBJECT_HEADER up to the body, and its optional headers (Windows 7 x64). */
const HEADER_BODY = 0x30;
const BUCKETS = 37;

export class KernelReader {
  readonly target: Target;

  constructor(target: Target) {
    this.target = target;
  }

  /** Offset of a field path in an nt type; null when the symbols lack it. */
  offset(type: string, path: string): number | null {
    return fieldSlot(this.target.types, 'nt', type, path)?.offset ?? null;
  }

  hasType(type: string): boolean {
    return this.target.types.find('nt', type) !== null;
  }

  /** A field's value (unsigned; bit fields extracted). */
  field(address: bigint, type: string, path: string): bigint | null {
    const s = fieldSlot(this.target.types, 'nt', type, path);
    if (!s) return null;
    const size = Math.min(s.size, 8);
    const b = this.target.read(address + BigInt(s.offset), size);
    if (!b) return null;
    const raw = fromLe(b, 0, size);
    return s.bits ? (raw >> BigInt(s.bits.pos)) & ((1n << BigInt(s.bits.len)) - 1n) : raw;
  }

  pointer(address: bigint): bigint | null {
    const b = this.target.read(address, 8);
    return b ? fromLe(b, 0, 8) : null;
  }

  /** A _UNICODE_STRING's text; null when the structure or its buffer cannot be read. */
  unicode(address: bigint): string | null {
    const h = this.target.read(address, 0x10);
    if (!h) return null;
    const length = Number(fromLe(h, 0, 2));
    const buffer = fromLe(h, 8, 8);
    if (length === 0) return '';
    const b = this.target.read(buffer, length);
    if (!b) return null;
    let s = '';
    for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b[i] | (b[i + 1] << 8));
    return s;
  }

  /**
   * A Key object's full name as kdexts builds it: the body's KeyControlBlock, then each
   * ParentKcb up to the root, each KCB's NameBlock giving one name (one byte a character
   * when Compressed). Null when the body or a block cannot be read.
   */
  keyName(body: bigint): string | null {
    let kcb = this.field(body, '_CM_KEY_BODY', 'KeyControlBlock');
    const nameAt = this.offset('_CM_NAME_CONTROL_BLOCK', 'Name');
    if (kcb === null || kcb === 0n || nameAt === null) return null;
    let name = '';
    for (let n = 0; kcb !== 0n && n < 512; n++) {
      const ncb = this.field(kcb, '_CM_KEY_CONTROL_BLOCK', 'NameBlock');
      const compressed = ncb === null ? null : this.field(ncb, '_CM_NAME_CONTROL_BLOCK', 'Compressed');
      const length = ncb === null ? null : this.field(ncb, '_CM_NAME_CONTROL_BLOCK', 'NameLength');
      if (ncb === null || compressed === null || length === null) return null;
      const b = length === 0n ? new Uint8Array(0) : this.target.read(ncb + BigInt(nameAt), Number(length));
      if (!b) return null;
      let part = '';
      if (compressed) for (const c of b) part += String.fromCharCode(c);
      else for (let i = 0; i + 1 < b.length; i += 2) part += String.fromCharCode(b[i] | (b[i + 1] << 8));
      name = `\\${part}${name}`;
      const parent = this.field(kcb, '_CM_KEY_CONTROL_BLOCK', 'ParentKcb');
      if (parent === null) return null;
      kcb = parent;
    }
    return name;
  }

  /** A global of nt by name. */
  global(name: string): bigint | null {
    const hit = findSymbol(this.target, 'nt', name);
    return hit ? hit.module.base + BigInt(hit.symbol.rva) : null;
  }

  /** The object's header address. */
  static header(object: bigint): bigint {
    return object - BigInt(HEADER_BODY);
  }

  /** The object's name from its _OBJECT_HEADER_NAME_INFO ('' when unnamed). */
  objectName(object: bigint): string {
    const info = this.nameInfo(object);
    return info === null ? '' : (this.unicode(info + 8n) ?? '');
  }

  /** Where the object's _OBJECT_HEADER_NAME_INFO is, if it has one. */
  nameInfo(object: bigint): bigint | null {
    const mask = this.field(KernelReader.header(object), '_OBJECT_HEADER', 'InfoMask');
    if (mask === null || (mask & 2n) === 0n) return null;
    const before = 0x20 + ((mask & 1n) !== 0n ? 0x20 : 0);
    return KernelReader.header(object) - BigInt(before);
  }

  /** The directory the object's name is in (0 when none). */
  objectDirectory(object: bigint): bigint {
    const info = this.nameInfo(object);
    return info === null ? 0n : (this.pointer(info) ?? 0n);
  }

  /** The object's type object, from TypeIndex through nt!ObTypeIndexTable. */
  typeObject(object: bigint): bigint | null {
    const index = this.field(KernelReader.header(object), '_OBJECT_HEADER', 'TypeIndex');
    const table = this.global('ObTypeIndexTable');
    if (index === null || table === null) return null;
    return this.pointer(table + index * 8n);
  }

  /** The name of the object's type ('Driver', 'Device'…). */
  typeName(object: bigint): string | null {
    const t = this.typeObject(object);
    if (t === null || t === 0n) return null;
    const off = this.offset('_OBJECT_TYPE', 'Name');
    return off === null ? null : this.unicode(t + BigInt(off));
  }

  /** The objects of a directory, with their names, in bucket order. */
  directoryEntries(directory: bigint): { bucket: number; object: bigint; name: string }[] {
    const out: { bucket: number; object: bigint; name: string }[] = [];
    for (let b = 0; b < BUCKETS; b++) {
      let entry = this.pointer(directory + BigInt(b * 8)) ?? 0n;
      for (let guard = 0; entry !== 0n && guard < 4096; guard++) {
        const object = this.pointer(entry + 8n);
        if (object === null) break;
        out.push({ bucket: b, object, name: this.objectName(object) });
        entry = this.pointer(entry) ?? 0n;
      }
    }
    return out;
  }

  /** The full path of a named object ('' when it has none). */
  fullName(object: bigint): string {
    const parts: string[] = [];
    const root = this.pointer(this.global('ObpRootDirectoryObject') ?? 0n);
    let at = object;
    for (let guard = 0; guard < 64; guard++) {
      if (at === root) return parts.length === 0 ? '\\' : '\\' + parts.reverse().join('\\');
      const name = this.objectName(at);
      const dir = this.objectDirectory(at);
      if (name === '' || dir === 0n) return '';
      parts.push(name);
      at = dir;
    }
    return '';
  }

  /** Resolve an object path as the object manager does (links followed); null when not found. */
  lookup(path: string): bigint | null {
    const rootPtr = this.global('ObpRootDirectoryObject');
    const root = rootPtr === null ? null : this.pointer(rootPtr);
    if (root === null || root === 0n || !path.startsWith('\\')) return null;
    let parts = path.split('\\').filter((p) => p !== '');
    let dir = root;
    for (let i = 0, reparse = 0; i < parts.length; i++) {
      let name = parts[i];
      if (dir === root && name === '??') name = 'GLOBAL??';
      const hit = this.directoryEntries(dir).find((e) => e.name.toLowerCase() === name.toLowerCase());
      if (!hit) return null;
      if (i < parts.length - 1 && this.typeName(hit.object) === 'SymbolicLink') {
        if (++reparse > 32) return null;
        const off = this.offset('_OBJECT_SYMBOLIC_LINK', 'LinkTarget') ?? 8;
        const target = this.unicode(hit.object + BigInt(off)) ?? '';
        parts = [...target.split('\\').filter((p) => p !== ''), ...parts.slice(i + 1)];
        dir = root;
        i = -1;
        continue;
      }
      if (i === parts.length - 1) return hit.object;
      dir = hit.object;
    }
    return dir;
  }

  /** 'module!Symbol' (or module+0xoff) for a code address; '' for 0 or an address outside every module. */
  symbolize(address: bigint): string {
    if (address === 0n) return '';
    return formatSymbol(this.target, address) ?? '';
  }
}

/** kdexts' 64-bit address spelling: 16 digits, no backtick. */
export function a64(v: bigint): string {
  return v.toString(16).padStart(16, '0');
}

/** A pointer as the I/O extensions print it: 00000000 for NULL, else 16 digits. */
export function p64(v: bigint): string {
  return v === 0n ? '00000000' : a64(v);
}

/** An object argument: a name (tried first, with `prefix` when it has no backslash) or an address expression. */
export function objectArgument(reader: KernelReader, text: string, prefix: string): bigint | null {
  const name = text.startsWith('\\') ? text : prefix + text;
  if (/^[\w.\\?$-]+$/.test(text)) {
    const found = reader.lookup(name);
    if (found !== null) return found;
  }
  return null;
}
