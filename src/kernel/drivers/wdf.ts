/**
 * A thin KMDF (Wdf01000.sys) over the WDM kernel: WdfDriverCreate takes over
 * the driver's dispatch table and AddDevice; the framework creates and attaches
 * the FDO, owns PnP and power IRPs (turning S-IRPs into D-IRPs as the power
 * policy owner), calls the client's EvtDeviceD0Entry/D0Exit, presents I/O
 * through a default queue, and lets a client look at raw IRPs first with
 * WdfDeviceInitAssignWdmIrpPreprocessCallback. Framework state lives in the
 * FDO's extension ('Fx') as plain data.
 */
import type { Nt } from '../nt-api.ts';
import { NT_SUCCESS, STATUS_INVALID_DEVICE_REQUEST, STATUS_MORE_PROCESSING_REQUIRED, STATUS_PENDING, STATUS_SUCCESS, type NTSTATUS } from '../status.ts';
import {
  DO_DEVICE_INITIALIZING,
  FILE_DEVICE_SECURE_OPEN,
  FILE_DEVICE_UNKNOWN,
  IRP_MJ_CLEANUP,
  IRP_MJ_CLOSE,
  IRP_MJ_CREATE,
  IRP_MJ_DEVICE_CONTROL,
  IRP_MJ_PNP,
  IRP_MJ_POWER,
  IRP_MJ_READ,
  IRP_MJ_WRITE,
  IRP_MN_CANCEL_REMOVE_DEVICE,
  IRP_MN_QUERY_POWER,
  IRP_MN_QUERY_REMOVE_DEVICE,
  IRP_MN_REMOVE_DEVICE,
  IRP_MN_SET_POWER,
  IRP_MN_START_DEVICE,
  IRP_MN_SURPRISE_REMOVAL,
  type DeviceObject,
  type DevicePowerState,
  type DriverObject,
  type Irp,
  type Json,
  type JsonRecord,
  type ModuleCode,
} from '../io/types.ts';

/** What a KMDF client callback receives. */
export interface WdfCall {
  driver?: DriverObject;
  init?: WdfDeviceInit;
  device?: DeviceObject;
  /** A WDFREQUEST is the IRP underneath. */
  request?: Irp;
  irp?: Irp;
  /** WDF_POWER_DEVICE_STATE name: the previous state (D0Entry) or the target (D0Exit). */
  powerState?: string;
  length?: number;
}

export type WdfCallback = (wdf: Wdf, call: WdfCall) => NTSTATUS;

export interface WdfPnpPowerCallbacks {
  EvtDevicePrepareHardware?: string;
  EvtDeviceReleaseHardware?: string;
  EvtDeviceD0Entry?: string;
  EvtDeviceD0Exit?: string;
  EvtDeviceSurpriseRemoval?: string;
}

export interface WdfDeviceInit {
  driver: number;
  pdo: number;
  callbacks: WdfPnpPowerCallbacks;
  preprocess: { major: number; minors: number[]; routine: string }[];
}

export interface WdfQueueConfig {
  dispatch: 'WdfIoQueueDispatchSequential' | 'WdfIoQueueDispatchParallel' | 'WdfIoQueueDispatchManual';
  EvtIoRead?: string;
  EvtIoWrite?: string;
  EvtIoDeviceControl?: string;
}

export interface WdfDriverConfig {
  EvtDriverDeviceAdd: string | null;
  EvtDriverUnload: string | null;
  /** WdfDriverInitNonPnpDriver */
  nonPnp?: boolean;
}

const DISPATCH = 'Wdf01000!FxDevice::DispatchWithLock';

function fx(device: DeviceObject): JsonRecord {
  const v = device.DeviceExtension['Fx'];
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new TypeError('not a WDFDEVICE');
  return v;
}

function str(v: Json | undefined): string | null {
  return typeof v === 'string' ? v : null;
}

/** The KMDF API a client driver calls. */
export class Wdf {
  readonly nt: Nt;

  constructor(nt: Nt) {
    this.nt = nt;
  }

  /** Run a client callback named 'module!Symbol'. */
  callClient(ref: string, call: WdfCall): NTSTATUS {
    const [module, symbol] = ref.split('!');
    const code = clientModules[module.toLowerCase()];
    const fn = code?.wdf?.[symbol];
    if (!fn) throw new TypeError(`${ref}: no such callback`);
    // The client gets the WDFDEVICE handle (here: the device object) and, for WDM callbacks, the IRP.
    const args = [call.device?.Address ?? '0', ...(call.irp ? [call.irp.Address] : [])];
    return this.nt.frame(ref, call.irp ?? call.request ?? null, () => fn(this, call), args);
  }

