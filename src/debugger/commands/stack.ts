/** `k`, `kb`, `kv`, `kn`, `kp`, `kP`, `kc` (and combinations with `n`): stack back-traces. */
import { caretError, guarded, skipBlanks, type CommandContext, type KdCommand } from '../command.ts';
import { addr64, hex } from '../format.ts';
import { walkStack, type Frame } from '../stack.ts';
import { formatSymbol } from '../symbols.ts';
import type { KdSession } from '../session.ts';

/** Frames `k` shows when no count is given (this generation of dbgeng). */
export const DEFAULT_FRAMES = 0x14;

const ARGS_HEADER = ': Args to Child                                                           : Call Site';

/** Call-site text: `fltmgr!TreeUnlinkMulti+0x51`, or `0x77320eba` outside modules. */
export function callSite(session: KdSession, ip: bigint): string {
  session.touchAddress(ip);
  const sym = formatSymbol(session.target, ip);
  if (sym) return sym;
  return ip >> 32n === 0n ? `0x${hex(ip)}` : `0x${addr64(ip)}`;
}

function retText(f: Frame): string {
  return f.ret === null ? '????????`????????' : addr64(f.ret);
}

function argsText(f: Frame): string {
  return f.args.map((a) => (a === null ? '????????`????????' : addr64(a))).join(' ');
}

/** Rows in the `kb` shape (Child-SP RetAddr : Args : Call Site), as STACK_TEXT uses them. */
export function argRows(session: KdSession, frames: readonly Frame[], trapNotes: boolean): string[] {
  return frames.map((f) => {
    const note = trapNotes && f.trapFrame !== null ? ` (TrapFrame @ ${addr64(f.trapFrame)})` : '';
    return `${addr64(f.sp)} ${retText(f)} : ${argsText(f)} : ${callSite(session, f.ip)}${note}`;
  });
}

export const stack: KdCommand = {
  verbs: ['k'],
  run(c: CommandContext) {
    const s = c.session;
    const flags = c.verb.slice(1);
    const lower = flags.toLowerCase();
    const numbers = lower.includes('n');
    const withArgs = lower.includes('b') || lower.includes('v');
    const namesOnly = lower.includes('c') && !withArgs;
    return guarded(c, () => {
      let count = DEFAULT_FRAMES;
      const i = skipBlanks(c.line, c.argsStart);
      if (i < c.line.length) {
        const n = s.evaluate(c.line, i);
        if (skipBlanks(c.line, n.end) < c.line.length) return caretError(c, skipBlanks(c.line, n.end), 'Syntax');
        if (n.value === 0n || n.value > 0xffffn) return caretError(c, i, 'Range');
        count = Number(n.value);
      }
      const ctx = s.context();
      const frames = walkStack(s.target, ctx.regs.rip, ctx.regs.rsp, count);
      if (s.override) c.out.push('  *** Stack trace for last set context - .thread/.cxr resets it');
      const num = (k: number): string => (numbers ? `${hex(k, 2)} ` : '');
      const hash = numbers ? ' # ' : '';
      if (namesOnly) {
        c.out.push(`${hash}Call Site`);
        // kc is the "clean" trace: module!function without the offset.
        frames.forEach((f, k) => c.out.push(`${num(k)}${callSite(s, f.ip).replace(/^([^\s]+![^\s]*.*?)\+0x[0-9a-f]+$/, '$1')}`));
      } else if (withArgs) {
        c.out.push(`${hash}Child-SP          RetAddr           ${ARGS_HEADER}`);
        argRows(s, frames, lower.includes('v')).forEach((row, k) => c.out.push(`${num(k)}${row}`));
      } else {
        c.out.push(`${hash}Child-SP          RetAddr           Call Site`);
        frames.forEach((f, k) => c.out.push(`${num(k)}${addr64(f.sp)} ${retText(f)} ${callSite(s, f.ip)}`));
      }
      return true;
    });
  },
};
