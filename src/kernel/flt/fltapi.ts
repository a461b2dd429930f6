/**
 * What fltmgr.sys exports to minifilters, under their Windows names: filter
 * registration, the operation's synchronous-ness and requestor, contexts, and
 * I/O a minifilter sends to the instances below it (FltCreateFile,
 * FltReadFile, FltSetInformationFile, FltClose).
 */
import type { Kernel } from '../nt.ts';
import { serviceKey } from '../cm/registry.ts';
import { NT_SUCCESS, STATUS_INVALID_HANDLE, STATUS_OBJECT_PATH_NOT_FOUND, hex8, type NTSTATUS } from '../status.ts';
import {
  IRP_MJ_CLEANUP,
  IRP_MJ_CLOSE,
  IRP_MJ_CREATE,
  IRP_MJ_DEVICE_CONTROL,
  IRP_MJ_READ,
  IRP_MJ_WRITE,
  type DriverObject,
  type Json,
  type JsonRecord,
} from '../io/types.ts';
import { dictDelete, dictGet, dictSet } from '../rtl/dict.ts';
import { IRP_MJ_SET_INFORMATION, fsdContext } from '../fs/ntfsfsd.ts';
import type { FilterManager } from './fltmgr.ts';
import { FO_SYNCHRONOUS_IO, IRP_SYNCHRONOUS_API, type FltCallbackData, type FltInstanceRecord, type FltRegistration } from './types.ts';

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

  /** Send an IRP for `fileObject` to the instances below `instance`, then the file system. */
  private sendBelow(instance: FltInstanceRecord, fileObject: number, major: number, minor: number, p: JsonRecord) {
    return this.k.fsio.send(
      fileObject,
      major,
      minor,
      this.fm.belowParameters(instance, { Pid: 4, Wow64: false, IrpFlags: IRP_SYNCHRONOUS_API, FileObjectFlags: FO_SYNCHRONOUS_IO, ...p }),
    );
  }

  /** FltCreateFile: an open of the volume's file seen only by the instances below. */
  FltCreateFile(
    instance: FltInstanceRecord,
    name: string,
    access: number,
    share: number,
    disposition: number,
    options: number,
  ): { status: NTSTATUS; fileObject: number } {
    const at = this.k.fsio.parse(`C:${name}`);
    if (!NT_SUCCESS(at.status)) return { status: STATUS_OBJECT_PATH_NOT_FOUND, fileObject: 0 };
    const file = this.k.fsio.newFileObject(at.device, at.rest);
    const r = this.sendBelow(instance, file.id, IRP_MJ_CREATE, 0, {
      FileName: at.rest,
      DesiredAccess: access,
      ShareAccess: share,
      Disposition: disposition,
      Options: options | 0x20,
    });
    if (!NT_SUCCESS(r.status)) {
      this.k.fsio.freeFileObject(file.id);
      return { status: r.status, fileObject: 0 };
    }
    const device = this.k.io.state.devices[at.device];
    if (device) device.ReferenceCount++;
    return { status: r.status, fileObject: file.id };
  }

  FltReadFile(instance: FltInstanceRecord, fileObject: number, offset: number, length: number): { status: NTSTATUS; data: string } {
    if (!this.k.io.state.files[fileObject]) return { status: STATUS_INVALID_HANDLE, data: '' };
    const r = this.sendBelow(instance, fileObject, IRP_MJ_READ, 0, { Offset: offset, Length: length, Paging: false });
    return { status: r.status, data: r.data };
  }

  FltWriteFile(instance: FltInstanceRecord, fileObject: number, offset: number, data: string): NTSTATUS {
    if (!this.k.io.state.files[fileObject]) return STATUS_INVALID_HANDLE;
    return this.sendBelow(instance, fileObject, IRP_MJ_WRITE, 0, { Offset: offset, Data: data, Paging: false }).status;
  }

  FltSetInformationFile(instance: FltInstanceRecord, fileObject: number, p: JsonRecord): NTSTATUS {
    if (!this.k.io.state.files[fileObject]) return STATUS_INVALID_HANDLE;
    return this.sendBelow(instance, fileObject, IRP_MJ_SET_INFORMATION, 0, p).status;
  }

  /** FltClose: cleanup and close of a file object the filter opened. */
  FltClose(instance: FltInstanceRecord, fileObject: number): void {
    const file = this.k.io.state.files[fileObject];
    if (!file) return;
    this.sendBelow(instance, fileObject, IRP_MJ_CLEANUP, 0, {});
    this.sendBelow(instance, fileObject, IRP_MJ_CLOSE, 0, {});
    const device = this.k.io.state.devices[file.Device];
    if (device) device.ReferenceCount--;
    this.k.fsio.freeFileObject(fileObject);
  }

  /** The operation's output buffer: what a filter that completes a read copies to the caller. */
  copyToUserBuffer(data: FltCallbackData, text: string): void {
    fsdContext(this.k.nt)?.buffers.set(data.Irp.id, text);
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
    this.k.irp.free(irp);
  }

  DbgPrint(text: string): void {
    this.k.nt.DbgPrint(text);
  }
}
