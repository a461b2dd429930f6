/**
 * Windows 7 SP1 x64 (ntkrnlmp 6.1.7601) kernel-core layouts as the public
 * symbols give them: dispatcher objects, threads, processes, the processor
 * control region. Offsets, sizes and field order as `dt nt!_X` shows them.
 */
export const BASE_TYPES = `
struct _LIST_ENTRY 0x10
0x000 Flink Ptr64 _LIST_ENTRY
0x008 Blink Ptr64 _LIST_ENTRY
struct _SINGLE_LIST_ENTRY 0x8
0x000 Next Ptr64 _SINGLE_LIST_ENTRY
struct _UNICODE_STRING 0x10
0x000 Length Uint2B
0x002 MaximumLength Uint2B
0x008 Buffer Ptr64 Wchar
struct _STRING 0x10
0x000 Length Uint2B
0x002 MaximumLength Uint2B
0x008 Buffer Ptr64 Char
union _LARGE_INTEGER 0x8
0x000 LowPart Uint4B
0x004 HighPart Int4B
0x000 u <unnamed-tag>#li
0x000 QuadPart Int8B
struct <unnamed-tag>#li 0x8
0x000 LowPart Uint4B
0x004 HighPart Int4B
union _ULARGE_INTEGER 0x8
0x000 LowPart Uint4B
0x004 HighPart Uint4B
0x000 u <unnamed-tag>#uli
0x000 QuadPart Uint8B
struct <unnamed-tag>#uli 0x8
0x000 LowPart Uint4B
0x004 HighPart Uint4B
struct _RTL_SPLAY_LINKS 0x18
0x000 Parent Ptr64 _RTL_SPLAY_LINKS
0x008 LeftChild Ptr64 _RTL_SPLAY_LINKS
0x010 RightChild Ptr64 _RTL_SPLAY_LINKS
struct _EX_PUSH_LOCK 0x8
0x000 Locked Pos 0, 1 Bit
0x000 Waiting Pos 1, 1 Bit
0x000 Waking Pos 2, 1 Bit
0x000 MultipleShared Pos 3, 1 Bit
0x000 Shared Pos 4, 60 Bits
0x000 Value Uint8B
0x000 Ptr Ptr64 Void
struct _EX_RUNDOWN_REF 0x8
0x000 Count Uint8B
0x000 Ptr Ptr64 Void
struct _EX_FAST_REF 0x8
0x000 Object Ptr64 Void
0x000 RefCnt Pos 0, 4 Bits
0x000 Value Uint8B
struct _GUID 0x10
0x000 Data1 Uint4B
0x004 Data2 Uint2B
0x006 Data3 Uint2B
0x008 Data4 [8] UChar
struct _CLIENT_ID 0x10
0x000 UniqueProcess Ptr64 Void
0x008 UniqueThread Ptr64 Void
struct _QUAD 0x8
0x000 UseThisFieldToCopy Int8B
struct _M128A 0x10
0x000 Low Uint8B
0x008 High Int8B
struct _KAFFINITY_EX 0x28
0x000 Count Uint2B
0x002 Size Uint2B
0x004 Reserved Uint4B
0x008 Bitmap [4] Uint8B
struct _GROUP_AFFINITY 0x10
0x000 Mask Uint8B
0x008 Group Uint2B
0x00a Reserved [3] Uint2B
struct _PROCESSOR_NUMBER 0x4
0x000 Group Uint2B
0x002 Number UChar
0x003 Reserved UChar
`;

