/**
 * Types from the Windows 7 x64 public symbols the labs use (ntkrnlmp.pdb and
 * fltmgr.pdb), as `dt` lays them out. nt's are the machine's own type
 * database (src/kernel/types); a PDB carries its own copy of every type it
 * uses, so the common ones appear in fltmgr's too.
 */
import { ModuleTypes, parseTypes } from '../types.ts';
import { BASE_TYPES, win7X64NtTypes } from '../../kernel/types/win7-x64.ts';
import { FLT_TYPES } from '../../kernel/types/win7-x64-flt.ts';

const FLTMGR = `
struct _FSRTL_PER_STREAM_CONTEXT 0x28
0x000 Links _LIST_ENTRY
0x010 OwnerId Ptr64 Void
0x018 InstanceId Ptr64 Void
0x020 FreeCallback Ptr64 Void
struct _TREE_ROOT 0x8
0x000 Tree Ptr64 _RTL_SPLAY_LINKS
struct _CONTEXT_LIST_CTRL 0x8
0x000 List _TREE_ROOT
struct _NAME_CACHE_LIST_CTRL 0x10
0x000 NameFormat Uint4B
0x008 List _TREE_ROOT
enum _STREAM_LIST_CTRL_FLAGS 0x4
struct _STREAM_LIST_CTRL 0xa8
0x000 Type _FLT_TYPE
0x008 ContextCtrl _FSRTL_PER_STREAM_CONTEXT
0x030 VolumeLink _LIST_ENTRY
0x040 Flags _STREAM_LIST_CTRL_FLAGS
0x044 UseCount Int4B
0x048 ContextLock _EX_PUSH_LOCK
0x050 StreamContexts _CONTEXT_LIST_CTRL
0x058 StreamHandleContexts _CONTEXT_LIST_CTRL
0x060 NameCacheLock _EX_PUSH_LOCK
0x068 LastRenameCompleted _LARGE_INTEGER
0x070 NormalizedNameCache _NAME_CACHE_LIST_CTRL
0x080 ShortNameCache _NAME_CACHE_LIST_CTRL
0x090 OpenedNameCache _NAME_CACHE_LIST_CTRL
0x0a0 AllNameContextsTemporary Int4B
struct _TREE_NODE 0x38
0x000 Link _RTL_SPLAY_LINKS
0x018 TreeRoot Ptr64 _TREE_ROOT
0x020 Key1 Ptr64 Void
0x028 Key2 Ptr64 Void
0x030 Flags Uint4B
struct _FLT_FILE_NAME_INFORMATION 0x78
0x000 Size Uint2B
0x002 NamesParsed Uint2B
0x004 Format Uint4B
0x008 Name _UNICODE_STRING
0x018 Volume _UNICODE_STRING
0x028 Share _UNICODE_STRING
0x038 Extension _UNICODE_STRING
0x048 Stream _UNICODE_STRING
0x058 FinalComponent _UNICODE_STRING
0x068 ParentDir _UNICODE_STRING
struct _NAME_CACHE_NODE 0xd0
0x000 Type _FLT_TYPE
0x008 ProvidingInstance Ptr64 _FLT_INSTANCE
0x010 CreationTime _LARGE_INTEGER
0x018 TreeLink _TREE_NODE
0x050 NameInfo _FLT_FILE_NAME_INFORMATION
0x0c8 UseCount Int4B
`;

export function win7NtTypes(): ModuleTypes {
  return win7X64NtTypes();
}

export function win7FltmgrTypes(): ModuleTypes {
  return new ModuleTypes('fltmgr', parseTypes(BASE_TYPES + FLT_TYPES + FLTMGR));
}
