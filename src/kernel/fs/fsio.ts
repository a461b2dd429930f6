/**
 * File requests as IRPs: what NtCreateFile, NtReadFile, NtWriteFile,
 * NtSetInformationFile, NtLockFile / NtUnlockFile, NtClose and
 * NtCreateSection do with a file on C:. The name is parsed in the object
 * namespace up to the volume device (\??\C: → \Device\HarddiskVolume2); the
 * rest of the path goes to the top of that device's stack in IRP_MJ_CREATE
 * (the Filter Manager's device, then Ntfs). A file object and a handle are
 * made for each successful open; NtClose sends IRP_MJ_CLEANUP and, unless a
 * section still references the file object, IRP_MJ_CLOSE.
 *
 * This is the minimal open/IRP path the file system needs; the general
 * Nt layer of the I/O manager (io/fileio.ts) is where it belongs.
 */
import type { Kernel } from '../nt.ts';
import { Subsystem } from '../subsystem.ts';
import {
  NT_SUCCESS,
  hex8,
  STATUS_INVALID_HANDLE,
  STATUS_NO_SUCH_DEVICE,
  STATUS_OBJECT_NAME_INVALID,
  STATUS_OBJECT_PATH_NOT_FOUND,
  STATUS_PENDING,
  type NTSTATUS,
} from '../status.ts';
import { IRP_MJ_CLEANUP, IRP_MJ_CLOSE, IRP_MJ_CREATE, IRP_MJ_READ, IRP_MJ_WRITE, type JsonRecord } from '../io/types.ts';
import type { FileObject } from '../io/iomgr.ts';
import { IRP_MJ_LOCK_CONTROL, IRP_MJ_SET_INFORMATION, IRP_MN_LOCK, IRP_MN_UNLOCK_SINGLE, fsdContext } from './ntfsfsd.ts';
import { DISPOSITION_NAMES, FILE_DELETE_ON_CLOSE, FILE_SYNCHRONOUS_IO_NONALERT } from './volume.ts';
import { buildRenameBuffer } from './renameinfo.ts';

export const IRP_SYNCHRONOUS_API = 0x4;
export const FO_SYNCHRONOUS_IO = 0x2;

export interface OpenParameters {
  access: number;
  share: number;
  disposition: number;
  options: number;
  /** The caller is a 32-bit process (WOW64). */
  wow64?: boolean;
  /** The open is part of a transaction (a TxF handle in the create's ECP list). */
  transaction?: boolean;
}

export interface HandleInfo {
  handle: number;
  fileObject: number;
  pid: number;
  path: string;
  synchronous: boolean;
  wow64: boolean;
}

/** A sent IRP's outcome: its status (STATUS_PENDING while a driver holds it), Information and any data read. */
export interface IrpResult {
  status: NTSTATUS;
  information: number;
  data: string;
}

export class FsIo extends Subsystem<{ owners: Record<number, HandleInfo> }> {
  readonly snapshotKey = 'fsio';
  private readonly k: Kernel;

  constructor(k: Kernel) {
    super({ owners: {} });
    this.k = k;
  }

  /** The file object a handle refers to, with who owns it (the handle table's entry). */
  handle(h: number): HandleInfo | undefined {
    const info = this.state.owners[h];
    return info && this.k.io.state.handles[h] === info.fileObject ? info : undefined;
  }

  handles(): HandleInfo[] {
    return Object.keys(this.state.owners)
      .map((h) => this.handle(Number(h)))
      .filter((x): x is HandleInfo => x !== undefined);
  }

  /** The event a grader reads: which process asked what of which file, and how it ended. */
  private report(op: string, path: string, pid: number, wow64: boolean, detail: string, status: NTSTATUS, paging = false): void {
    const image = this.k.ps.process(pid)?.name ?? '';
    this.k.machine.events.emit('fs.request', { op, path, pid, image, wow64, detail, paging, status: hex8(status) });
  }

  private reportHandle(op: string, h: number, detail: string, status: NTSTATUS, paging = false): void {
    const info = this.handle(h);
    if (info) this.report(op, info.path, info.pid, info.wow64, detail, status, paging);
  }

