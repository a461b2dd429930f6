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
 */
import type { Kernel } from '../nt.ts';
import { hklm } from '../cm/registry.ts';
import { STATUS_PENDING, type NTSTATUS } from '../status.ts';
import { SL_PENDING_RETURNED, type DeviceObject, type DriverObject, type IoStackLocation, type Irp } from './types.ts';
import { routineAddress } from './invoke.ts';

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
}

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
  k.ke.bugCheck(DRIVER_VERIFIER_IOMANAGER_VIOLATION, VERIFIER_PENDING_NOT_MARKED, routineAddress(k, routine), irp.Address, device.Address, driver.Module);
}
