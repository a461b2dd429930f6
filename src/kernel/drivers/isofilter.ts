/**
 * IsoFilter.sys, the sample isolation filter (a minifilter in the FSFilter
 * Encryption group). Files under its isolated path (Parameters\IsolatedPath,
 * '\Vault\') have two views: the process named in Parameters\IsolatedProcess
 * ('IsoView.exe') gets the isolated view, every other process the native
 * file. For an isolated open the filter *is* the file system: it completes
 * the create itself, keeps its own per-file state (share access, a file lock
 * package, the data from the fulfillment driver) and its own file object per
 * open, and reaches the native file through a file object of its own
 * (FltCreateFile, seen only by the instances below it).
 *
 * It does its I/O synchronously and traces FltIsOperationSynchronous; it
 * refuses transactional opens of isolated files; it reports renames and hard
 * links over isolated files to the fulfillment driver, reading
 * FILE_RENAME_INFORMATION in the caller's layout unless Parameters\ThunkHandles
 * is 0 (then a 32-bit caller's structure is read with the 64-bit layout).
 */
import { NT_SUCCESS, STATUS_INVALID_PARAMETER, STATUS_NOT_SUPPORTED, STATUS_PENDING, STATUS_SUCCESS, type NTSTATUS } from '../status.ts';
import { IRP_MJ_CLEANUP, IRP_MJ_CLOSE, IRP_MJ_CREATE, IRP_MJ_READ, IRP_MJ_WRITE, type Json, type JsonRecord, type ModuleCode } from '../io/types.ts';
import { IRP_MJ_LOCK_CONTROL, IRP_MJ_SET_INFORMATION, IRP_MN_LOCK, IRP_MN_UNLOCK_SINGLE } from '../fs/ntfsfsd.ts';
import { checkShareAccess, emptyShareAccess, mapGeneric, updateShareAccess, DELETE, FILE_READ_DATA, FILE_WRITE_DATA, type ShareAccess } from '../fs/share.ts';
import { checkLockForIo, emptyFileLock, lockRange, unlockAll, unlockRange, type FileLockState } from '../fs/locks.ts';
import {
  FILE_CREATED,
  FILE_OPEN,
  FILE_OPENED,
  FILE_OPEN_IF,
  FILE_OVERWRITE,
  FILE_OVERWRITE_IF,
  FILE_OVERWRITTEN,
  FILE_SUPERSEDE,
  FILE_SUPERSEDED,
  FILE_CREATE,
  FILE_DELETE_ON_CLOSE,
} from '../fs/volume.ts';
import { buildRenameBuffer, parseRenameBuffer } from '../fs/renameinfo.ts';
import { STATUS_END_OF_FILE } from '../fs/fsstatus.ts';
import {
  FLTFL_CALLBACK_DATA_GENERATED_IO,
  FLT_POSTOP_FINISHED_PROCESSING,
  FLT_PREOP_COMPLETE,
  FLT_PREOP_PENDING,
  FLT_PREOP_SUCCESS_NO_CALLBACK,
  type FltCallbackData,
  type FltRelatedObjects,
  type MinifilterCode,
} from '../flt/types.ts';
import type { Flt } from '../flt/fltapi.ts';
import { filterManagerOf } from '../flt/fltmgr.ts';
import { IOCTL_ISOFULL_GET_DATA, IOCTL_ISOFULL_PUT_DATA, IOCTL_ISOFULL_REPORT_NAME } from './isofull.ts';
import { SAMPLE_SIGNATURE } from './guids.ts';
import { completePended, holdForPendedOperation, teardownComplete, teardownStart } from '../flt/isoteardown.ts';
import { closeNative, isNetworkVolume, openNative, readNative, recognizeReentry, reportIsolatedOpen, type NativeOpen } from '../flt/isonative.ts';

export const ISOFILTER_ALTITUDE = '145210';

