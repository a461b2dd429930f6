/**
 * kernel32's directory and file-information calls over the Nt services:
 * FindFirstFileW / FindNextFileW / FindClose (a directory handle and
 * NtQueryDirectoryFile with FileBothDirectoryInformation, the Win32 wildcards
 * translated to the DOS ones), GetFileAttributesExW, GetFileInformationByHandle,
 * FindFirstFileNameW (FileHardLinkInformation, each parent opened by its file
 * id), CopyFileW (source opened, target created, a read/write loop for the
 * default stream and each named stream, the last-write time set) and
 * CreateHardLinkW (FileLinkInformation). Each runs in the calling program's
 * process, as the `api` it is given.
 */
import type { Kernel } from '../nt.ts';
import { NT_SUCCESS, STATUS_NO_MORE_FILES, type NTSTATUS } from '../status.ts';
import { ERROR_ACCESS_DENIED, ERROR_FILE_NOT_FOUND, ERROR_HANDLE_EOF, ERROR_PATH_NOT_FOUND } from '../win32.ts';

/** winerror.h: no more files. */
export const ERROR_NO_MORE_FILES = 18;
import {
  DELETE,
  FILE_ATTRIBUTE_DIRECTORY,
  FILE_DIRECTORY_FILE,
  FILE_LIST_DIRECTORY,
  FILE_OPEN_FOR_BACKUP_INTENT,
  FILE_READ_ATTRIBUTES,
  FILE_SHARE_READ,
  FILE_SYNCHRONOUS_IO_NONALERT,
  FileBasicInformation,
  FileStandardInformation,
  SYNCHRONIZE,
} from '../io/filedefs.ts';
import { fileTime, getU64, putU64 } from '../io/fileinfo.ts';
import { FileBothDirectoryInformation, win32Expression } from '../fs/dirquery.ts';
import { FileHardLinkInformation, FileInternalInformation, FileNameInformation, FileStreamInformation, parseLinksInformation } from '../fs/queryinfo.ts';
import { FILE_OPEN_BY_FILE_ID } from '../fs/volume.ts';
import { STATUS_NO_SUCH_FILE } from '../fs/fsstatus.ts';
import { GENERIC_READ, GENERIC_WRITE } from '../fs/share.ts';
import {
  CREATE_ALWAYS,
  CREATE_NEW,
  FILE_FLAG_BACKUP_SEMANTICS,
  FILE_FLAG_SEQUENTIAL_SCAN,
  INVALID_HANDLE_VALUE,
  OPEN_EXISTING,
  dosPathToNtPath,
  type Kernel32,
} from './kernel32.ts';

const FILE_SHARE_ALL = 7;
/** kernelbase's buffer for each NtQueryDirectoryFile of a find. */
const FIND_BUFFER = 0x1000;
/** CopyFile's transfer size. */
const COPY_CHUNK = 0x10000;

/** WIN32_FIND_DATAW, as much of it as this machine's files fill. */
export interface FindData {
  attributes: number;
  directory: boolean;
  size: number;
  /** ftLastWriteTime in ms since 1970. */
  written: number;
  name: string;
}

/** WIN32_FIND_STREAM_DATA: the stream's size and its name (':name:$DATA'). */
export interface FindStreamData {
  name: string;
  size: number;
}

/** BY_HANDLE_FILE_INFORMATION. */
export interface FileInformation {
  attributes: number;
  written: number;
  size: number;
  links: number;
  /** nFileIndexHigh:nFileIndexLow, the file reference. */
  fileIndex: number;
  deletePending: boolean;
}

const msOf = (ft: bigint) => (ft <= 0n ? 0 : Number(ft / 10_000n - 11_644_473_600_000n));

function u32(b: Uint8Array, at: number): number {
  return at + 4 <= b.length ? new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, true) : 0;
}

function wide(b: Uint8Array, at: number, bytes: number): string {
  let s = '';
  for (let i = 0; i + 1 < bytes && at + i + 1 < b.length; i += 2) s += String.fromCharCode(b[at + i] | (b[at + i + 1] << 8));
  return s;
}

