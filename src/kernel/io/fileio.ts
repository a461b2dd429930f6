/**
 * The I/O manager's file API (IopCreateFile, IopReadFile, IopXxxControlFile,
 * IopCompleteRequest…): a request on a file object becomes an IRP for the top
 * of the device stack, with the caller's buffers placed as Windows places
 * them for the target's transfer type; a pending IRP completes later (a
 * synchronous caller waits for it), and completion copies buffered data back
 * into the caller's user space and frees what the request allocated.
 * Handles are the Nt service layer's business (ntfile.ts); here a request
 * names its file object and the requesting process.
 */
import type { Kernel } from '../nt.ts';
import { Subsystem } from '../subsystem.ts';
import {
  NT_SUCCESS,
  STATUS_ACCESS_DENIED,
  STATUS_BUFFER_TOO_SMALL,
  STATUS_CANCELLED,
  STATUS_FILE_LOCK_CONFLICT,
  STATUS_INFO_LENGTH_MISMATCH,
  STATUS_INVALID_DEVICE_REQUEST,
  STATUS_INVALID_HANDLE,
  STATUS_INVALID_INFO_CLASS,
  STATUS_INVALID_PARAMETER,
  STATUS_INVALID_USER_BUFFER,
  STATUS_LOCK_NOT_GRANTED,
  STATUS_NO_SUCH_DEVICE,
  STATUS_OBJECT_NAME_COLLISION,
  STATUS_PENDING,
  STATUS_RANGE_NOT_LOCKED,
  STATUS_SHARING_VIOLATION,
  STATUS_SUCCESS,
  type NTSTATUS,
} from '../status.ts';
import { hex16 } from '../mm/buffers.ts';
import type { SpaceId } from '../mm/memory.ts';
import {
  DO_BUFFERED_IO,
  DO_DEVICE_INITIALIZING,
  DO_DIRECT_IO,
  DO_EXCLUSIVE,
  FILE_READ_ACCESS,
  FILE_WRITE_ACCESS,
  IRP_BUFFERED_IO,
  IRP_CLOSE_OPERATION,
  IRP_CREATE_OPERATION,
  IRP_DEALLOCATE_BUFFER,
  IRP_DEFER_IO_COMPLETION,
  IRP_INPUT_OPERATION,
  IRP_MJ_CLEANUP,
  IRP_MJ_CLOSE,
  IRP_MJ_CREATE,
  IRP_MJ_DEVICE_CONTROL,
  IRP_MJ_DIRECTORY_CONTROL,
  IRP_MJ_INTERNAL_DEVICE_CONTROL,
  IRP_MJ_LOCK_CONTROL,
  IRP_MJ_QUERY_INFORMATION,
  IRP_MJ_READ,
  IRP_MJ_SET_INFORMATION,
  IRP_MJ_WRITE,
  IRP_MN_LOCK,
  IRP_MN_UNLOCK_SINGLE,
  IRP_NOCACHE,
  IRP_PAGING_IO,
  IRP_READ_OPERATION,
  IRP_SYNCHRONOUS_API,
  IRP_WRITE_OPERATION,
  METHOD_BUFFERED,
  METHOD_IN_DIRECT,
  METHOD_NEITHER,
  METHOD_OUT_DIRECT,
  SL_EXCLUSIVE_LOCK,
  SL_FAIL_IMMEDIATELY,
  METHOD_NAMES,
  majorName,
  type DeviceObject,
  type Irp,
  type IoStatus,
  type Json,
  type JsonRecord,
} from './types.ts';
import type { FileLock, FileObject } from './iomgr.ts';
import {
  DELETE,
  FILE_APPEND_DATA,
  FILE_DELETE_ON_CLOSE,
  FILE_NO_INTERMEDIATE_BUFFERING,
  FILE_READ_DATA,
  FILE_SHARE_DELETE,
  FILE_SHARE_READ,
  FILE_SHARE_WRITE,
  FILE_SYNCHRONOUS_IO_ALERT,
  FILE_SYNCHRONOUS_IO_NONALERT,
  FILE_OPEN,
  FILE_CREATE,
  SYNCHRONIZE,
  FILE_WRITE_DATA,
  FO_ALERTABLE_IO,
  FO_CLEANUP_COMPLETE,
  FO_DELETE_ON_CLOSE,
  FO_HANDLE_CREATED,
  FO_NO_INTERMEDIATE_BUFFERING,
  FO_SYNCHRONOUS_IO,
  FileAccessInformation,
  FileBasicInformation,
  FileDispositionInformation,
  FileEndOfFileInformation,
  FileLinkInformation,
  FileModeInformation,
  FilePositionInformation,
  FileRenameInformation,
  FileStandardInformation,
  mapGenericFileAccess,
} from './filedefs.ts';
import { INFO_SIZE, basicInformation, getU64, positionInformation, putU32, standardInformation } from './fileinfo.ts';
import { parseName } from './parse.ts';
import { IRP_MN_QUERY_DIRECTORY } from '../fs/ntfsfsd.ts';
import { DIRECTORY_NAME_OFFSET, SL_RESTART_SCAN, SL_RETURN_SINGLE_ENTRY, scanDirectory, storeListing, type SearchState } from '../fs/dirquery.ts';
import { storeBytes, storeCreate, storeRead, storeSetSize, storeWrite } from './store.ts';
import { renameTargetStatus } from './fsrequests.ts';

/** NtCreateFile's parameters. */
export interface CreateRequest {
  /** NT path: '\??\SwLegacy', '\Device\Null', '\??\C:\dir\file'. */
  path: string;
  desiredAccess: number;
  shareAccess: number;
  createDisposition: number;
  createOptions: number;
  fileAttributes: number;
  allocationSize?: number;
  /** Extra create parameters (ECPs), by name: the IRP carries them to the drivers. */
  ecp?: JsonRecord | null;
  /** FltCreateFileEx's Instance: the open (and every IRP on its file object) starts below this altitude. */
  fltBelow?: number;
}

