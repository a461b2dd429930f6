/**
 * The `fs.request` event of the Nt file services: which process asked what of
 * which file on a mounted volume, and how it ended (what a grader reads, as a
 * Process Monitor trace would show it). Requests to devices and to the C:
 * store before a file system mounts are not file-system requests.
 */
import type { Kernel } from '../nt.ts';
import { NT_SUCCESS, STATUS_OBJECT_PATH_NOT_FOUND, hex8, type NTSTATUS } from '../status.ts';
import type { FileObject } from './iomgr.ts';
import { FileDispositionInformation, FileLinkInformation, FileRenameInformation } from './filedefs.ts';
import { DISPOSITION_NAMES, FILE_DELETE_ON_CLOSE } from '../fs/volume.ts';
import { parseRenameBuffer } from '../fs/renameinfo.ts';
import { STATUS_NOT_SAME_DEVICE } from '../fs/fsstatus.ts';

/** '\??\C:\dir\f.txt' → 'C:\dir\f.txt' when the drive's volume has a file system mounted, else null. */
export function volumePath(k: Kernel, ntPath: string): string | null {
  const m = /^\\\?\?\\([a-z]:)(\\.*)?$/i.exec(ntPath);
  if (!m) return null;
  const r = k.ob.lookup(`\\GLOBAL??\\${m[1].toUpperCase()}`);
  if (!NT_SUCCESS(r.status) || !k.fileIo.mounted(r.id)) return null;
  return `${m[1].toUpperCase()}${m[2] ?? '\\'}`;
}

/** The path of a file object on a mounted volume, by the drive letter that links to its device (C: if none does), else null. */
export function fileObjectPath(k: Kernel, file: FileObject): string | null {
  if (file.Target === null || file.Target === undefined) return null;
  return `${driveOf(k, file.Device) ?? 'C:'}${file.FileName || '\\'}`;
}

/** The drive letter whose \GLOBAL?? link names the device, if any (C: first, the machine's system volume). */
export function driveOf(k: Kernel, device: number): string | null {
  for (const letter of 'CDEFGHIJKLMNOPQRSTUVWXYZAB') {
    const r = k.ob.lookup(`\\GLOBAL??\\${letter}:`);
    if (NT_SUCCESS(r.status) && r.id === device) return `${letter}:`;
  }
  return null;
}

const hexOf = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * IopOpenLinkOrRenameTarget's check before a rename or link goes down: a target named by a full
 * path ('\??\Z:\dir\name') must be on the file's own device. Its status when it is not (a drive
 * that names nothing: the target's directory cannot be opened), else 0 (the file system checks the rest).
 */
export function renameTargetStatus(k: Kernel, pid: number | null, file: FileObject, bytes: Uint8Array): NTSTATUS {
  const info = parseRenameBuffer(hexOf(bytes), is32bitProcess(k, pid));
  const drive = /^\\\?\?\\([a-z]:)\\/i.exec(info.fileName)?.[1];
  if (!NT_SUCCESS(info.status) || drive === undefined) return 0;
  const r = k.ob.lookup(`\\GLOBAL??\\${drive.toUpperCase()}`);
  if (!NT_SUCCESS(r.status)) return STATUS_OBJECT_PATH_NOT_FOUND;
  return r.id === file.Device ? 0 : STATUS_NOT_SAME_DEVICE;
}

/** IoIs32bitProcess: a 32-bit process on the 64-bit system (it runs under WOW64). */
export function is32bitProcess(k: Kernel, pid: number | null): boolean {
  return pid !== null && (k.ps.process(pid)?.extra.includes('wow64.dll') ?? false);
}

export function reportFsRequest(k: Kernel, op: string, path: string | null, pid: number, detail: string, status: NTSTATUS, paging = false): void {
  if (path === null) return;
  const image = k.ps.process(pid)?.name ?? '';
  k.machine.events.emit('fs.request', { op, path, pid, image, wow64: is32bitProcess(k, pid), detail, paging, status: hex8(status) });
}

export function createDetail(disposition: number, options: number, transacted = false): string {
  return `${DISPOSITION_NAMES[disposition] ?? disposition}${options & FILE_DELETE_ON_CLOSE ? ' FILE_DELETE_ON_CLOSE' : ''}${transacted ? ' transacted' : ''}`;
}

/** NtSetInformationFile's detail, from the caller's buffer. */
export function setInformationDetail(k: Kernel, pid: number, buffer: string, length: number, infoClass: number): string {
  const bytes = k.mm.read(pid, BigInt('0x' + buffer), length) ?? new Uint8Array(0);
  if (infoClass === FileDispositionInformation) return `FileDispositionInformation DeleteFile=${bytes[0] ? 'TRUE' : 'FALSE'}`;
  if (infoClass === FileRenameInformation || infoClass === FileLinkInformation) {
    const info = parseRenameBuffer(hexOf(bytes), is32bitProcess(k, pid));
    const cls = infoClass === FileLinkInformation ? 'FileLinkInformation' : 'FileRenameInformation';
    return `${cls} ${info.fileName.replace(/^\\\?\?\\/, '')}${info.replaceIfExists ? ' ReplaceIfExists' : ''}`;
  }
  return `class ${infoClass}`;
}
