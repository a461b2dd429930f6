/**
 * `filetest`: a lab aid in the spirit of the FileTest utility. It makes the
 * native calls a GUI tool or a program would (NtCreateFile with any
 * disposition, options and share mode; NtReadFile / NtWriteFile; LockFileEx /
 * UnlockFile; SetFileInformationByHandle; NtCreateSection with a mapped view)
 * from lab processes that stay alive between commands, so a handle stays open
 * while you do something else. `/as:<image>` opens from another process (the
 * isolation filter decides by image name), `/x86` from a 32-bit one.
 */
import type { CommandContext, ConsoleCommand } from '../command.ts';
import type { Kernel } from '../../kernel/nt.ts';
import { fullPathOf } from '../drives.ts';
import { NT_SUCCESS, STATUS_PENDING, type NTSTATUS } from '../../kernel/status.ts';
import { utf8Bytes, utf8Decode } from '../../base/text.ts';
import { buildRenameBuffer } from '../../kernel/fs/renameinfo.ts';
import { Kernel32 } from '../../kernel/user/kernel32.ts';
import { fileObjectPath } from '../../kernel/io/fsrequests.ts';
import {
  FILE_ATTRIBUTE_NORMAL,
  FO_SYNCHRONOUS_IO,
  FileDispositionInformation,
  FileLinkInformation,
  FileRenameInformation,
  SYNCHRONIZE,
} from '../../kernel/io/filedefs.ts';
import { fsDosError, fsStatusName } from '../../kernel/fs/fsstatus.ts';
import { CREATE_RESULTS, DISPOSITION_NAMES, FILE_DELETE_ON_CLOSE, FILE_SYNCHRONOUS_IO_NONALERT } from '../../kernel/fs/volume.ts';
import { DELETE, GENERIC_READ, GENERIC_WRITE } from '../../kernel/fs/share.ts';
import type { Process } from '../../kernel/ps/ps.ts';
import { withKernel } from './ntcommon.ts';

const HELP = `FILETEST (lab aid): native file calls from lab processes that keep their handles.

  filetest open <path> [/access:rwd] [/share:rwd|none] [/disp:<disposition>]
                [/deleteonclose] [/async] [/as:<image.exe>] [/x86] [/txn]
  filetest read <handle> [offset [length]]
  filetest write <handle> <offset|end> <text>
  filetest lock <handle> <offset> <length> [/shared] [/wait]
  filetest unlock <handle> <offset> <length>
  filetest delete <handle> on|off        FileDispositionInformation
  filetest rename <handle> <newpath> [/replace]
  filetest link <handle> <newpath> [/replace]
  filetest map <handle>                  NtCreateSection + MapViewOfFile
  filetest view <section> [offset [length]]   read through the view (paging I/O)
  filetest unmap <section>
  filetest close <handle>|all
  filetest handles

  <disposition>: supersede, open, create, openif, overwrite, overwriteif (default open)
  /access: r = GENERIC_READ, w = GENERIC_WRITE, d = DELETE (default r)
  /share:  r = FILE_SHARE_READ, w = FILE_SHARE_WRITE, d = FILE_SHARE_DELETE (default rw)
  The default process is FileTest.exe; /as:IsoView.exe opens from IsoView.exe.
  Each call runs on the lab process's own thread (nt!NtCreateFile and the rest
  are that process's system calls), and its handles are in that process's
  handle table. filetest numbers the handles it holds 0x4, 0x8, ... across its
  processes; 'handles' shows each one's process and value there.`;

const DISPOSITIONS = new Map([
  ['supersede', 0],
  ['open', 1],
  ['create', 2],
  ['openif', 3],
  ['overwrite', 4],
  ['overwriteif', 5],
]);
const TOOL_DIR = 'C:\\Tools';

function usage(ctx: CommandContext, why: string): number {
  ctx.out(`filetest: ${why}`);
  ctx.out("Type 'filetest /?' for the commands.");
  return 87;
}

function statusLine(ctx: CommandContext, call: string, status: NTSTATUS, extra = ''): number {
  ctx.out(`${call}: ${fsStatusName(status)}${NT_SUCCESS(status) ? '' : ` (0x${(status >>> 0).toString(16).toUpperCase().padStart(8, '0')})`}${extra}`);
  return NT_SUCCESS(status) ? 0 : fsDosError(status);
}

const isWow64 = (p: Process) => p.extra.includes('wow64.dll');

