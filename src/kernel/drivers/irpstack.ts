/**
 * The lab's PnP device stack, three layers deep, all WDM (no KMDF):
 *
 *   IrpFilt (irpfilt.sys)  upper filter: passes every request down with a
 *                          completion routine and prints it both ways
 *   IrpFunc (irpfunc.sys)  function driver: owns the device (\Device\IrpFunc,
 *                          \\.\IrpFunc), keeps what is written, returns it on
 *                          read from a timer DPC (the read pends)
 *   \Driver\PnpManager     bus driver: the root enumerator's PDO below both
 *
 * IRP_MN_START_DEVICE goes down first and is finished on the way up, as the
 * WDK says a driver must: each layer sets a completion routine that signals
 * the dispatch routine and returns STATUS_MORE_PROCESSING_REQUIRED, then
 * completes the IRP again itself. Every other request the filter forwards
 * with IrpFiltIoCompletion, which only propagates the pending bit
 * (IoMarkIrpPending when Irp->PendingReturned) and lets completion go on.
 */
import type { Nt } from '../nt-api.ts';
import { SAMPLE_SIGNATURE } from './guids.ts';
import {
  NT_SUCCESS,
  STATUS_END_OF_FILE,
  STATUS_INVALID_DEVICE_REQUEST,
  STATUS_NO_SUCH_DEVICE,
  STATUS_MORE_PROCESSING_REQUIRED,
  STATUS_PENDING,
  STATUS_SUCCESS,
  hex8,
  type NTSTATUS,
} from '../status.ts';
import {
  DO_BUFFERED_IO,
  DO_DEVICE_INITIALIZING,
  DO_DIRECT_IO,
  DO_POWER_PAGABLE,
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
  IRP_MN_REMOVE_DEVICE,
  IRP_MN_START_DEVICE,
  majorName,
  minorName,
  type DeviceObject,
  type DriverObject,
  type Irp,
  type ModuleCode,
} from '../io/types.ts';

export const IRPFUNC_DEVICE = '\\Device\\IrpFunc';
export const IRPFUNC_LINK = '\\DosDevices\\IrpFunc';
export const IRPFUNC_HARDWARE_ID = 'Root\\IrpFunc';
/** How long the function driver keeps a read pending before its DPC completes it. */
export const IRPFUNC_READ_DELAY_MS = 100;
/** STATUS_CONTINUE_COMPLETION: a completion routine's "go on" (STATUS_SUCCESS). */
const STATUS_CONTINUE_COMPLETION = STATUS_SUCCESS;

const decode = (bytes: Uint8Array) => String.fromCharCode(...bytes);

function what(irp: Irp, nt: Nt): string {
  const loc = nt.IoGetCurrentIrpStackLocation(irp);
  return loc.MajorFunction === IRP_MJ_PNP || loc.MajorFunction === IRP_MJ_POWER
    ? `${majorName(loc.MajorFunction)} / ${minorName(loc.MajorFunction, loc.MinorFunction)}`
    : majorName(loc.MajorFunction);
}

/** The device below, kept in the extension as IoAttachDeviceToDeviceStack returned it. */
function lower(nt: Nt, device: DeviceObject): DeviceObject {
  return nt.device(Number(device.DeviceExtension['LowerDevice']));
}

/**
 * Forward an IRP and wait for it to come back (the WDK's synchronous forwarding):
 * the completion routine sets the extension's event and stops completion, so the
 * IRP is the caller's again afterwards.
 */
function forwardAndWait(nt: Nt, device: DeviceObject, irp: Irp, routine: string): NTSTATUS {
  const extension = device.DeviceExtension;
  extension['Event'] = false; // KeInitializeEvent
  nt.IoCopyCurrentIrpStackLocationToNext(irp);
  nt.IoSetCompletionRoutine(irp, routine, device.id, true, true, true);
  const status = nt.IoCallDriver(lower(nt, device), irp);
  // KeWaitForSingleObject(&event) when the lower driver pended: every driver below this stack completes start at once.
  if (status === STATUS_PENDING && signalled(extension) === false) nt.DbgPrint('IrpStack: the lower driver pended start; waiting\n');
  return irp.IoStatus.Status;
}