/** An IO_STATUS_BLOCK, and the IRP when the request is still pending. */
export interface IoResult {
  status: NTSTATUS;
  information: number;
  /** The IRP (id) of a request still pending. */
  irp?: number;
}

/** A DeviceIoControl request: user buffers are addresses in the requesting process. */
export interface ControlRequest {
  code: number;
  input: string | null;
  inputLength: number;
  output: string | null;
  outputLength: number;
  /** IRP_MJ_INTERNAL_DEVICE_CONTROL instead of IRP_MJ_DEVICE_CONTROL. */
  internal?: boolean;
}

export interface MdlRecord {
  address: string;
  /** The address space the MDL describes (a process, or system space for a kernel-mode caller). */
  process: SpaceId;
  /** The user virtual address it describes (hex) and its length. */
  va: string;
  byteCount: number;
  /** MmGetSystemAddressForMdlSafe's mapping (hex), once mapped. */
  mapped: string | null;
  /** IoReadAccess (0) or IoWriteAccess (1): what the probe checked. */
  operation: 0 | 1;
}

interface Request {
  file: number;
  process: number | null;
  /** The file pointer to move on completion (synchronous read/write), else null. */
  offset: number | null;
}

export interface FileIoState {
  /** Completed requests not yet collected by their waiter, by IRP id. */
  results: Record<number, IoStatus>;
  /** What each user IRP in flight is for, by IRP id. */
  requests: Record<number, Request>;
  /** Mounted volumes: volume device id → the file system's volume device id. */
  mounts: Record<number, number>;
  mdls: Record<string, MdlRecord>;
  /** Next free system PTE address for MDL mappings (hex). */
  ptes: string;
}

/** Where a requestor's buffers are: its user space, or system space for a kernel-mode caller (null). */
const space = (process: number | null): SpaceId => process ?? 'kernel';

/** Pool tag of the I/O manager's system buffers. */
const SYSTEM_BUFFER_TAG = 'IoSB';

export class FileIo extends Subsystem<FileIoState> {
  readonly snapshotKey = 'fileio';
  private readonly k: Kernel;

  constructor(k: Kernel) {
    super({ results: {}, requests: {}, mounts: {}, mdls: {}, ptes: 'fffff88004a3c000' });
    this.k = k;
  }

  // ---- volumes --------------------------------------------------------------

  /** A file system mounted `fsDevice` (its volume device object) on `volume`: files there go to its stack. */
  mount(volume: number, fsDevice: number): void {
    this.state.mounts[volume] = fsDevice;
  }

  dismount(volume: number): void {
    delete this.state.mounts[volume];
  }

  mounted(volume: number): boolean {
    return this.state.mounts[volume] !== undefined;
  }

  // ---- create, cleanup, close -----------------------------------------------

  /** NtCreateFile on a device path for reading and writing, in the requesting process (kernel tests, tools). */
  open(path: string): { status: NTSTATUS; handle: number } {
    const pid = this.k.ps.requestor()?.pid ?? 4;
    const access = FILE_READ_DATA | FILE_WRITE_DATA | SYNCHRONIZE;
    const r = this.createFile(pid, {
      path,
      desiredAccess: access,
      shareAccess: FILE_SHARE_READ | FILE_SHARE_WRITE,
      createDisposition: FILE_OPEN,
      createOptions: FILE_SYNCHRONOUS_IO_NONALERT,
      fileAttributes: 0,
    });
    if (!r.file) return { status: r.status, handle: 0 };
    return { status: r.status, handle: this.k.handles.create(pid, r.file.id, access) };
  }

  /** NtClose of a handle `open` returned. */
  close(handle: number): NTSTATUS {
    const pid = this.k.ps.requestor()?.pid ?? 4;
    const entry = this.k.handles.get(pid, handle);
    const file = entry ? this.k.io.state.files[entry.object] : undefined;
    if (!entry || !file) return STATUS_INVALID_HANDLE;
    this.k.handles.close(pid, handle);
    this.closeFile(file, pid);
    return STATUS_SUCCESS;
  }

