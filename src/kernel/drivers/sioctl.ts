/**
 * sioctl.sys: the machine's own take on the WDK's IOCTL sample driver. A
 * legacy driver with one named device (\Device\SIOCTL, linked as IoctlTest)
 * that answers four I/O control codes, one per transfer method, and prints
 * where it found the caller's buffers (SystemBuffer, the MDL's system
 * address, Type3InputBuffer and UserBuffer), so DebugView and !irp show the
 * difference. Two more codes pend: one completes from a timer DPC, one waits
 * to be cancelled (its cancel routine completes it with STATUS_CANCELLED).
 *
 * The registry value Parameters\Defect under its service key makes it one of
 * the classic broken drivers, for the crash-dump exercises:
 *   DoubleComplete  completes a METHOD_BUFFERED request twice (bug check 0x44)
 *   LeakTimer       leaves a timer queued at unload; its DPC runs in freed code (0xCE)
 *   NeitherInDpc    reads a METHOD_NEITHER input buffer from its DPC (0xD1)
 *   MdlAfterComplete pends a METHOD_OUT_DIRECT request and completes it from a work
 *                   item, then writes through the MDL's system address: the I/O
 *                   manager unmapped it at completion (0x50)
 *   NoMarkPending   pends the timer request without IoMarkIrpPending: it seems to
 *                   work, and only Driver Verifier's I/O verification stops it (0xC9/0x23D)
 */
import type { Nt } from '../nt-api.ts';
import { SAMPLE_SIGNATURE } from './guids.ts';
import {
  NT_SUCCESS,
  STATUS_BUFFER_TOO_SMALL,
  STATUS_CANCELLED,
  STATUS_INVALID_DEVICE_REQUEST,
  STATUS_INVALID_PARAMETER,
  STATUS_PENDING,
  STATUS_SUCCESS,
  hex8,
  type NTSTATUS,
} from '../status.ts';
import {
  CTL_CODE,
  FILE_ANY_ACCESS,
  FILE_DEVICE_SECURE_OPEN,
  FILE_DEVICE_UNKNOWN,
  IRP_MJ_CLEANUP,
  IRP_MJ_CLOSE,
  IRP_MJ_CREATE,
  IRP_MJ_DEVICE_CONTROL,
  METHOD_BUFFERED,
  METHOD_IN_DIRECT,
  METHOD_NAMES,
  METHOD_NEITHER,
  METHOD_OUT_DIRECT,
  majorName,
  type DeviceObject,
  type Irp,
  type ModuleCode,
} from '../io/types.ts';

/** The sample's device type (a value in the customer range). */
export const SIOCTL_TYPE = 40000;
export const IOCTL_SIOCTL_METHOD_IN_DIRECT = CTL_CODE(SIOCTL_TYPE, 0x900, METHOD_IN_DIRECT, FILE_ANY_ACCESS);
export const IOCTL_SIOCTL_METHOD_OUT_DIRECT = CTL_CODE(SIOCTL_TYPE, 0x901, METHOD_OUT_DIRECT, FILE_ANY_ACCESS);
export const IOCTL_SIOCTL_METHOD_BUFFERED = CTL_CODE(SIOCTL_TYPE, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS);
export const IOCTL_SIOCTL_METHOD_NEITHER = CTL_CODE(SIOCTL_TYPE, 0x903, METHOD_NEITHER, FILE_ANY_ACCESS);
/** Pends; a timer DPC completes it `SIOCTL_DELAY_MS` later. */
export const IOCTL_SIOCTL_PEND_TIMER = CTL_CODE(SIOCTL_TYPE, 0x904, METHOD_BUFFERED, FILE_ANY_ACCESS);
/** Pends until cancelled. */
export const IOCTL_SIOCTL_PEND_CANCEL = CTL_CODE(SIOCTL_TYPE, 0x905, METHOD_BUFFERED, FILE_ANY_ACCESS);
export const SIOCTL_DELAY_MS = 2000;

export const SIOCTL_DEVICE = '\\Device\\SIOCTL';
export const SIOCTL_LINK = '\\DosDevices\\IoctlTest';
export const SIOCTL_DEFECTS = ['DoubleComplete', 'LeakTimer', 'NeitherInDpc', 'MdlAfterComplete', 'NoMarkPending'] as const;

/** What the driver writes back to the caller. */
export const SIOCTL_REPLY = 'Greetings from sioctl.sys';

