/**
 * Where the kernel's own routines sit in the nt image of the live machine
 * (Windows 7 SP1 x64, ntkrnlmp.exe 7601), and how each one's frame unwinds:
 * the routines the simulation runs (the I/O manager, the power manager's
 * worker, the system-service path, waits and the idle loop). Every x64
 * function has unwind data; here a routine's frame size is derived from its
 * name, so the stacks the machine lays out and the unwinder agree.
 */
export const NT_BASE = 0xfffff80002a5d000n;
export const NT_SIZE = 0x5e8000;
export const NT_TIMESTAMP = 0x4ce7951a;

/** [name, rva]; data symbols are marked. */
export const NT_SYMBOLS: readonly (readonly [string, number, 'data'?])[] = [
  ['KiSystemStartup', 0x1c5a0], ['KiIdleLoop', 0x7dd40], ['KiSwapContext', 0x7ec10], ['KiCommitThreadWait', 0x85f40],
  ['KeWaitForSingleObject', 0x86760], ['KeWaitForMultipleObjects', 0x8a3c0], ['KeRemoveQueueEx', 0x87250],
  ['KiSystemServiceCopyEnd', 0x7f180], ['KiSystemServiceExit', 0x7f1a0], ['KxStartSystemThread', 0x7ae60],
  ['PspSystemThreadStartup', 0x3a3c60], ['ExpWorkerThread', 0x93ad0], ['Phase1Initialization', 0x4a5f60],
  ['PopIrpWorkerControl', 0x3f8e40], ['PopIrpWorker', 0x3f8fa0], ['PopSetSystemPowerState', 0x4c0fd0], ['NtSetSystemPowerState', 0x4c2d60],
  ['NtInitiatePowerAction', 0x4c3640], ['IopPoHandleIrp', 0x1bfc0], ['IofCallDriver', 0x1c010], ['IofCompleteRequest', 0x88dc0],
  ['IopfCompleteRequest', 0x88de0], ['IopInvalidDeviceRequest', 0x1a2620], ['IopLoadDriver', 0x4b3a10], ['IopLoadUnloadDriver', 0x4b4200],
  ['NtLoadDriver', 0x4b4600], ['NtUnloadDriver', 0x4b4d90], ['IopUnloadDriver', 0x4b4e20], ['PnpCallAddDevice', 0x4f2e80],
  ['PipCallDriverAddDevice', 0x4f3100], ['PnpStartDevice', 0x4f5470], ['IopSynchronousCall', 0x4f1f90], ['PnpProcessQueryRemoveAndEject', 0x4f8c60],
  ['NtCreateFile', 0x38f4f0], ['NtOpenFile', 0x38f9c0], ['IopCreateFile', 0x38fa60], ['IopParseDevice', 0x3914a0], ['NtReadFile', 0x391b20],
  ['NtWriteFile', 0x392470], ['NtDeviceIoControlFile', 0x3931c0], ['IopXxxControlFile', 0x393240], ['NtClose', 0x3947b0],
  ['ObpCloseHandle', 0x394890], ['IopCloseFile', 0x3950f0], ['IopDeleteFile', 0x395360], ['NtQueryValueKey', 0x3a0d40],
  ['NtSetValueKey', 0x3a1640], ['NtOpenKey', 0x3a0470], ['CmpCallCallBacks', 0x3a5d80], ['NtPlugPlayControl', 0x4f0f10],
  ['NtWaitForSingleObject', 0x3bb1d0], ['NtRequestWaitReplyPort', 0x3bc6a0], ['NtWaitForWorkViaWorkerFactory', 0x3bd040],
  ['KeBugCheckEx', 0x7f880], ['KeBugCheck2', 0x1e1510], ['RtlpBreakWithStatusInstruction', 0x7ef90], ['DbgUserBreakPoint', 0x7efa0], ['DbgBreakPointWithStatus', 0x7ef80],
  ['vDbgPrintExWithPrefixInternal', 0xa2dd0], ['DbgPrintEx', 0xa2f90], ['DbgPrint', 0xa3010], ['IoCreateDevice', 0x1b9a50], ['IoDeleteDevice', 0x1ba1f0],
  ['IoAttachDeviceToDeviceStack', 0x1b8d70], ['IoCreateSymbolicLink', 0x1b9880], ['ExAllocatePoolWithTag', 0x1ab6c0], ['ExFreePoolWithTag', 0x1ab0a0],
  ['PsLoadedModuleList', 0x243e90, 'data'], ['PsActiveProcessHead', 0x21d430, 'data'], ['KiBugCheckData', 0x2b9a20, 'data'],
  ['KdDebuggerEnabled', 0x24b6a8, 'data'], ['KdDebuggerNotPresent', 0x24b6a9, 'data'], ['PsInitialSystemProcess', 0x2b9a48, 'data'],
  ['KiInitialThread', 0x1efcc0, 'data'], ['KiInitialProcess', 0x1e1f40, 'data'], ['IoDriverObjectType', 0x2b9a50, 'data'], ['IoDeviceObjectType', 0x2b9a58, 'data'],
  // The rest of what the I/O and object managers' memory and the debugger's extensions use.
  ['IoFileObjectType', 0x2b9a60, 'data'], ['ExEventObjectType', 0x2b9a68, 'data'], ['ObpRootDirectoryObject', 0x2b9a70, 'data'],
  ['IopRootDeviceNode', 0x2b9a78, 'data'], ['KeNumberProcessors', 0x2b9a80, 'data'], ['MmSystemRangeStart', 0x2b9a88, 'data'],
  ['ObTypeIndexTable', 0x2b9b00, 'data'], ['KiProcessorBlock', 0x2b9d00, 'data'], ['KdVersionBlock', 0x2b9f00, 'data'],
  ['CmRegistryMachineHardwareDescriptionSystemName', 0x2b9f40, 'data'],
  ['IopPnPDispatch', 0x1a2700], ['IopPowerDispatch', 0x1a2780], ['IopUnloadSafeCompletion', 0x1a2800], ['IoAllocateIrp', 0x1b8b00],
  ['IoFreeIrp', 0x1b8c00], ['IoDetachDevice', 0x1b8e80], ['IoDeleteSymbolicLink', 0x1b99c0], ['IoBuildDeviceIoControlRequest', 0x1b9c00],
  ['IoRegisterPlugPlayNotification', 0x1bb000], ['IoUnregisterPlugPlayNotification', 0x1bb200], ['IoRegisterDeviceInterface', 0x1bb400],
  ['IoSetDeviceInterfaceState', 0x1bb600], ['KiPageFault', 0x7f7c0], ['KiExceptionDispatch', 0x7f640], ['KiDispatchException', 0x1e0b80],
  ['KiBugCheckDispatch', 0x7f8e0], ['KiSystemServiceHandler', 0x7f4c0], ['RtlDispatchException', 0xc6a30], ['RtlpExecuteHandlerForException', 0x7d3b0],
  ['RtlDeleteNoSplay', 0xe1b80], ['ObpLookupObjectName', 0x38c6a0], ['ObOpenObjectByName', 0x38e900], ['ObfDereferenceObject', 0x8e3a0],
  ['ObfReferenceObject', 0x8e4e0], ['ObCreateObject', 0x3a6b00], ['NtQueryInformationFile', 0x396a00], ['NtSetInformationFile', 0x397300],
  ['NtQueryFullAttributesFile', 0x398200], ['NtCreateKey', 0x3a1e00], ['NtDeleteKey', 0x3a2600], ['NtEnumerateKey', 0x3a2c00],
  ['NtQuerySystemInformation', 0x3c0400], ['PopSleepDeviceList', 0x4c1800], ['PopNotifyDevice', 0x4c1c00], ['PoRequestPowerIrp', 0x4c4200],
  ['PoCallDriver', 0x4c4600], ['PoStartNextPowerIrp', 0x4c4800], ['PopCompleteRequestIrp', 0x3f9400], ['PipProcessStartPhase1', 0x4f5800],
  ['IopInitializeBootDrivers', 0x4f6400], ['CmRegisterCallback', 0x3a6000], ['CmUnRegisterCallback', 0x3a6200],
  // The file services of the user-mode API layer and what they use (io/ntfile.ts, io/fileio.ts, ke/timers.ts).
  ['NtLockFile', 0x3c8000], ['NtUnlockFile', 0x3c8400], ['NtCancelIoFile', 0x3c8800], ['IoCancelIrp', 0x3c8c00],
  ['IopSynchronousServiceTail', 0x3c9000], ['IopCompleteRequest', 0x3c9400], ['IoAllocateMdl', 0x3c9800], ['MmProbeAndLockPages', 0x3c9c00],
  ['MmMapLockedPagesSpecifyCache', 0x3ca000], ['ExAllocatePoolWithQuotaTag', 0x3ca400], ['IoAcquireCancelSpinLock', 0x3ca800], ['IoReleaseCancelSpinLock', 0x3cac00],
  ['KeSetTimer', 0x3cb000], ['KeCancelTimer', 0x3cb400], ['KiTimerExpiration', 0x3cb800], ['KiRetireDpcList', 0x3cbc00],
  ['PspExitThread', 0x3cc000], ['ObKillProcess', 0x3cc400], ['ExSweepHandleTable', 0x3cc800], ['ObpCloseHandleTableEntry', 0x3ccc00],
  ['NtTerminateProcess', 0x3cd000], ['IoCancelThreadIo', 0x3cd400], ['ProbeForRead', 0x3cd800], ['ProbeForWrite', 0x3cdc00],
];

/** Sizes of nt's data symbols (8 unless listed). */
export const NT_DATA_SIZES: Readonly<Record<string, number>> = {
  PsLoadedModuleList: 0x10, PsActiveProcessHead: 0x10, KiBugCheckData: 0x28, KdDebuggerEnabled: 1, KdDebuggerNotPresent: 1,
  KeNumberProcessors: 4, ObTypeIndexTable: 0x200, KiProcessorBlock: 0x200, KdVersionBlock: 0x28, CmRegistryMachineHardwareDescriptionSystemName: 0x70,
};

/** Routines that build a KTRAP_FRAME (the system-service path): offset of it from their Child-SP. */
export const TRAP_OFFSET = 0x40;
export const TRAP_ROUTINES: ReadonlySet<string> = new Set(['nt!KiSystemServiceCopyEnd']);

/** A function's fixed frame below its return address (a multiple of 16, minus 8 for the return address slot). */
export function frameSizeOf(ref: string): number {
  let h = 0x811c9dc5;
  for (const ch of ref.toLowerCase()) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return 0x28 + (h % 10) * 0x10;
}
