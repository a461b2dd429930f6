/** The objectives of race-0x3b: they follow the article's investigation step by step. */
import type { LabEventOf } from '../../src/base/events.ts';
import '../../src/debugger/events.ts';
import { choiceQuestion, whenEvent, wordQuestion } from '../../src/lab/objectives.ts';
import type { Objective } from '../../src/lab/schema.ts';
import { CONTEXT_RECORD, NAME_CACHE_NODE, STREAM_LIST_CTRL } from './dump.ts';

type KdCommand = LabEventOf<'kd.command'>;

const big = (hex: string | undefined): bigint | null => (hex === undefined ? null : BigInt('0x' + hex));

/** The command ran, and its range [address, end) holds `at`. */
function covers(e: KdCommand, at: bigint): boolean {
  const a = big(e.address);
  const end = big(e.end) ?? (a === null ? null : a + 1n);
  return e.ok && a !== null && end !== null && a <= at && at < end;
}

/** Where RSI was loaded from: `mov rsi,qword ptr [rcx]` at TreeUnlinkMulti+0x2e. */
const LOAD_INSTRUCTION = 0xfffff8800106f11en;
/** RCX in the exception context: &OpenedNameCache.List.Tree. */
const RCX = 0xfffffa8008e13318n;
const FMSL_BLOCK = 0xfffffa8008e13270n;

