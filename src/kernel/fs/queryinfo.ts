/**
 * The buffers of IRP_MJ_QUERY_INFORMATION that a file system fills (x64
 * layouts): FILE_INTERNAL_INFORMATION, FILE_NAME_INFORMATION,
 * FILE_STREAM_INFORMATION, FILE_NETWORK_OPEN_INFORMATION and
 * FILE_LINKS_INFORMATION (FileHardLinkInformation). Basic and standard
 * information are the I/O manager's shared encoders (io/fileinfo.ts).
 */
import { FILE_ATTRIBUTE_ARCHIVE, FILE_ATTRIBUTE_DIRECTORY } from '../io/filedefs.ts';
import { fileTime, putU32, putU64 } from '../io/fileinfo.ts';

export const FileInternalInformation = 6;
export const FileNameInformation = 9;
export const FileStreamInformation = 22;
export const FileNetworkOpenInformation = 34;
export const FileHardLinkInformation = 46;

const align8 = (n: number) => (n + 7) & ~7;

function putName(out: Uint8Array, at: number, name: string): void {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    out[at + i * 2] = c & 0xff;
    out[at + i * 2 + 1] = (c >> 8) & 0xff;
  }
}

export function internalInformation(fileId: number): Uint8Array {
  const out = new Uint8Array(8);
  putU64(out, 0, fileId);
  return out;
}

/** FILE_NAME_INFORMATION: the name from the volume's root ('\Vault\plan.txt'). */
export function nameInformation(name: string): Uint8Array {
  const out = new Uint8Array(4 + name.length * 2);
  putU32(out, 0, name.length * 2);
  putName(out, 4, name);
  return out;
}

/** FILE_STREAM_INFORMATION entries: '::$DATA' for the default stream, ':name:$DATA' for each named one. */
export function streamInformation(streams: readonly { name: string; size: number }[]): Uint8Array {
  const records = streams.map((s) => {
    const name = `:${s.name}:$DATA`;
    const r = new Uint8Array(24 + name.length * 2);
    putU32(r, 4, name.length * 2);
    putU64(r, 8, s.size);
    putU64(r, 16, Math.ceil(s.size / 8) * 8);
    putName(r, 24, name);
    return r;
  });
  return chain(records);
}

export function networkOpenInformation(written: number, size: number, directory: boolean): Uint8Array {
  const out = new Uint8Array(56);
  const t = fileTime(written);
  for (const at of [0, 8, 16, 24]) putU64(out, at, t);
  putU64(out, 32, directory ? 0 : Math.ceil(size / 4096) * 4096);
  putU64(out, 40, directory ? 0 : size);
  putU32(out, 48, directory ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE);
  return out;
}

/**
 * FILE_LINKS_INFORMATION: BytesNeeded, EntriesReturned, then FILE_LINK_ENTRY_INFORMATION
 * records (NextEntryOffset, ParentFileId at 8, FileNameLength at 16, FileName at 20).
 */
export function linksInformation(links: readonly { parent: number; name: string }[]): Uint8Array {
  const records = links.map((l) => {
    const r = new Uint8Array(20 + l.name.length * 2);
    putU64(r, 8, l.parent);
    putU32(r, 16, l.name.length);
    putName(r, 20, l.name);
    return r;
  });
  const body = chain(records);
  const out = new Uint8Array(8 + body.length);
  putU32(out, 0, out.length);
  putU32(out, 4, records.length);
  out.set(body, 8);
  return out;
}

/** Records one after another, 8-byte aligned, each with the offset of the next in its first ULONG. */
export function chain(records: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const r of records) size = align8(size) + r.length;
  const out = new Uint8Array(size);
  let at = 0;
  records.forEach((r, i) => {
    const start = align8(at);
    out.set(r, start);
    if (i < records.length - 1) putU32(out, start, align8(start + r.length) - start);
    at = start + r.length;
  });
  return out;
}

/** Read FILE_LINKS_INFORMATION back (what FindFirstFileNameW walks). */
export function parseLinksInformation(bytes: Uint8Array): { parent: number; name: string }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8) return [];
  const count = view.getUint32(4, true);
  const out: { parent: number; name: string }[] = [];
  let at = 8;
  for (let i = 0; i < count && at + 20 <= bytes.length; i++) {
    const next = view.getUint32(at, true);
    const parent = Number(view.getBigUint64(at + 8, true));
    const length = view.getUint32(at + 16, true);
    let name = '';
    for (let j = 0; j < length && at + 20 + j * 2 + 1 < bytes.length; j++) name += String.fromCharCode(view.getUint16(at + 20 + j * 2, true));
    out.push({ parent, name });
    if (next === 0) break;
    at += next;
  }
  return out;
}
