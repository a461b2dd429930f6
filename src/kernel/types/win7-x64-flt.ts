/**
 * fltmgr.sys's own structures (fltmgr.pdb of Windows 7 SP1 x64) that the
 * Filter Manager lays out in memory and `!fltkd` reads: the frame with its
 * lists of registered filters and attached volumes, and the filter, instance
 * and volume objects, each starting with a _FLT_OBJECT. Only the leading
 * fields the machine models are listed; offsets are the real ones.
 */
export const FLT_TYPES = `
struct _FLT_TYPE 0x4
0x000 Signature Uint2B
0x002 Size Uint2B
struct _OWNER_ENTRY 0x10
0x000 OwnerThread Uint8B
0x008 OwnerCount Uint4B
struct _ERESOURCE 0x68
0x000 SystemResourcesList _LIST_ENTRY
0x010 OwnerTable Ptr64 _OWNER_ENTRY
0x018 ActiveCount Int2B
0x01a Flag Uint2B
0x020 SharedWaiters Ptr64 Void
0x028 ExclusiveWaiters Ptr64 Void
0x030 OwnerEntry _OWNER_ENTRY
0x040 ActiveEntries Uint4B
0x044 ContentionCount Uint4B
0x048 NumberOfSharedWaiters Uint4B
0x04c NumberOfExclusiveWaiters Uint4B
0x050 Reserved2 Ptr64 Void
0x058 Address Ptr64 Void
0x060 SpinLock Uint8B
struct _FLT_RESOURCE_LIST_HEAD 0x80
0x000 rLock _ERESOURCE
0x068 rList _LIST_ENTRY
0x078 rCount Uint4B
enum _FLT_OBJECT_FLAGS 0x4
FLT_OBJECT_FLAGS_NONE = 0
FLT_OBJECT_FLAGS_INSTANCE = 0x1000000
FLT_OBJECT_FLAGS_VOLUME = 0x2000000
FLT_OBJECT_FLAGS_FILTER = 0x4000000
struct _FLT_OBJECT 0x20
0x000 Flags _FLT_OBJECT_FLAGS
0x004 PointerCount Uint4B
0x008 RundownRef _EX_RUNDOWN_REF
0x010 PrimaryLink _LIST_ENTRY
struct _GLOBALS 0xd8
0x000 DebugFlags Uint4B
0x004 DebugTraceFlags Uint4B
0x008 GFlags Uint4B
0x010 RegHandle Uint8B
0x018 NumProcessors Uint4B
0x01c CacheLineSize Uint4B
0x020 AlignedInstanceTrackingListSize Uint4B
0x028 ControlDeviceObject Ptr64 _DEVICE_OBJECT
0x030 DriverObject Ptr64 _DRIVER_OBJECT
0x038 KtmTransactionManagerHandle Ptr64 Void
0x040 TxVolKtmResourceManagerHandle Ptr64 Void
0x048 TxVolKtmResourceManager Ptr64 Void
0x050 FilterSupportedFeaturesMode Uint4B
0x058 FrameList _FLT_RESOURCE_LIST_HEAD
struct _FLTP_FRAME 0x158
0x000 Type _FLT_TYPE
0x008 Links _LIST_ENTRY
0x018 FrameID Uint4B
0x020 AltitudeIntervalLow _UNICODE_STRING
0x030 AltitudeIntervalHigh _UNICODE_STRING
0x040 LargeIrpCtrlStackSize UChar
0x041 SmallIrpCtrlStackSize UChar
0x048 RegisteredFilters _FLT_RESOURCE_LIST_HEAD
0x0c8 AttachedVolumes _FLT_RESOURCE_LIST_HEAD
0x148 MountingVolumes _LIST_ENTRY
struct _FLT_FILTER 0x198
0x000 Base _FLT_OBJECT
0x020 Frame Ptr64 _FLTP_FRAME
0x028 Name _UNICODE_STRING
0x038 DefaultAltitude _UNICODE_STRING
0x048 Flags Uint4B
0x050 DriverObject Ptr64 _DRIVER_OBJECT
0x058 InstanceList _FLT_RESOURCE_LIST_HEAD
0x0d8 VerifierExtension Ptr64 Void
0x0e0 VerifiedFiltersLink _LIST_ENTRY
0x0f0 FilterUnload Ptr64 Void
0x0f8 InstanceSetup Ptr64 Void
0x100 InstanceQueryTeardown Ptr64 Void
0x108 InstanceTeardownStart Ptr64 Void
0x110 InstanceTeardownComplete Ptr64 Void
0x118 SupportedContextsListHead Ptr64 Void
0x120 SupportedContexts [6] Ptr64 Void
0x150 PreVolumeMount Ptr64 Void
0x158 PostVolumeMount Ptr64 Void
0x160 GenerateFileName Ptr64 Void
0x168 NormalizeNameComponent Ptr64 Void
0x170 NormalizeNameComponentEx Ptr64 Void
0x178 NormalizeContextCleanup Ptr64 Void
0x180 KtmNotification Ptr64 Void
0x188 Operations Ptr64 Void
0x190 OldDriverUnload Ptr64 Void
struct _FLT_VOLUME 0x110
0x000 Base _FLT_OBJECT
0x020 Flags Uint4B
0x024 FileSystemType Uint4B
0x028 DeviceObject Ptr64 _DEVICE_OBJECT
0x030 DiskDeviceObject Ptr64 _DEVICE_OBJECT
0x038 FrameZeroVolume Ptr64 _FLT_VOLUME
0x040 VolumeInNextFrame Ptr64 _FLT_VOLUME
0x048 Frame Ptr64 _FLTP_FRAME
0x050 DeviceName _UNICODE_STRING
0x060 GuidName _UNICODE_STRING
0x070 CDODeviceName _UNICODE_STRING
0x080 CDODriverName _UNICODE_STRING
0x090 InstanceList _FLT_RESOURCE_LIST_HEAD
struct _FLT_INSTANCE 0x220
0x000 Base _FLT_OBJECT
0x020 OperationRundownRef Ptr64 Void
0x028 Volume Ptr64 _FLT_VOLUME
0x030 Filter Ptr64 _FLT_FILTER
0x038 Flags Uint4B
0x040 Altitude _UNICODE_STRING
0x050 Name _UNICODE_STRING
0x060 FilterLink _LIST_ENTRY
0x070 ContextLock _EX_PUSH_LOCK
0x078 Context Ptr64 Void
0x080 TransactionContexts Ptr64 Void
0x088 TrackCompletionNodes Ptr64 Void
0x090 CallbackNodes [50] Ptr64 Void
`;
