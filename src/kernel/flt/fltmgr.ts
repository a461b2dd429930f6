/**
 * The Filter Manager (fltmgr.sys): a legacy filter device attached over each
 * mounted volume, minifilters registered at altitudes, their instances per
 * volume, and the walk of every IRP through the instances' pre-operation
 * callbacks (highest altitude first) and post-operation callbacks (lowest
 * first, from the IRP's completion). Stream and stream-handle contexts are
 * kept per instance, keyed by the file system's stream (FsContext) and by the
 * file object.
 */
import type { Kernel } from '../nt.ts';
import { serviceKey } from '../cm/registry.ts';
import { Subsystem } from '../subsystem.ts';
import { dictDelete, dictGet, dictSet, newDict, type Dict } from '../rtl/dict.ts';
import { NT_SUCCESS, STATUS_PENDING, STATUS_SUCCESS, type NTSTATUS } from '../status.ts';
import type { DeviceObject, Irp, Json, JsonRecord } from '../io/types.ts';
import { fsdContext } from '../fs/ntfsfsd.ts';
import {
  FLTFL_CALLBACK_DATA_GENERATED_IO,
  FLTFL_CALLBACK_DATA_IRP_OPERATION,
  FLT_PREOP_COMPLETE,
  FLT_PREOP_PENDING,
  FLT_PREOP_SUCCESS_WITH_CALLBACK,
  FLTFL_INSTANCE_TEARDOWN_FILTER_UNLOAD,
  FLTFL_INSTANCE_TEARDOWN_MANUAL,
  type FltCallbackData,
  type FltFilterRecord,
  type FltInstanceRecord,
  type FltRegistration,
  type FltRelatedObjects,
} from './types.ts';
import { minifilterCode } from './minifilters.ts';
import { FLT_FILTER_ALLOCATION, FLT_FRAME_ALLOCATION, FLT_INSTANCE_ALLOCATION, FLT_VOLUME_ALLOCATION } from './layout.ts';
import { Flt } from './fltapi.ts';
import { minifilterParameters } from './fltparams.ts';
import { is32bitProcess } from '../io/fsrequests.ts';
import type { Nt } from '../nt-api.ts';

const managers = new WeakMap<Nt, FilterManager>();

export function bindFilterManager(nt: Nt, fm: FilterManager): void {
  managers.set(nt, fm);
}

export function filterManagerOf(nt: Nt): FilterManager | undefined {
  return managers.get(nt);
}

const byApi = new WeakMap<Flt, FilterManager>();

/** The Filter Manager behind the API a minifilter's callback was given. */
export function filterManagerOfApi(flt: Flt): FilterManager | undefined {
  return byApi.get(flt);
}

/** HRESULTs of the filter manager's user-mode library (winerror.h, FACILITY_USERMODE_FILTER_MANAGER). */
export const ERROR_FLT_INSTANCE_ALTITUDE_COLLISION = 0x801f0011;
export const ERROR_FLT_INSTANCE_NAME_COLLISION = 0x801f0012;
export const ERROR_FLT_FILTER_NOT_FOUND = 0x801f0013;
export const ERROR_FLT_VOLUME_NOT_FOUND = 0x801f0014;
export const ERROR_FLT_INSTANCE_NOT_FOUND = 0x801f0015;

/** The device type of a network redirector (\Device\Mup). */
export const FILE_DEVICE_NETWORK_FILE_SYSTEM = 0x14;

export interface FltState {
  filters: Dict<FltFilterRecord>;
  instances: Record<number, FltInstanceRecord>;
  nextInstance: number;
  /** Volumes FltMgr is attached to: device name → its filter device (id). */
  volumes: Dict<number>;
  /** Stream contexts: 'instance:fileId:stream' → the filter's context. */
  streamContexts: Dict<Json>;
  /** Stream-handle contexts: 'instance:fileObject' → the filter's context. */
  handleContexts: Dict<Json>;
  /** FltMgr's driver object, once loaded. */
  driver: number | null;
  /** Frame 0 (_FLTP_FRAME), allocated when FltMgr loads: its pool address. */
  frame?: string | null;
  /** Each filtered volume's _FLT_VOLUME: device name → pool address. */
  volumeObjects?: Dict<string>;
  /** Operations a minifilter pended (FLT_PREOP_PENDING): IRP id → the instance holding it. */
  pended?: Record<number, number>;
}

interface PendingPost {
  instance: number;
  routine: string;
  context: Json;
}

