/**
 * Processes and threads (Ps): the processes a Windows 7 x64 machine has after
 * boot, each with an EPROCESS in nonpaged pool, a PEB and user modules in its
 * own user address space, a handle table and threads; and the processes the
 * console starts for each tool it runs (sc.exe, pwrtest.exe…), which live for
 * the duration of the command. Plain data, deterministic: ids and addresses
 * come from the boot table and the machine's seeded random source.
 */
import type { Machine } from '../machine.ts';
import { Subsystem } from '../subsystem.ts';
import type { Pool } from '../mm/pool.ts';
import { USER_MODULES, userModuleDef, type UserModuleDef } from './images.ts';

export interface UserModule {
  /** 'ntdll.dll' */
  name: string;
  /** Base address (hex, 16 digits). */
  base: string;
  size: number;
  path: string;
}

/** A call frame as a symbol reference: 'module!Function+0xoff' (module as lm names it). */
export type FrameRef = string;

export type ThreadState = 'Running' | 'Ready' | 'Waiting' | 'Terminated';

export interface Thread {
  tid: number;
  pid: number;
  /** ETHREAD address (hex). */
  ethread: string;
  /** TEB address (hex); '0' for system threads. */
  teb: string;
  state: ThreadState;
  /** KWAIT_REASON name as !thread prints it ('UserRequest', 'Executive', 'WrQueue'…). */
  waitReason: string;
  /** Where the thread started ('nt!PopIrpWorker', 'cmd!mainCRTStartup'…). */
  start: FrameRef;
  /** Which of the machine's standard waits the thread sits in (see `threadFrames`); its index in its process. */
  index: number;
  /** Kernel stack: initial (top) and limit (hex). */
  stackBase: string;
  stackLimit: string;
  /** User stack top (hex); '0' for system threads. */
  userStack: string;
  /** Virtual ms since boot. */
  created: number;
  /** Processor it last ran on. */
  processor: number;
  /** The stack of a tool's thread blocked in a system call (innermost first), when it is not one of the standard waits. */
  frames?: FrameRef[];
}

export interface Process {
  pid: number;
  parent: number;
  /** EPROCESS.ImageFileName: the file name, at most 14 characters kept. */
  name: string;
  /** Win32 path of the image. */
  image: string;
  commandLine: string;
  /** null: not in a session (System, smss). */
  session: number | null;
  /** EPROCESS address (hex). */
  eprocess: string;
  /** PEB address (hex); '0' for System and Idle. */
  peb: string;
  /** Directory table base (physical, hex). */
  dirBase: string;
  /** HANDLE_TABLE address (hex); '0' for Idle. */
  objectTable: string;
  handleCount: number;
  threads: number[];
  /** DLLs loaded beyond ntdll, kernel32 and KERNELBASE (see `processModules`). */
  extra: string[];
  created: number;
  /** Set when the process has exited (it stays until its last reference goes; here: removed at once). */
  exited: boolean;
}

export interface PsState {
  processes: Record<number, Process>;
  threads: Record<number, Thread>;
  /** Active process list order (PsActiveProcessHead), by pid. */
  active: number[];
  nextPid: number;
  /** The console's own process (cmd.exe). */
  consolePid: number;
  /** The process a console tool runs in while its command runs (null between commands). */
  currentTool: number | null;
  /** A process making a system call of its own for the running command (services.exe's ZwLoadDriver), while it does. */
  actor?: number;
  /** Idle threads, one per processor (ETHREAD addresses, hex). */
  idleThreads: string[];
  idleProcess: string;
  /** Kernel stack slots handed out at boot. */
  stackSlots: number;
}

interface BootProcess {
  readonly pid: number;
  readonly parent: number;
  readonly name: string;
  readonly dir: string;
  readonly args: string;
  readonly session: number | null;
  readonly threads: number;
  readonly handles: number;
  readonly extra: readonly string[];
}

const SYS32 = 'C:\\Windows\\System32';

