/**
 * The console's view of the machine's drives, behind the narrow `ConsoleFiles`
 * interface so that every file command is independent of how the kernel keeps its
 * files: C:, and any drive whose link names a mounted volume (a network share mapped
 * as Z:, reached only through the Win32 calls). Reading, writing (and redirection), copying,
 * deleting and renaming a file open it as cmd.exe does, with IRPs through the
 * volume's stack (the Filter Manager's device, then Ntfs), on behalf of the
 * requesting process: `type` is CreateFile + ReadFile, `echo >` CreateFile with
 * CREATE_ALWAYS (`>>`: OPEN_ALWAYS) + WriteFile, `del` DeleteFile (an open for
 * DELETE and FileDispositionInformation), `ren` MoveFile (FileRenameInformation).
 * A name may carry a stream (`file.txt:notes`). Directory listings and attributes
 * are read from the volume's directory records.
 */
import { utf8Bytes, utf8Decode } from '../base/text.ts';
import { parentDir, type FileEntry } from '../kernel/fs/files.ts';
import type { Machine } from '../kernel/machine.ts';
import { kernelOf, type Kernel } from '../kernel/nt.ts';
import { FILE_APPEND_DATA, FILE_SHARE_READ, FILE_SHARE_WRITE, GENERIC_READ, GENERIC_WRITE } from '../kernel/fs/share.ts';
import { CREATE_ALWAYS, INVALID_HANDLE_VALUE, Kernel32, OPEN_ALWAYS, OPEN_EXISTING } from '../kernel/user/kernel32.ts';
import { FileFinder } from '../kernel/user/findfile.ts';
import { volumePath } from '../kernel/io/fsrequests.ts';
import { FILE_ATTRIBUTE_DIRECTORY } from '../kernel/io/filedefs.ts';
import { existingFileServer } from '../kernel/rdr/server.ts';
import {
  ERROR_ACCESS_DENIED,
  ERROR_ALREADY_EXISTS,
  ERROR_DIR_NOT_EMPTY,
  ERROR_DIRECTORY,
  ERROR_FILE_NOT_FOUND,
  ERROR_INVALID_NAME,
  ERROR_PATH_NOT_FOUND,
  type ConsoleFiles,
  type FileInfo,
} from './command.ts';