/** AddDevice's first half: a device of our own, attached on top of the PDO's stack. */
function createAndAttach(
  nt: Nt,
  driver: DriverObject,
  name: string | null,
  pdo: DeviceObject,
): { status: NTSTATUS; device: DeviceObject | null; below: DeviceObject | null } {
  const { status, device } = nt.IoCreateDevice(driver, name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, false);
  if (!device) return { status, device: null, below: null };
  const below = nt.IoAttachDeviceToDeviceStack(device, pdo);
  if (!below) {
    nt.IoDeleteDevice(device);
    return { status: STATUS_NO_SUCH_DEVICE, device: null, below: null };
  }
  device.DeviceExtension['LowerDevice'] = below.id;
  return { status: STATUS_SUCCESS, device, below };
}

const signalled = (extension: DeviceObject['DeviceExtension']) => extension['Event'] === true;

function finish(nt: Nt, irp: Irp, status: NTSTATUS, information: number): NTSTATUS {
  irp.IoStatus.Status = status;
  irp.IoStatus.Information = information;
  nt.IoCompleteRequest(irp, 0);
  return status;
}

/** Remove: pass it down, then leave the stack and delete the device. */
function removeDevice(nt: Nt, device: DeviceObject, irp: Irp, tag: string): NTSTATUS {
  nt.DbgPrint(`${tag}: removing the device\n`);
  irp.IoStatus.Status = STATUS_SUCCESS;
  const below = lower(nt, device);
  nt.IoSkipCurrentIrpStackLocation(irp);
  const status = nt.IoCallDriver(below, irp);
  nt.IoDetachDevice(below);
  if (device.Name) nt.IoDeleteSymbolicLink(IRPFUNC_LINK);
  nt.IoDeleteDevice(device);
  return status;
}

/**
 * IRP_MJ_PNP in both drivers: start is forwarded and waited for, then finished
 * here; remove goes down and takes the device out of the stack; the rest pass down.
 */
function pnp(nt: Nt, device: DeviceObject, irp: Irp, tag: string, startCompletion: string, started: (status: NTSTATUS) => string): NTSTATUS {
  const minor = nt.IoGetCurrentIrpStackLocation(irp).MinorFunction;
  if (minor === IRP_MN_START_DEVICE) {
    const status = forwardAndWait(nt, device, irp, startCompletion);
    nt.DbgPrint(`${tag}: ${started(status)}\n`);
    nt.IoCompleteRequest(irp, 0);
    return status;
  }
  if (minor === IRP_MN_REMOVE_DEVICE) return removeDevice(nt, device, irp, tag);
  nt.IoSkipCurrentIrpStackLocation(irp);
  return nt.IoCallDriver(lower(nt, device), irp);
}

/** Power IRPs are not this stack's business: down to the PDO untouched. */
function passPowerDown(nt: Nt, device: DeviceObject, irp: Irp): NTSTATUS {
  nt.PoStartNextPowerIrp(irp);
  nt.IoSkipCurrentIrpStackLocation(irp);
  return nt.PoCallDriver(lower(nt, device), irp);
}

