/**
 * fltmgr.sys as a driver: its control device \FileSystem\Filters\FltMgr, one
 * dispatch routine for every IRP that reaches its filter devices (the walk
 * through the minifilters is in fltmgr.ts), the completion routine that runs
 * post-operation callbacks, and the unload routine it gives each minifilter.
 */
import { STATUS_SUCCESS } from '../status.ts';
import { IRP_MJ_MAXIMUM_FUNCTION, type ModuleCode } from '../io/types.ts';
import { filterManagerOf } from './fltmgr.ts';

export const FILE_DEVICE_DISK_FILE_SYSTEM = 0x08;

export const fltmgrDriver: ModuleCode = {
  name: 'fltmgr',
  file: 'fltmgr.sys',
  linkDate: 1247527523,
  imageSize: 0x4e000,
  data: [['FltGlobals', 0xd8]],
  DriverEntry(nt, DriverObject) {
    const fm = filterManagerOf(nt);
    if (!fm) return 0xc0000001;
    fm.kernel.ob.create('Directory', '\\FileSystem\\Filters');
    const { status, device } = nt.IoCreateDevice(DriverObject, '\\FileSystem\\Filters\\FltMgr', FILE_DEVICE_DISK_FILE_SYSTEM, 0, false);
    if (!device) return status;
    for (let mj = 0; mj <= IRP_MJ_MAXIMUM_FUNCTION; mj++) DriverObject.MajorFunction[mj] = 'fltmgr!FltpDispatch';
    fm.createFrame(DriverObject.id);
    return STATUS_SUCCESS;
  },
  dispatch: {
    FltpDispatch(nt, device, irp) {
      const fm = filterManagerOf(nt);
      if (!fm || fm.volumeOfDevice(device.id) === null) {
        // The control device: opened by the filter manager's user-mode library, nothing more.
        irp.IoStatus.Status = STATUS_SUCCESS;
        nt.IoCompleteRequest(irp, 0);
        return STATUS_SUCCESS;
      }
      return fm.dispatch(device, irp);
    },
  },
  completion: {
    FltpPassThroughCompletion(nt, _device, irp, context) {
      return filterManagerOf(nt)?.completion(irp, context) ?? STATUS_SUCCESS;
    },
  },
  unload: {
    FltpMiniFilterDriverUnload(nt, DriverObject) {
      filterManagerOf(nt)?.unloadFilterOf(DriverObject.id);
    },
  },
};