const BAD_NAME = /[<>"|?*:]/;
/** A file name with a stream ('C:\\a\\f.txt:name' or ':name:$DATA'): the characters before the stream still exclude ':'. */
const STREAM_NAME = /^[a-z]:[^:<>"|?*]*:[^:<>"|?*\\]+(:\$DATA)?$/i;
/** How much cmd.exe asks for in each ReadFile. */
const READ_CHUNK = 0x10000;
const onC = (path: string) => /^c:/i.test(path);
const isRoot = (path: string) => /^[a-z]:\\?$/i.test(path);
const key = (path: string) => path.replace(/\\$/, '').toLowerCase();

function fileInfo(f: FileEntry): FileInfo {
  return { path: f.path, dir: false, size: f.size, written: f.written, binary: f.content === null };
}

export function kernelFiles(machine: Machine): ConsoleFiles | undefined {
  const k = kernelOf(machine);
  if (!k) return undefined;
  return new KernelFiles(k);
}

class KernelFiles implements ConsoleFiles {
  private readonly k: Kernel;

  constructor(k: Kernel) {
    this.k = k;
  }

  /** Why `path` cannot name an entry (bad characters, another drive, a missing parent), or 0. */
  private check(path: string): number {
    if (BAD_NAME.test(path.slice(2))) return ERROR_INVALID_NAME;
    if (!onC(path) && !this.mountedDrive(path)) return ERROR_PATH_NOT_FOUND;
    return 0;
  }

  /** A drive other than C: whose link names a mounted volume (the share mapped as Z:): its files are reached only by the Win32 calls. */
  private mountedDrive(path: string): boolean {
    const drive = /^([a-z]:)/i.exec(path)?.[1];
    return drive !== undefined && volumePath(this.k, `\\??\\${drive}`) !== null;
  }

  private dirExists(path: string): boolean {
    if (onC(path)) return this.k.fs.isDir(path);
    return this.mountedDrive(path) && new FileFinder(this.k, this.api()).isDirectory(path) === true;
  }

  /** The Win32 API of the process on whose behalf the console opens files: the running tool, else cmd.exe. */
  private api(): Kernel32 {
    return new Kernel32(this.k);
  }

  /** A file name with a stream part, checked as the file system checks it; its file part otherwise as before. */
  private streamCheck(path: string): number {
    if (!STREAM_NAME.test(path)) return ERROR_INVALID_NAME;
    const file = path.slice(0, path.indexOf(':', 2));
    const bad = this.check(file);
    if (bad) return bad;
    if (this.k.fs.isDir(file)) return ERROR_ACCESS_DENIED;
    return this.dirExists(parentDir(file)) ? 0 : ERROR_PATH_NOT_FOUND;
  }

  /** CreateFileW, the calls `use` makes on the handle, CloseHandle; a Win32 error code or what `use` returned. */
  private withHandle<T>(path: string, access: number, share: number, disposition: number, use: (api: Kernel32, h: number) => T | number): T | number {
    const api = this.api();
    const h = api.CreateFileW(path, access, share, disposition, 0);
    if (h === INVALID_HANDLE_VALUE) return api.GetLastError();
    try {
      return use(api, h);
    } finally {
      api.CloseHandle(h);
    }
  }

  read(path: string): string | number {
    const stream = path.slice(2).includes(':');
    const bad = stream ? this.streamCheck(path) : this.check(path);
    if (bad) return bad;
    if (!stream && onC(path)) {
      if (this.k.fs.isDir(path)) return ERROR_ACCESS_DENIED;
      if (!this.k.fs.file(path)) return this.dirExists(parentDir(path)) ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;
    }
    // A driver image is not text: filters see no lines in it (the file system reads it as empty text).
    return this.withHandle<string>(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, (api, h) => {
      const parts: Uint8Array[] = [];
      for (;;) {
        const r = api.ReadFile(h, READ_CHUNK);
        if (!r.ok) return api.GetLastError();
        parts.push(r.data);
        // A short read is the end of a disk file.
        if (r.data.length < READ_CHUNK) break;
      }
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        all.set(p, at);
        at += p.length;
      }
      return utf8Decode(all);
    });
  }

  write(path: string, text: string, append: boolean): number {
    const stream = path.slice(2).includes(':');
    const bad = stream ? this.streamCheck(path) : this.check(path);
    if (bad) return bad;
    if (!stream) {
      if (this.k.fs.isDir(path)) return ERROR_ACCESS_DENIED;
      if (!this.dirExists(parentDir(path))) return ERROR_PATH_NOT_FOUND;
    }
    const old = stream ? undefined : this.k.fs.file(path);
    // cmd.exe: '>' opens with CREATE_ALWAYS (FILE_OVERWRITE_IF), '>>' with OPEN_ALWAYS for appending.
    return this.withHandle<number>(
      old?.path ?? path,
      append ? FILE_APPEND_DATA : GENERIC_WRITE,
      FILE_SHARE_READ | FILE_SHARE_WRITE,
      append ? OPEN_ALWAYS : CREATE_ALWAYS,
      (api, h) => {
        if (text === '') return 0;
        return api.WriteFile(h, utf8Bytes(text)).ok ? 0 : api.GetLastError();
      },
    );
  }

  stat(path: string): FileInfo | number {
    const bad = this.check(path);
    if (bad) return bad;
    if (!onC(path)) {
      const info = new FileFinder(this.k, this.api()).GetFileAttributesExW(path);
      if (!info) return this.dirExists(parentDir(path)) ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;
      const dir = (info.attributes & FILE_ATTRIBUTE_DIRECTORY) !== 0;
      // A root keeps its backslash ('Z:\\'), as the C: store gives it.
      const shown = isRoot(path) ? `${path.slice(0, 2).toUpperCase()}\\` : path.replace(/\\$/, '');
      return { path: shown, dir, size: dir ? 0 : info.size, written: info.written, binary: false };
    }
    const dir = this.k.fs.dirPath(path);
    if (dir !== null) {
      const written = this.k.fs.state.dirs[key(dir)]?.written ?? this.k.ke.state.bootTime;
      return { path: dir, dir: true, size: 0, written, binary: false };
    }
    const file = this.k.fs.file(path);
    if (file) return fileInfo(file);
    return this.dirExists(parentDir(path)) ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;
  }

  /**
   * FindFirstFileW / FindNextFileW on `dir\pattern`: the directory query goes down the volume's
   * stack, so a filter sees it. The entries come in the file system's order ('.' and '..' left out).
   */
  list(dir: string, pattern = '*'): FileInfo[] | number {
    // The directory's name as stored (the case the volume keeps it in), as the old listing gave it.
    const base = (this.k.fs.dirPath(dir) ?? dir).replace(/\\$/, '');
    const found = new FileFinder(this.k, this.api()).list(`${base}\\${pattern}`);
    if (typeof found === 'number') return found === ERROR_FILE_NOT_FOUND ? [] : found;
    return found
      .filter((f) => f.name !== '.' && f.name !== '..')
      .map((f) => {
        const path = `${base}\\${f.name}`;
        // Whether the bytes are text is the console's business when it shows them: a driver image is not.
        const binary = !f.directory && this.k.fs.file(path)?.content === null;
        return { path, dir: f.directory, size: f.directory ? 0 : f.size, written: f.written, binary };
      });
  }

  mkdir(path: string): number {
    const bad = this.check(path);
    if (bad) return bad;
    if (isRoot(path) || this.k.fs.isDir(path) || this.k.fs.file(path)) return ERROR_ALREADY_EXISTS;
    if (!this.dirExists(parentDir(path))) return ERROR_PATH_NOT_FOUND;
    const api = this.api();
    return api.CreateDirectoryW(path) ? 0 : api.GetLastError();
  }

  rmdir(path: string): number {
    const bad = this.check(path);
    if (bad) return bad;
    if (isRoot(path)) return ERROR_ACCESS_DENIED;
    const found = this.stat(path);
    if (typeof found === 'number') return found;
    if (!found.dir) return ERROR_DIRECTORY;
    // On another drive (the share) the file system says whether the directory is empty when asked to delete it.
    if (onC(found.path)) {
      const { dirs, files } = this.k.fs.list(found.path);
      if (dirs.length + files.length > 0) return ERROR_DIR_NOT_EMPTY;
    }
    const api = this.api();
    return api.RemoveDirectoryW(found.path) ? 0 : api.GetLastError();
  }

  /** DeleteFile: an open for DELETE (sharing everything), FileDispositionInformation, the close that deletes. */
  remove(path: string): number {
    const found = this.stat(path);
    if (typeof found === 'number') return found;
    if (found.dir) return ERROR_ACCESS_DENIED;
    const api = this.api();
    return api.DeleteFileW(path) ? 0 : api.GetLastError();
  }

  copy(from: string, to: string): number {
    const src = this.stat(from);
    if (typeof src === 'number') return src;
    if (src.dir) return ERROR_ACCESS_DENIED;
    const bad = this.check(to);
    if (bad) return bad;
    if (this.k.fs.isDir(to)) return ERROR_ACCESS_DENIED;
    if (!this.dirExists(parentDir(to))) return ERROR_PATH_NOT_FOUND;
    // CopyFileW: the source read and the target written through the volume's stack.
    const old = this.k.fs.file(to);
    const api = this.api();
    return new FileFinder(this.k, api).CopyFileW(src.path, old?.path ?? to, false) ? 0 : api.GetLastError();
  }

  rename(from: string, to: string): number {
    const src = this.stat(from);
    if (typeof src === 'number') return src;
    const bad = this.check(to);
    if (bad) return bad;
    if (!this.dirExists(parentDir(to))) return ERROR_PATH_NOT_FOUND;
    if (key(to) !== key(src.path) && (this.k.fs.isDir(to) || this.k.fs.file(to))) return ERROR_ALREADY_EXISTS;
    if (isRoot(src.path)) return ERROR_ACCESS_DENIED;
    if (src.dir && key(to).startsWith(key(src.path) + '\\')) return ERROR_ACCESS_DENIED;
    // A directory is renamed as a file is: an open for DELETE, then FileRenameInformation; the file system moves what is under it.
    const api = this.api();
    return api.MoveFileExW(src.path, to, false) ? 0 : api.GetLastError();
  }

  /** FindFirstStreamW / FindNextStreamW: the named streams (FileStreamInformation through the volume's stack). */
  streams(path: string): { name: string; size: number }[] | number {
    const found = new FileFinder(this.k, this.api()).streams(path);
    if (typeof found === 'number') return found === 38 ? [] : found;
    return found.filter((s) => s.name !== '::$DATA').map((s) => ({ name: s.name.slice(1), size: s.size }));
  }

  /** CreateHardLinkW: FileLinkInformation on the existing file, through the volume's stack. */
  link(link: string, target: string): number {
    const api = this.api();
    return new FileFinder(this.k, api).CreateHardLinkW(link, target) ? 0 : api.GetLastError();
  }

  volume(drive: string): { label: string; serial: string; freeBytes: number } | null {
    if (!onC(drive)) {
      const share = this.mountedDrive(drive) ? existingFileServer(this.k.machine)?.store().state : undefined;
      return share ? { label: '', serial: share.serial, freeBytes: share.freeBytes } : null;
    }
    return { label: '', serial: this.k.fs.state.serial, freeBytes: this.k.fs.state.freeBytes };
  }
}
