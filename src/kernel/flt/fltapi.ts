/**
 * What fltmgr.sys exports to minifilters, under their Windows names: filter
 * registration, the operation's synchronous-ness and requestor, contexts, and
 * I/O a minifilter sends to the instances below it (FltCreateFile,
 * FltReadFile, FltSetInformationFile, FltClose).
 */
import type { Kernel } from '../nt.ts';
import { serviceKey } from '../cm/registry.ts';
import { NT_SUCCESS, STATUS_INVALID_HANDLE, STATUS_INVALID_PARAMETER, STATUS_OBJECT_PATH_NOT_FOUND, hex8, type NTSTATUS } from '../status.ts';
import { IRP_MJ_DEVICE_CONTROL, type DriverObject, type Json, type JsonRecord } from '../io/types.ts';
import type { FileObject } from '../io/iomgr.ts';
import { FILE_SYNCHRONOUS_IO_NONALERT, FileStandardInformation, SYNCHRONIZE } from '../io/filedefs.ts';
import { dictDelete, dictGet, dictSet } from '../rtl/dict.ts';
import { fsdContext } from '../fs/ntfsfsd.ts';
import { utf8Bytes, utf8Decode } from '../../base/text.ts';
import type { FilterManager } from './fltmgr.ts';
import { informationBytes } from './fltparams.ts';
import { FO_SYNCHRONOUS_IO, IRP_SYNCHRONOUS_API, type FltCallbackData, type FltInstanceRecord, type FltRegistration } from './types.ts';

/** The most a filter's own read asks for at once. */
const MAX_FLT_TRANSFER = 0x100000;

export class Flt {
  private readonly k: Kernel;
  private readonly fm: FilterManager;

  constructor(k: Kernel, fm: FilterManager) {
    this.k = k;
    this.fm = fm;
  }

  FltRegisterFilter(driver: DriverObject, registration: FltRegistration): { status: NTSTATUS; filter: string } {
    return this.fm.register(driver.id, registration);
  }

  FltStartFiltering(filter: string): NTSTATUS {
    return this.fm.start(filter);
  }

  FltUnregisterFilter(filter: string): void {
    this.fm.unregister(filter);
  }

  /**
   * FltIsOperationSynchronous: TRUE for an IRP with IRP_SYNCHRONOUS_API, or on a file object
   * opened for synchronous I/O (FO_SYNCHRONOUS_IO), and for I/O that is not an IRP.
   */
  FltIsOperationSynchronous(data: FltCallbackData): boolean {
    return (data.Iopb.IrpFlags & IRP_SYNCHRONOUS_API) !== 0 || (data.Iopb.FileObjectFlags & FO_SYNCHRONOUS_IO) !== 0;
  }

  /** FltGetRequestorProcessId: a ULONG, though a process id is a HANDLE. */
  FltGetRequestorProcessId(data: FltCallbackData): number {
    return data.RequestorPid >>> 0;
  }

  /** IoIs32bitProcess for the operation's requestor. */
  IoIs32bitProcess(data: FltCallbackData): boolean {
    return data.Wow64;
  }

  /** A value under the minifilter's service key\Parameters (REG_SZ or REG_DWORD), or null. */
  serviceParameter(service: string, name: string): string | number | null {
    const key = `${serviceKey(service)}\\Parameters`;
    return this.k.cm.dword(key, name) ?? this.k.cm.string(key, name) ?? null;
  }

  /** The driver's global variables (a minifilter keeps its tables there). */
  filterGlobals(filter: string): JsonRecord {
    const f = this.fm.filter(filter);
    return f ? this.k.io.state.drivers[f.DriverObject].Globals : {};
  }

  /** Does a file exist on the volume (what a filter learns by opening it)? */
  exists(path: string): boolean {
    return this.k.fs.file(path) !== undefined;
  }

  /** FltGetFileNameInformation, opened name: the file object's name on its volume. */
  fileName(fileObject: number): string {
    return this.k.io.state.files[fileObject]?.FileName ?? '';
  }

  /** The image name of a process ('IsoView.exe'), or ''. */
  processImage(pid: number): string {
    return this.k.ps.process(pid)?.name ?? '';
  }

  private streamKey(instance: FltInstanceRecord, fileObject: number): string | null {
    const stream = this.fm.streamKey(fileObject);
    return stream === null ? null : `${instance.id}:${stream}`;
  }

  FltGetStreamContext(instance: FltInstanceRecord, fileObject: number): Json | undefined {
    const key = this.streamKey(instance, fileObject);
    return key === null ? undefined : dictGet(this.fm.state.streamContexts, key);
  }

