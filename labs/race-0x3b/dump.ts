/**
 * The crash dump of the lab "Let the race begin": a Windows 7 x64 machine that
 * bug checked with SYSTEM_SERVICE_EXCEPTION (3b) in fltmgr!TreeUnlinkMulti+0x51
 * while CarboniteServi was running. Every value the article shows is laid out
 * here as bytes (registers in the CONTEXT record, the stack, the pool pages and
 * the structures in them); everything else the debugger derives.
 */
import type { DumpSpec, FrameSpec } from '../../src/debugger/dump.ts';
import { DumpTarget } from '../../src/debugger/dump.ts';
import { win7FltmgrTypes, win7NtTypes } from '../../src/debugger/symbols/win7-x64-types.ts';
import type { RegisterName } from '../../src/debugger/target.ts';
import { MODULES } from './modules.ts';

const SEGMENTS = { cs: 0x10n, ss: 0x18n, ds: 0x2bn, es: 0x2bn, fs: 0x53n, gs: 0x2bn } as const;

/** The CONTEXT record of the exception (Arg3): the state of the faulting instruction. */
export const CONTEXT_RECORD = 0xfffff88005f45960n;

const FAULT: Readonly<Record<RegisterName, bigint>> = {
  rax: 0xfffffaf7072f96b0n,
  rbx: 0n,
  rcx: 0xfffffa8008e13318n,
  rdx: 0xfffffa8007e5b550n,
  rsi: 0x0000009d00000000n,
  rdi: 0n,
  rip: 0xfffff8800106f141n,
  rsp: 0xfffff88005f46330n,
  rbp: 0xfffffa8008e13318n,
  r8: 0xffffffffffffffffn,
  r9: 0xffffffffffffffffn,
  r10: 0xfffffffffffffe4an,
  r11: 1n,
  r12: 0xfffffa8007e5b550n,
  r13: 0xfffffa8007e34684n,
  r14: 0x4000n,
  r15: 0n,
  efl: 0x10206n,
  ...SEGMENTS,
};

/** Processor 2 at the bug check: entering KeBugCheckEx with the four parameters in rcx, rdx, r8, r9. */
const PROCESSOR_2: Readonly<Record<RegisterName, bigint>> = {
  rax: 0xfffff88005f451a0n,
  rbx: 0n,
  rcx: 0x3bn,
  rdx: 0xc0000005n,
  rsi: 0xfffff88005f45fd0n,
  rdi: 0xfffff88005f45960n,
  rip: 0xfffff80002a8c640n,
  rsp: 0xfffff88005f45098n,
  rbp: 0xfffff88005f45ff0n,
  r8: 0xfffff8800106f141n,
  r9: 0xfffff88005f45960n,
  r10: 0n,
  r11: 0xfffff88005f45f30n,
  r12: 0xfffffa8007e5b550n,
  r13: 0xfffffa8007e34684n,
  r14: 0x4000n,
  r15: 0n,
  efl: 0x202n,
  ...SEGMENTS,
};

/**
 * Processor 2's control and debug registers: paging on with write protection
 * (cr0), the address the fault touched (cr2, as the trap frame's FaultAddress
 * records it), CarboniteServi's page tables (cr3), the usual Windows 7 cr4
 * features, cr8 = the IRQL, and no hardware breakpoints.
 */
const PROCESSOR_2_SPECIAL = {
  cr0: 0x80050033n,
  cr2: 0x0000009d00000020n,
  cr3: 0x000000012d8c5000n,
  cr4: 0x6f8n,
  cr8: 0n,
  dr0: 0n,
  dr1: 0n,
  dr2: 0n,
  dr3: 0n,
  dr6: 0xffff0ff0n,
  dr7: 0x400n,
  gdtr: 0xfffff88002f6d0c0n,
  gdtl: 0x7fn,
  idtr: 0xfffff88002f6d140n,
  idtl: 0xfffn,
  tr: 0x40n,
  ldtr: 0n,
} as const;

/** Processor 2's KPCR (its KPRCB follows at +0x180). */
const PCR_2 = 0xfffff88002f63000n;

