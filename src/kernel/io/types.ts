/**
 * Plain-data records of the I/O manager (driver objects, device objects, IRPs)
 * and the shapes of driver code. Records hold no functions: a routine is named
 * by 'module!Symbol' and resolved in the module table (see drivers/modules.ts),
 * so the whole machine state stays structured-cloneable.
 */
import type { NTSTATUS } from '../status.ts';
import type { Nt } from '../nt-api.ts';
import type { WdfCallback } from '../drivers/wdf.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonRecord = { [key: string]: Json };

export const IRP_MJ_CREATE = 0x00;
export const IRP_MJ_CLOSE = 0x02;
export const IRP_MJ_READ = 0x03;
export const IRP_MJ_WRITE = 0x04;
export const IRP_MJ_QUERY_INFORMATION = 0x05;
export const IRP_MJ_SET_INFORMATION = 0x06;
export const IRP_MJ_FLUSH_BUFFERS = 0x09;
export const IRP_MJ_DIRECTORY_CONTROL = 0x0c;
export const IRP_MJ_FILE_SYSTEM_CONTROL = 0x0d;
export const IRP_MJ_DEVICE_CONTROL = 0x0e;
export const IRP_MJ_INTERNAL_DEVICE_CONTROL = 0x0f;
export const IRP_MJ_SHUTDOWN = 0x10;
export const IRP_MJ_LOCK_CONTROL = 0x11;
export const IRP_MJ_CLEANUP = 0x12;
export const IRP_MJ_POWER = 0x16;
export const IRP_MJ_SYSTEM_CONTROL = 0x17;
export const IRP_MJ_PNP = 0x1b;
export const IRP_MJ_MAXIMUM_FUNCTION = 0x1b;

export const IRP_MN_START_DEVICE = 0x00;
export const IRP_MN_QUERY_REMOVE_DEVICE = 0x01;
export const IRP_MN_REMOVE_DEVICE = 0x02;
export const IRP_MN_CANCEL_REMOVE_DEVICE = 0x03;
export const IRP_MN_QUERY_DEVICE_RELATIONS = 0x07;
export const IRP_MN_QUERY_CAPABILITIES = 0x09;
export const IRP_MN_QUERY_PNP_DEVICE_STATE = 0x14;
export const IRP_MN_SURPRISE_REMOVAL = 0x17;

/** IRP_MJ_LOCK_CONTROL minor functions. */
export const IRP_MN_LOCK = 0x01;
export const IRP_MN_UNLOCK_SINGLE = 0x02;
export const IRP_MN_UNLOCK_ALL = 0x03;
export const IRP_MN_UNLOCK_ALL_BY_KEY = 0x04;
/** IO_STACK_LOCATION.Flags of a lock request. */
export const SL_FAIL_IMMEDIATELY = 0x01;
export const SL_EXCLUSIVE_LOCK = 0x02;

/** IRP.Flags (wdm.h). */
export const IRP_NOCACHE = 0x1;
export const IRP_PAGING_IO = 0x2;
export const IRP_SYNCHRONOUS_API = 0x4;
export const IRP_BUFFERED_IO = 0x10;
export const IRP_DEALLOCATE_BUFFER = 0x20;
export const IRP_INPUT_OPERATION = 0x40;
export const IRP_CREATE_OPERATION = 0x80;
export const IRP_READ_OPERATION = 0x100;
export const IRP_WRITE_OPERATION = 0x200;
export const IRP_CLOSE_OPERATION = 0x400;
export const IRP_DEFER_IO_COMPLETION = 0x800;

/** The transfer method in the low two bits of an I/O control code (CTL_CODE). */
export const METHOD_BUFFERED = 0;
export const METHOD_IN_DIRECT = 1;
export const METHOD_OUT_DIRECT = 2;
export const METHOD_NEITHER = 3;
export const FILE_ANY_ACCESS = 0;
export const FILE_READ_ACCESS = 1;
export const FILE_WRITE_ACCESS = 2;
export const METHOD_NAMES = ['METHOD_BUFFERED', 'METHOD_IN_DIRECT', 'METHOD_OUT_DIRECT', 'METHOD_NEITHER'] as const;

/** CTL_CODE(DeviceType, Function, Method, Access). */
export function CTL_CODE(deviceType: number, fn: number, method: number, access: number): number {
  return ((deviceType << 16) | (access << 14) | (fn << 2) | method) >>> 0;
}

export const IRP_MN_WAIT_WAKE = 0x00;
export const IRP_MN_SET_POWER = 0x02;
export const IRP_MN_QUERY_POWER = 0x03;

