/**
 * User-mode images of the Windows 7 SP1 x64 machine: where each DLL and
 * program maps (system DLLs at the same base in every process, as ASLR
 * chooses once per boot) and the public symbols the machine's thread stacks
 * run through. Offsets are the machine's own; they only need to be stable
 * and inside each image.
 */
export interface UserModuleDef {
  /** File name as the loader lists it ('ntdll.dll', 'KERNELBASE.dll'). */
  readonly file: string;
  readonly base: bigint;
  readonly size: number;
  readonly timestamp: number;
  /** [function, rva] */
  readonly symbols: readonly (readonly [string, number])[];
}

const DEFS: UserModuleDef[] = [
  {
    file: 'ntdll.dll',
    base: 0x77c50000n,
    size: 0x1a9000,
    timestamp: 0x4ec4aa8e,
    symbols: [
      ['RtlUserThreadStart', 0x2c520],
      ['TppWorkerThread', 0x2f1b0],
      ['LdrInitializeThunk', 0x4c340],
      ['ZwWaitForSingleObject', 0x51350],
      ['ZwRequestWaitReplyPort', 0x51470],
      ['ZwWaitForWorkViaWorkerFactory', 0x51b2a],
      ['ZwCreateFile', 0x513e0],
      ['ZwOpenFile', 0x51420],
      ['ZwReadFile', 0x51340],
      ['ZwWriteFile', 0x51360],
      ['ZwDeviceIoControlFile', 0x51300],
      ['ZwClose', 0x513a0],
      ['ZwLoadDriver', 0x52160],
      ['ZwUnloadDriver', 0x52a80],
      ['ZwQueryValueKey', 0x51380],
      ['ZwSetValueKey', 0x51560],
      ['ZwOpenKey', 0x51460],
      ['ZwInitiatePowerAction', 0x51e60],
      ['ZwSetSystemPowerState', 0x52860],
      ['ZwPlugPlayControl', 0x52520],
      ['RtlAllocateHeap', 0x33e60],
      ['RtlFreeHeap', 0x34d30],
      ['ZwQueryInformationFile', 0x51330],
      ['ZwSetInformationFile', 0x51790],
      ['ZwLockFile', 0x52270],
      ['ZwUnlockFile', 0x52b20],
      ['ZwCancelIoFile', 0x51d10],
      ['ZwTerminateProcess', 0x51570],
      ['RtlExitUserProcess', 0x2b8c0],
    ],
  },
  {
    file: 'kernel32.dll',
    base: 0x77a30000n,
    size: 0x11f000,
    timestamp: 0x4ec49b8f,
    symbols: [
      ['BaseThreadInitThunk', 0x1652c],
      ['ConsoleClientCallServer', 0x57e60],
      ['ReadConsoleInternal', 0x58110],
      ['ReadConsoleW', 0x58330],
      ['CreateFileW', 0x14d60],
      ['CloseHandle', 0x13260],
      ['DeviceIoControl', 0x1a630],
      ['SetSuspendState', 0x8f240],
      ['CtrlRoutine', 0x7d3a0],
    ],
  },
  {
    file: 'KERNELBASE.dll',
    base: 0x7fefdab0000n,
    size: 0x6b000,
    timestamp: 0x4ec49b90,
    symbols: [
      ['WaitForSingleObjectEx', 0x1200],
      ['CreateFileW', 0x7c20],
      ['ReadFile', 0x3e60],
      ['WriteFile', 0x4b40],
      ['DeviceIoControl', 0x2c30],
      ['CloseHandle', 0x11c0],
      ['CancelIo', 0x9a40],
      ['GetOverlappedResult', 0x9b20],
      ['LockFileEx', 0x9c10],
      ['UnlockFileEx', 0x9d30],
      ['SetFileInformationByHandle', 0xa210],
      ['GetFileInformationByHandle', 0xa5e0],
    ],
  },
  {
    file: 'USER32.dll',
    base: 0x77b50000n,
    size: 0xfa000,
    timestamp: 0x4d6727a7,
    symbols: [
      ['NtUserGetMessage', 0x9e6a],
      ['GetMessageW', 0x9e9c],
    ],
  },
  {
    file: 'ADVAPI32.dll',
    base: 0x7fefe2e0000n,
    size: 0xdb000,
    timestamp: 0x4ce7b706,
    symbols: [
      ['StartServiceW', 0x1d9b0],
      ['OpenSCManagerW', 0x1b4c0],
      ['RegQueryValueExW', 0x12a10],
    ],
  },
  {
    file: 'msvcrt.dll',
    base: 0x7fefe230000n,
    size: 0x9f000,
    timestamp: 0x4eb7be07,
    symbols: [
      ['printf', 0x4a1c0],
      ['malloc', 0x18ba0],
    ],
  },
  {
    file: 'RPCRT4.dll',
    base: 0x7fefdf10000n,
    size: 0x12d000,
    timestamp: 0x4e9bbf2f,
    symbols: [
      ['NdrClientCall2', 0x7a5e4],
      ['LrpcIoComplete', 0x27e60],
      ['NdrStubCall2', 0x7b1d0],
    ],
  },
  { file: 'SHELL32.dll', base: 0x7fefea10000n, size: 0xd88000, timestamp: 0x4e80f1d8, symbols: [['SHCreateDesktop', 0x3e3c0]] },
  { file: 'csrsrv.dll', base: 0x7fefda30000n, size: 0x11000, timestamp: 0x4a5be02a, symbols: [['CsrApiRequestThread', 0x2c50]] },
  { file: 'basesrv.DLL', base: 0x7fefda10000n, size: 0x14000, timestamp: 0x4a5be02b, symbols: [['ServerDllInitialization', 0x1e80]] },
  { file: 'winsrv.DLL', base: 0x7fefd9c0000n, size: 0x43000, timestamp: 0x4ce7c9fb, symbols: [['ConsoleInputThread', 0x3c70]] },
  {
    file: 'services.exe',
    base: 0xffa50000n,
    size: 0x63000,
    timestamp: 0x4a5bc3f1,
    symbols: [
      ['wmainCRTStartup', 0x1a90],
      ['ScLoadDeviceDriver', 0x2b5e0],
      ['ScStartService', 0x1f8c0],
      ['RStartServiceW', 0x1e2d0],
      ['ScControlDeviceDriver', 0x2c140],
      ['RControlServiceExW', 0x1d6a0],
    ],
  },
  {
    file: 'cmd.exe',
    base: 0x4a460000n,
    size: 0x5c000,
    timestamp: 0x4ce7a1e1,
    symbols: [
      ['wmainCRTStartup', 0x1640],
      ['main', 0x2fc0],
      ['Parser', 0x3ef0],
      ['Lex', 0x6b80],
      ['FillBuf', 0x7000],
      ['ReadBufFromConsole', 0x7540],
      ['ExecPgm', 0x4240],
      ['Dispatch', 0x3640],
    ],
  },
];

/** A program with no entry above maps at a stable base derived from its name, with its entry points. */
function exeModule(file: string): UserModuleDef {
  let h = 0;
  for (const ch of file.toLowerCase()) h = (Math.imul(h, 33) + ch.charCodeAt(0)) >>> 0;
  return {
    file,
    base: 0xff000000n + BigInt((h % 0x80) * 0x10000),
    size: 0x2c000,
    timestamp: 0x4a5bc000 + (h % 0x1000),
    symbols: [
      ['wmainCRTStartup', 0x1a90],
      ['wmain', 0x1240],
      ['main', 0x1180],
    ],
  };
}

/** By lower-case file name. */
export const USER_MODULES: Record<string, UserModuleDef> = Object.create(null);
for (const d of DEFS) USER_MODULES[d.file.toLowerCase()] = d;

/** The definition for a file, creating the generic one for a program not in the table. */
export function userModuleDef(file: string): UserModuleDef {
  const key = file.toLowerCase();
  return USER_MODULES[key] ?? (USER_MODULES[key] = exeModule(file));
}
