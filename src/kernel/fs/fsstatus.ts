/**
 * The NTSTATUS values a file system returns (ntstatus.h), with their names and
 * their Win32 errors (RtlNtStatusToDosError, winerror.h). Kept beside the file
 * system; `fsStatusName` and `fsDosError` fall back to the kernel's own table.
 */
import { RtlNtStatusToDosError, statusName, type NTSTATUS } from '../status.ts';

export const STATUS_END_OF_FILE = 0xc0000011;
export const STATUS_FILE_LOCK_CONFLICT = 0xc0000054;
export const STATUS_LOCK_NOT_GRANTED = 0xc0000055;
export const STATUS_SHARING_VIOLATION = 0xc0000043;
export const STATUS_FILE_IS_A_DIRECTORY = 0xc00000ba;
export const STATUS_NOT_A_DIRECTORY = 0xc0000103;
export const STATUS_RANGE_NOT_LOCKED = 0xc000007e;
export const STATUS_CANNOT_DELETE = 0xc0000121;
export const STATUS_FILE_DELETED = 0xc0000123;
export const STATUS_DIRECTORY_NOT_EMPTY = 0xc0000101;
export const STATUS_NOT_SAME_DEVICE = 0xc00000d4;
export const STATUS_TRANSACTIONAL_CONFLICT = 0xc0190001;
export const STATUS_FILE_CLOSED = 0xc0000128;
export const STATUS_USER_MAPPED_FILE = 0xc0000243;
export const STATUS_NOT_SAME_OBJECT = 0xc00001ac;
export const STATUS_TOO_MANY_LINKS = 0xc0000265;
export const STATUS_NO_SUCH_FILE = 0xc000000f;

const NAMES = new Map<number, [string, number]>([
  [STATUS_END_OF_FILE, ['STATUS_END_OF_FILE', 38]],
  [STATUS_FILE_LOCK_CONFLICT, ['STATUS_FILE_LOCK_CONFLICT', 33]],
  [STATUS_LOCK_NOT_GRANTED, ['STATUS_LOCK_NOT_GRANTED', 33]],
  [STATUS_SHARING_VIOLATION, ['STATUS_SHARING_VIOLATION', 32]],
  [STATUS_FILE_IS_A_DIRECTORY, ['STATUS_FILE_IS_A_DIRECTORY', 5]],
  [STATUS_NOT_A_DIRECTORY, ['STATUS_NOT_A_DIRECTORY', 267]],
  [STATUS_RANGE_NOT_LOCKED, ['STATUS_RANGE_NOT_LOCKED', 158]],
  [STATUS_CANNOT_DELETE, ['STATUS_CANNOT_DELETE', 5]],
  [STATUS_FILE_DELETED, ['STATUS_FILE_DELETED', 5]],
  [STATUS_DIRECTORY_NOT_EMPTY, ['STATUS_DIRECTORY_NOT_EMPTY', 145]],
  [STATUS_NOT_SAME_DEVICE, ['STATUS_NOT_SAME_DEVICE', 17]],
  [STATUS_TRANSACTIONAL_CONFLICT, ['STATUS_TRANSACTIONAL_CONFLICT', 6800]],
  [STATUS_FILE_CLOSED, ['STATUS_FILE_CLOSED', 6]],
  [STATUS_USER_MAPPED_FILE, ['STATUS_USER_MAPPED_FILE', 1224]],
  [STATUS_NOT_SAME_OBJECT, ['STATUS_NOT_SAME_OBJECT', 1656]],
  [STATUS_TOO_MANY_LINKS, ['STATUS_TOO_MANY_LINKS', 1142]],
  [STATUS_NO_SUCH_FILE, ['STATUS_NO_SUCH_FILE', 2]],
]);

export function fsStatusName(status: NTSTATUS): string {
  return NAMES.get(status >>> 0)?.[0] ?? statusName(status);
}

export function fsDosError(status: NTSTATUS): number {
  return NAMES.get(status >>> 0)?.[1] ?? RtlNtStatusToDosError(status);
}
