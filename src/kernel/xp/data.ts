/**
 * The article's Windows XP SP3 machine ("Analyst's Perspective", The NT Insider,
 * 2011): its processes, threads and images. The processes, Cids, DirBase values,
 * handle counts, PEBs and module ranges the article prints are its own; the rest
 * (the other processes and modules, the routines' offsets) is filled in the way
 * an XP SP3 machine of that time is laid out, so every other command answers
 * consistently with the same data.
 */

/** A routine or variable inside an image: name and offset from the image base. */
export type XpSymbol = readonly [name: string, rva: number];

export interface XpImage {
  /** File name as the loader records it (the module name is this without extension). */
  readonly file: string;
  readonly base: number;
  readonly size: number;
  readonly timestamp: number;
  readonly symbols: readonly XpSymbol[];
  /** Symbol file: null when the image has none (no symbols). */
  readonly pdb: string | null;
}

const img = (
  file: string,
  base: number,
  size: number,
  timestamp: number,
  symbols: readonly XpSymbol[] = [],
  pdb: string | null = `${file.replace(/\.\w+$/, '').toLowerCase()}.pdb`,
): XpImage => ({
  file,
  base,
  size,
  timestamp,
  symbols,
  pdb,
});

/** Kernel images (PsLoadedModuleList order). nt is the PAE multiprocessor kernel. */
export const KERNEL_IMAGES: readonly XpImage[] = [
  img(
    'ntkrnlpa.exe',
    0x804d7000,
    0x20d000,
    0x48025c10,
    [
      ['KiSwapContext', 0x4c2b0],
      ['KiSwapThread', 0x4c38c],
      ['KeWaitForSingleObject', 0x4e010],
      ['KeUpdateSystemTime', 0x5d1c0],
      ['RtlpBreakWithStatusInstruction', 0x545dc],
      ['DbgBreakPointWithStatus', 0x545d8],
      ['KiFastCallEntry', 0x67540],
      ['KiIdleLoop', 0x6a5a0],
      ['NtCreateFile', 0x9b8e0],
      ['NtOpenKey', 0xa4150],
      ['NtQueryValueKey', 0xa31f0],
      ['NtWaitForSingleObject', 0xa2c40],
      ['NtReadFile', 0xa0e80],
      ['PsLoadedModuleList', 0x7d1c0],
      ['PsActiveProcessHead', 0x7d1d8],
      ['PsIdleProcess', 0x7d1e0],
      ['HandleTableListHead', 0x7d1e8],
      ['KiInitialThread', 0x81c20],
      ['KiInitialProcess', 0x850c0],
    ],
    'ntkrnlpa.pdb',
  ),
  img(
    'hal.dll',
    0x806e4000,
    0x20380,
    0x48025aa8,
    [
      ['HalpClockInterrupt', 0x2e80],
      ['KfLowerIrql', 0x1020],
      ['KfRaiseIrql', 0x1050],
    ],
    'halmacpi.pdb',
  ),
  img('kdcom.dll', 0xf7b9f000, 0x2000, 0x3b7d8346),
  img('BOOTVID.dll', 0xf7aa7000, 0x3000, 0x3b7d8346),
  img('ACPI.sys', 0xf7550000, 0x2e000, 0x48025b93),
  img('atapi.sys', 0xf74bf000, 0x18000, 0x48025ba4),
  img('Ntfs.sys', 0xf7421000, 0x83000, 0x48025bf2),
  img('KSecDD.sys', 0xf740f000, 0x12000, 0x48025c03),
  img('vmci.sys', 0xf7b57000, 0xb000, 0x4b1e8a3e),
  img('vmmouse.sys', 0xf7c3f000, 0x3000, 0x4b1e8a4c),
  img('win32k.sys', 0xbf800000, 0x1c2000, 0x48025c24, [
    ['xxxSleepThread', 0x2f5c0],
    ['xxxRealInternalGetMessage', 0x3b1a8],
    ['NtUserGetMessage', 0x3b9d2],
    ['xxxDispatchMessage', 0x3c080],
  ]),
  img('TDI.SYS', 0xf7b27000, 0x5000, 0x48025c3b),
  img('tcpip.sys', 0xf6c2d000, 0x58000, 0x48025c4c),
  img('afd.sys', 0xf6a2c000, 0x22000, 0x48025c1a),
];