export class FilterManager extends Subsystem<FltState> {
  readonly snapshotKey = 'flt';
  private readonly k: Kernel;
  readonly api: Flt;

  constructor(k: Kernel) {
    super({ filters: newDict(), instances: {}, nextInstance: 1, volumes: newDict(), streamContexts: newDict(), handleContexts: newDict(), driver: null });
    this.k = k;
    this.api = new Flt(k, this);
    byApi.set(this.api, this);
  }

  get kernel(): Kernel {
    return this.k;
  }

  filters(): FltFilterRecord[] {
    return Object.values(this.state.filters).sort((a, b) => Number(b.DefaultAltitude) - Number(a.DefaultAltitude));
  }

  filter(name: string): FltFilterRecord | undefined {
    return dictGet(this.state.filters, name.toLowerCase());
  }

  instancesOf(filter: string): FltInstanceRecord[] {
    return Object.values(this.state.instances).filter((i) => i.Filter.toLowerCase() === filter.toLowerCase());
  }

  /** The instances on a volume, highest altitude first (the order pre-operation callbacks run in). */
  instancesOn(volume: string): FltInstanceRecord[] {
    return Object.values(this.state.instances)
      .filter((i) => i.Volume.toLowerCase() === volume.toLowerCase())
      .sort((a, b) => Number(b.Altitude) - Number(a.Altitude));
  }

  /** Volumes FltMgr filters, with their DOS names. */
  volumes(): { device: string; dos: string | null }[] {
    return Object.keys(this.state.volumes).map((device) => ({ device, dos: this.dosName(device) }));
  }

  /** 'C:' for '\Device\HarddiskVolume2', from \GLOBAL?? links. */
  dosName(device: string): string | null {
    for (const letter of 'CDEFGHIJKLMNOPQRSTUVWXYZ') {
      const r = this.k.ob.lookup(`\\GLOBAL??\\${letter}:`);
      const d = NT_SUCCESS(r.status) ? this.k.io.state.devices[r.id] : undefined;
      // A mapped network drive names a share on the redirector, not \Device\Mup itself.
      if (d?.Name?.toLowerCase() === device.toLowerCase() && d.DeviceType !== FILE_DEVICE_NETWORK_FILE_SYSTEM) return `${letter}:`;
    }
    return null;
  }

  /** A volume by its DOS name ('C:') or device name; null when FltMgr does not know it. */
  resolveVolume(name: string): string | null {
    const n = name.replace(/\\$/, '');
    for (const device of Object.keys(this.state.volumes)) {
      if (device.toLowerCase() === n.toLowerCase() || this.dosName(device)?.toLowerCase() === n.toLowerCase()) return device;
    }
    return null;
  }

  /** A volume was mounted: FltMgr (when loaded) attaches its filter device on top of it. */
  volumeMounted(volume: DeviceObject): void {
    const fltDriver = this.state.driver;
    if (fltDriver === null || !this.k.io.state.drivers[fltDriver]) return;
    if (!volume.Name || dictGet(this.state.volumes, volume.Name) !== undefined) return;
    const { device } = this.k.io.createDevice(fltDriver, null, volume.DeviceType, 0, false);
    if (!device) return;
    this.k.io.attach(device.id, volume.id);
    device.Flags &= ~0x80;
    dictSet(this.state.volumes, volume.Name, device.id);
    this.state.volumeObjects ??= newDict();
    dictSet(this.state.volumeObjects, volume.Name, this.k.ob.allocatePool(FLT_VOLUME_ALLOCATION, 'FMvo', `flt:volume:${volume.Name}`));
    for (const f of Object.values(this.state.filters)) if (f.Started) this.attach(f.Name, volume.Name, null, null);
  }

  /** Operations an instance holds pended and not yet completed (each holds its rundown reference). */
  operationsInFlight(instance: number): number {
    let n = 0;
    for (const [irp, owner] of Object.entries(this.state.pended ?? {})) {
      const live = this.k.io.state.irps[Number(irp)];
      if (live && !live.Completed && owner === instance) n++;
    }
    return n;
  }

  /** FltMgr loaded: its frame 0, the one every minifilter registers in. */
  createFrame(driverId: number): void {
    this.state.driver = driverId;
    this.state.frame ??= this.k.ob.allocatePool(FLT_FRAME_ALLOCATION, 'FMfr', 'flt:frame');
  }