export const irpfilt: ModuleCode = {
  name: 'irpfilt',
  file: 'irpfilt.sys',
  linkDate: 1295534980,
  imageSize: 0x5000,
  signature: SAMPLE_SIGNATURE,
  DriverEntry(nt, DriverObject) {
    for (let major = 0; major < DriverObject.MajorFunction.length; major++) DriverObject.MajorFunction[major] = 'irpfilt!IrpFiltDispatchAny';
    DriverObject.MajorFunction[IRP_MJ_PNP] = 'irpfilt!IrpFiltDispatchPnp';
    DriverObject.MajorFunction[IRP_MJ_POWER] = 'irpfilt!IrpFiltDispatchPower';
    DriverObject.DriverExtension.AddDevice = 'irpfilt!IrpFiltAddDevice';
    DriverObject.DriverUnload = 'irpfilt!IrpFiltUnload';
    nt.DbgPrint('IrpFilt: DriverEntry\n');
    return STATUS_SUCCESS;
  },
  addDevice: {
    IrpFiltAddDevice(nt, driver, pdo) {
      const { status, device, below } = createAndAttach(nt, driver, null, pdo);
      if (!device || !below) return status;
      // A filter takes the buffering method of the device it sits on.
      device.Flags |= below.Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
      device.DeviceType = below.DeviceType;
      device.Flags &= ~DO_DEVICE_INITIALIZING;
      nt.DbgPrint(`IrpFilt: AddDevice: filter device attached above ${below.Name ?? 'the function device'}\n`);
      return STATUS_SUCCESS;
    },
  },
  dispatch: {
    IrpFiltDispatchAny(nt, device, irp) {
      nt.DbgPrint(`IrpFilt: ${what(irp, nt)} going down\n`);
      nt.IoCopyCurrentIrpStackLocationToNext(irp);
      nt.IoSetCompletionRoutine(irp, 'irpfilt!IrpFiltIoCompletion', null, true, true, true);
      return nt.IoCallDriver(lower(nt, device), irp);
    },
    IrpFiltDispatchPnp(nt, device, irp) {
      nt.DbgPrint(`IrpFilt: ${what(irp, nt)} going down\n`);
      return pnp(nt, device, irp, 'IrpFilt', 'irpfilt!IrpFiltStartCompletion', (status) => `start came back with ${hex8(status)}; completing it again`);
    },
    IrpFiltDispatchPower: passPowerDown,
  },
  completion: {
    IrpFiltIoCompletion(nt, _device, irp) {
      nt.DbgPrint(`IrpFilt: ${what(irp, nt)} coming back up, status ${hex8(irp.IoStatus.Status)}, PendingReturned ${irp.PendingReturned ? 1 : 0}\n`);
      if (irp.PendingReturned) nt.IoMarkIrpPending(irp);
      return STATUS_CONTINUE_COMPLETION;
    },
    IrpFiltStartCompletion(nt, device) {
      if (device) device.DeviceExtension['Event'] = true; // KeSetEvent
      nt.DbgPrint('IrpFilt: start completion routine: STATUS_MORE_PROCESSING_REQUIRED\n');
      return STATUS_MORE_PROCESSING_REQUIRED;
    },
  },
  unload: {
    IrpFiltUnload(nt) {
      nt.DbgPrint('IrpFilt: unloading\n');
    },
  },
};