const sym = (name: string) => `sioctl!${name}`;
const encode = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
const decode = (bytes: Uint8Array) => String.fromCharCode(...bytes.subarray(0, 200)).replace(/\0.*$/s, '');
const ptr = (at: string | null | undefined) => `0x${(at ?? '0').padStart(16, '0')}`;

function complete(nt: Nt, irp: Irp, status: NTSTATUS, information: number): NTSTATUS {
  irp.IoStatus.Status = status;
  irp.IoStatus.Information = information;
  nt.IoCompleteRequest(irp, 0);
  return status;
}

function defect(device: DeviceObject): string {
  return String(device.DeviceExtension['Defect'] ?? '');
}

/** The sample's dump of the IRP fields that matter for a transfer method. */
function printIrp(nt: Nt, irp: Irp): void {
  const loc = nt.IoGetCurrentIrpStackLocation(irp);
  nt.DbgPrint(`SIOCTL.SYS:   Irp->AssociatedIrp.SystemBuffer = ${ptr(irp.SystemBuffer)}\n`);
  nt.DbgPrint(`SIOCTL.SYS:   Irp->MdlAddress = ${ptr(irp.MdlAddress)}\n`);
  nt.DbgPrint(`SIOCTL.SYS:   Irp->UserBuffer = ${ptr(irp.UserBuffer)}\n`);
  nt.DbgPrint(
    `SIOCTL.SYS:   Parameters.DeviceIoControl.Type3InputBuffer = ${ptr(typeof loc.Parameters['Type3InputBuffer'] === 'string' ? loc.Parameters['Type3InputBuffer'] : null)}\n`,
  );
  nt.DbgPrint(
    `SIOCTL.SYS:   InputBufferLength = ${Number(loc.Parameters['InputBufferLength'])}, OutputBufferLength = ${Number(loc.Parameters['OutputBufferLength'])}\n`,
  );
}

/** Read the caller's input and put the reply where the method says the output is. */
function transfer(nt: Nt, irp: Irp, method: number): NTSTATUS {
  const loc = nt.IoGetCurrentIrpStackLocation(irp);
  const inLen = Number(loc.Parameters['InputBufferLength']);
  const outLen = Number(loc.Parameters['OutputBufferLength']);
  const reply = encode(SIOCTL_REPLY + '\0');
  let input: string | null;
  let output: string | null;
  if (method === METHOD_NEITHER) {
    // Raw user pointers: valid only here, in the caller's context, and only after probing.
    input = typeof loc.Parameters['Type3InputBuffer'] === 'string' ? loc.Parameters['Type3InputBuffer'] : null;
    output = irp.UserBuffer;
    const probed = nt.SehTry(
      () => {
        if (input) nt.ProbeForRead(input, inLen, 1);
        if (output) nt.ProbeForWrite(output, outLen, 1);
        return STATUS_SUCCESS;
      },
      (code) => code,
    );
    if (!NT_SUCCESS(probed)) {
      nt.DbgPrint(`SIOCTL.SYS: exception ${hex8(probed)} while probing the user buffers\n`);
      return complete(nt, irp, probed, 0);
    }
  } else {
    input = irp.SystemBuffer;
    output = method === METHOD_BUFFERED ? irp.SystemBuffer : nt.MmGetSystemAddressForMdlSafe(irp.MdlAddress);
    if (method !== METHOD_BUFFERED) nt.DbgPrint(`SIOCTL.SYS:   MmGetSystemAddressForMdlSafe(Irp->MdlAddress) = ${ptr(output)}\n`);
  }
  if (!input || !output || inLen === 0 || outLen === 0) return complete(nt, irp, STATUS_INVALID_PARAMETER, 0);
  if (outLen < reply.length) return complete(nt, irp, STATUS_BUFFER_TOO_SMALL, 0);
  nt.DbgPrint(`SIOCTL.SYS:   input at ${ptr(input)}: "${decode(nt.ReadMemory(input, inLen))}"\n`);
  nt.WriteMemory(output, reply);
  nt.DbgPrint(`SIOCTL.SYS:   reply written at ${ptr(output)}\n`);
  return complete(nt, irp, STATUS_SUCCESS, reply.length);
}