  FltSetStreamContext(instance: FltInstanceRecord, fileObject: number, context: Json): NTSTATUS {
    const key = this.streamKey(instance, fileObject);
    if (key === null) return 0xc00000bb; // STATUS_NOT_SUPPORTED: the file system keeps no stream for it
    dictSet(this.fm.state.streamContexts, key, context);
    return 0;
  }

  FltGetStreamHandleContext(instance: FltInstanceRecord, fileObject: number): Json | undefined {
    return dictGet(this.fm.state.handleContexts, `${instance.id}:${fileObject}`);
  }

  FltSetStreamHandleContext(instance: FltInstanceRecord, fileObject: number, context: Json): NTSTATUS {
    dictSet(this.fm.state.handleContexts, `${instance.id}:${fileObject}`, context);
    return 0;
  }

  FltDeleteStreamHandleContext(instance: FltInstanceRecord, fileObject: number): void {
    dictDelete(this.fm.state.handleContexts, `${instance.id}:${fileObject}`);
  }

  /** A kernel-mode buffer in nonpaged pool (the filter's own I/O passes system addresses). */
  private poolBuffer(size: number, data: Uint8Array | null = null): string {
    const at = this.k.ob.allocatePool(Math.max(size, 1), 'FMfn', 'flt buffer');
    this.k.buffers.add('kernel', at, Math.max(size, 1), 'FltMgr I/O buffer');
    if (data && data.length > 0) this.k.mm.write('kernel', BigInt('0x' + at), data);
    return at;
  }

  private freePool(at: string): void {
    this.k.buffers.remove('kernel', at);
    this.k.ob.freePool(at);
  }

  /** The System process's handle (a kernel handle) to a file object the filter opened. */
  private kernelHandle(fileObject: number): number | null {
    return this.k.handles.list(4).find((e) => e.object === fileObject)?.handle ?? null;
  }

  /**
   * FltCreateFile(Ex): IoCreateFileEx from kernel mode with the instance as the target, so the
   * create and every later IRP on the file object start below the calling filter. The handle is
   * a kernel handle (OBJ_KERNEL_HANDLE, in the System process's table). `name` is the path on
   * the instance's volume ('\Vault\plan.txt').
   */
  FltCreateFile(
    instance: FltInstanceRecord,
    name: string,
    access: number,
    share: number,
    disposition: number,
    options: number,
  ): { status: NTSTATUS; fileObject: number; handle: number } {
    const r = this.k.fileIo.createFile(null, {
      path: instance.Volume + (name.startsWith('\\') ? name : '\\' + name),
      desiredAccess: access | SYNCHRONIZE,
      shareAccess: share,
      createDisposition: disposition,
      createOptions: options | FILE_SYNCHRONOUS_IO_NONALERT,
      fileAttributes: 0,
      fltBelow: Number(instance.Altitude),
    });
    if (!r.file) return { status: NT_SUCCESS(r.status) ? STATUS_OBJECT_PATH_NOT_FOUND : r.status, fileObject: 0, handle: 0 };
    const handle = this.k.handles.create(4, r.file.id, r.file.Access ?? 0);
    return { status: r.status, fileObject: r.file.id, handle };
  }

  /** FltReadFile: a synchronous kernel-mode read below the instance; the data read (as text). */
  FltReadFile(instance: FltInstanceRecord, fileObject: number, offset: number, length: number): { status: NTSTATUS; data: string } {
    const file = this.ownFile(instance, fileObject);
    if (!file) return { status: STATUS_INVALID_HANDLE, data: '' };
    const size = Math.min(Math.max(length, 0), MAX_FLT_TRANSFER, this.bytesFrom(file, offset));
    const buffer = this.poolBuffer(size);
    const r = this.k.fileIo.read(null, file, buffer, size, offset);
    const bytes = NT_SUCCESS(r.status) ? (this.k.mm.read('kernel', BigInt('0x' + buffer), Math.min(r.information, size)) ?? new Uint8Array(0)) : null;
    this.freePool(buffer);
    return { status: r.status, data: bytes ? utf8Decode(bytes) : '' };
  }

  /** How many bytes the stream has from `offset` on (FileStandardInformation's EndOfFile), so a large read asks for no more. */
  private bytesFrom(file: FileObject, offset: number): number {
    const at = this.poolBuffer(24);
    const r = this.k.fileIo.queryInformation(null, file, FileStandardInformation, at, 24);
    const info = NT_SUCCESS(r.status) ? this.k.mm.read('kernel', BigInt('0x' + at), 24) : null;
    this.freePool(at);
    if (!info) return MAX_FLT_TRANSFER;
    return Math.max(0, Number(new DataView(info.buffer, info.byteOffset, info.byteLength).getBigUint64(8, true)) - offset);
  }