  /** A file object on `deviceId` for `name` (the part after the volume). */
  newFileObject(deviceId: number, name: string): FileObject {
    const id = this.k.ob.create('File', null).id;
    const file: FileObject = { id, Address: this.k.ob.get(id)?.Address ?? '0', Device: deviceId, FileName: name };
    this.k.io.state.files[id] = file;
    return file;
  }

  freeFileObject(id: number): void {
    this.k.ob.delete(id);
    delete this.k.io.state.files[id];
  }

  /** '\??\C:\dir\f.txt' or 'C:\dir\f.txt' → the volume device and the rest of the name. */
  parse(path: string): { status: NTSTATUS; device: number; rest: string } {
    const m = /^(?:\\\?\?\\)?([a-z]:)(\\.*)?$/i.exec(path);
    if (!m) return { status: STATUS_OBJECT_NAME_INVALID, device: 0, rest: '' };
    const r = this.k.ob.lookup(`\\GLOBAL??\\${m[1].toUpperCase()}`);
    if (!NT_SUCCESS(r.status)) return { status: STATUS_OBJECT_PATH_NOT_FOUND, device: 0, rest: '' };
    if (this.k.ob.get(r.id)?.Type !== 'Device') return { status: STATUS_OBJECT_PATH_NOT_FOUND, device: 0, rest: '' };
    return { status: 0, device: r.id, rest: m[2] ?? '\\' };
  }

  /** Send one IRP for a file object to the top of its device's stack. */
  send(fileObject: number, major: number, minor: number, parameters: JsonRecord): IrpResult {
    const file = this.k.io.state.files[fileObject];
    const top = file ? this.k.io.attachedTop(file.Device) : null;
    if (!file || !top) return { status: STATUS_NO_SUCH_DEVICE, information: 0, data: '' };
    const irp = this.k.irp.allocate(top.StackSize, { kind: 'user', fileObject });
    const loc = this.k.irp.next(irp);
    loc.MajorFunction = major;
    loc.MinorFunction = minor;
    loc.FileObject = fileObject;
    loc.Parameters = parameters;
    const returned = this.k.irp.call(top.id, irp);
    const ctx = fsdContext(this.k.nt);
    const data = ctx?.buffers.get(irp.id) ?? '';
    ctx?.buffers.delete(irp.id);
    if (!irp.Completed) return { status: returned === STATUS_PENDING ? STATUS_PENDING : irp.IoStatus.Status, information: 0, data: '' };
    const result = { status: irp.IoStatus.Status, information: irp.IoStatus.Information, data };
    this.k.irp.free(irp);
    return result;
  }

  /** NtCreateFile on a path of a mounted volume, for process `pid`. */
  create(path: string, p: OpenParameters, pid: number): { status: NTSTATUS; information: number; handle: number } {
    const at = this.parse(path);
    if (!NT_SUCCESS(at.status)) return { status: at.status, information: 0, handle: 0 };
    const file = this.newFileObject(at.device, at.rest);
    const synchronous = (p.options & FILE_SYNCHRONOUS_IO_NONALERT) !== 0;
    const r = this.send(file.id, IRP_MJ_CREATE, 0, {
      FileName: at.rest,
      DesiredAccess: p.access,
      ShareAccess: p.share,
      Disposition: p.disposition,
      Options: p.options,
      Pid: pid,
      Wow64: p.wow64 === true,
      Transaction: p.transaction === true,
      IrpFlags: IRP_SYNCHRONOUS_API,
      FileObjectFlags: synchronous ? FO_SYNCHRONOUS_IO : 0,
    });
    const detail = `${DISPOSITION_NAMES[p.disposition] ?? p.disposition}${p.options & FILE_DELETE_ON_CLOSE ? ' FILE_DELETE_ON_CLOSE' : ''}${p.transaction ? ' transacted' : ''}`;
    this.report('NtCreateFile', `C:${at.rest}`, pid, p.wow64 === true, detail, r.status);
    if (!NT_SUCCESS(r.status)) {
      this.freeFileObject(file.id);
      return { status: r.status, information: r.information, handle: 0 };
    }
    const device = this.k.io.state.devices[at.device];
    if (device) device.ReferenceCount++;
    // Handle values are multiples of 4, the lowest free one first (a closed handle's value is reused).
    let handle = 4;
    while (this.k.io.state.handles[handle] !== undefined) handle += 4;
    this.k.io.state.handles[handle] = file.id;
    this.state.owners[handle] = { handle, fileObject: file.id, pid, path: `C:${at.rest}`, synchronous, wow64: p.wow64 === true };
    return { status: r.status, information: r.information, handle };
  }