/** What a fresh Windows 7 SP1 x64 machine runs after the user logs on, as tasklist lists it. */
const BOOT: readonly BootProcess[] = [
  { pid: 4, parent: 0, name: 'System', dir: '', args: '', session: null, threads: 4, handles: 488, extra: [] },
  { pid: 0x104, parent: 4, name: 'smss.exe', dir: SYS32, args: '', session: null, threads: 2, handles: 29, extra: [] },
  {
    pid: 0x160,
    parent: 0x154,
    name: 'csrss.exe',
    dir: SYS32,
    args: 'ObjectDirectory=\\Windows SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=basesrv,1',
    session: 0,
    threads: 9,
    handles: 412,
    extra: ['csrsrv.dll', 'basesrv.DLL', 'winsrv.DLL'],
  },
  {
    pid: 0x18c,
    parent: 0x154,
    name: 'wininit.exe',
    dir: SYS32,
    args: '',
    session: 0,
    threads: 3,
    handles: 77,
    extra: ['USER32.dll', 'ADVAPI32.dll', 'msvcrt.dll'],
  },
  {
    pid: 0x194,
    parent: 0x184,
    name: 'csrss.exe',
    dir: SYS32,
    args: 'ObjectDirectory=\\Windows SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=basesrv,1',
    session: 1,
    threads: 8,
    handles: 203,
    extra: ['csrsrv.dll', 'basesrv.DLL', 'winsrv.DLL'],
  },
  {
    pid: 0x1c4,
    parent: 0x184,
    name: 'winlogon.exe',
    dir: SYS32,
    args: '',
    session: 1,
    threads: 3,
    handles: 112,
    extra: ['USER32.dll', 'ADVAPI32.dll', 'msvcrt.dll'],
  },
  {
    pid: 0x1e4,
    parent: 0x18c,
    name: 'services.exe',
    dir: SYS32,
    args: '',
    session: 0,
    threads: 7,
    handles: 206,
    extra: ['ADVAPI32.dll', 'msvcrt.dll', 'RPCRT4.dll'],
  },
  {
    pid: 0x1f4,
    parent: 0x18c,
    name: 'lsass.exe',
    dir: SYS32,
    args: '',
    session: 0,
    threads: 7,
    handles: 540,
    extra: ['ADVAPI32.dll', 'msvcrt.dll', 'RPCRT4.dll'],
  },
  {
    pid: 0x1fc,
    parent: 0x18c,
    name: 'lsm.exe',
    dir: SYS32,
    args: '',
    session: 0,
    threads: 10,
    handles: 142,
    extra: ['ADVAPI32.dll', 'msvcrt.dll', 'RPCRT4.dll'],
  },
  {
    pid: 0x25c,
    parent: 0x1e4,
    name: 'svchost.exe',
    dir: SYS32,
    args: '-k DcomLaunch',
    session: 0,
    threads: 9,
    handles: 351,
    extra: ['ADVAPI32.dll', 'msvcrt.dll', 'RPCRT4.dll'],
  },
  {
    pid: 0x2a8,
    parent: 0x1e4,
    name: 'svchost.exe',
    dir: SYS32,
    args: '-k RPCSS',
    session: 0,
    threads: 8,
    handles: 287,
    extra: ['ADVAPI32.dll', 'msvcrt.dll', 'RPCRT4.dll'],
  },
  {
    pid: 0x2f0,
    parent: 0x1e4,
    name: 'svchost.exe',
    dir: SYS32,
    args: '-k LocalServiceNetworkRestricted',
    session: 0,
    threads: 14,
    handles: 402,
    extra: ['ADVAPI32.dll', 'msvcrt.dll', 'RPCRT4.dll'],
  },
  {
    pid: 0x334,
    parent: 0x1e4,
    name: 'svchost.exe',
    dir: SYS32,
    args: '-k netsvcs',
    session: 0,
    threads: 31,
    handles: 1020,
    extra: ['ADVAPI32.dll', 'msvcrt.dll', 'RPCRT4.dll'],
  },
  {
    pid: 0x3a0,
    parent: 0x1e4,
    name: 'svchost.exe',
    dir: SYS32,
    args: '-k LocalService',
    session: 0,
    threads: 12,
    handles: 330,
    extra: ['ADVAPI32.dll', 'msvcrt.dll', 'RPCRT4.dll'],
  },
  {
    pid: 0x564,
    parent: 0x538,
    name: 'explorer.exe',
    dir: 'C:\\Windows',
    args: '',
    session: 1,
    threads: 18,
    handles: 640,
    extra: ['USER32.dll', 'ADVAPI32.dll', 'msvcrt.dll', 'SHELL32.dll'],
  },
  { pid: 0x6a0, parent: 0x194, name: 'conhost.exe', dir: SYS32, args: '', session: 1, threads: 2, handles: 52, extra: ['USER32.dll', 'msvcrt.dll'] },
  { pid: 0x698, parent: 0x564, name: 'cmd.exe', dir: SYS32, args: '', session: 1, threads: 1, handles: 21, extra: ['msvcrt.dll'] },
];