/** User images: one entry per DLL; a process's loader list names them its own way (UxTheme, uxtheme). */
export const USER_IMAGES: Readonly<Record<string, XpImage>> = {
  ntdll: img(
    'ntdll.dll',
    0x7c900000,
    0xaf000,
    0x4802a12c,
    [
      ['DbgBreakPoint', 0x120e],
      ['ZwClose', 0xcfd0],
      ['NtClose', 0xcfd0],
      ['NtCreateFile', 0xd090],
      ['ZwCreateFile', 0xd090],
      ['NtDeviceIoControlFile', 0xd27e],
      ['ZwDeviceIoControlFile', 0xd27e],
      ['NtOpenKey', 0xd5be],
      ['ZwOpenKey', 0xd5be],
      ['NtQueryValueKey', 0xd8fe],
      ['ZwQueryValueKey', 0xd8fe],
      ['NtReadFile', 0xd9ce],
      ['ZwReadFile', 0xd9ce],
      ['NtWaitForSingleObject', 0xdf5e],
      ['ZwWaitForSingleObject', 0xdf5e],
      ['KiUserCallbackDispatcher', 0xe440],
      ['KiFastSystemCall', 0xe4f0],
      ['KiFastSystemCallRet', 0xe4f4],
      ['RtlAllocateHeap', 0x10016],
    ],
    'c:\\symbols\\ntdll.pdb\\1751003260CA42598C0FB326585000ED2\\ntdll.pdb',
  ),
  kernel32: img('kernel32.dll', 0x7c800000, 0xf6000, 0x49c4f482, [
    ['WaitForSingleObject', 0x2530],
    ['WaitForSingleObjectEx', 0x2540],
    ['BaseThreadStart', 0xb6dc],
    ['CreateFileW', 0x10800],
    ['ReadFile', 0x1812f],
    ['BaseProcessStart', 0x17054],
  ]),
  USER32: img('USER32.dll', 0x7e410000, 0x91000, 0x4802a11b, [
    ['NtUserGetMessage', 0x191c6],
    ['GetMessageW', 0x191ee],
    ['DispatchMessageW', 0x18bf4],
    ['PeekMessageW', 0x1929b],
  ]),
  GDI32: img('GDI32.dll', 0x77f10000, 0x49000, 0x49006f51),
  ADVAPI32: img('ADVAPI32.dll', 0x77dd0000, 0x9b000, 0x49901d48, [
    ['RegOpenKeyExW', 0x6f1b],
    ['RegQueryValueExW', 0x7b7e],
  ]),
  RPCRT4: img('RPCRT4.dll', 0x77e70000, 0x92000, 0x4a8ead28),
  Secur32: img('Secur32.dll', 0x77fe0000, 0x11000, 0x4802a17d),
  msvcrt: img('msvcrt.dll', 0x77c10000, 0x58000, 0x4802a12c),
  SHLWAPI: img('SHLWAPI.dll', 0x77f60000, 0x76000, 0x4802a12c),
  SHELL32: img('SHELL32.dll', 0x7c9c0000, 0x817000, 0x4b1e1b9c),
  comdlg32: img('comdlg32.dll', 0x763b0000, 0x49000, 0x4802a0e3),
  COMCTL32: img('COMCTL32.dll', 0x5d090000, 0x9a000, 0x4802a0d9),
  WINSPOOL: img('WINSPOOL.DRV', 0x73000000, 0x26000, 0x4802a0fb),
  ShimEng: img('ShimEng.dll', 0x5cb70000, 0x26000, 0x4802a0f3),
  AcGenral: img('AcGenral.DLL', 0x6f880000, 0x1ca000, 0x4802a0d0),
  WINMM: img('WINMM.dll', 0x76b40000, 0x2d000, 0x4802a12c),
  ole32: img('ole32.dll', 0x774e0000, 0x13d000, 0x4802a0f7),
  OLEAUT32: img('OLEAUT32.dll', 0x77120000, 0x8b000, 0x4802a11b),
  MSACM32: img('MSACM32.dll', 0x77be0000, 0x15000, 0x4802a0e5),
  VERSION: img('VERSION.dll', 0x77c00000, 0x8000, 0x4802a11f),
  USERENV: img('USERENV.dll', 0x769c0000, 0xb4000, 0x4802a11f),
  UxTheme: img('UxTheme.dll', 0x5ad70000, 0x38000, 0x4802a11a),
  MSCTF: img('MSCTF.dll', 0x74720000, 0x4c000, 0x4802a11a),
  msctfime: img('msctfime.ime', 0x755c0000, 0x2e000, 0x4802a11a),
  IMM32: img('IMM32.DLL', 0x76390000, 0x1d000, 0x4802a0e5),
  LPK: img('LPK.DLL', 0x629c0000, 0x9000, 0x4802a0e5),
  USP10: img('USP10.dll', 0x74d90000, 0x6b000, 0x4802a11f),
  notepad: img('notepad.exe', 0x01000000, 0x14000, 0x48025287, [
    ['WinMain', 0x2936],
    ['LoadFile', 0x2a86],
    ['WinMainCRTStartup', 0x739d],
  ]),
  VMwareUser: img('VMwareUser.exe', 0x00400000, 0x137000, 0x4b1e8b04, [], 'VMwareUser.exe'),
  sigc_2_0: img('sigc-2.0.dll', 0x10000000, 0x10000, 0x4b1e8a10, [], 'sigc-2.0.dll'),
  NETAPI32: img('NETAPI32.dll', 0x5b860000, 0x55000, 0x4802a10f),
  WS2_32: img('WS2_32.dll', 0x71ab0000, 0x17000, 0x4802a11c),
  WS2HELP: img('WS2HELP.dll', 0x71aa0000, 0x8000, 0x4802a11c),
  WSOCK32: img('WSOCK32.dll', 0x71ad0000, 0x9000, 0x4802a11c),
  iphlpapi: img('iphlpapi.dll', 0x76d60000, 0x19000, 0x4802a0f3),
  WINTRUST: img('WINTRUST.dll', 0x76c30000, 0x2e000, 0x4802a11f),
  CRYPT32: img('CRYPT32.dll', 0x77a80000, 0x95000, 0x4802a0d9),
  MSASN1: img('MSASN1.dll', 0x77b20000, 0x12000, 0x4802a0f1),
  IMAGEHLP: img('IMAGEHLP.dll', 0x76c90000, 0x28000, 0x4802a0e5),
  glib_2_0: img('libglib-2.0-0.dll', 0x68000000, 0x9a000, 0x4b1e8a11, [], null),
  gobject_2_0: img('libgobject-2.0-0.dll', 0x68a40000, 0x3c000, 0x4b1e8a11, [], null),
  intl: img('intl.dll', 0x61800000, 0x24000, 0x4b1e8a10, [], null),
  iconv: img('iconv.dll', 0x66000000, 0xf8000, 0x4b1e8a10, [], null),
  vmwarebase: img('vmwarebase.dll', 0x60a00000, 0x1a4000, 0x4b1e8af0, [], null),
  MSVCR80: img('MSVCR80.dll', 0x78130000, 0x9b000, 0x4d51e8e0),
  MSVCP80: img('MSVCP80.dll', 0x7c420000, 0x87000, 0x4d51e8e0),
  SETUPAPI: img('SETUPAPI.dll', 0x77920000, 0xf3000, 0x4802a0fb),
  wtsapi32: img('WTSAPI32.dll', 0x76f50000, 0x8000, 0x4802a11c),
  WINSTA: img('WINSTA.dll', 0x76360000, 0x10000, 0x4802a11c),
  PSAPI: img('PSAPI.DLL', 0x76bf0000, 0xb000, 0x4802a0f3),
  rsaenh: img('rsaenh.dll', 0x68000000 + 0x1000000, 0x29000, 0x4802a11a),
  DNSAPI: img('DNSAPI.dll', 0x76f20000, 0x27000, 0x4802a0e5),
  WLDAP32: img('WLDAP32.dll', 0x76f60000, 0x2c000, 0x4802a11c),
  svchost: img('svchost.exe', 0x01000000, 0x6000, 0x48025287),
  wuaueng: img('wuaueng.dll', 0x50000000, 0x184000, 0x4c5c0d81),
  netman: img('netman.dll', 0x76d90000, 0x37000, 0x4802a10f),
  schedsvc: img('schedsvc.dll', 0x76b70000, 0x3f000, 0x4802a11a),
  explorer: img('Explorer.EXE', 0x01000000, 0xff000, 0x4802a0d2),
  winlogon: img('winlogon.exe', 0x01000000, 0x81000, 0x4802a0fd),
  csrss: img('csrss.exe', 0x4a680000, 0x5000, 0x4802a0d9),
  CSRSRV: img('CSRSRV.dll', 0x75b40000, 0xb000, 0x4802a0d9),
  basesrv: img('basesrv.dll', 0x75b50000, 0x11000, 0x4802a0d9),
  winsrv: img('winsrv.dll', 0x75b60000, 0x4b000, 0x4802a0fd),
  smss: img('smss.exe', 0x48580000, 0xf000, 0x4802a0f3),
  services: img('services.exe', 0x01000000, 0x1c000, 0x4802a10f),
  lsass: img('lsass.exe', 0x01000000, 0x6000, 0x4802a10b),
  LSASRV: img('LSASRV.dll', 0x75730000, 0xb5000, 0x4802a10b),
  spoolsv: img('spoolsv.exe', 0x01000000, 0x10000, 0x4802a11a),
};

