/**
 * Ntfs.sys as a driver: DriverEntry mounts C: (the volume device
 * \Device\HarddiskVolume2, with \GLOBAL??\C: linking to it), and one dispatch
 * routine turns each IRP into the volume model's operation (volume.ts) and
 * completes it. A byte-range lock that must wait is pended and completed when
 * the range frees. On Windows the named volume device belongs to volmgr and
 * NTFS mounts an unnamed volume device over it through the VPB; here the file
 * system's device carries the name (one device, the same requests).
 */
import type { Nt } from '../nt-api.ts';
import {
  NT_SUCCESS,
  STATUS_BUFFER_OVERFLOW,
  STATUS_INVALID_DEVICE_REQUEST,
  STATUS_INVALID_PARAMETER,
  STATUS_PENDING,
  STATUS_SUCCESS,
  type NTSTATUS,
} from '../status.ts';
import { FileBasicInformation, FileDispositionInformation, FileLinkInformation, FileRenameInformation } from '../io/filedefs.ts';
import { SL_RESTART_SCAN, SL_RETURN_SINGLE_ENTRY } from './dirquery.ts';
import { utf8Bytes, utf8Decode } from '../../base/text.ts';
import {
  IRP_MJ_CLEANUP,
  IRP_MJ_CLOSE,
  IRP_MJ_CREATE,
  IRP_MJ_DIRECTORY_CONTROL,
  IRP_MJ_READ,
  IRP_MJ_WRITE,
  IRP_PAGING_IO,
  SL_EXCLUSIVE_LOCK,
  SL_FAIL_IMMEDIATELY,
  type DeviceObject,
  type Irp,
  type JsonRecord,
  type ModuleCode,
} from '../io/types.ts';
import { FILE_OPEN_BY_FILE_ID, type NtfsVolume } from './volume.ts';
import { parseRenameBuffer } from './renameinfo.ts';
import { FILE_APPEND_DATA, FILE_WRITE_DATA } from './share.ts';

export const IRP_MJ_QUERY_INFORMATION = 0x05;
export const IRP_MJ_SET_INFORMATION = 0x06;
export const IRP_MN_QUERY_DIRECTORY = 0x01;
export const IRP_MJ_LOCK_CONTROL = 0x11;
export const IRP_MN_LOCK = 0x01;
export const IRP_MN_UNLOCK_SINGLE = 0x02;
/** The volume device is a disk device (volmgr's, on Windows); the file system's own devices are FILE_DEVICE_DISK_FILE_SYSTEM. */
export const FILE_DEVICE_DISK = 0x07;
export const VOLUME_DEVICE = '\\Device\\HarddiskVolume2';

/** What the file system driver reaches beside its IRPs: its volume and the callers' buffers. */
export interface FsdContext {
  volume: NtfsVolume;
  /** Data a read returned, by IRP id (the caller's buffer, Irp->UserBuffer on Windows). */
  buffers: Map<number, string>;
  /** Complete a pended IRP by id (a waiting lock that is granted or cancelled). */
  completePended(irpId: number, status: NTSTATUS): void;
  /** The volume is mounted: the I/O manager sends its files' IRPs here, the Filter Manager attaches to it. */
  mounted(device: DeviceObject): void;
  /** The caller's data of an I/O manager's IRP: its system buffer, MDL or user buffer (by the device's transfer type). */
  callerBytes(irp: Irp, length: number): Uint8Array | null;
  /** Fill the caller's buffer of a read. */
  putCallerBytes(irp: Irp, data: Uint8Array): void;
  /** FILE_OBJECT.FileName: the name left after the volume device. */
  fileName(fileObject: number): string;
  /** IoIs32bitProcess for the IRP's requestor: its structures have the 32-bit layout. */
  is32bit(irp: Irp): boolean;
}

const contexts = new WeakMap<Nt, FsdContext>();

export function bindFileSystem(nt: Nt, ctx: FsdContext): void {
  contexts.set(nt, ctx);
}

export function fsdContext(nt: Nt): FsdContext | undefined {
  return contexts.get(nt);
}

const num = (p: JsonRecord, key: string, fallback = 0): number => (typeof p[key] === 'number' ? (p[key] as number) : fallback);

/** The volume's drive: the model keeps Win32 paths ('C:\\dir\\file'). */
const onVolume = (fileName: string) => 'C:' + (fileName.startsWith('\\') ? fileName : '\\' + fileName);

/** The requesting process of an IRP (System for a kernel-mode request). */
function requestor(irp: Irp): number {
  return irp.Origin.kind === 'user' ? (irp.Origin.process ?? 4) : 4;
}

const hexOf = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** FileBasicInformation's LastWriteTime (a FILETIME at offset 24; 0 and -1 leave it as it is), in ms since 1970. */
function lastWriteOf(bytes: Uint8Array): number | null {
  if (bytes.length < 40) return null;
  const t = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigInt64(24, true);
  if (t <= 0n) return null;
  return Number(t / 10_000n - 11_644_473_600_000n);
}