/** The lab process with this image name, started on first use (a 32-bit one with /x86). */
function processFor(k: Kernel, image: string, wow64: boolean): Process | string {
  const existing = k.ps.list().find((p) => p.name.toLowerCase() === image.toLowerCase() && p.image.toLowerCase().startsWith(TOOL_DIR.toLowerCase()));
  if (existing) {
    if (isWow64(existing) !== wow64) return `${existing.name} (pid ${existing.pid}) is already running as a ${isWow64(existing) ? '32' : '64'}-bit process.`;
    return existing;
  }
  const pid = k.ps.state.nextPid;
  k.ps.state.nextPid += 4;
  const p = k.ps.createProcess(
    pid,
    k.ps.state.consolePid,
    image,
    TOOL_DIR,
    '',
    1,
    wow64 ? ['wow64.dll', 'wow64win.dll', 'wow64cpu.dll'] : [],
    16,
    k.machine.clock.now(),
  );
  const t = k.ps.createThread(p, `${image.replace(/\.exe$/i, '')}!wmainCRTStartup`);
  t.state = 'Waiting';
  return p;
}

/** A handle filetest holds: its own number for it, and the process and handle value it is. */
interface Held {
  tag: number;
  pid: number;
  handle: number;
}

/** filetest's handles, kept with the console between runs (the handles themselves are in the processes' tables). */
function held(ctx: CommandContext, k: Kernel): Held[] {
  const saved = ctx.state.tools.get('filetest');
  const list = Array.isArray(saved) ? (saved as Held[]) : [];
  // A handle the process no longer has (it exited, or the machine restarted) is gone from the list.
  const live = list.filter((h) => k.ps.process(h.pid) !== undefined && k.handles.get(h.pid, h.handle) !== undefined);
  if (live.length !== list.length) ctx.state.tools.set('filetest', live);
  return live;
}

function keep(ctx: CommandContext, k: Kernel, pid: number, handle: number): number {
  const list = held(ctx, k);
  // filetest numbers its handles as one table would: multiples of 4, the lowest free first.
  let tag = 4;
  while (list.some((h) => h.tag === tag)) tag += 4;
  ctx.state.tools.set(
    'filetest',
    [...list, { tag, pid, handle }].sort((a, b) => a.tag - b.tag),
  );
  return tag;
}

function forget(ctx: CommandContext, k: Kernel, tag: number): void {
  ctx.state.tools.set(
    'filetest',
    held(ctx, k).filter((h) => h.tag !== tag),
  );
}

function parseHandle(ctx: CommandContext, k: Kernel, text: string | undefined): Held | null {
  if (!text || !/^(0x[0-9a-f]+|\d+)$/i.test(text)) return null;
  return held(ctx, k).find((h) => h.tag === Number(text)) ?? null;
}

const hexHandle = (h: number) => `0x${h.toString(16)}`;

/** The frames of FileTest's call into ntdll (what a breakpoint on nt!NtXxx shows below the system call). */
function frames(p: Process): string[] {
  const exe = p.name.replace(/\.[^.]*$/, '');
  return [`${exe}!wmain+0x1d4`, `${exe}!wmainCRTStartup+0x11f`, 'kernel32!BaseThreadInitThunk+0xd', 'ntdll!RtlUserThreadStart+0x21'];
}

/** Run a native call on the lab process's thread, with a buffer in its address space. */
function asProcess<T>(k: Kernel, pid: number, fn: (api: Kernel32, caller: string[]) => T): T {
  return k.ps.actingAs(pid, () => {
    const p = k.ps.process(pid) as Process;
    return fn(new Kernel32(k, { frames: frames(p) }), frames(p));
  });
}

function letters(value: string, table: Record<string, number>): number | null {
  let v = 0;
  for (const c of value.toLowerCase()) {
    const bit = table[c];
    if (bit === undefined) return null;
    v |= bit;
  }
  return v;
}

