/**
 * The NTFS-like file system on C: (\Device\HarddiskVolume2): its data is the
 * FileStore's files; what it adds is the file system's side of each open. One
 * SCB per stream (share access, delete-pending, the file lock package), one
 * file object (FsContext = its SCB, FsContext2 = its CCB) per open, and the
 * rules Windows documents for NtCreateFile dispositions and options,
 * FileDispositionInformation, FileRenameInformation / FileLinkInformation,
 * byte-range locks, cleanup vs close, and sections that keep a file object
 * referenced after its handle is gone.
 */
import { utf8Length } from '../../base/text.ts';
import { Subsystem } from '../subsystem.ts';
import { dictDelete, dictGet, dictSet, newDict, type Dict } from '../rtl/dict.ts';
import {
  NT_SUCCESS,
  STATUS_ACCESS_DENIED,
  STATUS_CANCELLED,
  STATUS_DELETE_PENDING,
  STATUS_INVALID_DEVICE_REQUEST,
  STATUS_INVALID_HANDLE,
  STATUS_INVALID_PARAMETER,
  STATUS_OBJECT_NAME_COLLISION,
  STATUS_OBJECT_NAME_INVALID,
  STATUS_OBJECT_NAME_NOT_FOUND,
  STATUS_OBJECT_PATH_NOT_FOUND,
  STATUS_SUCCESS,
  type NTSTATUS,
} from '../status.ts';
import { baseName, parentDir, type FileEntry, type FileStore } from './files.ts';
import { collate, scanDirectory, type DirectoryEntry, type SearchState } from './dirquery.ts';
import {
  FileHardLinkInformation,
  FileInternalInformation,
  FileNameInformation,
  FileNetworkOpenInformation,
  FileStreamInformation,
  internalInformation,
  linksInformation,
  nameInformation,
  networkOpenInformation,
  streamInformation,
} from './queryinfo.ts';
import { basicInformation, putU32, standardInformation } from '../io/fileinfo.ts';
import { FileBasicInformation, FileStandardInformation } from '../io/filedefs.ts';
import {
  STATUS_DIRECTORY_NOT_EMPTY,
  STATUS_END_OF_FILE,
  STATUS_FILE_IS_A_DIRECTORY,
  STATUS_NOT_A_DIRECTORY,
  STATUS_NOT_SAME_DEVICE,
  STATUS_SHARING_VIOLATION,
} from './fsstatus.ts';
import {
  DELETE,
  FILE_APPEND_DATA,
  FILE_READ_DATA,
  FILE_WRITE_ATTRIBUTES,
  FILE_WRITE_DATA,
  checkShareAccess,
  emptyShareAccess,
  mapGeneric,
  updateShareAccess,
  type ShareAccess,
} from './share.ts';
import { checkLockForIo, emptyFileLock, lockRange, unlockAll, unlockRange, type FileLockRange, type FileLockState } from './locks.ts';

/** CreateDisposition (NtCreateFile). */
export const FILE_SUPERSEDE = 0;
export const FILE_OPEN = 1;
export const FILE_CREATE = 2;
export const FILE_OPEN_IF = 3;
export const FILE_OVERWRITE = 4;
export const FILE_OVERWRITE_IF = 5;
export const DISPOSITION_NAMES = ['FILE_SUPERSEDE', 'FILE_OPEN', 'FILE_CREATE', 'FILE_OPEN_IF', 'FILE_OVERWRITE', 'FILE_OVERWRITE_IF'];

/** CreateOptions. */
export const FILE_DIRECTORY_FILE = 0x1;
export const FILE_SYNCHRONOUS_IO_NONALERT = 0x20;
export const FILE_NON_DIRECTORY_FILE = 0x40;
export const FILE_DELETE_ON_CLOSE = 0x1000;
export const FILE_OPEN_BY_FILE_ID = 0x2000;

/** The root directory's file reference on NTFS (MFT record 5). */
export const ROOT_FILE_ID = 5;

/** IoStatus.Information after a create. */
export const FILE_SUPERSEDED = 0;
export const FILE_OPENED = 1;
export const FILE_CREATED = 2;
export const FILE_OVERWRITTEN = 3;
export const CREATE_RESULTS = ['FILE_SUPERSEDED', 'FILE_OPENED', 'FILE_CREATED', 'FILE_OVERWRITTEN'];

/** A stream's control block: one per stream of a file that has been opened. */
export interface Scb {
  fileId: number;
  /** Lower-case stream name; '' for the default data stream. */
  stream: string;
  share: ShareAccess;
  /** The file (or, for a named stream, the stream) is deleted when the last reference goes. */
  deletePending: boolean;
  /** The name (link) whose deletion is pending, in its stored case. */
  deleteName: string | null;
  locks: FileLockState;
  /** File objects not yet cleaned up (open handles). */
  cleanupCount: number;
  /** File objects not yet closed (handles plus section references). */
  referenceCount: number;
}