export const MAJOR_NAMES = [
  'IRP_MJ_CREATE',
  'IRP_MJ_CREATE_NAMED_PIPE',
  'IRP_MJ_CLOSE',
  'IRP_MJ_READ',
  'IRP_MJ_WRITE',
  'IRP_MJ_QUERY_INFORMATION',
  'IRP_MJ_SET_INFORMATION',
  'IRP_MJ_QUERY_EA',
  'IRP_MJ_SET_EA',
  'IRP_MJ_FLUSH_BUFFERS',
  'IRP_MJ_QUERY_VOLUME_INFORMATION',
  'IRP_MJ_SET_VOLUME_INFORMATION',
  'IRP_MJ_DIRECTORY_CONTROL',
  'IRP_MJ_FILE_SYSTEM_CONTROL',
  'IRP_MJ_DEVICE_CONTROL',
  'IRP_MJ_INTERNAL_DEVICE_CONTROL',
  'IRP_MJ_SHUTDOWN',
  'IRP_MJ_LOCK_CONTROL',
  'IRP_MJ_CLEANUP',
  'IRP_MJ_CREATE_MAILSLOT',
  'IRP_MJ_QUERY_SECURITY',
  'IRP_MJ_SET_SECURITY',
  'IRP_MJ_POWER',
  'IRP_MJ_SYSTEM_CONTROL',
  'IRP_MJ_DEVICE_CHANGE',
  'IRP_MJ_QUERY_QUOTA',
  'IRP_MJ_SET_QUOTA',
  'IRP_MJ_PNP',
] as const;

const PNP_MINORS = [
  'IRP_MN_START_DEVICE',
  'IRP_MN_QUERY_REMOVE_DEVICE',
  'IRP_MN_REMOVE_DEVICE',
  'IRP_MN_CANCEL_REMOVE_DEVICE',
  'IRP_MN_STOP_DEVICE',
  'IRP_MN_QUERY_STOP_DEVICE',
  'IRP_MN_CANCEL_STOP_DEVICE',
  'IRP_MN_QUERY_DEVICE_RELATIONS',
  'IRP_MN_QUERY_INTERFACE',
  'IRP_MN_QUERY_CAPABILITIES',
  'IRP_MN_QUERY_RESOURCES',
  'IRP_MN_QUERY_RESOURCE_REQUIREMENTS',
  'IRP_MN_QUERY_DEVICE_TEXT',
  'IRP_MN_FILTER_RESOURCE_REQUIREMENTS',
  '0x0e',
  'IRP_MN_READ_CONFIG',
  'IRP_MN_WRITE_CONFIG',
  'IRP_MN_EJECT',
  'IRP_MN_SET_LOCK',
  'IRP_MN_QUERY_ID',
  'IRP_MN_QUERY_PNP_DEVICE_STATE',
  'IRP_MN_QUERY_BUS_INFORMATION',
  'IRP_MN_DEVICE_USAGE_NOTIFICATION',
  'IRP_MN_SURPRISE_REMOVAL',
  'IRP_MN_QUERY_LEGACY_BUS_INFORMATION',
  'IRP_MN_DEVICE_ENUMERATED',
];
const POWER_MINORS = ['IRP_MN_WAIT_WAKE', 'IRP_MN_POWER_SEQUENCE', 'IRP_MN_SET_POWER', 'IRP_MN_QUERY_POWER'];

export function majorName(major: number): string {
  return MAJOR_NAMES[major] ?? `0x${major.toString(16)}`;
}

export function minorName(major: number, minor: number): string {
  const table = major === IRP_MJ_PNP ? PNP_MINORS : major === IRP_MJ_POWER ? POWER_MINORS : [];
  return table[minor] ?? `0x${minor.toString(16).padStart(2, '0')}`;
}

export const FILE_DEVICE_UNKNOWN = 0x22;
export const FILE_DEVICE_NULL = 0x15;
export const FILE_DEVICE_BEEP = 0x01;
export const FILE_DEVICE_BUS_EXTENDER = 0x2a;
export const FILE_DEVICE_SECURE_OPEN = 0x100;
export const FILE_AUTOGENERATED_DEVICE_NAME = 0x80;
export const FILE_DEVICE_DISK = 0x07;
export const FILE_DEVICE_DISK_FILE_SYSTEM = 0x08;
export const DO_BUFFERED_IO = 0x4;
export const DO_EXCLUSIVE = 0x8;
export const DO_DIRECT_IO = 0x10;
export const DO_DEVICE_INITIALIZING = 0x80;
export const DO_POWER_PAGABLE = 0x2000;
export const DO_BUS_ENUMERATED_DEVICE = 0x1000;
export const DRVO_LEGACY_DRIVER = 0x2;
export const SL_PENDING_RETURNED = 0x01;
export const SL_INVOKE_ON_CANCEL = 0x20;
export const SL_INVOKE_ON_SUCCESS = 0x40;
export const SL_INVOKE_ON_ERROR = 0x80;

