/**
 * The classroom's checker, in a worker thread: replays a student's input log
 * for one lab on a freshly seeded machine (the engine is deterministic, so it
 * is the student's machine) and reports which objectives the replay met.
 */
import { parentPort } from 'node:worker_threads';
import { loadLab } from '../../labs/registry.ts';
import { LabSession, type InputEntry } from '../lab/session.ts';

export interface VerifyRequest {
  readonly id: number;
  readonly lab: string;
  readonly entries: readonly InputEntry[];
  /** At most this many entries are replayed (the step budget). */
  readonly budget: number;
}

export interface VerifyResult {
  readonly id: number;
  readonly met: readonly string[];
  readonly failed: boolean;
  readonly note: string;
  readonly steps: number;
}

async function verify(job: VerifyRequest): Promise<VerifyResult> {
  const lab = await loadLab(job.lab);
  if (!lab) return { id: job.id, met: [], failed: true, note: `this build has no lab '${job.lab}'`, steps: 0 };
  const entries = job.entries.slice(0, job.budget);
  const session = LabSession.replay(lab, entries);
  const note = entries.length < job.entries.length ? `replayed the first ${job.budget} of ${job.entries.length} entries` : '';
  return {
    id: job.id,
    met: session
      .objectives()
      .filter((o) => o.done)
      .map((o) => o.id),
    failed: false,
    note,
    steps: entries.length,
  };
}

parentPort?.on('message', (job: VerifyRequest) => {
  verify(job).then(
    (result) => parentPort?.postMessage(result),
    (err: unknown) =>
      parentPort?.postMessage({ id: job.id, met: [], failed: true, note: `the replay failed: ${err instanceof Error ? err.message : String(err)}`, steps: 0 }),
  );
});
