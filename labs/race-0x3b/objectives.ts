/** The objectives of race-0x3b: they follow the article's investigation step by step. */
import type { LabEventOf } from '../../src/base/events.ts';
import '../../src/debugger/events.ts';
import { choiceQuestion, met, notYet, whenEvent, wordQuestion } from '../../src/lab/objectives.ts';
import type { CheckResult, Objective, ObjectiveContext } from '../../src/lab/schema.ts';
import { CONTEXT_RECORD, NAME_CACHE_NODE, STREAM_LIST_CTRL } from './dump.ts';

type KdCommand = LabEventOf<'kd.command'>;

const big = (hex: string | undefined): bigint | null => (hex === undefined ? null : BigInt('0x' + hex));

/** The command ran, and its range [address, end) holds `at`. */
function covers(e: KdCommand, at: bigint): boolean {
  const a = big(e.address);
  const end = big(e.end) ?? (a === null ? null : a + 1n);
  return e.ok && a !== null && end !== null && a <= at && at < end;
}

/** The first load of RSI: `mov rsi,qword ptr [rcx]` at TreeUnlinkMulti+0x2e (the tree root). */
const LOAD_INSTRUCTION = 0xfffff8800106f11en;
/** The loop's load of RSI: `mov rsi,qword ptr [rsi+8]` at TreeUnlinkMulti+0x6e (a node's LeftChild). */
const LOOP_LOAD = 0xfffff8800106f15en;
/** The root node's TreeLink (what [rcx] holds), its LeftChild (+8) and its Key1 (+0x20, = RAX at the fault). */
const ROOT_LINK = 0xfffff8a00d106d58n;
const LEFT_CHILD = ROOT_LINK + 8n;
/** RCX in the exception context: &OpenedNameCache.List.Tree. */
const RCX = 0xfffffa8008e13318n;
const FMSL_BLOCK = 0xfffffa8008e13270n;

/** Whether the event at `seq` happened on this machine's dump (not after switching to the similar one). */
function onCrash(ctx: ObjectiveContext, seq: number): boolean {
  const switches = ctx.events.of('kd.target').filter((e) => e.seq < seq);
  return switches.length === 0 || switches[switches.length - 1].name === 'crash';
}

const ran = (ctx: ObjectiveContext, pred: (e: KdCommand) => boolean): boolean => ctx.events.of('kd.command').some((e) => pred(e) && onCrash(ctx, e.seq));

/** Some disassembly (u, ub, uf) has shown the instruction at `at`. */
const disassembled = (ctx: ObjectiveContext, at: bigint): boolean => ran(ctx, (e) => ['u', 'ub', 'uf'].includes(e.command) && covers(e, at));

/** A display showed the quadword at `at` (a `dt` of a whole node counts only with its links expanded). */
function displayed(ctx: ObjectiveContext, at: bigint): boolean {
  return ran(ctx, (e) => {
    if (!covers(e, at) || ['u', 'ub', 'uf', '!pool'].includes(e.command)) return false;
    return e.command !== 'dt' || e.dataType !== 'fltmgr!_NAME_CACHE_NODE' || /(^|\s)[-/](b|r)/i.test(e.args);
  });
}

const analyzedVerbose = (ctx: ObjectiveContext) => ran(ctx, (e) => e.command === '!analyze' && /^-v$/i.test(e.args) && e.ok);
const inContext = (ctx: ObjectiveContext) =>
  ctx.events.of('kd.context').some((e) => e.kind === 'cxr' && e.address !== null && BigInt('0x' + e.address) === CONTEXT_RECORD && onCrash(ctx, e.seq));

/** The faulting instruction, with the address it tried, has been on screen (in !analyze -v or after .cxr). */
function sawFault(ctx: ObjectiveContext): CheckResult {
  return analyzedVerbose(ctx) || inContext(ctx)
    ? met
    : notYet('see the faulting instruction with its registers: run !analyze -v, or switch to the exception context.');
}