function open(ctx: CommandContext, k: Kernel, args: readonly string[]): number {
  const [path, extra] = args.filter((a) => !a.startsWith('/'));
  if (!path) return usage(ctx, 'open needs a path.');
  if (extra !== undefined) return usage(ctx, `unexpected argument ${extra} (switches take their value after a colon: /share:rwd).`);
  let access = GENERIC_READ;
  let share = 3;
  let disposition = 1;
  let options = FILE_SYNCHRONOUS_IO_NONALERT;
  let image = 'FileTest.exe';
  let wow64 = false;
  let transaction = false;
  for (const a of args.filter((x) => x.startsWith('/'))) {
    const [flag, value = ''] = a.slice(1).split(':');
    const f = flag.toLowerCase();
    if (f === 'access') {
      const v = letters(value, { r: GENERIC_READ, w: GENERIC_WRITE, d: DELETE });
      if (v === null || value === '') return usage(ctx, `bad /access:${value} (use r, w and d).`);
      access = v;
    } else if (f === 'share') {
      const v = value.toLowerCase() === 'none' ? 0 : letters(value, { r: 1, w: 2, d: 4 });
      if (v === null || value === '') return usage(ctx, `bad /share:${value} (use r, w, d or none).`);
      share = v;
    } else if (f === 'disp') {
      const d = DISPOSITIONS.get(value.toLowerCase());
      if (d === undefined) return usage(ctx, `bad /disp:${value}.`);
      disposition = d;
    } else if (f === 'deleteonclose') options |= FILE_DELETE_ON_CLOSE;
    else if (f === 'async') options &= ~FILE_SYNCHRONOUS_IO_NONALERT;
    else if (f === 'as') {
      if (!/^[\w.-]{1,60}\.exe$/i.test(value)) return usage(ctx, `bad /as:${value} (an image name such as IsoView.exe).`);
      image = value;
    } else if (f === 'x86') wow64 = true;
    else if (f === 'txn') transaction = true;
    else return usage(ctx, `unknown switch ${a}.`);
  }
  const p = processFor(k, image, wow64);
  if (typeof p === 'string') return usage(ctx, p);
  const full = fullPathOf(ctx.state, path);
  const r = asProcess(k, p.pid, (_api, caller) =>
    k.files.NtCreateFile(
      {
        path: `\\??\\${full}`,
        desiredAccess: (access | (options & FILE_SYNCHRONOUS_IO_NONALERT ? SYNCHRONIZE : 0)) >>> 0,
        shareAccess: share,
        createDisposition: disposition,
        createOptions: options,
        fileAttributes: FILE_ATTRIBUTE_NORMAL,
        // A transacted open carries the transaction in the create's ECP list (TxF).
        ecp: transaction ? { Transaction: true } : null,
      },
      caller,
    ),
  );
  const detail = ` [${DISPOSITION_NAMES[disposition]}]`;
  if (!NT_SUCCESS(r.status) || r.halted) return statusLine(ctx, 'NtCreateFile', r.status, detail);
  const tag = keep(ctx, k, p.pid, r.handle);
  return statusLine(
    ctx,
    'NtCreateFile',
    r.status,
    `${detail} ${CREATE_RESULTS[r.information] ?? ''}, handle ${hexHandle(tag)} (${hexHandle(r.handle)} in ${p.name}, pid ${p.pid}${wow64 ? ', 32-bit' : ''})`,
  );
}

const num = (s: string | undefined, fallback: number) => (s === undefined ? fallback : /^(0x[0-9a-f]+|\d+)$/i.test(s) ? Number(s) : NaN);

function handles(ctx: CommandContext, k: Kernel): number {
  const list = held(ctx, k);
  const sections = Object.values(k.ntfs.state.sections);
  if (list.length === 0) ctx.out('No open handles.');
  else ctx.out('Handle  Process           PID   Value  Bits  Sync   Name');
  for (const h of list) {
    const p = k.ps.process(h.pid);
    const file = k.files.handlesOf(h.pid).find((e) => e.handle === h.handle)?.file ?? null;
    const sync = ((file?.Flags ?? 0) & FO_SYNCHRONOUS_IO) !== 0;
    const name = file ? (fileObjectPath(k, file) ?? file.FileName) : '?';
    ctx.out(
      `${hexHandle(h.tag).padEnd(6)}  ${(p?.name ?? '?').padEnd(16)}  ${String(h.pid).padEnd(4)}  ${hexHandle(h.handle).padEnd(5)}  ${p && isWow64(p) ? '32' : '64'}    ${(sync ? 'sync' : 'async').padEnd(5)}  ${name}`,
    );
  }
  for (const s of sections) {
    const file = k.io.state.files[s.fileObject];
    ctx.out(`section ${s.id}: a mapped view of ${file ? (fileObjectPath(k, file) ?? file.FileName) : '?'}`);
  }
  return 0;
}

function close(ctx: CommandContext, k: Kernel, h: Held): NTSTATUS {
  const r = asProcess(k, h.pid, (_api, caller) => k.files.NtClose(h.handle, caller));
  forget(ctx, k, h.tag);
  return r.status;
}

