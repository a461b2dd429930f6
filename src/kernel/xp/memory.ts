/**
 * The XP machine's memory, laid out from its state by the XP SP3 types: the
 * kernel half (objects, kernel stacks, trap frames, code) is one space shared
 * by every process; each process has its own low 2 GB (PEB, loader list, TEB,
 * user stacks, the images' code). Stacks are frame-pointer chains: [ebp] is
 * the caller's ebp and [ebp+4] the return address, as on real x86.
 */

import type { TypeDatabase } from '../../base/typedb.ts';
import { StructWriter, utf16z } from '../mm/layout.ts';
import {
  KERNEL_IMAGES,
  MESSAGE_WAIT_KERNEL,
  messageLoopUser,
  moduleOf,
  OBJECT_WAIT_KERNEL,
  OBJECT_WAIT_USER,
  PROCESSES,
  SERVICE_NUMBERS,
  SESSION_SPACE,
  USER_IMAGES,
  type XpImage,
  type XpProcess,
  type XpThread,
} from './data.ts';
import { xpTypes } from './types.ts';
import { laidHandles } from './handles.ts';
import { Pages } from './pages.ts';

export { Pages } from './pages.ts';

/** The top of the user address space: the low 2 GB. */
export const USER_LIMIT = 0x80000000;

/** Resolve 'module!Routine+0xoff' or 'module+0xoff' to an address in the XP machine's images. */
export function routineAddress(ref: string): number {
  const m = /^([^!+]+)(?:!([^+]+))?(?:\+0x([0-9a-f]+))?$/i.exec(ref);
  if (!m) throw new Error(`bad routine reference ${ref}`);
  const image = imageNamed(m[1]);
  if (!image) throw new Error(`no image ${m[1]}`);
  const off = m[3] ? parseInt(m[3], 16) : 0;
  if (!m[2]) return image.base + off;
  const sym = image.symbols.find(([n]) => n === m[2]);
  if (!sym) throw new Error(`no symbol ${ref}`);
  return image.base + sym[1] + off;
}

function imageNamed(module: string): XpImage | undefined {
  const n = module.toLowerCase();
  if (n === 'nt') return KERNEL_IMAGES[0];
  const k = KERNEL_IMAGES.find((i) => i.file.replace(/\.\w+$/, '').toLowerCase() === n);
  if (k) return k;
  return Object.entries(USER_IMAGES).find(([key, i]) => key.toLowerCase() === n || i.file.replace(/\.\w+$/, '').toLowerCase() === n)?.[1];
}

/** Routines whose frame is a trap frame (the walk continues from its saved Eip/Ebp). */
export const TRAP_ROUTINES: ReadonlySet<string> = new Set(['nt!KiFastCallEntry', 'hal!HalpClockInterrupt']);

/** Where the XP machine keeps things that are not in the article (deterministic, per index). */
export const LAYOUT = {
  /** nt!PsActiveProcessHead. */
  activeHead: routineAddress('nt!PsActiveProcessHead'),
  kernelStack: (t: XpThread, index: number): number => (t.ethread === 0x86153418 ? 0xee59f000 : 0xed000000 + index * 0x10000 + 0x3000),
  userStack: (_t: XpThread, index: number): number => (index === 0 ? 0x00080000 : 0x00d00000 + index * 0x100000),
  ldr: 0x00241e90,
  ldrEntries: 0x00241f00,
};

/** The frames a thread is in: innermost first, as 'module!Routine+0xoff'. */
export interface LaidThread {
  /** Where the walk starts: the instruction pointer and frame pointer of frame 0. */
  readonly ip: number;
  readonly ebp: number;
  readonly esp: number;
  readonly trapFrame: number;
}

/** Default frames of a thread at rest: its kernel wait, then the user frames that made the call. */
export function restingFrames(p: XpProcess, t: XpThread): string[] {
  if (t.wait === 'idle') return ['nt!KiIdleLoop+0x10'];
  const kernel = t.wait === 'message' ? MESSAGE_WAIT_KERNEL : OBJECT_WAIT_KERNEL;
  if (p.peb === 0) return ['nt!KiSwapContext+0x2f', 'nt!KiSwapThread+0x8a', 'nt!KeWaitForSingleObject+0x1c2'];
  const user = t.wait === 'message' ? messageLoopUser(p) : OBJECT_WAIT_USER;
  return [...kernel, ...user];
}

