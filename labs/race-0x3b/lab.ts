/** Lab `race-0x3b`: "Let the race begin", a bug check 0x3B crash dump read at the kd> prompt. */
import { Debugger, type LabDump } from '../../src/debugger/debugger.ts';
import { Machine } from '../../src/kernel/machine.ts';
import { defineLab } from '../../src/lab/schema.ts';
import { raceDump } from './dump.ts';
import { OBJECTIVES } from './objectives.ts';
import { DEBRIEF } from './debrief.ts';
import { similarDump } from './similar.ts';

const SUMMARY_DUMP = 'Kernel Summary Dump File: Only kernel address space is available';

/** The dump the lab opens with: this machine's crash. */
const CRASH: LabDump = {
  name: 'crash',
  dumpPath: 'C:\\Windows\\MEMORY.DMP',
  dumpKind: SUMMARY_DUMP,
  description: 'this machine: bug check 0x3B in fltmgr!TreeUnlinkMulti+0x51',
  open: raceDump,
};

/** The article's Figure 2: a similar crash on another machine, with another workload. */
const SIMILAR: LabDump = {
  name: 'similar',
  dumpPath: 'C:\\Dumps\\OtherMachine\\MEMORY.DMP',
  dumpKind: SUMMARY_DUMP,
  description: 'another machine: a page fault under TreeUnlinkMulti+0x148',
  open: similarDump,
};

export default defineLab({
  id: 'race-0x3b',
  title: 'Let the race begin: a bug check 0x3B crash dump',
  summary:
    'A Windows 7 machine crashed in fltmgr!TreeUnlinkMulti. Walk from !analyze -v to the faulting instruction, back to where its pointer came from, into the pool and the structures, and decide what the evidence supports.',
  machine: (seed) => new Machine({ seed }),
  program: () => new Debugger(CRASH.open(), { banner: CRASH, dumps: [CRASH, SIMILAR] }),
  objectives: OBJECTIVES,
  solution: [
    '!analyze -v',
    '.cxr 0xfffff88005f45960',
    '.lab answer faulting-register rsi',
    'uf fltmgr!TreeUnlinkMulti',
    'dq @rcx l1',
    '!pool @rcx',
    'dt fltmgr!_STREAM_LIST_CTRL fffffa8008e13270+10',
    '? @rcx-fffffa8008e13280',
    '.lab answer field OpenedNameCache',
    'dt _NAME_CACHE_LIST_CTRL @rcx-8 /b',
    '!pool 0xfffff8a0`0d106d58',
    'dt fltmgr!_NAME_CACHE_NODE fffff8a00d106d40 /b',
    '.lab answer left-child LeftChild',
    '.lab answer verdict c',
  ],
  debrief: DEBRIEF,
  wrong: [
    {
      name: 'reads RCX without switching to the exception context',
      input: ['!analyze -v', 'dq @rcx l1', '!pool @rcx', 'dt fltmgr!_STREAM_LIST_CTRL @rcx'],
      unmet: ['exception-context', 'load-source', 'pool-block', 'structure'],
    },
    {
      name: 'runs the short analysis and disassembles forward from the fault',
      input: ['!analyze', '.cxr 0xfffff88005f45960', 'u @rip', 'dt fltmgr!_NAME_CACHE_NODE fffff8a00d106d58'],
      unmet: ['analyze', 'walk-back', 'name-cache-node'],
    },
    {
      name: 'answers every question before looking at anything',
      input: ['.lab answer faulting-register rsi', '.lab answer field OpenedNameCache', '.lab answer left-child LeftChild', '.lab answer verdict c'],
      unmet: ['faulting-register', 'field', 'left-child', 'verdict'],
    },
    {
      name: 'stops the walk back at the first load of RSI, so never sees the loop',
      input: [
        '!analyze -v',
        '.cxr 0xfffff88005f45960',
        'u fltmgr!TreeUnlinkMulti L1a',
        'dq @rcx l1',
        '!pool 0xfffff8a0`0d106d58',
        'dt fltmgr!_NAME_CACHE_NODE fffff8a00d106d40 /b',
        '.lab answer left-child Tree',
        '.lab answer verdict a',
      ],
      unmet: ['walk-back', 'left-child', 'verdict'],
    },
    {
      name: 'looks at everything, then blames the destination register, the wrong fields and the hardware',
      input: [
        '!analyze -v',
        '.cxr 0xfffff88005f45960',
        '.lab answer faulting-register rax',
        'uf fltmgr!TreeUnlinkMulti',
        'dt fltmgr!_STREAM_LIST_CTRL fffffa8008e13270+10',
        '.lab answer field ShortNameCache',
        '!pool 0xfffff8a0`0d106d58',
        'dt fltmgr!_NAME_CACHE_NODE fffff8a00d106d40 /b',
        '.lab answer left-child RightChild',
        '.lab answer verdict b',
      ],
      unmet: ['faulting-register', 'field', 'left-child', 'verdict'],
    },
  ],
});