/** Hand the bytes a query produced to the caller's buffer: as many as fit, STATUS_BUFFER_OVERFLOW when they do not all fit. */
function answer(ctx: FsdContext, irp: Irp, r: { status: NTSTATUS; bytes: Uint8Array }, length: number): { status: NTSTATUS; information: number } {
  if (!NT_SUCCESS(r.status) && r.status !== STATUS_BUFFER_OVERFLOW) return { status: r.status, information: 0 };
  const bytes = r.bytes.slice(0, length);
  ctx.putCallerBytes(irp, bytes);
  return { status: r.bytes.length > length ? STATUS_BUFFER_OVERFLOW : r.status, information: bytes.length };
}

/** End a file system dispatch routine: mark the IRP pending, or complete it with the request's outcome. */
export function finishRequest(nt: Nt, irp: Irp, r: { status: NTSTATUS; information: number }): NTSTATUS {
  if (r.status === STATUS_PENDING) {
    nt.IoMarkIrpPending(irp);
    return STATUS_PENDING;
  }
  irp.IoStatus.Status = r.status;
  irp.IoStatus.Information = r.information;
  nt.IoCompleteRequest(irp, 0);
  return r.status;
}

/** How a file system driver maps its requests onto a volume model: the volume, and a file object's name as the model's path. */
export interface VolumeBinding {
  readonly volume: NtfsVolume;
  readonly pathOf: (fileName: string) => string;
  /** A lock request that may wait pends until the range frees (false: it fails at once, as a server that answers every lock request at once). */
  readonly waitingLocks: boolean;
}

/** One IRP of a file system driver served by a volume model (Ntfs on C:, the file server behind mup). */
export function fileSystemRequest(
  ctx: FsdContext,
  bound: VolumeBinding,
  irp: Irp,
  loc: { MajorFunction: number; MinorFunction: number; Flags: number; Parameters: JsonRecord },
  fo: number,
): { status: NTSTATUS; information: number } {
  const v = bound.volume;
  const p = loc.Parameters;
  const paging = (irp.Flags & IRP_PAGING_IO) !== 0;
  switch (loc.MajorFunction) {
    case IRP_MJ_CREATE: {
      // The I/O manager packs the disposition into the high byte of Options, the name is FILE_OBJECT.FileName.
      const options = num(p, 'Options') & 0xffffff;
      let path = bound.pathOf(ctx.fileName(fo));
      if (options & FILE_OPEN_BY_FILE_ID) {
        // The name is the file reference (its 8 bytes, written here as 16 hex digits).
        const id = /^\\([0-9a-f]{16})$/i.exec(ctx.fileName(fo));
        const found = id ? v.pathOfId(Number.parseInt(id[1], 16)) : null;
        if (!found) return { status: STATUS_INVALID_PARAMETER, information: 0 };
        path = found;
      }
      const r = v.create({
        path,
        access: num(p, 'DesiredAccess'),
        share: num(p, 'ShareAccess'),
        disposition: num(p, 'Options') >>> 24,
        options,
        pid: requestor(irp),
        fileObject: fo,
      });
      return { status: r.status, information: r.information };
    }
    case IRP_MJ_READ: {
      const r = v.read(fo, num(p, 'ByteOffset'), num(p, 'Length'), paging);
      const bytes = utf8Bytes(r.data).slice(0, num(p, 'Length'));
      if (NT_SUCCESS(r.status)) ctx.putCallerBytes(irp, bytes);
      return { status: r.status, information: NT_SUCCESS(r.status) ? bytes.length : 0 };
    }
    case IRP_MJ_WRITE: {
      const bytes = ctx.callerBytes(irp, num(p, 'Length')) ?? new Uint8Array(0);
      // A handle opened for appending only (FILE_APPEND_DATA without FILE_WRITE_DATA) writes at the end, as does ByteOffset -1.
      const append = ((v.fileObject(fo)?.access ?? 0) & (FILE_WRITE_DATA | FILE_APPEND_DATA)) === FILE_APPEND_DATA;
      const status = v.write(fo, append ? -1 : num(p, 'ByteOffset'), utf8Decode(bytes), paging);
      return { status, information: NT_SUCCESS(status) ? bytes.length : 0 };
    }
    case IRP_MJ_QUERY_INFORMATION:
      return answer(ctx, irp, v.queryInformation(fo, num(p, 'FileInformationClass')), num(p, 'Length'));
    case IRP_MJ_DIRECTORY_CONTROL: {
      if (loc.MinorFunction !== IRP_MN_QUERY_DIRECTORY) return { status: STATUS_INVALID_DEVICE_REQUEST, information: 0 };
      const r = v.queryDirectory(fo, {
        cls: num(p, 'FileInformationClass'),
        length: num(p, 'Length'),
        expression: typeof p['FileName'] === 'string' ? p['FileName'] : null,
        restart: (loc.Flags & SL_RESTART_SCAN) !== 0,
        single: (loc.Flags & SL_RETURN_SINGLE_ENTRY) !== 0,
      });
      return answer(ctx, irp, r, num(p, 'Length'));
    }
    case IRP_MJ_SET_INFORMATION: {
      const cls = num(p, 'FileInformationClass');
      const bytes = ctx.callerBytes(irp, num(p, 'Length')) ?? new Uint8Array(0);
      if (cls === FileDispositionInformation) return { status: v.setDisposition(fo, bytes[0] !== 0), information: 0 };
      if (cls === FileBasicInformation) return { status: v.setBasicInformation(fo, lastWriteOf(bytes)), information: 0 };
      if (cls === FileRenameInformation || cls === FileLinkInformation) {
        // NTFS reads the caller's structure in the caller's layout (IoIs32bitProcess).
        const info = parseRenameBuffer(hexOf(bytes), ctx.is32bit(irp));
        if (!NT_SUCCESS(info.status)) return { status: info.status, information: 0 };
        if (info.rootDirectory !== 0) return { status: STATUS_INVALID_PARAMETER, information: 0 };
        // The I/O manager has checked that a target's drive is this volume's: the rest of the name is the volume's own path.
        const name = info.fileName.replace(/^\\\?\?\\/, '');
        const target = /^[a-z]:\\/i.test(name) ? bound.pathOf(name.slice(2)) : name;
        return { status: v.renameOrLink(fo, target, info.replaceIfExists, cls === FileLinkInformation), information: 0 };
      }
      return { status: STATUS_INVALID_PARAMETER, information: 0 };
    }
    case IRP_MJ_LOCK_CONTROL: {
      if (loc.MinorFunction === IRP_MN_LOCK) {
        // The I/O manager says exclusive and fail-immediately in the stack location's Flags.
        const exclusive = (loc.Flags & SL_EXCLUSIVE_LOCK) !== 0;
        const failNow = (loc.Flags & SL_FAIL_IMMEDIATELY) !== 0 || !bound.waitingLocks;
        return { status: v.lock(fo, num(p, 'ByteOffset'), num(p, 'Length'), exclusive, failNow, irp.id), information: 0 };
      }
      if (loc.MinorFunction === IRP_MN_UNLOCK_SINGLE) return { status: v.unlock(fo, num(p, 'ByteOffset'), num(p, 'Length')), information: 0 };
      return { status: STATUS_INVALID_DEVICE_REQUEST, information: 0 };
    }
    case IRP_MJ_CLEANUP:
      return { status: v.cleanup(fo), information: 0 };
    case IRP_MJ_CLOSE:
      return { status: v.close(fo), information: 0 };
    default:
      return { status: STATUS_INVALID_DEVICE_REQUEST, information: 0 };
  }
}