/**
 * Lay a chain of frames into the kernel stack under `initialStack` (trap frame at
 * initialStack-0x29c, as XP places it) and the user stack under `userTop`.
 */
function layChain(k: Pages, u: Pages | null, frames: readonly string[], initialStack: number, userTop: number, db: TypeDatabase): LaidThread {
  const trapFrame = initialStack - 0x29c;
  const ips = frames.map((f) => routineAddress(f));
  const ebps: number[] = [];
  const trapAt = frames.findIndex((f) => TRAP_ROUTINES.has(f.replace(/\+0x[0-9a-f]+$/, '')));
  // Kernel frames below the trap frame (or below the stack top), innermost lowest.
  let kernelCount = trapAt >= 0 ? trapAt : frames.filter((_, i) => ips[i] >= USER_LIMIT).length;
  let next = trapAt >= 0 ? trapFrame - 0xc : initialStack - 0x2a0;
  for (let i = kernelCount - 1; i >= 0; i--) {
    ebps[i] = next;
    next -= 0x24 + i * 4;
  }
  if (trapAt >= 0) ebps[trapAt] = trapFrame;
  let userNext = userTop - 0x140;
  // Above a trap frame: the interrupted code's frames (user mode, or kernel code such as the idle loop).
  let kernelAbove = trapFrame + 0x100;
  for (let i = trapAt >= 0 ? trapAt + 1 : kernelCount; i < frames.length; i++) {
    if (ips[i] >= USER_LIMIT) {
      ebps[i] = kernelAbove;
      kernelAbove += 0x20;
      continue;
    }
    ebps[i] = userNext;
    userNext += 0x20 + (i % 3) * 0x10;
  }
  kernelCount = trapAt >= 0 ? trapAt : kernelCount;
  const write = (addr: number, value: number): void => (addr >= USER_LIMIT ? k : u)?.u32(addr, value);
  for (let i = 0; i < frames.length; i++) {
    if (i === trapAt) {
      const w = new StructWriter(db, 'nt', '_KTRAP_FRAME', new Uint8Array(0x8c), 0, BigInt(trapFrame));
      const userEbp = ebps[i + 1] ?? 0;
      const userIp = ips[i + 1] ?? 0;
      // The interrupted code: user mode (a system call) or the kernel itself (an interrupt in the idle loop),
      // whose frame has no HardwareEsp/HardwareSegSs (the processor pushes them only on a ring change).
      const fromUser = userIp < USER_LIMIT;
      w.set('DbgEbp', userEbp)
        .set('DbgEip', userIp)
        .set('Ebp', userEbp)
        .set('Eip', userIp)
        .set('SegCs', fromUser ? 0x1b : 0x8)
        .set('EFlags', fromUser ? 0x246 : 0x202)
        .set('SegDs', 0x23)
        .set('SegEs', 0x23)
        .set('SegFs', fromUser ? 0x3b : 0x30)
        .set('Eax', 0)
        .set('ExceptionList', 0xffffffff)
        .set('PreviousPreviousMode', fromUser ? 1 : 0)
        .set('DbgArgMark', 0xbadb0d00);
      if (fromUser) w.set('HardwareSegSs', 0x23).set('HardwareEsp', userEbp - 0x2c);
      k.write(trapFrame, w.out);
      continue;
    }
    const ebp = ebps[i];
    write(ebp, ebps[i + 1] ?? 0);
    write(ebp + 4, ips[i + 1] ?? 0);
    // Three words of arguments above the return address, as `Args to Child` shows them.
    write(ebp + 8, (ebps[i + 1] ?? 0) === 0 ? 0 : ((ips[i] ^ 0x5a5a) & 0xffff) | (ebp & 0xffff0000));
    write(ebp + 12, 0);
    write(ebp + 16, ebp + 0x30);
  }
  const esp = (ebps[0] ?? initialStack) - 0x10;
  return { ip: ips[0] ?? 0, ebp: ebps[0] ?? 0, esp, trapFrame: trapAt >= 0 ? trapFrame : 0 };
}

/** What the machine's state says that memory depends on. */
export interface MemoryInputs {
  /** The thread each processor runs (ETHREAD) and the frames it is stopped in, when the machine is stopped. */
  readonly running: readonly { readonly ethread: number; readonly frames: readonly string[] | null }[];
}

export interface XpMemory {
  readonly kernel: Pages;
  readonly user: ReadonlyMap<number, Pages>;
  readonly threads: ReadonlyMap<number, LaidThread>;
}

