/**
 * The "similar crash" the article compares with (its Figure 2): another
 * Windows 7 x64 machine, processor 3, that bug checked under
 * fltmgr!TreeUnlinkMulti too, this time while purging a name cache from an
 * I/O completion. Only what that figure shows is held: the stack and the
 * modules it runs through. fltmgr is the same build, loaded 0x83000 higher.
 */
import type { DumpSpec, FrameSpec, ModuleSpec } from '../../src/debugger/dump.ts';
import { DumpTarget } from '../../src/debugger/dump.ts';
import { win7FltmgrTypes, win7NtTypes } from '../../src/debugger/symbols/win7-x64-types.ts';
import { MODULES } from './modules.ts';

const FLTMGR_SHIFT = 0x83000n;

const STACK: readonly FrameSpec[] = [
  { at: 'nt!KeBugCheckEx', sp: 0xfffff88006678208n },
  { at: `nt!?? ::FNODOBFM::\`string'+0x40edb`, sp: 0xfffff88006678210n },
  { at: 'nt!KiPageFault+0x16e', sp: 0xfffff88006678370n, trap: 0 },
  { at: 'nt!RtlDeleteNoSplay+0x2a', sp: 0xfffff88006678500n },
  { at: 'fltmgr!TreeUnlinkNoBalance+0x13', sp: 0xfffff88006678530n },
  { at: 'fltmgr!TreeUnlinkMulti+0x148', sp: 0xfffff88006678560n },
  { at: 'fltmgr!DeleteNameCacheNodes+0x9f', sp: 0xfffff880066785b0n },
  { at: 'fltmgr!PurgeStreamNameCache+0x8e', sp: 0xfffff880066785f0n },
  { at: 'fltmgr!FltpPurgeVolumeNameCache+0x7f', sp: 0xfffff88006678630n },
  { at: `fltmgr!?? ::NNGAKEGL::\`string'+0x1a04`, sp: 0xfffff88006678670n },
  { at: 'fltmgr!FltpReinstateNameCachingAllFrames+0x4b', sp: 0xfffff880066786b0n },
  { at: 'fltmgr!FltpPassThroughCompletion+0x8a', sp: 0xfffff880066786e0n },
  { at: 'nt!IopfCompleteRequest+0x3a6', sp: 0xfffff88006678720n },
  { at: 'Ntfs!NtfsExtendedCompleteRequestInternal+0x110', sp: 0xfffff88006678800n },
  { at: 'Ntfs!NtfsCommonSetInformation+0xef1', sp: 0xfffff88006678840n },
  { at: 'Ntfs!NtfsFsdSetInformation+0x11c', sp: 0xfffff88006678920n },
  { at: 'fltmgr!FltpLegacyProcessingAfterPreCallbacksCompleted+0x24f', sp: 0xfffff880066789a0n },
  { at: 'fltmgr!FltpDispatch+0xcf', sp: 0xfffff88006678a30n },
  { at: 'nt!NtSetInformationFile+0x909', sp: 0xfffff88006678a90n },
  { at: 'nt!KiSystemServiceCopyEnd+0x13', sp: 0xfffff88006678bb0n, trap: 0, call: '41ffd2' },
  { at: '00000000775f012a', sp: 0x000000000279f5d8n },
];

const main = (name: string): ModuleSpec => MODULES.find((m) => m.name === name) as ModuleSpec;

