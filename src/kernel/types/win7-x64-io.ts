/**
 * Windows 7 SP1 x64 object-manager, I/O-manager and PnP layouts, plus the
 * pool header and the register frames, as `dt nt!_X` shows them.
 */
export const OB_TYPES = `
struct _OBJECT_HEADER 0x38
0x000 PointerCount Int8B
0x008 HandleCount Int8B
0x008 NextToFree Ptr64 Void
0x010 Lock _EX_PUSH_LOCK
0x018 TypeIndex UChar
0x019 TraceFlags UChar
0x01a InfoMask UChar
0x01b Flags UChar
0x020 ObjectCreateInfo Ptr64 _OBJECT_CREATE_INFORMATION
0x020 QuotaBlockCharged Ptr64 Void
0x028 SecurityDescriptor Ptr64 Void
0x030 Body _QUAD
struct _OBJECT_HEADER_CREATOR_INFO 0x20
0x000 TypeList _LIST_ENTRY
0x010 CreatorUniqueProcess Ptr64 Void
0x018 CreatorBackTraceIndex Uint2B
0x01a Reserved Uint2B
struct _OBJECT_HEADER_NAME_INFO 0x20
0x000 Directory Ptr64 _OBJECT_DIRECTORY
0x008 Name _UNICODE_STRING
0x018 ReferenceCount Int4B
struct _OBJECT_HEADER_HANDLE_INFO 0x10
0x000 HandleCountDataBase Ptr64 _OBJECT_HANDLE_COUNT_DATABASE
0x000 SingleEntry _OBJECT_HANDLE_COUNT_ENTRY
struct _OBJECT_HEADER_QUOTA_INFO 0x20
0x000 PagedPoolCharge Uint4B
0x004 NonPagedPoolCharge Uint4B
0x008 SecurityDescriptorCharge Uint4B
0x010 SecurityDescriptorQuotaBlock Ptr64 Void
0x018 Reserved Uint8B
struct _OBJECT_HEADER_PROCESS_INFO 0x10
0x000 ExclusiveProcess Ptr64 _EPROCESS
0x008 Reserved Uint8B
struct _OBJECT_TYPE_INITIALIZER 0x70
0x000 Length Uint2B
0x002 ObjectTypeFlags UChar
0x002 CaseInsensitive Pos 0, 1 Bit
0x002 UnnamedObjectsOnly Pos 1, 1 Bit
0x002 UseDefaultObject Pos 2, 1 Bit
0x002 SecurityRequired Pos 3, 1 Bit
0x002 MaintainHandleCount Pos 4, 1 Bit
0x002 MaintainTypeList Pos 5, 1 Bit
0x002 SupportsObjectCallbacks Pos 6, 1 Bit
0x004 ObjectTypeCode Uint4B
0x008 InvalidAttributes Uint4B
0x00c GenericMapping _GENERIC_MAPPING
0x01c ValidAccessMask Uint4B
0x020 RetainAccess Uint4B
0x024 PoolType _POOL_TYPE
0x028 DefaultPagedPoolCharge Uint4B
0x02c DefaultNonPagedPoolCharge Uint4B
0x030 DumpProcedure Ptr64 void
0x038 OpenProcedure Ptr64 long
0x040 CloseProcedure Ptr64 void
0x048 DeleteProcedure Ptr64 void
0x050 ParseProcedure Ptr64 long
0x058 SecurityProcedure Ptr64 long
0x060 QueryNameProcedure Ptr64 long
0x068 OkayToCloseProcedure Ptr64 UChar
struct _GENERIC_MAPPING 0x10
0x000 GenericRead Uint4B
0x004 GenericWrite Uint4B
0x008 GenericExecute Uint4B
0x00c GenericAll Uint4B
enum _POOL_TYPE 0x4
NonPagedPool = 0x0
PagedPool = 0x1
NonPagedPoolMustSucceed = 0x2
DontUseThisType = 0x3
NonPagedPoolCacheAligned = 0x4
PagedPoolCacheAligned = 0x5
NonPagedPoolCacheAlignedMustS = 0x6
MaxPoolType = 0x7
NonPagedPoolSession = 0x20
PagedPoolSession = 0x21
NonPagedPoolMustSucceedSession = 0x22
DontUseThisTypeSession = 0x23
NonPagedPoolCacheAlignedSession = 0x24
PagedPoolCacheAlignedSession = 0x25
NonPagedPoolCacheAlignedMustSSession = 0x26
struct _OBJECT_TYPE 0xd0
0x000 TypeList _LIST_ENTRY
0x010 Name _UNICODE_STRING
0x020 DefaultObject Ptr64 Void
0x028 Index UChar
0x02c TotalNumberOfObjects Uint4B
0x030 TotalNumberOfHandles Uint4B
0x034 HighWaterNumberOfObjects Uint4B
0x038 HighWaterNumberOfHandles Uint4B
0x040 TypeInfo _OBJECT_TYPE_INITIALIZER
0x0b0 TypeLock _EX_PUSH_LOCK
0x0b8 Key Uint4B
0x0c0 CallbackList _LIST_ENTRY
struct _OBJECT_DIRECTORY 0x150
0x000 HashBuckets [37] Ptr64 _OBJECT_DIRECTORY_ENTRY
0x128 Lock _EX_PUSH_LOCK
0x130 DeviceMap Ptr64 _DEVICE_MAP
0x138 SessionId Uint4B
0x140 NamespaceEntry Ptr64 Void
0x148 Flags Uint4B
struct _OBJECT_DIRECTORY_ENTRY 0x18
0x000 ChainLink Ptr64 _OBJECT_DIRECTORY_ENTRY
0x008 Object Ptr64 Void
0x010 HashValue Uint4B
struct _OBJECT_SYMBOLIC_LINK 0x20
0x000 CreationTime _LARGE_INTEGER
0x008 LinkTarget _UNICODE_STRING
0x018 DosDeviceDriveIndex Uint4B
`;

