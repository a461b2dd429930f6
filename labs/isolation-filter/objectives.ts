/**
 * Objectives of lab `isolation-filter`, graded from the file requests the
 * machine recorded (`fs.request`: which process asked what of which file, and
 * the NTSTATUS it got), the Filter Manager's state and the debug print buffer.
 * Which view a request went through follows from the filter's rule: a file
 * under C:\Vault\, opened by IsoView.exe while IsoFilter is loaded.
 */
import type { LabEventOf } from '../../src/base/events.ts';
import { kernelOf } from '../../src/kernel/nt.ts';
import { selectEntries } from '../../src/kernel/rtl/dbgprint.ts';
import { choiceQuestion, met, notYet, whenEvent } from '../../src/lab/objectives.ts';
import type { Objective, ObjectiveContext } from '../../src/lab/schema.ts';
import { STACK_OBJECTIVES } from './objectives-stack.ts';

type Request = LabEventOf<'fs.request'>;

const STATUS_SUCCESS = '0x00000000';
const STATUS_DELETE_PENDING = '0xC0000056';
const STATUS_SHARING_VIOLATION = '0xC0000043';
const STATUS_FILE_LOCK_CONFLICT = '0xC0000054';
const STATUS_INVALID_HANDLE = '0xC0000008';
const STATUS_NOT_SUPPORTED = '0xC00000BB';

const lower = (s: string) => s.toLowerCase();
const inVault = (path: string) => lower(path).startsWith('c:\\vault\\');
const fileOf = (path: string) => lower(path.replace(/^(.:[^:]*):.*$/, '$1'));

/** Was IsoFilter loaded when event `seq` happened? */
function filterLoadedAt(ctx: ObjectiveContext, seq: number): boolean {
  const changes = [...ctx.events.of('kernel.driverLoaded'), ...ctx.events.of('kernel.driverUnloaded')].filter((e) => e.image === 'isofilter' && e.seq < seq);
  const last = changes.sort((a, b) => a.seq - b.seq).at(-1);
  return last?.type === 'kernel.driverLoaded';
}

/**
 * The view a request went through: 'isolated' or 'native'. A request on an open file goes the
 * way its open went, so the filter must have been loaded when the process last opened that file
 * too (a handle opened before IsoFilter came stays on the native file).
 */
function viewOf(ctx: ObjectiveContext, e: Request): 'isolated' | 'native' {
  if (!inVault(e.path) || lower(e.image) !== 'isoview.exe' || !filterLoadedAt(ctx, e.seq)) return 'native';
  if (e.op === 'NtCreateFile') return 'isolated';
  const file = fileOf(e.path);
  const opened = requests(ctx).findLast(
    (o) => o.seq < e.seq && o.op === 'NtCreateFile' && o.status === STATUS_SUCCESS && o.pid === e.pid && fileOf(o.path) === file,
  );
  return opened === undefined || filterLoadedAt(ctx, opened.seq) ? 'isolated' : 'native';
}

const requests = (ctx: ObjectiveContext) => ctx.events.of('fs.request');

/** Byte-range locks held after each request: by process, file and view (an unlock or the process's close ends one). */
function locksHeldBefore(ctx: ObjectiveContext, seq: number): { pid: number; file: string; view: string }[] {
  const held: { pid: number; file: string; view: string }[] = [];
  for (const e of requests(ctx)) {
    if (e.seq >= seq) break;
    const file = fileOf(e.path);
    if (e.op === 'NtLockFile' && e.status === STATUS_SUCCESS && e.detail.includes('exclusive')) held.push({ pid: e.pid, file, view: viewOf(ctx, e) });
    if ((e.op === 'NtUnlockFile' && e.status === STATUS_SUCCESS) || e.op === 'NtClose') {
      const i = held.findIndex((h) => h.pid === e.pid && h.file === file);
      if (i >= 0) held.splice(i, 1);
    }
  }
  return held;
}