/** How a process's loader list names an image: the key in USER_IMAGES, optionally with its own spelling of the DLL name. */
type ModuleRef = string | readonly [key: string, dllName: string];

const BASE: readonly ModuleRef[] = ['ntdll', 'kernel32'];
const GUI: readonly ModuleRef[] = [...BASE, 'USER32', 'GDI32', 'ADVAPI32', 'RPCRT4', 'Secur32', 'msvcrt', 'IMM32', 'LPK', 'USP10'];

/** Notepad's 23 modules (the article's .reload /user prints 23 dots). */
const NOTEPAD: readonly ModuleRef[] = [
  'notepad',
  ...GUI,
  'comdlg32',
  'SHLWAPI',
  'COMCTL32',
  'SHELL32',
  'WINSPOOL',
  'ShimEng',
  'AcGenral',
  'WINMM',
  'ole32',
  'OLEAUT32',
  'UxTheme',
];

/** VMwareUser's 34 modules (34 dots); it loads uxtheme by a lower-case name. */
const VMWAREUSER: readonly ModuleRef[] = [
  'VMwareUser',
  'sigc_2_0',
  ['UxTheme', 'uxtheme.dll'],
  'NETAPI32',
  ...GUI,
  'SHLWAPI',
  'SHELL32',
  'COMCTL32',
  'ole32',
  'OLEAUT32',
  'VERSION',
  'WS2_32',
  'WS2HELP',
  'iphlpapi',
  'glib_2_0',
  'gobject_2_0',
  'intl',
  'iconv',
  'vmwarebase',
  'MSVCR80',
  'MSVCP80',
  'SETUPAPI',
  'wtsapi32',
  'MSCTF',
];

