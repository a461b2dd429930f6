/** Win32 error codes the machine's tools report, with their English system message text. */
export const ERROR_SUCCESS = 0;
export const ERROR_FILE_NOT_FOUND = 2;
export const ERROR_PATH_NOT_FOUND = 3;
export const ERROR_ACCESS_DENIED = 5;
export const ERROR_INVALID_FUNCTION = 1;
export const ERROR_INVALID_HANDLE = 6;
export const ERROR_FILE_EXISTS = 80;
export const ERROR_NOT_READY = 21;
export const ERROR_GEN_FAILURE = 31;
export const ERROR_SHARING_VIOLATION = 32;
export const ERROR_LOCK_VIOLATION = 33;
export const ERROR_HANDLE_EOF = 38;
export const ERROR_NOT_SUPPORTED = 50;
export const ERROR_INSUFFICIENT_BUFFER = 122;
export const ERROR_NOT_LOCKED = 158;
export const ERROR_MORE_DATA = 234;
export const ERROR_OPERATION_ABORTED = 995;
export const ERROR_IO_PENDING = 997;
export const ERROR_NOACCESS = 998;
export const ERROR_INVALID_USER_BUFFER = 1784;
export const ERROR_INVALID_PARAMETER = 87;
export const ERROR_INVALID_NAME = 123;
export const ERROR_BAD_EXE_FORMAT = 193;
export const ERROR_ALREADY_EXISTS = 183;
export const ERROR_INVALID_IMAGE_HASH = 577;
export const ERROR_DEPENDENT_SERVICES_RUNNING = 1051;
export const ERROR_INVALID_SERVICE_CONTROL = 1052;
export const ERROR_SERVICE_ALREADY_RUNNING = 1056;
export const ERROR_SERVICE_DISABLED = 1058;
export const ERROR_CIRCULAR_DEPENDENCY = 1059;
export const ERROR_SERVICE_DOES_NOT_EXIST = 1060;
export const ERROR_SERVICE_CANNOT_ACCEPT_CTRL = 1061;
export const ERROR_SERVICE_NOT_ACTIVE = 1062;
export const ERROR_SERVICE_MARKED_FOR_DELETE = 1072;
export const ERROR_SERVICE_DEPENDENCY_FAIL = 1068;
export const ERROR_SERVICE_EXISTS = 1073;
export const ERROR_SERVICE_DEPENDENCY_DELETED = 1075;
export const ERROR_SERVICE_NEVER_STARTED = 1077;
export const ERROR_INVALID_COMMAND_LINE = 1639;
export const RPC_S_SERVER_UNAVAILABLE = 1722;

const TEXT: Record<number, string> = {
  0: 'The operation completed successfully.',
  1: 'Incorrect function.',
  2: 'The system cannot find the file specified.',
  3: 'The system cannot find the path specified.',
  5: 'Access is denied.',
  6: 'The handle is invalid.',
  18: 'There are no more files.',
  21: 'The device is not ready.',
  24: 'The program issued a command but the command length is incorrect.',
  31: 'A device attached to the system is not functioning.',
  32: 'The process cannot access the file because it is being used by another process.',
  33: 'The process cannot access the file because another process has locked a portion of the file.',
  38: 'Reached the end of the file.',
  50: 'The request is not supported.',
  80: 'The file exists.',
  87: 'The parameter is incorrect.',
  112: 'There is not enough space on the disk.',
  121: 'The semaphore timeout period has expired.',
  122: 'The data area passed to a system call is too small.',
  123: 'The filename, directory name, or volume label syntax is incorrect.',
  145: 'The directory is not empty.',
  158: 'The segment is already unlocked.',
  183: 'Cannot create a file when that file already exists.',
  193: '%1 is not a valid Win32 application.',
  234: 'More data is available.',
  267: 'The directory name is invalid.',
  317: 'The system cannot find message text for message number 0x%1 in the message file for %2.',
  577: 'Windows cannot verify the digital signature for this file. A recent hardware or software change might have installed a file that is signed incorrectly or damaged, or that might be malicious software from an unknown source.',
  995: 'The I/O operation has been aborted because of either a thread exit or an application request.',
  997: 'Overlapped I/O operation is in progress.',
  998: 'Invalid access to memory location.',
  1051: 'A stop control has been sent to a service that other running services are dependent on.',
  1052: 'The requested control is not valid for this service.',
  1056: 'An instance of the service is already running.',
  1058: 'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.',
  1059: 'Circular service dependency was specified.',
  1060: 'The specified service does not exist as an installed service.',
  1061: 'The service cannot accept control messages at this time.',
  1062: 'The service has not been started.',
  1068: 'The dependency service or group failed to start.',
  1072: 'The specified service has been marked for deletion.',
  1073: 'The specified service already exists.',
  1075: 'The dependency service does not exist or has been marked for deletion.',
  1168: 'Element not found.',
  1077: 'No attempts to start the service have been made since the last boot.',
  1450: 'Insufficient system resources exist to complete the requested service.',
  1617: 'The device has been removed.',
  1722: 'The RPC server is unavailable.',
  1784: 'The supplied user buffer is not valid for the requested operation.',
};

/** FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM) for the codes above. */
export function win32Message(code: number): string {
  return TEXT[code] ?? `Unknown error (0x${code.toString(16)})`;
}
