/**
 * The Nt file services as system calls: each runs as nt!NtXxx on the calling
 * program's thread, in its process (a breakpoint on nt!NtCreateFile stops
 * there with that process current, the user frames below the system-service
 * frame), looks its handle up in the process's handle table and hands the
 * request to the I/O manager (fileio.ts). A bug check during the call halts
 * the machine; the service then returns `halted`.
 */
import type { Kernel } from '../nt.ts';
import { NT_SUCCESS, STATUS_INVALID_HANDLE, STATUS_OBJECT_TYPE_MISMATCH, STATUS_SUCCESS, STATUS_UNSUCCESSFUL, type NTSTATUS } from '../status.ts';
import type { ControlRequest, CreateRequest, IoResult } from './fileio.ts';
import type { FileObject } from './iomgr.ts';
import { FILE_OPEN } from './filedefs.ts';
import { createDetail, fileObjectPath, reportFsRequest, setInformationDetail, volumePath } from './fsrequests.ts';

/** What a service returns: the IO_STATUS_BLOCK, and whether the machine stopped meanwhile. */
export interface NtResult extends IoResult {
  /** The machine bug checked during the call. */
  halted?: boolean;
}

export interface NtCreateResult extends NtResult {
  /** The new handle (0 on failure). */
  handle: number;
}

const hex = (n: number | bigint) => BigInt.asUintN(64, BigInt(n)).toString(16).padStart(16, '0');
const HALTED: NtResult = { status: STATUS_UNSUCCESSFUL, information: 0, halted: true };

/** How the calling program reached ntdll: its user frames, innermost first (KERNELBASE!ReadFile…). */
export type CallerFrames = readonly string[];

export class FileServices {
  private readonly k: Kernel;

  constructor(k: Kernel) {
    this.k = k;
  }

  /** The process making requests now: the running tool, else cmd.exe. */
  private get pid(): number {
    return this.k.ps.requestor()?.pid ?? 4;
  }

  /** A system call: nt!<name> runs on the caller's thread, entered from ntdll!Zw<name>. */
  private service<T extends NtResult>(name: string, args: (number | bigint | string | null)[], caller: CallerFrames, fn: (pid: number) => T, halted: T): T {
    const pid = this.pid;
    const entry = ['nt!KiSystemServiceCopyEnd+0x13', `ntdll!Zw${name.slice(2)}+0xa`, ...caller];
    const addrs = args.map((a) => (a === null ? hex(0) : typeof a === 'string' ? a.padStart(16, '0') : hex(a)));
    const r = this.k.ke.guard('system-call', () => this.k.ke.call('nt', null, () => fn(pid), `nt!${name}`, addrs), entry);
    return r ?? halted;
  }

  private fileOf(pid: number, handle: number): FileObject | NTSTATUS {
    const entry = this.k.handles.get(pid, handle);
    if (!entry) return STATUS_INVALID_HANDLE;
    return this.k.io.state.files[entry.object] ?? STATUS_OBJECT_TYPE_MISMATCH;
  }

  /** `detail` names the request in the `fs.request` event of a file on a mounted volume. */
  private withFile(
    name: string,
    handle: number,
    args: (number | bigint | string | null)[],
    caller: CallerFrames,
    fn: (pid: number, file: FileObject) => IoResult,
    detail: ((pid: number, file: FileObject) => string) | null = null,
  ): NtResult {
    return this.service(
      name,
      [handle, ...args],
      caller,
      (pid) => {
        const file = this.fileOf(pid, handle);
        if (typeof file === 'number') return { status: file, information: 0 };
        const path = fileObjectPath(this.k, file);
        const text = path !== null && detail ? detail(pid, file) : '';
        const r = fn(pid, file);
        if (detail) reportFsRequest(this.k, name, path, pid, text, r.status);
        return r;
      },
      HALTED,
    );
  }

  NtCreateFile(req: CreateRequest, caller: CallerFrames = []): NtCreateResult {
    return this.service(
      'NtCreateFile',
      [0, req.desiredAccess, 0, 0],
      caller,
      (pid) => {
        const r = this.k.fileIo.createFile(pid, req);
        const handle = r.file ? this.k.handles.create(pid, r.file.id, r.file.Access ?? 0) : 0;
        const detail = createDetail(req.createDisposition, req.createOptions, req.ecp?.['Transaction'] === true);
        reportFsRequest(this.k, 'NtCreateFile', volumePath(this.k, req.path), pid, detail, r.status);
        return { status: r.status, information: r.information, handle };
      },
      { ...HALTED, handle: 0 },
    );
  }

  NtOpenFile(path: string, desiredAccess: number, shareAccess: number, openOptions: number, caller: CallerFrames = []): NtCreateResult {
    return this.NtCreateFile({ path, desiredAccess, shareAccess, createDisposition: FILE_OPEN, createOptions: openOptions, fileAttributes: 0 }, caller);
  }