export const IO_TYPES = `
struct _DRIVER_OBJECT 0x150
0x000 Type Int2B
0x002 Size Int2B
0x008 DeviceObject Ptr64 _DEVICE_OBJECT
0x010 Flags Uint4B
0x018 DriverStart Ptr64 Void
0x020 DriverSize Uint4B
0x028 DriverSection Ptr64 Void
0x030 DriverExtension Ptr64 _DRIVER_EXTENSION
0x038 DriverName _UNICODE_STRING
0x048 HardwareDatabase Ptr64 _UNICODE_STRING
0x050 FastIoDispatch Ptr64 _FAST_IO_DISPATCH
0x058 DriverInit Ptr64 long
0x060 DriverStartIo Ptr64 void
0x068 DriverUnload Ptr64 void
0x070 MajorFunction [28] Ptr64 long
struct _DRIVER_EXTENSION 0x38
0x000 DriverObject Ptr64 _DRIVER_OBJECT
0x008 AddDevice Ptr64 long
0x010 Count Uint4B
0x018 ServiceKeyName _UNICODE_STRING
0x028 ClientDriverExtension Ptr64 _IO_CLIENT_EXTENSION
0x030 FsFilterCallbacks Ptr64 _FS_FILTER_CALLBACKS
struct _DEVICE_OBJECT 0x150
0x000 Type Int2B
0x002 Size Uint2B
0x004 ReferenceCount Int4B
0x008 DriverObject Ptr64 _DRIVER_OBJECT
0x010 NextDevice Ptr64 _DEVICE_OBJECT
0x018 AttachedDevice Ptr64 _DEVICE_OBJECT
0x020 CurrentIrp Ptr64 _IRP
0x028 Timer Ptr64 _IO_TIMER
0x030 Flags Uint4B
0x034 Characteristics Uint4B
0x038 Vpb Ptr64 _VPB
0x040 DeviceExtension Ptr64 Void
0x048 DeviceType Uint4B
0x04c StackSize Char
0x050 Queue <unnamed-tag>#devq
0x098 AlignmentRequirement Uint4B
0x0a0 DeviceQueue _KDEVICE_QUEUE
0x0c8 Dpc _KDPC
0x108 ActiveThreadCount Uint4B
0x110 SecurityDescriptor Ptr64 Void
0x118 DeviceLock _KEVENT
0x130 SectorSize Uint2B
0x132 Spare1 Uint2B
0x138 DeviceObjectExtension Ptr64 _DEVOBJ_EXTENSION
0x140 Reserved Ptr64 Void
union <unnamed-tag>#devq 0x48
0x000 ListEntry _LIST_ENTRY
0x000 Wcb _WAIT_CONTEXT_BLOCK
struct _KDEVICE_QUEUE_ENTRY 0x18
0x000 DeviceListEntry _LIST_ENTRY
0x010 SortKey Uint4B
0x014 Inserted UChar
struct _WAIT_CONTEXT_BLOCK 0x48
0x000 WaitQueueEntry _KDEVICE_QUEUE_ENTRY
0x018 DeviceRoutine Ptr64 _IO_ALLOCATION_ACTION
0x020 DeviceContext Ptr64 Void
0x028 NumberOfMapRegisters Uint4B
0x030 DeviceObject Ptr64 Void
0x038 CurrentIrp Ptr64 Void
0x040 BufferChainingDpc Ptr64 _KDPC
struct _KDEVICE_QUEUE 0x28
0x000 Type Int2B
0x002 Size Int2B
0x008 DeviceListHead _LIST_ENTRY
0x018 Lock Uint8B
0x020 Busy UChar
0x020 Reserved Pos 1, 63 Bits
0x020 Hint Pos 8, 56 Bits
struct _DEVOBJ_EXTENSION 0x70
0x000 Type Int2B
0x002 Size Uint2B
0x008 DeviceObject Ptr64 _DEVICE_OBJECT
0x010 PowerFlags Uint4B
0x018 Dope Ptr64 _DEVICE_OBJECT_POWER_EXTENSION
0x020 ExtensionFlags Uint4B
0x028 DeviceNode Ptr64 Void
0x030 AttachedTo Ptr64 _DEVICE_OBJECT
0x038 StartIoCount Int4B
0x03c StartIoKey Int4B
0x040 StartIoFlags Uint4B
0x048 Vpb Ptr64 _VPB
0x050 DependentList _LIST_ENTRY
0x060 ProviderList _LIST_ENTRY
struct _VPB 0x60
0x000 Type Int2B
0x002 Size Int2B
0x004 Flags Uint2B
0x006 VolumeLabelLength Uint2B
0x008 DeviceObject Ptr64 _DEVICE_OBJECT
0x010 RealDevice Ptr64 _DEVICE_OBJECT
0x018 SerialNumber Uint4B
0x01c ReferenceCount Uint4B
0x020 VolumeLabel [32] Wchar
struct _IO_TIMER 0x30
0x000 Type Int2B
0x002 TimerFlag Int2B
0x008 TimerList _LIST_ENTRY
0x018 TimerRoutine Ptr64 void
0x020 Context Ptr64 Void
0x028 DeviceObject Ptr64 _DEVICE_OBJECT
struct _FAST_IO_DISPATCH 0xe0
0x000 SizeOfFastIoDispatch Uint4B
0x008 FastIoCheckIfPossible Ptr64 UChar
0x010 FastIoRead Ptr64 UChar
0x018 FastIoWrite Ptr64 UChar
0x020 FastIoQueryBasicInfo Ptr64 UChar
0x028 FastIoQueryStandardInfo Ptr64 UChar
0x030 FastIoLock Ptr64 UChar
0x038 FastIoUnlockSingle Ptr64 UChar
0x040 FastIoUnlockAll Ptr64 UChar
0x048 FastIoUnlockAllByKey Ptr64 UChar
0x050 FastIoDeviceControl Ptr64 UChar
0x058 AcquireFileForNtCreateSection Ptr64 void
0x060 ReleaseFileForNtCreateSection Ptr64 void
0x068 FastIoDetachDevice Ptr64 void
0x070 FastIoQueryNetworkOpenInfo Ptr64 UChar
0x078 AcquireForModWrite Ptr64 long
0x080 MdlRead Ptr64 UChar
0x088 MdlReadComplete Ptr64 UChar
0x090 PrepareMdlWrite Ptr64 UChar
0x098 MdlWriteComplete Ptr64 UChar
0x0a0 FastIoReadCompressed Ptr64 UChar
0x0a8 FastIoWriteCompressed Ptr64 UChar
0x0b0 MdlReadCompleteCompressed Ptr64 UChar
0x0b8 MdlWriteCompleteCompressed Ptr64 UChar
0x0c0 FastIoQueryOpen Ptr64 UChar
0x0c8 ReleaseForModWrite Ptr64 long
0x0d0 AcquireForCcFlush Ptr64 long
0x0d8 ReleaseForCcFlush Ptr64 long
struct _FILE_OBJECT 0xd8
0x000 Type Int2B
0x002 Size Int2B
0x008 DeviceObject Ptr64 _DEVICE_OBJECT
0x010 Vpb Ptr64 _VPB
0x018 FsContext Ptr64 Void
0x020 FsContext2 Ptr64 Void
0x028 SectionObjectPointer Ptr64 _SECTION_OBJECT_POINTERS
0x030 PrivateCacheMap Ptr64 Void
0x038 FinalStatus Int4B
0x040 RelatedFileObject Ptr64 _FILE_OBJECT
0x048 LockOperation UChar
0x049 DeletePending UChar
0x04a ReadAccess UChar
0x04b WriteAccess UChar
0x04c DeleteAccess UChar
0x04d SharedRead UChar
0x04e SharedWrite UChar
0x04f SharedDelete UChar
0x050 Flags Uint4B
0x058 FileName _UNICODE_STRING
0x068 CurrentByteOffset _LARGE_INTEGER
0x070 Waiters Uint4B
0x074 Busy Uint4B
0x078 LastLock Ptr64 Void
0x080 Lock _KEVENT
0x098 Event _KEVENT
0x0b0 CompletionContext Ptr64 _IO_COMPLETION_CONTEXT
0x0b8 IrpListLock Uint8B
0x0c0 IrpList _LIST_ENTRY
0x0d0 FileObjectExtension Ptr64 Void
struct _IO_STATUS_BLOCK 0x10
0x000 Status Int4B
0x000 Pointer Ptr64 Void
0x008 Information Uint8B
struct _MDL 0x30
0x000 Next Ptr64 _MDL
0x008 Size Int2B
0x00a MdlFlags Int2B
0x010 Process Ptr64 _EPROCESS
0x018 MappedSystemVa Ptr64 Void
0x020 StartVa Ptr64 Void
0x028 ByteCount Uint4B
0x02c ByteOffset Uint4B
struct _IRP 0xd0
0x000 Type Int2B
0x002 Size Uint2B
0x008 MdlAddress Ptr64 _MDL
0x010 Flags Uint4B
0x018 AssociatedIrp <unnamed-tag>#irpassoc
0x020 ThreadListEntry _LIST_ENTRY
0x030 IoStatus _IO_STATUS_BLOCK
0x040 RequestorMode Char
0x041 PendingReturned UChar
0x042 StackCount Char
0x043 CurrentLocation Char
0x044 Cancel UChar
0x045 CancelIrql UChar
0x046 ApcEnvironment Char
0x047 AllocationFlags UChar
0x048 UserIosb Ptr64 _IO_STATUS_BLOCK
0x050 UserEvent Ptr64 _KEVENT
0x058 Overlay <unnamed-tag>#irpoverlay
0x068 CancelRoutine Ptr64 void
0x070 UserBuffer Ptr64 Void
0x078 Tail <unnamed-tag>#irptail
union <unnamed-tag>#irpassoc 0x8
0x000 MasterIrp Ptr64 _IRP
0x000 IrpCount Int4B
0x000 SystemBuffer Ptr64 Void
union <unnamed-tag>#irpoverlay 0x10
0x000 AsynchronousParameters <unnamed-tag>#irpasync
0x000 AllocationSize _LARGE_INTEGER
struct <unnamed-tag>#irpasync 0x10
0x000 UserApcRoutine Ptr64 void
0x000 IssuingProcess Ptr64 Void
0x008 UserApcContext Ptr64 Void
union <unnamed-tag>#irptail 0x58
0x000 Overlay <unnamed-tag>#irptailoverlay
0x000 Apc _KAPC
0x000 CompletionKey Ptr64 Void
struct <unnamed-tag>#irptailoverlay 0x50
0x000 DeviceQueueEntry _KDEVICE_QUEUE_ENTRY
0x000 DriverContext [4] Ptr64 Void
0x020 Thread Ptr64 _ETHREAD
0x028 AuxiliaryBuffer Ptr64 Char
0x030 ListEntry _LIST_ENTRY
0x040 CurrentStackLocation Ptr64 _IO_STACK_LOCATION
0x040 PacketType Uint4B
0x048 OriginalFileObject Ptr64 _FILE_OBJECT
struct _IO_STACK_LOCATION 0x48
0x000 MajorFunction UChar
0x001 MinorFunction UChar
0x002 Flags UChar
0x003 Control UChar
0x008 Parameters <unnamed-tag>#iosparams
0x028 DeviceObject Ptr64 _DEVICE_OBJECT
0x030 FileObject Ptr64 _FILE_OBJECT
0x038 CompletionRoutine Ptr64 long
0x040 Context Ptr64 Void
union <unnamed-tag>#iosparams 0x20
0x000 Create <unnamed-tag>#pcreate
0x000 CreatePipe <unnamed-tag>#pcreatepipe
0x000 CreateMailslot <unnamed-tag>#pcreatemailslot
0x000 Read <unnamed-tag>#pread
0x000 Write <unnamed-tag>#pread
0x000 QueryDirectory <unnamed-tag>#pquerydir
0x000 NotifyDirectory <unnamed-tag>#pnotifydir
0x000 QueryFile <unnamed-tag>#pqueryfile
0x000 SetFile <unnamed-tag>#psetfile
0x000 QueryEa <unnamed-tag>#pqueryea
0x000 SetEa <unnamed-tag>#plength
0x000 QueryVolume <unnamed-tag>#pqueryvolume
0x000 SetVolume <unnamed-tag>#pqueryvolume
0x000 FileSystemControl <unnamed-tag>#pfsctl
0x000 LockControl <unnamed-tag>#plock
0x000 DeviceIoControl <unnamed-tag>#pioctl
0x000 QuerySecurity <unnamed-tag>#pquerysec
0x000 SetSecurity <unnamed-tag>#psetsec
0x000 MountVolume <unnamed-tag>#pmount
0x000 VerifyVolume <unnamed-tag>#pmount
0x000 Scsi <unnamed-tag>#pscsi
0x000 QueryQuota <unnamed-tag>#pquota
0x000 SetQuota <unnamed-tag>#plength
0x000 QueryDeviceRelations <unnamed-tag>#prelations
0x000 QueryInterface <unnamed-tag>#pinterface
0x000 DeviceCapabilities <unnamed-tag>#pcaps
0x000 FilterResourceRequirements <unnamed-tag>#pfilterres
0x000 ReadWriteConfig <unnamed-tag>#pconfig
0x000 SetLock <unnamed-tag>#psetlock
0x000 QueryId <unnamed-tag>#pqueryid
0x000 QueryDeviceText <unnamed-tag>#ptext
0x000 UsageNotification <unnamed-tag>#pusage
0x000 WaitWake <unnamed-tag>#pwaitwake
0x000 PowerSequence <unnamed-tag>#ppowerseq
0x000 Power <unnamed-tag>#ppower
0x000 StartDevice <unnamed-tag>#pstart
0x000 WMI <unnamed-tag>#pwmi
0x000 Others <unnamed-tag>#pothers
struct <unnamed-tag>#pcreate 0x20
0x000 SecurityContext Ptr64 _IO_SECURITY_CONTEXT
0x008 Options Uint4B
0x010 FileAttributes Uint2B
0x012 ShareAccess Uint2B
0x018 EaLength Uint4B
struct <unnamed-tag>#pcreatepipe 0x20
0x000 SecurityContext Ptr64 _IO_SECURITY_CONTEXT
0x008 Options Uint4B
0x010 Reserved Uint2B
0x012 ShareAccess Uint2B
0x018 Parameters Ptr64 _NAMED_PIPE_CREATE_PARAMETERS
struct <unnamed-tag>#pcreatemailslot 0x20
0x000 SecurityContext Ptr64 _IO_SECURITY_CONTEXT
0x008 Options Uint4B
0x010 Reserved Uint2B
0x012 ShareAccess Uint2B
0x018 Parameters Ptr64 _MAILSLOT_CREATE_PARAMETERS
struct <unnamed-tag>#pread 0x18
0x000 Length Uint4B
0x008 Key Uint4B
0x010 ByteOffset _LARGE_INTEGER
struct <unnamed-tag>#pquerydir 0x20
0x000 Length Uint4B
0x008 FileName Ptr64 _UNICODE_STRING
0x010 FileInformationClass _FILE_INFORMATION_CLASS
0x018 FileIndex Uint4B
struct <unnamed-tag>#pnotifydir 0x10
0x000 Length Uint4B
0x008 CompletionFilter Uint4B
struct <unnamed-tag>#pqueryfile 0x10
0x000 Length Uint4B
0x008 FileInformationClass _FILE_INFORMATION_CLASS
struct <unnamed-tag>#psetfile 0x20
0x000 Length Uint4B
0x008 FileInformationClass _FILE_INFORMATION_CLASS
0x010 FileObject Ptr64 _FILE_OBJECT
0x018 ReplaceIfExists UChar
0x019 AdvanceOnly UChar
0x018 ClusterCount Uint4B
0x018 DeleteHandle Ptr64 Void
struct <unnamed-tag>#pqueryea 0x20
0x000 Length Uint4B
0x008 EaList Ptr64 Void
0x010 EaListLength Uint4B
0x018 EaIndex Uint4B
struct <unnamed-tag>#plength 0x4
0x000 Length Uint4B
struct <unnamed-tag>#pqueryvolume 0x10
0x000 Length Uint4B
0x008 FsInformationClass _FSINFOCLASS
struct <unnamed-tag>#pfsctl 0x20
0x000 OutputBufferLength Uint4B
0x008 InputBufferLength Uint4B
0x010 FsControlCode Uint4B
0x018 Type3InputBuffer Ptr64 Void
struct <unnamed-tag>#plock 0x18
0x000 Length Ptr64 _LARGE_INTEGER
0x008 Key Uint4B
0x010 ByteOffset _LARGE_INTEGER
struct <unnamed-tag>#pioctl 0x20
0x000 OutputBufferLength Uint4B
0x008 InputBufferLength Uint4B
0x010 IoControlCode Uint4B
0x018 Type3InputBuffer Ptr64 Void
struct <unnamed-tag>#pquerysec 0x10
0x000 SecurityInformation Uint4B
0x008 Length Uint4B
struct <unnamed-tag>#psetsec 0x10
0x000 SecurityInformation Uint4B
0x008 SecurityDescriptor Ptr64 Void
struct <unnamed-tag>#pmount 0x10
0x000 Vpb Ptr64 _VPB
0x008 DeviceObject Ptr64 _DEVICE_OBJECT
struct <unnamed-tag>#pscsi 0x8
0x000 Srb Ptr64 _SCSI_REQUEST_BLOCK
struct <unnamed-tag>#pquota 0x20
0x000 Length Uint4B
0x008 StartSid Ptr64 Void
0x010 SidList Ptr64 _FILE_GET_QUOTA_INFORMATION
0x018 SidListLength Uint4B
struct <unnamed-tag>#prelations 0x4
0x000 Type _DEVICE_RELATION_TYPE
struct <unnamed-tag>#pinterface 0x20
0x000 InterfaceType Ptr64 _GUID
0x008 Size Uint2B
0x00a Version Uint2B
0x010 Interface Ptr64 _INTERFACE
0x018 InterfaceSpecificData Ptr64 Void
struct <unnamed-tag>#pcaps 0x8
0x000 Capabilities Ptr64 _DEVICE_CAPABILITIES
struct <unnamed-tag>#pfilterres 0x8
0x000 IoResourceRequirementList Ptr64 _IO_RESOURCE_REQUIREMENTS_LIST
struct <unnamed-tag>#pconfig 0x20
0x000 WhichSpace Uint4B
0x008 Buffer Ptr64 Void
0x010 Offset Uint4B
0x018 Length Uint4B
struct <unnamed-tag>#psetlock 0x1
0x000 Lock UChar
struct <unnamed-tag>#pqueryid 0x4
0x000 IdType BUS_QUERY_ID_TYPE
struct <unnamed-tag>#ptext 0x10
0x000 DeviceTextType DEVICE_TEXT_TYPE
0x008 LocaleId Uint4B
struct <unnamed-tag>#pusage 0x10
0x000 InPath UChar
0x001 Reserved [3] UChar
0x008 Type _DEVICE_USAGE_NOTIFICATION_TYPE
struct <unnamed-tag>#pwaitwake 0x4
0x000 PowerState _SYSTEM_POWER_STATE
struct <unnamed-tag>#ppowerseq 0x8
0x000 PowerSequence Ptr64 _POWER_SEQUENCE
struct <unnamed-tag>#ppower 0x20
0x000 SystemContext Uint4B
0x000 SystemPowerStateContext _SYSTEM_POWER_STATE_CONTEXT
0x008 Type _POWER_STATE_TYPE
0x010 State _POWER_STATE
0x018 ShutdownType POWER_ACTION
struct <unnamed-tag>#pstart 0x10
0x000 AllocatedResources Ptr64 _CM_RESOURCE_LIST
0x008 AllocatedResourcesTranslated Ptr64 _CM_RESOURCE_LIST
struct <unnamed-tag>#pwmi 0x20
0x000 ProviderId Uint8B
0x008 DataPath Ptr64 Void
0x010 BufferSize Uint4B
0x018 Buffer Ptr64 Void
struct <unnamed-tag>#pothers 0x20
0x000 Argument1 Ptr64 Void
0x008 Argument2 Ptr64 Void
0x010 Argument3 Ptr64 Void
0x018 Argument4 Ptr64 Void
struct _SYSTEM_POWER_STATE_CONTEXT 0x4
0x000 Reserved1 Pos 0, 8 Bits
0x000 TargetSystemState Pos 8, 4 Bits
0x000 EffectiveSystemState Pos 12, 4 Bits
0x000 CurrentSystemState Pos 16, 4 Bits
0x000 IgnoreHibernationPath Pos 20, 1 Bit
0x000 PseudoTransition Pos 21, 1 Bit
0x000 Reserved2 Pos 22, 10 Bits
0x000 ContextAsUlong Uint4B
union _POWER_STATE 0x4
0x000 SystemState _SYSTEM_POWER_STATE
0x000 DeviceState _DEVICE_POWER_STATE
enum _SYSTEM_POWER_STATE 0x4
PowerSystemUnspecified = 0x0
PowerSystemWorking = 0x1
PowerSystemSleeping1 = 0x2
PowerSystemSleeping2 = 0x3
PowerSystemSleeping3 = 0x4
PowerSystemHibernate = 0x5
PowerSystemShutdown = 0x6
PowerSystemMaximum = 0x7
enum _DEVICE_POWER_STATE 0x4
PowerDeviceUnspecified = 0x0
PowerDeviceD0 = 0x1
PowerDeviceD1 = 0x2
PowerDeviceD2 = 0x3
PowerDeviceD3 = 0x4
PowerDeviceMaximum = 0x5
enum _POWER_STATE_TYPE 0x4
SystemPowerState = 0x0
DevicePowerState = 0x1
enum POWER_ACTION 0x4
PowerActionNone = 0x0
PowerActionReserved = 0x1
PowerActionSleep = 0x2
PowerActionHibernate = 0x3
PowerActionShutdown = 0x4
PowerActionShutdownReset = 0x5
PowerActionShutdownOff = 0x6
PowerActionWarmEject = 0x7
enum _DEVICE_RELATION_TYPE 0x4
BusRelations = 0x0
EjectionRelations = 0x1
PowerRelations = 0x2
RemovalRelations = 0x3
TargetDeviceRelation = 0x4
SingleBusRelations = 0x5
TransportRelations = 0x6
enum BUS_QUERY_ID_TYPE 0x4
BusQueryDeviceID = 0x0
BusQueryHardwareIDs = 0x1
BusQueryCompatibleIDs = 0x2
BusQueryInstanceID = 0x3
BusQueryDeviceSerialNumber = 0x4
BusQueryContainerID = 0x5
enum DEVICE_TEXT_TYPE 0x4
DeviceTextDescription = 0x0
DeviceTextLocationInformation = 0x1
enum _DEVICE_USAGE_NOTIFICATION_TYPE 0x4
DeviceUsageTypeUndefined = 0x0
DeviceUsageTypePaging = 0x1
DeviceUsageTypeHibernation = 0x2
DeviceUsageTypeDumpFile = 0x3
enum _FILE_INFORMATION_CLASS 0x4
FileDirectoryInformation = 0x1
FileFullDirectoryInformation = 0x2
FileBothDirectoryInformation = 0x3
FileBasicInformation = 0x4
FileStandardInformation = 0x5
FileInternalInformation = 0x6
FileEaInformation = 0x7
FileAccessInformation = 0x8
FileNameInformation = 0x9
FileRenameInformation = 0xa
FileLinkInformation = 0xb
FileNamesInformation = 0xc
FileDispositionInformation = 0xd
FilePositionInformation = 0xe
enum _FSINFOCLASS 0x4
FileFsVolumeInformation = 0x1
FileFsLabelInformation = 0x2
FileFsSizeInformation = 0x3
FileFsDeviceInformation = 0x4
FileFsAttributeInformation = 0x5
FileFsControlInformation = 0x6
FileFsFullSizeInformation = 0x7
FileFsObjectIdInformation = 0x8
FileFsDriverPathInformation = 0x9
FileFsVolumeFlagsInformation = 0xa
FileFsMaximumInformation = 0xb
struct _IO_SECURITY_CONTEXT 0x18
0x000 SecurityQos Ptr64 _SECURITY_QUALITY_OF_SERVICE
0x008 AccessState Ptr64 _ACCESS_STATE
0x010 DesiredAccess Uint4B
0x014 FullCreateOptions Uint4B
`;