/** FILE_BOTH_DIR_INFORMATION records, followed by NextEntryOffset. */
export function parseBothDirectory(b: Uint8Array): FindData[] {
  const out: FindData[] = [];
  let at = 0;
  for (let n = 0; n < 4096 && at + 94 <= b.length; n++) {
    const attributes = u32(b, at + 56);
    out.push({
      attributes,
      directory: (attributes & FILE_ATTRIBUTE_DIRECTORY) !== 0,
      size: Number(getU64(b, at + 40)),
      written: msOf(getU64(b, at + 24)),
      name: wide(b, at + 94, u32(b, at + 60)),
    });
    const next = u32(b, at);
    if (next === 0) break;
    at += next;
  }
  return out;
}

interface Find {
  dir: number;
  entries: FindData[];
  done: boolean;
}

/** The Win32 calls of one program that list and copy files (its finds in progress, by handle). */
export class FileFinder {
  private readonly k: Kernel;
  private readonly api: Kernel32;
  private readonly finds = new Map<number, Find>();

  constructor(k: Kernel, api: Kernel32) {
    this.k = k;
    this.api = api;
  }

  private query(dir: number, restart: boolean, expression: string | null, fn: string): { status: NTSTATUS; entries: FindData[] } {
    const buffer = this.api.HeapAlloc(FIND_BUFFER);
    const r = this.k.files.NtQueryDirectoryFile(dir, buffer, FIND_BUFFER, FileBothDirectoryInformation, false, expression, restart, this.api.frames(fn, 0x1b2));
    const bytes = NT_SUCCESS(r.status) ? this.api.readMemory(buffer, r.information) : new Uint8Array(0);
    this.api.release(buffer);
    return { status: r.status, entries: parseBothDirectory(bytes) };
  }

  /** FindFirstFileW: the find handle (INVALID_HANDLE_VALUE on failure, the last error set) and the first entry. */
  FindFirstFileW(pattern: string): { handle: number; data: FindData | null } {
    const fail = { handle: INVALID_HANDLE_VALUE, data: null };
    const nt = dosPathToNtPath(pattern, this.api.cwd);
    const cut = nt?.lastIndexOf('\\') ?? -1;
    if (nt === null || cut < 0 || cut === nt.length - 1) {
      this.api.SetLastError(ERROR_FILE_NOT_FOUND);
      return fail;
    }
    const dirPath = /^\\\?\?\\[a-z]:$/i.test(nt.slice(0, cut)) ? nt.slice(0, cut + 1) : nt.slice(0, cut);
    const options = FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT | FILE_OPEN_FOR_BACKUP_INTENT;
    const o = this.k.files.NtOpenFile(dirPath, FILE_LIST_DIRECTORY | SYNCHRONIZE, FILE_SHARE_ALL, options, this.api.frames('FindFirstFileExW', 0x16f));
    if (!NT_SUCCESS(o.status) || o.halted) {
      this.api.fail(o.status);
      // The directory to search is missing: the path is not found.
      if (this.api.GetLastError() === ERROR_FILE_NOT_FOUND) this.api.SetLastError(ERROR_PATH_NOT_FOUND);
      return fail;
    }
    const r = this.query(o.handle, true, win32Expression(nt.slice(cut + 1)), 'FindFirstFileExW');
    if (!NT_SUCCESS(r.status) || r.entries.length === 0) {
      this.k.files.NtClose(o.handle, this.api.frames('FindFirstFileExW', 0x2a4));
      if (r.status === STATUS_NO_SUCH_FILE || r.status === STATUS_NO_MORE_FILES) this.api.SetLastError(ERROR_FILE_NOT_FOUND);
      else this.api.fail(r.status);
      return fail;
    }
    const [first, ...rest] = r.entries;
    this.finds.set(o.handle, { dir: o.handle, entries: rest, done: false });
    return this.api.done({ handle: o.handle, data: first });
  }

