/**
 * IsoFull.sys, the sample's fulfillment driver: where an isolated file's data
 * comes from and goes to. The isolation filter asks it through device I/O
 * controls on \Device\IsoFull: the isolated view of the native bytes, the
 * native bytes for an isolated view, and reports of renames and hard links
 * over isolated files (which it logs with DbgPrint, as its trace).
 *
 * Its "store" is the native file itself, kept in a simple reversible form
 * (a header line, then the text with letters rotated by 13), so that the two
 * views of one file visibly differ.
 */
import { STATUS_INVALID_DEVICE_REQUEST, STATUS_SUCCESS } from '../status.ts';
import { IRP_MJ_CLOSE, IRP_MJ_CREATE, IRP_MJ_DEVICE_CONTROL, type JsonRecord, type ModuleCode } from '../io/types.ts';
import { fsdContext } from '../fs/ntfsfsd.ts';
import { SAMPLE_SIGNATURE } from './guids.ts';

export const IOCTL_ISOFULL_GET_DATA = 0x222000;
export const IOCTL_ISOFULL_PUT_DATA = 0x222004;
export const IOCTL_ISOFULL_REPORT_NAME = 0x222008;
export const NATIVE_HEADER = 'ISOFULL1\r\n';

const rot13 = (s: string) =>
  s.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });

/** The isolated view of a native file's bytes (a file not in the fulfillment format is shown as is). */
export function isolatedView(native: string): string {
  return native.startsWith(NATIVE_HEADER) ? rot13(native.slice(NATIVE_HEADER.length)) : native;
}

/** The native bytes that store an isolated view. */
export function nativeForm(isolated: string): string {
  return NATIVE_HEADER + rot13(isolated);
}

const str = (p: JsonRecord, key: string) => (typeof p[key] === 'string' ? (p[key] as string) : '');

export const isofull: ModuleCode = {
  name: 'isofull',
  file: 'IsoFull.sys',
  linkDate: 1296036000,
  imageSize: 0x7000,
  signature: SAMPLE_SIGNATURE,
  DriverEntry(nt, DriverObject) {
    const { status, device } = nt.IoCreateDevice(DriverObject, '\\Device\\IsoFull', 0x22, 0x100, false);
    if (!device) return status;
    for (const mj of [IRP_MJ_CREATE, IRP_MJ_CLOSE, IRP_MJ_DEVICE_CONTROL]) DriverObject.MajorFunction[mj] = 'isofull!IsoFullDispatch';
    DriverObject.DriverUnload = 'isofull!IsoFullUnload';
    DriverObject.Globals['reports'] = 0;
    nt.DbgPrint('IsoFull: fulfillment driver loaded\n');
    return STATUS_SUCCESS;
  },
  dispatch: {
    IsoFullDispatch(nt, device, irp) {
      const loc = nt.IoGetCurrentIrpStackLocation(irp);
      let status = STATUS_SUCCESS;
      if (loc.MajorFunction === IRP_MJ_DEVICE_CONTROL) {
        const p = loc.Parameters;
        const buffers = fsdContext(nt)?.buffers;
        const code = typeof p['IoControlCode'] === 'number' ? p['IoControlCode'] : 0;
        if (code === IOCTL_ISOFULL_GET_DATA) buffers?.set(irp.id, isolatedView(str(p, 'Native')));
        else if (code === IOCTL_ISOFULL_PUT_DATA) buffers?.set(irp.id, nativeForm(str(p, 'Data')));
        else if (code === IOCTL_ISOFULL_REPORT_NAME) {
          const driver = nt.driverObject(device.DriverObject);
          driver.Globals['reports'] = (typeof driver.Globals['reports'] === 'number' ? driver.Globals['reports'] : 0) + 1;
          const replace = p['ReplaceIfExists'] === true ? 'ReplaceIfExists' : 'no replace';
          nt.DbgPrint(
            `IsoFull: ${str(p, 'Operation')} reported: ${str(p, 'From')} -> ${str(p, 'To')} (${replace})${p['Replaced'] === true ? ", replaced file's data dropped" : ''}\n`,
          );
        } else status = STATUS_INVALID_DEVICE_REQUEST;
      }
      irp.IoStatus.Status = status;
      nt.IoCompleteRequest(irp, 0);
      return status;
    },
  },
  unload: {
    IsoFullUnload(nt, DriverObject) {
      if (DriverObject.DeviceObject !== null) nt.IoDeleteDevice(nt.device(DriverObject.DeviceObject));
    },
  },
};