export const ntfsDriver: ModuleCode = {
  name: 'ntfs',
  file: 'Ntfs.sys',
  linkDate: 1290247863,
  imageSize: 0x1a3000,
  DriverEntry(nt, DriverObject) {
    const { status, device } = nt.IoCreateDevice(DriverObject, VOLUME_DEVICE, FILE_DEVICE_DISK, 0, false);
    if (!device) return status;
    nt.IoCreateSymbolicLink('\\GLOBAL??\\C:', VOLUME_DEVICE);
    device.Flags &= ~0x80; // DO_DEVICE_INITIALIZING: the volume is usable as soon as it is mounted
    fsdContext(nt)?.mounted(device);
    const majors = [
      IRP_MJ_CREATE,
      IRP_MJ_CLOSE,
      IRP_MJ_READ,
      IRP_MJ_WRITE,
      IRP_MJ_QUERY_INFORMATION,
      IRP_MJ_SET_INFORMATION,
      IRP_MJ_DIRECTORY_CONTROL,
      IRP_MJ_LOCK_CONTROL,
      IRP_MJ_CLEANUP,
    ];
    for (const mj of majors) {
      DriverObject.MajorFunction[mj] = 'ntfs!NtfsFsdDispatch';
    }
    return STATUS_SUCCESS;
  },
  dispatch: {
    NtfsFsdDispatch(nt, _device, irp) {
      const ctx = fsdContext(nt);
      const loc = nt.IoGetCurrentIrpStackLocation(irp);
      const r = ctx
        ? fileSystemRequest(ctx, { volume: ctx.volume, pathOf: onVolume, waitingLocks: true }, irp, loc, loc.FileObject ?? 0)
        : { status: STATUS_INVALID_DEVICE_REQUEST, information: 0 };
      return finishRequest(nt, irp, r);
    },
  },
};