const BOOT_PIDS: ReadonlySet<number> = new Set(BOOT.map((b) => b.pid));

/** EPROCESS and ETHREAD allocation sizes (Windows 7 SP1 x64), object header excluded. */
export const EPROCESS_SIZE = 0x4d0;
export const ETHREAD_SIZE = 0x498;

const hex = (v: bigint | number) => BigInt(v).toString(16).padStart(16, '0');

/** Frames of a thread waiting in the kernel for user input or an object: the system-call path. */
export function waitingFrames(service: string, user: readonly FrameRef[]): FrameRef[] {
  return ['nt!KiSwapContext+0x7a', 'nt!KiCommitThreadWait+0x1d2', 'nt!KeWaitForSingleObject+0x19f', `nt!${service}`, 'nt!KiSystemServiceCopyEnd+0x13', ...user];
}

export class ProcessManager extends Subsystem<PsState> {
  readonly snapshotKey = 'ps';
  private readonly machine: Machine;
  private readonly pool: Pool;
  /** Allocates an object (header + body) and returns the body address: the object manager's. */
  private readonly allocateObject: (type: 'Process' | 'Thread', size: number) => string;
  /** Dereference a process or thread object for the last time (its body's address): the object and its pool go. */
  private readonly freeObject: (address: string) => void;

  constructor(
    machine: Machine,
    pool: Pool,
    allocateObject: (type: 'Process' | 'Thread', size: number) => string,
    freeObject: (address: string) => void = () => {},
  ) {
    super({ processes: {}, threads: {}, active: [], nextPid: 0x7a0, consolePid: 0x698, currentTool: null, idleThreads: [], idleProcess: '0', stackSlots: 0 });
    this.machine = machine;
    this.pool = pool;
    this.allocateObject = allocateObject;
    this.freeObject = freeObject;
  }

  get processorCount(): number {
    return 2;
  }

  /** Create the boot processes (called once by bootWindows). */
  boot(bootTime: number): void {
    this.state.idleProcess = hex(0xfffff80002c3ef40n);
    this.state.idleThreads = [hex(0xfffff80002c4ccc0n), hex(0xfffff880009f2fc0n)];
    for (const b of BOOT) {
      const p = this.createProcess(b.pid, b.parent, b.name, b.dir, b.args, b.session, b.extra, b.handles, -bootTime);
      for (let i = 0; i < b.threads; i++) this.createThread(p, i === 0 ? mainStart(b.name) : workerStart(b.name));
    }
  }

  private dirBase(pid: number): string {
    if (pid === 4) return hex(0x187000);
    return hex(0x10000000n + BigInt(this.machine.rng.int(0x100, 0x7fff)) * 0x1000n);
  }

  createProcess(
    pid: number,
    parent: number,
    name: string,
    dir: string,
    args: string,
    session: number | null,
    extra: readonly string[],
    handles: number,
    created: number,
  ): Process {
    const eprocess = this.allocateObject('Process', EPROCESS_SIZE);
    const system = pid === 4;
    const image = dir ? `${dir}\\${name}` : name;
    const p: Process = {
      pid,
      parent,
      name,
      image,
      commandLine: system ? '' : `${dir === SYS32 ? name : `"${image}"`}${args ? ' ' + args : ''}`,
      session,
      eprocess,
      peb: system ? '0' : hex(0x7fffffd8000n + BigInt((pid >> 2) % 8) * 0x1000n),
      dirBase: this.dirBase(pid),
      objectTable: hex(this.pool.allocate(0x68, 'Obtb', true, `handletable:${pid}`)),
      handleCount: handles,
      threads: [],
      extra: [...extra],
      created,
      exited: false,
    };
    this.state.processes[pid] = p;
    this.state.active.push(pid);
    return p;
  }

