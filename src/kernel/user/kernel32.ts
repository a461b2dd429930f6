/**
 * The Win32 file API of kernel32/KERNELBASE as a program in the machine calls
 * it: CreateFileW turns a DOS path into an NT path and its flags into
 * NtCreateFile's, ReadFile/WriteFile/DeviceIoControl hand the program's own
 * buffers (in its user address space) to the Nt services, and a failure sets
 * the thread's last error from RtlNtStatusToDosError, as Windows does. One
 * instance per running program: it keeps the program's last error.
 */
import type { Kernel } from '../nt.ts';
import { fullPath } from '../fs/files.ts';
import { fsDosError } from '../fs/fsstatus.ts';
import { buildRenameBuffer } from '../fs/renameinfo.ts';
import { NT_SUCCESS, STATUS_END_OF_FILE, STATUS_OBJECT_NAME_COLLISION, STATUS_PENDING, type NTSTATUS } from '../status.ts';
import { ERROR_ALREADY_EXISTS, ERROR_FILE_EXISTS, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, ERROR_IO_PENDING, ERROR_SUCCESS } from '../win32.ts';
import {
  DELETE,
  FILE_CREATE,
  FILE_DIRECTORY_FILE,
  FILE_LIST_DIRECTORY,
  FILE_DELETE_ON_CLOSE,
  FILE_NON_DIRECTORY_FILE,
  FILE_NO_INTERMEDIATE_BUFFERING,
  FILE_OPEN,
  FILE_OPEN_FOR_BACKUP_INTENT,
  FILE_OPEN_IF,
  FILE_OVERWRITE,
  FILE_OVERWRITE_IF,
  FILE_RANDOM_ACCESS,
  FILE_READ_ATTRIBUTES,
  FILE_WRITE_ATTRIBUTES,
  FILE_SEQUENTIAL_ONLY,
  FILE_SYNCHRONOUS_IO_NONALERT,
  FILE_WRITE_THROUGH,
  FILE_OPENED,
  FileBasicInformation,
  FileDispositionInformation,
  FileEndOfFileInformation,
  FileLinkInformation,
  FileRenameInformation,
  FileStandardInformation,
  SYNCHRONIZE,
} from '../io/filedefs.ts';
import type { CallerFrames, NtResult } from '../io/ntfile.ts';

export const INVALID_HANDLE_VALUE = -1;
export const CREATE_NEW = 1;
export const CREATE_ALWAYS = 2;
export const OPEN_EXISTING = 3;
export const OPEN_ALWAYS = 4;
export const TRUNCATE_EXISTING = 5;
export const FILE_FLAG_WRITE_THROUGH = 0x80000000;
export const FILE_FLAG_OVERLAPPED = 0x40000000;
export const FILE_FLAG_NO_BUFFERING = 0x20000000;
export const FILE_FLAG_RANDOM_ACCESS = 0x10000000;
export const FILE_FLAG_SEQUENTIAL_SCAN = 0x08000000;
export const FILE_FLAG_DELETE_ON_CLOSE = 0x04000000;
export const FILE_FLAG_BACKUP_SEMANTICS = 0x02000000;
export const LOCKFILE_FAIL_IMMEDIATELY = 0x1;
export const LOCKFILE_EXCLUSIVE_LOCK = 0x2;

/** FILE_INFO_BY_HANDLE_CLASS → FILE_INFORMATION_CLASS (SetFileInformationByHandle). */
export const FileBasicInfo = 0;
export const FileStandardInfo = 1;
export const FileDispositionInfo = 4;
export const FileEndOfFileInfo = 6;
const BY_HANDLE: Readonly<Record<number, number>> = {
  [FileBasicInfo]: FileBasicInformation,
  [FileStandardInfo]: FileStandardInformation,
  [FileDispositionInfo]: FileDispositionInformation,
  [FileEndOfFileInfo]: FileEndOfFileInformation,
};