  /** IopCreateFile: parse the name, make the file object, send IRP_MJ_CREATE. */
  createFile(process: number | null, req: CreateRequest): { status: NTSTATUS; information: number; file: FileObject | null } {
    const fail = (status: NTSTATUS) => ({ status, information: 0, file: null });
    this.k.timers.runDue();
    const parsed = parseName(this.k, req.path, (v) => this.mounted(v));
    if (parsed.kind === 'none') return fail(parsed.status);
    const access = mapGenericFileAccess(req.desiredAccess);
    const opts = req.createOptions;
    let device: DeviceObject | null = null;
    if (parsed.kind === 'device') {
      device = this.k.io.state.devices[parsed.device];
      const driver = this.k.io.state.drivers[device.DriverObject];
      if (device.Flags & DO_DEVICE_INITIALIZING || driver?.UnloadPending) return fail(STATUS_NO_SUCH_DEVICE);
      if (device.Flags & DO_EXCLUSIVE && device.ReferenceCount > 0) return fail(STATUS_ACCESS_DENIED);
    }
    const fileId = this.k.ob.create('File', null).id;
    const name = parsed.kind === 'device' ? parsed.remaining : parsed.path.slice(2);
    const file: FileObject = {
      id: fileId,
      Address: this.k.ob.get(fileId)?.Address ?? '0',
      Device: parsed.kind === 'device' ? parsed.device : 0,
      FileName: name,
      Flags:
        (opts & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT) ? FO_SYNCHRONOUS_IO : 0) |
        (opts & FILE_SYNCHRONOUS_IO_ALERT ? FO_ALERTABLE_IO : 0) |
        (opts & FILE_NO_INTERMEDIATE_BUFFERING ? FO_NO_INTERMEDIATE_BUFFERING : 0),
      CurrentByteOffset: 0,
      Access: access,
      ShareAccess: req.shareAccess,
      Options: opts,
      FsContext: null,
      FsContext2: null,
      Target: parsed.kind === 'device' ? (this.state.mounts[parsed.device] ?? null) : null,
      StorePath: parsed.kind === 'store' ? parsed.path : null,
      Process: process ?? 4,
      Locks: [],
      DeletePending: false,
      ...(req.fltBelow === undefined ? {} : { FltBelow: req.fltBelow }),
    };
    this.k.io.state.files[fileId] = file;
    if (name) this.k.ob.allocateBuffer(fileId, 'FileName', name.length * 2, 'IoNm', false);
    let result: IoResult;
    if (file.StorePath !== null && file.StorePath !== undefined) {
      // A name collision is found before the share check, as a file system finds the file first.
      const exists = this.k.fs.file(file.StorePath) !== undefined || this.k.fs.isDir(file.StorePath);
      const shared = exists && req.createDisposition === FILE_CREATE ? STATUS_OBJECT_NAME_COLLISION : this.shareCheck(file);
      result = NT_SUCCESS(shared) ? storeCreate(this.k, file.StorePath, req.createDisposition, opts) : { status: shared, information: 0 };
    } else {
      result = this.send(
        file,
        process,
        IRP_MJ_CREATE,
        0,
        {
          DesiredAccess: access,
          Options: ((req.createDisposition & 0xff) << 24) | (opts & 0xffffff),
          FileAttributes: req.fileAttributes,
          ShareAccess: req.shareAccess,
          EaLength: 0,
        },
        IRP_CREATE_OPERATION | IRP_SYNCHRONOUS_API,
        0,
        (irp) => {
          irp.ExtraCreateParameters = req.ecp ?? null;
        },
        true,
      );
    }
    if (!NT_SUCCESS(result.status) || result.status === STATUS_PENDING) {
      this.k.ob.delete(fileId);
      delete this.k.io.state.files[fileId];
      return fail(result.status === STATUS_PENDING ? STATUS_CANCELLED : result.status);
    }
    if (opts & FILE_DELETE_ON_CLOSE) file.Flags = (file.Flags ?? 0) | FO_DELETE_ON_CLOSE;
    file.Flags = (file.Flags ?? 0) | FO_HANDLE_CREATED;
    if (device) device.ReferenceCount++;
    return { status: result.status, information: result.information, file };
  }

  /** IoCheckShareAccess among the store's open files of one path. */
  private shareCheck(file: FileObject): NTSTATUS {
    const key = file.StorePath?.toLowerCase();
    const access = file.Access ?? 0;
    for (const other of Object.values(this.k.io.state.files)) {
      if (other === file || other.StorePath?.toLowerCase() !== key) continue;
      const oa = other.Access ?? 0;
      const os = other.ShareAccess ?? 0;
      const ms = file.ShareAccess ?? 0;
      const conflict =
        (access & FILE_READ_DATA && !(os & FILE_SHARE_READ)) ||
        (access & (FILE_WRITE_DATA | FILE_APPEND_DATA) && !(os & FILE_SHARE_WRITE)) ||
        (access & DELETE && !(os & FILE_SHARE_DELETE)) ||
        (oa & FILE_READ_DATA && !(ms & FILE_SHARE_READ)) ||
        (oa & (FILE_WRITE_DATA | FILE_APPEND_DATA) && !(ms & FILE_SHARE_WRITE)) ||
        (oa & DELETE && !(ms & FILE_SHARE_DELETE));
      if (conflict) return STATUS_SHARING_VIOLATION;
    }
    return STATUS_SUCCESS;
  }

  /** The last handle closed: IRP_MJ_CLEANUP (locks released, pending IRPs cancelled). */
  cleanupFile(file: FileObject, process: number | null): void {
    if ((file.Flags ?? 0) & FO_CLEANUP_COMPLETE) return;
    for (const irp of this.pendingOf(file)) this.cancelIrp(irp);
    file.Locks = [];
    if (this.isStore(file)) {
      if ((file.Flags ?? 0) & FO_DELETE_ON_CLOSE || file.DeletePending) this.k.fs.remove(file.StorePath ?? '');
    } else this.send(file, process, IRP_MJ_CLEANUP, 0, {}, IRP_SYNCHRONOUS_API | IRP_CLOSE_OPERATION, 0, null, true);
    file.Flags = (file.Flags ?? 0) | FO_CLEANUP_COMPLETE;
  }

  /** The last reference gone: IRP_MJ_CLOSE, the file object is deleted; a deferred unload may finish here. */
  closeFile(file: FileObject, process: number | null): void {
    this.cleanupFile(file, process);
    // A section still references the file object: its close comes when the section goes.
    if ((file.SectionReferences ?? 0) > 0) return;
    if (!this.isStore(file)) this.send(file, process, IRP_MJ_CLOSE, 0, {}, IRP_SYNCHRONOUS_API | IRP_CLOSE_OPERATION, 0, null, true);
    const device = this.k.io.state.devices[file.Device];
    this.k.ob.delete(file.id);
    delete this.k.io.state.files[file.id];
    if (!device || this.isStore(file)) return;
    device.ReferenceCount--;
    const driver = this.k.io.state.drivers[device.DriverObject];
    if (driver?.UnloadPending && this.k.io.devicesOf(driver).every((d) => d.ReferenceCount === 0)) this.k.loader.finishUnload(driver);
  }

  /** A section that referenced the file object went: the last reference may close it now. */
  dereferenceForSection(file: FileObject): void {
    file.SectionReferences = Math.max(0, (file.SectionReferences ?? 0) - 1);
    if (file.SectionReferences === 0 && (file.Flags ?? 0) & FO_CLEANUP_COMPLETE) this.closeFile(file, null);
  }

  /**
   * A page fault on a mapped view of the file: the memory manager's paging read (IRP_PAGING_IO,
   * noncached, kernel mode), into a page of system space. Byte-range locks do not apply to it.
   */
  pagingRead(file: FileObject, offset: number, length: number): IoResult & { data: Uint8Array } {
    const at = this.k.ob.allocatePool(Math.max(length, 1), 'MmPg', 'paging read');
    this.k.buffers.add('kernel', at, Math.max(length, 1), 'paging read');
    const r = this.send(
      file,
      null,
      IRP_MJ_READ,
      0,
      { Length: length, Key: 0, ByteOffset: offset },
      IRP_PAGING_IO | IRP_NOCACHE | IRP_READ_OPERATION,
      0,
      (irp) => {
        irp.UserBuffer = at;
      },
      true,
    );
    const data = NT_SUCCESS(r.status) ? (this.k.mm.read('kernel', BigInt('0x' + at), Math.min(r.information, length)) ?? new Uint8Array(0)) : new Uint8Array(0);
    this.freeSystemBuffer(at);
    return { ...r, data };
  }

  private isStore(file: FileObject): boolean {
    return file.StorePath !== null && file.StorePath !== undefined;
  }

  // ---- read and write ---------------------------------------------------------

  read(process: number | null, file: FileObject, buffer: string, length: number, byteOffset: number | null, key = 0): IoResult {
    return this.transfer(process, file, IRP_MJ_READ, buffer, length, byteOffset, key);
  }

  write(process: number | null, file: FileObject, buffer: string, length: number, byteOffset: number | null, key = 0): IoResult {
    return this.transfer(process, file, IRP_MJ_WRITE, buffer, length, byteOffset, key);
  }

  private transfer(process: number | null, file: FileObject, major: number, buffer: string, length: number, byteOffset: number | null, key: number): IoResult {
    this.k.timers.runDue();
    const reading = major === IRP_MJ_READ;
    const need = reading ? FILE_READ_DATA : FILE_WRITE_DATA | FILE_APPEND_DATA;
    if (!((file.Access ?? 0) & need)) return { status: STATUS_ACCESS_DENIED, information: 0 };
    const sync = this.synchronous(file);
    // A write at -1 (FILE_WRITE_TO_END_OF_FILE) goes to the end of the file, wherever that is.
    const toEnd = !reading && byteOffset === -1;
    // -2 (FILE_USE_FILE_POINTER_POSITION) or no offset: a synchronous file uses its file pointer.
    const offset = toEnd ? -1 : byteOffset === null || byteOffset < 0 ? (sync ? (file.CurrentByteOffset ?? 0) : null) : byteOffset;
    if (offset === null) return { status: STATUS_INVALID_PARAMETER, information: 0 };
    if (length > 0 && !this.userRange(process, buffer, length)) return { status: STATUS_INVALID_USER_BUFFER, information: 0 };
    if (this.isStore(file)) return this.storeTransfer(process, file, reading, buffer, length, offset, key);
    const top = this.targetOf(file);
    if (!top) return { status: STATUS_NO_SUCH_DEVICE, information: 0 };
    const flags =
      (reading ? IRP_READ_OPERATION : IRP_WRITE_OPERATION) | IRP_DEFER_IO_COMPLETION | ((file.Flags ?? 0) & FO_NO_INTERMEDIATE_BUFFERING ? IRP_NOCACHE : 0);
    return this.send(
      file,
      process,
      major,
      0,
      { Length: length, Key: key, ByteOffset: offset },
      flags,
      0,
      (irp) => {
        irp.UserBuffer = buffer;
        if (top.Flags & DO_BUFFERED_IO && length > 0) {
          irp.SystemBuffer = this.systemBuffer(process, reading ? null : buffer, length);
          irp.Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER | (reading ? IRP_INPUT_OPERATION : 0);
        } else if (top.Flags & DO_DIRECT_IO && length > 0) {
          irp.MdlAddress = this.allocateMdl(process, buffer, length, reading ? 1 : 0);
        }
      },
      sync,
      sync && !toEnd ? offset : null,
    );
  }

  private storeTransfer(process: number | null, file: FileObject, reading: boolean, buffer: string, length: number, offset: number, key: number): IoResult {
    const path = file.StorePath ?? '';
    if (this.lockConflict(file, offset, length, key, !reading)) return { status: STATUS_FILE_LOCK_CONFLICT, information: 0 };
    let result: IoResult;
    if (reading) {
      const r = storeRead(this.k, path, offset, length);
      if (NT_SUCCESS(r.status)) this.k.mm.write(space(process), BigInt('0x' + buffer), r.data);
      result = { status: r.status, information: r.data.length };
    } else {
      const data = this.k.mm.read(space(process), BigInt('0x' + buffer), length) ?? new Uint8Array(0);
      const at = (file.Access ?? 0) & FILE_WRITE_DATA ? offset : (storeBytes(this.k, path)?.length ?? 0);
      const status = storeWrite(this.k, path, at, data);
      result = { status, information: NT_SUCCESS(status) ? length : 0 };
    }
    if (NT_SUCCESS(result.status) && this.synchronous(file)) file.CurrentByteOffset = offset + result.information;
    return result;
  }

  // ---- device I/O control -------------------------------------------------------

  /** IopXxxControlFile: buffers placed by the control code's transfer method. */
  deviceControl(process: number, file: FileObject, req: ControlRequest): IoResult {
    this.k.timers.runDue();
    const access = (req.code >>> 14) & 3;
    if (access & FILE_READ_ACCESS && !((file.Access ?? 0) & FILE_READ_DATA)) return { status: STATUS_ACCESS_DENIED, information: 0 };
    if (access & FILE_WRITE_ACCESS && !((file.Access ?? 0) & FILE_WRITE_DATA)) return { status: STATUS_ACCESS_DENIED, information: 0 };
    if (
      (req.inputLength > 0 && !this.userRange(process, req.input, req.inputLength)) ||
      (req.outputLength > 0 && !this.userRange(process, req.output, req.outputLength))
    ) {
      return { status: STATUS_INVALID_USER_BUFFER, information: 0 };
    }
    if (this.isStore(file) || !this.targetOf(file)) return { status: STATUS_INVALID_DEVICE_REQUEST, information: 0 };
    const method = req.code & 3;
    const params: JsonRecord = { OutputBufferLength: req.outputLength, InputBufferLength: req.inputLength, IoControlCode: req.code, Type3InputBuffer: null };
    if (method === METHOD_NEITHER) params['Type3InputBuffer'] = req.input;
    const major = req.internal ? IRP_MJ_INTERNAL_DEVICE_CONTROL : IRP_MJ_DEVICE_CONTROL;
    return this.send(
      file,
      process,
      major,
      0,
      params,
      0,
      0,
      (irp) => {
        irp.UserBuffer = req.output;
        if (method === METHOD_BUFFERED) {
          const size = Math.max(req.inputLength, req.outputLength);
          if (size > 0) {
            irp.SystemBuffer = this.systemBuffer(process, req.inputLength > 0 ? req.input : null, size, req.inputLength);
            irp.Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER | (req.outputLength > 0 ? IRP_INPUT_OPERATION : 0);
          }
        } else if (method === METHOD_IN_DIRECT || method === METHOD_OUT_DIRECT) {
          if (req.inputLength > 0) {
            irp.SystemBuffer = this.systemBuffer(process, req.input, req.inputLength);
            irp.Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
          }
          if (req.outputLength > 0 && req.output) irp.MdlAddress = this.allocateMdl(process, req.output, req.outputLength, method === METHOD_IN_DIRECT ? 0 : 1);
        }
      },
      this.synchronous(file),
    );
  }

  // ---- information ------------------------------------------------------------------

  /** NtQueryInformationFile: some classes the I/O manager answers itself; the rest go to the driver. */
  queryInformation(process: number | null, file: FileObject, infoClass: number, buffer: string, length: number): IoResult {
    const size = INFO_SIZE[infoClass];
    if (size === undefined) return { status: STATUS_INVALID_INFO_CLASS, information: 0 };
    if (length < size) return { status: STATUS_INFO_LENGTH_MISMATCH, information: 0 };
    if (!this.userRange(process, buffer, length)) return { status: STATUS_INVALID_USER_BUFFER, information: 0 };
    const put = (bytes: Uint8Array): IoResult => {
      this.k.mm.write(space(process), BigInt('0x' + buffer), bytes);
      return { status: STATUS_SUCCESS, information: bytes.length };
    };
    if (infoClass === FilePositionInformation && this.synchronous(file)) return put(positionInformation(file.CurrentByteOffset ?? 0));
    if (infoClass === FileAccessInformation || infoClass === FileModeInformation) {
      const out = new Uint8Array(4);
      putU32(out, 0, infoClass === FileAccessInformation ? (file.Access ?? 0) : (file.Options ?? 0) & 0x103e);
      return put(out);
    }
    if (this.isStore(file)) {
      const path = file.StorePath ?? '';
      const entry = this.k.fs.file(path);
      const dir = !entry;
      if (infoClass === FileBasicInformation) return put(basicInformation(entry?.written ?? this.k.now(), dir));
      if (infoClass === FileStandardInformation) return put(standardInformation(entry?.size ?? 0, dir, file.DeletePending ?? false));
      return { status: STATUS_INVALID_PARAMETER, information: 0 };
    }
    return this.send(
      file,
      process,
      IRP_MJ_QUERY_INFORMATION,
      0,
      { Length: length, FileInformationClass: infoClass },
      0,
      0,
      (irp) => {
        irp.UserBuffer = buffer;
        irp.SystemBuffer = this.systemBuffer(process, null, length);
        irp.Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER | IRP_INPUT_OPERATION;
      },
      this.synchronous(file),
    );
  }

  /**
   * NtQueryDirectoryFile: IRP_MJ_DIRECTORY_CONTROL / IRP_MN_QUERY_DIRECTORY with the search
   * expression, restart-scan and single-entry flags in the stack location; the entries land in
   * the caller's buffer by the device's transfer type.
   */
  queryDirectory(
    process: number | null,
    file: FileObject,
    buffer: string,
    length: number,
    q: { cls: number; expression: string | null; restart: boolean; single: boolean },
  ): IoResult {
    this.k.timers.runDue();
    const fixed = DIRECTORY_NAME_OFFSET[q.cls];
    if (fixed === undefined) return { status: STATUS_INVALID_INFO_CLASS, information: 0 };
    if (length < fixed) return { status: STATUS_INFO_LENGTH_MISMATCH, information: 0 };
    if (!this.userRange(process, buffer, length)) return { status: STATUS_INVALID_USER_BUFFER, information: 0 };
    if (this.isStore(file)) {
      // No file system mounted: the store's listing, the enumeration kept with the file object.
      if (!this.k.fs.isDir(file.StorePath ?? '')) return { status: STATUS_INVALID_PARAMETER, information: 0 };
      const state = file.FsContext2 as unknown as SearchState | undefined;
      const r = scanDirectory(storeListing(this.k.fs, this.k.fs.dirPath(file.StorePath ?? '') ?? ''), state ?? undefined, { ...q, length });
      file.FsContext2 = (r.search ?? null) as unknown as Json;
      if (r.bytes.length > 0) this.k.mm.write(space(process), BigInt('0x' + buffer), r.bytes);
      return { status: r.status, information: r.bytes.length };
    }
    const top = this.targetOf(file);
    if (!top) return { status: STATUS_NO_SUCH_DEVICE, information: 0 };
    const sl = (q.restart ? SL_RESTART_SCAN : 0) | (q.single ? SL_RETURN_SINGLE_ENTRY : 0);
    return this.send(
      file,
      process,
      IRP_MJ_DIRECTORY_CONTROL,
      IRP_MN_QUERY_DIRECTORY,
      { Length: length, FileName: q.expression, FileInformationClass: q.cls, FileIndex: 0 },
      0,
      sl,
      (irp) => {
        irp.UserBuffer = buffer;
        if (top.Flags & DO_BUFFERED_IO) {
          irp.SystemBuffer = this.systemBuffer(process, null, length);
          irp.Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER | IRP_INPUT_OPERATION;
        } else if (top.Flags & DO_DIRECT_IO) irp.MdlAddress = this.allocateMdl(process, buffer, length, 1);
      },
      this.synchronous(file),
    );
  }

  /** NtSetInformationFile. */
  setInformation(process: number | null, file: FileObject, infoClass: number, buffer: string, length: number): IoResult {
    const size = INFO_SIZE[infoClass];
    if (size === undefined) return { status: STATUS_INVALID_INFO_CLASS, information: 0 };
    if (length < size) return { status: STATUS_INFO_LENGTH_MISMATCH, information: 0 };
    const bytes = this.k.mm.read(space(process), BigInt('0x' + buffer), length);
    if (!bytes) return { status: STATUS_INVALID_USER_BUFFER, information: 0 };
    if (infoClass === FilePositionInformation && this.synchronous(file)) {
      file.CurrentByteOffset = Number(getU64(bytes, 0));
      return { status: STATUS_SUCCESS, information: 0 };
    }
    if (this.isStore(file)) {
      const path = file.StorePath ?? '';
      if (infoClass === FileDispositionInformation) {
        if (!((file.Access ?? 0) & DELETE)) return { status: STATUS_ACCESS_DENIED, information: 0 };
        file.DeletePending = bytes[0] !== 0;
        return { status: STATUS_SUCCESS, information: 0 };
      }
      if (infoClass === FileEndOfFileInformation) {
        if (!((file.Access ?? 0) & FILE_WRITE_DATA)) return { status: STATUS_ACCESS_DENIED, information: 0 };
        return { status: storeSetSize(this.k, path, Number(getU64(bytes, 0))), information: 0 };
      }
      if (infoClass === FileBasicInformation) return { status: STATUS_SUCCESS, information: 0 };
      return { status: STATUS_INVALID_PARAMETER, information: 0 };
    }
    if (infoClass === FileRenameInformation || infoClass === FileLinkInformation) {
      const target = renameTargetStatus(this.k, process, file, bytes);
      if (target !== 0) return { status: target, information: 0 };
    }
    return this.send(
      file,
      process,
      IRP_MJ_SET_INFORMATION,
      0,
      { Length: length, FileInformationClass: infoClass },
      0,
      0,
      (irp) => {
        irp.SystemBuffer = this.systemBuffer(process, buffer, length);
        irp.Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
      },
      this.synchronous(file),
    );
  }

  // ---- byte-range locks --------------------------------------------------------------

  /** NtLockFile / NtUnlockFile: IRP_MJ_LOCK_CONTROL, or the store's own lock list. */
  lock(process: number | null, file: FileObject, offset: number, length: number, key: number, failImmediately: boolean, exclusive: boolean): IoResult {
    if (!((file.Access ?? 0) & (FILE_READ_DATA | FILE_WRITE_DATA))) return { status: STATUS_ACCESS_DENIED, information: 0 };
    if (this.isStore(file)) {
      if (this.lockConflict(file, offset, length, key, exclusive, true))
        return { status: failImmediately ? STATUS_LOCK_NOT_GRANTED : STATUS_LOCK_NOT_GRANTED, information: 0 };
      (file.Locks ??= []).push({ offset, length, key, exclusive });
      return { status: STATUS_SUCCESS, information: 0 };
    }
    const sl = (failImmediately ? SL_FAIL_IMMEDIATELY : 0) | (exclusive ? SL_EXCLUSIVE_LOCK : 0);
    return this.send(file, process, IRP_MJ_LOCK_CONTROL, IRP_MN_LOCK, { Length: length, Key: key, ByteOffset: offset }, 0, sl, null, this.synchronous(file));
  }

  unlock(process: number | null, file: FileObject, offset: number, length: number, key: number): IoResult {
    if (this.isStore(file)) {
      const locks = file.Locks ?? [];
      const i = locks.findIndex((l) => l.offset === offset && l.length === length && l.key === key);
      if (i < 0) return { status: STATUS_RANGE_NOT_LOCKED, information: 0 };
      locks.splice(i, 1);
      return { status: STATUS_SUCCESS, information: 0 };
    }
    return this.send(
      file,
      process,
      IRP_MJ_LOCK_CONTROL,
      IRP_MN_UNLOCK_SINGLE,
      { Length: length, Key: key, ByteOffset: offset },
      0,
      0,
      null,
      this.synchronous(file),
    );
  }

  /** Does a lock held through another file object of the same store file stand in the way? */
  private lockConflict(file: FileObject, offset: number, length: number, key: number, write: boolean, locking = false): boolean {
    const path = file.StorePath?.toLowerCase();
    const overlaps = (l: FileLock) => length > 0 && l.length > 0 && offset < l.offset + l.length && l.offset < offset + length;
    for (const other of Object.values(this.k.io.state.files)) {
      if (other.StorePath?.toLowerCase() !== path) continue;
      for (const l of other.Locks ?? []) {
        if (!overlaps(l)) continue;
        const mine = other === file && l.key === key;
        if (locking ? !mine || l.exclusive || write : !mine && (l.exclusive || write)) return true;
      }
    }
    return false;
  }

  // ---- cancel ------------------------------------------------------------------------

  /** IoCancelIrp: mark it cancelled and call its cancel routine, if it has one. */
  cancelIrp(irp: Irp): boolean {
    irp.Cancel = true;
    const routine = irp.CancelRoutine;
    if (!routine) return false;
    irp.CancelRoutine = null;
    const loc = irp.Stack[irp.CurrentLocation - 1];
    const device = loc?.DeviceObject !== null && loc?.DeviceObject !== undefined ? this.k.io.state.devices[loc.DeviceObject] : undefined;
    if (!device) return false;
    const o = irp.Origin;
    this.k.machine.events.emit('io.cancelled', {
      driver: this.k.io.state.drivers[device.DriverObject]?.DriverName ?? '',
      routine,
      process: o.kind === 'user' ? (o.process ?? null) : null,
    });
    this.k.ke.call('nt', null, () => this.k.invoke.cancel(routine, device, irp), 'nt!IoCancelIrp', [irp.Address]);
    return true;
  }

  /** The user IRPs still pending on a file object (optionally only one thread's). */
  pendingOf(file: FileObject, thread: string | null = null): Irp[] {
    return Object.values(this.k.io.state.irps).filter((irp) => {
      if (irp.Completed || irp.Origin.kind !== 'user' || irp.Origin.fileObject !== file.id) return false;
      return thread === null || irp.Thread === thread;
    });
  }

  /** NtCancelIoFile: cancel the calling thread's requests on the file, then wait for them to finish. */
  cancelFile(process: number, file: FileObject): IoResult {
    const thread = this.threadOf(process);
    const irps = this.pendingOf(file, thread);
    for (const irp of irps) this.cancelIrp(irp);
    // The requests' results stay for their waiters (GetOverlappedResult).
    this.k.timers.waitUntil(() => irps.every((i) => i.Completed));
    return { status: STATUS_SUCCESS, information: 0 };
  }

  /** Wait for a pending request: time passes until it completes or nothing more can happen. */
  wait(irpId: number): IoResult {
    const done = () => this.state.results[irpId] !== undefined;
    this.k.timers.waitUntil(done);
    const r = this.state.results[irpId];
    if (!r) return { status: STATUS_PENDING, information: 0, irp: irpId };
    delete this.state.results[irpId];
    return { status: r.Status, information: r.Information };
  }

  /** A process exits: its pending requests are cancelled, its handles' file objects closed by the caller. */
  processExit(process: number): void {
    const thread = this.threadOf(process);
    const irps = Object.values(this.k.io.state.irps).filter((i) => !i.Completed && i.Origin.kind === 'user' && i.Thread === thread && thread !== null);
    for (const irp of irps) this.cancelIrp(irp);
    this.k.timers.waitUntil(() => irps.every((i) => i.Completed));
    for (const irp of irps) delete this.state.results[irp.id];
  }

  // ---- sending and completing ------------------------------------------------------------

  private synchronous(file: FileObject): boolean {
    return ((file.Flags ?? 0) & FO_SYNCHRONOUS_IO) !== 0;
  }

  /** The device at the top of the stack a file's IRPs go to. */
  targetOf(file: FileObject): DeviceObject | null {
    return this.k.io.attachedTop(file.Target ?? file.Device);
  }

  private threadOf(process: number | null): string | null {
    if (process === null) return null;
    const p = this.k.ps.process(process);
    return p ? (this.k.ps.threadsOf(p)[0]?.ethread ?? null) : null;
  }

  private userRange(process: number | null, address: string | null, length: number): boolean {
    if (!address || !/^[0-9a-f]{1,16}$/i.test(address)) return false;
    return this.k.mm.read(space(process), BigInt('0x' + address), length) !== null;
  }

  /**
   * Build the IRP for the top of the file's stack and call it. A synchronous request waits
   * for a pended IRP; the result is its IO_STATUS_BLOCK (or STATUS_PENDING with the IRP).
   */
  private send(
    file: FileObject,
    process: number | null,
    major: number,
    minor: number,
    params: JsonRecord,
    flags: number,
    slFlags: number,
    setup: ((irp: Irp) => void) | null,
    synchronous: boolean,
    offset: number | null = null,
  ): IoResult {
    const top = this.targetOf(file);
    if (!top) return { status: STATUS_NO_SUCH_DEVICE, information: 0 };
    const irp = this.k.irp.allocate(top.StackSize, { kind: 'user', fileObject: file.id, process });
    irp.RequestorMode = process === null ? 0 : 1;
    irp.Thread = this.threadOf(process);
    irp.Flags = flags | (synchronous ? IRP_SYNCHRONOUS_API : 0);
    const loc = this.k.irp.next(irp);
    loc.MajorFunction = major;
    loc.MinorFunction = minor;
    loc.Flags = slFlags;
    loc.FileObject = file.id;
    loc.Parameters = file.FltBelow === undefined ? params : { ...params, FltBelowAltitude: file.FltBelow };
    setup?.(irp);
    this.state.requests[irp.id] = { file: file.id, process, offset };
    const code = major === IRP_MJ_DEVICE_CONTROL || major === IRP_MJ_INTERNAL_DEVICE_CONTROL ? Number(params['IoControlCode']) >>> 0 : null;
    const t3 = params['Type3InputBuffer'];
    this.k.machine.events.emit('io.request', {
      driver: this.k.io.state.drivers[top.DriverObject]?.DriverName ?? '',
      major: majorName(major),
      code,
      method: code === null ? null : METHOD_NAMES[code & 3],
      systemBuffer: irp.SystemBuffer,
      mdl: irp.MdlAddress,
      userBuffer: irp.UserBuffer,
      type3: typeof t3 === 'string' ? t3 : null,
      process,
    });
    const returned = this.k.irp.call(top.id, irp);
    if (this.k.halted) return { status: STATUS_CANCELLED, information: 0 };
    const collect = (): IoResult | null => {
      const r = this.state.results[irp.id];
      if (!r) return null;
      delete this.state.results[irp.id];
      // Create uses the block's status; other services return what the driver returned, when it did not pend.
      const status = major === IRP_MJ_CREATE || returned === STATUS_PENDING ? r.Status : returned;
      return { status, information: r.Information };
    };
    const now = collect();
    if (now) return now;
    if (returned !== STATUS_PENDING) return { status: returned, information: 0 };
    if (!synchronous) return { status: STATUS_PENDING, information: 0, irp: irp.id };
    return this.wait(irp.id);
  }

  /** IopCompleteRequest: called when a user IRP has completed all the way up. */
  completed(irp: Irp): void {
    const req = this.state.requests[irp.id];
    delete this.state.requests[irp.id];
    const process = req?.process ?? null;
    // A kernel-mode request (no process: previous mode KernelMode) has its buffers in system space.
    const alive = process === null || this.k.ps.process(process) !== undefined;
    const ok = (irp.IoStatus.Status | 0) >= 0 || irp.IoStatus.Status >>> 0 < 0xc0000000;
    if (irp.SystemBuffer !== null && irp.Flags & IRP_BUFFERED_IO) {
      if (irp.Flags & IRP_INPUT_OPERATION && ok && irp.UserBuffer && alive) {
        const sys = this.k.buffers.get('kernel', irp.SystemBuffer);
        const n = Math.min(irp.IoStatus.Information, sys?.size ?? 0);
        if (sys && n > 0) this.k.mm.write(space(process), BigInt('0x' + irp.UserBuffer), Uint8Array.from(sys.bytes.slice(0, n)));
      }
      if (irp.Flags & IRP_DEALLOCATE_BUFFER) this.freeSystemBuffer(irp.SystemBuffer);
      irp.SystemBuffer = null;
    }
    if (irp.MdlAddress !== null) {
      this.freeMdl(irp.MdlAddress);
      irp.MdlAddress = null;
    }
    const file = req ? this.k.io.state.files[req.file] : undefined;
    if (file && req?.offset !== null && req?.offset !== undefined && NT_SUCCESS(irp.IoStatus.Status))
      file.CurrentByteOffset = req.offset + irp.IoStatus.Information;
    this.state.results[irp.id] = { Status: irp.IoStatus.Status, Information: irp.IoStatus.Information };
    this.k.irp.free(irp);
  }

  // ---- buffers ---------------------------------------------------------------------------------

  /** A system buffer in nonpaged pool, filled from the caller's buffer when `from` is given. */
  private systemBuffer(process: number | null, from: string | null, size: number, copy = size): string {
    const at = this.k.ob.allocatePool(size, SYSTEM_BUFFER_TAG, `sysbuf`);
    const b = this.k.buffers.add('kernel', at, size, 'SystemBuffer');
    if (from) {
      const data = this.k.mm.read(space(process), BigInt('0x' + from), copy);
      if (data) for (let i = 0; i < data.length; i++) b.bytes[i] = data[i];
    }
    return at;
  }

  private freeSystemBuffer(at: string): void {
    this.k.buffers.remove('kernel', at);
    this.k.ob.freePool(at);
  }

  /** IoAllocateMdl + MmProbeAndLockPages on a user buffer. */
  allocateMdl(process: number | null, va: string, length: number, operation: 0 | 1): string {
    const pages = Math.ceil((Number(BigInt('0x' + va) & 0xfffn) + length || 1) / 0x1000);
    const at = this.k.ob.allocatePool(0x30 + pages * 8, 'Mdl ', 'mdl');
    this.state.mdls[at] = { address: at, process: space(process), va, byteCount: length, mapped: null, operation };
    return at;
  }

  /** MmGetSystemAddressForMdlSafe: a system-space address for the MDL's pages (the same bytes). */
  mapMdl(at: string): string | null {
    const mdl = this.state.mdls[at];
    if (!mdl) return null;
    if (mdl.mapped) return mdl.mapped;
    const base = BigInt('0x' + this.state.ptes);
    const offset = BigInt('0x' + mdl.va) & 0xfffn;
    const pages = BigInt(Math.ceil((Number(offset) + mdl.byteCount) / 0x1000) || 1);
    this.state.ptes = hex16(base + (pages + 1n) * 0x1000n);
    mdl.mapped = hex16(base + offset);
    this.k.buffers.add('kernel', mdl.mapped, mdl.byteCount, 'MDL mapping', { space: mdl.process, address: mdl.va });
    return mdl.mapped;
  }

  mdl(at: string): MdlRecord | undefined {
    return this.state.mdls[at];
  }

  private freeMdl(at: string): void {
    const mdl = this.state.mdls[at];
    if (mdl?.mapped) this.k.buffers.remove('kernel', mdl.mapped);
    delete this.state.mdls[at];
    this.k.ob.freePool(at);
  }

  /** Bytes the caller's buffer of a user IRP must hold at least (for a driver's checks). */
  static tooSmall(length: number, needed: number): NTSTATUS {
    return length < needed ? STATUS_BUFFER_TOO_SMALL : STATUS_SUCCESS;
  }
}