const SVCHOST: readonly ModuleRef[] = [
  'svchost',
  ...GUI,
  'SHLWAPI',
  'ole32',
  'OLEAUT32',
  'VERSION',
  'USERENV',
  'WINTRUST',
  'CRYPT32',
  'MSASN1',
  'IMAGEHLP',
  'WS2_32',
  'WS2HELP',
  'iphlpapi',
  'NETAPI32',
  'wuaueng',
  'netman',
  'schedsvc',
  'DNSAPI',
  'WLDAP32',
  'rsaenh',
  'SETUPAPI',
  'wtsapi32',
  'WINSTA',
  'PSAPI',
];

export interface XpThread {
  readonly ethread: number;
  readonly tid: number;
  readonly teb: number;
  /** Win32StartAddress (symbol resolved at lay-out time). */
  readonly start: string;
  /** Where the thread waits: its frames innermost first, kernel part then user part ('module!Routine+0xoff'). */
  readonly wait: 'message' | 'object' | 'idle';
}

export interface XpProcess {
  readonly eprocess: number;
  readonly name: string;
  readonly cid: number;
  readonly parent: number;
  /** null: no session (Idle, System, smss). */
  readonly session: number | null;
  readonly peb: number;
  readonly dirBase: number;
  readonly objectTable: number;
  readonly handleCount: number;
  readonly modules: readonly ModuleRef[];
  readonly threads: readonly XpThread[];
}