export const PNP_TYPES = `
enum _PNP_DEVNODE_STATE 0x4
DeviceNodeUnspecified = 0x300
DeviceNodeUninitialized = 0x301
DeviceNodeInitialized = 0x302
DeviceNodeDriversAdded = 0x303
DeviceNodeResourcesAssigned = 0x304
DeviceNodeStartPending = 0x305
DeviceNodeStartCompletion = 0x306
DeviceNodeStartPostWork = 0x307
DeviceNodeStarted = 0x308
DeviceNodeQueryStopped = 0x309
DeviceNodeStopped = 0x30a
DeviceNodeRestartCompletion = 0x30b
DeviceNodeEnumeratePending = 0x30c
DeviceNodeEnumerateCompletion = 0x30d
DeviceNodeAwaitingQueuedDeletion = 0x30e
DeviceNodeAwaitingQueuedRemoval = 0x30f
DeviceNodeQueryRemoved = 0x310
DeviceNodeRemovePendingCloses = 0x311
DeviceNodeRemoved = 0x312
DeviceNodeDeletePendingCloses = 0x313
DeviceNodeDeleted = 0x314
MaxDeviceNodeState = 0x315
enum _INTERFACE_TYPE 0x4
InterfaceTypeUndefined = -0x1
Internal = 0x0
Isa = 0x1
Eisa = 0x2
MicroChannel = 0x3
TurboChannel = 0x4
PCIBus = 0x5
VMEBus = 0x6
NuBus = 0x7
PCMCIABus = 0x8
CBus = 0x9
MPIBus = 0xa
MPSABus = 0xb
ProcessorInternal = 0xc
InternalPowerBus = 0xd
PNPISABus = 0xe
PNPBus = 0xf
Vmcs = 0x10
MaximumInterfaceType = 0x11
struct _PO_DEVICE_NOTIFY 0x68
0x000 Link _LIST_ENTRY
0x010 PowerChildren _LIST_ENTRY
0x020 PowerParents _LIST_ENTRY
0x030 TargetDevice Ptr64 _DEVICE_OBJECT
0x038 OrderLevel UChar
0x040 DeviceObject Ptr64 _DEVICE_OBJECT
0x048 DeviceName Ptr64 Wchar
0x050 DriverName Ptr64 Wchar
0x058 ChildCount Uint4B
0x05c ActiveChild Uint4B
0x060 ParentCount Uint4B
0x064 ActiveParent Uint4B
struct _PO_IRP_QUEUE 0x10
0x000 CurrentIrp Ptr64 _IRP
0x008 PendingIrpList Ptr64 _IRP
struct _PO_IRP_MANAGER 0x20
0x000 DeviceIrpQueue _PO_IRP_QUEUE
0x010 SystemIrpQueue _PO_IRP_QUEUE
struct _DEVICE_NODE 0x268
0x000 Sibling Ptr64 _DEVICE_NODE
0x008 Child Ptr64 _DEVICE_NODE
0x010 Parent Ptr64 _DEVICE_NODE
0x018 LastChild Ptr64 _DEVICE_NODE
0x020 PhysicalDeviceObject Ptr64 _DEVICE_OBJECT
0x028 InstancePath _UNICODE_STRING
0x038 ServiceName _UNICODE_STRING
0x048 PendingIrp Ptr64 _IRP
0x050 Level Uint4B
0x058 Notify _PO_DEVICE_NOTIFY
0x0c0 PoIrpManager _PO_IRP_MANAGER
0x0e0 State _PNP_DEVNODE_STATE
0x0e4 PreviousState _PNP_DEVNODE_STATE
0x0e8 StateHistory [20] _PNP_DEVNODE_STATE
0x138 StateHistoryEntry Uint4B
0x13c CompletionStatus Int4B
0x140 Flags Uint4B
0x144 UserFlags Uint4B
0x148 Problem Uint4B
0x150 ResourceList Ptr64 _CM_RESOURCE_LIST
0x158 ResourceListTranslated Ptr64 _CM_RESOURCE_LIST
0x160 DuplicatePDO Ptr64 _DEVICE_OBJECT
0x168 ResourceRequirements Ptr64 _IO_RESOURCE_REQUIREMENTS_LIST
0x170 InterfaceType _INTERFACE_TYPE
0x174 BusNumber Uint4B
0x178 ChildInterfaceType _INTERFACE_TYPE
0x17c ChildBusNumber Uint4B
0x180 ChildBusTypeIndex Uint2B
0x182 RemovalPolicy UChar
0x183 HardwareRemovalPolicy UChar
0x188 TargetDeviceNotify _LIST_ENTRY
0x198 DeviceArbiterList _LIST_ENTRY
0x1a8 DeviceTranslatorList _LIST_ENTRY
0x1b8 NoTranslatorMask Uint2B
0x1ba QueryTranslatorMask Uint2B
0x1bc NoArbiterMask Uint2B
0x1be QueryArbiterMask Uint2B
0x1c0 OverUsed1 <unnamed-tag>#dnover1
0x1c8 OverUsed2 <unnamed-tag>#dnover2
0x1d0 BootResources Ptr64 _CM_RESOURCE_LIST
0x1d8 BootResourcesTranslated Ptr64 _CM_RESOURCE_LIST
0x1e0 CapabilityFlags Uint4B
0x1e8 DockInfo <unnamed-tag>#dndock
0x208 DisableableDepends Uint4B
0x210 PendedSetInterfaceState _LIST_ENTRY
0x220 LegacyBusListEntry _LIST_ENTRY
0x230 DriverUnloadRetryCount Uint4B
0x238 PreviousParent Ptr64 _DEVICE_NODE
0x240 DeletedChildren Uint4B
0x244 NumaNodeIndex Uint4B
0x248 ContainerID _GUID
0x258 OverrideFlags UChar
0x259 RequiresUnloadedDriver UChar
0x260 PendingEjectRelations Ptr64 _PENDING_RELATIONS_LIST_ENTRY
union <unnamed-tag>#dnover1 0x8
0x000 LegacyDeviceNode Ptr64 _DEVICE_NODE
0x000 PendingDeviceRelations Ptr64 _DEVICE_RELATIONS
0x000 Information Ptr64 Void
union <unnamed-tag>#dnover2 0x8
0x000 NextResourceDeviceNode Ptr64 _DEVICE_NODE
struct <unnamed-tag>#dndock 0x20
0x000 DockStatus _PROFILE_STATUS
0x008 ListEntry _LIST_ENTRY
0x018 SerialNumber Ptr64 Wchar
enum _PROFILE_STATUS 0x4
DOCK_NOTDOCKDEVICE = 0x0
DOCK_QUIESCENT = 0x1
DOCK_ARRIVING = 0x2
DOCK_DEPARTING = 0x3
DOCK_EJECTIRP_COMPLETED = 0x4
`;