/** FILE_RENAME_INFORMATION / FILE_LINK_INFORMATION in the calling process's own layout (4-byte HANDLE in a 32-bit one). */
function renameBytes(target: string, replace: boolean, wow64: boolean): Uint8Array {
  const hex = buildRenameBuffer({ replaceIfExists: replace, rootDirectory: 0, fileName: `\\??\\${target}` }, wow64);
  const bytes = Uint8Array.from((hex.match(/../g) ?? []).map((x) => parseInt(x, 16)));
  if (bytes.length >= 24) return bytes;
  const out = new Uint8Array(24);
  out.set(bytes);
  return out;
}

/** NtSetInformationFile with the structure in a buffer of the process's. */
function setInformation(k: Kernel, h: Held, cls: number, bytes: Uint8Array): NTSTATUS {
  return asProcess(k, h.pid, (api, caller) => {
    const buffer = api.HeapAlloc(bytes.length);
    api.writeMemory(buffer, bytes);
    const r = k.files.NtSetInformationFile(h.handle, buffer, bytes.length, cls, caller);
    api.HeapFree(buffer);
    return r.status;
  });
}

/** The commands whose first argument is one of filetest's handles. */
const HANDLE_VERBS = new Set(['read', 'write', 'lock', 'unlock', 'delete', 'rename', 'link', 'map', 'close']);