  /** FindNextFileW: the next entry, or null (ERROR_NO_MORE_FILES when the listing is done). */
  FindNextFileW(handle: number): FindData | null {
    const find = this.finds.get(handle);
    if (!find) {
      this.api.SetLastError(6);
      return null;
    }
    if (find.entries.length === 0 && !find.done) {
      const r = this.query(find.dir, false, null, 'FindNextFileW');
      if (!NT_SUCCESS(r.status)) {
        find.done = true;
        if (r.status === STATUS_NO_MORE_FILES) this.api.SetLastError(ERROR_NO_MORE_FILES);
        else this.api.fail(r.status);
        return null;
      }
      find.entries = r.entries;
    }
    const next = find.entries.shift();
    if (!next) {
      this.api.SetLastError(ERROR_NO_MORE_FILES);
      return null;
    }
    return this.api.done(next);
  }

  FindClose(handle: number): boolean {
    const find = this.finds.get(handle);
    if (!find) {
      this.api.SetLastError(6);
      return false;
    }
    this.finds.delete(handle);
    this.k.files.NtClose(find.dir, this.api.frames('FindClose', 0x3a));
    return this.api.done(true);
  }

  /** Every entry of a listing (FindFirstFileW, FindNextFileW until ERROR_NO_MORE_FILES, FindClose), or the error. */
  list(pattern: string): FindData[] | number {
    const first = this.FindFirstFileW(pattern);
    if (first.handle === INVALID_HANDLE_VALUE || !first.data) return this.api.GetLastError();
    const out = [first.data];
    for (let n = 0; n < 100_000; n++) {
      const next = this.FindNextFileW(first.handle);
      if (!next) break;
      out.push(next);
    }
    const error = this.api.GetLastError();
    this.FindClose(first.handle);
    return error === ERROR_NO_MORE_FILES || error === 0 ? out : error;
  }

  private queryInfo(handle: number, cls: number, length: number, fn: string): { status: NTSTATUS; bytes: Uint8Array } {
    const buffer = this.api.HeapAlloc(length);
    const r = this.k.files.NtQueryInformationFile(handle, buffer, length, cls, this.api.frames(fn, 0x57));
    const bytes = NT_SUCCESS(r.status) ? this.api.readMemory(buffer, r.information) : new Uint8Array(0);
    this.api.release(buffer);
    return { status: r.status, bytes };
  }

  /** GetFileInformationByHandle: basic, standard and internal information of an open file. */
  GetFileInformationByHandle(handle: number): FileInformation | null {
    const basic = this.queryInfo(handle, FileBasicInformation, 40, 'GetFileInformationByHandle');
    const standard = this.queryInfo(handle, FileStandardInformation, 24, 'GetFileInformationByHandle');
    const internal = this.queryInfo(handle, FileInternalInformation, 8, 'GetFileInformationByHandle');
    for (const r of [basic, standard, internal]) {
      if (!NT_SUCCESS(r.status)) {
        this.api.fail(r.status);
        return null;
      }
    }
    return this.api.done({
      attributes: u32(basic.bytes, 32),
      written: msOf(getU64(basic.bytes, 24)),
      size: Number(getU64(standard.bytes, 8)),
      links: u32(standard.bytes, 16),
      fileIndex: Number(getU64(internal.bytes, 0)),
      deletePending: standard.bytes[20] !== 0,
    });
  }

  /** GetFileAttributesExW (GetFileExInfoStandard): an open for FILE_READ_ATTRIBUTES, its information, the close. */
  GetFileAttributesExW(name: string): FileInformation | null {
    const h = this.openForAttributes(name, 'GetFileAttributesExW');
    if (h === null) return null;
    const info = this.GetFileInformationByHandle(h);
    const error = this.api.GetLastError();
    this.k.files.NtClose(h, this.api.frames('GetFileAttributesExW', 0xc4));
    this.api.SetLastError(error);
    return info;
  }

  private openForAttributes(name: string, fn: string): number | null {
    const path = dosPathToNtPath(name, this.api.cwd);
    if (path === null) {
      this.api.fail(0xc0000033);
      return null;
    }
    const o = this.k.files.NtOpenFile(
      path,
      FILE_READ_ATTRIBUTES | SYNCHRONIZE,
      FILE_SHARE_ALL,
      FILE_OPEN_FOR_BACKUP_INTENT | FILE_SYNCHRONOUS_IO_NONALERT,
      this.api.frames(fn, 0x6b),
    );
    if (!NT_SUCCESS(o.status) || o.halted) {
      this.api.fail(o.status);
      return null;
    }
    return o.handle;
  }