  private common(h: number): JsonRecord | null {
    const info = this.handle(h);
    if (!info) return null;
    return { Pid: info.pid, Wow64: info.wow64, FileObjectFlags: info.synchronous ? FO_SYNCHRONOUS_IO : 0, IrpFlags: 0 };
  }

  /** NtReadFile (paging: a read the memory manager makes for a mapped view). */
  read(h: number, offset: number, length: number, paging = false): IrpResult {
    const c = this.common(h);
    if (!c) return { status: STATUS_INVALID_HANDLE, information: 0, data: '' };
    const r = this.send(this.k.io.state.handles[h], IRP_MJ_READ, 0, {
      ...c,
      Offset: offset,
      Length: length,
      Paging: paging,
      IrpFlags: paging ? 0x2 | 0x40 : 0,
    });
    this.reportHandle('NtReadFile', h, `${offset}+${length}`, r.status, paging);
    return r;
  }

  /** NtWriteFile at `offset` (-1: end of file). */
  write(h: number, offset: number, data: string, paging = false): IrpResult {
    const c = this.common(h);
    if (!c) return { status: STATUS_INVALID_HANDLE, information: 0, data: '' };
    const r = this.send(this.k.io.state.handles[h], IRP_MJ_WRITE, 0, { ...c, Offset: offset, Data: data, Paging: paging, IrpFlags: paging ? 0x2 | 0x40 : 0 });
    this.reportHandle('NtWriteFile', h, `${offset}+${data.length}`, r.status, paging);
    return r;
  }

  /** NtSetInformationFile(FileDispositionInformation). */
  setDisposition(h: number, deleteFile: boolean): NTSTATUS {
    const c = this.common(h);
    if (!c) return STATUS_INVALID_HANDLE;
    const status = this.send(this.k.io.state.handles[h], IRP_MJ_SET_INFORMATION, 0, {
      ...c,
      IrpFlags: IRP_SYNCHRONOUS_API,
      FileInformationClass: 'FileDispositionInformation',
      DeleteFile: deleteFile,
    }).status;
    this.reportHandle('NtSetInformationFile', h, `FileDispositionInformation DeleteFile=${deleteFile ? 'TRUE' : 'FALSE'}`, status);
    return status;
  }

  /** NtSetInformationFile(FileRenameInformation / FileLinkInformation): the structure in the caller's layout. */
  renameOrLink(h: number, target: string, replaceIfExists: boolean, link: boolean): NTSTATUS {
    const c = this.common(h);
    const info = this.handle(h);
    if (!c || !info) return STATUS_INVALID_HANDLE;
    const buffer = buildRenameBuffer({ replaceIfExists, rootDirectory: 0, fileName: `\\??\\${target}` }, info.wow64);
    const cls = link ? 'FileLinkInformation' : 'FileRenameInformation';
    const status = this.send(info.fileObject, IRP_MJ_SET_INFORMATION, 0, {
      ...c,
      IrpFlags: IRP_SYNCHRONOUS_API,
      FileInformationClass: cls,
      Buffer: buffer,
    }).status;
    this.reportHandle('NtSetInformationFile', h, `${cls} ${target}${replaceIfExists ? ' ReplaceIfExists' : ''}`, status);
    return status;
  }

