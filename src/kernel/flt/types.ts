/**
 * The Filter Manager's records and the shapes of minifilter code. As with
 * drivers, records hold no functions: a callback is named 'module!Routine'
 * and resolved in the minifilter code table (flt/minifilters.ts).
 */
import type { IoStatus, Irp, Json, JsonRecord } from '../io/types.ts';
import type { Flt } from './fltapi.ts';

export const FLT_PREOP_SUCCESS_WITH_CALLBACK = 0;
export const FLT_PREOP_SUCCESS_NO_CALLBACK = 1;
export const FLT_PREOP_PENDING = 2;
export const FLT_PREOP_COMPLETE = 4;
export const FLT_POSTOP_FINISHED_PROCESSING = 0;

/** FLT_CALLBACK_DATA.Flags. */
export const FLTFL_CALLBACK_DATA_IRP_OPERATION = 0x2;
export const FLTFL_CALLBACK_DATA_SYSTEM_BUFFER = 0x4;
export const FLTFL_CALLBACK_DATA_GENERATED_IO = 0x00010000;

/** One FLT_OPERATION_REGISTRATION: a major function and its callbacks ('module!Routine' or null). */
export interface FltOperationRegistration {
  MajorFunction: number;
  PreOperation: string | null;
  PostOperation: string | null;
}

/** FLT_REGISTRATION as the minifilter passes it to FltRegisterFilter. */
export interface FltRegistration {
  OperationRegistration: FltOperationRegistration[];
  FilterUnloadCallback: string | null;
  InstanceSetupCallback: string | null;
  /** InstanceTeardownStartCallback and InstanceTeardownCompleteCallback ('module!Routine'), if any. */
  InstanceTeardownStartCallback?: string | null;
  InstanceTeardownCompleteCallback?: string | null;
  /** Context types it uses ('stream', 'streamHandle'). */
  ContextRegistration: string[];
}

/** FLT_FILTER: a registered minifilter. */
export interface FltFilterRecord {
  /** The service name ('IsoFilter'), as fltmc shows it. */
  Name: string;
  /** The driver's code module. */
  Module: string;
  DriverObject: number;
  /** From the service's Instances key: the default instance's altitude. */
  DefaultAltitude: string;
  DefaultInstance: string;
  Registration: FltRegistration;
  /** FltStartFiltering was called. */
  Started: boolean;
  Address: string;
  Frame: number;
}

/** FLT_INSTANCE: a filter attached to one volume at one altitude. */
export interface FltInstanceRecord {
  id: number;
  Name: string;
  Filter: string;
  /** The volume's device name ('\Device\HarddiskVolume2'). */
  Volume: string;
  Altitude: string;
  Address: string;
}

/** FLT_CALLBACK_DATA as a callback sees it; Iopb mirrors the IRP's stack location. */
export interface FltCallbackData {
  Flags: number;
  Iopb: {
    MajorFunction: number;
    MinorFunction: number;
    Parameters: JsonRecord;
    TargetFileObject: number;
    /** IRP_SYNCHRONOUS_API and friends (Irp->Flags) and FO_SYNCHRONOUS_IO of the file object. */
    IrpFlags: number;
    FileObjectFlags: number;
  };
  IoStatus: IoStatus;
  /** The requesting process (its pid) and whether it is a 32-bit process on this 64-bit system. */
  RequestorPid: number;
  Wow64: boolean;
  /** The IRP under this operation. */
  Irp: Irp;
}

export interface FltRelatedObjects {
  Instance: FltInstanceRecord;
  Filter: string;
  Volume: string;
  FileObject: number;
}

export type FltPreOperation = (flt: Flt, data: FltCallbackData, objects: FltRelatedObjects) => { status: number; context?: Json };
export type FltPostOperation = (flt: Flt, data: FltCallbackData, objects: FltRelatedObjects, context: Json) => number;
export type FltInstanceSetup = (flt: Flt, objects: FltRelatedObjects) => number;
export type FltUnload = (flt: Flt, filter: string) => number;
/** FLTFL_INSTANCE_TEARDOWN_* reasons. */
export const FLTFL_INSTANCE_TEARDOWN_MANUAL = 0x1;
export const FLTFL_INSTANCE_TEARDOWN_FILTER_UNLOAD = 0x2;
export const FLTFL_INSTANCE_TEARDOWN_VOLUME_DISMOUNT = 0x8;
export type FltInstanceTeardown = (flt: Flt, objects: FltRelatedObjects, reason: number) => void;

/** A minifilter's callbacks, by routine name. */
export interface MinifilterCode {
  readonly module: string;
  readonly pre?: Readonly<Record<string, FltPreOperation>>;
  readonly post?: Readonly<Record<string, FltPostOperation>>;
  readonly instanceSetup?: Readonly<Record<string, FltInstanceSetup>>;
  readonly unload?: Readonly<Record<string, FltUnload>>;
  readonly teardown?: Readonly<Record<string, FltInstanceTeardown>>;
}

export const IRP_SYNCHRONOUS_API = 0x4;
export const FO_SYNCHRONOUS_IO = 0x2;
