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
import { NT_SUCCESS, STATUS_INVALID_DEVICE_REQUEST, STATUS_INVALID_PARAMETER, STATUS_PENDING, STATUS_SUCCESS, type NTSTATUS } from '../status.ts';
import {
  IRP_MJ_CLEANUP,
  IRP_MJ_CLOSE,
  IRP_MJ_CREATE,
  IRP_MJ_READ,
  IRP_MJ_WRITE,
  type DeviceObject,
  type Irp,
  type JsonRecord,
  type ModuleCode,
} from '../io/types.ts';
import type { NtfsVolume } from './volume.ts';
import { parseRenameBuffer } from './renameinfo.ts';

export const IRP_MJ_QUERY_INFORMATION = 0x05;
export const IRP_MJ_SET_INFORMATION = 0x06;
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
  /** The volume is mounted: the Filter Manager attaches to it. */
  mounted(device: DeviceObject): void;
}

const contexts = new WeakMap<Nt, FsdContext>();

export function bindFileSystem(nt: Nt, ctx: FsdContext): void {
  contexts.set(nt, ctx);
}

export function fsdContext(nt: Nt): FsdContext | undefined {
  return contexts.get(nt);
}

const num = (p: JsonRecord, key: string, fallback = 0): number => (typeof p[key] === 'number' ? (p[key] as number) : fallback);
const bool = (p: JsonRecord, key: string): boolean => p[key] === true;
const str = (p: JsonRecord, key: string): string => (typeof p[key] === 'string' ? (p[key] as string) : '');

/** The volume's drive: the model keeps Win32 paths ('C:\\dir\\file'). */
const onVolume = (fileName: string) => 'C:' + (fileName.startsWith('\\') ? fileName : '\\' + fileName);

function dispatch(ctx: FsdContext, irp: Irp, major: number, minor: number, p: JsonRecord, fo: number): { status: NTSTATUS; information: number } {
  const v = ctx.volume;
  switch (major) {
    case IRP_MJ_CREATE: {
      const r = v.create({
        path: onVolume(str(p, 'FileName')),
        access: num(p, 'DesiredAccess'),
        share: num(p, 'ShareAccess'),
        disposition: num(p, 'Disposition'),
        options: num(p, 'Options'),
        pid: num(p, 'Pid'),
        fileObject: fo,
      });
      return { status: r.status, information: r.information };
    }
    case IRP_MJ_READ: {
      const r = v.read(fo, num(p, 'Offset'), num(p, 'Length'), bool(p, 'Paging'));
      if (NT_SUCCESS(r.status)) ctx.buffers.set(irp.id, r.data);
      return { status: r.status, information: r.data.length };
    }
    case IRP_MJ_WRITE: {
      const data = str(p, 'Data');
      const status = v.write(fo, num(p, 'Offset', -1), data, bool(p, 'Paging'));
      return { status, information: NT_SUCCESS(status) ? data.length : 0 };
    }
    case IRP_MJ_SET_INFORMATION: {
      const cls = str(p, 'FileInformationClass');
      if (cls === 'FileDispositionInformation') return { status: v.setDisposition(fo, bool(p, 'DeleteFile')), information: 0 };
      if (cls === 'FileRenameInformation' || cls === 'FileLinkInformation') {
        // NTFS reads the caller's structure in the caller's layout (IoIs32bitProcess).
        const info = parseRenameBuffer(str(p, 'Buffer'), bool(p, 'Wow64'));
        if (!NT_SUCCESS(info.status)) return { status: info.status, information: 0 };
        if (info.rootDirectory !== 0) return { status: STATUS_INVALID_PARAMETER, information: 0 };
        return { status: v.renameOrLink(fo, info.fileName.replace(/^\\\?\?\\/, ''), info.replaceIfExists, cls === 'FileLinkInformation'), information: 0 };
      }
      return { status: STATUS_INVALID_PARAMETER, information: 0 };
    }
    case IRP_MJ_LOCK_CONTROL: {
      if (minor === IRP_MN_LOCK) {
        const status = v.lock(fo, num(p, 'ByteOffset'), num(p, 'Length'), bool(p, 'ExclusiveLock'), bool(p, 'FailImmediately'), irp.id);
        return { status, information: 0 };
      }
      if (minor === IRP_MN_UNLOCK_SINGLE) return { status: v.unlock(fo, num(p, 'ByteOffset'), num(p, 'Length')), information: 0 };
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
    for (const mj of [IRP_MJ_CREATE, IRP_MJ_CLOSE, IRP_MJ_READ, IRP_MJ_WRITE, IRP_MJ_SET_INFORMATION, IRP_MJ_LOCK_CONTROL, IRP_MJ_CLEANUP]) {
      DriverObject.MajorFunction[mj] = 'ntfs!NtfsFsdDispatch';
    }
    return STATUS_SUCCESS;
  },
  dispatch: {
    NtfsFsdDispatch(nt, _device, irp) {
      const ctx = fsdContext(nt);
      const loc = nt.IoGetCurrentIrpStackLocation(irp);
      const r = ctx ? dispatch(ctx, irp, loc.MajorFunction, loc.MinorFunction, loc.Parameters, loc.FileObject ?? 0) : { status: STATUS_INVALID_DEVICE_REQUEST, information: 0 };
      if (r.status === STATUS_PENDING) {
        nt.IoMarkIrpPending(irp);
        return STATUS_PENDING;
      }
      irp.IoStatus.Status = r.status;
      irp.IoStatus.Information = r.information;
      nt.IoCompleteRequest(irp, 0);
      return r.status;
    },
  },
};
