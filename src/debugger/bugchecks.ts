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
  0x7e: {
    name: 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED',
    description: [
      'This is a very common bugcheck.  Usually the exception address pinpoints',
      'the driver/function that caused the problem.  Always note this address',
      'as well as the link date of the driver/image that contains this address.',
    ],
    args: [
      'The exception code that was not handled',
      'The address that the exception occurred at',
      'Exception Record Address',
      'Context Record Address',
    ],
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
