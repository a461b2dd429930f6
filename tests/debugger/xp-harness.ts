/** A kd session on the user-state lab's XP machine (seed 8: the article's processors), for the x86 tests. */
import { xpDebugger } from '../../src/debugger/x86/session.ts';
import type { XpTarget } from '../../src/debugger/x86/target.ts';
import { bootXp } from '../../src/kernel/xp/machine.ts';
import { Kd } from './harness.ts';

export function xpKd(kind: 'live' | 'dump' = 'live'): { kd: Kd; target: XpTarget } {
  const { xp } = bootXp(8);
  const made = xpDebugger(xp, kind);
  const kd = new Kd(made.target);
  // The harness builds a plain debugger; use the XP machine's (x86 commands, following stops).
  Object.assign(kd, { dbg: made.debugger });
  return { kd, target: made.target };
}