const t = (ethread: number, tid: number, teb: number, start: string, wait: XpThread['wait']): XpThread => ({ ethread, tid, teb, start, wait });

/** The session-0 image of every process that has one (Idle, System and smss have none). */
export const SESSION_SPACE = 0xf7a6e000;

/** Every process, in PsActiveProcessHead order; Idle is not on that list (it is PsIdleProcess). */
export const PROCESSES: readonly XpProcess[] = [
  {
    eprocess: 0x8055c0c0,
    name: 'Idle',
    cid: 0,
    parent: 0,
    session: null,
    peb: 0,
    dirBase: 0x00319000,
    objectTable: 0xe1002e40,
    handleCount: 253,
    modules: [],
    threads: [t(0x80558c20, 0, 0, 'nt!KiIdleLoop', 'idle'), t(0xf78b3090, 0, 0, 'nt!KiIdleLoop', 'idle')],
  },
  {
    eprocess: 0x89c3a830,
    name: 'System',
    cid: 4,
    parent: 0,
    session: null,
    peb: 0,
    dirBase: 0x00319000,
    objectTable: 0xe1002e40,
    handleCount: 253,
    modules: [],
    threads: [t(0x89c3a5b8, 8, 0, 'nt!KiIdleLoop', 'object')],
  },
  {
    eprocess: 0x89a26020,
    name: 'smss.exe',
    cid: 0x220,
    parent: 4,
    session: null,
    peb: 0x7ffd9000,
    dirBase: 0x06c60040,
    objectTable: 0xe14f0710,
    handleCount: 19,
    modules: ['smss', 'ntdll'],
    threads: [t(0x89a25da8, 0x224, 0x7ffdf000, 'smss!NtProcessStartup', 'object')],
  },
  {
    eprocess: 0x896e8da0,
    name: 'csrss.exe',
    cid: 0x268,
    parent: 0x220,
    session: 0,
    peb: 0x7ffdd000,
    dirBase: 0x06c60060,
    objectTable: 0xe155d3c8,
    handleCount: 389,
    modules: ['csrss', 'ntdll', 'CSRSRV', 'basesrv', 'winsrv', 'USER32', 'GDI32', 'kernel32'],
    threads: [t(0x896e7020, 0x26c, 0x7ffdf000, 'CSRSRV!CsrApiRequestThread', 'object')],
  },
  {
    eprocess: 0x89693938,
    name: 'winlogon.exe',
    cid: 0x280,
    parent: 0x220,
    session: 0,
    peb: 0x7ffdf000,
    dirBase: 0x06c60080,
    objectTable: 0xe1564610,
    handleCount: 507,
    modules: ['winlogon', ...GUI],
    threads: [t(0x896936c0, 0x284, 0x7ffde000, 'winlogon!WinMainCRTStartup', 'message')],
  },
  {
    eprocess: 0x8969e020,
    name: 'services.exe',
    cid: 0x2a4,
    parent: 0x280,
    session: 0,
    peb: 0x7ffd8000,
    dirBase: 0x06c600a0,
    objectTable: 0xe1579e80,
    handleCount: 254,
    modules: ['services', ...GUI],
    threads: [t(0x8969dda8, 0x2a8, 0x7ffdf000, 'services!WinMainCRTStartup', 'object')],
  },
  {
    eprocess: 0x8968b7e8,
    name: 'lsass.exe',
    cid: 0x2b0,
    parent: 0x280,
    session: 0,
    peb: 0x7ffdb000,
    dirBase: 0x06c600c0,
    objectTable: 0xe157d8e8,
    handleCount: 343,
    modules: ['lsass', ...GUI, 'LSASRV'],
    threads: [t(0x8968b570, 0x2b4, 0x7ffdf000, 'lsass!mainCRTStartup', 'object')],
  },
  {
    eprocess: 0x8962cda0,
    name: 'svchost.exe',
    cid: 0x360,
    parent: 0x2a4,
    session: 0,
    peb: 0x7ffd5000,
    dirBase: 0x06c60100,
    objectTable: 0xe1673b20,
    handleCount: 198,
    modules: SVCHOST.slice(0, 20),
    threads: [t(0x8962cb28, 0x364, 0x7ffdf000, 'svchost!wmainCRTStartup', 'object')],
  },
  {
    eprocess: 0x8960b020,
    name: 'svchost.exe',
    cid: 0x3a8,
    parent: 0x2a4,
    session: 0,
    peb: 0x7ffd6000,
    dirBase: 0x06c60120,
    objectTable: 0xe1694370,
    handleCount: 240,
    modules: SVCHOST.slice(0, 22),
    threads: [t(0x8960ada8, 0x3ac, 0x7ffdf000, 'svchost!wmainCRTStartup', 'object')],
  },
  {
    eprocess: 0x8612abe0,
    name: 'svchost.exe',
    cid: 0x430,
    parent: 0x2a4,
    session: 0,
    peb: 0x7ffdc000,
    dirBase: 0x06c60160,
    objectTable: 0xe15d5858,
    handleCount: 1115,
    modules: SVCHOST,
    threads: [t(0x8612a968, 0x434, 0x7ffdf000, 'svchost!wmainCRTStartup', 'object'), t(0x86117020, 0x4f8, 0x7ffde000, 'kernel32!BaseThreadStart', 'object')],
  },
  {
    eprocess: 0x860f3020,
    name: 'svchost.exe',
    cid: 0x488,
    parent: 0x2a4,
    session: 0,
    peb: 0x7ffd4000,
    dirBase: 0x06c60180,
    objectTable: 0xe16a2a98,
    handleCount: 75,
    modules: SVCHOST.slice(0, 18),
    threads: [t(0x860f2da8, 0x48c, 0x7ffdf000, 'svchost!wmainCRTStartup', 'object')],
  },
  {
    eprocess: 0x860cdda0,
    name: 'spoolsv.exe',
    cid: 0x570,
    parent: 0x2a4,
    session: 0,
    peb: 0x7ffde000,
    dirBase: 0x06c601c0,
    objectTable: 0xe16cf2d8,
    handleCount: 113,
    modules: ['spoolsv', ...GUI, 'WINSPOOL'],
    threads: [t(0x860cdb28, 0x574, 0x7ffdf000, 'spoolsv!wmainCRTStartup', 'object')],
  },
  {
    eprocess: 0x860a1b28,
    name: 'explorer.exe',
    cid: 0x5fc,
    parent: 0x5d4,
    session: 0,
    peb: 0x7ffd7000,
    dirBase: 0x06c601e0,
    objectTable: 0xe16e6f70,
    handleCount: 361,
    modules: ['explorer', ...GUI, 'SHLWAPI', 'SHELL32', 'COMCTL32', 'ole32', 'OLEAUT32', 'UxTheme', 'MSCTF'],
    threads: [t(0x860a18b0, 0x600, 0x7ffdf000, 'Explorer!ModuleEntry', 'message')],
  },
  {
    eprocess: 0x86182878,
    name: 'VMwareUser.exe',
    cid: 0x6e0,
    parent: 0x5fc,
    session: 0,
    peb: 0x7ffde000,
    dirBase: 0x06c60220,
    objectTable: 0xe16091e0,
    handleCount: 87,
    modules: VMWAREUSER,
    threads: [t(0x863e5a60, 0x6e4, 0x7ffdd000, 'VMwareUser+0x1c40', 'message'), t(0x86177020, 0x710, 0x7ffdc000, 'kernel32!BaseThreadStart', 'object')],
  },
  {
    eprocess: 0x86164020,
    name: 'ctfmon.exe',
    cid: 0x6e8,
    parent: 0x5fc,
    session: 0,
    peb: 0x7ffd9000,
    dirBase: 0x06c60240,
    objectTable: 0xe16a8d30,
    handleCount: 73,
    modules: [...GUI, 'MSCTF'],
    threads: [t(0x86163da8, 0x6ec, 0x7ffdf000, 'kernel32!BaseProcessStart', 'message')],
  },
  {
    eprocess: 0x863c22f0,
    name: 'notepad.exe',
    cid: 0xbc,
    parent: 0x5fc,
    session: 0,
    peb: 0x7ffdb000,
    dirBase: 0x06c602c0,
    objectTable: 0xe16718e8,
    handleCount: 29,
    modules: NOTEPAD,
    threads: [t(0x86153418, 0xc0, 0x7ffdf000, 'notepad!WinMainCRTStartup', 'message')],
  },
];

