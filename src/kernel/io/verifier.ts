/**
 * Driver Verifier's I/O verification, as far as the machine implements it.
 * Windows reads the settings once, at boot, from Session Manager\Memory
 * Management: VerifyDrivers (image names, space-separated, or '*') and
 * VerifyDriverLevel (the flags; 0x10 is I/O verification). Changing them
 * takes effect at the next restart, which is why the boot copies them into
 * the I/O manager's state here.
 *
 * The one rule checked: a verified driver's dispatch routine that returns
 * STATUS_PENDING must have marked its stack location pending first
 * (IoMarkIrpPending). Breaking it is I/O verification error 0x23D, which
 * stops the machine with bug check 0xC9: Arg2 the address in the driver
 * where it was detected, Arg3 the IRP, Arg4 the device object.
 *
 * Under a kernel debugger, a level-2 I/O verification error does not bug
 * check: Verifier prints "WDM DRIVER ERROR" and what went wrong on the
 * debugger and asks what to do (DbgPrompt). b breaks in (the debugger stops
 * in nt!DbgBreakPoint inside the check; g goes on), i ignores this one, z and
 * r ignore this check at this address from then on, d disables the reports
 * for the rest of the boot. The machine then runs on.
 */
import type { Kernel } from '../nt.ts';
import { hklm } from '../cm/registry.ts';
import { STATUS_PENDING, type NTSTATUS } from '../status.ts';
import { SL_PENDING_RETURNED, majorName, type DeviceObject, type DriverObject, type IoStackLocation, type Irp } from './types.ts';
import { routineAddress } from './invoke.ts';
import { callSite } from '../ke/ke.ts';

export const MEMORY_MANAGEMENT = hklm('SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Memory Management');
export const DRIVER_VERIFIER_IOMANAGER_VIOLATION = 0xc9;
/** VerifyDriverLevel bit: I/O verification. */
export const DRIVER_VERIFIER_IO_CHECKING = 0x10;
/** I/O verification error: STATUS_PENDING returned without IoMarkIrpPending. */
export const VERIFIER_PENDING_NOT_MARKED = 0x23d;

export interface VerifierSettings {
  /** Lower-case image names ('sioctl.sys'), or ['*'] for all drivers. */
  drivers: string[];
  level: number;
  /** Checks the debugger's user zapped or removed ('0x23d@address'), and whether they disabled all reports (d). */
  removed?: string[];
  disabled?: boolean;
}

/** What Verifier asks on the kernel debugger after it reports an error. */
export const VERIFIER_QUESTION = 'Break, Ignore, Zap, Remove, Disable all (bizrd)? ';

/** What the boot read from the registry (none when VerifyDrivers is absent or empty). */
export function readVerifierSettings(k: Kernel): VerifierSettings | null {
  const list = k.cm.string(MEMORY_MANAGEMENT, 'VerifyDrivers');
  const drivers = (list ?? '')
    .split(/\s+/)
    .filter((d) => d !== '')
    .map((d) => d.toLowerCase());
  if (drivers.length === 0) return null;
  return { drivers, level: k.cm.dword(MEMORY_MANAGEMENT, 'VerifyDriverLevel') ?? 0 };
}

/** Whether this boot verifies `driver`'s I/O. */
export function ioVerified(k: Kernel, driver: DriverObject): boolean {
  const v = k.io.state.verifier;
  if (!v || !(v.level & DRIVER_VERIFIER_IO_CHECKING)) return false;
  const image = k.io.image(driver.Module)?.file ?? `${driver.Module}.sys`;
  return v.drivers.includes('*') || v.drivers.includes(image.toLowerCase());
}

/**
 * After a verified driver's dispatch routine returned: STATUS_PENDING from a
 * location not marked pending (and the IRP not yet completed, which would
 * have cleared the location) is error 0x23D.
 */
export function checkDispatchReturn(
  k: Kernel,
  driver: DriverObject,
  device: DeviceObject,
  routine: string,
  irp: Irp,
  loc: IoStackLocation,
  status: NTSTATUS,
): void {
  if (status !== STATUS_PENDING || irp.Completed || !ioVerified(k, driver)) return;
  if (irp.Stack[irp.CurrentLocation - 1] !== loc || loc.Control & SL_PENDING_RETURNED) return;
  const at = routineAddress(k, routine);
  if (k.kd.attached) {
    reportToDebugger(k, driver, device, irp, loc, at);
    return;
  }
  k.ke.bugCheck(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VERIFIER_PENDING_NOT_MARKED, at, irp.Address, device.Address, driver.Module);
}

