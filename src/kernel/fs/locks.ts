/**
 * A file lock package as FsRtl (and FltMgr's FLT_FILE_LOCK over it) keeps one
 * per stream: byte ranges locked shared or exclusive by an owner (a file
 * object and a process), requests that wait, and the checks a file system
 * makes on non-paging reads and writes. Paging I/O is never checked: for a
 * mapped file, locks are advisory.
 */
import { STATUS_PENDING, STATUS_SUCCESS, type NTSTATUS } from '../status.ts';
import { STATUS_FILE_LOCK_CONFLICT, STATUS_LOCK_NOT_GRANTED, STATUS_RANGE_NOT_LOCKED } from './fsstatus.ts';

export interface FileLockRange {
  /** The owning file object (its id) and requesting process. */
  fileObject: number;
  pid: number;
  offset: number;
  length: number;
  exclusive: boolean;
  /** A waiting request's IRP (its id), completed when the lock is granted. */
  irp?: number;
}

export interface FileLockState {
  granted: FileLockRange[];
  /** Requests made without FailImmediately, queued until the range frees (in order). */
  waiting: FileLockRange[];
}

export function emptyFileLock(): FileLockState {
  return { granted: [], waiting: [] };
}

const overlaps = (a: { offset: number; length: number }, offset: number, length: number) =>
  length > 0 && a.length > 0 && a.offset < offset + length && offset < a.offset + a.length;
const sameOwner = (a: FileLockRange, fo: number, pid: number) => a.fileObject === fo && a.pid === pid;

/** Would `want` be granted now? Exclusive conflicts with any overlap; shared with another owner's exclusive. */
function grantable(state: FileLockState, want: FileLockRange): boolean {
  return !state.granted.some((g) => overlaps(g, want.offset, want.length) && (want.exclusive || (g.exclusive && !sameOwner(g, want.fileObject, want.pid))));
}

/** IRP_MN_LOCK: granted, refused (FailImmediately), or queued (STATUS_PENDING). */
export function lockRange(state: FileLockState, want: FileLockRange, failImmediately: boolean): NTSTATUS {
  if (grantable(state, want)) {
    state.granted.push(want);
    return STATUS_SUCCESS;
  }
  if (failImmediately) return STATUS_LOCK_NOT_GRANTED;
  state.waiting.push(want);
  return STATUS_PENDING;
}

/** Grant what waits and now fits; returns the requests granted (their IRPs complete). */
function wake(state: FileLockState): FileLockRange[] {
  const done: FileLockRange[] = [];
  for (const w of [...state.waiting]) {
    if (!grantable(state, w)) continue;
    state.granted.push(w);
    state.waiting.splice(state.waiting.indexOf(w), 1);
    done.push(w);
  }
  return done;
}

/** IRP_MN_UNLOCK_SINGLE: the exact range of this owner. */
export function unlockRange(state: FileLockState, fo: number, pid: number, offset: number, length: number): { status: NTSTATUS; woken: FileLockRange[] } {
  const i = state.granted.findIndex((g) => sameOwner(g, fo, pid) && g.offset === offset && g.length === length);
  if (i < 0) return { status: STATUS_RANGE_NOT_LOCKED, woken: [] };
  state.granted.splice(i, 1);
  return { status: STATUS_SUCCESS, woken: wake(state) };
}

/** FsRtlFastUnlockAll at cleanup: every lock and waiting request of a file object goes. */
export function unlockAll(state: FileLockState, fo: number): { cancelled: FileLockRange[]; woken: FileLockRange[] } {
  const cancelled = state.waiting.filter((w) => w.fileObject === fo);
  state.waiting = state.waiting.filter((w) => w.fileObject !== fo);
  state.granted = state.granted.filter((g) => g.fileObject !== fo);
  return { cancelled, woken: wake(state) };
}

/**
 * FsRtlCheckLockForReadAccess / ForWriteAccess on a non-paging request: a read is stopped by
 * another owner's exclusive lock; a write by another owner's lock and by any shared lock.
 */
export function checkLockForIo(state: FileLockState, fo: number, pid: number, offset: number, length: number, write: boolean): NTSTATUS {
  const blocked = state.granted.some(
    (g) => overlaps(g, offset, length) && (write ? !g.exclusive || !sameOwner(g, fo, pid) : g.exclusive && !sameOwner(g, fo, pid)),
  );
  return blocked ? STATUS_FILE_LOCK_CONFLICT : STATUS_SUCCESS;
}
