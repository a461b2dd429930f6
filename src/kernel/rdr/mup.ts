/**
 * mup.sys and the network share behind it, as the lab needs them: the
 * Multiple UNC Provider's device \Device\Mup (a network file system device,
 * FILE_DEVICE_NETWORK_FILE_SYSTEM), which FltMgr attaches to like any volume,
 * and one share, \\fileserver\share, mapped as Z:. The SMB redirector and the
 * file server are folded into mup's dispatch: each create, read, write, lock
 * and close is carried out on the server's files, and the server keeps share
 * access for every opener, from any client, as an NTFS volume does (the
 * server's own NTFS rules, in the same volume model as C:).
 *
 * The server's files and its open state live in the driver's globals, so
 * they are part of every machine snapshot.
 */
import type { Nt } from '../nt-api.ts';
import { STATUS_INVALID_DEVICE_REQUEST, STATUS_SUCCESS, hex8, type NTSTATUS } from '../status.ts';
import {
  IRP_MJ_CLEANUP,
  IRP_MJ_CLOSE,
  IRP_MJ_CREATE,
  IRP_MJ_DIRECTORY_CONTROL,
  IRP_MJ_READ,
  IRP_MJ_WRITE,
  type DriverObject,
  type Irp,
  type JsonRecord,
  type ModuleCode,
} from '../io/types.ts';
import { FileStore } from '../fs/files.ts';
import { existingFileServer, type FileServer } from './server.ts';
import { NtfsVolume, type NtfsState } from '../fs/volume.ts';
import { IRP_MJ_LOCK_CONTROL, IRP_MJ_QUERY_INFORMATION, IRP_MJ_SET_INFORMATION, fileSystemRequest, finishRequest, fsdContext } from '../fs/ntfsfsd.ts';
import { FILE_DEVICE_NETWORK_FILE_SYSTEM, filterManagerOf } from '../flt/fltmgr.ts';

export const MUP_DEVICE = '\\Device\\Mup';
/** The one share the lab's network has, and the drive it is mapped to. */
export const SHARE_UNC = '\\\\fileserver\\share';
export const SHARE_DRIVE = 'Z:';
/** The server keeps the share's files on its own disk: paths in its store are 'S:\...'. */
const SERVER_ROOT = 'S:';

const num = (p: JsonRecord, key: string, fallback = 0): number => (typeof p[key] === 'number' ? (p[key] as number) : fallback);

/**
 * The server's volume: its files from the file server (a part of the lab's world that outlives
 * the client's boots), the opens of this client's session from mup's globals (built per request:
 * a snapshot restore replaces both).
 */
function serverVolume(server: FileServer, driver: DriverObject, now: () => number): NtfsVolume {
  const volume = new NtfsVolume(server.store(), now);
  volume.state = driver.Globals['serverOpens'] as unknown as NtfsState;
  return volume;
}

/** The server's path of a name the redirector was given: '\Vault\a.txt' (through Z:) or '\fileserver\share\Vault\a.txt' (UNC). */
function serverPath(fileName: string): string {
  const rest = fileName.toLowerCase().startsWith(SHARE_UNC.slice(1).toLowerCase()) ? fileName.slice(SHARE_UNC.length - 1) : fileName;
  return SERVER_ROOT + (rest.startsWith('\\') ? rest : '\\' + rest);
}

function requestor(irp: Irp): number {
  return irp.Origin.kind === 'user' ? (irp.Origin.process ?? 4) : 4;
}

