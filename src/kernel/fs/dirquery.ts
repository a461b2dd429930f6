/**
 * IRP_MN_QUERY_DIRECTORY's parts that are pure rules: the search expression
 * (FsRtlIsNameInExpression, with the DOS wildcards the Win32 layer puts in:
 * DOS_STAR '<', DOS_QM '>', DOS_DOT '"'), the order NTFS returns names in (its
 * index collates upcased names by code unit), and the FILE_*_DIRECTORY_INFORMATION
 * records a query fills (x64 layouts, each entry 8-byte aligned).
 */
import { FILE_ATTRIBUTE_ARCHIVE, FILE_ATTRIBUTE_DIRECTORY } from '../io/filedefs.ts';
import { fileTime, putU32, putU64 } from '../io/fileinfo.ts';
import { STATUS_BUFFER_OVERFLOW, STATUS_INVALID_INFO_CLASS, STATUS_NO_MORE_FILES, STATUS_SUCCESS, type NTSTATUS } from '../status.ts';
import { STATUS_NO_SUCH_FILE } from './fsstatus.ts';
import { baseName, parentDir, type FileStore } from './files.ts';
import { chain } from './queryinfo.ts';

/** FILE_INFORMATION_CLASS values of the directory queries. */
export const FileDirectoryInformation = 1;
export const FileFullDirectoryInformation = 2;
export const FileBothDirectoryInformation = 3;
export const FileNamesInformation = 12;
export const FileIdBothDirectoryInformation = 37;
export const FileIdFullDirectoryInformation = 38;

/** IO_STACK_LOCATION.Flags of IRP_MN_QUERY_DIRECTORY. */
export const SL_RESTART_SCAN = 0x01;
export const SL_RETURN_SINGLE_ENTRY = 0x02;
export const SL_INDEX_SPECIFIED = 0x04;

/** Where FileName starts in each class's record (FIELD_OFFSET(..., FileName)). */
export const DIRECTORY_NAME_OFFSET: Readonly<Record<number, number>> = {
  [FileDirectoryInformation]: 64,
  [FileFullDirectoryInformation]: 68,
  [FileBothDirectoryInformation]: 94,
  [FileNamesInformation]: 12,
  [FileIdBothDirectoryInformation]: 104,
  [FileIdFullDirectoryInformation]: 80,
};

export const DOS_STAR = '<';
export const DOS_QM = '>';
export const DOS_DOT = '"';

/** One name in a directory, as the query reports it. */
export interface DirectoryEntry {
  name: string;
  directory: boolean;
  size: number;
  /** Last write time, ms since 1970. */
  written: number;
  /** The file reference (FileId); 0 for '.' and '..' of the root's parent. */
  fileId: number;
}

/** NTFS's collation: names compared upcased, code unit by code unit. */
export function collate(a: string, b: string): number {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * FsRtlIsNameInExpression(expression, name, IgnoreCase = TRUE): '*' any run, '?' one character,
 * DOS_STAR any run that does not pass the name's last period, DOS_QM one character or nothing at
 * a period or the end, DOS_DOT a period or nothing at the end.
 */
export function isNameInExpression(expression: string, name: string): boolean {
  const e = expression.toUpperCase();
  const n = name.toUpperCase();
  const lastDot = n.lastIndexOf('.');
  // Positions in the name reachable after matching a prefix of the expression (a set: no backtracking blow-up).
  let states = new Set<number>([0]);
  // A run of '*' is one '*'.
  for (const c of e.replace(/\*+/g, '*')) {
    const next = new Set<number>();
    if (c === '*') {
      // Every position from the earliest reachable one on.
      for (let i = Math.min(...states); i <= n.length; i++) next.add(i);
      states = next;
      continue;
    }
    for (const at of states) {
      if (c === DOS_STAR) {
        // Up to the last period (not past it); with no period, to the end.
        const stop = lastDot < 0 || lastDot < at ? n.length : lastDot;
        for (let i = at; i <= stop; i++) next.add(i);
      } else if (c === DOS_QM) {
        if (at === n.length || n[at] === '.') next.add(at);
        else next.add(at + 1);
      } else if (c === DOS_DOT) {
        if (at === n.length) next.add(at);
        else if (n[at] === '.') next.add(at + 1);
      } else if (c === '?') {
        if (at < n.length) next.add(at + 1);
      } else if (at < n.length && n[at] === c) next.add(at + 1);
    }
    states = next;
    if (states.size === 0) return false;
  }
  return states.has(n.length);
}

/**
 * What FindFirstFileW passes as the search expression (kernelbase's translation): '*.*' is '*';
 * '?' becomes DOS_QM; a '.' followed by '?' or '*' or ending the name becomes DOS_DOT; a '*'
 * followed by '.' becomes DOS_STAR.
 */
export function win32Expression(pattern: string): string {
  if (pattern === '*.*') return '*';
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const next = pattern[i + 1];
    if (c === '?') out += DOS_QM;
    else if (c === '.' && (next === '?' || next === '*' || next === undefined)) out += DOS_DOT;
    else if (c === '*' && next === '.') out += DOS_STAR;
    else out += c;
  }
  return out;
}

