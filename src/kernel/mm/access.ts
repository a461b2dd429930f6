/**
 * Kernel code dereferencing a pointer: what the processor and the memory
 * manager do with it. A kernel address reads the kernel space; a user address
 * reads the user space of the process the thread is attached to, which is
 * only the requester's in a system call (a DPC or a system thread runs in an
 * arbitrary or the System process). The faults are Windows 7's: user memory is
 * pageable, so touching it at DISPATCH_LEVEL is 0xD1; an unmapped kernel
 * address is 0x50; an unmapped user address raises STATUS_ACCESS_VIOLATION,
 * which a driver's __try/__except catches and which otherwise bug checks.
 */
import type { Kernel } from '../nt.ts';
import { DRIVER_IRQL_NOT_LESS_OR_EQUAL, PAGE_FAULT_IN_NONPAGED_AREA } from '../ke/bugcheck.ts';
import { DISPATCH_LEVEL } from '../ke/timers.ts';
import { KERNEL_START, USER_END } from './memory.ts';

/** MmUserProbeAddress on x64: the highest user address ProbeForRead accepts + 1. */
export const MM_USER_PROBE_ADDRESS = 0x7fffffff0000n;

/** An exception raised in kernel code (an access violation): __try/__except can take it. */
export class KernelException extends Error {
  readonly status: number;
  readonly address: bigint;

  constructor(status: number, address: bigint) {
    super(`exception 0x${(status >>> 0).toString(16)} at ${address.toString(16)}`);
    this.status = status;
    this.address = address;
  }
}

const STATUS_ACCESS_VIOLATION = 0xc0000005;
const STATUS_DATATYPE_MISALIGNMENT = 0x80000002;

function parse(address: string | bigint): bigint {
  return typeof address === 'bigint' ? address : BigInt('0x' + (address || '0'));
}

/** The process whose user space the current thread sees, or null (System: no user space). */
function attachedProcess(k: Kernel): number | null {
  if (k.ke.inSystemThread) return null;
  return k.ps.requestor()?.pid ?? null;
}

function fault(k: Kernel, at: bigint, write: boolean): never {
  const frame = k.ke.current;
  const ip = frame ? k.ke.addressOf(frame) : '0';
  const hex = at.toString(16).padStart(16, '0');
  if (at < KERNEL_START) {
    if (k.timers.irql >= DISPATCH_LEVEL) k.ke.bugCheck(DRIVER_IRQL_NOT_LESS_OR_EQUAL, hex, k.timers.irql, write ? 1 : 0, ip);
    throw new KernelException(STATUS_ACCESS_VIOLATION, at);
  }
  k.ke.bugCheck(PAGE_FAULT_IN_NONPAGED_AREA, hex, write ? 1 : 0, ip, 0);
}

/** Kernel code reads `length` bytes at `address`. */
export function kernelRead(k: Kernel, address: string | bigint, length: number): Uint8Array {
  const at = parse(address);
  if (at < USER_END) {
    if (k.timers.irql >= DISPATCH_LEVEL) fault(k, at, false);
    const pid = attachedProcess(k);
    const bytes = pid === null ? null : k.mm.read(pid, at, length);
    if (!bytes) fault(k, at, false);
    return bytes;
  }
  const bytes = at >= KERNEL_START ? k.mm.read('kernel', at, length) : null;
  if (!bytes) fault(k, at, false);
  return bytes;
}

/** Kernel code writes bytes at `address`. */
export function kernelWrite(k: Kernel, address: string | bigint, data: Uint8Array): void {
  const at = parse(address);
  if (data.length === 0) return;
  if (at < USER_END) {
    if (k.timers.irql >= DISPATCH_LEVEL) fault(k, at, true);
    const pid = attachedProcess(k);
    if (pid === null || !k.mm.write(pid, at, data)) fault(k, at, true);
    return;
  }
  if (at < KERNEL_START || !k.mm.write('kernel', at, data)) fault(k, at, true);
}

/** ProbeForRead / ProbeForWrite: a user range must lie below MmUserProbeAddress and be aligned. */
export function probe(k: Kernel, address: string | bigint, length: number, alignment: number, write: boolean): void {
  if (length === 0) return;
  const at = parse(address);
  if (alignment > 1 && at % BigInt(alignment) !== 0n) throw new KernelException(STATUS_DATATYPE_MISALIGNMENT, at);
  const end = at + BigInt(length);
  if (end > MM_USER_PROBE_ADDRESS || end < at) throw new KernelException(STATUS_ACCESS_VIOLATION, MM_USER_PROBE_ADDRESS);
  if (write) kernelWrite(k, at, kernelRead(k, at, length));
}