const up = (hex: string) => hex.padStart(16, '0').toUpperCase();
const dword = (v: unknown) => (typeof v === 'number' ? v >>> 0 : 0).toString(16).padStart(8, '0');

/**
 * Verifier's assertion text as it prints it: after "<class>: " and the culprit, words fill lines
 * that end before column 78, and every further line is indented under the text by the class's width.
 */
export function wrapAssertion(cls: string, culprit: string, text: string): string[] {
  const R_MARGIN = 78;
  const margin = cls.length + 2;
  const lines: string[] = [];
  let head = `${cls}: ${culprit}`;
  let used = margin + culprit.length;
  let line = '';
  for (const word of text.split(' ')) {
    const longer = line === '' ? word : `${line} ${word}`;
    if (line !== '' && longer.length >= R_MARGIN - used - 1) {
      lines.push(head + line);
      head = ' '.repeat(margin);
      used = margin;
      line = word;
    } else line = longer;
  }
  if (line !== '') lines.push(head + line);
  return lines;
}

/** The error as Verifier prints it on the kernel debugger, before its question. */
function reportText(k: Kernel, driver: DriverObject, device: DeviceObject, irp: Irp, loc: IoStackLocation, at: string): string[] {
  const file = k.io.image(driver.Module)?.file ?? `${driver.Module}.sys`;
  const fileObject = loc.FileObject === null ? '0' : (k.io.state.files[loc.FileObject]?.Address ?? '0');
  const p = loc.Parameters;
  const params = [p['OutputBufferLength'], p['InputBufferLength'], p['IoControlCode'], 0].map(dword).join(' ');
  return [
    '***********************************************************************',
    '* THIS VALIDATION BUG IS FATAL AND WILL CAUSE THE VERIFIER TO HALT    *',
    '* WINDOWS (BUGCHECK) WHEN THE MACHINE IS NOT UNDER A KERNEL DEBUGGER! *',
    '***********************************************************************',
    '',
    ...wrapAssertion(
      'WDM DRIVER ERROR',
      `[${file} @ 0x${up(at)}] `,
      `The driver has returned STATUS_PENDING but did not mark the IRP pending via a call to IoMarkIrpPending. (Irp = ${up(irp.Address)}).`,
    ),
    `${majorName(loc.MajorFunction)}`,
    `[ DevObj=${up(device.Address)}, FileObject=${up(fileObject)}, Parameters=${params} ]`,
  ];
}

/** Report error 0x23D on the attached kernel debugger and do what its user answers. */
function reportToDebugger(k: Kernel, driver: DriverObject, device: DeviceObject, irp: Irp, loc: IoStackLocation, at: string): void {
  const v = k.io.state.verifier;
  const key = `0x${VERIFIER_PENDING_NOT_MARKED.toString(16)}@${at}`;
  if (!v || v.disabled || v.removed?.includes(key)) return;
  const { thread, process, processor } = k.runningThread();
  const frames = [
    'nt!DbgPrompt',
    'nt!VfReportIssueWithOptions+0x101',
    'nt!VfErrorReport6+0x2c',
    'nt!VfAfterCallDriver+0x8e',
    ...k.ke.stack().map((f, i) => (i === 0 ? callSite(f) : f)),
  ];
  const base = { breakpoint: null, processor, thread, process, args: [], irql: k.timers.irql };
  const answer = k.kd.ask({ ...base, kind: 'prompt', frames, text: reportText(k, driver, device, irp, loc, at), question: VERIFIER_QUESTION });
  switch (answer?.trim().toLowerCase()) {
    case 'b':
      // DbgBreakPoint inside the check: the debugger stops here; g goes on past the error.
      k.kd.halt({ ...base, kind: 'break-in', frames: ['nt!DbgBreakPoint', ...frames.slice(1)] });
      return;
    case 'z':
    case 'r':
      v.removed = [...(v.removed ?? []), key];
      return;
    case 'd':
      v.disabled = true;
      return;
    default:
      return;
  }
}
