/** NtCreateFile's constants (wdm.h / ntifs.h): access rights, dispositions, options, results, FO_* flags. */

export const FILE_READ_DATA = 0x1;
export const FILE_WRITE_DATA = 0x2;
export const FILE_APPEND_DATA = 0x4;
export const FILE_READ_EA = 0x8;
export const FILE_WRITE_EA = 0x10;
export const FILE_EXECUTE = 0x20;
export const FILE_READ_ATTRIBUTES = 0x80;
export const FILE_WRITE_ATTRIBUTES = 0x100;
export const DELETE = 0x10000;
export const READ_CONTROL = 0x20000;
export const SYNCHRONIZE = 0x100000;
export const GENERIC_READ = 0x80000000;
export const GENERIC_WRITE = 0x40000000;
export const GENERIC_EXECUTE = 0x20000000;
export const GENERIC_ALL = 0x10000000;
export const FILE_GENERIC_READ = 0x120089;
export const FILE_GENERIC_WRITE = 0x120116;
export const FILE_GENERIC_EXECUTE = 0x1200a0;
export const FILE_ALL_ACCESS = 0x1f01ff;

/** RtlMapGenericMask with the file object type's generic mapping. */
export function mapGenericFileAccess(access: number): number {
  let out = access & 0x0fffffff;
  if (access & GENERIC_READ) out |= FILE_GENERIC_READ;
  if (access & GENERIC_WRITE) out |= FILE_GENERIC_WRITE;
  if (access & GENERIC_EXECUTE) out |= FILE_GENERIC_EXECUTE;
  if (access & GENERIC_ALL) out |= FILE_ALL_ACCESS;
  return out >>> 0;
}

export const FILE_SHARE_READ = 0x1;
export const FILE_SHARE_WRITE = 0x2;
export const FILE_SHARE_DELETE = 0x4;

export const FILE_SUPERSEDE = 0;
export const FILE_OPEN = 1;
export const FILE_CREATE = 2;
export const FILE_OPEN_IF = 3;
export const FILE_OVERWRITE = 4;
export const FILE_OVERWRITE_IF = 5;

export const FILE_DIRECTORY_FILE = 0x1;
/** A directory's FILE_READ_DATA. */
export const FILE_LIST_DIRECTORY = 0x1;
export const FILE_WRITE_THROUGH = 0x2;
export const FILE_SEQUENTIAL_ONLY = 0x4;
export const FILE_NO_INTERMEDIATE_BUFFERING = 0x8;
export const FILE_SYNCHRONOUS_IO_ALERT = 0x10;
export const FILE_SYNCHRONOUS_IO_NONALERT = 0x20;
export const FILE_NON_DIRECTORY_FILE = 0x40;
export const FILE_RANDOM_ACCESS = 0x800;
export const FILE_DELETE_ON_CLOSE = 0x1000;
export const FILE_OPEN_FOR_BACKUP_INTENT = 0x4000;

/** IO_STATUS_BLOCK.Information of a create. */
export const FILE_SUPERSEDED = 0;
export const FILE_OPENED = 1;
export const FILE_CREATED = 2;
export const FILE_OVERWRITTEN = 3;
export const FILE_EXISTS = 4;
export const FILE_DOES_NOT_EXIST = 5;

export const FILE_ATTRIBUTE_READONLY = 0x1;
export const FILE_ATTRIBUTE_DIRECTORY = 0x10;
export const FILE_ATTRIBUTE_ARCHIVE = 0x20;
export const FILE_ATTRIBUTE_NORMAL = 0x80;

export const FO_SYNCHRONOUS_IO = 0x2;
export const FO_ALERTABLE_IO = 0x4;
export const FO_NO_INTERMEDIATE_BUFFERING = 0x8;
export const FO_WRITE_THROUGH = 0x10;
export const FO_SEQUENTIAL_ONLY = 0x20;
export const FO_CLEANUP_COMPLETE = 0x4000;
export const FO_DELETE_ON_CLOSE = 0x10000;
export const FO_HANDLE_CREATED = 0x40000;
export const FO_RANDOM_ACCESS = 0x100000;

/** FILE_INFORMATION_CLASS values the machine knows. */
export const FileBasicInformation = 4;
export const FileStandardInformation = 5;
export const FileAccessInformation = 8;
export const FileNameInformation = 9;
export const FileRenameInformation = 10;
export const FileLinkInformation = 11;
export const FileDispositionInformation = 13;
export const FilePositionInformation = 14;
export const FileModeInformation = 16;
export const FileAllocationInformation = 19;
export const FileEndOfFileInformation = 20;
