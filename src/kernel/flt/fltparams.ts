/**
 * FLT_PARAMETERS as the Filter Manager hands them to a minifilter: the IRP's
 * stack location read into named fields (FltMgr builds FLT_CALLBACK_DATA from
 * the IRP before the first pre-operation callback). The create's disposition
 * and options unpacked, the name from the file object, a read's or write's
 * offset and paging flag, a write's data, a set-information class by name with
 * its structure, a lock's exclusive and fail-immediately flags. And the reverse
 * for a minifilter's own FltSetInformationFile: the structure's bytes.
 */
import { utf8Decode } from '../../base/text.ts';
import type { Kernel } from '../nt.ts';
import {
  IRP_MJ_CREATE,
  IRP_MJ_LOCK_CONTROL,
  IRP_MJ_READ,
  IRP_MJ_SET_INFORMATION,
  IRP_MJ_WRITE,
  IRP_PAGING_IO,
  SL_EXCLUSIVE_LOCK,
  SL_FAIL_IMMEDIATELY,
  type Irp,
  type IoStackLocation,
  type JsonRecord,
} from '../io/types.ts';
import { FileDispositionInformation, FileLinkInformation, FileRenameInformation } from '../io/filedefs.ts';
import { fsdContext } from '../fs/ntfsfsd.ts';

const CLASS_NAMES: Readonly<Record<number, string>> = {
  [FileRenameInformation]: 'FileRenameInformation',
  [FileLinkInformation]: 'FileLinkInformation',
  [FileDispositionInformation]: 'FileDispositionInformation',
};
const CLASS_NUMBERS: Readonly<Record<string, number>> = {
  FileRenameInformation,
  FileLinkInformation,
  FileDispositionInformation,
};

const num = (p: JsonRecord, key: string): number => (typeof p[key] === 'number' ? (p[key] as number) : 0);
const hexOf = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The operation's parameters as a minifilter reads them. */
export function minifilterParameters(k: Kernel, irp: Irp, loc: IoStackLocation): JsonRecord {
  const p = loc.Parameters;
  const ctx = fsdContext(k.nt);
  const out: JsonRecord = { ...p };
  switch (loc.MajorFunction) {
    case IRP_MJ_CREATE: {
      out['FileName'] = k.io.state.files[loc.FileObject ?? 0]?.FileName ?? '';
      out['Disposition'] = num(p, 'Options') >>> 24;
      out['Options'] = num(p, 'Options') & 0xffffff;
      const ecp = irp.ExtraCreateParameters;
      out['Transaction'] = ecp !== null && ecp !== undefined && ecp['Transaction'] === true;
      break;
    }
    case IRP_MJ_READ:
    case IRP_MJ_WRITE:
      out['Offset'] = num(p, 'ByteOffset');
      out['Paging'] = (irp.Flags & IRP_PAGING_IO) !== 0;
      if (loc.MajorFunction === IRP_MJ_WRITE) out['Data'] = utf8Decode(ctx?.callerBytes(irp, num(p, 'Length')) ?? new Uint8Array(0));
      break;
    case IRP_MJ_SET_INFORMATION: {
      const cls = num(p, 'FileInformationClass');
      const bytes = ctx?.callerBytes(irp, num(p, 'Length')) ?? new Uint8Array(0);
      out['FileInformationClass'] = CLASS_NAMES[cls] ?? `class ${cls}`;
      out['Buffer'] = hexOf(bytes);
      if (cls === FileDispositionInformation) out['DeleteFile'] = (bytes[0] ?? 0) !== 0;
      break;
    }
    case IRP_MJ_LOCK_CONTROL:
      out['ExclusiveLock'] = (loc.Flags & SL_EXCLUSIVE_LOCK) !== 0;
      out['FailImmediately'] = (loc.Flags & SL_FAIL_IMMEDIATELY) !== 0;
      break;
  }
  return out;
}

/** A minifilter's FltSetInformationFile structure: its class and bytes, or null for one it cannot name. */
export function informationBytes(p: JsonRecord): { cls: number; bytes: Uint8Array } | null {
  const raw = p['FileInformationClass'];
  const cls = typeof raw === 'number' ? raw : typeof raw === 'string' ? CLASS_NUMBERS[raw] : undefined;
  if (cls === undefined) return null;
  if (cls === FileDispositionInformation && typeof p['DeleteFile'] === 'boolean') return { cls, bytes: Uint8Array.of(p['DeleteFile'] ? 1 : 0) };
  const hex = typeof p['Buffer'] === 'string' ? p['Buffer'] : '';
  if (!/^([0-9a-f]{2})*$/i.test(hex)) return null;
  const bytes = Uint8Array.from((hex.match(/../g) ?? []).map((h) => parseInt(h, 16)));
  // The fixed part of FILE_RENAME_INFORMATION is 24 bytes on x64 (a short name still passes that much).
  return { cls, bytes: cls === FileDispositionInformation || bytes.length >= 24 ? bytes : padded(bytes, 24) };
}

function padded(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  out.set(bytes);
  return out;
}