/** The event a grader reads: who opened which file on the share, how it ended, and who held the file then. */
function report(nt: Nt, v: NtfsVolume, irp: Irp, p: JsonRecord, path: string, status: NTSTATUS): void {
  const k = filterManagerOf(nt)?.kernel;
  if (!k) return;
  const file = path.toLowerCase().replace(/:[^\\]*$/, '');
  const holders = Object.values(v.state.fileObjects)
    .filter((fo) => !fo.cleaned && fo.name.toLowerCase() === file && fo.id !== (nt.IoGetCurrentIrpStackLocation(irp).FileObject ?? 0))
    .map((fo) => ({ pid: fo.pid, share: fo.share }));
  const pid = requestor(irp);
  k.machine.events.emit('rdr.create', {
    path: SHARE_UNC + path.slice(SERVER_ROOT.length),
    pid,
    image: k.ps.process(pid)?.name ?? '',
    status: hex8(status),
    share: num(p, 'ShareAccess'),
    holders,
  });
}

declare module '../../base/events.ts' {
  interface LabEventMap {
    /** A create on the network share reached the server: its outcome and the opens the file had then. */
    'rdr.create': { path: string; pid: number; image: string; status: string; share: number; holders: { pid: number; share: number }[] };
  }
}

/** One IRP for the share: the file server's volume serves it as Ntfs serves C:, and a create is reported for grading. */
function dispatch(nt: Nt, v: NtfsVolume, irp: Irp): { status: NTSTATUS; information: number } {
  const ctx = fsdContext(nt);
  if (!ctx) return { status: STATUS_INVALID_DEVICE_REQUEST, information: 0 };
  const loc = nt.IoGetCurrentIrpStackLocation(irp);
  const fo = loc.FileObject ?? 0;
  const r = fileSystemRequest(ctx, { volume: v, pathOf: serverPath, waitingLocks: false }, irp, loc, fo);
  if (loc.MajorFunction === IRP_MJ_CREATE) report(nt, v, irp, loc.Parameters, serverPath(ctx.fileName(fo)), r.status);
  return r;
}

export const mupDriver: ModuleCode = {
  name: 'mup',
  file: 'mup.sys',
  linkDate: 1290247795,
  imageSize: 0x1e000,
  DriverEntry(nt, DriverObject) {
    const { status, device } = nt.IoCreateDevice(DriverObject, MUP_DEVICE, FILE_DEVICE_NETWORK_FILE_SYSTEM, 0, false);
    if (!device) return status;
    device.Flags &= ~0x80;
    for (const mj of [
      IRP_MJ_CREATE,
      IRP_MJ_CLOSE,
      IRP_MJ_READ,
      IRP_MJ_WRITE,
      IRP_MJ_QUERY_INFORMATION,
      IRP_MJ_SET_INFORMATION,
      IRP_MJ_DIRECTORY_CONTROL,
      IRP_MJ_LOCK_CONTROL,
      IRP_MJ_CLEANUP,
    ]) {
      DriverObject.MajorFunction[mj] = 'mup!MupFsdDispatch';
    }
    DriverObject.Globals['serverOpens'] ??= new NtfsVolume(new FileStore('0000-0000'), () => 0).state as unknown as JsonRecord;
    // The redirector registers with MUP; FltMgr attaches to \Device\Mup as to any volume.
    const fm = filterManagerOf(nt);
    fm?.kernel.fileIo.mount(device.id, device.id);
    fm?.volumeMounted(device);
    // The connections the client remembers come back (logon restores them on Windows).
    const server = fm ? existingFileServer(fm.kernel.machine) : undefined;
    for (const drive of server?.state.mappings ?? []) nt.IoCreateSymbolicLink(`\\GLOBAL??\\${drive}`, MUP_DEVICE);
    return STATUS_SUCCESS;
  },
  dispatch: {
    MupFsdDispatch(nt, device, irp) {
      const driver = nt.driverObject(device.DriverObject);
      const fm = filterManagerOf(nt);
      const server = fm ? existingFileServer(fm.kernel.machine) : undefined;
      const r = server
        ? dispatch(
            nt,
            serverVolume(server, driver, () => fm?.kernel.now() ?? 0),
            irp,
          )
        : { status: 0xc00000be, information: 0 }; // STATUS_BAD_NETWORK_PATH: no server on this network
      return finishRequest(nt, irp, r);
    },
  },
};