function stackReady(ctx: ObjectiveContext) {
  const k = kernelOf(ctx.machine);
  if (!k) return notYet('This machine has no kernel.');
  if (!k.io.driverByName('\\Driver\\IsoFull')) return notYet('The fulfillment driver IsoFull is not loaded.');
  const instance = k.flt.instancesOf('IsoFilter').find((i) => i.Volume === '\\Device\\HarddiskVolume2');
  if (!instance) return notYet('IsoFilter has no instance on C: (is the minifilter loaded?).');
  const loaded = ctx.events
    .of('kernel.driverLoaded')
    .filter((e) => e.image === 'isofilter')
    .at(-1);
  const looked = ctx.events
    .of('console.command')
    .some((e) => e.command === 'fltmc' && lower(e.args[0] ?? '') === 'instances' && e.status === 0 && loaded !== undefined && e.seq > loaded.seq);
  return looked ? met : notYet('You have not yet listed the instances with fltmc since IsoFilter was loaded.');
}

function twoViews(ctx: ObjectiveContext) {
  const reads = requests(ctx).filter((e) => e.op === 'NtReadFile' && !e.paging && e.status === STATUS_SUCCESS && inVault(e.path));
  const both = reads.some((a) => viewOf(ctx, a) === 'isolated' && reads.some((b) => viewOf(ctx, b) === 'native' && fileOf(b.path) === fileOf(a.path)));
  return both
    ? met
    : notYet(
        'No file under C:\\Vault has been read yet through both the isolated view (IsoView.exe, with a handle opened while IsoFilter is loaded) and the native view.',
      );
}

function dispositionUndone(ctx: ObjectiveContext) {
  const k = kernelOf(ctx.machine);
  const sets = requests(ctx).filter((e) => e.op === 'NtSetInformationFile' && e.detail.startsWith('FileDispositionInformation') && e.status === STATUS_SUCCESS);
  const undone = sets.filter(
    (off) =>
      off.detail.endsWith('FALSE') &&
      sets.some((on) => on.detail.endsWith('TRUE') && on.seq < off.seq && on.pid === off.pid && fileOf(on.path) === fileOf(off.path)),
  );
  if (undone.length === 0) return notYet('No handle has had DeleteFile set to TRUE and then back to FALSE yet.');
  const closed = undone.some(
    (u) =>
      requests(ctx).some((c) => c.op === 'NtClose' && c.seq > u.seq && c.pid === u.pid && fileOf(c.path) === fileOf(u.path)) &&
      k?.fs.file(u.path) !== undefined,
  );
  return closed ? met : notYet('The disposition was undone, but the handle has not been closed yet (or the file is gone): close it and see the file stay.');
}

function supersedeFailed(ctx: ObjectiveContext) {
  const all = requests(ctx);
  const ok = all.some((e) => {
    if (e.op !== 'NtCreateFile' || !e.detail.startsWith('FILE_SUPERSEDE') || e.status !== STATUS_SHARING_VIOLATION) return false;
    const file = fileOf(e.path);
    // A named stream of the same file open at that moment (opened, not yet closed).
    const streams = all.filter(
      (o) => o.seq < e.seq && o.op === 'NtCreateFile' && o.status === STATUS_SUCCESS && fileOf(o.path) === file && o.path.slice(2).includes(':'),
    );
    return streams.some((o) => !all.some((c) => c.op === 'NtClose' && c.seq > o.seq && c.seq < e.seq && c.pid === o.pid && lower(c.path) === lower(o.path)));
  });
  return ok ? met : notYet('No FILE_SUPERSEDE has failed yet with STATUS_SHARING_VIOLATION while a named stream of that file was open.');
}

function lockPerView(ctx: ObjectiveContext) {
  const reads = requests(ctx).filter((e) => e.op === 'NtReadFile' && !e.paging);
  const blocked = reads.some(
    (e) => e.status === STATUS_FILE_LOCK_CONFLICT && locksHeldBefore(ctx, e.seq).some((h) => h.file === fileOf(e.path) && h.view === viewOf(ctx, e)),
  );
  if (!blocked) return notYet('No read has been stopped yet by an exclusive byte-range lock held in the same view.');
  const passed = reads.some(
    (e) => e.status === STATUS_SUCCESS && locksHeldBefore(ctx, e.seq).some((h) => h.file === fileOf(e.path) && h.view !== viewOf(ctx, e) && h.pid !== e.pid),
  );
  return passed ? met : notYet('A lock stopped a read in its own view; now read the same bytes through the other view while the lock is held.');
}