  /**
   * FindFirstFileNameW and FindNextFileNameW together: every name of the file, from the volume's
   * root ('\\Vault\\plan.txt'). Each link names its parent by file id; the parent is opened by
   * that id (FILE_OPEN_BY_FILE_ID) for its name.
   */
  fileNames(name: string): string[] | number {
    const h = this.openForAttributes(name, 'FindFirstFileNameW');
    if (h === null) return this.api.GetLastError();
    const r = this.queryInfo(h, FileHardLinkInformation, FIND_BUFFER, 'FindFirstFileNameW');
    this.k.files.NtClose(h, this.api.frames('FindFirstFileNameW', 0x1c0));
    if (!NT_SUCCESS(r.status)) {
      this.api.fail(r.status);
      return this.api.GetLastError();
    }
    const drive = (dosPathToNtPath(name, this.api.cwd) ?? '\\??\\C:').slice(0, 6);
    const out: string[] = [];
    for (const link of parseLinksInformation(r.bytes)) {
      const byId = this.k.files.NtCreateFile(
        {
          path: `${drive}\\${link.parent.toString(16).padStart(16, '0')}`,
          desiredAccess: FILE_READ_ATTRIBUTES | SYNCHRONIZE,
          shareAccess: FILE_SHARE_ALL,
          createDisposition: 1,
          createOptions: FILE_OPEN_BY_FILE_ID | FILE_OPEN_FOR_BACKUP_INTENT | FILE_SYNCHRONOUS_IO_NONALERT,
          fileAttributes: 0,
        },
        this.api.frames('FindFirstFileNameW', 0x25e),
      );
      if (!NT_SUCCESS(byId.status)) continue;
      const parent = this.queryInfo(byId.handle, FileNameInformation, 0x208, 'FindFirstFileNameW');
      this.k.files.NtClose(byId.handle, this.api.frames('FindFirstFileNameW', 0x2a0));
      const dir = NT_SUCCESS(parent.status) ? wide(parent.bytes, 4, u32(parent.bytes, 0)) : '';
      out.push(`${dir.replace(/\\$/, '')}\\${link.name}`);
    }
    this.api.done(0);
    return out;
  }

  /** An open file's streams (FileStreamInformation): '::$DATA' for the default one, ':name:$DATA' for each named one. */
  private streamsOf(handle: number, fn: string): { status: NTSTATUS; streams: FindStreamData[] } {
    const r = this.queryInfo(handle, FileStreamInformation, FIND_BUFFER, fn);
    const streams: FindStreamData[] = [];
    let at = 0;
    for (let n = 0; n < 256 && NT_SUCCESS(r.status) && at + 24 <= r.bytes.length; n++) {
      streams.push({ name: wide(r.bytes, at + 24, u32(r.bytes, at + 4)), size: Number(getU64(r.bytes, at + 8)) });
      const next = u32(r.bytes, at);
      if (next === 0) break;
      at += next;
    }
    return { status: r.status, streams };
  }

  private namedStreams(handle: number): string[] {
    return this.streamsOf(handle, 'CopyFileExW')
      .streams.map((s) => /^:([^:]+):\$DATA$/i.exec(s.name)?.[1])
      .filter((x): x is string => x !== undefined);
  }

  /**
   * FindFirstStreamW / FindNextStreamW (FindStreamInfoStandard) together: every stream of a file,
   * the default one ('::$DATA') first; ERROR_HANDLE_EOF (38) for a file with none (a directory).
   */
  streams(name: string): FindStreamData[] | number {
    const h = this.openForAttributes(name, 'FindFirstStreamW');
    if (h === null) return this.api.GetLastError();
    const r = this.streamsOf(h, 'FindFirstStreamW');
    this.k.files.NtClose(h, this.api.frames('FindFirstStreamW', 0x140));
    if (!NT_SUCCESS(r.status)) {
      this.api.fail(r.status);
      return this.api.GetLastError();
    }
    if (r.streams.length === 0) {
      this.api.SetLastError(ERROR_HANDLE_EOF);
      return ERROR_HANDLE_EOF;
    }
    return this.api.done(r.streams);
  }