/** The faulting thread's stack from the faulting instruction down to user mode (STACK_TEXT). */
const FAULT_STACK: readonly FrameSpec[] = [
  { at: 'fltmgr!TreeUnlinkMulti+0x51', sp: 0xfffff88005f46330n, args: [0xfffffa8007a96920n, 0xfffffa8007e5b550n, 0xfffffa8007a96920n, 0n] },
  { at: 'fltmgr!FltpPerformPreCallbacks+0x730', sp: 0xfffff88005f46380n, args: [0xfffff88005f48000n, 2n, 0n, 0n] },
  { at: 'fltmgr!FltpPassThrough+0x2d9', sp: 0xfffff88005f46480n, args: [0xfffffa8008b93c10n, 0xfffffa8007ca8de0n, 0xfffffa8007b402c0n, 0n] },
  { at: 'fltmgr!FltpDispatch+0xb7', sp: 0xfffff88005f46500n, args: [0xfffffa8007e5b550n, 0xfffffa8007dfa8e0n, 0xfffffa8007e5b550n, 0xfffffa8007ca8de0n] },
  { at: 'nt!IopDeleteFile+0x11e', sp: 0xfffff88005f46560n, args: [0xfffffa8007e34010n, 0xfffff80002d8f260n, 0xfffffa8006d17c90n, 0xff060001n] },
  { at: 'nt!ObfDereferenceObject+0xd4', sp: 0xfffff88005f465f0n, args: [0xfffff80002d8f260n, 0n, 0xfffff88005f469e0n, 0xfffffa8008b93c10n] },
  { at: 'nt!IopParseDevice+0xe86', sp: 0xfffff88005f46650n, args: [0xfffffa8007c3fcd0n, 0n, 0xfffffa8007a17b10n, 0xfffffa800a31e701n] },
  { at: 'nt!ObpLookupObjectName+0x585', sp: 0xfffff88005f467e0n, args: [0xfffffa8007a17b10n, 0xfffff88005f46940n, 0x0067006e00000040n, 0xfffffa8006d17c90n] },
  { at: 'nt!ObOpenObjectByName+0x1cd', sp: 0xfffff88005f468e0n, args: [0xfffffa8008cf07e0n, 7n, 0xfffffa8000001f01n, 0x00001f8000f40200n] },
  { at: 'nt!NtQueryFullAttributesFile+0x14f', sp: 0xfffff88005f46990n, args: [0xfffffa800a31e7e0n, 0n, 0xfffffa800a31e7e0n, 0x7ef95000n] },
  { at: 'nt!KiSystemServiceCopyEnd+0x13', sp: 0xfffff88005f46c20n, trap: 0, call: '41ffd2' },
  { at: '0000000077320eba', sp: 0x000000000121e778n },
];

/** The EXCEPTION_RECORD KiExceptionDispatch built for the fault (KiDispatchException's first argument). */
const EXCEPTION_RECORD = 0xfffff88005f460d8n;

/** Processor 2 below the fault: the exception dispatch that ended in KeBugCheckEx. */
const DISPATCH_STACK: readonly FrameSpec[] = [
  { at: 'nt!KeBugCheckEx', sp: 0xfffff88005f45098n, args: [0x3bn, 0xc0000005n, 0xfffff8800106f141n, CONTEXT_RECORD] },
  { at: 'nt!KiBugCheckDispatch+0x69', sp: 0xfffff88005f450a0n },
  { at: 'nt!KiSystemServiceHandler+0x7c', sp: 0xfffff88005f451e0n },
  { at: 'nt!RtlpExecuteHandlerForException+0xd', sp: 0xfffff88005f45220n },
  { at: 'nt!RtlDispatchException+0x45a', sp: 0xfffff88005f45250n },
  { at: 'nt!KiDispatchException+0x135', sp: 0xfffff88005f45930n, args: [EXCEPTION_RECORD, 0xfffff88005f45fd0n, 0xfffff88005f461a0n, 0n] },
  { at: 'nt!KiExceptionDispatch+0xc2', sp: 0xfffff88005f45fd0n },
  { at: 'nt!KiPageFault+0x23a', sp: 0xfffff88005f461a0n, trap: 0 },
  FAULT_STACK[0],
];

/** The KiPageFault trap frame keeps the volatile registers of the fault. */
const TRAP = 0xfffff88005f461a0n;

/** The node the tree root points at (its TreeLink is at +0x18). */
export const NAME_CACHE_NODE = 0xfffff8a00d106d40n;
/** The _STREAM_LIST_CTRL in the FMsl block. */
export const STREAM_LIST_CTRL = 0xfffffa8008e13280n;

