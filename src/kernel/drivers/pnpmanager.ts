/**
 * The kernel's own routines that driver objects point at: the I/O manager's
 * "invalid request" default, and \Driver\PnpManager's dispatch for the PDOs of
 * root-enumerated devices (the bottom of every root device stack).
 */
import { STATUS_INVALID_DEVICE_REQUEST, STATUS_SUCCESS } from '../status.ts';
import {
  IRP_MN_CANCEL_REMOVE_DEVICE,
  IRP_MN_QUERY_CAPABILITIES,
  IRP_MN_QUERY_PNP_DEVICE_STATE,
  IRP_MN_QUERY_POWER,
  IRP_MN_QUERY_REMOVE_DEVICE,
  IRP_MN_REMOVE_DEVICE,
  IRP_MN_SET_POWER,
  IRP_MN_START_DEVICE,
  IRP_MN_SURPRISE_REMOVAL,
  type DevicePowerState,
  type ModuleCode,
} from '../io/types.ts';

const PDO_SUCCEEDS = new Set([
  IRP_MN_START_DEVICE,
  IRP_MN_QUERY_REMOVE_DEVICE,
  IRP_MN_REMOVE_DEVICE,
  IRP_MN_CANCEL_REMOVE_DEVICE,
  IRP_MN_SURPRISE_REMOVAL,
  IRP_MN_QUERY_CAPABILITIES,
  IRP_MN_QUERY_PNP_DEVICE_STATE,
]);

export const ntModule: ModuleCode = {
  name: 'nt',
  file: 'ntoskrnl.exe',
  linkDate: 1290245849,
  imageSize: 0x5e0000,
  dispatch: {
    IopInvalidDeviceRequest(nt, _device, irp) {
      irp.IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
      nt.IoCompleteRequest(irp, 0);
      return STATUS_INVALID_DEVICE_REQUEST;
    },
    IopPnPDispatch(nt, _device, irp) {
      const loc = nt.IoGetCurrentIrpStackLocation(irp);
      // A PDO completes what it does not handle without touching the status.
      if (PDO_SUCCEEDS.has(loc.MinorFunction)) irp.IoStatus.Status = STATUS_SUCCESS;
      const status = irp.IoStatus.Status;
      nt.IoCompleteRequest(irp, 0);
      return status;
    },
    IopPowerDispatch(nt, device, irp) {
      const loc = nt.IoGetCurrentIrpStackLocation(irp);
      if (loc.MinorFunction === IRP_MN_SET_POWER && loc.Parameters['Type'] === 'DevicePowerState') {
        nt.PoSetPowerState(device, { type: 'DevicePowerState', state: String(loc.Parameters['State']) as DevicePowerState });
      }
      if (loc.MinorFunction === IRP_MN_SET_POWER || loc.MinorFunction === IRP_MN_QUERY_POWER) irp.IoStatus.Status = STATUS_SUCCESS;
      nt.PoStartNextPowerIrp(irp);
      const status = irp.IoStatus.Status;
      nt.IoCompleteRequest(irp, 0);
      return status;
    },
  },
};
