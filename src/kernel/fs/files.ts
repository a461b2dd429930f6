/**
 * The C: volume as the labs need it: directories and files with sizes and
 * times. A driver image file names the code module it contains; text files
 * (INFs) hold their content. Win32 paths ('C:\Drivers\x.sys') throughout.
 */
import { Subsystem } from '../subsystem.ts';
import { dictDelete, dictGet, dictSet, newDict } from '../rtl/dict.ts';

export interface FileEntry {
  /** Full path in original case. */
  path: string;
  size: number;
  /** Last write time, ms since 1970 (virtual). */
  written: number;
  /** Text content (INF files), or null. */
  content: string | null;
  /** The kernel module this image holds ('swlegacy'), or null. */
  image: string | null;
  /** The file's id (NTFS's file reference): hard links of one file share it. Given on first open. */
  fileId?: number;
  /** Named data streams ('name' of 'file:name'), by lower-case name: their name and text. */
  streams?: Record<string, { name: string; content: string }>;
}

export interface DirEntry {
  path: string;
  written: number;
  /** The directory's file reference (NTFS: the root is 5). Given on first use. */
  fileId?: number;
}

export interface FsState {
  dirs: Record<string, DirEntry>;
  files: Record<string, FileEntry>;
  freeBytes: number;
  serial: string;
  /** The next file id the file system gives (kept with the files, so ids stay unique across boots). */
  nextFileId?: number;
}

export function parentDir(path: string): string {
  const cut = path.lastIndexOf('\\');
  return cut <= 2 ? path.slice(0, 3) : path.slice(0, cut);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

/** Join a relative path onto a directory and fold '.' and '..' (Win32 GetFullPathName). */
export function fullPath(cwd: string, path: string): string {
  let p = path.replace(/\//g, '\\');
  if (/^[a-z]:$/i.test(p)) p = cwd.slice(0, 2).toLowerCase() === p.toLowerCase() ? cwd : p + '\\';
  if (!/^[a-z]:\\/i.test(p)) p = p.startsWith('\\') ? cwd.slice(0, 2) + p : cwd.replace(/\\$/, '') + '\\' + p;
  const out: string[] = [];
  for (const part of p.slice(3).split('\\')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return p.slice(0, 2).toUpperCase() + '\\' + out.join('\\');
}

export class FileStore extends Subsystem<FsState> {
  readonly snapshotKey = 'fs';

  constructor(serial: string) {
    super({ dirs: newDict(), files: newDict(), freeBytes: 42_173_710_336, serial });
  }

  private key(path: string): string {
    return path.replace(/\\$/, '').toLowerCase();
  }

  mkdir(path: string, written: number): void {
    let cur = path.slice(0, 2);
    for (const part of path.slice(3).split('\\').filter(Boolean)) {
      cur += '\\' + part;
      if (!dictGet(this.state.dirs, cur.toLowerCase())) dictSet(this.state.dirs, cur.toLowerCase(), { path: cur, written });
    }
  }

  isDir(path: string): boolean {
    return /^[a-z]:\\?$/i.test(path) || dictGet(this.state.dirs, this.key(path)) !== undefined;
  }

  /** The stored path case of a directory, or null. */
  dirPath(path: string): string | null {
    if (/^[a-z]:\\?$/i.test(path)) return path.slice(0, 2).toUpperCase() + '\\';
    return dictGet(this.state.dirs, this.key(path))?.path ?? null;
  }

  file(path: string): FileEntry | undefined {
    return dictGet(this.state.files, this.key(path));
  }

  write(path: string, entry: Omit<FileEntry, 'path'>): void {
    this.mkdir(parentDir(path), entry.written);
    const old = this.file(path);
    if (old) this.state.freeBytes += old.size;
    dictSet(this.state.files, this.key(path), { ...entry, path });
    this.state.freeBytes -= entry.size;
  }

  copy(from: string, to: string, written: number): boolean {
    const src = this.file(from);
    if (!src) return false;
    this.write(to, { size: src.size, written: src.written > written ? written : src.written, content: src.content, image: src.image });
    return true;
  }

  remove(path: string): boolean {
    const f = this.file(path);
    if (!f) return false;
    this.state.freeBytes += f.size;
    dictDelete(this.state.files, this.key(path));
    return true;
  }

  /** Subdirectories and files directly in `dir`. */
  list(dir: string): { dirs: DirEntry[]; files: FileEntry[] } {
    const base = this.key(dir).replace(/\\$/, '') + '\\';
    const direct = (k: string) => k.startsWith(base) && !k.slice(base.length).includes('\\');
    const sort = <T extends { path: string }>(a: T, b: T) => a.path.toLowerCase().localeCompare(b.path.toLowerCase());
    return {
      dirs: Object.entries(this.state.dirs)
        .filter(([k]) => direct(k))
        .map(([, d]) => d)
        .sort(sort),
      files: Object.entries(this.state.files)
        .filter(([k]) => direct(k))
        .map(([, f]) => f)
        .sort(sort),
    };
  }
}
