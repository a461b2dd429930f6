/**
 * The classroom's own check of grades: the time to verify one student's full
 * lab log (the model solution, replayed in the worker thread), and a class of
 * 300 students whose input logs are verified while their events keep flowing,
 * with the p99 of event acknowledgement beside the same load with nothing to
 * verify.
 */
import { join } from 'node:path';
import { loadAllLabs } from '../labs/registry.ts';
import { ClassroomModel } from '../src/server/model.ts';
import type { WireEvent } from '../src/server/protocol.ts';
import { Verifier } from '../src/server/verifier.ts';
import { runHeadless } from '../src/terminal/headless.ts';
import type { Reporter } from '../scripts/bench.ts';
import { startChild } from '../tests/server/child.ts';
import { fixtureSite, join as joinClass, step, tempDir, wire } from '../tests/server/helpers.ts';
import { ms, percentile } from './stats.ts';

const STUDENTS = 300;
const SECONDS = 20;
const RUNS = 10;

async function verifyOneLog(r: Reporter): Promise<void> {
  for (const lab of await loadAllLabs()) {
    const log = runHeadless(lab, lab.solution.join('\n') + '\n').session.log;
    const model = new ClassroomModel();
    const verifier = new Verifier(model, () => undefined);
    const times: number[] = [];
    // Run 0 starts the worker thread and loads the lab in it; the others find it warm.
    for (let run = 0; run <= RUNS; run++) {
      const id = `s${run}`;
      model.addStudent({ id, name: id, joinedAt: 0 });
      for (const [index, entry] of log.entries()) {
        model.apply({ seq: index + 1, studentId: id, id: `i${index}`, at: 0, received: 0, activity: { lab: lab.id, attempt: 0, index, kind: 'input', entry } });
      }
      const t = performance.now();
      verifier.kick();
      await verifier.idle();
      times.push(performance.now() - t);
      const verified = model.summary(id, false)?.labs[lab.id]?.verified.length ?? 0;
      if (verified !== lab.objectives.length) throw new Error(`${lab.id}: the replay verified ${verified} of ${lab.objectives.length}`);
    }
    await verifier.close();
    const cold = times.shift() ?? 0;
    times.sort((a, b) => a - b);
    r.row(
      `verify one full log: ${lab.id} (${log.length} entries)`,
      `median ${ms(percentile(times, 50))}, max ${ms(times[times.length - 1])}; first, starting the worker: ${ms(cold)}`,
    );
  }
}

/** p99 of POST /api/events while `STUDENTS` post one event a second; with `inputs`, each event carries an input-log entry to verify. */
async function ackP99(inputs: boolean): Promise<{ p99: number; p50: number; n: number; retries: number }> {
  const server = await startChild(fixtureSite(), join(tempDir(), 'verify-bench.db'));
  try {
    const lines = ['help', 'help ver', 'ver', 'cls', 'lab answer aids b', 'dir', 'echo on'];
    const students: { studentId: string; secret: string; index: number }[] = [];
    for (let i = 0; i < STUDENTS; i++) students.push({ ...(await joinClass(server.origin, server.code, `S${i}`)), index: 0 });
    const latencies: number[] = [];
    let retries = 0;
    const send = async (s: (typeof students)[number]): Promise<void> => {
      const i = s.index++;
      const text = lines[i % lines.length];
      const events: WireEvent[] = [wire({ ...step(i, text), lab: 'welcome' })];
      if (inputs) events.push(wire({ lab: 'welcome', attempt: 0, index: i, kind: 'input', entry: { kind: 'line', text } }));
      const t = performance.now();
      // A kept-alive connection the server closed (idle cap) fails once; the page's outbox sends again.
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const res = await fetch(`${server.origin}/api/events`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.secret}` },
            body: JSON.stringify({ events, sentAt: Date.now() }),
          });
          await res.arrayBuffer();
          break;
        } catch {
          retries++;
        }
      }
      latencies.push(performance.now() - t);
    };
    const sending: Promise<void>[] = [];
    await new Promise<void>((resolve) => {
      let queued = 0;
      students.forEach((s, i) => {
        for (let k = 0; k < SECONDS; k++) {
          setTimeout(
            () => {
              sending.push(send(s));
              if (++queued === STUDENTS * SECONDS) resolve();
            },
            (i * 1000) / STUDENTS + k * 1000,
          );
        }
      });
    });
    await Promise.all(sending);
    latencies.sort((a, b) => a - b);
    return { p99: percentile(latencies, 99), p50: percentile(latencies, 50), n: latencies.length, retries };
  } finally {
    server.process.kill('SIGTERM');
    await server.exited;
  }
}

export default async function verifyBench(r: Reporter): Promise<void> {
  r.section('classroom: server-side verification (replaying input logs in a worker thread)');
  await verifyOneLog(r);
  const plain = await ackP99(false);
  const checked = await ackP99(true);
  r.row(
    `event acknowledgement, ${STUDENTS} students × 1 event/s for ${SECONDS} s, nothing to verify`,
    `p50 ${ms(plain.p50)}, p99 ${ms(plain.p99)} (n=${plain.n}, ${plain.retries} re-sent)`,
  );
  r.row(
    `the same while every student's log is verified as it grows`,
    `p50 ${ms(checked.p50)}, p99 ${ms(checked.p99)} (n=${checked.n}, ${checked.retries} re-sent); p99 ratio ${(checked.p99 / plain.p99).toFixed(2)}×`,
  );
}
