/** `?` (evaluate / summary), `.help`, `.hh`, `vertarget`, `q`, the execution commands, and the `.lab` aid. */
import { labAidUsage, runLabAid } from '../../base/labaid.ts';
import { caretError, guarded, noteAddress, skipBlanks, type KdCommand } from '../command.ts';
import { addr64, hex, s64, u64 } from '../format.ts';
import type { TargetVersion } from '../target.ts';
import { STEP_HELP_TOPICS } from './step.ts';

const SUMMARY = `Open debugger.chm for complete debugger documentation

B[C|D|E][<bps>] - clear/disable/enable breakpoint(s)
BL - list breakpoints
BA <access> <size> <addr> - set processor breakpoint
BP <address> - set soft breakpoint
D[type][<range>] - dump memory
DT [-n|y] [[mod!]name] [[-n|y]fields]
   [address] [-l list] [-a[]|c|i|o|r[#]|v] - dump using type information
E[type] <address> [<values>] - enter memory
G[H|N] [=<address> [<address>...]] - go
K <count> - stacktrace
KP <count> - stacktrace with source arguments
LM[k|l|u|v] - list modules
LN <expr> - list nearest symbols
P [=<addr>] [<value>] - step over
Q - quit
R [[<reg> [= <expr>]]] - view or set registers
S[<opts>] <range> <values> - search memory
T [=<address>] [<expr>] - trace into
U [<range>] - unassemble
X [<*|module>!]<*|symbol> - view symbols
? <expr> - display expression
?? <expr> - display C++ expression
$< <filename> - take input from a command file

<expr> unary ops: + - not by wo dwo qwo poi hi low
       binary ops: + - * / mod(%) and(&) xor(^) or(|)
       comparisons: == (=) < > !=
       operands: number in current radix, public symbol, <reg>
<type> : b (byte), w (word), d[s] (doubleword [with symbols]),
         a (ascii), c (dword and Char), u (unicode), q (quadword)
<pattern> : [(nt | <dll-name>)!]<var-name> (<var-name> can include ? and *)
<range> : <address> <address>
        : <address> L <count>

Use ".hh <command>" or open debugger.chm in the debuggers directory to get
detailed documentation on a command.
`;

const DOT_HELP = `. commands:
   .bugcheck - display the bugcheck code and parameters for a crashed
               system
   .cxr [<address>] - dump context record at specified address
                      or reset context when no address is given
   .echo [<string>] - echo string
   .frame [/r] [<frame>] - set the current stack frame
   .help - display this help
   .hh [<topic>] - open the help file at the given topic
   .reload [[<options>] <module>] - reload symbols for modules
   .trap [<address>] - dump a trap frame

Lab aid (not part of WinDbg):
   .lab [status|hint|questions|answer] - objectives, hints and answers for this lab

Use ".hh <command>" or open debugger.chm in the debuggers directory to get
detailed documentation on a command.
`;

export const evaluateCommand: KdCommand = {
  verbs: ['?'],
  run(c) {
    const s = c.session;
    const i = skipBlanks(c.line, c.argsStart);
    if (i >= c.line.length) {
      c.out.push(...SUMMARY.trimEnd().split('\n'));
      return true;
    }
    return guarded(c, () => {
      const r = s.evaluate(c.line, i);
      const rest = skipBlanks(c.line, r.end);
      // What is left after a complete expression is reported as extra characters.
      if (rest < c.line.length) return caretError(c, rest, 'Extra character');
      s.lastExpression = r.value;
      noteAddress(c, r.value);
      c.out.push(`Evaluate expression: ${evaluated(s.target.arch, r.value)}`);
      return true;
    });
  },
};

/** `-2142096932 = 8052b5dc` on x86 for a value of 32 bits (sign-extended or not), else `<signed> = <64-bit address>`. */
function evaluated(arch: 'x64' | 'x86', v: bigint): string {
  const w = u64(v);
  if (arch === 'x86' && (w <= 0xffffffffn || w >= 0xffffffff80000000n)) return `${BigInt.asIntN(32, w)} = ${hex(w & 0xffffffffn, 8)}`;
  return `${s64(v)} = ${addr64(v)}`;
}

