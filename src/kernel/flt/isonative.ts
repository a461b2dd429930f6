/**
 * How the isolation filter reaches the native file under an isolated view,
 * and how it knows its own opens when they come back through the stack.
 *
 * By default it opens the native file below its own instance (FltCreateFile
 * targeted at the instances below), so its open never returns to it. The
 * sample's Parameters\ReentryMark selects an older design that opens through
 * the top of the volume's stack, in the requesting thread (as ZwCreateFile
 * does), and marks the open so that an IsoFilter instance recognizes it and
 * passes it down instead of isolating it again:
 *   'Suffix': a name suffix (';IsoNative'), stripped by the first IsoFilter
 *             instance that sees it before the file system sees the name;
 *   'Ecp':    an extra create parameter with IsoFilter's GUID, which every
 *             instance below can find and nobody strips.
 * With one instance both work; with two, the suffix is gone before the lower
 * instance sees it, and the lower instance isolates its sibling's open.
 *
 * On a network file system the native file is opened with no shared access:
 * the filter cannot keep its view coherent with other clients' writes, so it
 * keeps everyone else out while it has the file.
 */
import { NT_SUCCESS, STATUS_INVALID_HANDLE, STATUS_OBJECT_PATH_NOT_FOUND, type NTSTATUS } from '../status.ts';
import type { JsonRecord } from '../io/types.ts';
import { FILE_SYNCHRONOUS_IO_NONALERT, SYNCHRONIZE } from '../io/filedefs.ts';
import { utf8Decode } from '../../base/text.ts';
import type { Flt } from './fltapi.ts';
import { FILE_DEVICE_NETWORK_FILE_SYSTEM, filterManagerOfApi } from './fltmgr.ts';
import type { FltCallbackData, FltInstanceRecord } from './types.ts';
import { FltAllocateExtraCreateParameter, FltFindExtraCreateParameter, FltInsertExtraCreateParameter } from './ecp.ts';

/** The most the filter reads of a native file at once. */
const MAX_NATIVE_READ = 0x10000;

/** The suffix the 'Suffix' build appends to its own opens. */
export const ISO_SUFFIX = ';IsoNative';
/** IsoFilter's ECP type (its GUID, as the sample defines it). */
export const GUID_ECP_ISOFILTER_REENTRY = '{6d1f5b7e-2c4a-4f0e-9b3d-8a51c0e7d2a4}';

export type ReentryMark = 'none' | 'suffix' | 'ecp';

/** A native file object the filter holds, and whether it was opened through the top of the stack. */
export interface NativeOpen {
  status: NTSTATUS;
  fileObject: number;
  fromTop: boolean;
}

function kernelOf(flt: Flt) {
  const fm = filterManagerOfApi(flt);
  if (!fm) throw new Error('IsoFilter: no Filter Manager behind this API');
  return { fm, k: fm.kernel };
}

/** The build's re-entry mark (Parameters\ReentryMark: Suffix or Ecp; none by default). */
export function reentryMark(flt: Flt): ReentryMark {
  const v = flt.serviceParameter('IsoFilter', 'ReentryMark');
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  return s === 'suffix' ? 'suffix' : s === 'ecp' ? 'ecp' : 'none';
}

function volumeDevice(flt: Flt, instance: FltInstanceRecord): number | null {
  const { k } = kernelOf(flt);
  const r = k.ob.lookup(instance.Volume);
  return NT_SUCCESS(r.status) && k.io.state.devices[r.id] ? r.id : null;
}

/** FltGetVolumeProperties: is the instance's volume a network file system (the redirector)? */
export function isNetworkVolume(flt: Flt, instance: FltInstanceRecord): boolean {
  const { k } = kernelOf(flt);
  const id = volumeDevice(flt, instance);
  return id !== null && k.io.state.devices[id].DeviceType === FILE_DEVICE_NETWORK_FILE_SYSTEM;
}

/**
 * Is this create an IsoFilter instance's own open coming back? In the suffix build the first
 * instance to see the suffix strips it (the file system must never see it) and passes the open
 * down; in the ECP build every instance finds the ECP and passes the open down, leaving it in place.
 */
export function recognizeReentry(flt: Flt, data: FltCallbackData, instance: FltInstanceRecord): boolean {
  const { k } = kernelOf(flt);
  const p = data.Iopb.Parameters;
  const mark = reentryMark(flt);
  if (mark === 'ecp') {
    const found = FltFindExtraCreateParameter(data.Irp.ExtraCreateParameters, GUID_ECP_ISOFILTER_REENTRY);
    if (!found.ecp) return false;
    flt.DbgPrint(`IsoFilter: ${instance.Name}: create carries IsoFilter's ECP (from instance ${String(found.ecp.Context['Instance'])}): passed down\n`);
    return true;
  }
  if (mark !== 'suffix') return false;
  const name = typeof p['FileName'] === 'string' ? p['FileName'] : '';
  if (!name.toLowerCase().endsWith(ISO_SUFFIX.toLowerCase())) return false;
  const stripped = name.slice(0, -ISO_SUFFIX.length);
  // FltSetCallbackDataDirty after changing the name the file system will parse.
  p['FileName'] = stripped;
  const fo = k.io.state.files[data.Iopb.TargetFileObject];
  if (fo) fo.FileName = stripped;
  flt.DbgPrint(`IsoFilter: ${instance.Name}: ${name} ends in ${ISO_SUFFIX}: taken as its own open, suffix stripped, passed down\n`);
  return true;
}

