/** Typed events of the file system and the Filter Manager, for grading. */
export {};

declare module '../../base/events.ts' {
  interface LabEventMap {
    /**
     * The file system deleted a name (a link) or a named stream; `atClose` when the delete waited
     * past the last handle's cleanup for an IRP_MJ_CLOSE (a mapped view kept the file object alive).
     */
    'fs.deleted': { path: string; stream: string | null; atClose: boolean };
    /** A byte-range lock request that waited was granted or cancelled (its IRP completed). */
    'fs.lockCompleted': { irp: number; status: string };
    /**
     * A file request a process made through the I/O manager, and how it ended: `op` names the
     * service ('NtCreateFile', 'NtReadFile', 'NtLockFile', 'NtSetInformationFile', ...), `detail`
     * what it asked (disposition, information class, lock kind), `paging` a read through a mapped view.
     */
    'fs.request': { op: string; path: string; pid: number; image: string; wow64: boolean; detail: string; paging: boolean; status: string };
  }
}