function stubCode(service: number, argBytes: number): Uint8Array {
  // mov eax,service; mov edx,7FFE0300h; call dword ptr [edx]; ret argBytes
  return new Uint8Array([0xb8, service & 0xff, service >> 8, 0, 0, 0xba, 0x00, 0x03, 0xfe, 0x7f, 0xff, 0x12, 0xc2, argBytes & 0xff, argBytes >> 8]);
}

/** Lay the whole machine out. */
export function layMemory(inputs: MemoryInputs): XpMemory {
  const db = xpTypes();
  const kernel = new Pages();
  const user = new Map<number, Pages>();
  const threads = new Map<number, LaidThread>();
  const active = PROCESSES.filter((p) => p.name !== 'Idle');
  const linkOf = (p: XpProcess): number => p.eprocess + 0x88;
  // PsActiveProcessHead and the list through every process but Idle.
  kernel.u32(LAYOUT.activeHead, linkOf(active[0]));
  kernel.u32(LAYOUT.activeHead + 4, linkOf(active[active.length - 1]));
  // Code the debugger shows at stops: int 3 at RtlpBreakWithStatusInstruction.
  kernel.write(routineAddress('nt!RtlpBreakWithStatusInstruction'), new Uint8Array([0xcc, 0xc3]));
  kernel.map(SESSION_SPACE, 0x1000);
  kernel.u32(SESSION_SPACE + 8, 0);
  let threadIndex = 0;
  for (const p of PROCESSES) {
    const ep = new StructWriter(db, 'nt', '_EPROCESS', new Uint8Array(0x260), 0, BigInt(p.eprocess));
    ep.set('Pcb.Header.Type', 3)
      .set('Pcb.Header.Size', 0x1b)
      .set('Pcb.DirectoryTableBase[0]', p.dirBase)
      .set('Pcb.BasePriority', 8)
      .set('Pcb.Affinity', 3)
      .set('UniqueProcessId', p.cid)
      .set('InheritedFromUniqueProcessId', p.parent)
      .set('ObjectTable', p.objectTable)
      .set('Peb', p.peb)
      .set('Session', p.session === null ? 0 : SESSION_SPACE)
      .set('ActiveThreads', p.threads.length)
      .set('Token', p.eprocess + 0x1000 + 7)
      .set('VirtualSize', 0x2000000 + p.cid * 0x1000)
      .set('CommitCharge', 0x100 + p.cid)
      .ascii('ImageFileName', p.name.slice(0, 15));
    const i = active.indexOf(p);
    if (i >= 0)
      ep.list(
        'ActiveProcessLinks',
        BigInt(i + 1 < active.length ? linkOf(active[i + 1]) : LAYOUT.activeHead),
        BigInt(i > 0 ? linkOf(active[i - 1]) : LAYOUT.activeHead),
      );
    // Both thread lists: EPROCESS.ThreadListHead through ETHREAD.ThreadListEntry, KPROCESS's through KTHREAD's.
    const heads = [
      ['ThreadListHead', 0x22c],
      ['Pcb.ThreadListHead', 0x1b0],
    ] as const;
    for (const [head, off] of heads) {
      const at = Number(ep.addressOf(head));
      const links = p.threads.map((t) => t.ethread + off);
      if (links.length === 0) ep.emptyList(head);
      else ep.list(head, BigInt(links[0]), BigInt(links[links.length - 1]));
      p.threads.forEach((t, k) => {
        kernel.u32(t.ethread + off, links[k + 1] ?? at);
        kernel.u32(t.ethread + off + 4, k > 0 ? links[k - 1] : at);
      });
    }
    kernel.write(p.eprocess, ep.out);
    const ht = new StructWriter(db, 'nt', '_HANDLE_TABLE', new Uint8Array(0x44), 0, BigInt(p.objectTable));
    ht.set('QuotaProcess', p.peb === 0 ? 0 : p.eprocess)
      .set('UniqueProcessId', p.cid)
      .set('HandleCount', p.handleCount);
    kernel.write(p.objectTable, ht.out);
    const space = p.peb === 0 ? null : new Pages();
    if (space) {
      user.set(p.eprocess, space);
      layPeb(space, p, db);
    }
    p.threads.forEach((t, k) => {
      const idx = threadIndex++;
      const running = inputs.running.findIndex((r) => r.ethread === t.ethread);
      const stopped = running >= 0 ? inputs.running[running].frames : null;
      const initial = LAYOUT.kernelStack(t, idx);
      kernel.map(initial - 0x3000, 0x3000);
      const userTop = LAYOUT.userStack(t, k);
      if (space) space.map(userTop - 0x3000, 0x3000);
      const laid = layChain(kernel, space, stopped ?? restingFrames(p, t), initial, userTop, db);
      threads.set(t.ethread, laid);
      // Where SwapContext saved the frame (a thread stopped in user mode keeps its last kernel one).
      const saved = laid.ebp >= USER_LIMIT ? laid.ebp - 0x10 : initial - 0x2c0;
      kernel.u32(saved + 4, laid.ebp);
      kernel.u32(saved + 8, laid.ip);
      const th = new StructWriter(db, 'nt', '_ETHREAD', new Uint8Array(0x258), 0, BigInt(t.ethread));
      th.set('Tcb.Header.Type', 6)
        .set('Tcb.Header.Size', 0x70)
        .set('Tcb.InitialStack', initial)
        .set('Tcb.StackBase', initial)
        .set('Tcb.StackLimit', initial - 0x3000)
        .set('Tcb.KernelStack', saved)
        .set('Tcb.Teb', t.teb)
        .set('Tcb.ApcState.Process', p.eprocess)
        .set('Tcb.Priority', t.wait === 'message' ? 10 : 8)
        .set('Tcb.BasePriority', 8)
        .set('Tcb.State', running >= 0 ? 2 : 5)
        .set('Tcb.NextProcessor', running >= 0 ? running : idx % 2)
        .set('Tcb.WaitMode', p.peb === 0 ? 0 : 1)
        .set('Tcb.WaitReason', t.wait === 'message' ? 13 : 6)
        .set('Tcb.ContextSwitches', 0x100 + idx * 37)
        .set('Tcb.TrapFrame', laid.trapFrame)
        .set('Tcb.PreviousMode', p.peb === 0 ? 0 : 1)
        .set('Tcb.Win32Thread', t.wait === 'message' ? 0xe1000000 + (t.ethread & 0xfffff) : 0)
        .set('Cid.UniqueProcess', p.cid)
        .set('Cid.UniqueThread', t.tid)
        .set('ThreadsProcess', p.eprocess)
        .set('StartAddress', routineOrZero('kernel32!BaseProcessStart'))
        .set('Win32StartAddress', routineOrZero(t.start));
      for (const [head, off] of heads) {
        void head;
        // Links were written above; keep them when the structure is written.
        const cur = kernel.read(t.ethread + off, 8);
        if (cur) th.out.set(cur, off);
      }
      kernel.write(t.ethread, th.out);
      if (space && t.teb !== 0) {
        const teb = new StructWriter(db, 'nt', '_TEB', new Uint8Array(0x40), 0, BigInt(t.teb));
        teb
          .set('NtTib.ExceptionList', userTop - 0x20)
          .set('NtTib.StackBase', userTop)
          .set('NtTib.StackLimit', userTop - 0x3000)
          .set('NtTib.Self', t.teb)
          .set('ClientId.UniqueProcess', p.cid)
          .set('ClientId.UniqueThread', t.tid)
          .set('ProcessEnvironmentBlock', p.peb);
        space.write(t.teb, teb.out);
      }
    });
  }
  // Handle tables and the objects they name; each HANDLE_TABLE points at its own.
  const handles = laidHandles();
  kernel.merge(handles.pages);
  for (const p of PROCESSES) {
    kernel.u32(p.objectTable + 0x00, handles.tableCode.get(p.eprocess) ?? 0);
    kernel.u32(p.objectTable + 0x38, handles.nextHandle.get(p.eprocess) ?? 0);
  }
  // Every handle table is on nt!HandleTableListHead through HANDLE_TABLE.HandleTableList (+0x1c), once each.
  const head = routineAddress('nt!HandleTableListHead');
  const links = [head, ...[...new Set(PROCESSES.map((p) => p.objectTable))].map((t) => t + 0x1c)];
  links.forEach((link, i) => {
    kernel.u32(link, links[(i + 1) % links.length]);
    kernel.u32(link + 4, links[(i + links.length - 1) % links.length]);
  });
  return { kernel, user, threads };
}