/** System and device power states as Windows names them. */
export type SystemPowerState =
  | 'PowerSystemWorking'
  | 'PowerSystemSleeping1'
  | 'PowerSystemSleeping2'
  | 'PowerSystemSleeping3'
  | 'PowerSystemHibernate'
  | 'PowerSystemShutdown';
export type DevicePowerState = 'PowerDeviceD0' | 'PowerDeviceD1' | 'PowerDeviceD2' | 'PowerDeviceD3';
export type PowerState = { type: 'SystemPowerState'; state: SystemPowerState } | { type: 'DevicePowerState'; state: DevicePowerState };

/** S-state short names (S0, S3, S4) for tools and events. */
export const SYSTEM_STATE_SHORT: Record<SystemPowerState, string> = {
  PowerSystemWorking: 'S0',
  PowerSystemSleeping1: 'S1',
  PowerSystemSleeping2: 'S2',
  PowerSystemSleeping3: 'S3',
  PowerSystemHibernate: 'S4',
  PowerSystemShutdown: 'S5',
};

export interface DriverObject {
  id: number;
  Address: string;
  /** '\Driver\SwLegacy' or '\FileSystem\Ntfs'. */
  DriverName: string;
  /** The code module (image base name, e.g. 'swlegacy'). */
  Module: string;
  ImagePath: string;
  DriverStart: string;
  DriverSize: number;
  /** IRP_MJ_* dispatch table: routine references ('module!Symbol'), 28 entries. */
  MajorFunction: string[];
  DriverUnload: string | null;
  DriverExtension: { AddDevice: string | null; ServiceKeyName: string };
  /** Head of the device list (newest first); each device's NextDevice continues it. */
  DeviceObject: number | null;
  Flags: number;
  /** The driver image's global variables (drivers keep module-level state here). */
  Globals: JsonRecord;
  /** Set once NtUnloadDriver accepted the unload but a device is still referenced. */
  UnloadPending: boolean;
}

export interface DeviceObject {
  id: number;
  Address: string;
  /** Full object name ('\Device\SwLegacy'), null when unnamed. */
  Name: string | null;
  DeviceType: number;
  Characteristics: number;
  Flags: number;
  StackSize: number;
  DriverObject: number;
  NextDevice: number | null;
  /** The device attached on top of this one. */
  AttachedDevice: number | null;
  /** The device this one is attached to (DEVOBJ_EXTENSION.AttachedTo). */
  AttachedTo: number | null;
  /** Open file objects referencing the device. */
  ReferenceCount: number;
  /** For a PDO, its devnode id. */
  DeviceNode: number | null;
  DeviceExtension: JsonRecord;
  PowerState: DevicePowerState;
}

export interface IoStatus {
  Status: NTSTATUS;
  Information: number;
}

export interface IoStackLocation {
  MajorFunction: number;
  MinorFunction: number;
  Flags: number;
  Control: number;
  DeviceObject: number | null;
  FileObject: number | null;
  Parameters: JsonRecord;
  CompletionRoutine: string | null;
  Context: Json;
}

export interface Irp {
  id: number;
  Address: string;
  StackCount: number;
  /** 1-based; StackCount + 1 before the first IoCallDriver. */
  CurrentLocation: number;
  Stack: IoStackLocation[];
  IoStatus: IoStatus;
  PendingReturned: boolean;
  Cancel: boolean;
  /** Who waits for the IRP (I/O manager bookkeeping). */
  Origin: IrpOrigin;
  /** True once IoCompleteRequest ran to the top. */
  Completed: boolean;
  /** IRP.Flags (IRP_SYNCHRONOUS_API, IRP_BUFFERED_IO…). */
  Flags: number;
  /** 0 KernelMode, 1 UserMode. */
  RequestorMode: number;
  /** AssociatedIrp.SystemBuffer (hex address) or null. */
  SystemBuffer: string | null;
  /** MdlAddress (hex address of the MDL) or null. */
  MdlAddress: string | null;
  /** UserBuffer: the caller's output buffer (hex address in the caller's user space) or null. */
  UserBuffer: string | null;
  /** Tail.Overlay.Thread: the requesting thread's ETHREAD (hex), or null. */
  Thread: string | null;
  /** CancelRoutine ('module!Symbol') or null. */
  CancelRoutine: string | null;
  /** The extra create parameters (ECPs) of an IRP_MJ_CREATE, by their GUID/name. */
  ExtraCreateParameters: JsonRecord | null;
}