export const help: KdCommand = {
  verbs: ['.help'],
  run(c) {
    c.out.push(...DOT_HELP.trimEnd().split('\n'));
    return true;
  },
};

/** `.echo [text]`: print the text (quotes removed); `$$ text` and `* text`: comments, which print nothing. */
export const echo: KdCommand = {
  verbs: ['.echo', '$$', '*'],
  run(c) {
    if (c.verb !== '.echo') return true;
    const text = c.line.slice(c.argsStart).trim();
    const quoted = /^"(.*)"$/.exec(text);
    c.out.push(quoted ? quoted[1] : text);
    return true;
  },
};

/** Short summaries of the help topics the labs' output points to (in this course's words). */
const HELP_TOPICS: ReadonlyMap<string, string> = new Map([
  [
    'dbgerr001',
    'dbgerr001 "PEB is paged out": the process environment block was not in memory when the dump was written, so the debugger cannot walk the user-mode module list; kernel modules and their symbols are not affected.',
  ],
  [
    'dbgerr005',
    'dbgerr005 "Private symbols required": locals and parameters come from private symbols; the public symbols Microsoft publishes hold only function and global names.',
  ],
  ...STEP_HELP_TOPICS,
]);

/**
 * `.hh [topic]` opens debugger.chm in the help viewer, a window of its own;
 * KD itself prints nothing. The lab has no help viewer, so a lab aid says what
 * the topic is about.
 */
export const hh: KdCommand = {
  verbs: ['.hh'],
  run(c) {
    const topic = c.line.slice(c.argsStart).trim();
    const summary = HELP_TOPICS.get(topic.toLowerCase());
    const where = topic === '' ? 'debugger.chm' : `debugger.chm at the topic "${topic}"`;
    c.out.push(`Lab aid (not part of Windows or WinDbg): WinDbg would open ${where} in its help viewer; this lab has none.`);
    if (summary) c.out.push(`  ${summary}`);
    return true;
  },
};

/** The target description `vertarget` prints (and WinDbg prints when it opens a dump). */
export function versionLines(v: TargetVersion): string[] {
  return [
    v.kernel,
    v.product,
    `Built by: ${v.builtBy}`,
    `Machine Name:${v.machineName ? ` ${v.machineName}` : ''}`,
    // A 32-bit kernel's addresses print as eight digits.
    `Kernel base = 0x${v.kernelBase < 0x100000000n ? hex(v.kernelBase, 8) : addr64(v.kernelBase)} PsLoadedModuleList = 0x${v.psLoadedModuleList < 0x100000000n ? hex(v.psLoadedModuleList, 8) : addr64(v.psLoadedModuleList)}`,
    `Debug session time: ${v.sessionTime}`,
    `System Uptime: ${v.uptime}`,
  ];
}

export const vertarget: KdCommand = {
  verbs: ['vertarget'],
  run(c) {
    if (c.line.slice(c.argsStart).trim() !== '') return caretError(c, skipBlanks(c.line, c.argsStart), 'Syntax');
    c.out.push(...versionLines(c.session.target.version));
    return true;
  },
};

export const quit: KdCommand = {
  verbs: ['q', 'qq', 'qd'],
  run(c) {
    if (c.line.slice(c.argsStart).trim() !== '') return caretError(c, skipBlanks(c.line, c.argsStart), 'Syntax');
    c.out.push('quit:');
    c.session.exited = true;
    c.host.exit();
    return true;
  },
};

export const lab: KdCommand = {
  verbs: ['.lab'],
  run(c) {
    const text = runLabAid(c.line.slice(c.argsStart), c.host.lab);
    c.out.push(...(text ?? labAidUsage('.lab')).trimEnd().split('\n'));
    return text !== null;
  },
};
