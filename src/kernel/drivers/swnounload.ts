/**
 * SwNoUnload (swnounload.sys): a legacy software driver that never sets
 * DriverUnload. The I/O manager therefore refuses NtUnloadDriver with
 * STATUS_INVALID_DEVICE_REQUEST, and `sc stop` fails with 1052.
 */
import { SAMPLE_SIGNATURE } from './guids.ts';
import { NT_SUCCESS, STATUS_SUCCESS } from '../status.ts';
import { FILE_DEVICE_SECURE_OPEN, FILE_DEVICE_UNKNOWN, IRP_MJ_CLOSE, IRP_MJ_CREATE, majorName, type ModuleCode } from '../io/types.ts';

export const swnounload: ModuleCode = {
  name: 'swnounload',
  file: 'swnounload.sys',
  linkDate: 1295531187,
  imageSize: 0x6000,
  signature: SAMPLE_SIGNATURE,
  DriverEntry(nt, DriverObject, RegistryPath) {
    nt.DbgPrint(`SwNoUnload: DriverEntry, RegistryPath ${RegistryPath}\n`);
    const { status, device } = nt.IoCreateDevice(DriverObject, '\\Device\\SwNoUnload', FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, false);
    if (!NT_SUCCESS(status) || !device) return status;
    const link = nt.IoCreateSymbolicLink('\\DosDevices\\SwNoUnload', '\\Device\\SwNoUnload');
    if (!NT_SUCCESS(link)) {
      nt.IoDeleteDevice(device);
      return link;
    }
    DriverObject.MajorFunction[IRP_MJ_CREATE] = 'swnounload!SwNoUnloadCreateClose';
    DriverObject.MajorFunction[IRP_MJ_CLOSE] = 'swnounload!SwNoUnloadCreateClose';
    nt.DbgPrint('SwNoUnload: no DriverUnload routine: this driver stays until reboot\n');
    return STATUS_SUCCESS;
  },
  dispatch: {
    SwNoUnloadCreateClose(nt, _device, irp) {
      nt.DbgPrint(`SwNoUnload: ${majorName(nt.IoGetCurrentIrpStackLocation(irp).MajorFunction)}\n`);
      irp.IoStatus.Status = STATUS_SUCCESS;
      nt.IoCompleteRequest(irp, 0);
      return STATUS_SUCCESS;
    },
  },
};