  /** The volume a FltMgr filter device sits on. */
  volumeOfDevice(deviceId: number): string | null {
    for (const [name, id] of Object.entries(this.state.volumes)) if (id === deviceId) return name;
    return null;
  }

  // ---- registration -------------------------------------------------------

  register(driverId: number, registration: FltRegistration): { status: NTSTATUS; filter: string } {
    const driver = this.k.io.state.drivers[driverId];
    const service = driver.DriverExtension.ServiceKeyName;
    const instancesKey = `${serviceKey(service)}\\Instances`;
    const defaultInstance = this.k.cm.string(instancesKey, 'DefaultInstance') ?? `${service} Instance`;
    const altitude = this.k.cm.string(`${instancesKey}\\${defaultInstance}`, 'Altitude');
    if (!altitude) return { status: 0xc0000034, filter: '' };
    const record: FltFilterRecord = {
      Name: service,
      Module: driver.Module,
      DriverObject: driverId,
      DefaultAltitude: altitude,
      DefaultInstance: defaultInstance,
      Registration: registration,
      Started: false,
      Address: this.k.ob.allocatePool(FLT_FILTER_ALLOCATION, 'FMfl', `flt:${service}`),
      Frame: 0,
    };
    dictSet(this.state.filters, service.toLowerCase(), record);
    // FltRegisterFilter takes over the driver's unload: FltMgr calls the minifilter's FilterUnloadCallback.
    driver.DriverUnload = 'fltmgr!FltpMiniFilterDriverUnload';
    return { status: STATUS_SUCCESS, filter: service };
  }

  /** FltStartFiltering: an instance on every volume, at the default instance's altitude. */
  start(filter: string): NTSTATUS {
    const f = this.filter(filter);
    if (!f) return 0xc000000d;
    f.Started = true;
    for (const volume of Object.keys(this.state.volumes)) this.attach(f.Name, volume, null, null);
    return STATUS_SUCCESS;
  }

  /** FltUnregisterFilter: its instances go, then the filter. */
  unregister(filter: string): void {
    const f = this.filter(filter);
    if (!f) return;
    for (const i of this.instancesOf(f.Name)) this.detachInstance(i, FLTFL_INSTANCE_TEARDOWN_FILTER_UNLOAD);
    this.k.ob.freePool(f.Address);
    dictDelete(this.state.filters, f.Name.toLowerCase());
  }

  /** FilterAttach / FilterAttachAtAltitude: an HRESULT (0 on success). */
  attach(filter: string, volumeName: string, instanceName: string | null, altitude: string | null): number {
    const f = this.filter(filter);
    if (!f) return ERROR_FLT_FILTER_NOT_FOUND;
    const volume = this.resolveVolume(volumeName);
    if (!volume) return ERROR_FLT_VOLUME_NOT_FOUND;
    const name = instanceName ?? f.DefaultInstance;
    const at = altitude ?? this.k.cm.string(`${serviceKey(f.Name)}\\Instances\\${name}`, 'Altitude') ?? f.DefaultAltitude;
    const on = this.instancesOn(volume);
    if (on.some((i) => i.Altitude === at)) return ERROR_FLT_INSTANCE_ALTITUDE_COLLISION;
    if (on.some((i) => i.Name.toLowerCase() === name.toLowerCase())) return ERROR_FLT_INSTANCE_NAME_COLLISION;
    const id = this.state.nextInstance++;
    const instance: FltInstanceRecord = {
      id,
      Name: name,
      Filter: f.Name,
      Volume: volume,
      Altitude: at,
      Address: this.k.ob.allocatePool(FLT_INSTANCE_ALLOCATION, 'FMis', `flt:instance:${id}`),
    };
    const setup = f.Registration.InstanceSetupCallback;
    if (setup) {
      const status = this.callInstanceSetup(setup, { Instance: instance, Filter: f.Name, Volume: volume, FileObject: 0 });
      if (!NT_SUCCESS(status)) {
        this.k.ob.freePool(instance.Address);
        return 0x801f000f; // ERROR_FLT_DO_NOT_ATTACH
      }
    }
    this.state.instances[id] = instance;
    return 0;
  }

