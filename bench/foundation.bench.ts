/** Foundation: session replay and line-discipline throughput. Page weight is measured in Chromium (pages.bench.ts). */
import type { Reporter } from '../scripts/bench.ts';
import { labIds, loadLab } from '../labs/registry.ts';
import { LabSession } from '../src/lab/session.ts';
import { runHeadless } from '../src/terminal/headless.ts';
import { LineDiscipline } from '../src/terminal/line-discipline.ts';
import { sessionHandler } from '../src/terminal/session-handler.ts';
import { summary, timeEach } from './stats.ts';

export default async function foundation(r: Reporter): Promise<void> {
  r.section('Foundation: lab sessions and the line discipline');
  for (const id of labIds()) {
    const lab = await loadLab(id);
    if (!lab) continue;
    const log = runHeadless(lab, lab.solution.join('\n') + '\n').session.log;
    r.row(`replay ${id} (${log.length} entries, on reload)`, summary(timeEach(50, () => LabSession.replay(lab, log))));
  }
  const welcome = await loadLab('welcome');
  if (welcome) {
    const session = new LabSession(welcome);
    const ld = new LineDiscipline({ write: () => {}, cols: 80 }, sessionHandler(session));
    ld.start();
    // Each burst edits a fresh line (Ctrl-U at the end), as typing at a prompt does.
    const keys = 'echo the quick brown fox\x1b[D\x1b[D\x7f\x01\x05\x15';
    r.row('line discipline: a burst of 32 keys on a short line', summary(timeEach(2000, () => ld.input(keys))));
    ld.input('echo ' + 'x'.repeat(1000));
    r.row('line discipline: one key on a 1,000-character line', summary(timeEach(500, () => ld.input('y\x7f'))));
    ld.input('\x15');
  }
}