export const OBJECTIVES: readonly Objective[] = [
  whenEvent(
    {
      id: 'analyze',
      title: 'Run the detailed crash analysis',
      why: 'The verbose analysis has not been run yet.',
      hints: [
        'The opening screen printed only the short analysis; it names the command that prints everything.',
        'Use the analysis extension with its verbose switch.',
        'Type: !analyze -v',
      ],
    },
    'kd.command',
    (e) => e.command === '!analyze' && /^-v$/i.test(e.args) && e.ok,
  ),
  whenEvent(
    {
      id: 'exception-context',
      title: 'Switch to the register context of the exception',
      why: 'The registers shown are still those of KeBugCheckEx, not those of the faulting instruction.',
      hints: [
        'A bug check 0x3B names, in one of its four arguments, a record of the registers at the moment of the exception.',
        'Arg3 is the address of a CONTEXT record; the analysis even prints the command that loads it after "CONTEXT:".',
        'Type: .cxr 0xfffff88005f45960',
      ],
    },
    'kd.context',
    (e) => e.kind === 'cxr' && e.address !== null && BigInt('0x' + e.address) === CONTEXT_RECORD,
  ),
  wordQuestion({
    id: 'faulting-register',
    title: 'Name the register the faulting instruction used as a pointer',
    question: 'The faulting instruction is mov rax,qword ptr [rsi+20h]. Which register held the bad pointer?',
    placeholder: 'a register name',
    accept: ['rsi'],
    normalize: (a) => a.replace(/^@/, ''),
    right: 'RSI held 0000009d`00000000; adding 0x20 gives 0000009d`00000020, a user-mode address with nothing mapped behind it, so the read faulted.',
    wrong: (g) =>
      g === 'rax'
        ? 'RAX is where the value would have gone: the destination of the mov, not the pointer. Look inside the brackets.'
        : `The pointer is the register inside the brackets of the memory operand; ${g || 'that'} is not it.`,
    hints: [
      'In Intel syntax the memory operand is the one in square brackets.',
      'The effective address printed after the instruction, ds:002b:0000009d`00000020, is that register plus 0x20.',
      'Answer: .lab answer faulting-register rsi',
    ],
  }),
  whenEvent(
    {
      id: 'walk-back',
      title: 'Walk back through the code to the instruction that loaded that register',
      why: 'No disassembly so far has shown the instruction that loaded RSI.',
      hints: [
        'The fault is at TreeUnlinkMulti+0x51; the value in RSI came from an instruction before it.',
        'Disassemble TreeUnlinkMulti from its first instruction (u with a length, ub with a length, or uf).',
        'Type: u fltmgr!TreeUnlinkMulti L1a   (look for mov rsi,qword ptr [rcx])',
      ],
    },
    'kd.command',
    (e) => ['u', 'ub', 'uf'].includes(e.command) && covers(e, LOAD_INSTRUCTION),
  ),
  whenEvent(
    {
      id: 'load-source',
      title: 'Read the memory that register was loaded from',
      why: 'The quadword at the address in RCX (in the exception context) has not been displayed yet.',
      hints: [
        'mov rsi,qword ptr [rcx] read eight bytes at the address in RCX. What is there now?',
        'Display one quadword at RCX, with the exception context in effect (.cxr first).',
        'Type: dq @rcx l1',
      ],
    },
    'kd.command',
    (e) =>
      (['dq', 'dp', 'dd', 'dw', 'db', 'dc', 'dps', 'dqs', 'dds'].includes(e.command) && covers(e, RCX)) ||
      // dt shows the value too: the tree root at RCX, or the list control at RCX-8 with its blocks expanded.
      (e.command === 'dt' && e.ok && (big(e.address) === RCX || (big(e.address) === RCX - 8n && /(^|\s)[-/](b|r)/i.test(e.args)))),
  ),
  whenEvent(
    {
      id: 'pool-block',
      title: 'Identify the pool block that memory belongs to, and its owner',
      why: 'The pool block around the address in RCX has not been examined.',
      hints: [
        'Kernel allocations carry a header with a four-character tag that names their owner.',
        'Ask the pool extension about the address in RCX.',
        'Type: !pool @rcx',
      ],
    },
    'kd.command',
    (e) => {
      const a = big(e.address);
      return e.command === '!pool' && e.ok && a !== null && a >= FMSL_BLOCK && a < FMSL_BLOCK + 0xc0n;
    },
  ),
  whenEvent(
    {
      id: 'structure',
      title: 'Display the structure that lives in that block',
      why: 'The _STREAM_LIST_CTRL at the start of the FMsl block has not been displayed.',
      hints: [
        'The tag FMsl says the block holds a STREAM_LIST_CTRL; the structure starts after the 16-byte pool header.',
        'dt takes a type name and an address: fltmgr!_STREAM_LIST_CTRL at the block address + 0x10.',
        'Type: dt fltmgr!_STREAM_LIST_CTRL fffffa8008e13270+10',
      ],
    },
    'kd.command',
    (e) => e.command === 'dt' && e.ok && e.dataType === 'fltmgr!_STREAM_LIST_CTRL' && big(e.address) === STREAM_LIST_CTRL,
  ),
  wordQuestion({
    id: 'field',
    title: 'Name the field at the offset RCX points to',
    question: 'RCX points 0x98 bytes into the _STREAM_LIST_CTRL. Which of its fields holds that offset?',
    placeholder: 'a field name',
    accept: ['openednamecache', 'openednamecache.list', 'openednamecache.list.tree'],
    normalize: (a) => a.replace(/^fltmgr!_stream_list_ctrl\./, ''),
    right: 'OpenedNameCache runs from +0x90 to +0x9f; +0x98 is its List, a _TREE_ROOT whose only member is the Tree pointer. RSI was loaded from the root of a splay tree of name-cache nodes.',
    wrong: (g) =>
      g === 'shortnamecache'
        ? 'ShortNameCache covers +0x80 to +0x8f. 0x98 lies in the next field.'
        : g === 'normalizednamecache'
          ? 'NormalizedNameCache covers +0x70 to +0x7f; 0x98 is further on.'
          : 'Compute the offset (? @rcx-fffffa8008e13280) and find the field whose range holds it in the dt listing.',
    hints: [
      'Subtract the start of the structure from RCX: ? @rcx-fffffa8008e13280.',
      '0x98 lies between two offsets in the dt listing; the field is the one that starts at or below it.',
      'Answer: .lab answer field OpenedNameCache',
    ],
  }),
  whenEvent(
    {
      id: 'name-cache-node',
      title: 'Follow the tree pointer to the name-cache node and display it',
      why: 'The _NAME_CACHE_NODE the tree root points into has not been displayed.',
      hints: [
        'The Tree pointer (dt _NAME_CACHE_LIST_CTRL @rcx-8 /b) points into a pool block tagged FMfn.',
        'The pointer addresses the node\'s TreeLink at +0x18; the node starts 0x18 bytes earlier (block + 0x10).',
        'Type: dt fltmgr!_NAME_CACHE_NODE fffff8a00d106d40 /b',
      ],
    },
    'kd.command',
    (e) => e.command === 'dt' && e.ok && e.dataType === 'fltmgr!_NAME_CACHE_NODE' && big(e.address) === NAME_CACHE_NODE,
  ),
  choiceQuestion({
    id: 'verdict',
    title: 'Decide what the evidence supports',
    question:
      'RSI was loaded from [rcx] and holds 0000009d`00000000, yet [rcx] now holds fffff8a0`0d106d58, and the node it points to looks half built. What does the dump support best?',
    choices: [
      {
        key: 'a',
        text: 'A race: another thread changed the tree between the load and the crash',
        correct: true,
        feedback:
          'The register disagrees with the memory it came from, so the memory changed after the load (or the load went wrong). The pool headers around both blocks are intact and the node is a plausible FMfn being built or torn down; a second crash in the same tree code on a different machine points at a synchronisation bug in the filter manager, not at this machine. A dump cannot prove a race, but it makes one the likely story.',
      },
      {
        key: 'b',
        text: 'A hardware fault: the CPU loaded a wrong value into RSI',
        feedback:
          'Possible in principle, since the register and the memory disagree, but a CPU that corrupts a load would not pick the same tree code on two different machines. When the choice is "the CPU is broken" or "the driver has a bug", the second is far more often true.',
      },
      {
        key: 'c',
        text: 'Memory corruption: another driver or bad RAM overwrote the stream list',
        feedback:
          'A stray write would rarely leave valid pool headers (FMsl, FMfn) and a tree root that points exactly at a node\'s TreeLink. The values in memory are consistent with fltmgr\'s own structures; only their timing is wrong. The machine\'s new memory does not explain the same crash on a second machine.',
      },
    ],
    hints: [
      'Compare RSI with what dq @rcx l1 shows now: the same address, two different values.',
      'The lesson describes a second dump, from another machine with a different workload, that failed in the same tree code. Which explanation fits both crashes?',
      'Answer: .lab answer verdict a',
    ],
  }),
];
