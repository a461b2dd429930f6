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
import { IRP_MJ_CLEANUP, IRP_MJ_CLOSE, IRP_MJ_CREATE, IRP_MJ_READ, type Json, type JsonRecord } from '../io/types.ts';
import type { Flt } from './fltapi.ts';
import { FILE_DEVICE_NETWORK_FILE_SYSTEM, filterManagerOfApi } from './fltmgr.ts';
import { FO_SYNCHRONOUS_IO, IRP_SYNCHRONOUS_API, type FltCallbackData, type FltInstanceRecord } from './types.ts';
import { FltAllocateExtraCreateParameter, FltFindExtraCreateParameter, FltInsertExtraCreateParameter, type Ecp } from './ecp.ts';

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
    const found = FltFindExtraCreateParameter(p, GUID_ECP_ISOFILTER_REENTRY);
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
  const { fm, k } = kernelOf(flt);
  const device = volumeDevice(flt, instance);
  if (device === null) return { status: STATUS_OBJECT_PATH_NOT_FOUND, fileObject: 0, fromTop: false };
  const network = isNetworkVolume(flt, instance);
  const share = network ? 0 : 7;
  if (network) flt.DbgPrint(`IsoFilter: ${instance.Name}: ${name} is on a network file system: native file opened with no shared access\n`);
  const mark = reentryMark(flt);
  const fromTop = mark !== 'none';
  const opened = mark === 'suffix' ? name + ISO_SUFFIX : name;
  const file = k.fsio.newFileObject(device, opened);
  const base: JsonRecord = {
    FileName: opened,
    DesiredAccess: access,
    ShareAccess: share,
    Disposition: disposition,
    Options: options | 0x20,
    IrpFlags: IRP_SYNCHRONOUS_API,
    FileObjectFlags: FO_SYNCHRONOUS_IO,
    Wow64: false,
  };
  let parameters: JsonRecord;
  if (mark === 'none') parameters = fm.belowParameters(instance, { ...base, Pid: 4 });
  else {
    // ZwCreateFile in the requesting thread: the open is the requestor's, from the top of the stack.
    const ecps: Ecp[] = [];
    if (mark === 'ecp') FltInsertExtraCreateParameter(ecps, FltAllocateExtraCreateParameter(GUID_ECP_ISOFILTER_REENTRY, { Instance: instance.Name }));
    parameters = { ...base, Pid: flt.FltGetRequestorProcessId(data), Ecps: ecps as unknown as Json };
    flt.DbgPrint(`IsoFilter: ${instance.Name}: opening ${opened} through the top of the stack${mark === 'ecp' ? " with IsoFilter's ECP" : ''}\n`);
  }
  const r = k.fsio.send(file.id, IRP_MJ_CREATE, 0, parameters);
  if (!NT_SUCCESS(r.status)) {
    k.fsio.freeFileObject(file.id);
    return { status: r.status, fileObject: 0, fromTop };
  }
  k.io.state.devices[device].ReferenceCount++;
  return { status: r.status, fileObject: file.id, fromTop };
}

/** Read the whole native file (below the instance, or through the top for an open made there). */
export function readNative(flt: Flt, instance: FltInstanceRecord, native: NativeOpen): { status: NTSTATUS; data: string } {
  if (!native.fromTop) return flt.FltReadFile(instance, native.fileObject, 0, 0x7fffffff);
  const { k } = kernelOf(flt);
  if (!k.io.state.files[native.fileObject]) return { status: STATUS_INVALID_HANDLE, data: '' };
  const r = k.fsio.send(native.fileObject, IRP_MJ_READ, 0, {
    Offset: 0,
    Length: 0x7fffffff,
    Paging: false,
    Pid: 4,
    Wow64: false,
    IrpFlags: IRP_SYNCHRONOUS_API,
    FileObjectFlags: FO_SYNCHRONOUS_IO,
  });
  return { status: r.status, data: r.data };
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
  const p = { Pid: 4, Wow64: false, IrpFlags: IRP_SYNCHRONOUS_API, FileObjectFlags: FO_SYNCHRONOUS_IO };
  k.fsio.send(fileObject, IRP_MJ_CLEANUP, 0, p);
  k.fsio.send(fileObject, IRP_MJ_CLOSE, 0, p);
  const device = k.io.state.devices[file.Device];
  if (device) device.ReferenceCount--;
  k.fsio.freeFileObject(fileObject);
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
