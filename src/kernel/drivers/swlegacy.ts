/**
 * SwLegacy (swlegacy.sys): a legacy-style software driver, in the spirit of the
 * WDK's registry-monitor sample. DriverEntry creates a named control device and
 * a symbolic link, fills the dispatch table, including IRP_MJ_PNP and
 * IRP_MJ_POWER handlers that will never be called (no PnP stack holds its
 * device), registers a registry callback that logs every key created or
 * deleted, and asks to hear about SwPnp device interfaces arriving and leaving.
 */
import { SAMPLE_SIGNATURE } from './guids.ts';
import type { Nt } from '../nt-api.ts';
import { EventCategoryDeviceInterfaceChange, PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES } from '../nt-api.ts';
import { NT_SUCCESS, STATUS_INVALID_DEVICE_REQUEST, STATUS_SUCCESS, hex8, type NTSTATUS } from '../status.ts';
import {
  DO_BUFFERED_IO,
  FILE_DEVICE_SECURE_OPEN,
  FILE_DEVICE_UNKNOWN,
  IRP_MJ_CLOSE,
  IRP_MJ_CREATE,
  IRP_MJ_DEVICE_CONTROL,
  IRP_MJ_PNP,
  IRP_MJ_POWER,
  majorName,
  minorName,
  type DeviceObject,
  type Irp,
  type ModuleCode,
} from '../io/types.ts';
import { GUID_DEVINTERFACE_SWPNP } from './guids.ts';

const DEVICE_NAME = '\\Device\\SwLegacy';
const LINK_NAME = '\\DosDevices\\SwLegacy';
const sym = (name: string) => `swlegacy!${name}`;

function completeIrp(nt: Nt, irp: Irp, status: NTSTATUS): NTSTATUS {
  irp.IoStatus.Status = status;
  irp.IoStatus.Information = 0;
  nt.IoCompleteRequest(irp, 0);
  return status;
}

export const swlegacy: ModuleCode = {
  name: 'swlegacy',
  file: 'swlegacy.sys',
  linkDate: 1295531142,
  imageSize: 0x7000,
  signature: SAMPLE_SIGNATURE,
  DriverEntry(nt, DriverObject, RegistryPath) {
    nt.DbgPrint(`SwLegacy: DriverEntry, RegistryPath ${RegistryPath}\n`);
    const { status, device } = nt.IoCreateDevice(DriverObject, DEVICE_NAME, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, false);
    if (!NT_SUCCESS(status) || !device) {
      nt.DbgPrint(`SwLegacy: IoCreateDevice failed ${hex8(status)}\n`);
      return status;
    }
    device.Flags |= DO_BUFFERED_IO;
    const link = nt.IoCreateSymbolicLink(LINK_NAME, DEVICE_NAME);
    if (!NT_SUCCESS(link)) {
      nt.DbgPrint(`SwLegacy: IoCreateSymbolicLink failed ${hex8(link)}\n`);
      nt.IoDeleteDevice(device);
      return link;
    }
    DriverObject.MajorFunction[IRP_MJ_CREATE] = sym('SwLegacyCreateClose');
    DriverObject.MajorFunction[IRP_MJ_CLOSE] = sym('SwLegacyCreateClose');
    DriverObject.MajorFunction[IRP_MJ_DEVICE_CONTROL] = sym('SwLegacyDeviceControl');
    DriverObject.MajorFunction[IRP_MJ_PNP] = sym('SwLegacyDispatchPnp');
    DriverObject.MajorFunction[IRP_MJ_POWER] = sym('SwLegacyDispatchPower');
    DriverObject.DriverUnload = sym('SwLegacyUnload');
    const reg = nt.IoRegisterPlugPlayNotification(
      EventCategoryDeviceInterfaceChange,
      PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
      GUID_DEVINTERFACE_SWPNP,
      DriverObject,
      sym('SwLegacyInterfaceNotify'),
      null,
    );
    if (NT_SUCCESS(reg.status)) DriverObject.Globals['NotificationEntry'] = reg.entry;
    const cb = nt.CmRegisterCallbackEx(sym('SwLegacyRegistryCallback'), '385100', DriverObject, null);
    if (NT_SUCCESS(cb.status)) DriverObject.Globals['RegistryCookie'] = cb.cookie;
    nt.DbgPrint('SwLegacy: dispatch table set: CREATE, CLOSE, DEVICE_CONTROL, PNP, POWER\n');
    return STATUS_SUCCESS;
  },
  dispatch: {
    SwLegacyCreateClose(nt, _device, irp) {
      nt.DbgPrint(`SwLegacy: ${majorName(nt.IoGetCurrentIrpStackLocation(irp).MajorFunction)}\n`);
      return completeIrp(nt, irp, STATUS_SUCCESS);
    },
    SwLegacyDeviceControl(nt, _device, irp) {
      const code = Number(nt.IoGetCurrentIrpStackLocation(irp).Parameters['IoControlCode'] ?? 0);
      nt.DbgPrint(`SwLegacy: IRP_MJ_DEVICE_CONTROL ${hex8(code)} not supported\n`);
      return completeIrp(nt, irp, STATUS_INVALID_DEVICE_REQUEST);
    },
    SwLegacyDispatchPnp(nt, _device, irp) {
      const loc = nt.IoGetCurrentIrpStackLocation(irp);
      nt.DbgPrint(`SwLegacy: IRP_MJ_PNP ${minorName(IRP_MJ_PNP, loc.MinorFunction)}\n`);
      return completeIrp(nt, irp, irp.IoStatus.Status);
    },
    SwLegacyDispatchPower(nt, _device, irp) {
      const loc = nt.IoGetCurrentIrpStackLocation(irp);
      nt.DbgPrint(`SwLegacy: IRP_MJ_POWER ${minorName(IRP_MJ_POWER, loc.MinorFunction)} ${String(loc.Parameters['State'])}\n`);
      nt.PoStartNextPowerIrp(irp);
      return completeIrp(nt, irp, STATUS_SUCCESS);
    },
  },
  unload: {
    SwLegacyUnload(nt, DriverObject) {
      nt.DbgPrint('SwLegacy: DriverUnload\n');
      const entry = DriverObject.Globals['NotificationEntry'];
      if (typeof entry === 'number') nt.IoUnregisterPlugPlayNotificationEx(entry);
      const cookie = DriverObject.Globals['RegistryCookie'];
      if (typeof cookie === 'number') nt.CmUnRegisterCallback(cookie);
      nt.IoDeleteSymbolicLink(LINK_NAME);
      let next: DeviceObject | null = DriverObject.DeviceObject === null ? null : nt.device(DriverObject.DeviceObject);
      while (next) {
        const after: number | null = next.NextDevice;
        nt.IoDeleteDevice(next);
        next = after === null ? null : nt.device(after);
      }
    },
  },
  registry: {
    SwLegacyRegistryCallback(nt, _context, op, info) {
      if (op === 'RegNtPostCreateKeyEx') nt.DbgPrint(`SwLegacy: registry key created: ${info.path}\n`);
      else if (op === 'RegNtPostDeleteKey') nt.DbgPrint(`SwLegacy: registry key deleted: ${info.path}\n`);
      return STATUS_SUCCESS;
    },
  },
  notification: {
    SwLegacyInterfaceNotify(nt, info) {
      const what = info.Event === 'GUID_DEVICE_INTERFACE_ARRIVAL' ? 'arrival' : 'removal';
      nt.DbgPrint(`SwLegacy: device interface ${what}: ${info.SymbolicLinkName}\n`);
      return STATUS_SUCCESS;
    },
  },
};