  /** One stream's bytes from `from` to `to`: a read/write loop until a short read. */
  private copyData(from: number, to: number): boolean {
    for (let n = 0; n < 100_000; n++) {
      const r = this.api.ReadFile(from, COPY_CHUNK);
      if (!r.ok) return false;
      if (r.data.length > 0 && !this.api.WriteFile(to, r.data).ok) return false;
      if (r.data.length < COPY_CHUNK) return true;
    }
    return true;
  }

  /**
   * CopyFileW: the source opened to read (sharing reads), the target created (CREATE_NEW when
   * it must not exist), the default stream and every named stream copied, the source's
   * last-write time given to the target. A copy that fails part-way deletes its target.
   */
  CopyFileW(from: string, to: string, failIfExists: boolean): boolean {
    const src = this.api.CreateFileW(from, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN);
    if (src === INVALID_HANDLE_VALUE) return false;
    const info = this.GetFileInformationByHandle(src);
    if (!info || info.attributes & FILE_ATTRIBUTE_DIRECTORY) {
      this.api.CloseHandle(src);
      this.api.SetLastError(ERROR_ACCESS_DENIED);
      return false;
    }
    const streams = this.namedStreams(src);
    const dst = this.api.CreateFileW(to, GENERIC_WRITE | DELETE, 0, failIfExists ? CREATE_NEW : CREATE_ALWAYS, FILE_FLAG_SEQUENTIAL_SCAN);
    if (dst === INVALID_HANDLE_VALUE) {
      const error = this.api.GetLastError();
      this.api.CloseHandle(src);
      this.api.SetLastError(error);
      return false;
    }
    let ok = this.copyData(src, dst);
    for (const stream of ok ? streams : []) {
      const s = this.api.CreateFileW(`${from}:${stream}`, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN);
      const d = s === INVALID_HANDLE_VALUE ? INVALID_HANDLE_VALUE : this.api.CreateFileW(`${to}:${stream}`, GENERIC_WRITE, 0, CREATE_ALWAYS, 0);
      ok = s !== INVALID_HANDLE_VALUE && d !== INVALID_HANDLE_VALUE && this.copyData(s, d);
      if (d !== INVALID_HANDLE_VALUE) this.api.CloseHandle(d);
      if (s !== INVALID_HANDLE_VALUE) this.api.CloseHandle(s);
      if (!ok) break;
    }
    const error = this.api.GetLastError();
    if (ok) {
      // The copy keeps the source's last-write time (FILE_BASIC_INFORMATION.LastWriteTime at 24).
      const basic = new Uint8Array(40);
      putU64(basic, 24, fileTime(info.written));
      this.api.SetFileInformationByHandle(dst, 0, basic);
    } else {
      this.api.SetFileInformationByHandle(dst, 4, Uint8Array.of(1));
    }
    this.api.CloseHandle(dst);
    this.api.CloseHandle(src);
    if (!ok) {
      this.api.SetLastError(error);
      return false;
    }
    return this.api.done(true);
  }

  /** CreateHardLinkW(lpFileName, lpExistingFileName): FileLinkInformation on the existing file. */
  CreateHardLinkW(newName: string, existing: string): boolean {
    return this.api.MoveFileExW(existing, newName, false, true);
  }

  /** Is `name` a directory (opened with backup semantics, its attributes read)? */
  isDirectory(name: string): boolean | null {
    const h = this.api.CreateFileW(name, FILE_READ_ATTRIBUTES, FILE_SHARE_ALL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS);
    if (h === INVALID_HANDLE_VALUE) return null;
    const info = this.GetFileInformationByHandle(h);
    this.api.CloseHandle(h);
    return info ? (info.attributes & FILE_ATTRIBUTE_DIRECTORY) !== 0 : null;
  }
}