/** The stream list control has been laid over the FMsl block, with the exception context in effect. */
function sawStructure(ctx: ObjectiveContext): CheckResult {
  if (!inContext(ctx)) return notYet('switch to the exception context, so that RCX is the faulting code’s RCX.');
  const shown = ran(ctx, (e) => e.command === 'dt' && e.ok && e.dataType === 'fltmgr!_STREAM_LIST_CTRL' && big(e.address) === STREAM_LIST_CTRL);
  return shown ? met : notYet('display the _STREAM_LIST_CTRL that the FMsl pool block holds.');
}

/** Both loads of RSI seen in the code, and the root node's links on screen. */
function sawLoopAndRoot(ctx: ObjectiveContext): CheckResult {
  if (!disassembled(ctx, LOAD_INSTRUCTION) || !disassembled(ctx, LOOP_LOAD))
    return notYet('disassemble TreeUnlinkMulti far enough to see every instruction that writes RSI before the fault.');
  if (!displayed(ctx, LEFT_CHILD)) return notYet('display the links of the node the tree root points at (its TreeLink, expanded).');
  return met;
}

/** Everything the verdict weighs: the registers, the loop, the root node, and the pool block it lives in. */
function sawEverything(ctx: ObjectiveContext): CheckResult {
  const loop = sawLoopAndRoot(ctx);
  if (!loop.done) return loop;
  if (!inContext(ctx)) return notYet('switch to the exception context and read the registers.');
  const pool = ran(
    ctx,
    (e) =>
      e.command === '!pool' &&
      e.ok &&
      big(e.address) !== null &&
      (big(e.address) as bigint) >= ROOT_LINK - 0x28n &&
      (big(e.address) as bigint) < ROOT_LINK + 0x168n,
  );
  return pool ? met : notYet('ask !pool about the block the tree root points into, to see whether its header is intact.');
}

