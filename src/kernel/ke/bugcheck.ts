/**
 * Bug checks. KeBugCheckEx unwinds the simulated kernel with a BugCheck signal
 * that the kernel's entry points catch (see Ke.guard): the machine halts, a
 * 'kernel.bugCheck' event is recorded, and nothing reaches the student as a
 * JavaScript exception.
 */
export const BUGCHECK_NAMES: Record<number, string> = {
  0x0a: 'IRQL_NOT_LESS_OR_EQUAL',
  0x1e: 'KMODE_EXCEPTION_NOT_HANDLED',
  0x35: 'NO_MORE_IRP_STACK_LOCATIONS',
  0x3b: 'SYSTEM_SERVICE_EXCEPTION',
  0x44: 'MULTIPLE_IRP_COMPLETE_REQUESTS',
  0x50: 'PAGE_FAULT_IN_NONPAGED_AREA',
  0x7e: 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED',
  0x9f: 'DRIVER_POWER_STATE_FAILURE',
  0xc9: 'DRIVER_VERIFIER_IOMANAGER_VIOLATION',
  0xce: 'DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS',
  0xd1: 'DRIVER_IRQL_NOT_LESS_OR_EQUAL',
  0xfc: 'ATTEMPTED_EXECUTE_OF_NOEXECUTE_MEMORY',
};

export const MULTIPLE_IRP_COMPLETE_REQUESTS = 0x44;
export const NO_MORE_IRP_STACK_LOCATIONS = 0x35;
export const SYSTEM_THREAD_EXCEPTION_NOT_HANDLED = 0x7e;
export const SYSTEM_SERVICE_EXCEPTION = 0x3b;
export const DRIVER_POWER_STATE_FAILURE = 0x9f;
export const DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS = 0xce;
export const KMODE_EXCEPTION_NOT_HANDLED = 0x1e;
export const PAGE_FAULT_IN_NONPAGED_AREA = 0x50;
export const DRIVER_IRQL_NOT_LESS_OR_EQUAL = 0xd1;
export const ATTEMPTED_EXECUTE_OF_NOEXECUTE_MEMORY = 0xfc;

/** Parameters are 64-bit values kept as 16-digit hex strings (JSON-able, exact). */
export interface BugCheckData {
  code: number;
  name: string;
  params: [string, string, string, string];
  /** The module blamed (whose code was running or is named by the parameters), or null. */
  module: string | null;
}

export class BugCheckSignal extends Error {
  readonly data: BugCheckData;

  constructor(data: BugCheckData) {
    super(`bug check 0x${data.code.toString(16)}`);
    this.data = data;
  }
}

/** A parameter: a number (up to 2^53) or an address string, as 16 hex digits. */
export function param(v: number | string): string {
  return typeof v === 'string' ? v.padStart(16, '0') : Math.max(0, v).toString(16).padStart(16, '0');
}

/** The image a bug check blames, for the blue screen's last line. */
export interface BlamedImage {
  file: string;
  base: string;
  /** Link timestamp, seconds since 1970. */
  linkDate: number;
  /** The faulting address inside it, when the parameters name one. */
  address: string | null;
}

/** The blue screen, Windows 7 style. */
export function blueScreen(b: BugCheckData, image: BlamedImage | null): string {
  const p = b.params.map((x) => '0x' + x.toUpperCase()).join(',');
  const lines = [
    'A problem has been detected and Windows has been shut down to prevent damage',
    'to your computer.',
    '',
    b.name,
    '',
    'Technical information:',
    '',
    `*** STOP: 0x${b.code.toString(16).toUpperCase().padStart(8, '0')} (${p})`,
  ];
  if (image) {
    const at = (image.address ?? image.base).toUpperCase();
    lines.push('', `***  ${image.file} - Address ${at} base at ${image.base.toUpperCase()}, DateStamp ${image.linkDate.toString(16).padStart(8, '0')}`);
  }
  return lines.join('\n') + '\n';
}
