/**
 * Windows 7 SP1 x64 Configuration Manager layouts, as `dt nt!_X` shows them: the Key
 * object's body (_CM_KEY_BODY), the key control block it points at (one per open key,
 * shared by its bodies, linked to its parent's) and the name block holding the key's
 * name (upper-cased, one byte a character when Compressed).
 */
export const CM_TYPES = `
struct _CM_KEY_BODY 0x58
0x000 Type Uint4B
0x008 KeyControlBlock Ptr64 _CM_KEY_CONTROL_BLOCK
0x010 NotifyBlock Ptr64 _CM_NOTIFY_BLOCK
0x018 ProcessID Ptr64 Void
0x020 KeyBodyList _LIST_ENTRY
0x030 Flags Pos 0, 16 Bits
0x030 HandleTags Pos 16, 16 Bits
0x038 KtmTrans Ptr64 Void
0x040 KtmUow Ptr64 _GUID
0x048 ContextListHead _LIST_ENTRY
struct _CM_KEY_HASH 0x20
0x000 ConvKey Uint4B
0x008 NextHash Ptr64 _CM_KEY_HASH
0x010 KeyHive Ptr64 _HHIVE
0x018 KeyCell Uint4B
struct _CACHED_CHILD_LIST 0x10
0x000 Count Uint4B
0x008 ValueList Uint8B
0x008 RealKcb Ptr64 _CM_KEY_CONTROL_BLOCK
struct _CM_INTENT_LOCK 0x10
0x000 OwnerCount Uint4B
0x008 OwnerTable Ptr64 Ptr64 _CM_KCB_UOW
struct _CHILD_LIST 0x8
0x000 Count Uint4B
0x004 List Uint4B
struct _CM_KEY_CONTROL_BLOCK 0x128
0x000 RefCount Uint4B
0x004 ExtFlags Pos 0, 16 Bits
0x004 PrivateAlloc Pos 16, 1 Bit
0x004 Delete Pos 17, 1 Bit
0x004 HiveUnloaded Pos 18, 1 Bit
0x004 Decommissioned Pos 19, 1 Bit
0x004 LockTablePresent Pos 20, 1 Bit
0x004 TotalLevels Pos 21, 10 Bits
0x008 DelayedDeref Pos 0, 1 Bit
0x008 DelayedClose Pos 1, 1 Bit
0x008 Parking Pos 2, 1 Bit
0x010 KeyHash _CM_KEY_HASH
0x010 ConvKey Uint4B
0x018 NextHash Ptr64 _CM_KEY_HASH
0x020 KeyHive Ptr64 _HHIVE
0x028 KeyCell Uint4B
0x030 KcbPushlock _EX_PUSH_LOCK
0x038 Owner Ptr64 _KTHREAD
0x038 SharedCount Int4B
0x040 SlotHint Uint4B
0x048 ParentKcb Ptr64 _CM_KEY_CONTROL_BLOCK
0x050 NameBlock Ptr64 _CM_NAME_CONTROL_BLOCK
0x058 CachedSecurity Ptr64 _CM_KEY_SECURITY_CACHE
0x060 ValueCache _CACHED_CHILD_LIST
0x070 IndexHint Ptr64 _CM_INDEX_HINT_BLOCK
0x070 HashKey Uint4B
0x070 SubKeyCount Uint4B
0x078 KeyBodyListHead _LIST_ENTRY
0x078 FreeListEntry _LIST_ENTRY
0x088 KeyBodyArray [4] Ptr64 _CM_KEY_BODY
0x0a8 KcbLastWriteTime _LARGE_INTEGER
0x0b0 KcbMaxNameLen Uint2B
0x0b2 KcbMaxValueNameLen Uint2B
0x0b4 KcbMaxValueDataLen Uint4B
0x0b8 KcbUserFlags Pos 0, 4 Bits
0x0b8 KcbVirtControlFlags Pos 4, 4 Bits
0x0b8 KcbDebug Pos 8, 8 Bits
0x0b8 Flags Pos 16, 16 Bits
0x0c0 RealKeyName Ptr64 Char
0x0c8 KCBUoWListHead _LIST_ENTRY
0x0d8 DelayQueueEntry _LIST_ENTRY
0x0d8 Stolen Ptr64 UChar
0x0e8 TransKCBOwner Ptr64 _CM_TRANS
0x0f0 KCBLock _CM_INTENT_LOCK
0x100 KeyLock _CM_INTENT_LOCK
0x110 TransValueCache _CHILD_LIST
0x118 TransValueListOwner Ptr64 _CM_TRANS
0x120 FullKCBName Ptr64 _UNICODE_STRING
struct _CM_NAME_HASH 0x18
0x000 ConvKey Uint4B
0x008 NextHash Ptr64 _CM_NAME_HASH
0x010 NameLength Uint2B
0x012 Name [1] Wchar
struct _CM_NAME_CONTROL_BLOCK 0x20
0x000 Compressed UChar
0x002 RefCount Uint2B
0x008 NameHash _CM_NAME_HASH
0x008 ConvKey Uint4B
0x010 NextHash Ptr64 _CM_KEY_HASH
0x018 NameLength Uint2B
0x01a Name [1] Wchar
`;