/** The kernel routines a waiting thread's stack passes through, innermost first. */
export const MESSAGE_WAIT_KERNEL = [
  'nt!KiSwapContext+0x2f',
  'nt!KiSwapThread+0x8a',
  'nt!KeWaitForSingleObject+0x1c2',
  'win32k!xxxSleepThread+0x192',
  'win32k!xxxRealInternalGetMessage+0x418',
  'win32k!NtUserGetMessage+0x27',
  'nt!KiFastCallEntry+0xfc',
];
export const OBJECT_WAIT_KERNEL = [
  'nt!KiSwapContext+0x2f',
  'nt!KiSwapThread+0x8a',
  'nt!KeWaitForSingleObject+0x1c2',
  'nt!NtWaitForSingleObject+0x8a',
  'nt!KiFastCallEntry+0xfc',
];

/** User frames of a message loop (the process's own WinMain above USER32's system call stub). */
export function messageLoopUser(p: XpProcess): string[] {
  const own =
    p.name === 'notepad.exe'
      ? ['notepad!WinMain+0xe5', 'notepad!WinMainCRTStartup+0x174']
      : p.name === 'VMwareUser.exe'
        ? ['VMwareUser+0x1d7a', 'VMwareUser+0x2ab3']
        : [];
  return ['ntdll!KiFastSystemCallRet', 'USER32!NtUserGetMessage+0xc', ...own, 'kernel32!BaseProcessStart+0x23'];
}