  WdfDriverCreate(driver: DriverObject, registryPath: string, config: WdfDriverConfig): NTSTATUS {
    void registryPath;
    driver.MajorFunction.fill(DISPATCH);
    driver.DriverExtension.AddDevice = config.nonPnp ? null : 'Wdf01000!FxDriver::AddDevice';
    driver.DriverUnload = config.nonPnp && !config.EvtDriverUnload ? null : 'Wdf01000!FxDriver::Unload';
    driver.Globals['Wdf'] = { EvtDriverDeviceAdd: config.EvtDriverDeviceAdd, EvtDriverUnload: config.EvtDriverUnload };
    return STATUS_SUCCESS;
  }

  WdfDeviceInitSetPnpPowerEventCallbacks(init: WdfDeviceInit, callbacks: WdfPnpPowerCallbacks): void {
    init.callbacks = { ...callbacks };
  }

  WdfDeviceInitAssignWdmIrpPreprocessCallback(init: WdfDeviceInit, routine: string, major: number, minors: number[]): NTSTATUS {
    init.preprocess.push({ major, minors: [...minors], routine });
    return STATUS_SUCCESS;
  }

  WdfDeviceCreate(init: WdfDeviceInit): { status: NTSTATUS; device: DeviceObject | null } {
    const nt = this.nt;
    const driver = nt.driverObject(init.driver);
    const created = nt.IoCreateDevice(driver, null, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, false);
    if (!created.device) return created;
    const fdo = created.device;
    const lower = nt.IoAttachDeviceToDeviceStack(fdo, nt.device(init.pdo));
    if (!lower) {
      nt.IoDeleteDevice(fdo);
      return { status: STATUS_INVALID_DEVICE_REQUEST, device: null };
    }
    const callbacks: JsonRecord = {};
    for (const [k, v] of Object.entries(init.callbacks)) if (typeof v === 'string') callbacks[k] = v;
    fdo.DeviceExtension['Fx'] = {
      Pdo: init.pdo,
      Lower: lower.id,
      Callbacks: callbacks,
      Preprocess: init.preprocess.map((p) => ({ major: p.major, minors: p.minors, routine: p.routine })),
      Queue: null,
      Interfaces: [],
      DevicePower: 'PowerDeviceD3',
      Started: false,
    };
    fdo.DeviceExtension['Context'] = {};
    fdo.Flags &= ~DO_DEVICE_INITIALIZING;
    return { status: STATUS_SUCCESS, device: fdo };
  }

  WdfDeviceCreateDeviceInterface(device: DeviceObject, guid: string): NTSTATUS {
    const f = fx(device);
    const r = this.nt.IoRegisterDeviceInterface(this.nt.device(Number(f['Pdo'])), guid);
    if (NT_SUCCESS(r.status)) (f['Interfaces'] as Json[]).push(r.link);
    return r.status;
  }

  WdfIoQueueCreate(device: DeviceObject, config: WdfQueueConfig): NTSTATUS {
    const q: JsonRecord = { Dispatch: config.dispatch };
    if (config.EvtIoRead) q['EvtIoRead'] = config.EvtIoRead;
    if (config.EvtIoWrite) q['EvtIoWrite'] = config.EvtIoWrite;
    if (config.EvtIoDeviceControl) q['EvtIoDeviceControl'] = config.EvtIoDeviceControl;
    fx(device)['Queue'] = q;
    return STATUS_SUCCESS;
  }

  /** Hand a preprocessed IRP back to the framework. */
  WdfDeviceWdmDispatchPreprocessedIrp(device: DeviceObject, irp: Irp): NTSTATUS {
    return frameworkDispatch(this, device, irp);
  }

  WdfRequestComplete(request: Irp, status: NTSTATUS): void {
    request.IoStatus.Status = status;
    this.nt.IoCompleteRequest(request, 0);
  }

  WdfRequestCompleteWithInformation(request: Irp, status: NTSTATUS, information: number): void {
    request.IoStatus.Information = information;
    this.WdfRequestComplete(request, status);
  }

  WdfObjectGetTypedContext(device: DeviceObject): JsonRecord {
    const c = device.DeviceExtension['Context'];
    return c && typeof c === 'object' && !Array.isArray(c) ? c : {};
  }
}

/** Client modules that use KMDF (filled by modules.ts to avoid an import cycle). */
export const clientModules: Record<string, ModuleCode> = {};

function clientCallback(wdf: Wdf, device: DeviceObject, name: keyof WdfPnpPowerCallbacks, call: WdfCall): NTSTATUS {
  const ref = str((fx(device)['Callbacks'] as JsonRecord)[name]);
  return ref ? wdf.callClient(ref, { device, ...call }) : STATUS_SUCCESS;
}

function setInterfaces(wdf: Wdf, device: DeviceObject, enable: boolean): void {
  for (const link of fx(device)['Interfaces'] as Json[]) if (typeof link === 'string') wdf.nt.IoSetDeviceInterfaceState(link, enable);
}