function pagingIgnoresLock(ctx: ObjectiveContext) {
  const all = requests(ctx);
  const ok = all.some(
    (e) =>
      e.op === 'NtReadFile' &&
      e.paging &&
      e.status === STATUS_SUCCESS &&
      locksHeldBefore(ctx, e.seq).some((h) => h.file === fileOf(e.path) && h.view === 'native') &&
      all.some((r) => r.seq < e.seq && r.op === 'NtReadFile' && !r.paging && r.status === STATUS_FILE_LOCK_CONFLICT && fileOf(r.path) === fileOf(e.path)),
  );
  return ok ? met : notYet('No read through a mapped view (a page fault) has yet succeeded on a file whose locked range stopped an ordinary read.');
}

function renameReported(ctx: ObjectiveContext) {
  const k = kernelOf(ctx.machine);
  if (!k) return notYet('This machine has no kernel.');
  const renames = requests(ctx).filter(
    (e) =>
      e.op === 'NtSetInformationFile' && e.detail.startsWith('FileRenameInformation') && e.detail.endsWith('ReplaceIfExists') && e.status === STATUS_SUCCESS,
  );
  // The replaced target is deleted while the rename's IRP is in flight: after the request before it.
  const all = requests(ctx);
  const before = (r: Request) => all.filter((e) => e.seq < r.seq).at(-1)?.seq ?? -1;
  const replaced = renames.some((r) => ctx.events.of('fs.deleted').some((d) => d.seq < r.seq && d.seq > before(r) && inVault(d.path)));
  if (!replaced) return notYet('No file under C:\\Vault has yet been renamed over an existing file with ReplaceIfExists.');
  const views = ctx.events.of('dbgview.displayed');
  const seen = views.some((v) =>
    selectEntries(k.rtl.state.entries, v.from, v.filter).some((x) => x.seq < v.to && x.module === 'isofull' && x.text.includes('ReplaceIfExists')),
  );
  return seen ? met : notYet("The rename happened; now find its report in the fulfillment driver's debug output.");
}