function run(ctx: CommandContext, k: Kernel, verb: string, args: readonly string[]): number {
  if (verb === 'open') return open(ctx, k, args);
  if (verb === 'handles') return args.length === 0 ? handles(ctx, k) : usage(ctx, 'handles takes no arguments.');
  if (verb === 'close' && args[0]?.toLowerCase() === 'all') {
    for (const h of held(ctx, k)) statusLine(ctx, `NtClose(${hexHandle(h.tag)})`, close(ctx, k, h));
    return 0;
  }
  if (verb === 'view' || verb === 'unmap') {
    const section = num(args[0], NaN);
    if (!Number.isInteger(section) || !k.ntfs.state.sections[section]) return usage(ctx, `no section ${args[0] ?? ''} (see filetest handles).`);
    if (verb === 'unmap') return statusLine(ctx, 'UnmapViewOfFile + CloseHandle', k.files.NtUnmapViewOfSection(section).status);
    const offset = num(args[1], 0);
    const length = num(args[2], 4096);
    if (Number.isNaN(offset) || Number.isNaN(length) || length > 0x100000) return usage(ctx, 'view <section> [offset [length]]');
    const r = k.files.pageFault(section, offset, length);
    const code = statusLine(ctx, 'page fault (paging read)', r.status, NT_SUCCESS(r.status) ? `, ${r.information} bytes` : '');
    if (NT_SUCCESS(r.status)) ctx.out(utf8Decode(r.data));
    return code;
  }
  if (!HANDLE_VERBS.has(verb)) return usage(ctx, `unknown command '${verb}'.`);
  if (args[0] === undefined) return usage(ctx, `${verb} needs a handle (see filetest handles).`);
  const h = parseHandle(ctx, k, args[0]);
  if (!h) return usage(ctx, `${args[0]} is not an open handle (see filetest handles).`);
  const rest = args.slice(1);
  switch (verb) {
    case 'read': {
      const offset = num(rest[0], 0);
      const length = num(rest[1], 4096);
      if (Number.isNaN(offset) || Number.isNaN(length) || length > 0x100000) return usage(ctx, 'read <handle> [offset [length]]');
      const r = asProcess(k, h.pid, (api, caller) => {
        const buffer = api.HeapAlloc(Math.max(length, 1));
        const res = k.files.NtReadFile(h.handle, buffer, length, offset, caller);
        const data = NT_SUCCESS(res.status) ? api.readMemory(buffer, Math.min(res.information, length)) : new Uint8Array(0);
        if (res.status !== STATUS_PENDING) api.HeapFree(buffer);
        return { ...res, data };
      });
      const code = statusLine(ctx, 'NtReadFile', r.status, NT_SUCCESS(r.status) ? `, ${r.information} bytes` : '');
      if (NT_SUCCESS(r.status)) ctx.out(utf8Decode(r.data));
      return code;
    }
    case 'write': {
      // 'end': FILE_WRITE_TO_END_OF_FILE (a ByteOffset of -1).
      const offset = rest[0]?.toLowerCase() === 'end' ? -1 : num(rest[0], NaN);
      if (Number.isNaN(offset) || rest.length < 2) return usage(ctx, 'write <handle> <offset|end> <text>');
      const bytes = utf8Bytes(rest.slice(1).join(' '));
      const r = asProcess(k, h.pid, (api, caller) => {
        const buffer = api.HeapAlloc(bytes.length);
        api.writeMemory(buffer, bytes);
        const res = k.files.NtWriteFile(h.handle, buffer, bytes.length, offset, caller);
        if (res.status !== STATUS_PENDING) api.HeapFree(buffer);
        return res;
      });
      return statusLine(ctx, 'NtWriteFile', r.status, NT_SUCCESS(r.status) ? `, ${r.information} bytes` : '');
    }
    case 'lock': {
      const flags = rest.filter((a) => a.startsWith('/')).map((a) => a.toLowerCase());
      const pos = rest.filter((a) => !a.startsWith('/'));
      const offset = num(pos[0], NaN);
      const length = num(pos[1], NaN);
      if (Number.isNaN(offset) || Number.isNaN(length) || flags.some((f) => f !== '/shared' && f !== '/wait'))
        return usage(ctx, 'lock <handle> <offset> <length> [/shared] [/wait]');
      const exclusive = !flags.includes('/shared');
      const failNow = !flags.includes('/wait');
      const status = asProcess(k, h.pid, (_api, caller) => k.files.NtLockFile(h.handle, offset, length, 0, failNow, exclusive, caller).status);
      if (status === STATUS_PENDING) {
        ctx.out('LockFileEx: STATUS_PENDING (the request waits in the file lock queue; it completes when the range is unlocked)');
        return 997;
      }
      return statusLine(ctx, 'LockFileEx', status);
    }
    case 'unlock': {
      const offset = num(rest[0], NaN);
      const length = num(rest[1], NaN);
      if (Number.isNaN(offset) || Number.isNaN(length)) return usage(ctx, 'unlock <handle> <offset> <length>');
      return statusLine(
        ctx,
        'UnlockFile',
        asProcess(k, h.pid, (_api, caller) => k.files.NtUnlockFile(h.handle, offset, length, 0, caller).status),
      );
    }
    case 'delete': {
      const v = rest[0]?.toLowerCase();
      if (v !== 'on' && v !== 'off') return usage(ctx, 'delete <handle> on|off');
      return statusLine(
        ctx,
        `SetFileInformationByHandle(FileDispositionInfo, DeleteFile=${v === 'on' ? 'TRUE' : 'FALSE'})`,
        setInformation(k, h, FileDispositionInformation, Uint8Array.of(v === 'on' ? 1 : 0)),
      );
    }
    case 'rename':
    case 'link': {
      const target = rest.find((a) => !a.startsWith('/'));
      const flags = rest.filter((a) => a.startsWith('/')).map((a) => a.toLowerCase());
      if (!target || flags.some((f) => f !== '/replace')) return usage(ctx, `${verb} <handle> <newpath> [/replace]`);
      const cls = verb === 'rename' ? 'FileRenameInfo' : 'FileLinkInfo';
      const p = k.ps.process(h.pid);
      const bytes = renameBytes(fullPathOf(ctx.state, target), flags.includes('/replace'), p !== undefined && isWow64(p));
      const status = setInformation(k, h, verb === 'rename' ? FileRenameInformation : FileLinkInformation, bytes);
      return statusLine(ctx, `SetFileInformationByHandle(${cls}${flags.includes('/replace') ? ', ReplaceIfExists' : ''})`, status);
    }
    case 'map': {
      const r = asProcess(k, h.pid, (_api, caller) => k.files.NtCreateSection(h.handle, caller));
      return statusLine(ctx, 'NtCreateSection + MapViewOfFile', r.status, NT_SUCCESS(r.status) ? `, section ${r.section}` : '');
    }
    case 'close':
      return statusLine(ctx, 'NtClose', close(ctx, k, h));
    default:
      return usage(ctx, `unknown command '${verb}'.`);
  }
}

export const filetest: ConsoleCommand = {
  name: 'filetest',
  summary: 'Lab aid: native file calls (NtCreateFile, locks, dispositions, renames, sections) with handles kept open.',
  help: HELP,
  run(args, ctx) {
    const verb = args[0]?.toLowerCase();
    if (verb === undefined || verb === '/?' || verb === '-?') {
      ctx.out(HELP);
      return verb === undefined ? 87 : 0;
    }
    return withKernel(ctx, 'filetest', (k) => {
      const from = ctx.machine.events.of('fs.lockCompleted').length;
      const code = run(ctx, k, verb, args.slice(1));
      // A request that waited (LockFileEx without LOCKFILE_FAIL_IMMEDIATELY) completes when the range frees.
      for (const e of ctx.machine.events.of('fs.lockCompleted').slice(from)) {
        ctx.out(`The waiting LockFileEx (IRP ${e.irp}) completed: ${fsStatusName(Number(e.status))}`);
      }
      return code;
    });
  },
};