const MODULE_LIST: readonly ModuleSpec[] = [
  {
    ...main('nt'),
    base: 0xfffff80002a0e000n,
    size: 0x5e8000,
    symbols: [
      ['RtlDeleteNoSplay', 0xfffff80002a62484n, 0x80],
      ['KiPageFault', 0xfffff80002a7ce80n, 0x380],
      ['KiSystemServiceCopyEnd', 0xfffff80002a7e140n, 0x260],
      ['IopfCompleteRequest', 0xfffff80002a81170n, 0x6c0],
      ['KeBugCheckEx', 0xfffff80002a6e6c0n, 0x100],
      [`?? ::FNODOBFM::\`string'`, 0xfffff80002abbc3en, 0x41000],
      ['NtSetInformationFile', 0xfffff80002d5eb94n, 0xa00],
    ],
    code: [[0xfffff80002a6e6c0n, '48894c2408 4889542410 4c89442418 4c894c2420 9c 4883ec30 fa 65488b0c2520000000']],
  },
  {
    ...main('fltmgr'),
    base: main('fltmgr').base + FLTMGR_SHIFT,
    symbols: [
      ['FltpDispatch', 0xfffff880010ee610n, 0x200],
      ['FltpLegacyProcessingAfterPreCallbacksCompleted', 0xfffff880010efff0n, 0x300],
      ['TreeUnlinkMulti', 0xfffff880010f20f0n, 0x160],
      ['FltpPassThroughCompletion', 0xfffff880010f2fe0n, 0xc0],
      ['TreeUnlinkNoBalance', 0xfffff880010f6360n, 0x40],
      ['DeleteNameCacheNodes', 0xfffff880011103d0n, 0xd0],
      ['FltpReinstateNameCachingAllFrames', 0xfffff88001110d00n, 0x70],
      ['PurgeStreamNameCache', 0xfffff88001110d70n, 0xc0],
      [`?? ::NNGAKEGL::\`string'`, 0xfffff8800111602cn, 0x2000],
      ['FltpPurgeVolumeNameCache', 0xfffff88001120230n, 0xa0],
    ],
    code: [],
  },
  {
    ...main('Ntfs'),
    base: 0xfffff88001234000n,
    size: 0x1a3000,
    symbols: [
      ['NtfsFsdSetInformation', 0xfffff88001249cf0n, 0x200],
      ['NtfsExtendedCompleteRequestInternal', 0xfffff88001250e20n, 0x180],
      ['NtfsCommonSetInformation', 0xfffff880012d9f09n, 0x1000],
    ],
  },
];

const SEGMENTS = { cs: 0x10n, ss: 0x18n, ds: 0x2bn, es: 0x2bn, fs: 0x53n, gs: 0x2bn } as const;

export const SIMILAR_DUMP: DumpSpec = {
  version: {
    kernel: 'Windows 7 Kernel Version 7600 MP (4 procs) Free x64',
    product: 'Product: WinNt, suite: TerminalServer SingleUserTS',
    builtBy: '7600.16385.amd64fre.win7_rtm.090713-1255',
    machineName: '',
    kernelBase: 0xfffff80002a0e000n,
    psLoadedModuleList: 0xfffff80002c4be50n,
    sessionTime: 'Thu Nov 18 10:41:07.598 2010 (UTC - 5:00)',
    uptime: '0 days 0:47:19.014',
    bucketFamily: 'VISTA',
  },
  processorCount: 4,
  currentProcessor: 3,
  modules: MODULE_LIST,
  types: [win7NtTypes(), win7FltmgrTypes()],
  regions: [{ start: 0xfffff8a000000000n, end: 0xfffff8c000000000n, kind: 'Paged pool' }],
  mapped: [[0xfffff88006676000n, 0xfffff8800667a000n]],
  stacks: [STACK],
  processors: [
    {
      index: 3,
      irql: 0,
      thread: 0n,
      regs: {
        rax: 0n,
        rbx: 0n,
        rcx: 0x50n,
        rdx: 0xfffff8890e1a4d68n,
        rsi: 0n,
        rdi: 0n,
        rip: 0xfffff80002a6e6c0n,
        rsp: 0xfffff88006678208n,
        rbp: 0n,
        r8: 0n,
        r9: 0xfffff88006678370n,
        r10: 0n,
        r11: 0n,
        r12: 0n,
        r13: 0n,
        r14: 0n,
        r15: 0n,
        efl: 0x286n,
        ...SEGMENTS,
      },
    },
  ],
  processes: [],
  threads: [],
  bugCheck: { code: 0x50, args: [0xfffff8890e1a4d68n, 0n, 0xfffff80002a624aen, 0n] },
};

export function similarDump(): DumpTarget {
  return new DumpTarget(SIMILAR_DUMP);
}