/** Does an expression hold wildcards (else it names one entry)? */
export function hasWildcards(expression: string): boolean {
  return /[*?<>"]/.test(expression);
}

const align8 = (n: number) => (n + 7) & ~7;

/** The record of one entry in `cls`'s layout, without NextEntryOffset (set when entries are chained). */
export function directoryRecord(cls: number, e: DirectoryEntry, index: number): Uint8Array {
  const nameAt = DIRECTORY_NAME_OFFSET[cls];
  const out = new Uint8Array(nameAt + e.name.length * 2);
  const put16 = (at: number, v: number) => {
    out[at] = v & 0xff;
    out[at + 1] = (v >> 8) & 0xff;
  };
  for (let i = 0; i < e.name.length; i++) put16(nameAt + i * 2, e.name.charCodeAt(i));
  putU32(out, 4, index);
  if (cls === FileNamesInformation) {
    putU32(out, 8, e.name.length * 2);
    return out;
  }
  const t = fileTime(e.written);
  for (const at of [8, 16, 24, 32]) putU64(out, at, t);
  putU64(out, 40, e.directory ? 0 : e.size);
  putU64(out, 48, e.directory ? 0 : Math.ceil(e.size / 4096) * 4096);
  putU32(out, 56, e.directory ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE);
  putU32(out, 60, e.name.length * 2);
  // EaSize 0; ShortNameLength 0 (no 8.3 names on this volume).
  if (cls === FileIdBothDirectoryInformation) putU64(out, 96, e.fileId);
  if (cls === FileIdFullDirectoryInformation) putU64(out, 72, e.fileId);
  return out;
}

/**
 * Fill a query's buffer: as many whole entries as fit (or one with a single-entry query). The
 * first entry, when it does not fit whole, is cut at the buffer's end (STATUS_BUFFER_OVERFLOW).
 */
export function packDirectory(cls: number, entries: readonly { entry: DirectoryEntry; index: number }[], length: number, single: boolean) {
  const parts: Uint8Array[] = [];
  let used = 0;
  let overflow = false;
  for (const { entry, index } of entries) {
    const record = directoryRecord(cls, entry, index);
    const at = align8(used);
    if (parts.length === 0 && record.length > length) {
      parts.push(record.slice(0, length));
      used = length;
      overflow = true;
      break;
    }
    if (at + record.length > length) break;
    parts.push(record);
    used = at + record.length;
    if (single) break;
  }
  return { bytes: chain(parts), count: parts.length, overflow };
}

/** A directory open's enumeration (kept with its CCB): the search expression and the last name returned. */
export interface SearchState {
  expression: string;
  after: string | null;
}

export interface DirectoryQuery {
  cls: number;
  length: number;
  /** The FileName of the query (null: none given). */
  expression: string | null;
  restart: boolean;
  single: boolean;
}

/**
 * One IRP_MN_QUERY_DIRECTORY over a directory's entries (in index order). The search expression
 * is captured by the handle's first query (later ones' names are ignored); a restart scan starts
 * from the first entry again; otherwise the scan resumes after the last name returned.
 * STATUS_NO_SUCH_FILE when nothing matched on a first or restarted query, STATUS_NO_MORE_FILES
 * when a later query finds no more.
 */
export function scanDirectory(
  all: readonly DirectoryEntry[],
  state: SearchState | undefined,
  q: DirectoryQuery,
): { status: NTSTATUS; bytes: Uint8Array; search: SearchState | undefined } {
  const none = new Uint8Array(0);
  if (DIRECTORY_NAME_OFFSET[q.cls] === undefined) return { status: STATUS_INVALID_INFO_CLASS, bytes: none, search: state };
  const search: SearchState = state ? { ...state } : { expression: q.expression || '*', after: null };
  if (q.restart) search.after = null;
  const initial = search.after === null;
  let start = 0;
  if (search.after !== null) {
    const after = search.after;
    const at = all.findIndex((e) => e.name.toLowerCase() === after.toLowerCase());
    start = at >= 0 ? at + 1 : all.findIndex((e) => e.name !== '.' && e.name !== '..' && collate(e.name, after) > 0);
    if (start < 0) start = all.length;
  }
  const matching = all
    .map((entry, index) => ({ entry, index }))
    .slice(start)
    .filter(({ entry }) => isNameInExpression(search.expression, entry.name));
  if (matching.length === 0) return { status: initial ? STATUS_NO_SUCH_FILE : STATUS_NO_MORE_FILES, bytes: none, search };
  const packed = packDirectory(q.cls, matching, q.length, q.single);
  if (packed.count === 0) return { status: STATUS_BUFFER_OVERFLOW, bytes: none, search };
  search.after = matching[packed.count - 1].entry.name;
  return { status: packed.overflow ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS, bytes: packed.bytes, search };
}

/** A directory's entries straight from the file store (no file system mounted): '.' and '..' below the root. */
export function storeListing(store: FileStore, dir: string): DirectoryEntry[] {
  const { dirs, files } = store.list(dir);
  const named: DirectoryEntry[] = [
    ...dirs.map((d) => ({ name: baseName(d.path), directory: true, size: 0, written: d.written, fileId: d.fileId ?? 0 })),
    ...files.map((f) => ({ name: baseName(f.path), directory: false, size: f.size, written: f.written, fileId: f.fileId ?? 0 })),
  ].sort((a, b) => collate(a.name, b.name));
  if (/^[a-z]:\\?$/i.test(dir)) return named;
  const self = store.state.dirs[dir.toLowerCase()];
  const up = store.state.dirs[parentDir(dir).toLowerCase()];
  return [
    { name: '.', directory: true, size: 0, written: self?.written ?? 0, fileId: self?.fileId ?? 0 },
    { name: '..', directory: true, size: 0, written: up?.written ?? self?.written ?? 0, fileId: up?.fileId ?? 0 },
    ...named,
  ];
}
