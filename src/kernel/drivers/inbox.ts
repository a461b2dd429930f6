/**
 * The in-box drivers this machine boots with: Null and Beep (legacy control
 * devices), Ntfs (the file system on C:, in fs/ntfsfsd.ts), and two root-enumerated KMDF
 * bus drivers (umbus, swenum) that own real PnP stacks, so power IRPs have
 * somewhere to go besides the lab's drivers. They print nothing, like
 * Microsoft's own drivers.
 */
import { NT_SUCCESS, STATUS_SUCCESS } from '../status.ts';
import {
  FILE_DEVICE_BEEP,
  FILE_DEVICE_NULL,
  FILE_DEVICE_SECURE_OPEN,
  IRP_MJ_CLOSE,
  IRP_MJ_CREATE,
  IRP_MJ_READ,
  IRP_MJ_WRITE,
  type ModuleCode,
} from '../io/types.ts';
import { Wdf } from './wdf.ts';

const succeed = {
  Dispatch: ((nt, _d, irp) => {
    irp.IoStatus.Status = STATUS_SUCCESS;
    nt.IoCompleteRequest(irp, 0);
    return STATUS_SUCCESS;
  }) as NonNullable<ModuleCode['dispatch']>[string],
};

export const nullDriver: ModuleCode = {
  name: 'null',
  file: 'Null.SYS',
  linkDate: 1247531562,
  imageSize: 0x9000,
  DriverEntry(nt, DriverObject) {
    const { status, device } = nt.IoCreateDevice(DriverObject, '\\Device\\Null', FILE_DEVICE_NULL, FILE_DEVICE_SECURE_OPEN, false);
    if (!device) return status;
    nt.IoCreateSymbolicLink('\\GLOBAL??\\NUL', '\\Device\\Null');
    for (const mj of [IRP_MJ_CREATE, IRP_MJ_CLOSE, IRP_MJ_READ, IRP_MJ_WRITE]) DriverObject.MajorFunction[mj] = 'null!Dispatch';
    return STATUS_SUCCESS;
  },
  dispatch: succeed,
};

export const beepDriver: ModuleCode = {
  name: 'beep',
  file: 'Beep.SYS',
  linkDate: 1247531536,
  imageSize: 0x8000,
  DriverEntry(nt, DriverObject) {
    const { status } = nt.IoCreateDevice(DriverObject, '\\Device\\Beep', FILE_DEVICE_BEEP, 0, false);
    if (!NT_SUCCESS(status)) return status;
    for (const mj of [IRP_MJ_CREATE, IRP_MJ_CLOSE]) DriverObject.MajorFunction[mj] = 'beep!Dispatch';
    DriverObject.DriverUnload = 'beep!BeepUnload';
    return STATUS_SUCCESS;
  },
  dispatch: succeed,
  unload: {
    BeepUnload(nt, DriverObject) {
      if (DriverObject.DeviceObject !== null) nt.IoDeleteDevice(nt.device(DriverObject.DeviceObject));
    },
  },
};

export { ntfsDriver } from '../fs/ntfsfsd.ts';

/** A root-enumerated KMDF bus driver with no callbacks of its own beyond device add. */
function kmdfBus(name: string, file: string, linkDate: number, imageSize: number): ModuleCode {
  return {
    name,
    file,
    linkDate,
    imageSize,
    DriverEntry(nt, DriverObject, RegistryPath) {
      return new Wdf(nt).WdfDriverCreate(DriverObject, RegistryPath, { EvtDriverDeviceAdd: `${name}!EvtDeviceAdd`, EvtDriverUnload: null });
    },
    wdf: {
      EvtDeviceAdd(wdf, call) {
        if (!call.init) return STATUS_SUCCESS;
        return wdf.WdfDeviceCreate(call.init).status;
      },
    },
  };
}

export const umbusDriver = kmdfBus('umbus', 'umbus.sys', 1247532063, 0x11000);
export const swenumDriver = kmdfBus('swenum', 'swenum.sys', 1247531480, 0x2000);