/** The filter's own control block for an isolated file (its FsContext for the isolated view). */
interface IsoFile {
  path: string;
  data: string;
  share: ShareAccess;
  locks: FileLockState;
  opens: number;
  dirty: boolean;
  /** Set while the first open reads the native data (an open arriving meanwhile joins the block). */
  fetching?: boolean;
  /** The instance that made it (its teardown frees it). */
  owner?: number;
}

/** The stream-handle context of an isolated open (its CCB). */
interface IsoHandle {
  key: string;
  native: number;
  /** The native file object was opened through the top of the stack (closed with ZwClose). */
  fromTop?: boolean;
  access: number;
  share: number;
  pid: number;
}

const MAJOR_NAMES: Record<number, string> = {
  0: 'IRP_MJ_CREATE',
  2: 'IRP_MJ_CLOSE',
  3: 'IRP_MJ_READ',
  4: 'IRP_MJ_WRITE',
  6: 'IRP_MJ_SET_INFORMATION',
  0x11: 'IRP_MJ_LOCK_CONTROL',
  0x12: 'IRP_MJ_CLEANUP',
};

/** The filter's per-file state lives in its driver's globals (one table for all its instances). */
function files(flt: Flt): Record<string, IsoFile> {
  const g = flt.filterGlobals('IsoFilter');
  if (typeof g['files'] !== 'object' || g['files'] === null || Array.isArray(g['files'])) g['files'] = {};
  return g['files'] as unknown as Record<string, IsoFile>;
}

function param(flt: Flt, name: string): string | number | null {
  return flt.serviceParameter('IsoFilter', name);
}

function isolatedPath(flt: Flt): string {
  const v = param(flt, 'IsolatedPath');
  return (typeof v === 'string' ? v : '\\Vault\\').toLowerCase();
}

const under = (flt: Flt, name: string) => name.toLowerCase().startsWith(isolatedPath(flt));

function isolatedProcess(flt: Flt, pid: number): boolean {
  const v = param(flt, 'IsolatedProcess');
  return flt.processImage(pid).toLowerCase() === (typeof v === 'string' ? v : 'IsoView.exe').toLowerCase();
}

function complete(data: FltCallbackData, status: NTSTATUS, information = 0): { status: number } {
  data.IoStatus.Status = status;
  data.IoStatus.Information = information;
  return { status: FLT_PREOP_COMPLETE };
}

