/**
 * `t` (trace into), `p` (step over) and `gu` (go up) on a live kernel
 * connection, at the granularity the simulated machine has: it runs routine
 * by routine, not instruction by instruction. A step's points are the entries
 * of the routines the machine simulates and their returns into a simulated
 * caller:
 *   t   stops at the next point: the entry of the next routine the current one
 *       calls, or where the current one returns into its caller;
 *   p   steps over calls: it stops where the next call made by the current
 *       routine returns to it (or where the current routine itself returns);
 *   gu  stops where the current routine returns into its caller.
 * After a break-in (the machine was not in a simulated routine) all three stop
 * at the next routine entry. A breakpoint hit on the way ends the step, as in
 * WinDbg. KD prints the registers and the next instruction when a step ends.
 */
import { caretError, skipBlanks, type KdCommand } from '../command.ts';
import { LOCAL_ONLY } from './breakpoints.ts';

/** What `.hh p`, `.hh t` and `.hh gu` say about stepping on this machine (a lab aid). */
export const STEP_HELP_TOPICS: readonly (readonly [string, string])[] = [
  [
    'p',
    'p (step over): this machine runs drivers routine by routine, so p steps to where the next call made by the current routine returns to it, or to where the current routine returns; calls in between run without stopping unless a breakpoint hits.',
  ],
  [
    't',
    't (trace into): this machine runs drivers routine by routine, so t stops at the next routine the simulation enters, or where the current routine returns to its caller.',
  ],
  ['gu', 'gu (go up): runs until the current routine returns, and stops in its caller just after the call.'],
];

const MODES = new Map<string, 'into' | 'over' | 'out'>([
  ['t', 'into'],
  ['p', 'over'],
  ['gu', 'out'],
]);

export const step: KdCommand = {
  verbs: ['p', 't', 'gu'],
  run(c) {
    const target = c.session.target;
    const control = target.control;
    if (!control) {
      if (target.kind === 'dump') return caretError(c, 0, 'No runnable debuggees');
      c.out.push(LOCAL_ONLY);
      return false;
    }
    const mode = MODES.get(c.verb);
    if (!mode) return caretError(c, 0, 'Syntax');
    // `p`/`t` take [=start] [count] and `gu` nothing: the simulation can neither start elsewhere nor count instructions.
    const rest = skipBlanks(c.line, c.argsStart);
    if (rest < c.line.length) {
      if (c.verb === 'gu') return caretError(c, rest, 'Syntax');
      c.out.push(`lab: this machine steps routine by routine: ${c.verb} takes no start address or count here (see .hh ${c.verb}).`);
      return false;
    }
    if (!control.step) {
      c.out.push(`lab: this target cannot step; set a breakpoint on the routine you want and use g.`);
      return false;
    }
    control.step(mode, c.host);
    return true;
  },
};
