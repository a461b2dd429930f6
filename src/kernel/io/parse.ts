/**
 * The object-namespace part of NtCreateFile (ObpLookupObjectName handing over
 * to IopParseDevice): follow symbolic links until a device object is reached;
 * what is left of the name belongs to the device's driver and becomes
 * FILE_OBJECT.FileName. `\??\C:\dir\file` → `\??\C:` → `\Device\HarddiskVolume2`
 * with `\dir\file` left. A drive letter that names no device (or a volume on
 * which no file system is mounted yet) is served from the machine's C: store.
 */
import type { Kernel } from '../nt.ts';
import { NT_SUCCESS, STATUS_OBJECT_NAME_INVALID, STATUS_OBJECT_PATH_NOT_FOUND, STATUS_OBJECT_TYPE_MISMATCH, STATUS_SUCCESS, type NTSTATUS } from '../status.ts';
import { FILE_DEVICE_DISK } from './types.ts';

export type ParseResult =
  | { status: NTSTATUS; kind: 'device'; device: number; remaining: string }
  | { status: NTSTATUS; kind: 'store'; path: string }
  | { status: NTSTATUS; kind: 'none' };

const DRIVE = /^\\\?\?\\([a-z]):(\\.*)?$/i;

/** Resolve an NT path to a device and the rest of the name. */
export function parseName(k: Kernel, path: string, mounted: (volume: number) => boolean): ParseResult {
  if (!path.startsWith('\\') || path.includes('\0')) return { status: STATUS_OBJECT_NAME_INVALID, kind: 'none' };
  const drive = DRIVE.exec(path);
  const found = findDevice(k, path);
  if (found.kind === 'device') {
    const dev = k.io.state.devices[found.device];
    // A volume with no file system on it yet: the store keeps its files (until one mounts).
    if (drive && dev?.DeviceType === FILE_DEVICE_DISK && !mounted(found.device)) return storePath(k, drive);
    return found;
  }
  if (drive && found.status !== STATUS_OBJECT_NAME_INVALID) return storePath(k, drive);
  return found;
}

function storePath(k: Kernel, drive: RegExpExecArray): ParseResult {
  const letter = drive[1].toUpperCase();
  // The machine's one disk volume is C:.
  if (letter !== 'C' || !k.fs.isDir('C:\\')) return { status: STATUS_OBJECT_PATH_NOT_FOUND, kind: 'none' };
  const rest = (drive[2] ?? '\\').replace(/\\+$/, '');
  return { status: STATUS_SUCCESS, kind: 'store', path: `C:${rest === '' ? '\\' : rest}` };
}

function findDevice(k: Kernel, path: string): ParseResult {
  const whole = k.ob.lookup(path);
  if (NT_SUCCESS(whole.status)) {
    const type = k.ob.get(whole.id)?.Type;
    if (type === 'Device') return { status: STATUS_SUCCESS, kind: 'device', device: whole.id, remaining: '' };
    return { status: STATUS_OBJECT_TYPE_MISMATCH, kind: 'none' };
  }
  // Walk back to the longest prefix that names a device: the rest is the device's to parse.
  const parts = path.split('\\');
  for (let n = parts.length - 1; n >= 2; n--) {
    const prefix = parts.slice(0, n).join('\\');
    const r = k.ob.lookup(prefix);
    if (!NT_SUCCESS(r.status)) continue;
    const type = k.ob.get(r.id)?.Type;
    if (type === 'Device') return { status: STATUS_SUCCESS, kind: 'device', device: r.id, remaining: '\\' + parts.slice(n).join('\\') };
    // A directory or another object in the way: the name is not there.
    return { status: whole.status, kind: 'none' };
  }
  return { status: whole.status, kind: 'none' };
}