  /** `buffer` is the caller's user address (hex); `byteOffset` null uses the file pointer. */
  NtReadFile(handle: number, buffer: string, length: number, byteOffset: number | null, caller: CallerFrames = [], key = 0): NtResult {
    return this.withFile(
      'NtReadFile',
      handle,
      [0, 0, 0],
      caller,
      (pid, file) => this.k.fileIo.read(pid, file, buffer, length, byteOffset, key),
      (_pid, file) => `${byteOffset ?? file.CurrentByteOffset ?? 0}+${length}`,
    );
  }

  NtWriteFile(handle: number, buffer: string, length: number, byteOffset: number | null, caller: CallerFrames = [], key = 0): NtResult {
    return this.withFile(
      'NtWriteFile',
      handle,
      [0, 0, 0],
      caller,
      (pid, file) => this.k.fileIo.write(pid, file, buffer, length, byteOffset, key),
      (_pid, file) => `${byteOffset ?? file.CurrentByteOffset ?? 0}+${length}`,
    );
  }

  NtDeviceIoControlFile(handle: number, req: ControlRequest, caller: CallerFrames = []): NtResult {
    return this.withFile('NtDeviceIoControlFile', handle, [0, 0, 0], caller, (pid, file) => this.k.fileIo.deviceControl(pid, file, req));
  }

  NtQueryInformationFile(handle: number, buffer: string, length: number, infoClass: number, caller: CallerFrames = []): NtResult {
    return this.withFile('NtQueryInformationFile', handle, [0, buffer, length], caller, (pid, file) =>
      this.k.fileIo.queryInformation(pid, file, infoClass, buffer, length),
    );
  }

  /** NtQueryDirectoryFile: the next entries of a directory handle that match the search expression. */
  NtQueryDirectoryFile(
    handle: number,
    buffer: string,
    length: number,
    infoClass: number,
    returnSingleEntry: boolean,
    fileName: string | null,
    restartScan: boolean,
    caller: CallerFrames = [],
  ): NtResult {
    return this.withFile(
      'NtQueryDirectoryFile',
      handle,
      [0, 0, 0, 0, buffer, length, infoClass, returnSingleEntry ? 1 : 0, 0, restartScan ? 1 : 0],
      caller,
      (pid, file) =>
        this.k.fileIo.queryDirectory(pid, file, buffer, length, { cls: infoClass, expression: fileName, restart: restartScan, single: returnSingleEntry }),
    );
  }

  NtSetInformationFile(handle: number, buffer: string, length: number, infoClass: number, caller: CallerFrames = []): NtResult {
    return this.withFile(
      'NtSetInformationFile',
      handle,
      [0, buffer, length],
      caller,
      (pid, file) => this.k.fileIo.setInformation(pid, file, infoClass, buffer, length),
      (pid) => setInformationDetail(this.k, pid, buffer, length, infoClass),
    );
  }

  NtLockFile(
    handle: number,
    byteOffset: number,
    length: number,
    key: number,
    failImmediately: boolean,
    exclusive: boolean,
    caller: CallerFrames = [],
  ): NtResult {
    return this.withFile(
      'NtLockFile',
      handle,
      [0, 0, 0],
      caller,
      (pid, file) => this.k.fileIo.lock(pid, file, byteOffset, length, key, failImmediately, exclusive),
      () => `${byteOffset}+${length} ${exclusive ? 'exclusive' : 'shared'}${failImmediately ? ' fail-immediately' : ' wait'}`,
    );
  }

  NtUnlockFile(handle: number, byteOffset: number, length: number, key: number, caller: CallerFrames = []): NtResult {
    return this.withFile(
      'NtUnlockFile',
      handle,
      [0, 0, 0],
      caller,
      (pid, file) => this.k.fileIo.unlock(pid, file, byteOffset, length, key),
      () => `${byteOffset}+${length}`,
    );
  }

  NtCancelIoFile(handle: number, caller: CallerFrames = []): NtResult {
    return this.withFile('NtCancelIoFile', handle, [0], caller, (pid, file) => this.k.fileIo.cancelFile(pid, file));
  }

  /** The thread waits on the request's event (NtWaitForSingleObject) until a pending request completes. */
  NtWaitForSingleObject(irp: number, caller: CallerFrames = []): NtResult {
    return this.service('NtWaitForSingleObject', [irp, 0, 0], caller, () => this.k.fileIo.wait(irp), HALTED);
  }