  /** FilterDetach: an HRESULT. */
  detach(filter: string, volumeName: string, instanceName: string | null): number {
    const f = this.filter(filter);
    if (!f) return ERROR_FLT_FILTER_NOT_FOUND;
    const volume = this.resolveVolume(volumeName);
    if (!volume) return ERROR_FLT_VOLUME_NOT_FOUND;
    const name = instanceName ?? f.DefaultInstance;
    const instance = this.instancesOf(f.Name).find((i) => i.Volume === volume && i.Name.toLowerCase() === name.toLowerCase());
    if (!instance) return ERROR_FLT_INSTANCE_NOT_FOUND;
    this.detachInstance(instance, FLTFL_INSTANCE_TEARDOWN_MANUAL);
    return 0;
  }

  private detachInstance(i: FltInstanceRecord, reason: number): void {
    // InstanceTeardownStart, then (once the instance's operations have drained) InstanceTeardownComplete.
    const f = this.filter(i.Filter);
    for (const ref of [f?.Registration.InstanceTeardownStartCallback, f?.Registration.InstanceTeardownCompleteCallback]) {
      const at = ref ? this.loaded(ref) : null;
      const fn = at ? minifilterCode(at.module)?.teardown?.[at.routine] : undefined;
      if (fn && ref) this.k.nt.frame(ref, null, () => fn(this.api, { Instance: i, Filter: i.Filter, Volume: i.Volume, FileObject: 0 }, reason));
    }
    for (const key of Object.keys(this.state.streamContexts)) if (key.startsWith(`${i.id}:`)) dictDelete(this.state.streamContexts, key);
    for (const key of Object.keys(this.state.handleContexts)) if (key.startsWith(`${i.id}:`)) dictDelete(this.state.handleContexts, key);
    this.k.ob.freePool(i.Address);
    delete this.state.instances[i.id];
  }

  // ---- contexts -----------------------------------------------------------

  /** The stream a file object is open on, as the file system names it (FsContext), or null. */
  streamKey(fileObject: number): string | null {
    const fo = fsdContext(this.k.nt)?.volume.fileObject(fileObject);
    return fo ? fo.scb : null;
  }

  // ---- the I/O path ---------------------------------------------------------

  private callbackData(irp: Irp): FltCallbackData {
    const loc = irp.Stack[irp.CurrentLocation - 1];
    const p = loc.Parameters;
    // I/O a minifilter sent itself (FltCreateFile's file object) starts below its altitude.
    const generated = irp.Origin.kind === 'driver' || typeof p['FltBelowAltitude'] === 'number';
    const pid = irp.Origin.kind === 'user' ? (irp.Origin.process ?? 4) : 4;
    return {
      Flags: FLTFL_CALLBACK_DATA_IRP_OPERATION | (generated ? FLTFL_CALLBACK_DATA_GENERATED_IO : 0),
      Iopb: {
        MajorFunction: loc.MajorFunction,
        MinorFunction: loc.MinorFunction,
        Parameters: minifilterParameters(this.k, irp, loc),
        TargetFileObject: loc.FileObject ?? 0,
        IrpFlags: irp.Flags,
        FileObjectFlags: this.k.io.state.files[loc.FileObject ?? 0]?.Flags ?? 0,
      },
      IoStatus: { Status: STATUS_SUCCESS, Information: 0 },
      RequestorPid: pid,
      Wow64: is32bitProcess(this.k, pid),
      Irp: irp,
    };
  }

  private objects(i: FltInstanceRecord, fileObject: number): FltRelatedObjects {
    return { Instance: i, Filter: i.Filter, Volume: i.Volume, FileObject: fileObject };
  }

