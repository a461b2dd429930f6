/** The isolation-filter debrief: what each objective shows about the article's claims (B1-B23), and the real-machine equivalent. */
import type { DebriefItem } from '../../src/lab/schema.ts';

export const DEBRIEF: readonly DebriefItem[] = [
  {
    title: 'Two drivers, one stack',
    objectives: ['stack', 'two-views'],
    claims: ['B1', 'B4', 'B15'],
    shows:
      'IsoFilter is one instance among the minifilters FltMgr calls on C:, at its altitude; IsoFull only supplies bytes. The same file read as plain text through IsoView.exe and in its stored form through any other process: the isolated open was answered by the filter itself, the native one by Ntfs.',
    realMachine:
      'fltmc and DebugView work the same on Windows 7; a real isolation filter ships with an INF that writes its Instances key, and a provider service in place of IsoFull.',
  },
  {
    title: 'Deleting is an intention',
    objectives: ['delete-pending', 'undo-disposition'],
    claims: ['B9', 'B10'],
    shows:
      'FILE_DELETE_ON_CLOSE made the file delete-pending at its own handle’s close, and the next open failed with STATUS_DELETE_PENDING while another handle kept the file; a disposition set and cleared before the close left the file in place.',
    realMachine: 'OSR’s FileTest (or a few lines of C with NtCreateFile and SetFileInformationByHandle) shows the same statuses on NTFS.',
  },
  {
    title: 'Destructive creates',
    objectives: ['supersede-fails', 'supersede-why'],
    claims: ['B7', 'B8', 'B13'],
    shows:
      'FILE_SUPERSEDE refused to replace plan.txt while its notes stream was open; an overwrite would have truncated the default stream and let the open stream go when it closed.',
    realMachine: 'cmd’s echo text > file:stream creates a named stream on NTFS; dir /r lists streams on Windows 7.',
  },
  {
    title: 'Locks per view, and not for paging I/O',
    objectives: ['lock-views', 'paging-io'],
    claims: ['B15', 'B16', 'B2'],
    shows:
      'An exclusive lock in the isolated view stopped a read through another isolated handle but not a read of the native file, and a lock on the native file did not stop a page fault through a mapped view. A waiting lock request came back STATUS_PENDING even on a synchronous handle.',
    realMachine: 'LockFileEx with and without LOCKFILE_FAIL_IMMEDIATELY, and MapViewOfFile, from two processes.',
  },
  {
    title: 'A mapped file outlives its handles',
    objectives: ['mapped-delete'],
    claims: ['B11'],
    shows:
      'The delete-pending file kept its name after its last handle closed, because a section still referenced the file object it was made from; it was deleted at that file object’s IRP_MJ_CLOSE, when the section went, not at the close of the handle that asked for the delete.',
    realMachine:
      'A program that maps a file with CreateFileMapping/MapViewOfFile and closes its file handle keeps the file object alive the same way; the delete happens when the view is unmapped and the Memory Manager lets go of the section.',
  },
  {
    title: 'Renames, 32-bit callers, transactions',
    objectives: ['rename-report', 'thunk', 'refuse-txn'],
    claims: ['B12', 'B19', 'B23'],
    shows:
      'A rename with ReplaceIfExists over an isolated file reached the fulfillment driver’s log; read with the 64-bit layout, a 32-bit caller’s FILE_RENAME_INFORMATION gave a garbage RootDirectory and STATUS_INVALID_HANDLE; a transacted open of an isolated file was refused.',
    realMachine:
      'Whether a 32-bit caller’s structure reaches a driver as the caller built it depends on the path (WOW64 converts the calls it knows in user mode; FSCTL inputs arrive unconverted, with their 32-bit twins in the headers): the lab’s machine hands the rename structure over as built, the case the article warns about. CreateFileTransacted opens inside a TxF transaction.',
  },
  {
    title: 'A stack the filter does not own',
    objectives: ['network-share', 'coexist', 'coexist-why', 'teardown'],
    claims: ['B17', 'B21', 'B22'],
    shows:
      'On \\\\fileserver\\share the filter held the native file with no shared access while its view was open, so another opener got STATUS_SHARING_VIOLATION from the server. With two instances of the filter on C:, the name-suffix build lost its mark to the upper instance, and the lower one answered the filter’s own open from the still empty control block, so the view came back empty; the ECP build let both instances see the mark. Detaching an instance with a lock request pended in it ran InstanceTeardownStart, which completed the request before taking its remove lock exclusive and freeing its control blocks.',
    realMachine:
      'fltmc attach with -a puts a second instance of one filter on a volume on Windows 7 too; !fltkd.instance shows an instance’s rundown count, and Driver Verifier’s special pool is what turns a teardown that frees too early into a crash you can debug.',
  },
];
