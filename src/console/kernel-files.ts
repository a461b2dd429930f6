/**
 * The console's view of the machine's C: volume (the kernel's file store), behind
 * the narrow `ConsoleFiles` interface so that every file command is independent of
 * how the kernel keeps its files. The machine has one drive, C:.
 */
import { utf8Length } from '../base/text.ts';
import { baseName, parentDir, type FileEntry } from '../kernel/fs/files.ts';
import type { Machine } from '../kernel/machine.ts';
import { kernelOf, type Kernel } from '../kernel/nt.ts';
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
    if (!onC(path)) return ERROR_PATH_NOT_FOUND;
    return 0;
  }

  private dirExists(path: string): boolean {
    return onC(path) && this.k.fs.isDir(path);
  }

  read(path: string): string | number {
    const bad = this.check(path);
    if (bad) return bad;
    if (this.k.fs.isDir(path)) return ERROR_ACCESS_DENIED;
    const file = this.k.fs.file(path);
    if (!file) return this.dirExists(parentDir(path)) ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;
    // A driver image is not text: filters see no lines in it.
    return file.content ?? '';
  }

  write(path: string, text: string, append: boolean): number {
    const bad = this.check(path);
    if (bad) return bad;
    if (this.k.fs.isDir(path)) return ERROR_ACCESS_DENIED;
    if (!this.dirExists(parentDir(path))) return ERROR_PATH_NOT_FOUND;
    const old = this.k.fs.file(path);
    const kept = append && old?.content != null ? old : null;
    // Appending measures only the new text: a long file is not re-encoded on every write.
    const size = (kept ? kept.size : 0) + utf8Length(text);
    this.k.fs.write(old?.path ?? path, { size, written: this.k.now(), content: (kept?.content ?? '') + text, image: null });
    return 0;
  }

  stat(path: string): FileInfo | number {
    const bad = this.check(path);
    if (bad) return bad;
    const dir = this.k.fs.dirPath(path);
    if (dir !== null) {
      const written = this.k.fs.state.dirs[key(dir)]?.written ?? this.k.ke.state.bootTime;
      return { path: dir, dir: true, size: 0, written, binary: false };
    }
    const file = this.k.fs.file(path);
    if (file) return fileInfo(file);
    return this.dirExists(parentDir(path)) ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;
  }

  list(dir: string): FileInfo[] | number {
    const stored = this.dirExists(dir) ? this.k.fs.dirPath(dir) : null;
    if (stored === null) return this.k.fs.file(dir) ? ERROR_DIRECTORY : ERROR_PATH_NOT_FOUND;
    const { dirs, files } = this.k.fs.list(stored);
    const all: FileInfo[] = [
      ...dirs.map((d): FileInfo => ({ path: d.path, dir: true, size: 0, written: d.written, binary: false })),
      ...files.map(fileInfo),
    ];
    return all.sort((a, b) => {
      const x = baseName(a.path).toLowerCase();
      const y = baseName(b.path).toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }

  mkdir(path: string): number {
    const bad = this.check(path);
    if (bad) return bad;
    if (isRoot(path) || this.k.fs.isDir(path) || this.k.fs.file(path)) return ERROR_ALREADY_EXISTS;
    if (!this.dirExists(parentDir(path))) return ERROR_PATH_NOT_FOUND;
    this.k.fs.mkdir(path, this.k.now());
    return 0;
  }

  rmdir(path: string): number {
    const bad = this.check(path);
    if (bad) return bad;
    if (isRoot(path)) return ERROR_ACCESS_DENIED;
    const stored = this.k.fs.dirPath(path);
    if (stored === null) {
      if (this.k.fs.file(path)) return ERROR_DIRECTORY;
      return this.dirExists(parentDir(path)) ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;
    }
    const { dirs, files } = this.k.fs.list(stored);
    if (dirs.length + files.length > 0) return ERROR_DIR_NOT_EMPTY;
    // The file store has no directory removal of its own; its state is plain data.
    delete this.k.fs.state.dirs[key(stored)];
    return 0;
  }

  remove(path: string): number {
    const bad = this.check(path);
    if (bad) return bad;
    if (this.k.fs.isDir(path)) return ERROR_ACCESS_DENIED;
    if (!this.k.fs.file(path)) return this.dirExists(parentDir(path)) ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;
    this.k.fs.remove(path);
    return 0;
  }

  copy(from: string, to: string): number {
    const src = this.stat(from);
    if (typeof src === 'number') return src;
    if (src.dir) return ERROR_ACCESS_DENIED;
    const bad = this.check(to);
    if (bad) return bad;
    if (this.k.fs.isDir(to)) return ERROR_ACCESS_DENIED;
    if (!this.dirExists(parentDir(to))) return ERROR_PATH_NOT_FOUND;
    const old = this.k.fs.file(to);
    this.k.fs.copy(from, old?.path ?? to, this.k.now());
    return 0;
  }

  rename(from: string, to: string): number {
    const src = this.stat(from);
    if (typeof src === 'number') return src;
    const bad = this.check(to);
    if (bad) return bad;
    if (!this.dirExists(parentDir(to))) return ERROR_PATH_NOT_FOUND;
    if (key(to) !== key(src.path) && (this.k.fs.isDir(to) || this.k.fs.file(to))) return ERROR_ALREADY_EXISTS;
    if (!src.dir) {
      const file = this.k.fs.file(src.path);
      if (!file) return ERROR_FILE_NOT_FOUND;
      this.k.fs.remove(src.path);
      this.k.fs.write(to, { size: file.size, written: file.written, content: file.content, image: file.image });
      return 0;
    }
    if (isRoot(src.path)) return ERROR_ACCESS_DENIED;
    // A directory moves with everything under it: rewrite the stored paths under the old prefix.
    const oldKey = key(src.path);
    if (key(to) === oldKey || key(to).startsWith(oldKey + '\\')) return ERROR_ACCESS_DENIED;
    const state = this.k.fs.state;
    const moved = (p: string) => to + p.slice(src.path.length);
    for (const [k, d] of Object.entries(state.dirs)) {
      if (k !== oldKey && !k.startsWith(oldKey + '\\')) continue;
      delete state.dirs[k];
      state.dirs[key(moved(d.path))] = { path: moved(d.path), written: d.written };
    }
    for (const [k, f] of Object.entries(state.files)) {
      if (!k.startsWith(oldKey + '\\')) continue;
      delete state.files[k];
      state.files[key(moved(f.path))] = { ...f, path: moved(f.path) };
    }
    return 0;
  }

  volume(drive: string): { label: string; serial: string; freeBytes: number } | null {
    if (!onC(drive)) return null;
    return { label: '', serial: this.k.fs.state.serial, freeBytes: this.k.fs.state.freeBytes };
  }
}