  /**
   * FltMgr's dispatch for every IRP on a filtered volume: the pre-operation callbacks from the
   * top down (below an altitude, for I/O a minifilter generated), then the file system.
   */
  dispatch(device: DeviceObject, irp: Irp): NTSTATUS {
    const nt = this.k.nt;
    const volume = this.volumeOfDevice(device.id);
    const loc = nt.IoGetCurrentIrpStackLocation(irp);
    const below = typeof loc.Parameters['FltBelowAltitude'] === 'number' ? loc.Parameters['FltBelowAltitude'] : Infinity;
    const data = this.callbackData(irp);
    const posts: PendingPost[] = [];
    for (const i of volume ? this.instancesOn(volume) : []) {
      if (Number(i.Altitude) >= below) continue;
      const f = this.filter(i.Filter);
      const op = f?.Registration.OperationRegistration.find((o) => o.MajorFunction === data.Iopb.MajorFunction);
      if (!f || !op?.PreOperation) continue;
      const r = this.callPre(op.PreOperation, data, this.objects(i, data.Iopb.TargetFileObject));
      if (r.status === FLT_PREOP_PENDING) {
        this.state.pended ??= {};
        this.state.pended[irp.id] = i.id;
        // The minifilter keeps the operation and completes it later (FltCompletePendedPreOperation).
        nt.IoMarkIrpPending(irp);
        return STATUS_PENDING;
      }
      if (r.status === FLT_PREOP_COMPLETE) {
        irp.IoStatus.Status = data.IoStatus.Status;
        irp.IoStatus.Information = data.IoStatus.Information;
        this.runPosts(irp, posts);
        nt.IoCompleteRequest(irp, 0);
        return data.IoStatus.Status;
      }
      if (r.status === FLT_PREOP_SUCCESS_WITH_CALLBACK && op.PostOperation)
        posts.push({ instance: i.id, routine: op.PostOperation, context: r.context ?? null });
    }
    nt.IoCopyCurrentIrpStackLocationToNext(irp);
    if (posts.length > 0) nt.IoSetCompletionRoutine(irp, 'fltmgr!FltpPassThroughCompletion', posts as unknown as Json, true, true, true);
    const lower = device.AttachedTo === null ? null : this.k.io.state.devices[device.AttachedTo];
    if (!lower) {
      irp.IoStatus.Status = 0xc000000e;
      nt.IoCompleteRequest(irp, 0);
      return 0xc000000e;
    }
    return nt.IoCallDriver(lower, irp);
  }

  /** The completion side: post-operation callbacks, lowest altitude first. */
  completion(irp: Irp, context: Json): NTSTATUS {
    const posts = Array.isArray(context) ? (context as unknown as PendingPost[]) : [];
    this.runPosts(irp, posts);
    return STATUS_SUCCESS;
  }

  private runPosts(irp: Irp, posts: PendingPost[]): void {
    for (const p of [...posts].reverse()) {
      const i = this.state.instances[p.instance];
      if (!i) continue;
      const data = this.callbackData(irp);
      data.IoStatus = { ...irp.IoStatus };
      this.callPost(p.routine, data, this.objects(i, data.Iopb.TargetFileObject), p.context);
    }
  }

  private loaded(ref: string): { module: string; routine: string } | null {
    const [module, routine] = ref.split('!');
    return this.k.io.image(module.toLowerCase()) ? { module: module.toLowerCase(), routine } : null;
  }

  private callPre(ref: string, data: FltCallbackData, objects: FltRelatedObjects): { status: number; context?: Json } {
    const at = this.loaded(ref);
    const fn = at ? minifilterCode(at.module)?.pre?.[at.routine] : undefined;
    if (!fn) return { status: 1 };
    return this.k.nt.frame(ref, data.Irp, () => fn(this.api, data, objects));
  }

  private callPost(ref: string, data: FltCallbackData, objects: FltRelatedObjects, context: Json): void {
    const at = this.loaded(ref);
    const fn = at ? minifilterCode(at.module)?.post?.[at.routine] : undefined;
    if (fn) this.k.nt.frame(ref, data.Irp, () => fn(this.api, data, objects, context));
  }

  private callInstanceSetup(ref: string, objects: FltRelatedObjects): NTSTATUS {
    const at = this.loaded(ref);
    const fn = at ? minifilterCode(at.module)?.instanceSetup?.[at.routine] : undefined;
    return fn ? this.k.nt.frame(ref, null, () => fn(this.api, objects)) : STATUS_SUCCESS;
  }

  /** FltpMiniFilterDriverUnload: the minifilter's FilterUnloadCallback, which unregisters it. */
  unloadFilterOf(driverId: number): NTSTATUS {
    const f = Object.values(this.state.filters).find((x) => x.DriverObject === driverId);
    if (!f) return STATUS_SUCCESS;
    const ref = f.Registration.FilterUnloadCallback;
    const at = ref ? this.loaded(ref) : null;
    const fn = at ? minifilterCode(at.module)?.unload?.[at.routine] : undefined;
    const status = fn && ref ? this.k.nt.frame(ref, null, () => fn(this.api, f.Name)) : STATUS_SUCCESS;
    if (this.filter(f.Name)) this.unregister(f.Name);
    return status;
  }

  /** Parameters for I/O a minifilter sends to the instances below it and the file system. */
  belowParameters(instance: FltInstanceRecord, p: JsonRecord): JsonRecord {
    return { ...p, FltBelowAltitude: Number(instance.Altitude) };
  }
}