function routineOrZero(ref: string): number {
  try {
    return routineAddress(ref);
  } catch {
    return 0;
  }
}

/** The PEB, its loader data and one loader entry per module; the images' first page and ntdll's stubs. */
function layPeb(space: Pages, p: XpProcess, db: TypeDatabase): void {
  const mods = p.modules.map(moduleOf).filter((m): m is NonNullable<typeof m> => m !== null);
  const peb = new StructWriter(db, 'nt', '_PEB', new Uint8Array(0x210), 0, BigInt(p.peb));
  peb
    .set('ImageBaseAddress', mods[0]?.image.base ?? 0)
    .set('Ldr', LAYOUT.ldr)
    .set('ProcessHeap', 0x00140000)
    .set('ProcessParameters', 0x00020000)
    .set('OSMajorVersion', 5)
    .set('OSMinorVersion', 1)
    .set('OSBuildNumber', 2600)
    .set('OSCSDVersion', 0x300)
    .set('OSPlatformId', 2)
    .set('ImageSubsystem', 2)
    .set('ImageSubsystemMajorVersion', 4)
    .set('NumberOfHeaps', 4)
    .set('MaximumNumberOfHeaps', 16)
    .set('SessionId', p.session ?? 0);
  space.write(p.peb, peb.out);
  const ldr = new StructWriter(db, 'nt', '_PEB_LDR_DATA', new Uint8Array(0x28), 0, BigInt(LAYOUT.ldr));
  const entryAt = (i: number): number => LAYOUT.ldrEntries + i * 0x100;
  const lists = [
    ['InLoadOrderModuleList', 'InLoadOrderLinks', 0],
    ['InMemoryOrderModuleList', 'InMemoryOrderLinks', 8],
  ] as const;
  ldr.set('Length', 0x28).set('Initialized', 1);
  for (const [head, , off] of lists) {
    if (mods.length === 0) ldr.emptyList(head);
    else ldr.list(head, BigInt(entryAt(0) + off), BigInt(entryAt(mods.length - 1) + off));
  }
  ldr.emptyList('InInitializationOrderModuleList');
  space.write(LAYOUT.ldr, ldr.out);
  mods.forEach((m, i) => {
    const at = entryAt(i);
    const e = new StructWriter(db, 'nt', '_LDR_DATA_TABLE_ENTRY', new Uint8Array(0x50), 0, BigInt(at));
    for (const [head, field, off] of lists) {
      void head;
      e.list(
        field,
        BigInt(i + 1 < mods.length ? entryAt(i + 1) + off : LAYOUT.ldr + (off === 0 ? 0xc : 0x14)),
        BigInt(i > 0 ? entryAt(i - 1) + off : LAYOUT.ldr + (off === 0 ? 0xc : 0x14)),
      );
    }
    const dir = m.image.file === 'Explorer.EXE' ? 'C:\\WINDOWS\\' : 'C:\\WINDOWS\\system32\\';
    const full = `${p.name === 'VMwareUser.exe' && i < 2 ? 'C:\\Program Files\\VMware\\VMware Tools\\' : dir}${m.dllName}`;
    e.set('DllBase', m.image.base)
      .set('SizeOfImage', m.image.size)
      .set('EntryPoint', m.image.base + 0x1000)
      .set('LoadCount', 0xffff)
      .set('TimeDateStamp', m.image.timestamp)
      .unicode('FullDllName', full, BigInt(at + 0x50))
      .unicode('BaseDllName', m.dllName, BigInt(at + 0x50 + full.length * 2 + 2));
    space.write(at, e.out);
    space.write(at + 0x50, utf16z(full));
    space.write(at + 0x50 + full.length * 2 + 2, utf16z(m.dllName));
    // The image header page: 'MZ'.
    space.write(m.image.base, new Uint8Array([0x4d, 0x5a, 0x90, 0]));
  });
  const ntdll = USER_IMAGES.ntdll;
  if (mods.some((m) => m.image === ntdll)) {
    for (const [service, n] of Object.entries(SERVICE_NUMBERS)) space.write(routineAddress(`ntdll!Zw${service.slice(2)}`), stubCode(n, 0x2c));
    space.write(routineAddress('ntdll!KiFastSystemCall'), new Uint8Array([0x8b, 0xd4, 0x0f, 0x34, 0xc3]));
  }
  if (mods.some((m) => m.image === USER_IMAGES.USER32)) space.write(routineAddress('USER32!NtUserGetMessage'), stubCode(0x11a5, 0x10));
}
