/**
 * The Windows XP SP3 x86 kernel's types (ntkrnlpa.pdb), as far as the
 * user-state lab reads them: processes, threads, handle tables, the PEB and
 * its loader list, trap frames. Offsets are XP SP3's 32-bit layout (pointers
 * are 4 bytes: `Ptr32`), so `dt nt!_EPROCESS` on the XP machine shows the
 * machine's own bytes at the offsets a real XP SP3 debugger shows.
 */
import { ModuleTypes, parseTypes, TypeDatabase } from '../../base/typedb.ts';

const NT_TYPES = `
struct _LIST_ENTRY 0x8
0x000 Flink Ptr32 _LIST_ENTRY
0x004 Blink Ptr32 _LIST_ENTRY
struct _UNICODE_STRING 0x8
0x000 Length Uint2B
0x002 MaximumLength Uint2B
0x004 Buffer Ptr32 Uint2B
struct _CLIENT_ID 0x8
0x000 UniqueProcess Ptr32 Void
0x004 UniqueThread Ptr32 Void
struct _LARGE_INTEGER 0x8
0x000 LowPart Uint4B
0x004 HighPart Int4B
0x000 QuadPart Int8B
struct _DISPATCHER_HEADER 0x10
0x000 Type UChar
0x001 Absolute UChar
0x002 Size UChar
0x003 Inserted UChar
0x004 SignalState Int4B
0x008 WaitListHead _LIST_ENTRY
struct _KPROCESS 0x6c
0x000 Header _DISPATCHER_HEADER
0x010 ProfileListHead _LIST_ENTRY
0x018 DirectoryTableBase [2] Uint4B
0x030 IopmOffset Uint2B
0x032 Iopl UChar
0x033 Unused UChar
0x034 ActiveProcessors Uint4B
0x038 KernelTime Uint4B
0x03c UserTime Uint4B
0x040 ReadyListHead _LIST_ENTRY
0x04c VdmTrapcHandler Ptr32 Void
0x050 ThreadListHead _LIST_ENTRY
0x058 ProcessLock Uint4B
0x05c Affinity Uint4B
0x060 StackCount Uint2B
0x062 BasePriority Char
0x063 ThreadQuantum Char
0x064 AutoAlignment UChar
0x065 State UChar
0x066 ThreadSeed UChar
0x067 DisableBoost UChar
0x068 PowerState UChar
0x069 DisableQuantum UChar
0x06a IdealNode UChar
0x06b Flags UChar
struct _EPROCESS 0x260
0x000 Pcb _KPROCESS
0x06c ProcessLock Uint4B
0x070 CreateTime _LARGE_INTEGER
0x078 ExitTime _LARGE_INTEGER
0x080 RundownProtect Uint4B
0x084 UniqueProcessId Ptr32 Void
0x088 ActiveProcessLinks _LIST_ENTRY
0x090 QuotaUsage [3] Uint4B
0x09c QuotaPeak [3] Uint4B
0x0a8 CommitCharge Uint4B
0x0ac PeakVirtualSize Uint4B
0x0b0 VirtualSize Uint4B
0x0b4 SessionProcessLinks _LIST_ENTRY
0x0bc DebugPort Ptr32 Void
0x0c0 ExceptionPort Ptr32 Void
0x0c4 ObjectTable Ptr32 _HANDLE_TABLE
0x0c8 Token Uint4B
0x11c VadRoot Ptr32 Void
0x120 VadHint Ptr32 Void
0x124 CloneRoot Ptr32 Void
0x128 NumberOfPrivatePages Uint4B
0x12c NumberOfLockedPages Uint4B
0x130 Win32Process Ptr32 Void
0x134 Job Ptr32 Void
0x138 SectionObject Ptr32 Void
0x13c SectionBaseAddress Ptr32 Void
0x140 QuotaBlock Ptr32 Void
0x144 WorkingSetWatch Ptr32 Void
0x148 Win32WindowStation Ptr32 Void
0x14c InheritedFromUniqueProcessId Ptr32 Void
0x150 LdtInformation Ptr32 Void
0x154 VadFreeHint Ptr32 Void
0x158 VdmObjects Ptr32 Void
0x15c DeviceMap Ptr32 Void
0x160 PhysicalVadList _LIST_ENTRY
0x168 Filler Uint8B
0x170 Session Ptr32 Void
0x174 ImageFileName [16] UChar
0x184 JobLinks _LIST_ENTRY
0x18c LockedPagesList Ptr32 Void
0x190 ThreadListHead _LIST_ENTRY
0x198 SecurityPort Ptr32 Void
0x19c PaeTop Ptr32 Void
0x1a0 ActiveThreads Uint4B
0x1a4 GrantedAccess Uint4B
0x1a8 DefaultHardErrorProcessing Uint4B
0x1ac LastThreadExitStatus Int4B
0x1b0 Peb Ptr32 _PEB
struct _KAPC_STATE 0x18
0x000 ApcListHead [2] _LIST_ENTRY
0x010 Process Ptr32 _KPROCESS
0x014 KernelApcInProgress UChar
0x015 KernelApcPending UChar
0x016 UserApcPending UChar
struct _KTHREAD 0x1c0
0x000 Header _DISPATCHER_HEADER
0x010 MutantListHead _LIST_ENTRY
0x018 InitialStack Ptr32 Void
0x01c StackLimit Ptr32 Void
0x020 Teb Ptr32 Void
0x024 TlsArray Ptr32 Void
0x028 KernelStack Ptr32 Void
0x02c DebugActive UChar
0x02d State UChar
0x02e Alerted [2] UChar
0x030 Iopl UChar
0x031 NpxState UChar
0x032 Saturation Char
0x033 Priority Char
0x034 ApcState _KAPC_STATE
0x04c ContextSwitches Uint4B
0x054 WaitStatus Int4B
0x058 WaitIrql UChar
0x059 WaitMode Char
0x05a WaitNext UChar
0x05b WaitReason UChar
0x05c WaitBlockList Ptr32 Void
0x068 WaitTime Uint4B
0x06c BasePriority Char
0x06d DecrementCount UChar
0x06e PriorityDecrement Char
0x06f Quantum Char
0x12b NextProcessor UChar
0x12c CallbackStack Ptr32 Void
0x130 Win32Thread Ptr32 Void
0x134 TrapFrame Ptr32 _KTRAP_FRAME
0x140 PreviousMode Char
0x144 KernelTime Uint4B
0x148 UserTime Uint4B
0x168 StackBase Ptr32 Void
0x1b0 ThreadListEntry _LIST_ENTRY
0x1b8 FreezeCount Char
0x1b9 SuspendCount Char
0x1ba IdealProcessor UChar
0x1bb DisableBoost UChar
struct _ETHREAD 0x258
0x000 Tcb _KTHREAD
0x1c0 CreateTime _LARGE_INTEGER
0x1c8 ExitTime _LARGE_INTEGER
0x1d0 ExitStatus Int4B
0x1d4 PostBlockList _LIST_ENTRY
0x1ec Cid _CLIENT_ID
0x210 IrpList _LIST_ENTRY
0x218 TopLevelIrp Uint4B
0x21c DeviceToVerify Ptr32 Void
0x220 ThreadsProcess Ptr32 _EPROCESS
0x224 StartAddress Ptr32 Void
0x228 Win32StartAddress Ptr32 Void
0x22c ThreadListEntry _LIST_ENTRY
0x234 RundownProtect Uint4B
0x238 ThreadLock Uint4B
0x244 GrantedAccess Uint4B
struct _HANDLE_TABLE 0x44
0x000 TableCode Uint4B
0x004 QuotaProcess Ptr32 _EPROCESS
0x008 UniqueProcessId Ptr32 Void
0x01c HandleTableList _LIST_ENTRY
0x024 HandleContentionEvent Uint4B
0x028 DebugInfo Ptr32 Void
0x02c ExtraInfoPages Int4B
0x030 FirstFree Uint4B
0x034 LastFree Uint4B
0x038 NextHandleNeedingPool Uint4B
0x03c HandleCount Int4B
0x040 Flags Uint4B
struct _HANDLE_TABLE_ENTRY 0x8
0x000 Object Ptr32 Void
0x000 ObAttributes Uint4B
0x000 Value Uint4B
0x004 GrantedAccess Uint4B
0x004 GrantedAccessIndex Uint2B
0x006 CreatorBackTraceIndex Uint2B
0x004 NextFreeTableEntry Int4B
struct _QUAD 0x8
0x000 UseThisFieldToCopy Int8B
struct _OBJECT_HEADER 0x20
0x000 PointerCount Int4B
0x004 HandleCount Int4B
0x004 NextToFree Ptr32 Void
0x008 Type Ptr32 _OBJECT_TYPE
0x00c NameInfoOffset UChar
0x00d HandleInfoOffset UChar
0x00e QuotaInfoOffset UChar
0x00f Flags UChar
0x010 ObjectCreateInfo Ptr32 Void
0x010 QuotaBlockCharged Ptr32 Void
0x014 SecurityDescriptor Ptr32 Void
0x018 Body _QUAD
struct _OBJECT_HEADER_NAME_INFO 0x10
0x000 Directory Ptr32 Void
0x004 Name _UNICODE_STRING
0x00c QueryReferences Uint4B
struct _OBJECT_TYPE 0x190
0x038 TypeList _LIST_ENTRY
0x040 Name _UNICODE_STRING
0x048 DefaultObject Ptr32 Void
0x04c Index Uint4B
0x050 TotalNumberOfObjects Uint4B
0x054 TotalNumberOfHandles Uint4B
0x058 HighWaterNumberOfObjects Uint4B
0x05c HighWaterNumberOfHandles Uint4B
0x0ac Key Uint4B
struct _FILE_OBJECT 0x70
0x000 Type Int2B
0x002 Size Int2B
0x004 DeviceObject Ptr32 Void
0x008 Vpb Ptr32 Void
0x00c FsContext Ptr32 Void
0x010 FsContext2 Ptr32 Void
0x014 SectionObjectPointer Ptr32 Void
0x018 PrivateCacheMap Ptr32 Void
0x01c FinalStatus Int4B
0x020 RelatedFileObject Ptr32 _FILE_OBJECT
0x024 LockOperation UChar
0x025 DeletePending UChar
0x026 ReadAccess UChar
0x027 WriteAccess UChar
0x028 DeleteAccess UChar
0x029 SharedRead UChar
0x02a SharedWrite UChar
0x02b SharedDelete UChar
0x02c Flags Uint4B
0x030 FileName _UNICODE_STRING
0x038 CurrentByteOffset _LARGE_INTEGER
struct _MM_SESSION_SPACE 0x1278
0x000 ReferenceCount Uint4B
0x004 Flags Uint4B
0x008 SessionId Uint4B
struct _KTRAP_FRAME 0x8c
0x000 DbgEbp Uint4B
0x004 DbgEip Uint4B
0x008 DbgArgMark Uint4B
0x00c DbgArgPointer Uint4B
0x010 TempSegCs Uint4B
0x014 TempEsp Uint4B
0x018 Dr0 Uint4B
0x01c Dr1 Uint4B
0x020 Dr2 Uint4B
0x024 Dr3 Uint4B
0x028 Dr6 Uint4B
0x02c Dr7 Uint4B
0x030 SegGs Uint4B
0x034 SegEs Uint4B
0x038 SegDs Uint4B
0x03c Edx Uint4B
0x040 Ecx Uint4B
0x044 Eax Uint4B
0x048 PreviousPreviousMode Uint4B
0x04c ExceptionList Ptr32 Void
0x050 SegFs Uint4B
0x054 Edi Uint4B
0x058 Esi Uint4B
0x05c Ebx Uint4B
0x060 Ebp Uint4B
0x064 ErrCode Uint4B
0x068 Eip Uint4B
0x06c SegCs Uint4B
0x070 EFlags Uint4B
0x074 HardwareEsp Uint4B
0x078 HardwareSegSs Uint4B
struct _PEB_LDR_DATA 0x28
0x000 Length Uint4B
0x004 Initialized UChar
0x008 SsHandle Ptr32 Void
0x00c InLoadOrderModuleList _LIST_ENTRY
0x014 InMemoryOrderModuleList _LIST_ENTRY
0x01c InInitializationOrderModuleList _LIST_ENTRY
0x024 EntryInProgress Ptr32 Void
struct _LDR_DATA_TABLE_ENTRY 0x50
0x000 InLoadOrderLinks _LIST_ENTRY
0x008 InMemoryOrderLinks _LIST_ENTRY
0x010 InInitializationOrderLinks _LIST_ENTRY
0x018 DllBase Ptr32 Void
0x01c EntryPoint Ptr32 Void
0x020 SizeOfImage Uint4B
0x024 FullDllName _UNICODE_STRING
0x02c BaseDllName _UNICODE_STRING
0x034 Flags Uint4B
0x038 LoadCount Uint2B
0x03a TlsIndex Uint2B
0x044 TimeDateStamp Uint4B
struct _PEB 0x210
0x000 InheritedAddressSpace UChar
0x001 ReadImageFileExecOptions UChar
0x002 BeingDebugged UChar
0x003 SpareBool UChar
0x004 Mutant Ptr32 Void
0x008 ImageBaseAddress Ptr32 Void
0x00c Ldr Ptr32 _PEB_LDR_DATA
0x010 ProcessParameters Ptr32 Void
0x014 SubSystemData Ptr32 Void
0x018 ProcessHeap Ptr32 Void
0x068 NtGlobalFlag Uint4B
0x088 NumberOfHeaps Uint4B
0x08c MaximumNumberOfHeaps Uint4B
0x0a4 OSMajorVersion Uint4B
0x0a8 OSMinorVersion Uint4B
0x0ac OSBuildNumber Uint2B
0x0ae OSCSDVersion Uint2B
0x0b0 OSPlatformId Uint4B
0x0b4 ImageSubsystem Uint4B
0x0b8 ImageSubsystemMajorVersion Uint4B
0x0bc ImageSubsystemMinorVersion Uint4B
0x1d4 SessionId Uint4B
struct _NT_TIB 0x1c
0x000 ExceptionList Ptr32 Void
0x004 StackBase Ptr32 Void
0x008 StackLimit Ptr32 Void
0x00c SubSystemTib Ptr32 Void
0x010 FiberData Ptr32 Void
0x014 ArbitraryUserPointer Ptr32 Void
0x018 Self Ptr32 _NT_TIB
struct _TEB 0xfb8
0x000 NtTib _NT_TIB
0x01c EnvironmentPointer Ptr32 Void
0x020 ClientId _CLIENT_ID
0x028 ActiveRpcHandle Ptr32 Void
0x02c ThreadLocalStoragePointer Ptr32 Void
0x030 ProcessEnvironmentBlock Ptr32 _PEB
0x034 LastErrorValue Uint4B
`;

let cached: TypeDatabase | null = null;

/** The XP SP3 machine's type database (nt only: the lab's extensions read nt's types). */
export function xpTypes(): TypeDatabase {
  if (!cached) cached = new TypeDatabase([new ModuleTypes('nt', parseTypes(NT_TYPES))]);
  return cached;
}