/** Send the IRP down and wait for the lower drivers (the framework's synchronous forward). */
function forwardAndWait(wdf: Wdf, device: DeviceObject, irp: Irp): NTSTATUS {
  const nt = wdf.nt;
  nt.IoCopyCurrentIrpStackLocationToNext(irp);
  nt.IoSetCompletionRoutine(irp, 'Wdf01000!FxIrp::_SynchronousCompletion', null, true, true, true);
  nt.IoCallDriver(nt.device(Number(fx(device)['Lower'])), irp);
  return irp.IoStatus.Status;
}

function passDown(wdf: Wdf, device: DeviceObject, irp: Irp): NTSTATUS {
  wdf.nt.IoSkipCurrentIrpStackLocation(irp);
  return wdf.nt.IoCallDriver(wdf.nt.device(Number(fx(device)['Lower'])), irp);
}

function complete(wdf: Wdf, irp: Irp, status: NTSTATUS): NTSTATUS {
  irp.IoStatus.Status = status;
  wdf.nt.IoCompleteRequest(irp, 0);
  return status;
}

function frameworkDispatch(wdf: Wdf, device: DeviceObject, irp: Irp): NTSTATUS {
  const nt = wdf.nt;
  const loc = nt.IoGetCurrentIrpStackLocation(irp);
  const f = fx(device);
  switch (loc.MajorFunction) {
    case IRP_MJ_PNP:
      switch (loc.MinorFunction) {
        case IRP_MN_START_DEVICE: {
          const lower = forwardAndWait(wdf, device, irp);
          if (!NT_SUCCESS(lower)) return complete(wdf, irp, lower);
          let status = clientCallback(wdf, device, 'EvtDevicePrepareHardware', {});
          if (NT_SUCCESS(status)) status = clientCallback(wdf, device, 'EvtDeviceD0Entry', { powerState: 'WdfPowerDeviceD3Final' });
          if (NT_SUCCESS(status)) {
            f['DevicePower'] = 'PowerDeviceD0';
            f['Started'] = true;
            setInterfaces(wdf, device, true);
          }
          return complete(wdf, irp, status);
        }
        case IRP_MN_QUERY_REMOVE_DEVICE:
        case IRP_MN_CANCEL_REMOVE_DEVICE:
          irp.IoStatus.Status = STATUS_SUCCESS;
          return passDown(wdf, device, irp);
        case IRP_MN_SURPRISE_REMOVAL:
          clientCallback(wdf, device, 'EvtDeviceSurpriseRemoval', {});
          setInterfaces(wdf, device, false);
          irp.IoStatus.Status = STATUS_SUCCESS;
          return passDown(wdf, device, irp);
        case IRP_MN_REMOVE_DEVICE: {
          if (f['Started'] === true) {
            if (f['DevicePower'] === 'PowerDeviceD0') clientCallback(wdf, device, 'EvtDeviceD0Exit', { powerState: 'WdfPowerDeviceD3Final' });
            clientCallback(wdf, device, 'EvtDeviceReleaseHardware', {});
            setInterfaces(wdf, device, false);
            f['Started'] = false;
          }
          irp.IoStatus.Status = STATUS_SUCCESS;
          const lower = nt.device(Number(f['Lower']));
          const status = passDown(wdf, device, irp);
          nt.IoDetachDevice(lower);
          nt.IoDeleteDevice(device);
          return status;
        }
        default:
          return passDown(wdf, device, irp);
      }
    case IRP_MJ_POWER: {
      const type = loc.Parameters['Type'];
      if (loc.MinorFunction === IRP_MN_QUERY_POWER) {
        irp.IoStatus.Status = STATUS_SUCCESS;
        return passDown(wdf, device, irp);
      }
      if (loc.MinorFunction !== IRP_MN_SET_POWER) return passDown(wdf, device, irp);
      if (type === 'SystemPowerState') {
        nt.IoMarkIrpPending(irp);
        nt.IoCopyCurrentIrpStackLocationToNext(irp);
        nt.IoSetCompletionRoutine(irp, 'Wdf01000!FxPkgFdo::_SystemPowerCompletion', null, true, true, true);
        nt.IoCallDriver(nt.device(Number(f['Lower'])), irp);
        return STATUS_PENDING;
      }
      const target = str(loc.Parameters['State']) as DevicePowerState | null;
      if (target === 'PowerDeviceD0') {
        const lower = forwardAndWait(wdf, device, irp);
        let status = lower;
        if (NT_SUCCESS(lower)) status = clientCallback(wdf, device, 'EvtDeviceD0Entry', { powerState: 'WdfPowerDeviceD3' });
        f['DevicePower'] = 'PowerDeviceD0';
        nt.PoSetPowerState(device, { type: 'DevicePowerState', state: 'PowerDeviceD0' });
        return complete(wdf, irp, status);
      }
      if (f['DevicePower'] === 'PowerDeviceD0') clientCallback(wdf, device, 'EvtDeviceD0Exit', { powerState: 'WdfPowerDeviceD3' });
      f['DevicePower'] = target ?? 'PowerDeviceD3';
      nt.PoSetPowerState(device, { type: 'DevicePowerState', state: target ?? 'PowerDeviceD3' });
      irp.IoStatus.Status = STATUS_SUCCESS;
      return passDown(wdf, device, irp);
    }
    case IRP_MJ_CREATE:
    case IRP_MJ_CLOSE:
    case IRP_MJ_CLEANUP:
      return complete(wdf, irp, STATUS_SUCCESS);
    case IRP_MJ_READ:
    case IRP_MJ_WRITE:
    case IRP_MJ_DEVICE_CONTROL: {
      const q = f['Queue'] as JsonRecord | null;
      const name = loc.MajorFunction === IRP_MJ_READ ? 'EvtIoRead' : loc.MajorFunction === IRP_MJ_WRITE ? 'EvtIoWrite' : 'EvtIoDeviceControl';
      const ref = q ? str(q[name]) : null;
      if (!ref) return complete(wdf, irp, STATUS_INVALID_DEVICE_REQUEST);
      wdf.callClient(ref, { device, request: irp, length: Number(loc.Parameters['Length'] ?? 0) });
      return irp.Completed ? irp.IoStatus.Status : STATUS_PENDING;
    }
    default:
      return complete(wdf, irp, STATUS_INVALID_DEVICE_REQUEST);
  }
}