export const OBJECT_WAIT_USER = [
  'ntdll!KiFastSystemCallRet',
  'ntdll!ZwWaitForSingleObject+0xc',
  'kernel32!WaitForSingleObjectEx+0xa8',
  'kernel32!WaitForSingleObject+0x12',
  'kernel32!BaseThreadStart+0x37',
];

/**
 * The workload: which processes call which system services, how often (in
 * 10 ms scheduler ticks) and from where. The seeded scheduler staggers them.
 */
export interface XpActivity {
  readonly process: string;
  /** The service, by its ntdll stub. */
  readonly service: 'NtCreateFile' | 'NtOpenKey' | 'NtQueryValueKey' | 'NtReadFile' | 'NtWaitForSingleObject';
  readonly period: number;
  /** The user-mode callers, innermost first, above the ntdll stub. */
  readonly callers: readonly string[];
}

export const ACTIVITIES: readonly XpActivity[] = [
  {
    process: 'svchost.exe#0430',
    service: 'NtCreateFile',
    period: 37,
    callers: ['kernel32!CreateFileW+0x35b', 'wuaueng+0x4c2e1', 'kernel32!BaseThreadStart+0x37'],
  },
  {
    process: 'svchost.exe#0430',
    service: 'NtQueryValueKey',
    period: 23,
    callers: ['ADVAPI32!RegQueryValueExW+0x96', 'netman+0x1a2c3', 'kernel32!BaseThreadStart+0x37'],
  },
  { process: 'explorer.exe', service: 'NtOpenKey', period: 41, callers: ['ADVAPI32!RegOpenKeyExW+0x10b', 'SHELL32+0x2b4e1', 'kernel32!BaseProcessStart+0x23'] },
  { process: 'VMwareUser.exe', service: 'NtReadFile', period: 29, callers: ['kernel32!ReadFile+0x67', 'vmwarebase+0x3c1a0', 'kernel32!BaseThreadStart+0x37'] },
  {
    process: 'VMwareUser.exe',
    service: 'NtCreateFile',
    period: 211,
    callers: ['kernel32!CreateFileW+0x35b', 'vmwarebase+0x3b0c4', 'kernel32!BaseThreadStart+0x37'],
  },
  {
    process: 'notepad.exe',
    service: 'NtCreateFile',
    period: 97,
    callers: [
      'kernel32!CreateFileW+0x35b',
      'notepad!LoadFile+0x4c',
      'notepad!WinMain+0xe5',
      'notepad!WinMainCRTStartup+0x174',
      'kernel32!BaseProcessStart+0x23',
    ],
  },
  {
    process: 'notepad.exe',
    service: 'NtQueryValueKey',
    period: 53,
    callers: ['ADVAPI32!RegQueryValueExW+0x96', 'notepad!WinMain+0xe5', 'notepad!WinMainCRTStartup+0x174', 'kernel32!BaseProcessStart+0x23'],
  },
  {
    process: 'csrss.exe',
    service: 'NtWaitForSingleObject',
    period: 19,
    callers: ['kernel32!WaitForSingleObjectEx+0xa8', 'kernel32!WaitForSingleObject+0x12', 'kernel32!BaseThreadStart+0x37'],
  },
];

/** The XP SP3 system service numbers of the stubs above (what `mov eax,…` loads). */
export const SERVICE_NUMBERS: Readonly<Record<XpActivity['service'], number>> = {
  NtCreateFile: 0x25,
  NtOpenKey: 0x77,
  NtQueryValueKey: 0xb1,
  NtReadFile: 0xb7,
  NtWaitForSingleObject: 0x10f,
};

/** A process by image name, with `#cid` (hex, 4 digits) to pick one of several. */
export function processNamed(spec: string): XpProcess | undefined {
  const [name, cid] = spec.split('#');
  return PROCESSES.find((p) => p.name === name && (cid === undefined || p.cid === parseInt(cid, 16)));
}

/** The image a module reference names, and the name the loader list gives it. */
export function moduleOf(ref: ModuleRef): { image: XpImage; dllName: string } | null {
  const [key, name] = typeof ref === 'string' ? [ref, null] : ref;
  const image = USER_IMAGES[key];
  return image ? { image, dllName: name ?? image.file } : null;
}