  /** NtLockFile. */
  lock(h: number, offset: number, length: number, exclusive: boolean, failImmediately: boolean): NTSTATUS {
    const c = this.common(h);
    if (!c) return STATUS_INVALID_HANDLE;
    const status = this.send(this.k.io.state.handles[h], IRP_MJ_LOCK_CONTROL, IRP_MN_LOCK, {
      ...c,
      ByteOffset: offset,
      Length: length,
      ExclusiveLock: exclusive,
      FailImmediately: failImmediately,
    }).status;
    this.reportHandle('NtLockFile', h, `${offset}+${length} ${exclusive ? 'exclusive' : 'shared'}${failImmediately ? ' fail-immediately' : ' wait'}`, status);
    return status;
  }

  /** NtUnlockFile. */
  unlock(h: number, offset: number, length: number): NTSTATUS {
    const c = this.common(h);
    if (!c) return STATUS_INVALID_HANDLE;
    const status = this.send(this.k.io.state.handles[h], IRP_MJ_LOCK_CONTROL, IRP_MN_UNLOCK_SINGLE, {
      ...c,
      IrpFlags: IRP_SYNCHRONOUS_API,
      ByteOffset: offset,
      Length: length,
    }).status;
    this.reportHandle('NtUnlockFile', h, `${offset}+${length}`, status);
    return status;
  }

  /** NtClose: IRP_MJ_CLEANUP, then IRP_MJ_CLOSE once nothing else references the file object. */
  close(h: number): NTSTATUS {
    const info = this.handle(h);
    if (!info) return STATUS_INVALID_HANDLE;
    const c = this.common(h) ?? {};
    this.report('NtClose', info.path, info.pid, info.wow64, '', 0);
    delete this.k.io.state.handles[h];
    delete this.state.owners[h];
    this.send(info.fileObject, IRP_MJ_CLEANUP, 0, c);
    const ctx = fsdContext(this.k.nt);
    if (!ctx?.volume.referencedBySection(info.fileObject)) this.finalClose(info.fileObject, c);
    return 0;
  }

  /** The last reference to a file object went: IRP_MJ_CLOSE, then the object itself. */
  finalClose(fileObject: number, c: JsonRecord = {}): void {
    const file = this.k.io.state.files[fileObject];
    if (!file) return;
    this.send(fileObject, IRP_MJ_CLOSE, 0, c);
    const device = this.k.io.state.devices[file.Device];
    if (device) device.ReferenceCount--;
    this.freeFileObject(fileObject);
  }

  /** NtCreateSection + MapViewOfFile: the section references the handle's file object. */
  map(h: number): { status: NTSTATUS; section: number } {
    const info = this.handle(h);
    const ctx = fsdContext(this.k.nt);
    if (!info || !ctx) return { status: STATUS_INVALID_HANDLE, section: 0 };
    return ctx.volume.createSection(info.fileObject);
  }

  /** UnmapViewOfFile + CloseHandle on the section: its file object may get its IRP_MJ_CLOSE now. */
  unmap(section: number): NTSTATUS {
    const ctx = fsdContext(this.k.nt);
    if (!ctx) return STATUS_INVALID_HANDLE;
    const r = ctx.volume.closeSection(section);
    if (r.closedFileObject !== null) this.finalClose(r.closedFileObject);
    return r.status;
  }

  /** A paging read through a mapped view (the memory manager's page fault): locks do not apply. */
  pagingRead(section: number, offset: number, length: number): IrpResult {
    const ctx = fsdContext(this.k.nt);
    const s = ctx?.volume.state.sections[section];
    if (!s) return { status: STATUS_INVALID_HANDLE, information: 0, data: '' };
    const r = this.send(s.fileObject, IRP_MJ_READ, 0, {
      Offset: offset,
      Length: length,
      Paging: true,
      IrpFlags: 0x2 | 0x40,
      Pid: 4,
      Wow64: false,
      FileObjectFlags: 0,
    });
    const file = this.k.io.state.files[s.fileObject];
    this.report('NtReadFile', `C:${file?.FileName ?? ''}`, 4, false, `${offset}+${length} page fault`, r.status, true);
    return r;
  }
}