  /** Close a handle: the object's last handle gone, the file gets its cleanup and close. */
  NtClose(handle: number, caller: CallerFrames = []): NtResult {
    return this.service(
      'NtClose',
      [handle],
      caller,
      (pid) => {
        const entry = this.k.handles.close(pid, handle);
        if (!entry) return { status: STATUS_INVALID_HANDLE, information: 0 };
        const file = this.k.io.state.files[entry.object];
        if (file) reportFsRequest(this.k, 'NtClose', fileObjectPath(this.k, file), pid, '', STATUS_SUCCESS);
        if (file && !this.k.handles.referenced(entry.object)) this.k.fileIo.closeFile(file, pid);
        return { status: STATUS_SUCCESS, information: 0 };
      },
      HALTED,
    );
  }

  /**
   * NtCreateSection (SEC_COMMIT on a file) with its view mapped: the section references the
   * handle's file object, so the file object's IRP_MJ_CLOSE waits until the section goes.
   */
  NtCreateSection(handle: number, caller: CallerFrames = []): NtResult & { section: number } {
    return this.service(
      'NtCreateSection',
      [0, 0xf001f, 0, 0, 2, 0x8000000, handle],
      caller,
      (pid) => {
        const file = this.fileOf(pid, handle);
        if (typeof file === 'number') return { status: file, information: 0, section: 0 };
        const r = this.k.ntfs.createSection(file.id);
        if (NT_SUCCESS(r.status)) file.SectionReferences = (file.SectionReferences ?? 0) + 1;
        return { status: r.status, information: 0, section: r.section };
      },
      { ...HALTED, section: 0 },
    );
  }

  /** UnmapViewOfFile and CloseHandle on the section: its reference on the file object goes (and with the last, the file object's close). */
  NtUnmapViewOfSection(section: number, caller: CallerFrames = []): NtResult {
    return this.service(
      'NtUnmapViewOfSection',
      [-1, section],
      caller,
      () => {
        const fo = this.k.ntfs.state.sections[section]?.fileObject;
        const r = this.k.ntfs.closeSection(section);
        const file = fo === undefined ? undefined : this.k.io.state.files[fo];
        if (NT_SUCCESS(r.status) && file) this.k.fileIo.dereferenceForSection(file);
        return { status: r.status, information: 0 };
      },
      HALTED,
    );
  }

  /** A page fault on a section's view: the memory manager reads the page (paging I/O, kernel mode). */
  pageFault(section: number, offset: number, length: number): NtResult & { data: Uint8Array } {
    const fo = this.k.ntfs.state.sections[section]?.fileObject;
    const file = fo === undefined ? undefined : this.k.io.state.files[fo];
    if (!file) return { status: STATUS_INVALID_HANDLE, information: 0, data: new Uint8Array(0) };
    const r = this.k.ke.guard(
      'system-call',
      () => this.k.ke.call('nt', null, () => this.k.fileIo.pagingRead(file, offset, length), 'nt!MiIssuePageExtendRequest'),
      ['nt!MmAccessFault+0x1c8', 'nt!KiPageFault+0x260'],
    );
    if (!r) return { status: STATUS_UNSUCCESSFUL, information: 0, data: new Uint8Array(0), halted: true };
    reportFsRequest(this.k, 'NtReadFile', fileObjectPath(this.k, file), 4, `${offset}+${length} page fault`, r.status, true);
    return r;
  }

  /** The handles of a process, for tools and the debugger: value, file object, the name it was opened by. */
  handlesOf(pid: number): { handle: number; access: number; file: FileObject | null }[] {
    return this.k.handles.list(pid).map((e) => ({ handle: e.handle, access: e.access, file: this.k.io.state.files[e.object] ?? null }));
  }

  /**
   * Process rundown: cancel its I/O, close its handles, free its address space's buffers. `entry`:
   * how the exiting thread reached PspExitThread (default: its own NtTerminateProcess).
   */
  processExit(pid: number, entry?: CallerFrames): void {
    const entries = this.k.handles.list(pid);
    if (entries.length > 0 || Object.values(this.k.io.state.irps).some((i) => i.Origin.kind === 'user' && i.Origin.process === pid)) {
      this.k.ke.guard(
        'system-call',
        () =>
          this.k.ke.call(
            'nt',
            null,
            () => {
              this.k.ke.call('nt', null, () => this.k.fileIo.processExit(pid), 'nt!IoCancelThreadIo');
              for (const e of entries) {
                this.k.handles.close(pid, e.handle);
                const file = this.k.io.state.files[e.object];
                if (file && !this.k.handles.referenced(e.object)) this.k.fileIo.closeFile(file, pid);
              }
            },
            'nt!PspExitThread',
          ),
        entry ?? ['nt!NtTerminateProcess+0x25c', 'nt!KiSystemServiceCopyEnd+0x13', 'ntdll!ZwTerminateProcess+0xa'],
      );
    }
    this.k.handles.drop(pid);
    this.k.buffers.removeProcess(pid);
  }
}
