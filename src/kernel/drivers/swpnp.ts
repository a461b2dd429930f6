/**
 * SwPnp (swpnp.sys, swpnp.inf, hardware id Root\SwPnp): a PnP-aware,
 * root-enumerated software driver written against KMDF. DriverEntry calls
 * WdfDriverCreate; EvtDriverDeviceAdd creates the WDFDEVICE, a device
 * interface and a default queue. It asks KMDF to show it every PnP and power
 * IRP before the framework handles it, and DbgPrints each one.
 */
import { SAMPLE_SIGNATURE } from './guids.ts';
import { STATUS_INVALID_DEVICE_REQUEST, STATUS_SUCCESS, hex8 } from '../status.ts';
import { IRP_MJ_PNP, IRP_MJ_POWER, IRP_MN_QUERY_POWER, IRP_MN_SET_POWER, minorName, type ModuleCode } from '../io/types.ts';
import { GUID_DEVINTERFACE_SWPNP } from './guids.ts';
import { Wdf } from './wdf.ts';

const sym = (name: string) => `swpnp!${name}`;

export const swpnp: ModuleCode = {
  name: 'swpnp',
  file: 'swpnp.sys',
  linkDate: 1295531260,
  imageSize: 0x9000,
  signature: SAMPLE_SIGNATURE,
  DriverEntry(nt, DriverObject, RegistryPath) {
    nt.DbgPrint(`SwPnp: DriverEntry, RegistryPath ${RegistryPath}\n`);
    const status = new Wdf(nt).WdfDriverCreate(DriverObject, RegistryPath, {
      EvtDriverDeviceAdd: sym('SwPnpEvtDeviceAdd'),
      EvtDriverUnload: sym('SwPnpEvtDriverUnload'),
    });
    nt.DbgPrint(`SwPnp: WdfDriverCreate returned ${hex8(status)}\n`);
    return status;
  },
  wdf: {
    SwPnpEvtDeviceAdd(wdf, call) {
      const init = call.init;
      if (!init) return STATUS_INVALID_DEVICE_REQUEST;
      wdf.nt.DbgPrint('SwPnp: EvtDriverDeviceAdd\n');
      wdf.WdfDeviceInitSetPnpPowerEventCallbacks(init, {
        EvtDevicePrepareHardware: sym('SwPnpEvtDevicePrepareHardware'),
        EvtDeviceReleaseHardware: sym('SwPnpEvtDeviceReleaseHardware'),
        EvtDeviceD0Entry: sym('SwPnpEvtDeviceD0Entry'),
        EvtDeviceD0Exit: sym('SwPnpEvtDeviceD0Exit'),
      });
      wdf.WdfDeviceInitAssignWdmIrpPreprocessCallback(init, sym('SwPnpEvtWdmPreprocessIrp'), IRP_MJ_POWER, [IRP_MN_QUERY_POWER, IRP_MN_SET_POWER]);
      wdf.WdfDeviceInitAssignWdmIrpPreprocessCallback(init, sym('SwPnpEvtWdmPreprocessIrp'), IRP_MJ_PNP, []);
      const { status, device } = wdf.WdfDeviceCreate(init);
      if (!device) return status;
      wdf.WdfDeviceCreateDeviceInterface(device, GUID_DEVINTERFACE_SWPNP);
      wdf.WdfIoQueueCreate(device, { dispatch: 'WdfIoQueueDispatchSequential', EvtIoDeviceControl: sym('SwPnpEvtIoDeviceControl') });
      wdf.nt.DbgPrint('SwPnp: WDFDEVICE created with a default queue\n');
      return STATUS_SUCCESS;
    },
    SwPnpEvtWdmPreprocessIrp(wdf, call) {
      const { device, irp } = call;
      if (!device || !irp) return STATUS_INVALID_DEVICE_REQUEST;
      const loc = wdf.nt.IoGetCurrentIrpStackLocation(irp);
      if (loc.MajorFunction === IRP_MJ_POWER) {
        wdf.nt.DbgPrint(
          `SwPnp: IRP_MJ_POWER / ${minorName(IRP_MJ_POWER, loc.MinorFunction)} (${String(loc.Parameters['Type'])} ${String(loc.Parameters['State'])})\n`,
        );
      } else {
        wdf.nt.DbgPrint(`SwPnp: IRP_MJ_PNP / ${minorName(IRP_MJ_PNP, loc.MinorFunction)}\n`);
      }
      return wdf.WdfDeviceWdmDispatchPreprocessedIrp(device, irp);
    },
    SwPnpEvtDevicePrepareHardware(wdf) {
      wdf.nt.DbgPrint('SwPnp: EvtDevicePrepareHardware\n');
      return STATUS_SUCCESS;
    },
    SwPnpEvtDeviceReleaseHardware(wdf) {
      wdf.nt.DbgPrint('SwPnp: EvtDeviceReleaseHardware\n');
      return STATUS_SUCCESS;
    },
    SwPnpEvtDeviceD0Entry(wdf, call) {
      wdf.nt.DbgPrint(`SwPnp: EvtDeviceD0Entry, previous state ${call.powerState ?? '?'}\n`);
      return STATUS_SUCCESS;
    },
    SwPnpEvtDeviceD0Exit(wdf, call) {
      wdf.nt.DbgPrint(`SwPnp: EvtDeviceD0Exit, target state ${call.powerState ?? '?'}\n`);
      return STATUS_SUCCESS;
    },
    SwPnpEvtIoDeviceControl(wdf, call) {
      if (!call.request) return STATUS_INVALID_DEVICE_REQUEST;
      wdf.nt.DbgPrint('SwPnp: EvtIoDeviceControl\n');
      wdf.WdfRequestComplete(call.request, STATUS_INVALID_DEVICE_REQUEST);
      return STATUS_SUCCESS;
    },
    SwPnpEvtDriverUnload(wdf) {
      wdf.nt.DbgPrint('SwPnp: EvtDriverUnload\n');
      return STATUS_SUCCESS;
    },
  },
};
