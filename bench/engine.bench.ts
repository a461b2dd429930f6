/**
 * What a long session costs: reloading logs of 10, 1,000 and 5,000 lines (a whole replay,
 * and the checkpoint path a page takes), a command after 12,000 events with objectives
 * still unmet, `devcon install` with 800 devices, and the 20th `history >> log.txt`.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import lab from '../labs/driver-loading/lab.ts';
import { decodeCheckpoint, encodeCheckpoint } from '../src/lab/codec.ts';
import { type InputEntry, LabSession } from '../src/lab/session.ts';
import type { Reporter } from '../scripts/bench.ts';
import { CHECKPOINT_EVERY } from '../src/stores/lab-storage.ts';
import { measure, measured, ms, percentile } from './stats.ts';

/** Read-only commands a student repeats while working (objectives stay unmet: no driver is loaded). */
const READS = [
  'sc query',
  'devcon status *',
  'dbgview',
  'objdir \\Driver',
  'driverquery',
  'dir',
  'ver',
  'sc qc SwLegacy',
  'reg query HKLM\\SYSTEM\\Select',
  'net use',
];

/** A log of `n` lines: the start of the model solution, then reads. */
export function longLog(n: number): InputEntry[] {
  const log: InputEntry[] = [];
  for (const text of lab.solution.slice(0, 3)) if (log.length < n && !text.includes('\x1b')) log.push({ kind: 'line', text });
  for (let i = 0; log.length < n; i++) log.push({ kind: 'line', text: READS[i % READS.length] });
  return log;
}

/** The page's reload path: the checkpoint's text from storage (gzip), then the lines after it (the decoded state adopted). */
function reloadFromCheckpoint(stored: Buffer, log: readonly InputEntry[]): LabSession {
  const cp = decodeCheckpoint(gunzipSync(stored).toString(), lab.id);
  if (!cp) throw new Error('checkpoint does not decode');
  return LabSession.resume(lab, cp, log, true);
}

export default function engine(r: Reporter): void {
  r.section('Engine: reload and long sessions (lab driver-loading)');
  for (const n of [10, 1000, 5000]) {
    const log = longLog(n);
    const runs = n >= 5000 ? 3 : n >= 1000 ? 5 : 30;
    const full = measure(runs, () => LabSession.replay(lab, log));
    // The page checkpoints every CHECKPOINT_EVERY entries: at worst one fewer lines come after the latest one.
    const at = Math.max(0, n - (CHECKPOINT_EVERY - 1));
    const cp = LabSession.replay(lab, log.slice(0, at)).checkpoint();
    if (!cp) throw new Error('no checkpoint');
    const stored = gzipSync(encodeCheckpoint(cp));
    const resumed = measure(runs * 3, () => reloadFromCheckpoint(stored, log));
    r.row(`reload ${n.toLocaleString('en')} lines: replay the whole log`, measured(full), { lines: n, medianMs: percentile(full.wall, 50), cpuMs: full.cpu });
    r.row(
      `reload ${n.toLocaleString('en')} lines: checkpoint + ≤${CHECKPOINT_EVERY - 1} lines`,
      `${measured(resumed)}; checkpoint ${(stored.length / 1024).toFixed(0)} KiB gzip`,
      {
        lines: n,
        medianMs: percentile(resumed.wall, 50),
        cpuMs: resumed.cpu,
        checkpointGzipBytes: stored.length,
      },
    );
  }

  const s = LabSession.replay(lab, longLog(5000));
  while (s.events.length < 12_000) s.submit(READS[s.events.length % READS.length]);
  const unmet = s.objectives().filter((o) => !o.done).length;
  const query = measure(200, () => s.submit('sc query'));
  r.row(`sc query after ${(12_000).toLocaleString('en')} events (${unmet} objectives unmet)`, measured(query), {
    medianMs: percentile(query.wall, 50),
    p99Ms: percentile(query.wall, 99),
    cpuMs: query.cpu,
  });

  const d = new LabSession(lab);
  d.submit('devcon install swpnp.inf Root\\SwPnp');
  for (let i = 0; i < 800; i++) d.submit('devcon install swpnp.inf Root\\SwPnp');
  const install = measure(20, () => d.submit('devcon install swpnp.inf Root\\SwPnp'));
  r.row('devcon install with 800 devices', measured(install), { medianMs: percentile(install.wall, 50), cpuMs: install.cpu });

  const h = LabSession.replay(lab, longLog(2000));
  for (let i = 0; i < 19; i++) h.submit('history >> log.txt');
  const t = performance.now();
  h.submit('history >> log.txt');
  const twentieth = performance.now() - t;
  r.row('the 20th `history >> log.txt` after 2,000 lines', ms(twentieth), { ms: twentieth });
}
