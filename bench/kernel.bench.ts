/** The simulated Windows machine: console command latency and snapshot/restore cost for lab driver-loading. */
import type { Reporter } from '../scripts/bench.ts';
import lab from '../labs/driver-loading/lab.ts';
import { LabSession } from '../src/lab/session.ts';
import { ms, summary, timeEach } from './stats.ts';

const MIXED = [
  'sc query SwLegacy',
  'sc qc SwLegacy',
  'sc query type= driver state= all',
  'driverquery',
  'devcon status *',
  'devcon stack Root\\SwPnp',
  'pnputil /enum-devices',
  'objdir \\Device',
  'dbgview',
  'dir',
  'dir /b *.sys',
  'copy /y swpnp.inf copy.inf',
  'mklink /h link.inf swpnp.inf',
  'fsutil hardlink list swpnp.inf',
];

export default function bench(r: Reporter): void {
  r.section('kernel: lab driver-loading');
  const boots = timeEach(50, () => new LabSession(lab));
  r.row('boot lab machine (new LabSession)', summary(boots));

  const solution: number[] = [];
  for (let i = 0; i < 40; i++) {
    const s = new LabSession(lab);
    for (const line of lab.solution) {
      const t = performance.now();
      s.submit(line);
      solution.push(performance.now() - t);
    }
  }
  r.row('command latency, model solution lines', summary(solution.sort((a, b) => a - b)));

  const s = new LabSession(lab);
  for (const line of lab.solution.slice(0, 9)) s.submit(line);
  const mixed = timeEach(MIXED.length * 100, (i) => s.submit(MIXED[i % MIXED.length]));
  r.row('command latency, mixed read-only set', summary(mixed));
  const sleeps = timeEach(100, () => s.submit('pwrtest /sleep'));
  r.row('pwrtest /sleep (one S3 cycle)', summary(sleeps));

  const m = new LabSession(lab);
  for (const line of lab.solution) m.submit(line);
  const snap = m.machine.snapshot();
  r.row('snapshot size (JSON)', `${(JSON.stringify(snap).length / 1024).toFixed(1)} KiB`);
  r.row('machine.snapshot()', summary(timeEach(200, () => m.machine.snapshot())));
  r.row('machine.restore()', summary(timeEach(200, () => m.machine.restore(snap))));
  const both = timeEach(200, () => m.machine.restore(m.machine.snapshot()));
  r.row('snapshot + restore', summary(both));
  const replay = timeEach(20, () => LabSession.replay(lab, m.log));
  r.row('replay of the solution log (fresh machine)', `${summary(replay)}; per line ${ms(replay[Math.floor(replay.length / 2)] / m.log.length)}`);
}
