/**
 * FILE_INFORMATION_CLASS buffers as bytes (little-endian, x64 layouts), for
 * NtQueryInformationFile / NtSetInformationFile and the drivers that answer
 * them. Times are FILETIMEs (100 ns since 1601).
 */
import {
  FILE_ATTRIBUTE_ARCHIVE,
  FILE_ATTRIBUTE_DIRECTORY,
  FileBasicInformation,
  FileDispositionInformation,
  FileEndOfFileInformation,
  FileLinkInformation,
  FilePositionInformation,
  FileRenameInformation,
  FileStandardInformation,
} from './filedefs.ts';

/** The fixed size of each class's buffer (what a caller must pass at least). */
export const INFO_SIZE: Readonly<Record<number, number>> = {
  [FileBasicInformation]: 40,
  [FileStandardInformation]: 24,
  8: 4,
  [FileRenameInformation]: 24,
  [FileLinkInformation]: 24,
  [FileDispositionInformation]: 1,
  [FilePositionInformation]: 8,
  16: 4,
  19: 8,
  [FileEndOfFileInformation]: 8,
  // FileInternalInformation, FileNameInformation, FileStreamInformation, FileNetworkOpenInformation, FileHardLinkInformation.
  6: 8,
  9: 8,
  22: 32,
  34: 56,
  46: 32,
};

export function putU64(out: Uint8Array, at: number, v: bigint | number): void {
  new DataView(out.buffer, out.byteOffset, out.byteLength).setBigUint64(at, BigInt.asUintN(64, BigInt(v)), true);
}

export function getU64(bytes: Uint8Array, at: number): bigint {
  if (bytes.length < at + 8) return 0n;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(at, true);
}

export function putU32(out: Uint8Array, at: number, v: number): void {
  new DataView(out.buffer, out.byteOffset, out.byteLength).setUint32(at, v >>> 0, true);
}

/** FILETIME of a time in ms since 1970. */
export function fileTime(ms: number): bigint {
  return (BigInt(Math.max(0, Math.floor(ms))) + 11_644_473_600_000n) * 10_000n;
}

export function basicInformation(written: number, directory: boolean): Uint8Array {
  const out = new Uint8Array(40);
  for (const at of [0, 8, 16, 24]) putU64(out, at, fileTime(written));
  putU32(out, 32, directory ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE);
  return out;
}

export function standardInformation(size: number, directory: boolean, deletePending: boolean): Uint8Array {
  const out = new Uint8Array(24);
  putU64(out, 0, directory ? 0 : Math.ceil(size / 4096) * 4096);
  putU64(out, 8, directory ? 0 : size);
  putU32(out, 16, 1);
  out[20] = deletePending ? 1 : 0;
  out[21] = directory ? 1 : 0;
  return out;
}

export function positionInformation(offset: number): Uint8Array {
  const out = new Uint8Array(8);
  putU64(out, 0, offset);
  return out;
}
