/**
 * Registers of an outer stack frame, as `.frame /r` shows them: the unwinder
 * restores the non-volatile registers each inner function pushed in its
 * prologue (read from the function's code, as its unwind codes describe it)
 * and moves rip/rsp to the frame. Registers nothing restores keep the values
 * of the context the walk started from.
 */
import { instructionAt } from './listing.ts';
import { fromLe } from './memory.ts';
import type { Frame } from './stack.ts';
import { symbolAt } from './symbols.ts';
import type { RegisterContext, RegisterName, Target } from './target.ts';
import { REGISTER_NAMES } from './target.ts';

const NONVOLATILE = new Set<string>(['rbx', 'rbp', 'rdi', 'rsi', 'r12', 'r13', 'r14', 'r15']);

/** The registers a function's prologue pushes, in push order; null when its code cannot be read. */
export function prologuePushes(target: Target, ip: bigint): RegisterName[] | null {
  const hit = symbolAt(target, ip);
  if (!hit?.symbol) return null;
  let at = ip - hit.offset;
  const pushed: RegisterName[] = [];
  for (let n = 0; n < 16 && at < ip; n++) {
    const ins = instructionAt(target, at);
    if (!ins || ins.kind === 'invalid') return n === 0 ? null : pushed;
    if (ins.mnemonic === 'push' && NONVOLATILE.has(ins.operands)) pushed.push(ins.operands as RegisterName);
    else if (!(ins.mnemonic === 'sub' && ins.operands.startsWith('rsp,'))) break;
    at += BigInt(ins.length);
  }
  return pushed;
}

/** The register context of frame `index` of `frames` (walked from `ctx`). */
export function frameContext(target: Target, ctx: RegisterContext, frames: readonly Frame[], index: number): RegisterContext {
  const regs = Object.fromEntries(REGISTER_NAMES.map((n) => [n, ctx.regs[n]])) as Record<RegisterName, bigint>;
  for (let k = 0; k < index && k + 1 < frames.length; k++) {
    const inner = frames[k];
    const outer = frames[k + 1];
    // A trap frame restores what it saved through the KTRAP_FRAME, not through pushes.
    if (inner.trapFrame === null) {
      const pushes = prologuePushes(target, inner.ip) ?? [];
      const returnSlot = outer.sp - 8n;
      pushes.forEach((reg, j) => {
        const b = target.read(returnSlot - 8n * BigInt(j + 1), 8);
        if (b) regs[reg] = fromLe(b);
      });
    }
    regs.rip = outer.ip;
    regs.rsp = outer.sp;
  }
  return { ...ctx, regs };
}
