/**
 * Share access as IoCheckShareAccess keeps it for one stream: how many opens
 * read, write or delete, and how many of them let others do the same. An open
 * that asks for none of read, write or delete access takes no part.
 */
import { STATUS_SUCCESS, type NTSTATUS } from '../status.ts';
import { STATUS_SHARING_VIOLATION } from './fsstatus.ts';

export const FILE_READ_DATA = 0x0001;
export const FILE_WRITE_DATA = 0x0002;
export const FILE_APPEND_DATA = 0x0004;
export const FILE_EXECUTE = 0x0020;
export const FILE_READ_ATTRIBUTES = 0x0080;
export const FILE_WRITE_ATTRIBUTES = 0x0100;
export const DELETE = 0x00010000;
export const SYNCHRONIZE = 0x00100000;
export const GENERIC_READ = 0x80000000;
export const GENERIC_WRITE = 0x40000000;
export const GENERIC_ALL = 0x10000000;

export const FILE_SHARE_READ = 1;
export const FILE_SHARE_WRITE = 2;
export const FILE_SHARE_DELETE = 4;

export interface ShareAccess {
  OpenCount: number;
  Readers: number;
  Writers: number;
  Deleters: number;
  SharedRead: number;
  SharedWrite: number;
  SharedDelete: number;
}

export function emptyShareAccess(): ShareAccess {
  return { OpenCount: 0, Readers: 0, Writers: 0, Deleters: 0, SharedRead: 0, SharedWrite: 0, SharedDelete: 0 };
}

/** GENERIC_* mapped to the file-specific rights (the file object type's generic mapping). */
export function mapGeneric(access: number): number {
  let a = access & 0x0fffffff;
  if (access & GENERIC_READ) a |= FILE_READ_DATA | FILE_READ_ATTRIBUTES | SYNCHRONIZE;
  if (access & GENERIC_WRITE) a |= FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_WRITE_ATTRIBUTES | SYNCHRONIZE;
  if (access & GENERIC_ALL) a |= 0x1f01ff;
  return a >>> 0;
}

function kinds(access: number, share: number) {
  return {
    read: (access & (FILE_READ_DATA | FILE_EXECUTE)) !== 0,
    write: (access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) !== 0,
    del: (access & DELETE) !== 0,
    sr: (share & FILE_SHARE_READ) !== 0,
    sw: (share & FILE_SHARE_WRITE) !== 0,
    sd: (share & FILE_SHARE_DELETE) !== 0,
  };
}

/** IoCheckShareAccess without the update: does a new open with `access` and `share` fit beside the others? */
export function checkShareAccess(access: number, share: number, s: ShareAccess): NTSTATUS {
  const k = kinds(access, share);
  if (!k.read && !k.write && !k.del) return STATUS_SUCCESS;
  const conflict =
    (k.read && s.SharedRead < s.OpenCount) ||
    (k.write && s.SharedWrite < s.OpenCount) ||
    (k.del && s.SharedDelete < s.OpenCount) ||
    (s.Readers !== 0 && !k.sr) ||
    (s.Writers !== 0 && !k.sw) ||
    (s.Deleters !== 0 && !k.sd);
  return conflict ? STATUS_SHARING_VIOLATION : STATUS_SUCCESS;
}

/** IoUpdateShareAccess (add = true) and IoRemoveShareAccess (add = false). */
export function updateShareAccess(access: number, share: number, s: ShareAccess, add: boolean): void {
  const k = kinds(access, share);
  if (!k.read && !k.write && !k.del) return;
  const d = add ? 1 : -1;
  s.OpenCount += d;
  if (k.read) s.Readers += d;
  if (k.write) s.Writers += d;
  if (k.del) s.Deleters += d;
  if (k.sr) s.SharedRead += d;
  if (k.sw) s.SharedWrite += d;
  if (k.sd) s.SharedDelete += d;
}