export const irpfunc: ModuleCode = {
  name: 'irpfunc',
  file: 'irpfunc.sys',
  linkDate: 1295534960,
  imageSize: 0x6000,
  signature: SAMPLE_SIGNATURE,
  DriverEntry(nt, DriverObject) {
    for (const major of [IRP_MJ_CREATE, IRP_MJ_CLOSE, IRP_MJ_CLEANUP]) DriverObject.MajorFunction[major] = 'irpfunc!IrpFuncCreateClose';
    DriverObject.MajorFunction[IRP_MJ_READ] = 'irpfunc!IrpFuncRead';
    DriverObject.MajorFunction[IRP_MJ_WRITE] = 'irpfunc!IrpFuncWrite';
    DriverObject.MajorFunction[IRP_MJ_DEVICE_CONTROL] = 'irpfunc!IrpFuncDeviceControl';
    DriverObject.MajorFunction[IRP_MJ_PNP] = 'irpfunc!IrpFuncDispatchPnp';
    DriverObject.MajorFunction[IRP_MJ_POWER] = 'irpfunc!IrpFuncDispatchPower';
    DriverObject.DriverExtension.AddDevice = 'irpfunc!IrpFuncAddDevice';
    DriverObject.DriverUnload = 'irpfunc!IrpFuncUnload';
    nt.DbgPrint('IrpFunc: DriverEntry\n');
    return STATUS_SUCCESS;
  },
  addDevice: {
    IrpFuncAddDevice(nt, driver, pdo) {
      const { status, device } = createAndAttach(nt, driver, IRPFUNC_DEVICE, pdo);
      if (!device) return status;
      const link = nt.IoCreateSymbolicLink(IRPFUNC_LINK, IRPFUNC_DEVICE);
      if (!NT_SUCCESS(link)) nt.DbgPrint(`IrpFunc: IoCreateSymbolicLink failed ${hex8(link)}\n`);
      device.DeviceExtension['Data'] = '';
      device.Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
      device.Flags &= ~DO_DEVICE_INITIALIZING;
      nt.DbgPrint('IrpFunc: AddDevice: \\Device\\IrpFunc attached to the root PDO\n');
      return STATUS_SUCCESS;
    },
  },
  dispatch: {
    IrpFuncCreateClose(nt, _device, irp) {
      nt.DbgPrint(`IrpFunc: ${what(irp, nt)}\n`);
      return finish(nt, irp, STATUS_SUCCESS, 0);
    },
    IrpFuncWrite(nt, device, irp) {
      const length = Number(nt.IoGetCurrentIrpStackLocation(irp).Parameters['Length'] ?? 0);
      const data = irp.SystemBuffer && length > 0 ? decode(nt.ReadMemory(irp.SystemBuffer, length)) : '';
      device.DeviceExtension['Data'] = (String(device.DeviceExtension['Data'] ?? '') + data).slice(-4096);
      nt.DbgPrint(`IrpFunc: IRP_MJ_WRITE of ${length} bytes from the SystemBuffer; completing it\n`);
      return finish(nt, irp, STATUS_SUCCESS, length);
    },
    IrpFuncRead(nt, device, irp) {
      nt.DbgPrint(`IrpFunc: IRP_MJ_READ pended; a timer DPC completes it in ${IRPFUNC_READ_DELAY_MS} ms\n`);
      nt.IoMarkIrpPending(irp);
      nt.KeSetTimer(IRPFUNC_READ_DELAY_MS, 'irpfunc!IrpFuncReadDpc', [device.id, irp.id]);
      return STATUS_PENDING;
    },
    IrpFuncDeviceControl(nt, _device, irp) {
      nt.DbgPrint(`IrpFunc: IRP_MJ_DEVICE_CONTROL ${hex8(Number(nt.IoGetCurrentIrpStackLocation(irp).Parameters['IoControlCode']))}: not supported\n`);
      return finish(nt, irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    },
    IrpFuncDispatchPnp(nt, device, irp) {
      nt.DbgPrint(`IrpFunc: ${what(irp, nt)}\n`);
      // The bus driver starts the hardware first; the function driver starts on the way up.
      return pnp(nt, device, irp, 'IrpFunc', 'irpfunc!IrpFuncStartCompletion', (status) => `the PDO started the device (${hex8(status)}); starting ours`);
    },
    IrpFuncDispatchPower: passPowerDown,
  },
  completion: {
    IrpFuncStartCompletion(_nt, device) {
      if (device) device.DeviceExtension['Event'] = true;
      return STATUS_MORE_PROCESSING_REQUIRED;
    },
  },
  dpc: {
    IrpFuncReadDpc(nt, context) {
      const [deviceId, irpId] = Array.isArray(context) ? context.map(Number) : [NaN, NaN];
      const irp = nt.irp(irpId);
      const device = nt.device(deviceId);
      if (!irp || !device) return;
      const loc = nt.IoGetCurrentIrpStackLocation(irp);
      const data = String(device.DeviceExtension['Data'] ?? '');
      const offset = Number(loc.Parameters['ByteOffset'] ?? 0);
      const length = Number(loc.Parameters['Length'] ?? 0);
      const part = data.slice(offset, offset + length);
      if (part.length === 0) {
        nt.DbgPrint('IrpFunc: read DPC: nothing more to read; STATUS_END_OF_FILE\n');
        finish(nt, irp, STATUS_END_OF_FILE, 0);
        return;
      }
      if (irp.SystemBuffer)
        nt.WriteMemory(
          irp.SystemBuffer,
          Uint8Array.from(part, (c) => c.charCodeAt(0) & 0xff),
        );
      nt.DbgPrint(`IrpFunc: read DPC: ${part.length} bytes into the SystemBuffer; completing the IRP\n`);
      finish(nt, irp, STATUS_SUCCESS, part.length);
    },
  },
  unload: {
    IrpFuncUnload(nt) {
      nt.DbgPrint('IrpFunc: unloading\n');
    },
  },
};
