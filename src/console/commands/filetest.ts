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
import { fullPath } from '../../kernel/fs/files.ts';
import { NT_SUCCESS, STATUS_PENDING, type NTSTATUS } from '../../kernel/status.ts';
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
  Handles are numbers as the process's handle table gives them (e.g. 0x98).`;

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

function parseHandle(k: Kernel, text: string | undefined) {
  if (!text || !/^(0x[0-9a-f]+|\d+)$/i.test(text)) return null;
  return k.fsio.handle(Number(text)) ?? null;
}

const hexHandle = (h: number) => `0x${h.toString(16)}`;

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
  const path = args.find((a) => !a.startsWith('/'));
  if (!path) return usage(ctx, 'open needs a path.');
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
      if (v === null) return usage(ctx, `bad /share:${value} (use r, w, d or none).`);
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
  const full = fullPath(ctx.state.cwd, path);
  const r = k.fsio.create(full, { access, share, disposition, options, wow64, transaction }, p.pid);
  const detail = ` [${DISPOSITION_NAMES[disposition]}]`;
  if (!NT_SUCCESS(r.status)) return statusLine(ctx, 'NtCreateFile', r.status, detail);
  p.handleCount++;
  return statusLine(
    ctx,
    'NtCreateFile',
    r.status,
    `${detail} ${CREATE_RESULTS[r.information] ?? ''}, handle ${hexHandle(r.handle)} in ${p.name} (pid ${p.pid}${wow64 ? ', 32-bit' : ''})`,
  );
}

const num = (s: string | undefined, fallback: number) => (s === undefined ? fallback : /^(0x[0-9a-f]+|\d+)$/i.test(s) ? Number(s) : NaN);

function handles(ctx: CommandContext, k: Kernel): number {
  const list = k.fsio.handles();
  if (list.length === 0) {
    ctx.out('No open handles.');
    return 0;
  }
  ctx.out('Handle  Process           PID   Bits  Sync   Name');
  for (const h of list) {
    const p = k.ps.process(h.pid);
    ctx.out(
      `${hexHandle(h.handle).padEnd(6)}  ${(p?.name ?? '?').padEnd(16)}  ${String(h.pid).padEnd(4)}  ${h.wow64 ? '32' : '64'}    ${(h.synchronous ? 'sync' : 'async').padEnd(5)}  ${h.path}`,
    );
  }
  const sections = Object.values(k.ntfs.state.sections);
  for (const s of sections) ctx.out(`section ${s.id}: a mapped view of ${k.io.state.files[s.fileObject]?.FileName ?? '?'}`);
  return 0;
}

function run(ctx: CommandContext, k: Kernel, verb: string, args: readonly string[]): number {
  if (verb === 'open') return open(ctx, k, args);
  if (verb === 'handles') return args.length === 0 ? handles(ctx, k) : usage(ctx, 'handles takes no arguments.');
  if (verb === 'close' && args[0]?.toLowerCase() === 'all') {
    for (const h of k.fsio.handles()) statusLine(ctx, `NtClose(${hexHandle(h.handle)})`, k.fsio.close(h.handle));
    return 0;
  }
  if (verb === 'view' || verb === 'unmap') {
    const section = num(args[0], NaN);
    if (!Number.isInteger(section) || !k.ntfs.state.sections[section]) return usage(ctx, `no section ${args[0] ?? ''} (see filetest handles).`);
    if (verb === 'unmap') return statusLine(ctx, 'UnmapViewOfFile + CloseHandle', k.fsio.unmap(section));
    const r = k.fsio.pagingRead(section, num(args[1], 0), num(args[2], 4096));
    const code = statusLine(ctx, 'page fault (paging read)', r.status, NT_SUCCESS(r.status) ? `, ${r.information} bytes` : '');
    if (NT_SUCCESS(r.status)) ctx.out(r.data);
    return code;
  }
  const h = parseHandle(k, args[0]);
  if (!h) return usage(ctx, `${args[0] ?? '(none)'} is not an open handle (see filetest handles).`);
  const rest = args.slice(1);
  switch (verb) {
    case 'read': {
      const offset = num(rest[0], 0);
      const length = num(rest[1], 4096);
      if (Number.isNaN(offset) || Number.isNaN(length)) return usage(ctx, 'read <handle> [offset [length]]');
      const r = k.fsio.read(h.handle, offset, length);
      const code = statusLine(ctx, 'NtReadFile', r.status, NT_SUCCESS(r.status) ? `, ${r.information} bytes` : '');
      if (NT_SUCCESS(r.status)) ctx.out(r.data);
      return code;
    }
    case 'write': {
      const offset = rest[0]?.toLowerCase() === 'end' ? -1 : num(rest[0], NaN);
      if (Number.isNaN(offset) || rest.length < 2) return usage(ctx, 'write <handle> <offset|end> <text>');
      const r = k.fsio.write(h.handle, offset, rest.slice(1).join(' '));
      return statusLine(ctx, 'NtWriteFile', r.status, NT_SUCCESS(r.status) ? `, ${r.information} bytes` : '');
    }
    case 'lock': {
      const flags = rest.filter((a) => a.startsWith('/')).map((a) => a.toLowerCase());
      const pos = rest.filter((a) => !a.startsWith('/'));
      const offset = num(pos[0], NaN);
      const length = num(pos[1], NaN);
      if (Number.isNaN(offset) || Number.isNaN(length) || flags.some((f) => f !== '/shared' && f !== '/wait'))
        return usage(ctx, 'lock <handle> <offset> <length> [/shared] [/wait]');
      const status = k.fsio.lock(h.handle, offset, length, !flags.includes('/shared'), !flags.includes('/wait'));
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
      return statusLine(ctx, 'UnlockFile', k.fsio.unlock(h.handle, offset, length));
    }
    case 'delete': {
      const v = rest[0]?.toLowerCase();
      if (v !== 'on' && v !== 'off') return usage(ctx, 'delete <handle> on|off');
      return statusLine(
        ctx,
        `SetFileInformationByHandle(FileDispositionInfo, DeleteFile=${v === 'on' ? 'TRUE' : 'FALSE'})`,
        k.fsio.setDisposition(h.handle, v === 'on'),
      );
    }
    case 'rename':
    case 'link': {
      const target = rest.find((a) => !a.startsWith('/'));
      const flags = rest.filter((a) => a.startsWith('/')).map((a) => a.toLowerCase());
      if (!target || flags.some((f) => f !== '/replace')) return usage(ctx, `${verb} <handle> <newpath> [/replace]`);
      const cls = verb === 'rename' ? 'FileRenameInfo' : 'FileLinkInfo';
      const status = k.fsio.renameOrLink(h.handle, fullPath(ctx.state.cwd, target), flags.includes('/replace'), verb === 'link');
      return statusLine(ctx, `SetFileInformationByHandle(${cls}${flags.includes('/replace') ? ', ReplaceIfExists' : ''})`, status);
    }
    case 'map': {
      const r = k.fsio.map(h.handle);
      return statusLine(ctx, 'NtCreateSection + MapViewOfFile', r.status, NT_SUCCESS(r.status) ? `, section ${r.section}` : '');
    }
    case 'close':
      return statusLine(ctx, 'NtClose', k.fsio.close(h.handle));
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