/** Open the native file for an isolated open: below the instance, or through the top with the build's mark. */
export function openNative(
  flt: Flt,
  data: FltCallbackData,
  instance: FltInstanceRecord,
  name: string,
  access: number,
  disposition: number,
  options: number,
): NativeOpen {
  const { k } = kernelOf(flt);
  if (volumeDevice(flt, instance) === null) return { status: STATUS_OBJECT_PATH_NOT_FOUND, fileObject: 0, fromTop: false };
  const network = isNetworkVolume(flt, instance);
  const share = network ? 0 : 7;
  if (network) flt.DbgPrint(`IsoFilter: ${instance.Name}: ${name} is on a network file system: native file opened with no shared access\n`);
  const mark = reentryMark(flt);
  if (mark === 'none') {
    const r = flt.FltCreateFile(instance, name, access, share, disposition, options);
    return { status: r.status, fileObject: r.fileObject, fromTop: false };
  }
  // ZwCreateFile in the requesting thread: the open is the requestor's, from the top of the stack.
  const opened = mark === 'suffix' ? name + ISO_SUFFIX : name;
  const ecps: JsonRecord = {};
  if (mark === 'ecp') FltInsertExtraCreateParameter(ecps, FltAllocateExtraCreateParameter(GUID_ECP_ISOFILTER_REENTRY, { Instance: instance.Name }));
  flt.DbgPrint(`IsoFilter: ${instance.Name}: opening ${opened} through the top of the stack${mark === 'ecp' ? " with IsoFilter's ECP" : ''}\n`);
  const r = k.fileIo.createFile(flt.FltGetRequestorProcessId(data), {
    path: instance.Volume + (opened.startsWith('\\') ? opened : '\\' + opened),
    desiredAccess: access | SYNCHRONIZE,
    shareAccess: share,
    createDisposition: disposition,
    createOptions: options | FILE_SYNCHRONOUS_IO_NONALERT,
    fileAttributes: 0,
    ecp: mark === 'ecp' ? ecps : null,
  });
  if (!r.file) return { status: NT_SUCCESS(r.status) ? STATUS_OBJECT_PATH_NOT_FOUND : r.status, fileObject: 0, fromTop: true };
  // A kernel handle (OBJ_KERNEL_HANDLE) keeps the file object referenced until ZwClose.
  k.handles.create(4, r.file.id, r.file.Access ?? 0);
  return { status: r.status, fileObject: r.file.id, fromTop: true };
}

/** Read the whole native file (below the instance, or through the top for an open made there). */
export function readNative(flt: Flt, instance: FltInstanceRecord, native: NativeOpen): { status: NTSTATUS; data: string } {
  if (!native.fromTop) return flt.FltReadFile(instance, native.fileObject, 0, MAX_NATIVE_READ);
  const { k } = kernelOf(flt);
  const file = k.io.state.files[native.fileObject];
  if (!file) return { status: STATUS_INVALID_HANDLE, data: '' };
  const buffer = k.ob.allocatePool(MAX_NATIVE_READ, 'IsoF', 'IsoFilter native read');
  k.buffers.add('kernel', buffer, MAX_NATIVE_READ, 'IsoFilter native read');
  const r = k.fileIo.read(null, file, buffer, MAX_NATIVE_READ, 0);
  const bytes = NT_SUCCESS(r.status) ? (k.mm.read('kernel', BigInt('0x' + buffer), Math.min(r.information, MAX_NATIVE_READ)) ?? new Uint8Array(0)) : null;
  k.buffers.remove('kernel', buffer);
  k.ob.freePool(buffer);
  return { status: r.status, data: bytes ? utf8Decode(bytes) : '' };
}

/** Close a native file object (ZwClose for one opened through the top, FltClose otherwise). */
export function closeNative(flt: Flt, instance: FltInstanceRecord, fileObject: number, fromTop: boolean): void {
  if (fileObject === 0) return;
  if (!fromTop) {
    flt.FltClose(instance, fileObject);
    return;
  }
  const { k } = kernelOf(flt);
  const file = k.io.state.files[fileObject];
  if (!file) return;
  const handle = k.handles.list(4).find((e) => e.object === fileObject)?.handle;
  if (handle !== undefined) k.handles.close(4, handle);
  if (!k.handles.referenced(fileObject)) k.fileIo.closeFile(file, null);
}

/** The IsoFilter instances on an instance's volume (two of them is the case the re-entry mark must survive). */
export function siblingCount(flt: Flt, instance: FltInstanceRecord): number {
  const { fm } = kernelOf(flt);
  return fm.instancesOn(instance.Volume).filter((i) => i.Filter.toLowerCase() === instance.Filter.toLowerCase()).length;
}

/** What the lab grades: an isolated open and the data its view got, with the conditions it ran under. */
export function reportIsolatedOpen(
  flt: Flt,
  instance: FltInstanceRecord,
  path: string,
  e: { pid: number; dataLength: number; nativeShare: number; joined: boolean },
): void {
  const { k } = kernelOf(flt);
  k.machine.events.emit('isofilter.isolatedOpen', {
    instance: instance.Name,
    volume: instance.Volume,
    network: isNetworkVolume(flt, instance),
    instances: siblingCount(flt, instance),
    mark: reentryMark(flt),
    path,
    pid: e.pid,
    image: k.ps.process(e.pid)?.name ?? '',
    dataLength: e.dataLength,
    nativeShare: e.nativeShare,
    joined: e.joined,
  });
}

declare module '../../base/events.ts' {
  interface LabEventMap {
    /** IsoFilter answered an isolated open: the view's data length, and what lay under it. */
    'isofilter.isolatedOpen': {
      instance: string;
      volume: string;
      network: boolean;
      instances: number;
      mark: ReentryMark;
      path: string;
      pid: number;
      image: string;
      dataLength: number;
      nativeShare: number;
      joined: boolean;
    };
  }
}