export const OBJECTIVES: readonly Objective[] = [
  {
    kind: 'task',
    id: 'stack',
    title: 'Load the fulfillment driver and the isolation filter, and find the filter’s instance on C:',
    hints: [
      'Two drivers: IsoFull is an ordinary (legacy) driver; IsoFilter is a minifilter that the Filter Manager attaches to volumes.',
      'The service control manager starts the first; the Filter Manager’s own control program loads the second.',
      'The same control program lists filters, their instances and the volumes it filters.',
      'Type: sc start IsoFull, then fltmc load IsoFilter, then fltmc instances',
    ],
    check: stackReady,
  },
  {
    kind: 'task',
    id: 'two-views',
    title: 'Read one file under C:\\Vault through both views',
    hints: [
      'The filter decides by process: IsoView.exe sees the isolated view, everything else the native file.',
      'The lab tool filetest opens files from a lab process of your choosing and keeps the handle.',
      'Open the same file twice, once from IsoView.exe, and read through each handle. Compare with type. A handle opened before IsoFilter was loaded stays on the native file: open it again.',
      'Type: filetest open plan.txt /as:IsoView.exe, filetest read 0x4, filetest open plan.txt, filetest read 0x8',
    ],
    check: twoViews,
  },
  whenEvent(
    {
      id: 'delete-pending',
      title: 'Make a file delete-pending and see the next open fail',
      why: 'No open has failed with STATUS_DELETE_PENDING yet.',
      hints: [
        'FILE_DELETE_ON_CLOSE belongs to one open: when that handle closes, the file becomes delete-pending, but it is only deleted when every handle is gone.',
        'You need a second handle that stays open, and every open must share delete access: a handle you opened earlier without /share:rwd refuses the delete-on-close open with STATUS_SHARING_VIOLATION until you close it (filetest handles lists what is open).',
        'Open the file once with /share:rwd, then with /access:d /share:rwd /deleteonclose; close the second, and open again.',
        'Type: filetest open budget.txt /share:rwd, filetest open budget.txt /access:d /share:rwd /deleteonclose, filetest close <its handle>, filetest open budget.txt',
      ],
    },
    'fs.request',
    (e) => e.op === 'NtCreateFile' && e.status === STATUS_DELETE_PENDING,
  ),
  {
    kind: 'task',
    id: 'undo-disposition',
    title: 'Set a delete disposition, undo it before the close, and see the file stay',
    hints: [
      'FileDispositionInformation is only an intention until the last close: it can be set and cleared.',
      'The handle needs DELETE access to set it at all.',
      'filetest delete <handle> on|off sets DeleteFile TRUE or FALSE; close the handle afterwards.',
      'Type: filetest open old.txt /access:d, filetest delete <h> on, filetest delete <h> off, filetest close <h>, dir',
    ],
    check: dispositionUndone,
  },
  {
    kind: 'task',
    id: 'supersede-fails',
    title: 'Make a FILE_SUPERSEDE fail because another stream of the file is open',
    hints: [
      'A file can have named streams besides its default data: file.txt:name.',
      'A supersede replaces the whole file, every stream of it.',
      'Create and keep open a named stream of plan.txt, then supersede plan.txt.',
      'Type: filetest open plan.txt:notes /disp:create /access:rw, then filetest open plan.txt /disp:supersede /access:w',
    ],
    check: supersedeFailed,
  },
  choiceQuestion({
    id: 'supersede-why',
    title: 'Say why the supersede failed',
    question: 'Your FILE_SUPERSEDE of plan.txt failed with STATUS_SHARING_VIOLATION while plan.txt:notes was open. Why?',
    choices: [
      {
        key: 'a',
        text: 'Another handle had the default stream open without FILE_SHARE_WRITE.',
        feedback: 'That would fail an overwrite too, and the stream open was on plan.txt:notes, not on the default stream: share access is kept per stream.',
      },
      {
        key: 'b',
        text: 'A supersede deletes every stream of the file, so it cannot proceed while any stream is open.',
        correct: true,
        feedback:
          'FILE_SUPERSEDE replaces the file as a whole. An overwrite only truncates the default stream and lets the other streams go as they close; a supersede has nothing it could leave behind, so an open stream stops it.',
      },
      {
        key: 'c',
        text: 'The isolation filter refuses destructive creates.',
        feedback: 'The open came from FileTest.exe, the native view: the filter let it through, and Ntfs refused it.',
      },
    ],
    hints: [
      'Compare with FILE_OVERWRITE while a stream is open, on a file you can spare (echo x> spare.txt and a spare.txt:notes stream): an overwrite empties the default stream, and plan.txt is still needed.',
      'Share access is per stream; what does a supersede do to streams other than the one named?',
      'One choice is about the default stream, one about the filter, one about all the streams.',
    ],
    evidence: supersedeFailed,
    maxAttempts: 2,
  }),
  {
    kind: 'task',
    id: 'lock-views',
    title: 'Show a byte-range lock stopping a read in its view, and not in the other view',
    hints: [
      'The isolated view has its own file lock package, kept by the filter; the native view’s locks are Ntfs’s.',
      'Lock a range through one handle, then read the same bytes through a second handle in the same view, and through a handle in the other view.',
      'filetest lock <h> <offset> <length> takes an exclusive lock; open a second IsoView.exe handle to read in the isolated view.',
      'Type: filetest lock 0x4 0 10, filetest open plan.txt /as:IsoView.exe, filetest read <new handle>, filetest read 0x8 (0x4 and 0x8: your IsoView.exe and FileTest.exe handles on plan.txt from the second objective)',
    ],
    check: lockPerView,
  },
  {
    kind: 'task',
    id: 'paging-io',
    title: 'Show that a lock does not stop paging I/O',
    hints: [
      'Locks are enforced on ordinary reads and writes only; a page fault on a mapped view is paging I/O.',
      'Lock a range of the native file, show an ordinary read from another process failing, then map the file and read through the view.',
      'filetest map <h> makes a section with a view; filetest view <section> touches its pages.',
      'Type: filetest lock 0x8 0 10, filetest open plan.txt /as:Other.exe, filetest read <its handle>, filetest map 0x8, filetest view 1',
    ],
    check: pagingIgnoresLock,
  },
  whenEvent(
    {
      id: 'mapped-delete',
      title: 'Keep a delete-pending file alive with a mapped view, and see it go at the section’s close',
      why: 'No file has yet outlived its last handle because a section still mapped it.',
      hints: [
        'A section holds a reference on the file object it was made from, even after that handle is closed.',
        'Map a file, close that handle, make the file delete-pending through another handle and close it too: the name stays, and new opens fail.',
        'The file goes when the section goes: its file object gets IRP_MJ_CLOSE then, not the handle you closed last.',
        'Type: echo x> scratch.txt, filetest open scratch.txt /share:rwd, filetest map <h>, filetest close <h>, filetest open scratch.txt /access:d /share:rwd /deleteonclose, filetest close <h>, dir scratch.txt, filetest unmap <section>, dir scratch.txt',
      ],
    },
    'fs.deleted',
    (e) => e.atClose && e.stream === null,
  ),
  {
    kind: 'task',
    id: 'rename-report',
    title: 'Rename over an existing isolated file and find the report in the fulfillment driver’s log',
    hints: [
      'A rename with ReplaceIfExists destroys the target: the fulfillment component must hear about it.',
      'Make a file to rename (C:\\Vault has no spare one: echo some text> draft.txt), open it from IsoView.exe with DELETE access and rename it onto an existing name, such as old.txt, with /replace.',
      'The fulfillment driver reports with DbgPrint; the debug output viewer shows it.',
      'Type: echo A draft> draft.txt, filetest open draft.txt /as:IsoView.exe /access:d, filetest rename <h> C:\\Vault\\old.txt /replace, dbgview',
    ],
    check: renameReported,
  },
  whenEvent(
    {
      id: 'thunk',
      title: 'See what a 32-bit caller’s rename does to a filter that does not thunk',
      why: 'No rename from a 32-bit process has yet failed with STATUS_INVALID_HANDLE.',
      hints: [
        'FILE_RENAME_INFORMATION holds a HANDLE: 4 bytes in a 32-bit process, 8 in a 64-bit one, so the fields after it move.',
        'The sample filter thunks by default; its Parameters\\ThunkHandles value turns that off.',
        'Set ThunkHandles to 0, then rename a C:\\Vault file from a 32-bit process (filetest open … /x86); make a file for it first (echo memo> memo.txt).',
        'Type: reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\IsoFilter\\Parameters /v ThunkHandles /t REG_DWORD /d 0 /f, echo memo> memo.txt, filetest open memo.txt /as:Legacy32.exe /x86 /access:d, filetest rename <h> C:\\Vault\\memo2.txt',
      ],
    },
    'fs.request',
    (e) => e.op === 'NtSetInformationFile' && e.wow64 && e.detail.startsWith('FileRenameInformation') && e.status === STATUS_INVALID_HANDLE,
  ),
  whenEvent(
    {
      id: 'refuse-txn',
      title: 'Have the isolation filter refuse a transacted open',
      why: 'No transacted open of an isolated file has been refused yet.',
      hints: [
        'A transaction has its own view of a file, which an isolation filter would have to mirror.',
        'The sample takes the simplest way out: no transactions on isolated files.',
        'filetest open … /txn opens inside a transaction.',
        'Type: filetest open plan.txt /txn',
      ],
    },
    'fs.request',
    (e) => e.op === 'NtCreateFile' && e.detail.includes('transacted') && inVault(e.path) && e.status === STATUS_NOT_SUPPORTED,
  ),
  ...STACK_OBJECTIVES,
];