  /** A new thread of `p`; a tool's main thread (`tool`) reuses its process's stack slot, `slot` picks one outright. */
  createThread(p: Process, start: FrameRef, tool = false, slot?: number): Thread {
    // Process and thread ids come from one client-id table: a thread id is never another thread's or a process's.
    let tid = p.pid === 4 ? 8 + p.threads.length * 4 : p.pid + 4 + p.threads.length * 4;
    while (this.state.threads[tid] !== undefined || this.state.processes[tid] !== undefined || BOOT_PIDS.has(tid)) tid += 4;
    const ethread = this.allocateObject('Thread', ETHREAD_SIZE);
    // Kernel stacks: one 32 KB slot each below the driver images; a tool's thread reuses a slot.
    const at = slot ?? (tool ? 0x80 + ((p.pid >> 2) % 16) : this.state.stackSlots++);
    const stackBase = 0xfffff88002006000n + BigInt(at) * 0x8000n;
    const t: Thread = {
      tid,
      pid: p.pid,
      ethread,
      teb: p.pid === 4 ? '0' : hex(BigInt('0x' + p.peb) - BigInt(p.threads.length + 1) * 0x2000n),
      state: 'Waiting',
      waitReason: p.pid === 4 ? 'Executive' : 'UserRequest',
      start,
      index: p.threads.length,
      stackBase: hex(stackBase),
      stackLimit: hex(stackBase - 0x6000n),
      userStack: p.pid === 4 ? '0' : hex(0x1000000n + BigInt(p.threads.length) * 0x100000n),
      created: p.created,
      processor: p.threads.length % 2,
    };
    this.state.threads[tid] = t;
    p.threads.push(tid);
    return t;
  }

  /** The console runs a tool: a child process of cmd.exe for the command's duration. */
  startTool(file: string, commandLine: string): Process {
    const pid = this.state.nextPid;
    this.state.nextPid += 4;
    const p = this.createProcess(pid, this.state.consolePid, file, SYS32, '', 1, ['ADVAPI32.dll', 'msvcrt.dll'], 12, this.machine.clock.now());
    p.commandLine = commandLine;
    const main = this.createThread(p, `${moduleName(file)}!wmainCRTStartup`, true);
    main.state = 'Running';
    main.processor = 0;
    this.state.currentTool = pid;
    return p;
  }

  /**
   * Told when a process exits, before it goes (its handles are closed, its I/O cancelled). `entry`:
   * how its thread got to PspExitThread, when not through its own NtTerminateProcess.
   */
  exiting: ((pid: number, entry?: readonly FrameRef[]) => void) | null = null;

  /** The tool's process exits at the end of its command (or, with `entry`, is made to exit: Ctrl-C's ExitProcess). */
  endTool(entry?: readonly FrameRef[]): void {
    const pid = this.state.currentTool;
    if (pid === null) return;
    this.exiting?.(pid, entry);
    this.state.currentTool = null;
    this.remove(pid);
  }

  private remove(pid: number): void {
    const p = this.state.processes[pid];
    if (!p) return;
    // Nothing else references an exited tool's process: its objects and handle table are freed.
    for (const tid of p.threads) {
      const t = this.state.threads[tid];
      if (t) this.freeObject(t.ethread);
      delete this.state.threads[tid];
    }
    this.freeObject(p.eprocess);
    this.pool.free(BigInt(`0x${p.objectTable}`));
    delete this.state.processes[pid];
    this.state.active = this.state.active.filter((x) => x !== pid);
  }

  process(pid: number): Process | undefined {
    return this.state.processes[pid];
  }

  /** Processes in PsActiveProcessHead order. */
  list(): Process[] {
    return this.state.active.map((pid) => this.state.processes[pid]).filter((p): p is Process => p !== undefined);
  }

  threadsOf(p: Process): Thread[] {
    return p.threads.map((t) => this.state.threads[t]).filter((t): t is Thread => t !== undefined);
  }

  /** The process whose code is calling into the kernel now: the running tool, else cmd.exe. */
  requestor(): Process | undefined {
    return this.state.processes[this.state.actor ?? this.state.currentTool ?? this.state.consolePid];
  }