/** One open of a file or directory: the file object with its CCB. */
export interface FsFileObject {
  id: number;
  /** The SCB key ('fileId:stream'), or 'dir:<path>' for a directory. */
  scb: string;
  /** The full path opened, in its stored case, with ':stream' for a named stream. */
  name: string;
  access: number;
  share: number;
  options: number;
  pid: number;
  directory: boolean;
  cleaned: boolean;
  /** Sections created from this file object (each keeps it referenced until closed). */
  sectionRefs: number;
  /** A directory open's enumeration (its CCB): the search expression and the last name returned. */
  search?: SearchState;
}

export interface NtfsState {
  nextFileObject: number;
  scbs: Dict<Scb>;
  fileObjects: Dict<FsFileObject>;
  /** Sections by id: the file object each references. */
  sections: Dict<{ id: number; fileObject: number }>;
  nextSection: number;
}

export interface CreateRequest {
  /** Full Win32-style path on C: ('C:\\a\\b.txt'), optionally with ':stream' or ':stream:$DATA'. */
  path: string;
  access: number;
  share: number;
  disposition: number;
  options: number;
  pid: number;
  /** The file object the I/O manager made for this open (its id); unit tests let the volume number them. */
  fileObject?: number;
}

export interface CreateResult {
  status: NTSTATUS;
  information: number;
  fileObject: number;
}

/** What a delete did, for the event log: the link or stream that went. */
export interface Deleted {
  path: string;
  stream: string | null;
  /** The delete waited for an IRP_MJ_CLOSE (a section kept a file object alive past the last cleanup). */
  atClose: boolean;
}

