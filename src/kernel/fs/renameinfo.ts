/**
 * FILE_RENAME_INFORMATION and FILE_LINK_INFORMATION as bytes, in the layout of
 * the process that built them. On x64: ReplaceIfExists (BOOLEAN) at 0,
 * RootDirectory (HANDLE, 8 bytes) at 8, FileNameLength at 16, FileName at 20.
 * From a 32-bit process: the HANDLE is 4 bytes, so RootDirectory is at 4,
 * FileNameLength at 8 and FileName at 12. A driver that reads a 32-bit
 * caller's buffer with the 64-bit layout takes the name's length and first
 * characters for the handle: it must thunk (IoIs32bitProcess).
 */
import { STATUS_INVALID_HANDLE, STATUS_INVALID_PARAMETER, STATUS_SUCCESS, type NTSTATUS } from '../status.ts';

export interface RenameInfo {
  replaceIfExists: boolean;
  rootDirectory: number;
  fileName: string;
}

function hex(bytes: number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

function put(bytes: number[], at: number, value: number, size: number): void {
  for (let i = 0; i < size; i++) bytes[at + i] = Math.floor(value / 2 ** (8 * i)) & 0xff;
}

function get(bytes: number[], at: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + (bytes[at + i] ?? 0);
  return v;
}

/** The bytes a caller of `bits` (32 or 64) passes to NtSetInformationFile. */
export function buildRenameBuffer(info: RenameInfo, wow64: boolean): string {
  const nameAt = wow64 ? 12 : 20;
  const bytes = new Array<number>(nameAt + info.fileName.length * 2).fill(0);
  bytes[0] = info.replaceIfExists ? 1 : 0;
  put(bytes, wow64 ? 4 : 8, info.rootDirectory, wow64 ? 4 : 8);
  put(bytes, wow64 ? 8 : 16, info.fileName.length * 2, 4);
  for (let i = 0; i < info.fileName.length; i++) put(bytes, nameAt + i * 2, info.fileName.charCodeAt(i), 2);
  return hex(bytes);
}

/** Read the structure with the 32-bit layout (thunked) or the native 64-bit one. */
export function parseRenameBuffer(buffer: string, as32bit: boolean): RenameInfo & { status: NTSTATUS } {
  const bytes = (buffer.match(/../g) ?? []).map((h) => parseInt(h, 16));
  const nameAt = as32bit ? 12 : 20;
  const bad = (status: NTSTATUS) => ({ status, replaceIfExists: false, rootDirectory: 0, fileName: '' });
  if (bytes.length < nameAt) return bad(STATUS_INVALID_PARAMETER);
  const rootDirectory = get(bytes, as32bit ? 4 : 8, as32bit ? 4 : 8);
  const length = get(bytes, as32bit ? 8 : 16, 4);
  // A handle value is a multiple of 4 below 2^24 here; anything else cannot be referenced.
  if (rootDirectory !== 0 && (rootDirectory % 4 !== 0 || rootDirectory >= 0x1000000)) return bad(STATUS_INVALID_HANDLE);
  if (length % 2 !== 0 || nameAt + length > bytes.length || length === 0) return bad(STATUS_INVALID_PARAMETER);
  let fileName = '';
  for (let i = 0; i < length; i += 2) fileName += String.fromCharCode(get(bytes, nameAt + i, 2));
  return { status: STATUS_SUCCESS, replaceIfExists: bytes[0] !== 0, rootDirectory, fileName };
}
