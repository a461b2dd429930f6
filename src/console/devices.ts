/**
 * cmd.exe and device names (`\\.\SwLegacy`): TYPE, `>` and `<` open the device
 * with CreateFile, read with ReadFile until it returns no more bytes, write
 * with WriteFile (lines end in CR LF, as cmd writes them) and close the
 * handle, all through the machine's Win32 layer in the calling process, so
 * each step is an IRP the driver sees and a failure is the Win32 error
 * Windows would report.
 */
import type { Kernel } from '../kernel/nt.ts';
import { Kernel32, INVALID_HANDLE_VALUE, OPEN_EXISTING, CREATE_ALWAYS, OPEN_ALWAYS } from '../kernel/user/kernel32.ts';
import { FILE_SHARE_READ, FILE_SHARE_WRITE, GENERIC_READ, GENERIC_WRITE } from '../kernel/io/filedefs.ts';
import { ERROR_IO_PENDING } from '../kernel/win32.ts';

/** A Win32 device path: `\\.\Name` or `\\?\Name`. */
export function isDevicePath(path: string): boolean {
  return /^[\\/]{2}[.?][\\/][^\\/]/.test(path);
}

/** How much TYPE reads from a device before it stops (a device may never say end of file). */
const MAX_READS = 64;
const CHUNK = 4096;

export interface DeviceText {
  text: string;
  /** The read was still pending in the driver when TYPE gave up waiting. */
  pending: boolean;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** Open, read to the end, close: the text, or the Win32 error of the open or of a failed read. */
export function readDevice(k: Kernel, path: string): DeviceText | number {
  const api = new Kernel32(k);
  const h = api.CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0);
  if (h === INVALID_HANDLE_VALUE) return api.GetLastError();
  let text = '';
  let pending = false;
  let error = 0;
  for (let i = 0; i < MAX_READS && !k.halted; i++) {
    const r = api.ReadFile(h, CHUNK);
    if (!r.ok) {
      if (api.GetLastError() === ERROR_IO_PENDING) pending = true;
      else error = api.GetLastError();
      break;
    }
    if (r.data.length === 0) break;
    text += latin1(r.data);
  }
  if (!k.halted) api.CloseHandle(h);
  if (error !== 0 && text === '') return error;
  return { text: text.replace(/\r\n/g, '\n'), pending };
}

/** An open device for `>` / `>>`: a handle, or the Win32 error of the open. */
export function openDeviceForWrite(k: Kernel, path: string, append: boolean): number | { handle: number } {
  const api = new Kernel32(k);
  const h = api.CreateFileW(path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, append ? OPEN_ALWAYS : CREATE_ALWAYS, 0);
  if (h === INVALID_HANDLE_VALUE) return api.GetLastError();
  return { handle: h };
}

/** Write what the command printed, then close; the Win32 error of a failed write, or 0. */
export function writeDeviceAndClose(k: Kernel, handle: number, text: string): number {
  const api = new Kernel32(k);
  let error = 0;
  if (text.length > 0) {
    const data = new Uint8Array(text.replace(/\r?\n/g, '\r\n').length);
    const crlf = text.replace(/\r?\n/g, '\r\n');
    for (let i = 0; i < crlf.length; i++) data[i] = crlf.charCodeAt(i) & 0xff;
    const r = api.WriteFile(handle, data);
    if (!r.ok) error = api.GetLastError();
  }
  if (!k.halted) api.CloseHandle(handle);
  return error;
}
