/**
 * The pool tag descriptions the debugger ships (pooltag.txt), for the tags
 * the labs' pool pages hold. Unknown tags print "Owning component : Unknown".
 */
export const POOL_TAGS: Readonly<Record<string, string>> = {
  FMsl: 'STREAM_LIST_CTRL structure, Binary : fltmgr.sys',
  FMfn: 'NAME_CACHE_NODE structure, Binary : fltmgr.sys',
  FMic: 'IRP_CTRL structure, Binary : fltmgr.sys',
  FMis: 'FLT_INSTANCE structure, Binary : fltmgr.sys',
  FMfl: 'FLT_FILTER structure, Binary : fltmgr.sys',
  FMvo: 'FLT_VOLUME structure, Binary : fltmgr.sys',
  FMfr: 'FLT_FRAME structure, Binary : fltmgr.sys',
  File: 'File objects, Binary : nt!io',
  Io: 'general IO allocations, Binary : nt!io',
  VadS: 'Mm virtual address descriptors (short), Binary : nt!mm',
  MmSd: 'Mm section object prototype ptes, Binary : nt!mm',
  MmSm: 'segments used to map data files, Binary : nt!mm',
  NtFs: 'StrucSup.c, Binary : ntfs.sys',
  Ntfx: 'General Allocation, Binary : ntfs.sys',
  Ntfo: 'SCB_INDEX normalized named buffer, Binary : ntfs.sys',
  Ntff: 'FCB_DATA, Binary : ntfs.sys',
  FIPc: 'FileInfo FS-filter Prefetch Context, Binary : fileinfo.sys',
};