const num = (p: JsonRecord, k: string, d = 0) => (typeof p[k] === 'number' ? (p[k] as number) : d);
const str = (p: JsonRecord, k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');

function trace(flt: Flt, data: FltCallbackData, what: string): void {
  const sync = flt.FltIsOperationSynchronous(data) ? 1 : 0;
  flt.DbgPrint(
    `IsoFilter: ${MAJOR_NAMES[data.Iopb.MajorFunction] ?? data.Iopb.MajorFunction} ${what} pid ${flt.FltGetRequestorProcessId(data)} synchronous=${sync}\n`,
  );
}

function handleOf(flt: Flt, objects: FltRelatedObjects): IsoHandle | null {
  const c = flt.FltGetStreamHandleContext(objects.Instance, objects.FileObject);
  return c && typeof c === 'object' && !Array.isArray(c) ? (c as unknown as IsoHandle) : null;
}

/** Isolated create: the filter opens the native file below itself and answers the create as a file system. */
function isolatedCreate(flt: Flt, data: FltCallbackData, objects: FltRelatedObjects, name: string): { status: number } {
  const p = data.Iopb.Parameters;
  const access = mapGeneric(num(p, 'DesiredAccess'));
  const share = num(p, 'ShareAccess');
  const disposition = num(p, 'Disposition');
  const options = num(p, 'Options');
  // The native file is opened to read (with full sharing on a local volume, so native-view users
  // keep their own rules); DELETE only when the isolated open may delete (its disposition goes to
  // the native file). isonative.ts decides where the open goes and how it is marked.
  const nativeDisposition = disposition === FILE_CREATE ? FILE_CREATE : disposition === FILE_OPEN || disposition === FILE_OVERWRITE ? FILE_OPEN : FILE_OPEN_IF;
  const nativeAccess = FILE_READ_DATA | (access & DELETE || options & FILE_DELETE_ON_CLOSE ? DELETE : 0);
  const all = files(flt);
  const key = name.toLowerCase();
  let file = all[key];
  const fresh = !file;
  // A control block still being filled, or a network file the filter already holds exclusively: join it.
  const join = file !== undefined && (file.fetching === true || isNetworkVolume(flt, objects.Instance));
  if (file && join)
    flt.DbgPrint(
      `IsoFilter: ${objects.Instance.Name}: ${name} ${file.fetching ? 'is still being read in' : 'is held with no shared access'}: the open joins its control block\n`,
    );
  if (!file) {
    file = { path: name, data: '', share: emptyShareAccess(), locks: emptyFileLock(), opens: 0, dirty: false, fetching: true, owner: objects.Instance.id };
    all[key] = file;
  }
  const native: NativeOpen = join
    ? { status: STATUS_SUCCESS, fileObject: 0, fromTop: false }
    : openNative(flt, data, objects.Instance, name, nativeAccess, nativeDisposition, options & FILE_DELETE_ON_CLOSE);
  if (!NT_SUCCESS(native.status)) {
    if (fresh) delete all[key];
    return complete(data, native.status);
  }
  if (fresh) {
    const read = readNative(flt, objects.Instance, native);
    const view = flt.IoDeviceIoControl('\\Device\\IsoFull', IOCTL_ISOFULL_GET_DATA, { Native: NT_SUCCESS(read.status) ? read.data : '' });
    file.data = view.output;
    file.fetching = false;
  }
  const sharing = checkShareAccess(access, share, file.share);
  if (!NT_SUCCESS(sharing)) {
    closeNative(flt, objects.Instance, native.fileObject, native.fromTop);
    if (file.opens === 0) delete all[key];
    return complete(data, sharing);
  }
  let information = FILE_OPENED;
  if (disposition === FILE_SUPERSEDE || disposition === FILE_OVERWRITE || disposition === FILE_OVERWRITE_IF) {
    file.data = '';
    file.dirty = true;
    information = disposition === FILE_SUPERSEDE ? FILE_SUPERSEDED : FILE_OVERWRITTEN;
  } else if (disposition === FILE_CREATE) information = FILE_CREATED;
  updateShareAccess(access, share, file.share, true);
  file.opens++;
  const handle: IsoHandle = { key, native: native.fileObject, fromTop: native.fromTop, access, share, pid: flt.FltGetRequestorProcessId(data) };
  flt.FltSetStreamHandleContext(objects.Instance, objects.FileObject, handle as unknown as Json);
  trace(flt, data, `${name} isolated view`);
  reportIsolatedOpen(flt, objects.Instance, name, {
    pid: handle.pid,
    dataLength: file.data.length,
    nativeShare: isNetworkVolume(flt, objects.Instance) ? 0 : 7,
    joined: join,
  });
  return complete(data, STATUS_SUCCESS, information);
}

/** FILE_RENAME_INFORMATION / FILE_LINK_INFORMATION over isolated files: tell the fulfillment driver. */
function reportName(flt: Flt, data: FltCallbackData, from: string): NTSTATUS {
  const p = data.Iopb.Parameters;
  const thunk = param(flt, 'ThunkHandles');
  const as32 = thunk === 0 ? false : flt.IoIs32bitProcess(data);
  const info = parseRenameBuffer(str(p, 'Buffer'), as32);
  if (!NT_SUCCESS(info.status)) return info.status;
  const to = info.fileName.replace(/^\\\?\?\\[a-z]:/i, '');
  if (!under(flt, from) && !under(flt, to)) return STATUS_SUCCESS;
  // A name onto itself replaces nothing, and onto another existing name without ReplaceIfExists
  // Ntfs refuses: neither is a name change to report (and the file's own data must stay).
  if (to.toLowerCase() === from.toLowerCase()) return STATUS_SUCCESS;
  const exists = flt.exists(`C:${to}`);
  if (exists && !info.replaceIfExists) return STATUS_SUCCESS;
  const replaced = info.replaceIfExists && exists;
  const op = str(p, 'FileInformationClass') === 'FileLinkInformation' ? 'FileLinkInformation' : 'FileRenameInformation';
  flt.IoDeviceIoControl('\\Device\\IsoFull', IOCTL_ISOFULL_REPORT_NAME, {
    Operation: op,
    From: from,
    To: to,
    ReplaceIfExists: info.replaceIfExists,
    Replaced: replaced,
  });
  if (replaced) delete files(flt)[to.toLowerCase()];
  return STATUS_SUCCESS;
}

/** Write an isolated file's data back through the fulfillment driver to the native file. */
function flush(flt: Flt, objects: FltRelatedObjects, file: IsoFile): void {
  if (!file.dirty) return;
  const native = flt.IoDeviceIoControl('\\Device\\IsoFull', IOCTL_ISOFULL_PUT_DATA, { Data: file.data });
  const out = flt.FltCreateFile(objects.Instance, file.path, FILE_WRITE_DATA, 7, FILE_OVERWRITE, 0);
  if (!NT_SUCCESS(out.status)) return;
  flt.FltWriteFile(objects.Instance, out.fileObject, 0, native.output);
  flt.FltClose(objects.Instance, out.fileObject);
  file.dirty = false;
}

const pre: MinifilterCode['pre'] = {
  IsoPreCreate(flt, data, objects) {
    const p = data.Iopb.Parameters;
    // Its own opens coming back through the stack, as the build marks them (isonative.ts).
    if (recognizeReentry(flt, data, objects.Instance)) return { status: FLT_PREOP_SUCCESS_NO_CALLBACK };
    const name = str(p, 'FileName');
    if (data.Flags & FLTFL_CALLBACK_DATA_GENERATED_IO || !under(flt, name)) return { status: FLT_PREOP_SUCCESS_NO_CALLBACK };
    if (p['Transaction'] === true) {
      // The simplest correct answer: no transactions on isolated files, in either view.
      flt.DbgPrint(`IsoFilter: transactional open of ${name} refused\n`);
      return complete(data, STATUS_NOT_SUPPORTED);
    }
    if (!isolatedProcess(flt, flt.FltGetRequestorProcessId(data))) {
      trace(flt, data, `${name} native view`);
      return { status: FLT_PREOP_SUCCESS_NO_CALLBACK };
    }
    return isolatedCreate(flt, data, objects, name);
  },

  IsoPreRead(flt, data, objects) {
    const h = handleOf(flt, objects);
    if (!h) return { status: FLT_PREOP_SUCCESS_NO_CALLBACK };
    const file = files(flt)[h.key];
    const p = data.Iopb.Parameters;
    const paging = p['Paging'] === true;
    trace(flt, data, `${file?.path ?? ''} isolated view${paging ? ' paging' : ''}`);
    if (!file) return complete(data, 0xc0000008);
    if (!paging && !(h.access & FILE_READ_DATA)) return complete(data, 0xc0000022);
    const offset = num(p, 'Offset');
    const length = num(p, 'Length');
    // The isolated view's own lock package: checked on non-paging reads only.
    if (!paging) {
      const lock = checkLockForIo(file.locks, objects.FileObject, h.pid, offset, Math.max(length, 1), false);
      if (!NT_SUCCESS(lock)) return complete(data, lock);
    }
    if (offset >= file.data.length && length > 0) return complete(data, STATUS_END_OF_FILE);
    const text = file.data.slice(offset, offset + length);
    flt.copyToUserBuffer(data, text);
    return complete(data, STATUS_SUCCESS, text.length);
  },

  IsoPreWrite(flt, data, objects) {
    const h = handleOf(flt, objects);
    if (!h) return { status: FLT_PREOP_SUCCESS_NO_CALLBACK };
    const file = files(flt)[h.key];
    if (!file) return complete(data, 0xc0000008);
    const p = data.Iopb.Parameters;
    const paging = p['Paging'] === true;
    trace(flt, data, `${file.path} isolated view`);
    if (!paging && !(h.access & FILE_WRITE_DATA)) return complete(data, 0xc0000022);
    const text = str(p, 'Data');
    const start = num(p, 'Offset', -1) < 0 ? file.data.length : num(p, 'Offset');
    if (!paging) {
      const lock = checkLockForIo(file.locks, objects.FileObject, h.pid, start, Math.max(text.length, 1), true);
      if (!NT_SUCCESS(lock)) return complete(data, lock);
    }
    file.data = file.data.padEnd(start, '\0').slice(0, start) + text + file.data.slice(start + text.length);
    file.dirty = true;
    return complete(data, STATUS_SUCCESS, text.length);
  },

  IsoPreLockControl(flt, data, objects) {
    const h = handleOf(flt, objects);
    if (!h) return { status: FLT_PREOP_SUCCESS_NO_CALLBACK };
    const file = files(flt)[h.key];
    if (!file) return complete(data, 0xc0000008);
    const p = data.Iopb.Parameters;
    trace(flt, data, `${file.path} isolated view`);
    const offset = num(p, 'ByteOffset');
    const length = num(p, 'Length');
    if (data.Iopb.MinorFunction === IRP_MN_LOCK) {
      const status = lockRange(
        file.locks,
        { fileObject: objects.FileObject, pid: h.pid, offset, length, exclusive: p['ExclusiveLock'] === true, irp: data.Irp.id },
        p['FailImmediately'] === true,
      );
      if (status === STATUS_PENDING) {
        // The pended request keeps using this control block: it holds the instance's remove lock shared.
        holdForPendedOperation(flt, objects.Instance, data.Irp.id, h.key);
        return { status: FLT_PREOP_PENDING };
      }
      return complete(data, status);
    }
    if (data.Iopb.MinorFunction === IRP_MN_UNLOCK_SINGLE) {
      const r = unlockRange(file.locks, objects.FileObject, h.pid, offset, length);
      for (const w of r.woken) if (w.irp !== undefined) completePended(flt, w.irp, STATUS_SUCCESS);
      return complete(data, r.status);
    }
    return complete(data, STATUS_INVALID_PARAMETER);
  },

  IsoPreSetInformation(flt, data, objects) {
    const p = data.Iopb.Parameters;
    const cls = str(p, 'FileInformationClass');
    const h = handleOf(flt, objects);
    const from = h ? (files(flt)[h.key]?.path ?? '') : flt.fileName(objects.FileObject);
    if (cls === 'FileRenameInformation' || cls === 'FileLinkInformation') {
      if (!under(flt, from) && !h) {
        // A rename onto an isolated name from outside is reported too.
        const status = reportName(flt, data, from);
        return NT_SUCCESS(status) ? { status: FLT_PREOP_SUCCESS_NO_CALLBACK } : complete(data, status);
      }
      trace(flt, data, `${cls} ${from}${h ? ' isolated view' : ' native view'}`);
      const status = reportName(flt, data, from);
      if (!NT_SUCCESS(status)) return complete(data, status);
      if (!h) return { status: FLT_PREOP_SUCCESS_NO_CALLBACK };
      // Isolated view: the rename goes to the native file through the filter's own file object.
      const info = parseRenameBuffer(str(p, 'Buffer'), param(flt, 'ThunkHandles') === 0 ? false : flt.IoIs32bitProcess(data));
      const forwarded = flt.FltSetInformationFile(objects.Instance, h.native, { FileInformationClass: cls, Buffer: buildRenameBuffer(info, false) });
      if (NT_SUCCESS(forwarded) && cls === 'FileRenameInformation') {
        const all = files(flt);
        const file = all[h.key];
        const to = info.fileName.replace(/^\\\?\?\\[a-z]:/i, '');
        if (file) {
          delete all[h.key];
          file.path = to;
          h.key = to.toLowerCase();
          all[h.key] = file;
          flt.FltSetStreamHandleContext(objects.Instance, objects.FileObject, h as unknown as Json);
        }
      }
      return complete(data, forwarded);
    }
    if (!h) return { status: FLT_PREOP_SUCCESS_NO_CALLBACK };
    trace(flt, data, `${cls} isolated view`);
    if (cls === 'FileDispositionInformation') {
      if (!(h.access & DELETE)) return complete(data, 0xc0000022);
      return complete(data, flt.FltSetInformationFile(objects.Instance, h.native, { FileInformationClass: cls, DeleteFile: p['DeleteFile'] === true }));
    }
    return complete(data, STATUS_INVALID_PARAMETER);
  },

  IsoPreCleanup(flt, data, objects) {
    const h = handleOf(flt, objects);
    if (!h) return { status: FLT_PREOP_SUCCESS_NO_CALLBACK };
    const all = files(flt);
    const file = all[h.key];
    if (file) {
      const r = unlockAll(file.locks, objects.FileObject);
      for (const w of r.cancelled) if (w.irp !== undefined) completePended(flt, w.irp, 0xc0000120);
      for (const w of r.woken) if (w.irp !== undefined) completePended(flt, w.irp, STATUS_SUCCESS);
      updateShareAccess(h.access, h.share, file.share, false);
      file.opens--;
      if (file.opens === 0) {
        flush(flt, objects, file);
        delete all[h.key];
      }
    }
    closeNative(flt, objects.Instance, h.native, h.fromTop === true);
    return complete(data, STATUS_SUCCESS);
  },

  IsoPreClose(flt, data, objects) {
    const h = handleOf(flt, objects);
    if (!h) return { status: FLT_PREOP_SUCCESS_NO_CALLBACK };
    flt.FltDeleteStreamHandleContext(objects.Instance, objects.FileObject);
    return complete(data, STATUS_SUCCESS);
  },
};

const post: MinifilterCode['post'] = {
  IsoPostCreate() {
    return FLT_POSTOP_FINISHED_PROCESSING;
  },
};

export const isofilterCallbacks: MinifilterCode = {
  module: 'isofilter',
  pre,
  post,
  teardown: {
    IsoInstanceTeardownStart(flt, objects, reason) {
      teardownStart(flt, objects, reason, files(flt));
    },
    IsoInstanceTeardownComplete(flt, objects) {
      teardownComplete(flt, objects);
    },
  },
  unload: {
    IsoFilterUnload(flt, filter) {
      flt.FltUnregisterFilter(filter);
      return STATUS_SUCCESS;
    },
  },
};

export const isofilter: ModuleCode = {
  name: 'isofilter',
  file: 'IsoFilter.sys',
  linkDate: 1296036100,
  imageSize: 0x9000,
  signature: SAMPLE_SIGNATURE,
  DriverEntry(nt, DriverObject) {
    const flt = filterManagerOf(nt)?.api;
    if (!flt) return 0xc0000001;
    const ops: [number, string][] = [
      [IRP_MJ_CREATE, 'Create'],
      [IRP_MJ_READ, 'Read'],
      [IRP_MJ_WRITE, 'Write'],
      [IRP_MJ_SET_INFORMATION, 'SetInformation'],
      [IRP_MJ_LOCK_CONTROL, 'LockControl'],
      [IRP_MJ_CLEANUP, 'Cleanup'],
      [IRP_MJ_CLOSE, 'Close'],
    ];
    const r = flt.FltRegisterFilter(DriverObject, {
      OperationRegistration: ops.map(([mj, n]) => ({
        MajorFunction: mj,
        PreOperation: `isofilter!IsoPre${n}`,
        PostOperation: mj === IRP_MJ_CREATE ? 'isofilter!IsoPostCreate' : null,
      })),
      FilterUnloadCallback: 'isofilter!IsoFilterUnload',
      InstanceSetupCallback: null,
      InstanceTeardownStartCallback: 'isofilter!IsoInstanceTeardownStart',
      InstanceTeardownCompleteCallback: 'isofilter!IsoInstanceTeardownComplete',
      ContextRegistration: ['streamHandle'],
    });
    if (!NT_SUCCESS(r.status)) return r.status;
    DriverObject.Globals['files'] = {};
    return flt.FltStartFiltering(r.filter);
  },
};