export const sioctl: ModuleCode = {
  name: 'sioctl',
  file: 'sioctl.sys',
  linkDate: 1295534321,
  imageSize: 0x6000,
  signature: SAMPLE_SIGNATURE,
  DriverEntry(nt, DriverObject, RegistryPath) {
    const { status, device } = nt.IoCreateDevice(DriverObject, SIOCTL_DEVICE, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, false);
    if (!NT_SUCCESS(status) || !device) {
      nt.DbgPrint(`SIOCTL.SYS: IoCreateDevice failed ${hex8(status)}\n`);
      return status;
    }
    const link = nt.IoCreateSymbolicLink(SIOCTL_LINK, SIOCTL_DEVICE);
    if (!NT_SUCCESS(link)) {
      nt.DbgPrint(`SIOCTL.SYS: IoCreateSymbolicLink failed ${hex8(link)}\n`);
      nt.IoDeleteDevice(device);
      return link;
    }
    DriverObject.MajorFunction[IRP_MJ_CREATE] = sym('SioctlCreateClose');
    DriverObject.MajorFunction[IRP_MJ_CLOSE] = sym('SioctlCreateClose');
    DriverObject.MajorFunction[IRP_MJ_CLEANUP] = sym('SioctlCreateClose');
    DriverObject.MajorFunction[IRP_MJ_DEVICE_CONTROL] = sym('SioctlDeviceControl');
    DriverObject.DriverUnload = sym('SioctlUnloadDriver');
    const bug = nt.ZwQueryValueKey(`${RegistryPath}\\Parameters`, 'Defect');
    if (typeof bug === 'string' && bug !== '') {
      device.DeviceExtension['Defect'] = bug;
      nt.DbgPrint(`SIOCTL.SYS: built with defect ${bug}\n`);
    }
    device.Flags &= ~0x80;
    nt.DbgPrint('SIOCTL.SYS: DriverEntry done\n');
    return STATUS_SUCCESS;
  },
  dispatch: {
    SioctlCreateClose(nt, _device, irp) {
      nt.DbgPrint(`SIOCTL.SYS: ${majorName(nt.IoGetCurrentIrpStackLocation(irp).MajorFunction)}\n`);
      return complete(nt, irp, STATUS_SUCCESS, 0);
    },
    SioctlDeviceControl(nt, device, irp) {
      const loc = nt.IoGetCurrentIrpStackLocation(irp);
      const code = Number(loc.Parameters['IoControlCode']);
      const method = code & 3;
      const bug = defect(device);
      switch (code) {
        case IOCTL_SIOCTL_METHOD_BUFFERED:
        case IOCTL_SIOCTL_METHOD_IN_DIRECT:
        case IOCTL_SIOCTL_METHOD_OUT_DIRECT:
        case IOCTL_SIOCTL_METHOD_NEITHER: {
          nt.DbgPrint(`SIOCTL.SYS: IRP_MJ_DEVICE_CONTROL IOCTL_SIOCTL_${METHOD_NAMES[method]}\n`);
          printIrp(nt, irp);
          if (bug === 'NeitherInDpc' && method === METHOD_NEITHER) {
            // The defect: keep the raw user pointer and use it later, from a DPC.
            nt.IoMarkIrpPending(irp);
            nt.KeSetTimer(50, sym('SioctlTimerDpc'), irp.id);
            return STATUS_PENDING;
          }
          if (bug === 'MdlAfterComplete' && method === METHOD_OUT_DIRECT) {
            // The defect: finish the request later, on a System worker thread, and use its buffer after completing it.
            nt.IoMarkIrpPending(irp);
            nt.IoQueueWorkItem(sym('SioctlWorkItem'), irp.id);
            nt.DbgPrint('SIOCTL.SYS: request queued to a work item\n');
            return STATUS_PENDING;
          }
          if (bug === 'LeakTimer') {
            // The defect: a housekeeping timer that unload never cancels.
            device.DeviceExtension['Timer'] = nt.KeSetTimer(30_000, sym('SioctlHousekeepingDpc'), null);
          }
          const status = transfer(nt, irp, method);
          if (bug === 'DoubleComplete' && method === METHOD_BUFFERED) {
            // The defect: an error path that completes the IRP again.
            nt.IoCompleteRequest(irp, 0);
          }
          return status;
        }
        case IOCTL_SIOCTL_PEND_TIMER:
          nt.DbgPrint(`SIOCTL.SYS: pending the request; a timer completes it in ${SIOCTL_DELAY_MS} ms\n`);
          // The NoMarkPending defect: returns STATUS_PENDING from an unmarked stack location.
          if (bug !== 'NoMarkPending') nt.IoMarkIrpPending(irp);
          nt.IoSetCancelRoutine(irp, sym('SioctlCancelRoutine'));
          device.DeviceExtension['Timer'] = nt.KeSetTimer(SIOCTL_DELAY_MS, sym('SioctlTimerDpc'), irp.id);
          return STATUS_PENDING;
        case IOCTL_SIOCTL_PEND_CANCEL:
          nt.DbgPrint('SIOCTL.SYS: pending the request until it is cancelled\n');
          nt.IoMarkIrpPending(irp);
          nt.IoSetCancelRoutine(irp, sym('SioctlCancelRoutine'));
          return STATUS_PENDING;
        default:
          nt.DbgPrint(`SIOCTL.SYS: unknown IOCTL ${hex8(code)}\n`);
          return complete(nt, irp, STATUS_INVALID_DEVICE_REQUEST, 0);
      }
    },
  },
  cancel: {
    SioctlCancelRoutine(nt, device, irp) {
      nt.IoReleaseCancelSpinLock(0);
      const timer = device.DeviceExtension['Timer'];
      if (typeof timer === 'number') nt.KeCancelTimer(timer);
      delete device.DeviceExtension['Timer'];
      nt.DbgPrint('SIOCTL.SYS: cancel routine: completing the request with STATUS_CANCELLED\n');
      complete(nt, irp, STATUS_CANCELLED, 0);
    },
  },
  dpc: {
    SioctlTimerDpc(nt, context) {
      const irp = nt.irp(Number(context));
      if (!irp) return;
      const loc = nt.IoGetCurrentIrpStackLocation(irp);
      if (Number(loc.Parameters['IoControlCode']) === IOCTL_SIOCTL_METHOD_NEITHER) {
        // Runs at DISPATCH_LEVEL in whatever thread was current: the user pointer is meaningless here.
        const input = String(loc.Parameters['Type3InputBuffer'] ?? '0');
        nt.DbgPrint(`SIOCTL.SYS: timer DPC reads the caller's buffer at ${ptr(input)}\n`);
        nt.ReadMemory(input, Number(loc.Parameters['InputBufferLength']));
        complete(nt, irp, STATUS_SUCCESS, 0);
        return;
      }
      // The cancel routine may own it already: clearing it tells who completes.
      if (nt.IoSetCancelRoutine(irp, null) === null) return;
      if (irp.SystemBuffer) nt.WriteMemory(irp.SystemBuffer, encode(SIOCTL_REPLY + '\0'));
      nt.DbgPrint('SIOCTL.SYS: timer DPC completes the pending request\n');
      complete(nt, irp, STATUS_SUCCESS, irp.SystemBuffer ? SIOCTL_REPLY.length + 1 : 0);
    },
    SioctlHousekeepingDpc(nt) {
      nt.DbgPrint('SIOCTL.SYS: housekeeping\n');
    },
  },
  workItem: {
    /** MdlAfterComplete's deferred half of a request (PASSIVE_LEVEL, in the System process). */
    SioctlWorkItem(nt, context) {
      const irp = nt.irp(Number(context));
      if (!irp) return;
      // It completes the request, then still writes through the mapping that completion undid.
      const output = nt.MmGetSystemAddressForMdlSafe(irp.MdlAddress);
      nt.DbgPrint(`SIOCTL.SYS: work item completes the request; its reply goes to ${ptr(output)}\n`);
      complete(nt, irp, STATUS_SUCCESS, SIOCTL_REPLY.length + 1);
      if (output) nt.WriteMemory(output, encode(SIOCTL_REPLY + '\0'));
    },
  },
  unload: {
    SioctlUnloadDriver(nt, DriverObject) {
      nt.DbgPrint('SIOCTL.SYS: unloading\n');
      const device = DriverObject.DeviceObject === null ? null : nt.device(DriverObject.DeviceObject);
      if (device && defect(device) !== 'LeakTimer') {
        const timer = device.DeviceExtension['Timer'];
        if (typeof timer === 'number') nt.KeCancelTimer(timer);
      }
      nt.IoDeleteSymbolicLink(SIOCTL_LINK);
      if (device) nt.IoDeleteDevice(device);
    },
  },
};
