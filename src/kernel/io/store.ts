/**
 * Files on C: while no file system driver is mounted on the volume: the I/O
 * manager serves create, read, write and information requests from the
 * machine's file store, with the NTSTATUS codes a file system returns. A
 * file's text content is its bytes (one byte per character).
 */
import type { Kernel } from '../nt.ts';
import { parentDir } from '../fs/files.ts';
import {
  STATUS_ACCESS_DENIED,
  STATUS_END_OF_FILE,
  STATUS_FILE_IS_A_DIRECTORY,
  STATUS_INVALID_PARAMETER,
  STATUS_NOT_A_DIRECTORY,
  STATUS_OBJECT_NAME_COLLISION,
  STATUS_OBJECT_NAME_INVALID,
  STATUS_OBJECT_NAME_NOT_FOUND,
  STATUS_OBJECT_PATH_NOT_FOUND,
  STATUS_SUCCESS,
  type NTSTATUS,
} from '../status.ts';
import {
  FILE_CREATE,
  FILE_CREATED,
  FILE_DIRECTORY_FILE,
  FILE_NON_DIRECTORY_FILE,
  FILE_OPEN,
  FILE_OPENED,
  FILE_OPEN_IF,
  FILE_OVERWRITE,
  FILE_OVERWRITE_IF,
  FILE_OVERWRITTEN,
  FILE_SUPERSEDE,
  FILE_SUPERSEDED,
} from './filedefs.ts';

export function textBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

export function bytesText(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

const BAD_NAME = /[<>:"|?*\x00-\x1f]/;

/** The create part: disposition and directory checks against the store. */
export function storeCreate(k: Kernel, path: string, disposition: number, options: number): { status: NTSTATUS; information: number } {
  const fail = (status: NTSTATUS) => ({ status, information: 0 });
  if (BAD_NAME.test(path.slice(2))) return fail(STATUS_OBJECT_NAME_INVALID);
  if (disposition > FILE_OVERWRITE_IF) return fail(STATUS_INVALID_PARAMETER);
  const isRoot = /^C:\\?$/i.test(path);
  const dir = isRoot || k.fs.isDir(path);
  const file = isRoot ? undefined : k.fs.file(path);
  if (dir) {
    if (options & FILE_NON_DIRECTORY_FILE) return fail(STATUS_FILE_IS_A_DIRECTORY);
    if (disposition === FILE_CREATE) return fail(STATUS_OBJECT_NAME_COLLISION);
    if (disposition !== FILE_OPEN && disposition !== FILE_OPEN_IF) return fail(STATUS_ACCESS_DENIED);
    return { status: STATUS_SUCCESS, information: FILE_OPENED };
  }
  if (!k.fs.isDir(parentDir(path))) return fail(STATUS_OBJECT_PATH_NOT_FOUND);
  const now = k.now();
  if (file) {
    if (options & FILE_DIRECTORY_FILE) return fail(STATUS_NOT_A_DIRECTORY);
    if (disposition === FILE_CREATE) return fail(STATUS_OBJECT_NAME_COLLISION);
    if (disposition === FILE_OPEN || disposition === FILE_OPEN_IF) return { status: STATUS_SUCCESS, information: FILE_OPENED };
    if (file.image !== null) return fail(STATUS_ACCESS_DENIED);
    k.fs.write(path, { size: 0, written: now, content: '', image: null });
    return { status: STATUS_SUCCESS, information: disposition === FILE_SUPERSEDE ? FILE_SUPERSEDED : FILE_OVERWRITTEN };
  }
  if (disposition === FILE_OPEN || disposition === FILE_OVERWRITE) return fail(STATUS_OBJECT_NAME_NOT_FOUND);
  if (options & FILE_DIRECTORY_FILE) k.fs.mkdir(path, now);
  else k.fs.write(path, { size: 0, written: now, content: '', image: null });
  return { status: STATUS_SUCCESS, information: FILE_CREATED };
}

/** The bytes of a stored file (an image has its size of zero bytes: its code is not text). */
export function storeBytes(k: Kernel, path: string): Uint8Array | null {
  const f = k.fs.file(path);
  if (!f) return null;
  return f.content !== null ? textBytes(f.content) : new Uint8Array(f.size);
}

export function storeRead(k: Kernel, path: string, offset: number, length: number): { status: NTSTATUS; data: Uint8Array } {
  const bytes = storeBytes(k, path);
  if (!bytes) return { status: k.fs.isDir(path) ? STATUS_INVALID_PARAMETER : STATUS_OBJECT_NAME_NOT_FOUND, data: new Uint8Array(0) };
  if (offset >= bytes.length && length > 0) return { status: STATUS_END_OF_FILE, data: new Uint8Array(0) };
  return { status: STATUS_SUCCESS, data: bytes.slice(offset, offset + length) };
}

export function storeWrite(k: Kernel, path: string, offset: number, data: Uint8Array): NTSTATUS {
  const f = k.fs.file(path);
  if (!f) return k.fs.isDir(path) ? STATUS_INVALID_PARAMETER : STATUS_OBJECT_NAME_NOT_FOUND;
  if (f.image !== null) return STATUS_ACCESS_DENIED;
  const old = textBytes(f.content ?? '');
  const size = Math.max(old.length, offset + data.length);
  const next = new Uint8Array(size);
  next.set(old);
  next.set(data, offset);
  k.fs.write(f.path, { size, written: k.now(), content: bytesText(next), image: null });
  return STATUS_SUCCESS;
}

/** Set the end of file (truncate or extend with zeros). */
export function storeSetSize(k: Kernel, path: string, size: number): NTSTATUS {
  const f = k.fs.file(path);
  if (!f) return STATUS_INVALID_PARAMETER;
  if (f.image !== null) return STATUS_ACCESS_DENIED;
  const old = textBytes(f.content ?? '');
  const next = new Uint8Array(size);
  next.set(old.subarray(0, size));
  k.fs.write(f.path, { size, written: k.now(), content: bytesText(next), image: null });
  return STATUS_SUCCESS;
}