export const RACE_DUMP: DumpSpec = {
  version: {
    kernel: 'Windows 7 Kernel Version 7600 MP (4 procs) Free x64',
    product: 'Product: WinNt, suite: TerminalServer SingleUserTS',
    builtBy: '7600.16385.amd64fre.win7_rtm.090713-1255',
    machineName: '',
    kernelBase: 0xfffff80002a1b000n,
    psLoadedModuleList: 0xfffff80002c58e50n,
    sessionTime: 'Tue Dec 14 17:08:31.142 2010 (UTC - 5:00)',
    uptime: '0 days 2:13:52.387',
    bucketFamily: 'VISTA',
  },
  processorCount: 4,
  currentProcessor: 2,
  // The kernel image's entry point is KiSystemStartup.
  modules: MODULES.map((m) => (m.name === 'nt' ? { ...m, entry: 0x5b1580 } : m)),
  types: [win7NtTypes(), win7FltmgrTypes()],
  regions: [
    { start: 0xfffff88000000000n, end: 0xfffff8a000000000n, kind: 'System PTE' },
    { start: 0xfffff8a000000000n, end: 0xfffff8c000000000n, kind: 'Paged pool' },
    { start: 0xfffffa8000000000n, end: 0xfffffa8100000000n, kind: 'Nonpaged pool' },
  ],
  mapped: [
    [0xfffff88005f44000n, 0xfffff88005f48000n],
    [0x000000000121e000n, 0x000000000121f000n],
  ],
  qwords: [
    // _STREAM_LIST_CTRL: Type, ContextCtrl.Links (empty), VolumeLink, Flags/UseCount, the three name caches.
    [STREAM_LIST_CTRL, 0x00a8f20bn, 0xfffffa8008e13288n, 0xfffffa8008e13288n],
    [STREAM_LIST_CTRL + 0x30n, 0xfffffa8007043c60n, 0xfffffa8008e03390n, 0x0000000400000211n],
    [STREAM_LIST_CTRL + 0x70n, 1n, 0n, 3n, 0n, 2n, 0xfffff8a00d106d58n],
    // The two other stream list controls on the page: idle, no names cached.
    ...[0xfffffa8008e13a00n, 0xfffffa8008e13c20n].flatMap((slc): (readonly [bigint, ...bigint[]])[] => [
      [slc, 0x00a8f20bn, slc + 8n, slc + 8n],
      [
        slc + 0x30n,
        slc === 0xfffffa8008e13a00n ? 0xfffffa8008e13c50n : 0xfffffa8007043c60n,
        slc === 0xfffffa8008e13a00n ? 0xfffffa8008e03390n : 0xfffffa8008e13a30n,
        0x0000000100000001n,
      ],
      [slc + 0x70n, 1n, 0n, 3n, 0n, 2n, 0n],
    ]),
    // _NAME_CACHE_NODE: Type, ProvidingInstance, CreationTime, TreeLink, NameInfo header and strings, UseCount.
    [NAME_CACHE_NODE, 0x0176f204n, 0x0000008100000000n, 0x0000003f00067e77n],
    [NAME_CACHE_NODE + 0x18n, 0xfffff8890d106d58n, 0x0000001d00000000n, 0xfffff8350d17eb28n, 0xfffffaff08e13318n, 0xfffffaf7072f96b0n, 0n, 0x14000n],
    [NAME_CACHE_NODE + 0x50n, 0x0000000200000078n, 0x00a600a4n, 0xfffff8a00d106e10n, 0x002e002en, 0xfffff8a00d106e10n],
    [NAME_CACHE_NODE + 0x78n, 0n, 0x000000e800000000n, 0n, 0x000000f300000000n, 0n, 0x0000004100000000n, 0n, 0x000000d900000000n, 0n, 0n, 1n],
    // The KiPageFault trap frame: rax, rcx, rdx, r8-r11; FaultAddress; rbp; SegCs, EFlags; SegSs.
    [TRAP + 0x30n, FAULT.rax, FAULT.rcx, FAULT.rdx, FAULT.r8, FAULT.r9, FAULT.r10, FAULT.r11],
    [TRAP + 0xd0n, 0x0000009d00000020n],
    [TRAP + 0x130n, 0x002b0053002b002bn],
    [TRAP + 0x158n, FAULT.rbp],
    [TRAP + 0x170n, 0x10n, 0x10206n],
    [TRAP + 0x188n, 0x18n],
    // The exception record: STATUS_ACCESS_VIOLATION at the faulting instruction, a read of the address in cr2.
    [EXCEPTION_RECORD, 0xc0000005n, 0n, 0xfffff8800106f141n, 2n, 0n, 0x0000009d00000020n],
    // The system-call trap frame: SegCs, EFlags (user mode).
    [0xfffff88005f46c20n + 0x170n, 0x33n, 0x246n],
    [0xfffff88005f46c20n + 0x188n, 0x2bn],
  ],
  // The name buffer: 30 readable characters, three that are not Latin, then a terminator.
  strings: [[0xfffff8a00d106e10n, '\\Device\\HarddiskVolume2\\UsIrs\\\u6d58\u0d10\uf8a0\u0000']],
  pool: [
    {
      page: 0xfffffa8008e13000n,
      paged: false,
      blocks: [
        { at: 0x000, size: 0x150, tag: 'File', protectedTag: true },
        { at: 0x150, size: 0x30, tag: 'Io' },
        { at: 0x180, size: 0x50, tag: 'VadS' },
        { at: 0x1d0, size: 0x80, tag: 'MmSd' },
        { at: 0x250, size: 0x20, tag: 'Io', free: true },
        { at: 0x270, size: 0xc0, tag: 'FMsl' },
        { at: 0x330, size: 0x150, tag: 'File', protectedTag: true },
        { at: 0x480, size: 0xe0, tag: 'NV' },
        { at: 0x560, size: 0x160, tag: 'Ntfx' },
        { at: 0x6c0, size: 0x160, tag: 'Ntfx' },
        { at: 0x820, size: 0x20, tag: 'FIPc', free: true },
        { at: 0x840, size: 0x50, tag: 'VadS' },
        { at: 0x890, size: 0x160, tag: 'Ntfx' },
        { at: 0x9f0, size: 0xc0, tag: 'FMsl' },
        { at: 0xab0, size: 0x160, tag: 'Ntfx' },
        { at: 0xc10, size: 0xc0, tag: 'FMsl' },
        { at: 0xcd0, size: 0x10, tag: 'FIPc', free: true },
        { at: 0xce0, size: 0x60, tag: 'Io' },
        { at: 0xd40, size: 0x160, tag: 'Ntfx' },
        { at: 0xea0, size: 0x160, tag: 'Ntfx' },
      ],
    },
    {
      page: 0xfffff8a00d106000n,
      paged: true,
      blocks: [
        { at: 0x000, size: 0x130, tag: 'Ntfo' },
        { at: 0x130, size: 0x140, tag: 'MPsc' },
        { at: 0x270, size: 0x10, tag: '\\x0etFs', free: true },
        { at: 0x280, size: 0x40, tag: 'NtFs' },
        { at: 0x2c0, size: 0x110, tag: ';oNm' },
        { at: 0x3d0, size: 0x190, tag: '\\x06Mfn' },
        { at: 0x560, size: 0x4d0, tag: '\\x0etff' },
        { at: 0xa30, size: 0x40, tag: 'NtFs' },
        { at: 0xa70, size: 0x180, tag: '{Mfn' },
        { at: 0xbf0, size: 0xc0, tag: 'oIcs' },
        { at: 0xcb0, size: 0x40, tag: 'MmSm' },
        { at: 0xcf0, size: 0x40, tag: '\\x0etFs' },
        { at: 0xd30, size: 0x190, tag: 'FMfn' },
        { at: 0xec0, size: 0x140, tag: 'APsc' },
      ],
    },
  ],
  stacks: [FAULT_STACK, DISPATCH_STACK],
  contextRecords: [{ address: CONTEXT_RECORD, regs: FAULT }],
  processors: [{ index: 2, regs: PROCESSOR_2, irql: 0, thread: 0xfffffa800a31e7e0n, special: PROCESSOR_2_SPECIAL, pcr: PCR_2 }],
  processes: [
    { eprocess: 0xfffffa8006cb7890n, imageFileName: 'System', pid: 4, peb: 0n },
    { eprocess: 0xfffffa800a2f4b30n, imageFileName: 'CarboniteServi', pid: 0x6b4, peb: 0x7efdf000n },
  ],
  threads: [{ ethread: 0xfffffa800a31e7e0n, process: 0xfffffa800a2f4b30n, tid: 0xa4c, teb: 0x7efdb000n }],
  bugCheck: { code: 0x3b, args: [0xc0000005n, 0xfffff8800106f141n, CONTEXT_RECORD, 0n] },
};

/** A fresh target over the race dump. */
export function raceDump(): DumpTarget {
  return new DumpTarget(RACE_DUMP);
}