export const OBJECTIVES: readonly Objective[] = [
  whenEvent(
    {
      id: 'analyze',
      title: 'Run the detailed crash analysis',
      why: 'The verbose analysis has not been run yet.',
      hints: [
        'The opening screen printed only the short analysis; it names the command that prints everything.',
        'Read the last lines the debugger printed when it opened the dump: one of them tells you what to type.',
        'The short analysis gives the bug check code and a guess; the verbose one adds the faulting instruction, the context record and the stack, which the rest of the walk needs.',
        'Type: !analyze -v',
      ],
    },
    'kd.command',
    (e, ctx) => e.command === '!analyze' && /^-v$/i.test(e.args) && e.ok && onCrash(ctx, e.seq),
  ),
  whenEvent(
    {
      id: 'exception-context',
      title: 'Switch to the register context of the exception',
      why: 'The registers shown are still those of KeBugCheckEx, not those of the faulting instruction.',
      hints: [
        'A bug check 0x3B names, in one of its four arguments, a record of the registers at the moment of the exception.',
        'Arg3 of the bug check is the address of a CONTEXT record; the verbose analysis prints a command next to "CONTEXT:".',
        'Until you switch, r and @rcx show the registers of KeBugCheckEx, which stopped the machine. The command that makes a CONTEXT record current takes its address.',
        'Type: .cxr 0xfffff88005f45960',
      ],
    },
    'kd.context',
    (e, ctx) => e.kind === 'cxr' && e.address !== null && BigInt('0x' + e.address) === CONTEXT_RECORD && onCrash(ctx, e.seq),
  ),
  wordQuestion({
    id: 'faulting-register',
    title: 'Name the register the faulting instruction used as a pointer',
    question: 'Which register held the pointer the faulting instruction could not read through?',
    placeholder: 'a register name',
    accept: ['rsi'],
    normalize: (a) => a.replace(/^@/, ''),
    right: 'RSI held 0000009d`00000000; adding 0x20 gives 0000009d`00000020, a user-mode address with nothing mapped behind it, so the read faulted.',
    wrong: (g) =>
      g === 'rax'
        ? 'RAX is where the value would have gone: the destination of the mov, not the pointer. Look inside the brackets.'
        : g === 'rcx' || g === 'rbp'
          ? `${g.toUpperCase()} holds a good kernel address. The faulting instruction does not use it: read its memory operand.`
          : `The pointer is the register inside the brackets of the memory operand; ${g || 'that'} is not it.`,
    hints: [
      'In Intel syntax the memory operand is the one in square brackets.',
      'Read the instruction at FAULTING_IP (or the last line .cxr prints) and the address printed after it, after ds:.',
      'The address after ds: is the register inside the brackets plus the displacement; find the register whose value gives it.',
    ],
    evidence: sawFault,
  }),
  {
    kind: 'task',
    id: 'walk-back',
    title: 'Walk back through the code to every instruction that loads that register before the fault',
    hints: [
      'The fault is at TreeUnlinkMulti+0x51; the value in RSI came from an instruction before it, or from one that jumps back to it.',
      'Disassemble the whole function with its flow (uf), or from its first instruction past the fault.',
      'Look for every instruction that writes RSI, and for the branches that lead to +0x51: a jne back to +0x51 means the faulting load can run more than once.',
      'Type: uf fltmgr!TreeUnlinkMulti   (mov rsi,qword ptr [rcx] at +0x2e, and mov rsi,qword ptr [rsi+8] in the loop at +0x6e)',
    ],
    check: (ctx) => {
      if (!disassembled(ctx, LOAD_INSTRUCTION)) return notYet('No disassembly so far has shown where RSI is first loaded.');
      if (!disassembled(ctx, LOOP_LOAD))
        return notYet('No disassembly so far has shown the code after the fault that loads RSI again and loops back to +0x51.');
      return met;
    },
  },
  whenEvent(
    {
      id: 'load-source',
      title: 'Read the tree root the walk started from',
      why: 'The quadword at the address in RCX (in the exception context) has not been displayed yet.',
      hints: [
        'mov rsi,qword ptr [rcx] read eight bytes at the address in RCX. What is there now?',
        'Display one quadword at RCX, with the exception context in effect (.cxr first).',
        'If the value is a plausible kernel address, the walker started from a real node; if it is the value in RSI, the fault happened on the first pass.',
        'Type: dq @rcx l1',
      ],
    },
    'kd.command',
    (e, ctx) =>
      onCrash(ctx, e.seq) &&
      ((['dq', 'dp', 'dd', 'dw', 'db', 'dc', 'dps', 'dqs', 'dds'].includes(e.command) && covers(e, RCX)) ||
        // dt shows the value too: the tree root at RCX, or the list control at RCX-8 with its blocks expanded.
        (e.command === 'dt' && e.ok && (big(e.address) === RCX || (big(e.address) === RCX - 8n && /(^|\s)[-/](b|r)/i.test(e.args))))),
  ),
  whenEvent(
    {
      id: 'pool-block',
      title: 'Identify the pool block that memory belongs to, and its owner',
      why: 'The pool block around the address in RCX has not been examined.',
      hints: [
        'Kernel allocations carry a header with a four-character tag that names their owner.',
        'A debugger extension lists the pool page around any address and marks the block that holds it.',
        'The marked block’s tag and its description name the structure and the driver that allocated it; the block address is its header, not the structure.',
        'Type: !pool @rcx',
      ],
    },
    'kd.command',
    (e, ctx) => {
      const a = big(e.address);
      return e.command === '!pool' && e.ok && a !== null && a >= FMSL_BLOCK && a < FMSL_BLOCK + 0xc0n && onCrash(ctx, e.seq);
    },
  ),
  whenEvent(
    {
      id: 'structure',
      title: 'Display the structure that lives in that block',
      why: 'The _STREAM_LIST_CTRL at the start of the FMsl block has not been displayed.',
      hints: [
        'The tag FMsl says the block holds a STREAM_LIST_CTRL.',
        'dt takes a type name (fltmgr has it) and an address; dt _POOL_HEADER shows how big the header in front of it is.',
        'The structure starts where the x64 pool header ends: the block address plus the header’s size.',
        'Type: dt fltmgr!_STREAM_LIST_CTRL fffffa8008e13270+10',
      ],
    },
    'kd.command',
    (e, ctx) => e.command === 'dt' && e.ok && e.dataType === 'fltmgr!_STREAM_LIST_CTRL' && big(e.address) === STREAM_LIST_CTRL && onCrash(ctx, e.seq),
  ),
  wordQuestion({
    id: 'field',
    title: 'Name the field RCX points into',
    question: 'In the exception context, which field of the _STREAM_LIST_CTRL holds the address in RCX?',
    placeholder: 'a field name, or its line from dt',
    accept: ['openednamecache', 'openednamecache.list', 'openednamecache.list.tree'],
    normalize: (a) => a.replace(/^fltmgr!_stream_list_ctrl\./, ''),
    right:
      'OpenedNameCache runs from +0x90 to +0x9f; RCX is at +0x98, its List, a _TREE_ROOT whose only member is the Tree pointer. RSI was first loaded from the root of a splay tree of name-cache nodes.',
    wrong: (g) =>
      g === 'shortnamecache'
        ? 'ShortNameCache covers +0x80 to +0x8f. RCX lies further on.'
        : g === 'normalizednamecache'
          ? 'NormalizedNameCache covers +0x70 to +0x7f; RCX is further on.'
          : g === 'allnamecontextstemporary'
            ? 'AllNameContextsTemporary starts at +0xa0, past RCX: the field that holds it starts at or below RCX’s offset.'
            : 'Compute RCX’s offset from the start of the structure with ?, and find the field whose range holds it in the dt listing.',
    hints: [
      'Subtract the start of the structure from RCX.',
      '? evaluates an expression: ? @rcx-fffffa8008e13280 gives the offset; the dt listing gives each field’s offset.',
      'The field is the one that starts at or below the offset and whose next neighbour starts above it; the offset inside that field says which of its members RCX is.',
    ],
    evidence: sawStructure,
  }),
  whenEvent(
    {
      id: 'name-cache-node',
      title: 'Follow the tree pointer to the name-cache node and display it',
      why: 'The _NAME_CACHE_NODE the tree root points into has not been displayed.',
      hints: [
        'The Tree pointer points into another pool block: ask !pool which one, and what it holds.',
        'The tag FMfn names a NAME_CACHE_NODE; the tree root points at the node’s TreeLink, not at its start.',
        'The node starts after the 16-byte pool header, which is also where TreeLink’s offset (dt fltmgr!_NAME_CACHE_NODE shows it) takes you back to from the pointer.',
        'Type: dt fltmgr!_NAME_CACHE_NODE fffff8a00d106d40 /b',
      ],
    },
    'kd.command',
    (e, ctx) => e.command === 'dt' && e.ok && e.dataType === 'fltmgr!_NAME_CACHE_NODE' && big(e.address) === NAME_CACHE_NODE && onCrash(ctx, e.seq),
  ),
  wordQuestion({
    id: 'left-child',
    title: 'Find which field of the root node the bad RSI came from',
    question: 'Which field of the root node, the one the tree root points at, was RSI loaded from last before the fault?',
    placeholder: 'a field name, or its line from dt',
    accept: ['leftchild', 'link.leftchild', 'treelink.link.leftchild'],
    normalize: (a) => a.replace(/^(fltmgr!_name_cache_node\.|nt!_rtl_splay_links\.|_rtl_splay_links\.)/, ''),
    right:
      'LeftChild. RAX holds fffffaf7`072f96b0, the root’s Key1: the loop read the valid root at +0x51, found Key1 above the key in R12, took LeftChild at +0x6e, saw it was not zero and came back to +0x51 with it. The root’s LeftChild now reads 0000001d`00000000; RSI holds 0000009d`00000000, one bit apart. Neither is a pointer.',
    wrong: (g) =>
      g === 'rightchild'
        ? 'RightChild is taken by jb, when Key1 is below the key in R12. Compare RAX (the root’s Key1) with R12.'
        : g === 'key1'
          ? 'Key1 was read into RAX by the faulting instruction itself (mov rax,[rsi+20h]) on the pass before: it is why RAX equals the root’s Key1. RSI came from a link field.'
          : g === 'parent'
            ? 'The loop never follows Parent. Read the two loads in the loop: [rsi+10h] and [rsi+8]; which field is at +8?'
            : ['tree', 'openednamecache', 'list', 'treeroot'].includes(g)
              ? 'That was the first load, at +0x2e, and it gave a valid node. RAX holds the root’s Key1, so the loop had already run once on that node before RSI went bad.'
              : 'Find the instruction in the loop that loaded RSI last, and which offset of the node it read; then look up that offset in the node’s TreeLink.',
    hints: [
      'RAX at the fault is not random: look for its value in the node the tree root points at.',
      'uf shows a loop after +0x51 that reloads RSI from [rsi+10h] or [rsi+8]; dt of the node with /b shows TreeLink’s fields and their offsets.',
      'If RAX equals the root’s Key1, the faulting instruction already ran once on the root. Which way did the compare with R12 send the loop, and which link did it load?',
    ],
    evidence: sawLoopAndRoot,
    maxAttempts: 3,
  }),
  choiceQuestion({
    id: 'verdict',
    title: 'Decide what the evidence supports',
    question: 'Weigh the code, the registers, the root node and its pool block. What does this dump support best?',
    choices: [
      {
        key: 'a',
        text: 'Another thread changed the tree root at [rcx] after TreeUnlinkMulti had read it',
        feedback:
          'The root was read fine: RAX holds the root node’s Key1, so the loop ran once on the node [rcx] still points at. The register that went bad came from that node’s LeftChild, not from [rcx].',
      },
      {
        key: 'b',
        text: 'A hardware fault: one flipped bit turned a good LeftChild into the value in RSI',
        feedback:
          'RSI and LeftChild do differ by one bit, but flip it back and you get 0000001d`00000000, no pointer either. The same node’s TreeRoot, Parent and four name buffers are wrong in their high halves by many bits, and another machine crashed in the same tree code. Hardware would look like a good pointer one bit away, damage scattered outside fltmgr’s structures, and crashes all over the place on one machine only.',
      },
      {
        key: 'c',
        text: 'The root node was being built or torn down while it was linked into the tree, and the walker followed a link that was not a pointer',
        correct: true,
        feedback:
          'The walker started on a real node (RAX is its Key1) and took its LeftChild, which was garbage then and is different garbage now: the node was still being written after the walker read it. Its pool header is intact (FMfn, allocated), its volume name is set and its other names are not: a structure half built or half torn down, reachable from the tree without the lock that should keep walkers out. With the second crash in the same tree code, a synchronisation bug in fltmgr’s name cache is the likely story. A dump cannot prove it.',
      },
      {
        key: 'd',
        text: 'Memory corruption: another driver overwrote the stream list',
        feedback:
          'The stream list is intact: its FMsl header is valid and OpenedNameCache points exactly at a node’s TreeLink. The damage is confined to one node that fltmgr itself owns, in a block whose header is intact; a stray writer rarely stays inside someone else’s structure that neatly.',
      },
    ],
    hints: [
      'Start from what you know was fine: what does RAX tell you about the first pass of the loop?',
      'Compare RSI with the root’s LeftChild, and the node’s TreeRoot and Parent with the addresses they should hold (RCX, and the node’s own TreeLink). How many bits differ in each?',
      'A bit flip needs a good value to flip from. Ask of each explanation whether it fits all of it: a valid root, a garbage link that changed after it was read, an intact pool header, and another machine crashing in the same tree code.',
    ],
    evidence: sawEverything,
    maxAttempts: 2,
  }),
];
