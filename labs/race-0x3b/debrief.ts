/** The race-0x3b debrief: what each step of the walk shows about the article's claims (C1-C10), and the real-machine equivalent. */
import type { DebriefItem } from '../../src/lab/schema.ts';

export const DEBRIEF: readonly DebriefItem[] = [
  {
    title: 'From the analysis to the registers of the fault',
    objectives: ['analyze', 'exception-context', 'faulting-register'],
    claims: ['C2', 'C3', 'C4'],
    shows:
      'The verbose analysis names the bug check (0x3B, an access violation in a system service), the faulting instruction and the CONTEXT record; .cxr puts the registers of the fault in place, and the instruction read through RSI = 0000009d`00000000, a user-range value no kernel pointer should hold.',
    realMachine:
      'Open C:\\Windows\\MEMORY.DMP with windbg -z (or kd -z) after .symfix and .reload so fltmgr and nt resolve from the symbol server; since Vista the default dump is the kernel summary dump you read here.',
  },
  {
    title: 'Walking back: every path into the fault',
    objectives: ['walk-back', 'load-source'],
    claims: ['C5', 'C6'],
    shows:
      'RSI is first loaded from [rcx], the tree root, and the test/jne only lets a non-zero value through. The code after +0x51 loops back to it, reloading RSI from a child link, so the value at the fault need not come from [rcx] at all; [rcx] still holds a valid node address.',
    realMachine:
      'uf on the faulting function, or ub/u over a range from its start; public symbols give function names but not source, so the reading is done on the disassembly exactly as here.',
  },
  {
    title: 'Whose memory: pool tags and structures',
    objectives: ['pool-block', 'structure', 'field'],
    claims: ['C7', 'C8'],
    shows:
      'RCX lies in an FMsl block (fltmgr’s STREAM_LIST_CTRL); past the 16-byte x64 pool header, dt lays the structure over it and the offset lands in OpenedNameCache.List.Tree, the root pointer of a splay tree of name-cache nodes.',
    realMachine:
      '!pool and dt work the same on a real dump; the tag descriptions come from pooltag.txt shipped with the Debugging Tools, and dt needs fltmgr’s public symbols.',
  },
  {
    title: 'The node the walker was on',
    objectives: ['name-cache-node', 'left-child'],
    claims: ['C6', 'C9'],
    shows:
      'RAX holds the root node’s Key1, so the loop ran once on that node through a good pointer and took its LeftChild, which now differs from RSI by one bit and is no pointer either. The node is half valid: volume name set, other names and the links’ high halves garbage. The article compares RSI with [rcx]; the code you read puts the disagreement between RSI and LeftChild instead.',
    realMachine: 'dt with /b (or -r) expands the embedded links; on a live target you could also set a breakpoint in the tree code, which a dump never allows.',
  },
  {
    title: 'The verdict',
    objectives: ['verdict'],
    claims: ['C1', 'C10'],
    shows:
      'A dump can make a race likely but not prove it: a node reachable from the tree while it was built or torn down fits all of the evidence, and the similar crash on another machine (.lab dump similar) fits it too; a bit flip explains at most one bit.',
    realMachine:
      'Collect more dumps to see the pattern repeat, check the event log for hardware errors and run a memory test to weigh the hardware case, and send the evidence with the dumps to whoever owns the code.',
  },
];