const DOS_DEVICES = /^(nul|con|aux|prn|com[1-9]|lpt[1-9])(\.[^\\]*)?$/i;

/** RtlDosPathNameToNtPathName_U: '\\.\X' → '\??\X', 'C:\x' → '\??\C:\x', 'nul' → '\??\nul'. */
export function dosPathToNtPath(path: string, cwd = 'C:\\'): string | null {
  const p = path.replace(/\//g, '\\');
  if (p === '') return null;
  if (/^\\\\[.?]\\/.test(p)) return p.length > 4 ? '\\??\\' + p.slice(4) : null;
  if (/^\\\\[^\\]/.test(p)) return '\\??\\UNC\\' + p.slice(2);
  const last = p.slice(p.lastIndexOf('\\') + 1);
  const device = DOS_DEVICES.exec(last.replace(/[ .]+$/, ''));
  if (device && !/^[a-z]:\\?$/i.test(p)) return '\\??\\' + device[1].toUpperCase();
  return '\\??\\' + fullPath(cwd, p);
}

export interface ReadResult {
  ok: boolean;
  data: Uint8Array;
  /** The program's buffer (hex address in its user space). */
  buffer: string;
}

/** Overlapped I/O: the request still pending, to be waited for with GetOverlappedResult. */
export interface Overlapped {
  offset: number;
  /** Set by the call when the request pends (ERROR_IO_PENDING). */
  irp?: number;
  buffer?: string;
  length?: number;
}

export class Kernel32 {
  private readonly k: Kernel;
  private lastError = ERROR_SUCCESS;
  /** The program's current directory (relative paths). */
  cwd: string;
  /** The program's own frames below KERNELBASE, innermost first. */
  private readonly callerFrames: CallerFrames;

  constructor(k: Kernel, options: { cwd?: string; frames?: CallerFrames } = {}) {
    this.k = k;
    this.cwd = options.cwd ?? 'C:\\';
    const exe = this.k.ps.requestor()?.name.replace(/\.[^.]*$/, '') ?? 'cmd';
    this.callerFrames = options.frames ?? [
      `${exe}!wmain+0x1d4`,
      `${exe}!wmainCRTStartup+0x11f`,
      'kernel32!BaseThreadInitThunk+0xd',
      'ntdll!RtlUserThreadStart+0x21',
    ];
  }

  GetLastError(): number {
    return this.lastError;
  }

  SetLastError(code: number): void {
    this.lastError = code;
  }

  /** The frames of a call from KERNELBASE!fn+offset down to the program (what a breakpoint in nt!Nt* shows below the system call). */
  frames(fn: string, offset: number): CallerFrames {
    return [`KERNELBASE!${fn}+0x${offset.toString(16)}`, ...this.callerFrames];
  }

  /** BaseSetLastNTError: the last error from an NTSTATUS; returns false for the caller to return. */
  fail(status: NTSTATUS): false {
    this.lastError = fsDosError(status);
    return false;
  }

  private get pid(): number {
    return this.k.ps.requestor()?.pid ?? 4;
  }

  /** HeapAlloc: a buffer in the program's address space. */
  HeapAlloc(size: number): string {
    return this.k.buffers.userAlloc(this.pid, size);
  }

  HeapFree(buffer: string): void {
    this.k.buffers.remove(this.pid, buffer);
  }

  /** Bytes at a program address (what the program sees in its buffer). */
  readMemory(buffer: string, length: number): Uint8Array {
    return this.k.mm.read(this.pid, BigInt('0x' + buffer), length) ?? new Uint8Array(0);
  }

  writeMemory(buffer: string, data: Uint8Array): boolean {
    return data.length === 0 || this.k.mm.write(this.pid, BigInt('0x' + buffer), data);
  }

  /** A buffer holding `data` (a program filling its buffer before a call). */
  bufferWith(data: Uint8Array | null, size = data?.length ?? 0): string {
    const b = this.HeapAlloc(Math.max(size, 1));
    if (data && data.length > 0) this.writeMemory(b, data);
    return b;
  }

  CreateFileW(name: string, desiredAccess: number, shareMode: number, creationDisposition: number, flagsAndAttributes: number): number {
    const disposition = [0, FILE_CREATE, FILE_OVERWRITE_IF, FILE_OPEN, FILE_OPEN_IF, FILE_OVERWRITE][creationDisposition];
    if (disposition === undefined || creationDisposition === 0) {
      this.lastError = ERROR_INVALID_PARAMETER;
      return INVALID_HANDLE_VALUE;
    }
    const path = dosPathToNtPath(name, this.cwd);
    if (path === null) {
      this.lastError = 3;
      return INVALID_HANDLE_VALUE;
    }
    const f = flagsAndAttributes >>> 0;
    let options = 0;
    if (!(f & FILE_FLAG_OVERLAPPED)) options |= FILE_SYNCHRONOUS_IO_NONALERT;
    if (f & FILE_FLAG_WRITE_THROUGH) options |= FILE_WRITE_THROUGH;
    if (f & FILE_FLAG_NO_BUFFERING) options |= FILE_NO_INTERMEDIATE_BUFFERING;
    if (f & FILE_FLAG_SEQUENTIAL_SCAN) options |= FILE_SEQUENTIAL_ONLY;
    if (f & FILE_FLAG_RANDOM_ACCESS) options |= FILE_RANDOM_ACCESS;
    if (f & FILE_FLAG_BACKUP_SEMANTICS) options |= FILE_OPEN_FOR_BACKUP_INTENT;
    else options |= FILE_NON_DIRECTORY_FILE;
    let access = (desiredAccess >>> 0) | SYNCHRONIZE | FILE_READ_ATTRIBUTES;
    if (f & FILE_FLAG_DELETE_ON_CLOSE) {
      options |= FILE_DELETE_ON_CLOSE;
      access |= DELETE;
    }
    const r = this.k.files.NtCreateFile(
      { path, desiredAccess: access >>> 0, shareAccess: shareMode, createDisposition: disposition, createOptions: options, fileAttributes: f & 0x7fa7 },
      this.frames('CreateFileW', 0x2cd),
    );
    if (!NT_SUCCESS(r.status) || r.halted) {
      this.fail(r.status);
      // CreateFileW's own mapping: a name collision is "The file exists."
      if (r.status === STATUS_OBJECT_NAME_COLLISION) this.lastError = ERROR_FILE_EXISTS;
      return INVALID_HANDLE_VALUE;
    }
    // CREATE_ALWAYS and OPEN_ALWAYS on an existing file succeed and say so.
    this.lastError =
      (creationDisposition === CREATE_ALWAYS || creationDisposition === OPEN_ALWAYS) && r.information === FILE_OPENED ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS;
    if (creationDisposition === CREATE_ALWAYS && r.information === 3) this.lastError = ERROR_ALREADY_EXISTS;
    return r.handle;
  }

  /** A pending request on a synchronous handle that never completes leaves the thread blocked. */
  private pended(r: NtResult, overlapped: Overlapped | null, buffer: string, length: number): boolean {
    if (r.status !== STATUS_PENDING) return false;
    if (overlapped) {
      overlapped.irp = r.irp;
      overlapped.buffer = buffer;
      overlapped.length = length;
    }
    this.lastError = ERROR_IO_PENDING;
    return true;
  }

  ReadFile(handle: number, length: number, overlapped: Overlapped | null = null): ReadResult {
    const buffer = this.HeapAlloc(Math.max(length, 1));
    const r = this.k.files.NtReadFile(handle, buffer, length, overlapped ? overlapped.offset : null, this.frames('ReadFile', 0xea));
    if (this.pended(r, overlapped, buffer, length)) return { ok: false, data: new Uint8Array(0), buffer };
    // A synchronous read at the end of the file succeeds with no bytes.
    if (r.status === STATUS_END_OF_FILE && !overlapped) return this.done({ ok: true, data: new Uint8Array(0), buffer: this.release(buffer) });
    if (!NT_SUCCESS(r.status) || r.halted) return { ok: this.fail(r.status), data: new Uint8Array(0), buffer: this.release(buffer) };
    const data = this.readMemory(buffer, Math.min(r.information, length));
    return this.done({ ok: true, data, buffer: this.release(buffer) });
  }

  /** The program is done with a buffer of a completed call (its heap block goes; the address stays a value). */
  release(buffer: string): string {
    if (!this.k.halted) this.HeapFree(buffer);
    return buffer;
  }

  /** A call succeeded: the last error is cleared and `v` returned. */
  done<T>(v: T): T {
    this.lastError = ERROR_SUCCESS;
    return v;
  }

  WriteFile(handle: number, data: Uint8Array, overlapped: Overlapped | null = null): { ok: boolean; written: number; buffer: string } {
    const buffer = this.bufferWith(data);
    const r = this.k.files.NtWriteFile(handle, buffer, data.length, overlapped ? overlapped.offset : null, this.frames('WriteFile', 0xfb));
    if (this.pended(r, overlapped, buffer, data.length)) return { ok: false, written: 0, buffer };
    this.release(buffer);
    if (!NT_SUCCESS(r.status) || r.halted) return { ok: this.fail(r.status), written: 0, buffer };
    return this.done({ ok: true, written: r.information, buffer });
  }

  /** DeviceIoControl with the program's input bytes and an output buffer of `outputLength`. */
  DeviceIoControl(
    handle: number,
    code: number,
    input: Uint8Array | null,
    outputLength: number,
    overlapped: Overlapped | null = null,
  ): { ok: boolean; data: Uint8Array; input: string | null; output: string | null } {
    const inBuf = input && input.length > 0 ? this.bufferWith(input) : null;
    const outBuf = outputLength > 0 ? this.HeapAlloc(outputLength) : null;
    const r = this.k.files.NtDeviceIoControlFile(
      handle,
      { code: code >>> 0, input: inBuf, inputLength: input?.length ?? 0, output: outBuf, outputLength },
      this.frames('DeviceIoControl', 0x7a),
    );
    const none = new Uint8Array(0);
    if (this.pended(r, overlapped, outBuf ?? '0', outputLength)) return { ok: false, data: none, input: inBuf, output: outBuf };
    const data = outBuf && NT_SUCCESS(r.status) && !r.halted ? this.readMemory(outBuf, Math.min(r.information, outputLength)) : none;
    if (inBuf) this.release(inBuf);
    if (outBuf) this.release(outBuf);
    if (!NT_SUCCESS(r.status) || r.halted) return { ok: this.fail(r.status), data: none, input: inBuf, output: outBuf };
    return this.done({ ok: true, data, input: inBuf, output: outBuf });
  }

  /** GetOverlappedResult(bWait = TRUE): wait for a pending request. */
  GetOverlappedResult(overlapped: Overlapped): { ok: boolean; data: Uint8Array; transferred: number } {
    const none = new Uint8Array(0);
    if (overlapped.irp === undefined) return { ok: this.fail(0xc000000d), data: none, transferred: 0 };
    const r = this.k.files.NtWaitForSingleObject(overlapped.irp, this.frames('GetOverlappedResult', 0x5c));
    if (r.status === STATUS_PENDING) {
      this.lastError = ERROR_IO_PENDING;
      return { ok: false, data: none, transferred: 0 };
    }
    if (!NT_SUCCESS(r.status)) return { ok: this.fail(r.status), data: none, transferred: 0 };
    const data = overlapped.buffer ? this.readMemory(overlapped.buffer, Math.min(r.information, overlapped.length ?? 0)) : none;
    if (overlapped.buffer) this.release(overlapped.buffer);
    return this.done({ ok: true, data, transferred: r.information });
  }

  CloseHandle(handle: number): boolean {
    const r = this.k.files.NtClose(handle, this.frames('CloseHandle', 0x18));
    if (r.status === 0xc0000008) {
      this.lastError = ERROR_INVALID_HANDLE;
      return false;
    }
    return NT_SUCCESS(r.status) ? this.done(true) : this.fail(r.status);
  }

  CancelIo(handle: number): boolean {
    const r = this.k.files.NtCancelIoFile(handle, this.frames('CancelIo', 0x19));
    return NT_SUCCESS(r.status) ? this.done(true) : this.fail(r.status);
  }

  LockFileEx(handle: number, flags: number, offset: number, length: number): boolean {
    const r = this.k.files.NtLockFile(
      handle,
      offset,
      length,
      0,
      (flags & LOCKFILE_FAIL_IMMEDIATELY) !== 0,
      (flags & LOCKFILE_EXCLUSIVE_LOCK) !== 0,
      this.frames('LockFileEx', 0x8d),
    );
    return NT_SUCCESS(r.status) && r.status !== STATUS_PENDING ? this.done(true) : this.fail(r.status);
  }

  UnlockFileEx(handle: number, offset: number, length: number): boolean {
    const r = this.k.files.NtUnlockFile(handle, offset, length, 0, this.frames('UnlockFileEx', 0x4f));
    return NT_SUCCESS(r.status) ? this.done(true) : this.fail(r.status);
  }

  /** SetFileInformationByHandle with a FILE_INFO_BY_HANDLE_CLASS and its buffer's bytes. */
  SetFileInformationByHandle(handle: number, infoClass: number, data: Uint8Array): boolean {
    const cls = BY_HANDLE[infoClass];
    if (cls === undefined) {
      this.lastError = ERROR_INVALID_PARAMETER;
      return false;
    }
    const buffer = this.bufferWith(data);
    const r = this.k.files.NtSetInformationFile(handle, buffer, data.length, cls, this.frames('SetFileInformationByHandle', 0x9e));
    this.release(buffer);
    return NT_SUCCESS(r.status) ? this.done(true) : this.fail(r.status);
  }

  /** DeleteFileW: open for DELETE sharing everything, FileDispositionInformation, close (the file goes with the last handle). */
  DeleteFileW(name: string): boolean {
    const path = dosPathToNtPath(name, this.cwd);
    if (path === null) return this.fail(0xc0000033);
    const options = FILE_NON_DIRECTORY_FILE | FILE_OPEN_FOR_BACKUP_INTENT | FILE_SYNCHRONOUS_IO_NONALERT;
    const o = this.k.files.NtOpenFile(path, DELETE | SYNCHRONIZE | FILE_READ_ATTRIBUTES, 7, options, this.frames('DeleteFileW', 0x9c));
    if (!NT_SUCCESS(o.status) || o.halted) return this.fail(o.status);
    const buffer = this.bufferWith(Uint8Array.of(1));
    const r = this.k.files.NtSetInformationFile(o.handle, buffer, 1, FileDispositionInformation, this.frames('DeleteFileW', 0x10e));
    this.release(buffer);
    this.k.files.NtClose(o.handle, this.frames('DeleteFileW', 0x127));
    return NT_SUCCESS(r.status) ? this.done(true) : this.fail(r.status);
  }

  /** CreateDirectoryW: NtCreateFile of a directory with FILE_CREATE, then close. */
  CreateDirectoryW(name: string): boolean {
    return this.directoryCall(name, 'CreateDirectoryW', FILE_LIST_DIRECTORY | SYNCHRONIZE, FILE_CREATE, null);
  }

  /** RemoveDirectoryW: open the directory for DELETE, FileDispositionInformation, close (it goes with the last handle). */
  RemoveDirectoryW(name: string): boolean {
    return this.directoryCall(name, 'RemoveDirectoryW', DELETE | SYNCHRONIZE, FILE_OPEN, FileDispositionInformation);
  }

  private directoryCall(name: string, fn: string, access: number, disposition: number, setClass: number | null): boolean {
    const path = dosPathToNtPath(name, this.cwd);
    if (path === null) return this.fail(0xc0000033);
    const options = FILE_DIRECTORY_FILE | FILE_OPEN_FOR_BACKUP_INTENT | FILE_SYNCHRONOUS_IO_NONALERT;
    const o = this.k.files.NtCreateFile(
      { path, desiredAccess: access, shareAccess: 3, createDisposition: disposition, createOptions: options, fileAttributes: 0 },
      this.frames(fn, 0x5e),
    );
    if (!NT_SUCCESS(o.status) || o.halted) return this.fail(o.status);
    let status = o.status;
    if (setClass !== null) {
      const buffer = this.bufferWith(Uint8Array.of(1));
      status = this.k.files.NtSetInformationFile(o.handle, buffer, 1, setClass, this.frames(fn, 0xb7)).status;
      this.release(buffer);
    }
    this.k.files.NtClose(o.handle, this.frames(fn, 0xd2));
    return NT_SUCCESS(status) ? this.done(true) : this.fail(status);
  }

  /** MoveFileExW (and CreateHardLinkW with `link`): open the source for DELETE, FILE_RENAME_INFORMATION / FILE_LINK_INFORMATION with the target's NT name. */
  MoveFileExW(from: string, to: string, replaceExisting: boolean, link = false): boolean {
    const source = dosPathToNtPath(from, this.cwd);
    const target = dosPathToNtPath(to, this.cwd);
    if (source === null || target === null) return this.fail(0xc0000033);
    const fn = link ? 'CreateHardLinkW' : 'MoveFileWithProgressW';
    const access = (link ? FILE_WRITE_ATTRIBUTES : DELETE) | SYNCHRONIZE | FILE_READ_ATTRIBUTES;
    const o = this.k.files.NtOpenFile(source, access, 7, FILE_OPEN_FOR_BACKUP_INTENT | FILE_SYNCHRONOUS_IO_NONALERT, this.frames(fn, 0x17a));
    if (!NT_SUCCESS(o.status) || o.halted) return this.fail(o.status);
    const hex = buildRenameBuffer({ replaceIfExists: replaceExisting, rootDirectory: 0, fileName: target }, false);
    const bytes = Uint8Array.from((hex.match(/../g) ?? []).map((h) => parseInt(h, 16)));
    const size = Math.max(bytes.length, 24);
    const buffer = this.bufferWith(bytes, size);
    const r = this.k.files.NtSetInformationFile(o.handle, buffer, size, link ? FileLinkInformation : FileRenameInformation, this.frames(fn, 0x2e1));
    this.release(buffer);
    this.k.files.NtClose(o.handle, this.frames(fn, 0x31c));
    return NT_SUCCESS(r.status) ? this.done(true) : this.fail(r.status);
  }

  /** GetFileInformationByHandleEx for the classes above: the buffer's bytes. */
  GetFileInformationByHandleEx(handle: number, infoClass: number, length: number): { ok: boolean; data: Uint8Array } {
    const cls = BY_HANDLE[infoClass];
    if (cls === undefined) return { ok: this.fail(0xc0000003), data: new Uint8Array(0) };
    const buffer = this.HeapAlloc(length);
    const r = this.k.files.NtQueryInformationFile(handle, buffer, length, cls, this.frames('GetFileInformationByHandle', 0x57));
    const data = NT_SUCCESS(r.status) ? this.readMemory(buffer, r.information) : new Uint8Array(0);
    this.release(buffer);
    if (!NT_SUCCESS(r.status)) return { ok: this.fail(r.status), data };
    return this.done({ ok: true, data });
  }
}
