/**
 * `|` (process status) and `~` (thread status) in a kernel session. dbgeng
 * models a kernel target as one process (id 0) whose "threads" are the
 * processors: `|` lists that one process, `~` one line per processor, with
 * `.` on the current processor, `#` on the one the target stopped on, and
 * the TEB of the thread running there. `~Ns` (and any other `~` form) is the
 * processor switch's.
 */
import { caretError, type KdCommand } from '../command.ts';
import { addr64, hex } from '../format.ts';
import type { Target } from '../target.ts';
import { processorSwitch } from './session-cmds.ts';

/** The kernel image's file name (what dbgeng names the kernel "process" after). */
function kernelImage(target: Target): string {
  const nt = target.modules().find((m) => m.name === 'nt');
  return nt ? nt.path.slice(nt.path.lastIndexOf('\\') + 1) : 'ntoskrnl.exe';
}

export const processStatus: KdCommand = {
  verbs: ['|'],
  run(c) {
    const arg = c.line.slice(c.argsStart).trim();
    // The one process answers to its number and to the current (.), event (#) and all (*) forms.
    if (arg !== '' && !/^(0+|\.|#|\*)$/.test(arg)) return caretError(c, c.argsStart, 'Syntax');
    c.out.push(`.  0\tid: 0\texamine\tname: ${kernelImage(c.session.target)}`);
    return true;
  },
};

export const threadStatus: KdCommand = {
  verbs: ['~'],
  run(c) {
    const arg = c.line.slice(c.argsStart).trim();
    if (!/^[.#*]?$/.test(arg)) return processorSwitch.run(c);
    const s = c.session;
    const t = s.target;
    const tebs = new Map(t.threads().map((x) => [x.ethread, x.teb ?? 0n]));
    const pointer = (v: bigint): string => (t.arch === 'x86' ? hex(v & 0xffffffffn, 8) : addr64(v));
    for (let i = 0; i < t.processorCount; i++) {
      if (arg === '.' && i !== s.processor) continue;
      if (arg === '#' && i !== t.currentProcessor) continue;
      const mark = i === s.processor ? '.' : i === t.currentProcessor ? '#' : ' ';
      const thread = t.processor(i)?.thread ?? 0n;
      c.out.push(`${mark}${String(i).padStart(3)}  Id: 0.${i.toString(16)} Suspend: 0 Teb: ${pointer(tebs.get(thread) ?? 0n)} Unfrozen`);
    }
    return true;
  },
};