const BAD_CHARS = /[<>"|?*\x00-\x1f]/;

/**
 * A driver image's bytes as this volume keeps them (the model holds no machine code): the DOS
 * stub, then the module the image holds and its size. Reading an image gives these bytes;
 * writing them whole at the start of a file makes it that image again (a copy of a driver).
 */
const IMAGE_MARK = 'MZ\0\0This program cannot be run in DOS mode.\r\n\0image:';

export function imageText(module: string, size: number): string {
  return `${IMAGE_MARK}${module}:${size}\0`;
}

function parseImageText(text: string): { module: string; size: number } | null {
  if (!text.startsWith(IMAGE_MARK)) return null;
  const m = /^([a-z0-9_]+):(\d{1,12})\0$/i.exec(text.slice(IMAGE_MARK.length));
  return m ? { module: m[1], size: Number(m[2]) } : null;
}

/** 'C:\\a\\f.txt:s:$DATA' → file path and stream name ('' for the default stream), or null when malformed. */
export function splitStream(path: string): { file: string; stream: string } | null {
  const rest = path.slice(2);
  const at = rest.indexOf(':');
  if (at < 0) return { file: path, stream: '' };
  const file = path.slice(0, 2 + at);
  const parts = rest.slice(at + 1).split(':');
  if (parts.length > 2 || (parts.length === 2 && parts[1].toUpperCase() !== '$DATA')) return null;
  if (parts[0] === '' && parts.length === 1) return null;
  return { file, stream: parts[0] };
}

export class NtfsVolume extends Subsystem<NtfsState> {
  readonly snapshotKey = 'ntfs';
  private readonly store: FileStore;
  private readonly now: () => number;
  /** Called for each deletion the file system carries out (the event log). */
  onDeleted: (d: Deleted) => void = () => {};
  /** Called when a waiting lock request is granted (its IRP completes) or cancelled at cleanup. */
  onLockDone: (lock: FileLockRange, status: NTSTATUS) => void = () => {};

  constructor(store: FileStore, now: () => number) {
    super({ nextFileObject: 1, scbs: newDict(), fileObjects: newDict(), sections: newDict(), nextSection: 1 });
    this.store = store;
    this.now = now;
  }

  fileObject(id: number): FsFileObject | undefined {
    return dictGet(this.state.fileObjects, String(id));
  }

  scbOf(fo: FsFileObject): Scb | undefined {
    return dictGet(this.state.scbs, fo.scb);
  }

  private idOf(entry: FileEntry): number {
    if (entry.fileId === undefined) {
      const next = this.store.state.nextFileId ?? 0x10000;
      entry.fileId = next;
      this.store.state.nextFileId = next + 1;
    }
    return entry.fileId;
  }

  /** Every name (hard link) of a file. */
  links(fileId: number): FileEntry[] {
    return Object.values(this.store.state.files).filter((f) => f.fileId === fileId);
  }

  private scb(fileId: number, stream: string): Scb {
    const key = `${fileId}:${stream.toLowerCase()}`;
    return (
      dictGet(this.state.scbs, key) ??
      dictSet(this.state.scbs, key, {
        fileId,
        stream: stream.toLowerCase(),
        share: emptyShareAccess(),
        deletePending: false,
        deleteName: null,
        locks: emptyFileLock(),
        cleanupCount: 0,
        referenceCount: 0,
      })
    );
  }

  /** The SCBs of one file that are in use. */
  private scbsOf(fileId: number): Scb[] {
    return Object.values(this.state.scbs).filter((s) => s.fileId === fileId);
  }

  /** IRP_MJ_CREATE. */
  create(req: CreateRequest): CreateResult {
    const fail = (status: NTSTATUS): CreateResult => ({ status, information: 0, fileObject: 0 });
    const split = splitStream(req.path);
    if (!split || BAD_CHARS.test(req.path.slice(2)) || !/^[a-z]:\\/i.test(req.path)) return fail(STATUS_OBJECT_NAME_INVALID);
    const { file: path, stream } = split;
    const access = mapGeneric(req.access);
    const { disposition, options } = req;
    if (disposition < FILE_SUPERSEDE || disposition > FILE_OVERWRITE_IF) return fail(STATUS_INVALID_PARAMETER);
    // NtCreateFile: FILE_DELETE_ON_CLOSE needs DELETE access; a directory cannot be superseded or overwritten.
    if (options & FILE_DELETE_ON_CLOSE && !(access & DELETE)) return fail(STATUS_INVALID_PARAMETER);
    if (options & FILE_DIRECTORY_FILE && options & FILE_NON_DIRECTORY_FILE) return fail(STATUS_INVALID_PARAMETER);
    const root = /^[a-z]:\\?$/i.test(path);
    const dirPath = this.store.dirPath(path);
    if (!root && !this.store.isDir(parentDir(path))) return fail(STATUS_OBJECT_PATH_NOT_FOUND);
    if (dirPath !== null) {
      if (stream !== '') return fail(STATUS_OBJECT_NAME_INVALID);
      if (options & FILE_NON_DIRECTORY_FILE) return fail(STATUS_FILE_IS_A_DIRECTORY);
      if (disposition === FILE_CREATE) return fail(STATUS_OBJECT_NAME_COLLISION);
      if (disposition !== FILE_OPEN && disposition !== FILE_OPEN_IF) return fail(STATUS_INVALID_PARAMETER);
      return { status: STATUS_SUCCESS, information: FILE_OPENED, fileObject: this.addFileObject(`dir:${dirPath.toLowerCase()}`, dirPath, access, req, true) };
    }
    const entry = this.store.file(path);
    if (!entry) {
      if (disposition === FILE_OPEN || disposition === FILE_OVERWRITE) return fail(STATUS_OBJECT_NAME_NOT_FOUND);
      if (options & FILE_DIRECTORY_FILE) {
        if (stream !== '') return fail(STATUS_OBJECT_NAME_INVALID);
        this.store.mkdir(path, this.now());
        const made = this.store.dirPath(path) ?? path;
        return { status: STATUS_SUCCESS, information: FILE_CREATED, fileObject: this.addFileObject(`dir:${made.toLowerCase()}`, made, access, req, true) };
      }
      this.store.write(path, { size: 0, written: this.now(), content: '', image: null });
      const made = this.store.file(path) as FileEntry;
      const id = this.idOf(made);
      if (stream !== '') made.streams = { [stream.toLowerCase()]: { name: stream, content: '' } };
      const scb = this.scb(id, stream);
      updateShareAccess(access, req.share, scb.share, true);
      return {
        status: STATUS_SUCCESS,
        information: FILE_CREATED,
        fileObject: this.addFileObject(this.scbKey(scb), nameOf(made.path, stream, made), access, req, false),
      };
    }
    if (options & FILE_DIRECTORY_FILE) return fail(STATUS_NOT_A_DIRECTORY);
    const id = this.idOf(entry);
    const base = dictGet(this.state.scbs, `${id}:`);
    if (base?.deletePending) return fail(STATUS_DELETE_PENDING);
    const named = stream === '' ? null : ((entry.streams ? dictGet(entry.streams, stream.toLowerCase()) : undefined) ?? null);
    const existing = stream === '' || named !== null;
    const scb = this.scb(id, stream);
    if (scb.deletePending) return fail(STATUS_DELETE_PENDING);
    if (existing && disposition === FILE_CREATE) return fail(STATUS_OBJECT_NAME_COLLISION);
    if (!existing && (disposition === FILE_OPEN || disposition === FILE_OVERWRITE)) return fail(STATUS_OBJECT_NAME_NOT_FOUND);
    const destroys = existing && (disposition === FILE_SUPERSEDE || disposition === FILE_OVERWRITE || disposition === FILE_OVERWRITE_IF);
    // Supersede and overwrite write the stream: they share like a writer.
    const shareAs = destroys ? access | FILE_WRITE_DATA : access;
    const sharing = checkShareAccess(shareAs, req.share, scb.share);
    if (!NT_SUCCESS(sharing)) return fail(sharing);
    let information = FILE_OPENED;
    if (!existing) {
      entry.streams ??= newDict();
      dictSet(entry.streams, stream.toLowerCase(), { name: stream, content: '' });
      information = FILE_CREATED;
    } else if (destroys) {
      const others = this.scbsOf(id).filter((s) => s !== scb && s.cleanupCount > 0);
      // FILE_SUPERSEDE replaces the whole file: every stream goes, so none may be open.
      if (disposition === FILE_SUPERSEDE && stream === '' && others.length > 0) return fail(STATUS_SHARING_VIOLATION);
      this.truncate(entry, stream, stream === '');
      information = disposition === FILE_SUPERSEDE ? FILE_SUPERSEDED : FILE_OVERWRITTEN;
    }
    updateShareAccess(access, req.share, scb.share, true);
    return { status: STATUS_SUCCESS, information, fileObject: this.addFileObject(this.scbKey(scb), nameOf(entry.path, stream, entry), access, req, false) };
  }

  private scbKey(scb: Scb): string {
    return `${scb.fileId}:${scb.stream}`;
  }

  private addFileObject(scbKey: string, name: string, access: number, req: CreateRequest, directory: boolean): number {
    const id = req.fileObject ?? this.state.nextFileObject++;
    dictSet(this.state.fileObjects, String(id), {
      id,
      scb: scbKey,
      name,
      access,
      share: req.share,
      options: req.options,
      pid: req.pid,
      directory,
      cleaned: false,
      sectionRefs: 0,
    });
    const scb = dictGet(this.state.scbs, scbKey);
    if (scb) {
      scb.cleanupCount++;
      scb.referenceCount++;
    }
    return id;
  }

  /**
   * Empty a stream. For the default stream of an overwrite or supersede, the named streams go too:
   * those not open at once, the open ones when their last handle closes.
   */
  private truncate(entry: FileEntry, stream: string, allStreams: boolean): void {
    this.setContent(entry, stream, '');
    if (!allStreams || !entry.streams) return;
    const id = this.idOf(entry);
    for (const key of Object.keys(entry.streams)) {
      const scb = dictGet(this.state.scbs, `${id}:${key}`);
      if (scb && scb.cleanupCount > 0) {
        scb.deletePending = true;
        scb.deleteName = entry.path;
      } else dictDelete(entry.streams, key);
    }
  }

  /** A stream's text ('' for a binary default stream). */
  content(fo: FsFileObject): string | null {
    const scb = this.scbOf(fo);
    if (!scb) return null;
    const entry = this.links(scb.fileId)[0];
    if (!entry) return null;
    if (scb.stream === '') return entry.image !== null && entry.content === null ? imageText(entry.image, entry.size) : (entry.content ?? '');
    return (entry.streams ? dictGet(entry.streams, scb.stream)?.content : undefined) ?? null;
  }

  private setContent(entry: FileEntry, stream: string, text: string): void {
    const key = stream.toLowerCase();
    const written = this.now();
    // A driver image written whole (a copy of one) stays an image of its module.
    const image = key === '' ? parseImageText(text) : null;
    const size = image?.size ?? utf8Length(text);
    if (key === '') this.store.state.freeBytes += entry.size - size;
    for (const link of entry.fileId === undefined ? [entry] : this.links(entry.fileId)) {
      if (key === '') {
        link.content = image ? null : text;
        link.image = image?.module ?? null;
        link.size = size;
        link.written = written;
      } else if (link.streams) {
        const s = dictGet(link.streams, key);
        if (s) s.content = text;
      }
    }
  }

  private entryOf(fo: FsFileObject): { entry: FileEntry; scb: Scb } | null {
    const scb = this.scbOf(fo);
    const entry = scb ? this.links(scb.fileId)[0] : undefined;
    return scb && entry ? { entry, scb } : null;
  }

  /** IRP_MJ_READ: non-paging reads honour byte-range locks; paging reads never do. */
  read(foId: number, offset: number, length: number, paging: boolean): { status: NTSTATUS; data: string } {
    const fo = this.fileObject(foId);
    if (!fo || (fo.cleaned && !paging)) return { status: STATUS_INVALID_HANDLE, data: '' };
    if (fo.directory) return { status: STATUS_INVALID_DEVICE_REQUEST, data: '' };
    if (!paging && !(fo.access & FILE_READ_DATA)) return { status: STATUS_ACCESS_DENIED, data: '' };
    const at = this.entryOf(fo);
    if (!at) return { status: STATUS_INVALID_HANDLE, data: '' };
    if (!paging) {
      const lock = checkLockForIo(at.scb.locks, fo.id, fo.pid, offset, Math.max(length, 1), false);
      if (!NT_SUCCESS(lock)) return { status: lock, data: '' };
    }
    const text = this.content(fo) ?? '';
    if (offset >= text.length && length > 0) return { status: STATUS_END_OF_FILE, data: '' };
    return { status: STATUS_SUCCESS, data: text.slice(offset, offset + length) };
  }

  /** IRP_MJ_WRITE at `offset` (-1: append). */
  write(foId: number, offset: number, data: string, paging: boolean): NTSTATUS {
    const fo = this.fileObject(foId);
    if (!fo || (fo.cleaned && !paging)) return STATUS_INVALID_HANDLE;
    if (fo.directory) return STATUS_INVALID_DEVICE_REQUEST;
    if (!paging && !(fo.access & (FILE_WRITE_DATA | FILE_APPEND_DATA))) return STATUS_ACCESS_DENIED;
    const at = this.entryOf(fo);
    if (!at) return STATUS_INVALID_HANDLE;
    const text = this.content(fo) ?? '';
    const start = offset < 0 ? text.length : offset;
    if (!paging) {
      const lock = checkLockForIo(at.scb.locks, fo.id, fo.pid, start, Math.max(data.length, 1), true);
      if (!NT_SUCCESS(lock)) return lock;
    }
    const next = text.padEnd(start, '\0').slice(0, start) + data + text.slice(start + data.length);
    this.setContent(at.entry, at.scb.stream, next);
    return STATUS_SUCCESS;
  }

  /** FileDispositionInformation: DeleteFile TRUE marks delete-pending, FALSE undoes it (until the last close). */
  setDisposition(foId: number, deleteFile: boolean): NTSTATUS {
    const fo = this.fileObject(foId);
    if (!fo || fo.cleaned) return STATUS_INVALID_HANDLE;
    if (!(fo.access & DELETE)) return STATUS_ACCESS_DENIED;
    if (fo.directory) {
      const { dirs, files } = this.store.list(fo.name);
      if (deleteFile && dirs.length + files.length > 0) return STATUS_DIRECTORY_NOT_EMPTY;
      const scb = this.dirScb(fo);
      scb.deletePending = deleteFile;
      scb.deleteName = fo.name;
      return STATUS_SUCCESS;
    }
    const scb = this.scbOf(fo);
    if (!scb) return STATUS_INVALID_HANDLE;
    scb.deletePending = deleteFile;
    scb.deleteName = deleteFile ? fo.name.replace(/:[^\\]*$/, '') : null;
    return STATUS_SUCCESS;
  }

  private dirScb(fo: FsFileObject): Scb {
    return (
      dictGet(this.state.scbs, fo.scb) ??
      dictSet(this.state.scbs, fo.scb, {
        fileId: 0,
        stream: '',
        share: emptyShareAccess(),
        deletePending: false,
        deleteName: fo.name,
        locks: emptyFileLock(),
        cleanupCount: 0,
        referenceCount: 0,
      })
    );
  }

  /** Is a name open (any stream of the file it names, or the directory)? */
  private inUse(entry: FileEntry): boolean {
    return entry.fileId !== undefined && this.scbsOf(entry.fileId).some((s) => s.referenceCount > 0);
  }

  /**
   * FileRenameInformation / FileLinkInformation: the target is a full path. An existing target is
   * replaced only with ReplaceIfExists, and never while it is open or when it is a directory.
   */
  renameOrLink(foId: number, target: string, replaceIfExists: boolean, link: boolean): NTSTATUS {
    const fo = this.fileObject(foId);
    if (!fo || fo.cleaned) return STATUS_INVALID_HANDLE;
    if (!link && !(fo.access & DELETE)) return STATUS_ACCESS_DENIED;
    if (BAD_CHARS.test(target.slice(2)) || target.slice(2).includes(':') || !/^[a-z]:\\./i.test(target)) return STATUS_OBJECT_NAME_INVALID;
    if (target.slice(0, 2).toLowerCase() !== fo.name.slice(0, 2).toLowerCase()) return STATUS_NOT_SAME_DEVICE;
    if (!this.store.isDir(parentDir(target))) return STATUS_OBJECT_PATH_NOT_FOUND;
    if (fo.directory) {
      if (link) return STATUS_FILE_IS_A_DIRECTORY;
      return this.renameDirectory(fo, target);
    }
    const at = this.entryOf(fo);
    if (!at) return STATUS_INVALID_HANDLE;
    if (at.scb.stream !== '') return STATUS_INVALID_PARAMETER;
    const source = this.links(at.scb.fileId).find((l) => l.path.toLowerCase() === fo.name.toLowerCase()) ?? at.entry;
    if (this.store.isDir(target)) return STATUS_ACCESS_DENIED;
    const old = this.store.file(target);
    const same = old !== undefined && old.fileId !== undefined && old.fileId === source.fileId;
    // A new link onto a name the file already has: a collision, or nothing to do when replacing.
    if (link && same && old.path.toLowerCase() === target.toLowerCase()) return replaceIfExists ? STATUS_SUCCESS : STATUS_OBJECT_NAME_COLLISION;
    if (old && !same) {
      if (!replaceIfExists) return STATUS_OBJECT_NAME_COLLISION;
      if (this.inUse(old)) return STATUS_ACCESS_DENIED;
      this.store.remove(old.path);
      this.onDeleted({ path: old.path, stream: null, atClose: false });
    } else if (same && old.path.toLowerCase() !== target.toLowerCase()) {
      return link ? STATUS_OBJECT_NAME_COLLISION : STATUS_SUCCESS;
    }
    const copy: Omit<FileEntry, 'path'> = {
      size: source.size,
      written: source.written,
      content: source.content,
      image: source.image,
      fileId: source.fileId,
      streams: source.streams,
    };
    if (link) {
      // A new name for the same file: the data is shared (written to every link).
      this.store.write(target, copy);
      this.store.state.freeBytes += source.size;
      return STATUS_SUCCESS;
    }
    this.store.remove(source.path);
    this.store.write(target, copy);
    fo.name = target;
    return STATUS_SUCCESS;
  }

  /**
   * A directory renamed: everything under it moves with it. Refused for the root, onto an
   * existing name, into its own subtree, or while anything below it is open.
   */
  private renameDirectory(fo: FsFileObject, target: string): NTSTATUS {
    const from = fo.name;
    const key = (p: string) => p.replace(/\\$/, '').toLowerCase();
    const old = key(from);
    if (/^[a-z]:\\?$/i.test(from)) return STATUS_ACCESS_DENIED;
    if (key(target) !== old && (this.store.isDir(target) || this.store.file(target))) return STATUS_ACCESS_DENIED;
    if (key(target).startsWith(old + '\\')) return STATUS_INVALID_PARAMETER;
    const below = (p: string) => key(p).startsWith(old + '\\');
    if (Object.values(this.state.fileObjects).some((f) => f !== fo && !f.cleaned && (below(f.name) || key(f.name) === old))) return STATUS_ACCESS_DENIED;
    const moved = (p: string) => target + p.slice(from.length);
    const dirs = this.store.state.dirs;
    for (const [k, d] of Object.entries(dirs)) {
      if (k !== old && !k.startsWith(old + '\\')) continue;
      dictDelete(dirs, k);
      dictSet(dirs, key(moved(d.path)), { ...d, path: moved(d.path) });
    }
    const files = this.store.state.files;
    for (const [k, f] of Object.entries(files)) {
      if (!k.startsWith(old + '\\')) continue;
      dictDelete(files, k);
      dictSet(files, key(moved(f.path)), { ...f, path: moved(f.path) });
    }
    const scb = dictGet(this.state.scbs, fo.scb);
    if (scb) {
      dictDelete(this.state.scbs, fo.scb);
      fo.scb = `dir:${key(target)}`;
      dictSet(this.state.scbs, fo.scb, scb);
    } else fo.scb = `dir:${key(target)}`;
    fo.name = target;
    return STATUS_SUCCESS;
  }

  /** IRP_MJ_LOCK_CONTROL, IRP_MN_LOCK. */
  lock(foId: number, offset: number, length: number, exclusive: boolean, failImmediately: boolean, irp?: number): NTSTATUS {
    const fo = this.fileObject(foId);
    if (!fo || fo.cleaned) return STATUS_INVALID_HANDLE;
    const scb = this.scbOf(fo);
    if (!scb || fo.directory) return STATUS_INVALID_PARAMETER;
    return lockRange(scb.locks, { fileObject: fo.id, pid: fo.pid, offset, length, exclusive, ...(irp === undefined ? {} : { irp }) }, failImmediately);
  }

  /** IRP_MJ_LOCK_CONTROL, IRP_MN_UNLOCK_SINGLE. */
  unlock(foId: number, offset: number, length: number): NTSTATUS {
    const fo = this.fileObject(foId);
    if (!fo || fo.cleaned) return STATUS_INVALID_HANDLE;
    const scb = this.scbOf(fo);
    if (!scb || fo.directory) return STATUS_INVALID_PARAMETER;
    const r = unlockRange(scb.locks, fo.id, fo.pid, offset, length);
    for (const w of r.woken) this.onLockDone(w, STATUS_SUCCESS);
    return r.status;
  }

  /** IRP_MJ_CLEANUP: the last handle to this file object closed. */
  cleanup(foId: number): NTSTATUS {
    const fo = this.fileObject(foId);
    if (!fo || fo.cleaned) return STATUS_INVALID_HANDLE;
    fo.cleaned = true;
    const scb = fo.directory ? this.dirScb(fo) : this.scbOf(fo);
    if (!scb) return STATUS_SUCCESS;
    if (!fo.directory) {
      const r = unlockAll(scb.locks, fo.id);
      for (const w of r.cancelled) this.onLockDone(w, STATUS_CANCELLED);
      for (const w of r.woken) this.onLockDone(w, STATUS_SUCCESS);
      updateShareAccess(fo.access, fo.share, scb.share, false);
      scb.cleanupCount--;
    }
    // FILE_DELETE_ON_CLOSE belongs to this open: its cleanup makes the file delete-pending.
    if (fo.options & FILE_DELETE_ON_CLOSE) {
      scb.deletePending = true;
      scb.deleteName = fo.name.replace(/:[^\\]*$/, '');
    }
    this.deleteIfDone(scb, false);
    return STATUS_SUCCESS;
  }

  /** IRP_MJ_CLOSE: the last reference to the file object went (handle and sections). */
  close(foId: number): NTSTATUS {
    const fo = this.fileObject(foId);
    if (!fo) return STATUS_INVALID_HANDLE;
    dictDelete(this.state.fileObjects, String(foId));
    const scb = fo.directory ? dictGet(this.state.scbs, fo.scb) : this.scbOf(fo);
    if (!scb) return STATUS_SUCCESS;
    if (!fo.directory) scb.referenceCount--;
    this.deleteIfDone(scb, true);
    if (scb.referenceCount <= 0 && scb.cleanupCount <= 0) dictDelete(this.state.scbs, fo.scb);
    return STATUS_SUCCESS;
  }

  /**
   * A delete-pending stream goes when no handle is open on it and nothing maps it: a section's
   * reference on a file object defers it to that file object's IRP_MJ_CLOSE.
   */
  private deleteIfDone(scb: Scb, atClose: boolean): void {
    if (!scb.deletePending || scb.cleanupCount > 0) return;
    const mapped = Object.values(this.state.fileObjects).some((f) => this.state.scbs[f.scb] === scb && f.sectionRefs > 0);
    if (mapped) return;
    scb.deletePending = false;
    const name = scb.deleteName;
    if (name === null) return;
    if (scb.fileId === 0) {
      if (this.store.dirPath(name) !== null) {
        dictDelete(this.store.state.dirs, name.toLowerCase());
        this.onDeleted({ path: name, stream: null, atClose });
      }
      return;
    }
    const entry = this.links(scb.fileId).find((l) => l.path.toLowerCase() === name.toLowerCase()) ?? this.links(scb.fileId)[0];
    if (!entry) return;
    if (scb.stream !== '') {
      if (entry.streams) for (const l of this.links(scb.fileId)) if (l.streams) dictDelete(l.streams, scb.stream);
      this.onDeleted({ path: entry.path, stream: scb.stream, atClose });
      return;
    }
    const others = this.links(scb.fileId).length > 1;
    if (others) this.store.state.freeBytes -= entry.size; // only a name goes; the data stays with the other links
    this.store.remove(entry.path);
    this.onDeleted({ path: entry.path, stream: null, atClose });
  }

  // ---- directory queries and file information ---------------------------------------

  /** A directory's file reference: NTFS's root directory is record 5; others get one on first use. */
  directoryId(path: string): number {
    if (/^[a-z]:\\?$/i.test(path)) return ROOT_FILE_ID;
    const d = dictGet(this.store.state.dirs, path.replace(/\\$/, '').toLowerCase());
    if (!d) return 0;
    if (d.fileId === undefined) {
      const next = this.store.state.nextFileId ?? 0x10000;
      d.fileId = next;
      this.store.state.nextFileId = next + 1;
    }
    return d.fileId;
  }

  /** A directory's names in the order its index holds them, '.' and '..' first below the root. */
  private directoryEntries(dir: string): DirectoryEntry[] {
    const { dirs, files } = this.store.list(dir);
    const named: DirectoryEntry[] = [
      ...dirs.map((d) => ({ name: baseName(d.path), directory: true, size: 0, written: d.written, fileId: this.directoryId(d.path) })),
      ...files.map((f) => ({ name: baseName(f.path), directory: false, size: f.size, written: f.written, fileId: this.idOf(f) })),
    ].sort((a, b) => collate(a.name, b.name));
    if (/^[a-z]:\\?$/i.test(dir)) return named;
    const self = this.store.state.dirs[dir.toLowerCase()];
    const parent = parentDir(dir);
    const up = this.store.state.dirs[parent.toLowerCase()];
    return [
      { name: '.', directory: true, size: 0, written: self?.written ?? 0, fileId: this.directoryId(dir) },
      { name: '..', directory: true, size: 0, written: up?.written ?? self?.written ?? 0, fileId: this.directoryId(parent) },
      ...named,
    ];
  }

  /**
   * IRP_MN_QUERY_DIRECTORY on a directory open. The search expression is captured by the first
   * query of the handle (later ones' names are ignored); a restart scan starts from the first
   * entry again. STATUS_NO_SUCH_FILE when nothing matched on a first or restarted query,
   * STATUS_NO_MORE_FILES when a later query finds no more.
   */
  queryDirectory(
    foId: number,
    q: { cls: number; length: number; expression: string | null; restart: boolean; single: boolean },
  ): { status: NTSTATUS; bytes: Uint8Array } {
    const none = new Uint8Array(0);
    const fo = this.fileObject(foId);
    if (!fo || fo.cleaned) return { status: STATUS_INVALID_HANDLE, bytes: none };
    if (!fo.directory) return { status: STATUS_INVALID_PARAMETER, bytes: none };
    const r = scanDirectory(this.directoryEntries(fo.name), fo.search, q);
    fo.search = r.search;
    return { status: r.status, bytes: r.bytes };
  }

  /** IRP_MJ_QUERY_INFORMATION: the classes this file system answers. */
  queryInformation(foId: number, cls: number): { status: NTSTATUS; bytes: Uint8Array } {
    const none = new Uint8Array(0);
    const fo = this.fileObject(foId);
    if (!fo || fo.cleaned) return { status: STATUS_INVALID_HANDLE, bytes: none };
    const volumeName = (p: string) => p.slice(2) || '\\';
    if (fo.directory) {
      const d = this.store.state.dirs[fo.name.replace(/\\$/, '').toLowerCase()];
      const written = d?.written ?? 0;
      const pending = dictGet(this.state.scbs, fo.scb)?.deletePending ?? false;
      switch (cls) {
        case FileBasicInformation:
          return { status: STATUS_SUCCESS, bytes: basicInformation(written, true) };
        case FileStandardInformation:
          return { status: STATUS_SUCCESS, bytes: standardInformation(0, true, pending) };
        case FileInternalInformation:
          return { status: STATUS_SUCCESS, bytes: internalInformation(this.directoryId(fo.name)) };
        case FileNameInformation:
          return { status: STATUS_SUCCESS, bytes: nameInformation(volumeName(fo.name)) };
        case FileNetworkOpenInformation:
          return { status: STATUS_SUCCESS, bytes: networkOpenInformation(written, 0, true) };
        case FileStreamInformation:
          return { status: STATUS_SUCCESS, bytes: none };
        default:
          return { status: STATUS_INVALID_PARAMETER, bytes: none };
      }
    }
    const at = this.entryOf(fo);
    if (!at) return { status: STATUS_INVALID_HANDLE, bytes: none };
    const { entry, scb } = at;
    const links = this.links(scb.fileId);
    const streamSize = scb.stream === '' ? entry.size : utf8Length(this.content(fo) ?? '');
    switch (cls) {
      case FileBasicInformation:
        return { status: STATUS_SUCCESS, bytes: basicInformation(entry.written, false) };
      case FileStandardInformation: {
        const bytes = standardInformation(streamSize, false, scb.deletePending || (dictGet(this.state.scbs, `${scb.fileId}:`)?.deletePending ?? false));
        putU32(bytes, 16, links.length);
        return { status: STATUS_SUCCESS, bytes };
      }
      case FileInternalInformation:
        return { status: STATUS_SUCCESS, bytes: internalInformation(scb.fileId) };
      case FileNameInformation:
        return { status: STATUS_SUCCESS, bytes: nameInformation(volumeName(fo.name)) };
      case FileNetworkOpenInformation:
        return { status: STATUS_SUCCESS, bytes: networkOpenInformation(entry.written, streamSize, false) };
      case FileStreamInformation: {
        // The file record keeps its $DATA attributes ordered by name.
        const named = Object.values(entry.streams ?? {})
          .map((x) => ({ name: x.name, size: utf8Length(x.content) }))
          .sort((a, b) => collate(a.name, b.name));
        return { status: STATUS_SUCCESS, bytes: streamInformation([{ name: '', size: entry.size }, ...named]) };
      }
      case FileHardLinkInformation:
        return {
          status: STATUS_SUCCESS,
          bytes: linksInformation(links.map((l) => ({ parent: this.directoryId(parentDir(l.path)), name: baseName(l.path) }))),
        };
      default:
        return { status: STATUS_INVALID_PARAMETER, bytes: none };
    }
  }

  /** FileBasicInformation set: a last-write time that is not 0 (or -1) is kept; the rest of this volume has no attributes to change. */
  setBasicInformation(foId: number, lastWrite: number | null): NTSTATUS {
    const fo = this.fileObject(foId);
    if (!fo || fo.cleaned) return STATUS_INVALID_HANDLE;
    if (!(fo.access & FILE_WRITE_ATTRIBUTES)) return STATUS_ACCESS_DENIED;
    if (lastWrite === null) return STATUS_SUCCESS;
    if (fo.directory) {
      const d = this.store.state.dirs[fo.name.replace(/\\$/, '').toLowerCase()];
      if (d) d.written = lastWrite;
      return STATUS_SUCCESS;
    }
    const at = this.entryOf(fo);
    if (!at) return STATUS_INVALID_HANDLE;
    for (const l of this.links(at.scb.fileId)) l.written = lastWrite;
    return STATUS_SUCCESS;
  }

  /** The file or directory with this file reference (an open by id), as a path, or null. */
  pathOfId(id: number): string | null {
    if (id === ROOT_FILE_ID) return 'C:\\';
    const d = Object.values(this.store.state.dirs).find((x) => x.fileId === id);
    if (d) return d.path;
    return Object.values(this.store.state.files).find((f) => f.fileId === id)?.path ?? null;
  }

  /** A section (NtCreateSection + a mapped view) on the file object: it references it. */
  createSection(foId: number): { status: NTSTATUS; section: number } {
    const fo = this.fileObject(foId);
    if (!fo || fo.cleaned) return { status: STATUS_INVALID_HANDLE, section: 0 };
    if (fo.directory) return { status: STATUS_INVALID_PARAMETER, section: 0 };
    const id = this.state.nextSection++;
    dictSet(this.state.sections, String(id), { id, fileObject: fo.id });
    fo.sectionRefs++;
    const scb = this.scbOf(fo);
    if (scb) scb.referenceCount++;
    return { status: STATUS_SUCCESS, section: id };
  }

  /**
   * The section's last view is unmapped and its handle closed: it drops its reference on the file
   * object. When that was the last reference (the handle is gone too), the file object is returned:
   * the caller sends its IRP_MJ_CLOSE.
   */
  closeSection(sectionId: number): { status: NTSTATUS; closedFileObject: number | null } {
    const section = dictGet(this.state.sections, String(sectionId));
    if (!section) return { status: STATUS_INVALID_HANDLE, closedFileObject: null };
    dictDelete(this.state.sections, String(sectionId));
    const fo = this.fileObject(section.fileObject);
    if (!fo) return { status: STATUS_SUCCESS, closedFileObject: null };
    fo.sectionRefs--;
    const scb = this.scbOf(fo);
    if (scb) scb.referenceCount--;
    return { status: STATUS_SUCCESS, closedFileObject: fo.cleaned && fo.sectionRefs === 0 ? fo.id : null };
  }

  /** Does a file object still need its IRP_MJ_CLOSE deferred (a section references it)? */
  referencedBySection(foId: number): boolean {
    return (this.fileObject(foId)?.sectionRefs ?? 0) > 0;
  }
}

function nameOf(path: string, stream: string, entry: FileEntry): string {
  if (stream === '') return path;
  const stored = entry.streams ? dictGet(entry.streams, stream.toLowerCase())?.name : undefined;
  return `${path}:${stored ?? stream}`;
}
