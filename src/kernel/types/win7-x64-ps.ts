/**
 * Windows 7 SP1 x64 process and thread layouts (executive and user-mode
 * parts): EPROCESS, ETHREAD, handle tables, PEB, TEB and the loader's module
 * entries, as `dt nt!_X` shows them.
 */
export const PS_TYPES = `
struct _EPROCESS 0x4d0
0x000 Pcb _KPROCESS
0x160 ProcessLock _EX_PUSH_LOCK
0x168 CreateTime _LARGE_INTEGER
0x170 ExitTime _LARGE_INTEGER
0x178 RundownProtect _EX_RUNDOWN_REF
0x180 UniqueProcessId Ptr64 Void
0x188 ActiveProcessLinks _LIST_ENTRY
0x198 ProcessQuotaUsage [2] Uint8B
0x1a8 ProcessQuotaPeak [2] Uint8B
0x1b8 CommitCharge Uint8B
0x1c0 QuotaBlock Ptr64 _EPROCESS_QUOTA_BLOCK
0x1c8 CpuQuotaBlock Ptr64 _PS_CPU_QUOTA_BLOCK
0x1d0 PeakVirtualSize Uint8B
0x1d8 VirtualSize Uint8B
0x1e0 SessionProcessLinks _LIST_ENTRY
0x1f0 DebugPort Ptr64 Void
0x1f8 ExceptionPortData Ptr64 Void
0x1f8 ExceptionPortValue Uint8B
0x1f8 ExceptionPortState Pos 0, 3 Bits
0x200 ObjectTable Ptr64 _HANDLE_TABLE
0x208 Token _EX_FAST_REF
0x210 WorkingSetPage Uint8B
0x218 AddressCreationLock _EX_PUSH_LOCK
0x220 RotateInProgress Ptr64 _ETHREAD
0x228 ForkInProgress Ptr64 _ETHREAD
0x230 HardwareTrigger Uint8B
0x238 PhysicalVadRoot Ptr64 _MM_AVL_TABLE
0x240 CloneRoot Ptr64 Void
0x248 NumberOfPrivatePages Uint8B
0x250 NumberOfLockedPages Uint8B
0x258 Win32Process Ptr64 Void
0x260 Job Ptr64 _EJOB
0x268 SectionObject Ptr64 Void
0x270 SectionBaseAddress Ptr64 Void
0x278 Cookie Uint4B
0x27c UmsScheduledThreads Uint4B
0x280 WorkingSetWatch Ptr64 _PAGEFAULT_HISTORY
0x288 Win32WindowStation Ptr64 Void
0x290 InheritedFromUniqueProcessId Ptr64 Void
0x298 LdtInformation Ptr64 Void
0x2a0 Spare Ptr64 Void
0x2a8 ConsoleHostProcess Uint8B
0x2b0 DeviceMap Ptr64 Void
0x2b8 EtwDataSource Ptr64 Void
0x2c0 FreeTebHint Ptr64 Void
0x2c8 FreeUmsTebHint Ptr64 Void
0x2d0 PageDirectoryPte _HARDWARE_PTE
0x2d0 Filler Uint8B
0x2d8 Session Ptr64 Void
0x2e0 ImageFileName [15] UChar
0x2ef PriorityClass UChar
0x2f0 JobLinks _LIST_ENTRY
0x300 LockedPagesList Ptr64 Void
0x308 ThreadListHead _LIST_ENTRY
0x318 SecurityPort Ptr64 Void
0x320 Wow64Process Ptr64 Void
0x328 ActiveThreads Uint4B
0x32c ImagePathHash Uint4B
0x330 DefaultHardErrorProcessing Uint4B
0x334 LastThreadExitStatus Int4B
0x338 Peb Ptr64 _PEB
0x340 PrefetchTrace _EX_FAST_REF
0x348 ReadOperationCount _LARGE_INTEGER
0x350 WriteOperationCount _LARGE_INTEGER
0x358 OtherOperationCount _LARGE_INTEGER
0x360 ReadTransferCount _LARGE_INTEGER
0x368 WriteTransferCount _LARGE_INTEGER
0x370 OtherTransferCount _LARGE_INTEGER
0x378 CommitChargeLimit Uint8B
0x380 CommitChargePeak Uint8B
0x388 AweInfo Ptr64 Void
0x390 SeAuditProcessCreationInfo _SE_AUDIT_PROCESS_CREATION_INFO
0x398 Vm _MMSUPPORT
0x420 MmProcessLinks _LIST_ENTRY
0x430 HighestUserAddress Ptr64 Void
0x438 ModifiedPageCount Uint4B
0x43c Flags2 Uint4B
0x43c JobNotReallyActive Pos 0, 1 Bit
0x43c AccountingFolded Pos 1, 1 Bit
0x43c NewProcessReported Pos 2, 1 Bit
0x43c ExitProcessReported Pos 3, 1 Bit
0x43c ReportCommitChanges Pos 4, 1 Bit
0x43c LastReportMemory Pos 5, 1 Bit
0x43c ReportPhysicalPageChanges Pos 6, 1 Bit
0x43c HandleTableRundown Pos 7, 1 Bit
0x43c NeedsHandleRundown Pos 8, 1 Bit
0x43c RefTraceEnabled Pos 9, 1 Bit
0x43c NumaAware Pos 10, 1 Bit
0x43c ProtectedProcess Pos 11, 1 Bit
0x43c DefaultPagePriority Pos 12, 3 Bits
0x43c PrimaryTokenFrozen Pos 15, 1 Bit
0x43c ProcessVerifierTarget Pos 16, 1 Bit
0x43c StackRandomizationDisabled Pos 17, 1 Bit
0x43c AffinityPermanent Pos 18, 1 Bit
0x43c AffinityUpdateEnable Pos 19, 1 Bit
0x43c PropagateNode Pos 20, 1 Bit
0x43c ExplicitAffinity Pos 21, 1 Bit
0x440 Flags Uint4B
0x440 CreateReported Pos 0, 1 Bit
0x440 NoDebugInherit Pos 1, 1 Bit
0x440 ProcessExiting Pos 2, 1 Bit
0x440 ProcessDelete Pos 3, 1 Bit
0x440 Wow64SplitPages Pos 4, 1 Bit
0x440 VmDeleted Pos 5, 1 Bit
0x440 OutswapEnabled Pos 6, 1 Bit
0x440 Outswapped Pos 7, 1 Bit
0x440 ForkFailed Pos 8, 1 Bit
0x440 Wow64VaSpace4Gb Pos 9, 1 Bit
0x440 AddressSpaceInitialized Pos 10, 2 Bits
0x440 SetTimerResolution Pos 12, 1 Bit
0x440 BreakOnTermination Pos 13, 1 Bit
0x440 DeprioritizeViews Pos 14, 1 Bit
0x440 WriteWatch Pos 15, 1 Bit
0x440 ProcessInSession Pos 16, 1 Bit
0x440 OverrideAddressSpace Pos 17, 1 Bit
0x440 HasAddressSpace Pos 18, 1 Bit
0x440 LaunchPrefetched Pos 19, 1 Bit
0x440 InjectInpageErrors Pos 20, 1 Bit
0x440 VmTopDown Pos 21, 1 Bit
0x440 ImageNotifyDone Pos 22, 1 Bit
0x440 PdeUpdateNeeded Pos 23, 1 Bit
0x440 VdmAllowed Pos 24, 1 Bit
0x440 CrossSessionCreate Pos 25, 1 Bit
0x440 ProcessInserted Pos 26, 1 Bit
0x440 DefaultIoPriority Pos 27, 3 Bits
0x440 ProcessSelfDelete Pos 30, 1 Bit
0x440 SetTimerResolutionLink Pos 31, 1 Bit
0x444 ExitStatus Int4B
0x448 VadRoot _MM_AVL_TABLE
0x488 AlpcContext _ALPC_PROCESS_CONTEXT
0x4a8 TimerResolutionLink _LIST_ENTRY
0x4b8 RequestedTimerResolution Uint4B
0x4bc ActiveThreadsHighWatermark Uint4B
0x4c0 SmallestTimerResolution Uint4B
0x4c8 TimerResolutionStackRecord Ptr64 _PO_DIAG_STACK_RECORD
struct _SE_AUDIT_PROCESS_CREATION_INFO 0x8
0x000 ImageFileName Ptr64 _OBJECT_NAME_INFORMATION
struct _OBJECT_NAME_INFORMATION 0x10
0x000 Name _UNICODE_STRING
struct _HARDWARE_PTE 0x8
0x000 Valid Pos 0, 1 Bit
0x000 Write Pos 1, 1 Bit
0x000 Owner Pos 2, 1 Bit
0x000 WriteThrough Pos 3, 1 Bit
0x000 CacheDisable Pos 4, 1 Bit
0x000 Accessed Pos 5, 1 Bit
0x000 Dirty Pos 6, 1 Bit
0x000 LargePage Pos 7, 1 Bit
0x000 Global Pos 8, 1 Bit
0x000 CopyOnWrite Pos 9, 1 Bit
0x000 Prototype Pos 10, 1 Bit
0x000 reserved0 Pos 11, 1 Bit
0x000 PageFrameNumber Pos 12, 36 Bits
0x000 reserved1 Pos 48, 4 Bits
0x000 SoftwareWsIndex Pos 52, 11 Bits
0x000 NoExecute Pos 63, 1 Bit
struct _MMSUPPORT 0x88
0x000 WorkingSetMutex _EX_PUSH_LOCK
0x008 ExitGate Ptr64 _KGATE
0x010 AccessLog Ptr64 Void
0x018 WorkingSetExpansionLinks _LIST_ENTRY
0x028 AgeDistribution [7] Uint4B
0x044 MinimumWorkingSetSize Uint4B
0x048 WorkingSetSize Uint4B
0x04c WorkingSetPrivateSize Uint4B
0x050 MaximumWorkingSetSize Uint4B
0x054 ChargedWslePages Uint4B
0x058 ActualWslePages Uint4B
0x05c WorkingSetSizeOverhead Uint4B
0x060 PeakWorkingSetSize Uint4B
0x064 HardFaultCount Uint4B
0x068 VmWorkingSetList Ptr64 _MMWSL
0x070 NextPageColor Uint2B
0x072 LastTrimStamp Uint2B
0x074 PageFaultCount Uint4B
0x078 RepurposeCount Uint4B
0x07c Spare [2] Uint4B
0x084 Flags _MMSUPPORT_FLAGS
struct _MMADDRESS_NODE 0x28
0x000 u1 <unnamed-tag>#mmaddr
0x008 LeftChild Ptr64 _MMADDRESS_NODE
0x010 RightChild Ptr64 _MMADDRESS_NODE
0x018 StartingVpn Uint8B
0x020 EndingVpn Uint8B
union <unnamed-tag>#mmaddr 0x8
0x000 Balance Pos 0, 2 Bits
0x000 Parent Ptr64 _MMADDRESS_NODE
struct _MM_AVL_TABLE 0x40
0x000 BalancedRoot _MMADDRESS_NODE
0x028 DepthOfTree Pos 0, 5 Bits
0x028 Unused Pos 5, 3 Bits
0x028 NumberGenericTableElements Pos 8, 56 Bits
0x030 NodeHint Ptr64 Void
0x038 NodeFreeHint Ptr64 Void
struct _ALPC_PROCESS_CONTEXT 0x20
0x000 Lock _EX_PUSH_LOCK
0x008 ViewListHead _LIST_ENTRY
0x018 PagedPoolQuotaCache Uint8B
struct _ETHREAD 0x498
0x000 Tcb _KTHREAD
0x360 CreateTime _LARGE_INTEGER
0x368 ExitTime _LARGE_INTEGER
0x368 KeyedWaitChain _LIST_ENTRY
0x378 ExitStatus Int4B
0x380 PostBlockList _LIST_ENTRY
0x380 ForwardLinkShadow Ptr64 Void
0x388 StartAddress Ptr64 Void
0x390 TerminationPort Ptr64 _TERMINATION_PORT
0x390 ReaperLink Ptr64 _ETHREAD
0x390 KeyedWaitValue Ptr64 Void
0x398 ActiveTimerListLock Uint8B
0x3a0 ActiveTimerListHead _LIST_ENTRY
0x3b0 Cid _CLIENT_ID
0x3c0 KeyedWaitSemaphore _KSEMAPHORE
0x3c0 AlpcWaitSemaphore _KSEMAPHORE
0x3e0 ClientSecurity _PS_CLIENT_SECURITY_CONTEXT
0x3e8 IrpList _LIST_ENTRY
0x3f8 TopLevelIrp Uint8B
0x400 DeviceToVerify Ptr64 _DEVICE_OBJECT
0x408 CpuQuotaApc Ptr64 _PSP_CPU_QUOTA_APC
0x410 Win32StartAddress Ptr64 Void
0x418 LegacyPowerObject Ptr64 Void
0x420 ThreadListEntry _LIST_ENTRY
0x430 RundownProtect _EX_RUNDOWN_REF
0x438 ThreadLock _EX_PUSH_LOCK
0x440 ReadClusterSize Uint4B
0x444 MmLockOrdering Int4B
0x448 CrossThreadFlags Uint4B
0x448 Terminated Pos 0, 1 Bit
0x448 ThreadInserted Pos 1, 1 Bit
0x448 HideFromDebugger Pos 2, 1 Bit
0x448 ActiveImpersonationInfo Pos 3, 1 Bit
0x448 Reserved Pos 4, 1 Bit
0x448 HardErrorsAreDisabled Pos 5, 1 Bit
0x448 BreakOnTermination Pos 6, 1 Bit
0x448 SkipCreationMsg Pos 7, 1 Bit
0x448 SkipTerminationMsg Pos 8, 1 Bit
0x448 CopyTokenOnOpen Pos 9, 1 Bit
0x448 ThreadIoPriority Pos 10, 3 Bits
0x448 ThreadPagePriority Pos 13, 3 Bits
0x448 RundownFail Pos 16, 1 Bit
0x448 NeedsWorkingSetAging Pos 17, 1 Bit
0x44c SameThreadPassiveFlags Uint4B
0x44c ActiveExWorker Pos 0, 1 Bit
0x44c ExWorkerCanWaitUser Pos 1, 1 Bit
0x44c MemoryMaker Pos 2, 1 Bit
0x44c ClonedThread Pos 3, 1 Bit
0x44c KeyedEventInUse Pos 4, 1 Bit
0x44c RateApcState Pos 5, 2 Bits
0x44c SelfTerminate Pos 7, 1 Bit
0x450 SameThreadApcFlags Uint4B
0x450 Spare Pos 0, 1 Bit
0x450 StartAddressInvalid Pos 1, 1 Bit
0x450 EtwPageFaultCalloutActive Pos 2, 1 Bit
0x450 OwnsProcessWorkingSetExclusive Pos 3, 1 Bit
0x450 OwnsProcessWorkingSetShared Pos 4, 1 Bit
0x450 OwnsSystemCacheWorkingSetExclusive Pos 5, 1 Bit
0x450 OwnsSystemCacheWorkingSetShared Pos 6, 1 Bit
0x450 OwnsSessionWorkingSetExclusive Pos 7, 1 Bit
0x451 OwnsSessionWorkingSetShared Pos 0, 1 Bit
0x451 OwnsProcessAddressSpaceExclusive Pos 1, 1 Bit
0x451 OwnsProcessAddressSpaceShared Pos 2, 1 Bit
0x451 SuppressSymbolLoad Pos 3, 1 Bit
0x451 Prefetching Pos 4, 1 Bit
0x451 OwnsDynamicMemoryShared Pos 5, 1 Bit
0x451 OwnsChangeControlAreaExclusive Pos 6, 1 Bit
0x451 OwnsChangeControlAreaShared Pos 7, 1 Bit
0x452 OwnsPagedPoolWorkingSetExclusive Pos 0, 1 Bit
0x452 OwnsPagedPoolWorkingSetShared Pos 1, 1 Bit
0x452 OwnsSystemPtesWorkingSetExclusive Pos 2, 1 Bit
0x452 OwnsSystemPtesWorkingSetShared Pos 3, 1 Bit
0x452 TrimTrigger Pos 4, 2 Bits
0x452 Spare1 Pos 6, 2 Bits
0x453 PriorityRegionActive UChar
0x454 CacheManagerActive UChar
0x455 DisablePageFaultClustering UChar
0x456 ActiveFaultCount UChar
0x457 LockOrderState UChar
0x458 AlpcMessageId Uint8B
0x460 AlpcMessage Ptr64 Void
0x460 AlpcReceiveAttributeSet Uint4B
0x468 AlpcWaitListEntry _LIST_ENTRY
0x478 CacheManagerCount Uint4B
0x47c IoBoostCount Uint4B
0x480 IrpListLock Uint8B
0x488 ReservedForSynchTracking Ptr64 Void
0x490 CmCallbackListHead _SINGLE_LIST_ENTRY
union _PS_CLIENT_SECURITY_CONTEXT 0x8
0x000 ImpersonationData Uint8B
0x000 ImpersonationToken Ptr64 Void
0x000 ImpersonationLevel Pos 0, 2 Bits
0x000 EffectiveOnly Pos 2, 1 Bit
struct _HANDLE_TABLE 0x68
0x000 TableCode Uint8B
0x008 QuotaProcess Ptr64 _EPROCESS
0x010 UniqueProcessId Ptr64 Void
0x018 HandleLock _EX_PUSH_LOCK
0x020 HandleTableList _LIST_ENTRY
0x030 HandleContentionEvent _EX_PUSH_LOCK
0x038 DebugInfo Ptr64 _HANDLE_TRACE_DEBUG_INFO
0x040 ExtraInfoPages Int4B
0x044 Flags Uint4B
0x044 StrictFIFO Pos 0, 1 Bit
0x048 FirstFreeHandle Uint4B
0x050 LastFreeHandleEntry Ptr64 _HANDLE_TABLE_ENTRY
0x058 HandleCount Uint4B
0x05c NextHandleNeedingPool Uint4B
0x060 HandleCountHighWatermark Uint4B
struct _HANDLE_TABLE_ENTRY 0x10
0x000 Object Ptr64 Void
0x000 ObAttributes Uint4B
0x000 InfoTable Ptr64 _HANDLE_TABLE_ENTRY_INFO
0x000 Value Uint8B
0x008 GrantedAccess Uint4B
0x008 GrantedAccessIndex Uint2B
0x00a CreatorBackTraceIndex Uint2B
0x008 NextFreeTableEntry Uint4B
struct _PEB 0x380
0x000 InheritedAddressSpace UChar
0x001 ReadImageFileExecOptions UChar
0x002 BeingDebugged UChar
0x003 BitField UChar
0x003 ImageUsesLargePages Pos 0, 1 Bit
0x003 IsProtectedProcess Pos 1, 1 Bit
0x003 IsLegacyProcess Pos 2, 1 Bit
0x003 IsImageDynamicallyRelocated Pos 3, 1 Bit
0x003 SkipPatchingUser32Forwarders Pos 4, 1 Bit
0x003 SpareBits Pos 5, 3 Bits
0x008 Mutant Ptr64 Void
0x010 ImageBaseAddress Ptr64 Void
0x018 Ldr Ptr64 _PEB_LDR_DATA
0x020 ProcessParameters Ptr64 _RTL_USER_PROCESS_PARAMETERS
0x028 SubSystemData Ptr64 Void
0x030 ProcessHeap Ptr64 Void
0x038 FastPebLock Ptr64 _RTL_CRITICAL_SECTION
0x040 AtlThunkSListPtr Ptr64 Void
0x048 IFEOKey Ptr64 Void
0x050 CrossProcessFlags Uint4B
0x050 ProcessInJob Pos 0, 1 Bit
0x050 ProcessInitializing Pos 1, 1 Bit
0x050 ProcessUsingVEH Pos 2, 1 Bit
0x050 ProcessUsingVCH Pos 3, 1 Bit
0x050 ProcessUsingFTH Pos 4, 1 Bit
0x050 ReservedBits0 Pos 5, 27 Bits
0x058 KernelCallbackTable Ptr64 Void
0x058 UserSharedInfoPtr Ptr64 Void
0x060 SystemReserved [1] Uint4B
0x064 AtlThunkSListPtr32 Uint4B
0x068 ApiSetMap Ptr64 Void
0x070 TlsExpansionCounter Uint4B
0x078 TlsBitmap Ptr64 Void
0x080 TlsBitmapBits [2] Uint4B
0x088 ReadOnlySharedMemoryBase Ptr64 Void
0x090 HotpatchInformation Ptr64 Void
0x098 ReadOnlyStaticServerData Ptr64 Ptr64 Void
0x0a0 AnsiCodePageData Ptr64 Void
0x0a8 OemCodePageData Ptr64 Void
0x0b0 UnicodeCaseTableData Ptr64 Void
0x0b8 NumberOfProcessors Uint4B
0x0bc NtGlobalFlag Uint4B
0x0c0 CriticalSectionTimeout _LARGE_INTEGER
0x0c8 HeapSegmentReserve Uint8B
0x0d0 HeapSegmentCommit Uint8B
0x0d8 HeapDeCommitTotalFreeThreshold Uint8B
0x0e0 HeapDeCommitFreeBlockThreshold Uint8B
0x0e8 NumberOfHeaps Uint4B
0x0ec MaximumNumberOfHeaps Uint4B
0x0f0 ProcessHeaps Ptr64 Ptr64 Void
0x0f8 GdiSharedHandleTable Ptr64 Void
0x100 ProcessStarterHelper Ptr64 Void
0x108 GdiDCAttributeList Uint4B
0x110 LoaderLock Ptr64 _RTL_CRITICAL_SECTION
0x118 OSMajorVersion Uint4B
0x11c OSMinorVersion Uint4B
0x120 OSBuildNumber Uint2B
0x122 OSCSDVersion Uint2B
0x124 OSPlatformId Uint4B
0x128 ImageSubsystem Uint4B
0x12c ImageSubsystemMajorVersion Uint4B
0x130 ImageSubsystemMinorVersion Uint4B
0x138 ActiveProcessAffinityMask Uint8B
0x140 GdiHandleBuffer [60] Uint4B
0x230 PostProcessInitRoutine Ptr64 void
0x238 TlsExpansionBitmap Ptr64 Void
0x240 TlsExpansionBitmapBits [32] Uint4B
0x2c0 SessionId Uint4B
0x2c8 AppCompatFlags _ULARGE_INTEGER
0x2d0 AppCompatFlagsUser _ULARGE_INTEGER
0x2d8 pShimData Ptr64 Void
0x2e0 AppCompatInfo Ptr64 Void
0x2e8 CSDVersion _UNICODE_STRING
0x2f8 ActivationContextData Ptr64 _ACTIVATION_CONTEXT_DATA
0x300 ProcessAssemblyStorageMap Ptr64 _ASSEMBLY_STORAGE_MAP
0x308 SystemDefaultActivationContextData Ptr64 _ACTIVATION_CONTEXT_DATA
0x310 SystemAssemblyStorageMap Ptr64 _ASSEMBLY_STORAGE_MAP
0x318 MinimumStackCommit Uint8B
0x320 FlsCallback Ptr64 _FLS_CALLBACK_INFO
0x328 FlsListHead _LIST_ENTRY
0x338 FlsBitmap Ptr64 Void
0x340 FlsBitmapBits [4] Uint4B
0x350 FlsHighIndex Uint4B
0x358 WerRegistrationData Ptr64 Void
0x360 WerShipAssertPtr Ptr64 Void
0x368 pContextData Ptr64 Void
0x370 pImageHeaderHash Ptr64 Void
0x378 TracingFlags Uint4B
0x378 HeapTracingEnabled Pos 0, 1 Bit
0x378 CritSecTracingEnabled Pos 1, 1 Bit
0x378 SpareTracingBits Pos 2, 30 Bits
struct _PEB_LDR_DATA 0x58
0x000 Length Uint4B
0x004 Initialized UChar
0x008 SsHandle Ptr64 Void
0x010 InLoadOrderModuleList _LIST_ENTRY
0x020 InMemoryOrderModuleList _LIST_ENTRY
0x030 InInitializationOrderModuleList _LIST_ENTRY
0x040 EntryInProgress Ptr64 Void
0x048 ShutdownInProgress UChar
0x050 ShutdownThreadId Ptr64 Void
struct _LDR_DATA_TABLE_ENTRY 0xe0
0x000 InLoadOrderLinks _LIST_ENTRY
0x010 InMemoryOrderLinks _LIST_ENTRY
0x020 InInitializationOrderLinks _LIST_ENTRY
0x030 DllBase Ptr64 Void
0x038 EntryPoint Ptr64 Void
0x040 SizeOfImage Uint4B
0x048 FullDllName _UNICODE_STRING
0x058 BaseDllName _UNICODE_STRING
0x068 Flags Uint4B
0x06c LoadCount Uint2B
0x06e TlsIndex Uint2B
0x070 HashLinks _LIST_ENTRY
0x070 SectionPointer Ptr64 Void
0x078 CheckSum Uint4B
0x080 TimeDateStamp Uint4B
0x080 LoadedImports Ptr64 Void
0x088 EntryPointActivationContext Ptr64 _ACTIVATION_CONTEXT
0x090 PatchInformation Ptr64 Void
0x098 ForwarderLinks _LIST_ENTRY
0x0a8 ServiceTagLinks _LIST_ENTRY
0x0b8 StaticLinks _LIST_ENTRY
0x0c8 ContextInformation Ptr64 Void
0x0d0 OriginalBase Uint8B
0x0d8 LoadTime _LARGE_INTEGER
struct _CURDIR 0x18
0x000 DosPath _UNICODE_STRING
0x010 Handle Ptr64 Void
struct _RTL_USER_PROCESS_PARAMETERS 0x400
0x000 MaximumLength Uint4B
0x004 Length Uint4B
0x008 Flags Uint4B
0x00c DebugFlags Uint4B
0x010 ConsoleHandle Ptr64 Void
0x018 ConsoleFlags Uint4B
0x020 StandardInput Ptr64 Void
0x028 StandardOutput Ptr64 Void
0x030 StandardError Ptr64 Void
0x038 CurrentDirectory _CURDIR
0x050 DllPath _UNICODE_STRING
0x060 ImagePathName _UNICODE_STRING
0x070 CommandLine _UNICODE_STRING
0x080 Environment Ptr64 Void
0x088 StartingX Uint4B
0x08c StartingY Uint4B
0x090 CountX Uint4B
0x094 CountY Uint4B
0x098 CountCharsX Uint4B
0x09c CountCharsY Uint4B
0x0a0 FillAttribute Uint4B
0x0a4 WindowFlags Uint4B
0x0a8 ShowWindowFlags Uint4B
0x0b0 WindowTitle _UNICODE_STRING
0x0c0 DesktopInfo _UNICODE_STRING
0x0d0 ShellInfo _UNICODE_STRING
0x0e0 RuntimeData _UNICODE_STRING
0x0f0 CurrentDirectores [32] _RTL_DRIVE_LETTER_CURDIR
0x3f0 EnvironmentSize Uint8B
0x3f8 EnvironmentVersion Uint8B
struct _RTL_DRIVE_LETTER_CURDIR 0x18
0x000 Flags Uint2B
0x002 Length Uint2B
0x004 TimeStamp Uint4B
0x008 DosPath _STRING
struct _GDI_TEB_BATCH 0x4e8
0x000 Offset Uint4B
0x008 HDC Uint8B
0x010 Buffer [310] Uint4B
struct _TEB 0x1818
0x000 NtTib _NT_TIB
0x038 EnvironmentPointer Ptr64 Void
0x040 ClientId _CLIENT_ID
0x050 ActiveRpcHandle Ptr64 Void
0x058 ThreadLocalStoragePointer Ptr64 Void
0x060 ProcessEnvironmentBlock Ptr64 _PEB
0x068 LastErrorValue Uint4B
0x06c CountOfOwnedCriticalSections Uint4B
0x070 CsrClientThread Ptr64 Void
0x078 Win32ThreadInfo Ptr64 Void
0x080 User32Reserved [26] Uint4B
0x0e8 UserReserved [5] Uint4B
0x100 WOW32Reserved Ptr64 Void
0x108 CurrentLocale Uint4B
0x10c FpSoftwareStatusRegister Uint4B
0x110 SystemReserved1 [54] Ptr64 Void
0x2c0 ExceptionCode Int4B
0x2c8 ActivationContextStackPointer Ptr64 _ACTIVATION_CONTEXT_STACK
0x2d0 SpareBytes [24] UChar
0x2e8 TxFsContext Uint4B
0x2f0 GdiTebBatch _GDI_TEB_BATCH
0x7d8 RealClientId _CLIENT_ID
0x7e8 GdiCachedProcessHandle Ptr64 Void
0x7f0 GdiClientPID Uint4B
0x7f4 GdiClientTID Uint4B
0x7f8 GdiThreadLocalInfo Ptr64 Void
0x800 Win32ClientInfo [62] Uint8B
0x9f0 glDispatchTable [233] Ptr64 Void
0x1138 glReserved1 [29] Uint8B
0x1220 glReserved2 Ptr64 Void
0x1228 glSectionInfo Ptr64 Void
0x1230 glSection Ptr64 Void
0x1238 glTable Ptr64 Void
0x1240 glCurrentRC Ptr64 Void
0x1248 glContext Ptr64 Void
0x1250 LastStatusValue Uint4B
0x1258 StaticUnicodeString _UNICODE_STRING
0x1268 StaticUnicodeBuffer [261] Wchar
0x1478 DeallocationStack Ptr64 Void
0x1480 TlsSlots [64] Ptr64 Void
0x1680 TlsLinks _LIST_ENTRY
0x1690 Vdm Ptr64 Void
0x1698 ReservedForNtRpc Ptr64 Void
0x16a0 DbgSsReserved [2] Ptr64 Void
0x16b0 HardErrorMode Uint4B
0x16b8 Instrumentation [11] Ptr64 Void
0x1710 ActivityId _GUID
0x1720 SubProcessTag Ptr64 Void
0x1728 EtwLocalData Ptr64 Void
0x1730 EtwTraceData Ptr64 Void
0x1738 WinSockData Ptr64 Void
0x1740 GdiBatchCount Uint4B
0x1744 CurrentIdealProcessor _PROCESSOR_NUMBER
0x1744 IdealProcessorValue Uint4B
0x1744 ReservedPad0 UChar
0x1745 ReservedPad1 UChar
0x1746 ReservedPad2 UChar
0x1747 IdealProcessor UChar
0x1748 GuaranteedStackBytes Uint4B
0x1750 ReservedForPerf Ptr64 Void
0x1758 ReservedForOle Ptr64 Void
0x1760 WaitingOnLoaderLock Uint4B
0x1768 SavedPriorityState Ptr64 Void
0x1770 SoftPatchPtr1 Uint8B
0x1778 ThreadPoolData Ptr64 Void
0x1780 TlsExpansionSlots Ptr64 Ptr64 Void
0x1788 DeallocationBStore Ptr64 Void
0x1790 BStoreLimit Ptr64 Void
0x1798 MuiGeneration Uint4B
0x179c IsImpersonating Uint4B
0x17a0 NlsCache Ptr64 Void
0x17a8 pShimData Ptr64 Void
0x17b0 HeapVirtualAffinity Uint4B
0x17b8 CurrentTransactionHandle Ptr64 Void
0x17c0 ActiveFrame Ptr64 _TEB_ACTIVE_FRAME
0x17c8 FlsData Ptr64 Void
0x17d0 PreferredLanguages Ptr64 Void
0x17d8 UserPrefLanguages Ptr64 Void
0x17e0 MergedPrefLanguages Ptr64 Void
0x17e8 MuiImpersonation Uint4B
0x17ec CrossTebFlags Uint2B
0x17ec SpareCrossTebBits Pos 0, 16 Bits
0x17ee SameTebFlags Uint2B
0x17ee SafeThunkCall Pos 0, 1 Bit
0x17ee InDebugPrint Pos 1, 1 Bit
0x17ee HasFiberData Pos 2, 1 Bit
0x17ee SkipThreadAttach Pos 3, 1 Bit
0x17ee WerInShipAssertCode Pos 4, 1 Bit
0x17ee RanProcessInit Pos 5, 1 Bit
0x17ee ClonedThread Pos 6, 1 Bit
0x17ee SuppressDebugMsg Pos 7, 1 Bit
0x17ee DisableUserStackWalk Pos 8, 1 Bit
0x17ee RtlExceptionAttached Pos 9, 1 Bit
0x17ee InitialThread Pos 10, 1 Bit
0x17ee SpareSameTebBits Pos 11, 5 Bits
0x17f0 TxnScopeEnterCallback Ptr64 Void
0x17f8 TxnScopeExitCallback Ptr64 Void
0x1800 TxnScopeContext Ptr64 Void
0x1808 LockCount Uint4B
0x180c SpareUlong0 Uint4B
0x1810 ResourceRetValue Ptr64 Void
`;
