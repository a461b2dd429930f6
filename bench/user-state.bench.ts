/**
 * The XP machine of the user-state lab: boot (laying its memory: processes, stacks, PEBs, handle
 * tables and objects), and command latency on its live connection: the article's commands, !handle
 * over every process's table, .trap/.cxr on x86 records, and the invasive switch with its g.
 */
import type { Reporter } from '../scripts/bench.ts';
import { measure, measured } from './stats.ts';
import { quietHost } from '../src/debugger/transcript.ts';
import { xpDebugger } from '../src/debugger/x86/session.ts';
import { bootXp } from '../src/kernel/xp/machine.ts';

const host = quietHost(() => undefined);

const MIXED = [
  '!process 0 0',
  '!process -1 0',
  '.reload /user',
  'lmu',
  '!thread 86153418 1f',
  '.process /r /p 863c22f0',
  '.trap ee59ed64',
  'k',
  '.cxr ee59ec00',
  '.cxr',
  '!handle 0 3 863c22f0',
  '!handle 4 f 863c22f0',
  'dd poi(e16718e8) l4',
];

export default function bench(r: Reporter): void {
  r.section('user-state (the XP SP3 x86 machine)');
  r.row('boot the XP machine and lay its memory', measured(measure(20, () => bootXp(8).xp.memory())));
  const { debugger: dbg } = xpDebugger(bootXp(8).xp, 'live');
  r.row('command latency, mixed x86 set', measured(measure(MIXED.length * 20, (i) => dbg.run(MIXED[i % MIXED.length], host))));
  r.row("!handle 0 3 0 (every process's table, 5,000 handles)", measured(measure(10, () => dbg.run('!handle 0 3 0', host))));
  r.row(
    '.process /i 863c22f0 then g (the machine runs until Notepad is scheduled)',
    measured(
      measure(10, () => {
        const fresh = xpDebugger(bootXp(8).xp, 'live').debugger;
        fresh.run('.process /i 863c22f0', host);
        fresh.run('g', host);
      }),
    ),
  );
}