  /** FltWriteFile: a synchronous kernel-mode write below the instance (offset -1: the end of the file). */
  FltWriteFile(instance: FltInstanceRecord, fileObject: number, offset: number, data: string): NTSTATUS {
    const file = this.ownFile(instance, fileObject);
    if (!file) return STATUS_INVALID_HANDLE;
    const bytes = utf8Bytes(data);
    const buffer = this.poolBuffer(bytes.length, bytes);
    const r = this.k.fileIo.write(null, file, buffer, bytes.length, offset < 0 ? null : offset);
    this.freePool(buffer);
    return r.status;
  }

  /**
   * FltSetInformationFile below the instance. `p` names the class and its fields as a filter
   * fills the structure: FileDispositionInformation { DeleteFile }, FileRenameInformation /
   * FileLinkInformation { Buffer: the structure's bytes in hex }, or { FileInformationClass: n, Bytes }.
   */
  FltSetInformationFile(instance: FltInstanceRecord, fileObject: number, p: JsonRecord): NTSTATUS {
    const file = this.ownFile(instance, fileObject);
    if (!file) return STATUS_INVALID_HANDLE;
    const info = informationBytes(p);
    if (!info) return STATUS_INVALID_PARAMETER;
    const buffer = this.poolBuffer(info.bytes.length, info.bytes);
    const r = this.k.fileIo.setInformation(null, file, info.cls, buffer, info.bytes.length);
    this.freePool(buffer);
    return r.status;
  }

  /** FltClose: the kernel handle is closed; with the last reference the file object gets its cleanup and close. */
  FltClose(instance: FltInstanceRecord, fileObject: number): void {
    const file = this.ownFile(instance, fileObject);
    if (!file) return;
    const handle = this.kernelHandle(fileObject);
    if (handle !== null) this.k.handles.close(4, handle);
    if (!this.k.handles.referenced(fileObject)) this.k.fileIo.closeFile(file, null);
  }

  /** A file object this instance's filter opened (its IRPs start below an altitude). */
  private ownFile(_instance: FltInstanceRecord, fileObject: number): FileObject | null {
    const file = this.k.io.state.files[fileObject];
    return file && file.FltBelow !== undefined ? file : null;
  }

  /** The operation's output buffer: what a filter that completes a read copies to the caller. */
  copyToUserBuffer(data: FltCallbackData, text: string): void {
    const length = typeof data.Iopb.Parameters['Length'] === 'number' ? data.Iopb.Parameters['Length'] : text.length;
    fsdContext(this.k.nt)?.putCallerBytes(data.Irp, utf8Bytes(text).slice(0, length));
  }

  /**
   * IoBuildDeviceIoControlRequest + IoCallDriver to a named device (IoGetDeviceObjectPointer):
   * how a filter talks to its fulfillment driver. The output is the request's buffer.
   */
  IoDeviceIoControl(deviceName: string, code: number, input: JsonRecord): { status: NTSTATUS; output: string } {
    const r = this.k.ob.lookup(deviceName);
    const device = NT_SUCCESS(r.status) ? this.k.io.state.devices[r.id] : undefined;
    const top = device ? this.k.io.attachedTop(device.id) : null;
    if (!top) return { status: 0xc000000e, output: '' };
    const irp = this.k.irp.allocate(top.StackSize, { kind: 'driver' });
    const loc = this.k.irp.next(irp);
    loc.MajorFunction = IRP_MJ_DEVICE_CONTROL;
    loc.Parameters = { ...input, IoControlCode: code };
    this.k.irp.call(top.id, irp);
    const buffers = fsdContext(this.k.nt)?.buffers;
    const output = buffers?.get(irp.id) ?? '';
    buffers?.delete(irp.id);
    const status = irp.IoStatus.Status;
    if (irp.Completed) this.k.irp.free(irp);
    return { status, output };
  }

  /** FltCompletePendedPreOperation with FLT_PREOP_COMPLETE: finish an operation the filter pended. */
  FltCompletePendedPreOperation(irpId: number, status: NTSTATUS): void {
    const irp = this.k.io.state.irps[irpId];
    if (!irp || irp.Completed) return;
    irp.IoStatus.Status = status;
    this.k.irp.complete(irp);
    this.k.machine.events.emit('fs.lockCompleted', { irp: irpId, status: hex8(status) });
    // The I/O manager frees its own requests when they complete (IopCompleteRequest).
    if (this.k.io.state.irps[irpId]) this.k.irp.free(irp);
  }

  DbgPrint(text: string): void {
    this.k.nt.DbgPrint(text);
  }
}