/** Wdf01000.sys: the framework's own entry points, as the driver objects name them. */
export const wdf01000: ModuleCode = {
  name: 'wdf01000',
  file: 'Wdf01000.sys',
  linkDate: 1290245407,
  imageSize: 0xa4000,
  DriverEntry: () => STATUS_SUCCESS,
  dispatch: {
    'FxDevice::DispatchWithLock': (nt, device, irp) => {
      const wdf = new Wdf(nt);
      const loc = nt.IoGetCurrentIrpStackLocation(irp);
      const pre = (fx(device)['Preprocess'] as JsonRecord[]).find(
        (p) => p['major'] === loc.MajorFunction && ((p['minors'] as number[]).length === 0 || (p['minors'] as number[]).includes(loc.MinorFunction)),
      );
      if (pre && typeof pre['routine'] === 'string') return wdf.callClient(pre['routine'], { device, irp });
      return frameworkDispatch(wdf, device, irp);
    },
  },
  addDevice: {
    'FxDriver::AddDevice': (nt, driver, pdo) => {
      const cfg = driver.Globals['Wdf'] as JsonRecord;
      const add = str(cfg['EvtDriverDeviceAdd']);
      if (!add) return STATUS_INVALID_DEVICE_REQUEST;
      const init: WdfDeviceInit = { driver: driver.id, pdo: pdo.id, callbacks: {}, preprocess: [] };
      return new Wdf(nt).callClient(add, { driver, init });
    },
  },
  unload: {
    'FxDriver::Unload': (nt, driver) => {
      const unload = str((driver.Globals['Wdf'] as JsonRecord)['EvtDriverUnload']);
      if (unload) new Wdf(nt).callClient(unload, { driver });
    },
  },
  completion: {
    'FxIrp::_SynchronousCompletion': () => STATUS_MORE_PROCESSING_REQUIRED,
    'FxPkgFdo::_SystemPowerCompletion': (nt, device, irp) => {
      if (!device) return STATUS_SUCCESS;
      const f = fx(device);
      const loc = nt.IoGetCurrentIrpStackLocation(irp);
      const want: DevicePowerState = loc.Parameters['State'] === 'PowerSystemWorking' ? 'PowerDeviceD0' : 'PowerDeviceD3';
      if (f['DevicePower'] === want || !NT_SUCCESS(irp.IoStatus.Status)) return irp.IoStatus.Status;
      nt.PoRequestPowerIrp(
        nt.device(Number(f['Pdo'])),
        IRP_MN_SET_POWER,
        { type: 'DevicePowerState', state: want },
        'Wdf01000!FxPkgFdo::_DeviceIrpCompletion',
        { sirp: irp.id },
      );
      return STATUS_MORE_PROCESSING_REQUIRED;
    },
  },
  powerCompletion: {
    'FxPkgFdo::_DeviceIrpCompletion': (nt, _device, _minor, _state, context, status) => {
      const id = context && typeof context === 'object' && !Array.isArray(context) ? Number(context['sirp']) : NaN;
      const sirp = nt.irp(id);
      if (!sirp) return;
      sirp.IoStatus.Status = status.Status;
      nt.IoCompleteRequest(sirp, 0);
    },
  },
};