export type IrpOrigin =
  | { kind: 'user'; fileObject: number | null; process?: number | null }
  | { kind: 'pnp'; devnode: number }
  | { kind: 'power'; requester: string | null; device: number; context: Json; minor: number; state: PowerState }
  | { kind: 'driver' };

/** Object types of the object manager. */
export type ObjectType = 'Directory' | 'SymbolicLink' | 'Device' | 'Driver' | 'Type' | 'File' | 'Callback' | 'Event' | 'Key' | 'Process' | 'Thread';

export interface NotificationInfo {
  Event: 'GUID_DEVICE_INTERFACE_ARRIVAL' | 'GUID_DEVICE_INTERFACE_REMOVAL';
  InterfaceClassGuid: string;
  SymbolicLinkName: string;
}

export type DriverEntryRoutine = (nt: Nt, driver: DriverObject, registryPath: string) => NTSTATUS;
export type DispatchRoutine = (nt: Nt, device: DeviceObject, irp: Irp) => NTSTATUS;
export type UnloadRoutine = (nt: Nt, driver: DriverObject) => void;
export type AddDeviceRoutine = (nt: Nt, driver: DriverObject, pdo: DeviceObject) => NTSTATUS;
export type CompletionRoutine = (nt: Nt, device: DeviceObject | null, irp: Irp, context: Json) => NTSTATUS;
export type PowerCompletionRoutine = (nt: Nt, device: DeviceObject, minor: number, state: PowerState, context: Json, status: IoStatus) => void;
export type NotificationRoutine = (nt: Nt, info: NotificationInfo, context: Json) => NTSTATUS;
export type CancelRoutine = (nt: Nt, device: DeviceObject, irp: Irp) => void;
export type DpcRoutine = (nt: Nt, context: Json) => void;
/** A registry callback: the notify class and what it is about (post-operation notifications only). */
export type RegistryCallbackRoutine = (nt: Nt, context: Json, op: string, info: { path: string; value: string | null }) => NTSTATUS;

/** The code of one kernel module (a .sys image or a library like Wdf01000). */
export interface ImageSignature {
  /** The certificate's subject, as signtool and driverquery /si show it. */
  readonly signer: string;
  /** Signed with a test certificate: loads on x64 only when test signing is on. */
  readonly test: boolean;
}

export interface ModuleCode {
  readonly name: string;
  readonly file: string;
  /** Link timestamp, seconds since 1970 (driverquery's Link Date). */
  readonly linkDate: number;
  readonly imageSize: number;
  /** Global variables the image exports as data symbols (name, size), laid out in its .data section. */
  readonly data?: readonly (readonly [string, number])[];
  /**
   * The image's Authenticode signature: absent for Microsoft's own (in-box) drivers, a test
   * signature for drivers built with the WDK's test certificate, null for an unsigned image.
   */
  readonly signature?: ImageSignature | null;
  readonly DriverEntry?: DriverEntryRoutine;
  readonly dispatch?: Readonly<Record<string, DispatchRoutine>>;
  readonly unload?: Readonly<Record<string, UnloadRoutine>>;
  readonly addDevice?: Readonly<Record<string, AddDeviceRoutine>>;
  readonly completion?: Readonly<Record<string, CompletionRoutine>>;
  readonly powerCompletion?: Readonly<Record<string, PowerCompletionRoutine>>;
  readonly notification?: Readonly<Record<string, NotificationRoutine>>;
  readonly registry?: Readonly<Record<string, RegistryCallbackRoutine>>;
  /** Cancel routines (IoSetCancelRoutine). */
  readonly cancel?: Readonly<Record<string, CancelRoutine>>;
  /** Deferred procedure calls (KeInitializeDpc), run at DISPATCH_LEVEL. */
  readonly dpc?: Readonly<Record<string, DpcRoutine>>;
  /** Work items (IoQueueWorkItem), run at PASSIVE_LEVEL on a System worker thread. */
  readonly workItem?: Readonly<Record<string, DpcRoutine>>;
  /** KMDF client callbacks (see drivers/wdf.ts). */
  readonly wdf?: Readonly<Record<string, WdfCallback>>;
}