export const KE_TYPES = `
struct _DISPATCHER_HEADER 0x18
0x000 Type UChar
0x001 TimerControlFlags UChar
0x001 Absolute Pos 0, 1 Bit
0x001 Coalescable Pos 1, 1 Bit
0x001 KeepShifting Pos 2, 1 Bit
0x001 EncodedTolerableDelay Pos 3, 5 Bits
0x001 Abandoned UChar
0x001 Signalling UChar
0x002 ThreadControlFlags UChar
0x002 CpuThrottled Pos 0, 1 Bit
0x002 CycleProfiling Pos 1, 1 Bit
0x002 CounterProfiling Pos 2, 1 Bit
0x002 Reserved Pos 3, 5 Bits
0x002 Hand UChar
0x002 Size UChar
0x003 TimerMiscFlags UChar
0x003 Index Pos 0, 6 Bits
0x003 Inserted Pos 6, 1 Bit
0x003 Expired Pos 7, 1 Bit
0x003 DebugActive UChar
0x003 ActiveDR7 Pos 0, 1 Bit
0x003 Instrumented Pos 1, 1 Bit
0x003 Reserved2 Pos 2, 4 Bits
0x003 UmsScheduled Pos 6, 1 Bit
0x003 UmsPrimary Pos 7, 1 Bit
0x003 DpcActive UChar
0x000 Lock Int4B
0x004 SignalState Int4B
0x008 WaitListHead _LIST_ENTRY
struct _KEVENT 0x18
0x000 Header _DISPATCHER_HEADER
struct _KSEMAPHORE 0x20
0x000 Header _DISPATCHER_HEADER
0x018 Limit Int4B
struct _KMUTANT 0x38
0x000 Header _DISPATCHER_HEADER
0x018 MutantListEntry _LIST_ENTRY
0x028 OwnerThread Ptr64 _KTHREAD
0x030 Abandoned UChar
0x031 ApcDisable UChar
struct _KTIMER 0x40
0x000 Header _DISPATCHER_HEADER
0x018 DueTime _ULARGE_INTEGER
0x020 TimerListEntry _LIST_ENTRY
0x030 Dpc Ptr64 _KDPC
0x038 Processor Uint4B
0x03c Period Uint4B
struct _KDPC 0x40
0x000 Type UChar
0x001 Importance UChar
0x002 Number Uint2B
0x008 DpcListEntry _LIST_ENTRY
0x018 DeferredRoutine Ptr64 void
0x020 DeferredContext Ptr64 Void
0x028 SystemArgument1 Ptr64 Void
0x030 SystemArgument2 Ptr64 Void
0x038 DpcData Ptr64 Void
struct _KAPC 0x58
0x000 Type UChar
0x001 SpareByte0 UChar
0x002 Size UChar
0x003 SpareByte1 UChar
0x004 SpareLong0 Uint4B
0x008 Thread Ptr64 _KTHREAD
0x010 ApcListEntry _LIST_ENTRY
0x020 KernelRoutine Ptr64 void
0x028 RundownRoutine Ptr64 void
0x030 NormalRoutine Ptr64 void
0x038 NormalContext Ptr64 Void
0x040 SystemArgument1 Ptr64 Void
0x048 SystemArgument2 Ptr64 Void
0x050 ApcStateIndex Char
0x051 ApcMode Char
0x052 Inserted UChar
struct _KAPC_STATE 0x30
0x000 ApcListHead [2] _LIST_ENTRY
0x020 Process Ptr64 _KPROCESS
0x028 KernelApcInProgress UChar
0x029 KernelApcPending UChar
0x02a UserApcPending UChar
struct _KWAIT_BLOCK 0x30
0x000 WaitListEntry _LIST_ENTRY
0x010 Thread Ptr64 _KTHREAD
0x018 Object Ptr64 Void
0x020 NextWaitBlock Ptr64 _KWAIT_BLOCK
0x028 WaitKey Uint2B
0x02a WaitType UChar
0x02b BlockState UChar
0x02c SpareLong Int4B
struct _KWAIT_STATUS_REGISTER 0x1
0x000 Flags UChar
0x000 State Pos 0, 2 Bits
0x000 Affinity Pos 2, 1 Bit
0x000 Priority Pos 3, 1 Bit
0x000 Apc Pos 4, 1 Bit
0x000 UserApc Pos 5, 1 Bit
0x000 Alert Pos 6, 1 Bit
0x000 Unused Pos 7, 1 Bit
struct _KGATE 0x18
0x000 Header _DISPATCHER_HEADER
struct _KGUARDED_MUTEX 0x38
0x000 Count Int4B
0x008 Owner Ptr64 _KTHREAD
0x010 Contention Uint4B
0x018 Gate _KGATE
0x030 KernelApcDisable Int2B
0x032 SpecialApcDisable Int2B
0x030 CombinedApcDisable Uint4B
struct _KEXECUTE_OPTIONS 0x1
0x000 ExecuteDisable Pos 0, 1 Bit
0x000 ExecuteEnable Pos 1, 1 Bit
0x000 DisableThunkEmulation Pos 2, 1 Bit
0x000 Permanent Pos 3, 1 Bit
0x000 ExecuteDispatchEnable Pos 4, 1 Bit
0x000 ImageDispatchEnable Pos 5, 1 Bit
0x000 DisableExceptionChainValidation Pos 6, 1 Bit
0x000 Spare Pos 7, 1 Bit
0x000 ExecuteOptions UChar
union _KSTACK_COUNT 0x4
0x000 Value Int4B
0x000 State Pos 0, 3 Bits
0x000 StackCount Pos 3, 29 Bits
struct _KGDTENTRY64 0x10
0x000 LimitLow Uint2B
0x002 BaseLow Uint2B
0x004 Bytes <unnamed-tag>#gdtbytes
0x004 Bits <unnamed-tag>#gdtbits
0x008 BaseUpper Uint4B
0x00c MustBeZero Uint4B
0x000 Alignment Uint8B
struct <unnamed-tag>#gdtbytes 0x4
0x000 BaseMiddle UChar
0x001 Flags1 UChar
0x002 Flags2 UChar
0x003 BaseHigh UChar
struct <unnamed-tag>#gdtbits 0x4
0x000 BaseMiddle Pos 0, 8 Bits
0x000 Type Pos 8, 5 Bits
0x000 Dpl Pos 13, 2 Bits
0x000 Present Pos 15, 1 Bit
0x000 LimitHigh Pos 16, 4 Bits
0x000 System Pos 20, 1 Bit
0x000 LongMode Pos 21, 1 Bit
0x000 DefaultBig Pos 22, 1 Bit
0x000 Granularity Pos 23, 1 Bit
0x000 BaseHigh Pos 24, 8 Bits
struct _KPROCESS 0x160
0x000 Header _DISPATCHER_HEADER
0x018 ProfileListHead _LIST_ENTRY
0x028 DirectoryTableBase Uint8B
0x030 ThreadListHead _LIST_ENTRY
0x040 ProcessLock Uint8B
0x048 Affinity _KAFFINITY_EX
0x070 ReadyListHead _LIST_ENTRY
0x080 SwapListEntry _SINGLE_LIST_ENTRY
0x088 ActiveProcessors _KAFFINITY_EX
0x0b0 AutoAlignment Pos 0, 1 Bit
0x0b0 DisableBoost Pos 1, 1 Bit
0x0b0 DisableQuantum Pos 2, 1 Bit
0x0b0 ActiveGroupsMask Pos 3, 4 Bits
0x0b0 ReservedFlags Pos 7, 25 Bits
0x0b0 ProcessFlags Int4B
0x0b4 BasePriority Char
0x0b5 QuantumReset Char
0x0b6 Visited UChar
0x0b7 Unused3 UChar
0x0b8 ThreadSeed [4] Uint4B
0x0c8 IdealNode [4] Uint2B
0x0d0 IdealGlobalNode Uint2B
0x0d2 Flags _KEXECUTE_OPTIONS
0x0d3 Unused1 UChar
0x0d4 Unused2 Uint4B
0x0d8 Unused4 Uint4B
0x0dc StackCount _KSTACK_COUNT
0x0e0 ProcessListEntry _LIST_ENTRY
0x0f0 CycleTime Uint8B
0x0f8 KernelTime Uint4B
0x0fc UserTime Uint4B
0x100 InstrumentationCallback Ptr64 Void
0x108 LdtSystemDescriptor _KGDTENTRY64
0x118 LdtBaseAddress Ptr64 Void
0x120 LdtProcessLock _KGUARDED_MUTEX
0x158 LdtFreeSelectorHint Uint2B
0x15a LdtTableLength Uint2B
struct _KTHREAD 0x360
0x000 Header _DISPATCHER_HEADER
0x018 CycleTime Uint8B
0x020 QuantumTarget Uint8B
0x028 InitialStack Ptr64 Void
0x030 StackLimit Ptr64 Void
0x038 KernelStack Ptr64 Void
0x040 ThreadLock Uint8B
0x048 WaitRegister _KWAIT_STATUS_REGISTER
0x049 Running UChar
0x04a Alerted [2] UChar
0x04c KernelStackResident Pos 0, 1 Bit
0x04c ReadyTransition Pos 1, 1 Bit
0x04c ProcessReadyQueue Pos 2, 1 Bit
0x04c WaitNext Pos 3, 1 Bit
0x04c SystemAffinityActive Pos 4, 1 Bit
0x04c Alertable Pos 5, 1 Bit
0x04c GdiFlushActive Pos 6, 1 Bit
0x04c UserStackWalkActive Pos 7, 1 Bit
0x04c ApcInterruptRequest Pos 8, 1 Bit
0x04c ForceDeferSchedule Pos 9, 1 Bit
0x04c QuantumEndMigrate Pos 10, 1 Bit
0x04c UmsDirectedSwitchEnable Pos 11, 1 Bit
0x04c TimerActive Pos 12, 1 Bit
0x04c SystemThread Pos 13, 1 Bit
0x04c Reserved Pos 14, 18 Bits
0x04c MiscFlags Int4B
0x050 ApcState _KAPC_STATE
0x050 ApcStateFill [43] UChar
0x07b Priority Char
0x07c NextProcessor Uint4B
0x080 DeferredProcessor Uint4B
0x088 ApcQueueLock Uint8B
0x090 WaitStatus Int8B
0x098 WaitBlockList Ptr64 _KWAIT_BLOCK
0x0a0 WaitListEntry _LIST_ENTRY
0x0a0 SwapListEntry _SINGLE_LIST_ENTRY
0x0b0 Queue Ptr64 _KQUEUE
0x0b8 Teb Ptr64 Void
0x0c0 Timer _KTIMER
0x100 AutoAlignment Pos 0, 1 Bit
0x100 DisableBoost Pos 1, 1 Bit
0x100 EtwStackTraceApc1Inserted Pos 2, 1 Bit
0x100 EtwStackTraceApc2Inserted Pos 3, 1 Bit
0x100 CalloutActive Pos 4, 1 Bit
0x100 ApcQueueable Pos 5, 1 Bit
0x100 EnableStackSwap Pos 6, 1 Bit
0x100 GuiThread Pos 7, 1 Bit
0x100 UmsPerformingSyscall Pos 8, 1 Bit
0x100 VdmSafe Pos 9, 1 Bit
0x100 UmsDispatched Pos 10, 1 Bit
0x100 ReservedFlags Pos 11, 21 Bits
0x100 ThreadFlags Int4B
0x104 Spare0 Uint4B
0x108 WaitBlock [4] _KWAIT_BLOCK
0x108 WaitBlockFill4 [44] UChar
0x134 ContextSwitches Uint4B
0x108 WaitBlockFill5 [92] UChar
0x164 State UChar
0x165 NpxState Char
0x166 WaitIrql UChar
0x167 WaitMode Char
0x108 WaitBlockFill6 [140] UChar
0x194 WaitTime Uint4B
0x108 WaitBlockFill7 [168] UChar
0x1b0 TebMappedLowVa Ptr64 Void
0x1b8 Ucb Ptr64 _UMS_CONTROL_BLOCK
0x108 WaitBlockFill8 [188] UChar
0x1c4 KernelApcDisable Int2B
0x1c6 SpecialApcDisable Int2B
0x1c4 CombinedApcDisable Uint4B
0x1c8 QueueListEntry _LIST_ENTRY
0x1d8 TrapFrame Ptr64 _KTRAP_FRAME
0x1e0 FirstArgument Ptr64 Void
0x1e8 CallbackStack Ptr64 Void
0x1e8 CallbackDepth Uint8B
0x1f0 ApcStateIndex UChar
0x1f1 BasePriority Char
0x1f2 PriorityDecrement Char
0x1f2 ForegroundBoost Pos 0, 4 Bits
0x1f2 UnusualBoost Pos 4, 4 Bits
0x1f3 Preempted UChar
0x1f4 AdjustReason UChar
0x1f5 AdjustIncrement Char
0x1f6 PreviousMode Char
0x1f7 Saturation Char
0x1f8 SystemCallNumber Uint4B
0x1fc FreezeCount Uint4B
0x200 UserAffinity _GROUP_AFFINITY
0x210 Process Ptr64 _KPROCESS
0x218 Affinity _GROUP_AFFINITY
0x228 IdealProcessor Uint4B
0x22c UserIdealProcessor Uint4B
0x230 ApcStatePointer [2] Ptr64 _KAPC_STATE
0x240 SavedApcState _KAPC_STATE
0x240 SavedApcStateFill [43] UChar
0x26b WaitReason UChar
0x26c SuspendCount Char
0x26d Spare1 Char
0x26e CodePatchInProgress UChar
0x270 Win32Thread Ptr64 Void
0x278 StackBase Ptr64 Void
0x280 SuspendApc _KAPC
0x280 SuspendApcFill0 [1] UChar
0x281 ResourceIndex UChar
0x280 SuspendApcFill1 [3] UChar
0x283 QuantumReset UChar
0x280 SuspendApcFill2 [4] UChar
0x284 KernelTime Uint4B
0x280 SuspendApcFill3 [64] UChar
0x2c0 WaitPrcb Ptr64 _KPRCB
0x280 SuspendApcFill4 [72] UChar
0x2c8 LegoData Ptr64 Void
0x280 SuspendApcFill5 [83] UChar
0x2d3 LargeStack UChar
0x2d4 UserTime Uint4B
0x2d8 SuspendSemaphore _KSEMAPHORE
0x2d8 SuspendSemaphorefill [28] UChar
0x2f4 SListFaultCount Uint4B
0x2f8 ThreadListEntry _LIST_ENTRY
0x308 MutantListHead _LIST_ENTRY
0x318 SListFaultAddress Ptr64 Void
0x320 ReadOperationCount Int8B
0x328 WriteOperationCount Int8B
0x330 OtherOperationCount Int8B
0x338 ReadTransferCount Int8B
0x340 WriteTransferCount Int8B
0x348 OtherTransferCount Int8B
0x350 ThreadCounters Ptr64 _KTHREAD_COUNTERS
0x358 XStateSave Ptr64 _XSTATE_SAVE
struct _KQUEUE 0x40
0x000 Header _DISPATCHER_HEADER
0x018 EntryListHead _LIST_ENTRY
0x028 CurrentCount Uint4B
0x02c MaximumCount Uint4B
0x030 ThreadListHead _LIST_ENTRY
struct _NT_TIB 0x38
0x000 ExceptionList Ptr64 _EXCEPTION_REGISTRATION_RECORD
0x008 StackBase Ptr64 Void
0x010 StackLimit Ptr64 Void
0x018 SubSystemTib Ptr64 Void
0x020 FiberData Ptr64 Void
0x020 Version Uint4B
0x028 ArbitraryUserPointer Ptr64 Void
0x030 Self Ptr64 _NT_TIB
struct _KSPIN_LOCK_QUEUE 0x10
0x000 Next Ptr64 _KSPIN_LOCK_QUEUE
0x008 Lock Ptr64 Uint8B
struct _KDPC_DATA 0x20
0x000 DpcListHead _LIST_ENTRY
0x010 DpcLock Uint8B
0x018 DpcQueueDepth Int4B
0x01c DpcCount Uint4B
struct _KPCR 0x4e80
0x000 NtTib _NT_TIB
0x000 GdtBase Ptr64 _KGDTENTRY64
0x008 TssBase Ptr64 _KTSS64
0x010 UserRsp Uint8B
0x018 Self Ptr64 _KPCR
0x020 CurrentPrcb Ptr64 _KPRCB
0x028 LockArray Ptr64 _KSPIN_LOCK_QUEUE
0x030 Used_Self Ptr64 Void
0x038 IdtBase Ptr64 _KIDTENTRY64
0x040 Unused [2] Uint8B
0x050 Irql UChar
0x051 SecondLevelCacheAssociativity UChar
0x052 ObsoleteNumber UChar
0x053 Fill0 UChar
0x054 Unused0 [3] Uint4B
0x060 MajorVersion Uint2B
0x062 MinorVersion Uint2B
0x064 StallScaleFactor Uint4B
0x068 Unused1 [3] Ptr64 Void
0x080 KernelReserved [15] Uint4B
0x0bc SecondLevelCacheSize Uint4B
0x0c0 HalReserved [16] Uint4B
0x100 Unused2 Uint4B
0x108 KdVersionBlock Ptr64 Void
0x110 Unused3 Ptr64 Void
0x118 PcrAlign1 [24] Uint4B
0x180 Prcb _KPRCB
struct _KPRCB 0x4d00
0x000 MxCsr Uint4B
0x004 LegacyNumber UChar
0x005 ReservedMustBeZero UChar
0x006 InterruptRequest UChar
0x007 IdleHalt UChar
0x008 CurrentThread Ptr64 _KTHREAD
0x010 NextThread Ptr64 _KTHREAD
0x018 IdleThread Ptr64 _KTHREAD
0x020 NestingLevel UChar
0x021 PrcbPad00 [3] UChar
0x024 Number Uint4B
0x028 RspBase Uint8B
0x030 PrcbLock Uint8B
0x038 PrcbPad01 Uint8B
0x040 ProcessorState _KPROCESSOR_STATE
0x5f0 CpuType Char
0x5f1 CpuID Char
0x5f2 CpuStep Uint2B
0x5f2 CpuStepping UChar
0x5f3 CpuModel UChar
0x5f4 MHz Uint4B
0x5f8 HalReserved [8] Uint8B
0x638 MinorVersion Uint2B
0x63a MajorVersion Uint2B
0x63c BuildType UChar
0x63d CpuVendor UChar
0x63e CoresPerPhysicalProcessor UChar
0x63f LogicalProcessorsPerCore UChar
0x640 ApicMask Uint4B
0x644 CFlushSize Uint4B
0x648 AcpiReserved Ptr64 Void
0x650 InitialApicId Uint4B
0x654 Stride Uint4B
0x658 Group Uint2B
0x660 GroupSetMember Uint8B
0x668 GroupIndex UChar
0x670 LockQueue [17] _KSPIN_LOCK_QUEUE
0x780 PPLookasideList [16] _PP_LOOKASIDE_LIST
0x880 PPNPagedLookasideList [32] _GENERAL_LOOKASIDE_POOL
0x1480 PPPagedLookasideList [32] _GENERAL_LOOKASIDE_POOL
0x2080 PacketBarrier Int4B
0x2088 DeferredReadyListHead _SINGLE_LIST_ENTRY
0x2090 MmPageFaultCount Int4B
0x2094 MmCopyOnWriteCount Int4B
0x2098 MmTransitionCount Int4B
0x209c MmDemandZeroCount Int4B
0x20a0 MmPageReadCount Int4B
0x20a4 MmPageReadIoCount Int4B
0x20a8 MmDirtyPagesWriteCount Int4B
0x20ac MmDirtyWriteIoCount Int4B
0x20b0 MmMappedPagesWriteCount Int4B
0x20b4 MmMappedWriteIoCount Int4B
0x20b8 KeSystemCalls Uint4B
0x20bc KeContextSwitches Uint4B
0x20c0 CcFastReadNoWait Uint4B
0x20c4 CcFastReadWait Uint4B
0x20c8 CcFastReadNotPossible Uint4B
0x20cc CcCopyReadNoWait Uint4B
0x20d0 CcCopyReadWait Uint4B
0x20d4 CcCopyReadNoWaitMiss Uint4B
0x20d8 LookasideIrpFloat Int4B
0x20dc IoReadOperationCount Int4B
0x20e0 IoWriteOperationCount Int4B
0x20e4 IoOtherOperationCount Int4B
0x20e8 IoReadTransferCount _LARGE_INTEGER
0x20f0 IoWriteTransferCount _LARGE_INTEGER
0x20f8 IoOtherTransferCount _LARGE_INTEGER
0x2100 TargetCount Int4B
0x2104 IpiFrozen Uint4B
0x2180 DpcData [2] _KDPC_DATA
0x21c0 DpcStack Ptr64 Void
0x21c8 MaximumDpcQueueDepth Int4B
0x21cc DpcRequestRate Uint4B
0x21d0 MinimumDpcRate Uint4B
0x21d4 DpcLastCount Uint4B
0x21d8 ThreadDpcEnable UChar
0x21d9 QuantumEnd UChar
0x21da DpcRoutineActive UChar
0x21db IdleSchedule UChar
0x21dc DpcRequestSummary Int4B
0x21dc DpcRequestSlot [2] Int2B
0x21dc NormalDpcState Int2B
0x21de DpcThreadActive Pos 0, 1 Bit
0x21de ThreadDpcState Int2B
0x21e0 TimerHand Uint4B
0x21e4 MasterOffset Int4B
0x21e8 LastTick Uint4B
0x21ec UnusedPad Uint4B
0x21f0 PrcbPad50 [2] Uint8B
0x2200 TimerTable _KTIMER_TABLE
0x4400 DpcGate _KGATE
0x4418 PrcbPad52 Ptr64 Void
0x4420 CallDpc _KDPC
0x4460 ClockKeepAlive Int4B
0x4464 ClockCheckSlot UChar
0x4465 ClockPollCycle UChar
0x4466 NmiActive Uint2B
0x4468 DpcWatchdogPeriod Int4B
0x446c DpcWatchdogCount Int4B
0x4470 TickOffset Uint8B
0x4478 KeSpinLockOrdering Int4B
0x447c PrcbPad70 Uint4B
0x4480 WaitListHead _LIST_ENTRY
0x4490 WaitLock Uint8B
0x4498 ReadySummary Uint4B
0x449c QueueIndex Uint4B
0x44a0 TimerExpirationDpc _KDPC
0x44e0 PrcbPad72 [4] Uint8B
0x4500 DispatcherReadyListHead [32] _LIST_ENTRY
0x4700 InterruptCount Uint4B
0x4704 KernelTime Uint4B
0x4708 UserTime Uint4B
0x470c DpcTime Uint4B
0x4710 InterruptTime Uint4B
0x4714 AdjustDpcThreshold Uint4B
0x4718 DebuggerSavedIRQL UChar
0x4719 PrcbPad80 [7] UChar
0x4720 DpcTimeCount Uint4B
0x4724 DpcTimeLimit Uint4B
0x4728 PeriodicCount Uint4B
0x472c PeriodicBias Uint4B
0x4730 AvailableTime Uint4B
0x4734 KeExceptionDispatchCount Uint4B
0x4738 ParentNode Ptr64 _KNODE
0x4740 StartCycles Uint8B
0x4748 PrcbPad82 [3] Uint8B
0x4760 MmSpinLockOrdering Int4B
0x4764 PageColor Uint4B
0x4768 NodeColor Uint4B
0x476c NodeShiftedColor Uint4B
0x4770 SecondaryColorMask Uint4B
0x4774 PrcbPad83 Uint4B
0x4778 CycleTime Uint8B
0x4bb8 VendorString [13] UChar
0x4bc5 PrcbPad10 [3] UChar
0x4bc8 FeatureBits Uint4B
0x4bd0 UpdateSignature _LARGE_INTEGER
0x4bd8 Context Ptr64 _CONTEXT
0x4be0 ContextFlags Uint4B
0x4be8 ExtendedState Ptr64 _XSAVE_AREA
0x4c00 Mailbox Ptr64 _REQUEST_MAILBOX
struct _KSPECIAL_REGISTERS 0xd8
0x000 Cr0 Uint8B
0x008 Cr2 Uint8B
0x010 Cr3 Uint8B
0x018 Cr4 Uint8B
0x020 KernelDr0 Uint8B
0x028 KernelDr1 Uint8B
0x030 KernelDr2 Uint8B
0x038 KernelDr3 Uint8B
0x040 KernelDr6 Uint8B
0x048 KernelDr7 Uint8B
0x050 Gdtr _KDESCRIPTOR
0x060 Idtr _KDESCRIPTOR
0x070 Tr Uint2B
0x072 Ldtr Uint2B
0x074 MxCsr Uint4B
0x078 DebugControl Uint8B
0x080 LastBranchToRip Uint8B
0x088 LastBranchFromRip Uint8B
0x090 LastExceptionToRip Uint8B
0x098 LastExceptionFromRip Uint8B
0x0a0 Cr8 Uint8B
0x0a8 MsrGsBase Uint8B
0x0b0 MsrGsSwap Uint8B
0x0b8 MsrStar Uint8B
0x0c0 MsrLStar Uint8B
0x0c8 MsrCStar Uint8B
0x0d0 MsrSyscallMask Uint8B
struct _KDESCRIPTOR 0x10
0x000 Pad [3] Uint2B
0x006 Limit Uint2B
0x008 Base Ptr64 Void
struct _KPROCESSOR_STATE 0x5b0
0x000 SpecialRegisters _KSPECIAL_REGISTERS
0x0e0 ContextFrame _CONTEXT
`;
