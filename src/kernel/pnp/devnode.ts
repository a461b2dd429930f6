/** Device nodes and their states (values as !devnode prints them). */
export const DeviceNodeUninitialized = 0x301;
export const DeviceNodeInitialized = 0x302;
export const DeviceNodeDriversAdded = 0x303;
export const DeviceNodeResourcesAssigned = 0x304;
export const DeviceNodeStarted = 0x308;
export const DeviceNodeStopped = 0x30a;
export const DeviceNodeEnumerateCompletion = 0x30d;
export const DeviceNodeQueryRemoved = 0x310;
export const DeviceNodeRemovePendingCloses = 0x311;
export const DeviceNodeRemoved = 0x312;

export const DEVNODE_STATE_NAMES: Record<number, string> = {
  0x300: 'DeviceNodeUnspecified',
  0x301: 'DeviceNodeUninitialized',
  0x302: 'DeviceNodeInitialized',
  0x303: 'DeviceNodeDriversAdded',
  0x304: 'DeviceNodeResourcesAssigned',
  0x305: 'DeviceNodeStartPending',
  0x306: 'DeviceNodeStartCompletion',
  0x307: 'DeviceNodeStartPostWork',
  0x308: 'DeviceNodeStarted',
  0x309: 'DeviceNodeQueryStopped',
  0x30a: 'DeviceNodeStopped',
  0x30b: 'DeviceNodeRestartCompletion',
  0x30c: 'DeviceNodeEnumeratePending',
  0x30d: 'DeviceNodeEnumerateCompletion',
  0x30e: 'DeviceNodeAwaitingQueuedDeletion',
  0x30f: 'DeviceNodeAwaitingQueuedRemoval',
  0x310: 'DeviceNodeQueryRemoved',
  0x311: 'DeviceNodeRemovePendingCloses',
  0x312: 'DeviceNodeRemoved',
  0x313: 'DeviceNodeDeletePendingCloses',
  0x314: 'DeviceNodeDeleted',
};

/** Device Manager problem codes (CM_PROB_*). */
export const CM_PROB_FAILED_START = 10;
export const CM_PROB_FAILED_INSTALL = 28;
export const CM_PROB_FAILED_ADD = 31;
export const CM_PROB_DISABLED_SERVICE = 32;
export const CM_PROB_FAILED_DRIVER_ENTRY = 37;
export const CM_PROB_DRIVER_FAILED_LOAD = 39;
export const CM_PROB_UNSIGNED_DRIVER = 52;

export const PROBLEM_NAMES: Record<number, string> = {
  10: 'CM_PROB_FAILED_START',
  28: 'CM_PROB_FAILED_INSTALL',
  31: 'CM_PROB_FAILED_ADD',
  32: 'CM_PROB_DISABLED_SERVICE',
  37: 'CM_PROB_FAILED_DRIVER_ENTRY',
  39: 'CM_PROB_DRIVER_FAILED_LOAD',
  52: 'CM_PROB_UNSIGNED_DRIVER',
};

export interface DevNode {
  id: number;
  InstancePath: string;
  Parent: number | null;
  Children: number[];
  Pdo: number | null;
  State: number;
  PreviousState: number;
  Problem: number;
  HardwareIds: string[];
  Service: string | null;
  Class: string;
  ClassGuid: string;
  Description: string;
  Manufacturer: string;
  /** The published INF (oemN.inf) the driver was installed from. */
  Inf: string | null;
  InfSection: string | null;
  /** A Root\LEGACY_ placeholder for a non-PnP driver (Windows 7). */
  Legacy: boolean;
  /** Its _DEVICE_NODE in nonpaged pool (hex). */
  Address?: string;
}

export const LEGACY_CLASS_GUID = '{8ECC055D-047F-11D1-A537-0000F8753ED1}';
