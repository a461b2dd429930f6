/** Bug check names, descriptions and argument meanings as the analyzer prints them; NTSTATUS texts. */

export interface BugCheckInfo {
  readonly name: string;
  readonly description: readonly string[];
  readonly args: readonly [string, string, string, string];
  /** Which argument holds a CONTEXT record for the faulting thread (1-based), if any. */
  readonly contextArg?: number;
  /** Which argument holds the exception code, if any. */
  readonly exceptionArg?: number;
  /** Which argument holds the faulting instruction's address, if any. */
  readonly ipArg?: number;
  /** Which argument names the driver code at fault when that code is no longer on the stack (Verifier's checks after a routine returned). */
  readonly blameArg?: number;
  /** Argument meanings that depend on Arg1 (a subcode), where the analyzer prints them per subcode. */
  readonly subcodes?: Readonly<Record<number, readonly [string, string, string, string]>>;
}

/** The meanings the analyzer prints for a bug check's four arguments. */
export function argMeanings(info: BugCheckInfo | undefined, arg1: bigint): readonly string[] {
  return info?.subcodes?.[Number(arg1 & 0xffffn)] ?? info?.args ?? ['', '', '', ''];
}

export const BUGCHECKS: Readonly<Record<number, BugCheckInfo>> = {
  0x3b: {
    name: 'SYSTEM_SERVICE_EXCEPTION',
    description: ['An exception happened while executing a system service routine.'],
    args: [
      'Exception code that caused the bugcheck',
      'Address of the exception record for the exception that caused the bugcheck',
      'Address of the context record for the exception that caused the bugcheck',
      'zero.',
    ],
    contextArg: 3,
    exceptionArg: 1,
  },
  0x44: {
    name: 'MULTIPLE_IRP_COMPLETE_REQUESTS',
    description: [
      'A driver has requested that an IRP be completed (IoCompleteRequest()), but',
      'the packet has already been completed.  This is a tough bug to find because',
      'the easiest case, a driver actually attempted to complete its own packet',
      'twice, is generally not what happened.  Rather, two separate drivers each',
      'believe that they own the packet, and each attempts to complete it.  The',
      'first actually works, and the second fails.  Tracking down which drivers',
      'in the system actually did this is difficult, generally because the trails',
      'of the first driver have been covered by the second.  However, the driver',
      'stack for the current request can be found by examining the DeviceObject',
      'fields in each of the stack locations.',
    ],
    args: ['Address of the IRP', 'Reserved', '', ''],
  },
  0x50: {
    name: 'PAGE_FAULT_IN_NONPAGED_AREA',
    description: [
      'Invalid system memory was referenced.  This cannot be protected by try-except,',
      'it must be protected by a Probe.  Typically the address is just plain bad or it',
      'is pointing at freed memory.',
    ],
    args: [
      'memory referenced.',
      'value 0 = read operation, 1 = write operation.',
      'If non-zero, the instruction address which referenced the bad memory\n\taddress.',
      '(reserved)',
    ],
    ipArg: 3,
  },
  0xc9: {
    name: 'DRIVER_VERIFIER_IOMANAGER_VIOLATION',
    description: ['The IO manager has caught a misbehaving driver.'],
    args: ['Code that specifies the violation', '', '', ''],
    blameArg: 2,
    subcodes: {
      0x23d: [
        'The driver has returned STATUS_PENDING but did not mark the IRP pending via a call to IoMarkIrpPending.',
        "The address in the driver's code where the error was detected.",
        'IRP address.',
        'Device object.',
      ],
    },
  },
  0xce: {
    name: 'DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS',
    description: ['A driver unloaded without cancelling timers, DPCs, worker threads, etc.', "The broken driver's name is displayed on the screen."],
    args: [
      'memory referenced',
      'value 0 = read operation, 1 = write operation',
      'If non-zero, the instruction address which referenced the bad memory\n\taddress.',
      'Mm internal code.',
    ],
    ipArg: 3,
  },
  0xd1: {
    name: 'DRIVER_IRQL_NOT_LESS_OR_EQUAL',
    description: [
      'An attempt was made to access a pageable (or completely invalid) address at an',
      'interrupt request level (IRQL) that is too high.  This is usually',
      'caused by drivers using improper addresses.',
      'If kernel debugger is available get stack backtrace.',
    ],
    args: ['memory referenced', 'IRQL', 'value 0 = read operation, 1 = write operation', 'address which referenced memory'],
    ipArg: 4,
  },
  0x7e: {
    name: 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED',
    description: [
      'This is a very common bugcheck.  Usually the exception address pinpoints',
      'the driver/function that caused the problem.  Always note this address',
      'as well as the link date of the driver/image that contains this address.',
    ],
    args: ['The exception code that was not handled', 'The address that the exception occurred at', 'Exception Record Address', 'Context Record Address'],
    contextArg: 4,
    exceptionArg: 1,
  },
};

export const NTSTATUS_TEXT: Readonly<Record<number, string>> = {
  0xc0000005: 'The instruction at 0x%08lx referenced memory at 0x%08lx. The memory could not be %s.',
  0x80000003: '{EXCEPTION}  Breakpoint  A breakpoint has been reached.',
  0xc000001d: '{EXCEPTION}  Illegal Instruction  An attempt was made to execute an illegal instruction.',
};

export const WIN32_TEXT: Readonly<Record<number, string>> = {
  0: 'The operation completed successfully.',
  2: 'The system cannot find the file specified.',
  3: 'The system cannot find the path specified.',
  5: 'Access is denied.',
  6: 'The handle is invalid.',
  87: 'The parameter is incorrect.',
};