  /** Run `fn` with `pid` as the process calling into the kernel (a service's own system call on a tool's behalf). */
  actingAs<T>(pid: number, fn: () => T): T {
    const outer = this.state.actor;
    this.state.actor = pid;
    try {
      return fn();
    } finally {
      if (outer === undefined) delete this.state.actor;
      else this.state.actor = outer;
    }
  }
}

/** Module name as lm shows it: the file name without its extension. */
export function moduleName(file: string): string {
  return file.replace(/\.[^.]*$/, '');
}

function mainStart(name: string): FrameRef {
  return name === 'System' ? 'nt!Phase1Initialization' : `${moduleName(name)}!wmainCRTStartup`;
}

function workerStart(name: string): FrameRef {
  return name === 'System' ? 'nt!ExpWorkerThread' : 'ntdll!TppWorkerThread';
}

/** The stack a thread shows while it waits (innermost first, kernel then user frames). */
export function threadFrames(p: Process, t: Thread): FrameRef[] {
  if (p.pid === p.parent && p.pid === 0) return [];
  if (t.frames) return [...t.frames];
  return idleFrames(p.name, t.index);
}

/** A process's user modules: its program, the three every process has, and its extra DLLs. */
export function processModules(p: Process): UserModule[] {
  return p.pid === 4 ? [] : userModules(p.name, p.image, p.extra);
}

function idleFrames(name: string, index: number): FrameRef[] {
  const thunk = ['kernel32!BaseThreadInitThunk+0xd', 'ntdll!RtlUserThreadStart+0x21'];
  if (name === 'System') {
    return index === 0
      ? [
          'nt!KiSwapContext+0x7a',
          'nt!KiCommitThreadWait+0x1d2',
          'nt!KeWaitForMultipleObjects+0x271',
          'nt!PopIrpWorkerControl+0x4e',
          'nt!PspSystemThreadStartup+0x5a',
          'nt!KxStartSystemThread+0x16',
        ]
      : [
          'nt!KiSwapContext+0x7a',
          'nt!KiCommitThreadWait+0x1d2',
          'nt!KeRemoveQueueEx+0x323',
          'nt!ExpWorkerThread+0xe9',
          'nt!PspSystemThreadStartup+0x5a',
          'nt!KxStartSystemThread+0x16',
        ];
  }
  if (name === 'cmd.exe') {
    const user = [
      'ntdll!ZwRequestWaitReplyPort+0xa',
      'kernel32!ConsoleClientCallServer+0x54',
      'kernel32!ReadConsoleInternal+0x1f1',
      'kernel32!ReadConsoleW+0x71',
      'cmd!ReadBufFromConsole+0x10a',
      'cmd!FillBuf+0x2d5',
      'cmd!Lex+0x53',
      'cmd!Parser+0xb0',
      'cmd!main+0xc8',
      'cmd!wmainCRTStartup+0x14c',
    ];
    return waitingFrames('NtRequestWaitReplyPort+0x1e0', [...user, ...thunk]);
  }
  if (index === 0)
    return waitingFrames('NtWaitForSingleObject+0xde', [
      'ntdll!ZwWaitForSingleObject+0xa',
      'KERNELBASE!WaitForSingleObjectEx+0x79',
      `${moduleName(name)}!wmain+0x1d4`,
      `${moduleName(name)}!wmainCRTStartup+0x11f`,
      ...thunk,
    ]);
  return waitingFrames('NtWaitForWorkViaWorkerFactory+0x417', ['ntdll!ZwWaitForWorkViaWorkerFactory+0xa', 'ntdll!TppWorkerThread+0x2c9', ...thunk]);
}

function userModules(name: string, image: string, extra: readonly string[]): UserModule[] {
  const exe = userModuleDef(name);
  const list: UserModuleDef[] = [exe];
  for (const n of ['ntdll.dll', 'kernel32.dll', 'KERNELBASE.dll', ...extra]) {
    const d = USER_MODULES[n.toLowerCase()];
    if (d) list.push(d);
  }
  return list.map((d) => ({ name: d.file, base: hex(d.base), size: d.size, path: d === exe ? image : `${SYS32}\\${d.file}` }));
}
