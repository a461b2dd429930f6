/**
 * Classroom load: 300 simulated students each post one lab event per second
 * for 30 s to a real classroom server (its own process, 127.0.0.1, default
 * limits, WAL with synchronous=FULL), with an instructor dashboard stream open.
 * Each student behaves like the browser client: one request in flight, batches of up to
 * 100 events, acknowledged events removed from its outbox by id, the rest sent again.
 * Reports events created vs acknowledged vs stored, request latency and events lost.
 */
import { join } from 'node:path';
import type { Reporter } from '../scripts/bench.ts';
import type { JsonExport } from '../src/server/export.ts';
import type { WireEvent } from '../src/server/protocol.ts';
import { startChild } from '../tests/server/child.ts';
import { fixtureSite, join as joinClass, met, open, step, tempDir, wire } from '../tests/server/helpers.ts';
import { SseReader } from '../tests/server/sse.ts';
import { ms, percentile } from './stats.ts';

const STUDENTS = 300;
const SECONDS = 30;
const OUTPUT = 'Windows kernel output line\n'.repeat(16);

interface Student {
  readonly studentId: string;
  readonly secret: string;
  index: number;
  /** Created, not yet acknowledged, oldest first (the browser's outbox). */
  pending: WireEvent[];
  readonly acked: Set<string>;
  /** A request is in flight (the real client sends one at a time). */
  sending: boolean;
}

function nextEvent(s: Student): WireEvent {
  const i = s.index++;
  if (i === 0) return wire(open());
  if (i % 10 === 0) return wire(met(i, i % 20 === 0 ? 'start' : 'query', 1));
  return wire({ ...step(i, `sc query drv${i}`, i % 7 === 0 ? 1060 : 0), output: OUTPUT } as ReturnType<typeof step>);
}

export default async function classroomBench(r: Reporter): Promise<void> {
  const server = await startChild(fixtureSite(), join(tempDir(), 'bench.db'));
  try {
    const students: Student[] = [];
    for (let i = 0; i < STUDENTS; i++) {
      const j = await joinClass(server.origin, server.code, `Student ${i}`);
      students.push({ ...j, index: 0, pending: [], acked: new Set(), sending: false });
    }
    const dash = await SseReader.open(`${server.origin}/api/stream`, { Authorization: `Bearer ${server.token}` });
    let updates = 0;
    const reading = (async () => {
      try {
        for (;;) {
          await dash.reader!.next('student');
          updates++;
        }
      } catch {
        // The stream closes when the bench ends.
      }
    })();

    const latencies: number[] = [];
    let refused = 0;
    let created = 0;
    /** Like the browser's sender: one request at a time, batches of up to 100, acknowledged events removed by id. */
    const pump = async (s: Student): Promise<void> => {
      if (s.sending) return;
      s.sending = true;
      try {
        while (s.pending.length > 0) {
          const batch = s.pending.slice(0, 100);
          const t = performance.now();
          let status = 0;
          let retryAfter = 1;
          try {
            const res = await fetch(`${server.origin}/api/events`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.secret}` },
              body: JSON.stringify({ events: batch, sentAt: Date.now() }),
            });
            await res.arrayBuffer();
            status = res.status;
            retryAfter = Number(res.headers.get('retry-after') ?? '1') || 1;
            latencies.push(performance.now() - t);
          } catch {
            status = 0;
          }
          if (status === 200) {
            const done = new Set(batch.map((e) => e.id));
            for (const id of done) s.acked.add(id);
            s.pending = s.pending.filter((e) => !done.has(e.id));
          } else {
            refused++;
            await new Promise((res) => setTimeout(res, status === 429 ? retryAfter * 1000 : 250));
          }
        }
      } finally {
        s.sending = false;
      }
    };
    const send = (s: Student): Promise<void> => {
      s.pending.push(nextEvent(s));
      created++;
      return pump(s);
    };

    // Each student sends exactly SECONDS events, one a second, the class spread evenly over each second.
    const started = performance.now();
    const sending: Promise<void>[] = [];
    await new Promise<void>((resolve) => {
      let finished = 0;
      students.forEach((s, i) => {
        for (let k = 0; k < SECONDS; k++) {
          setTimeout(
            () => {
              sending.push(send(s));
              if (++finished === STUDENTS * SECONDS) resolve();
            },
            (i * 1000) / STUDENTS + k * 1000,
          );
        }
      });
    });
    await Promise.all(sending);
    // Anything still unacknowledged is sent on, as a student's page would.
    await Promise.all(students.map((s) => pump(s)));
    const elapsed = (performance.now() - started) / 1000;

    const res = await fetch(`${server.origin}/api/export.json`, { headers: { Authorization: `Bearer ${server.token}` } });
    const exported = (await res.json()) as JsonExport;
    const stored = new Map(exported.students.map((s) => [s.id, new Set(s.events.map((e) => e.id))]));
    let acked = 0;
    let lost = 0;
    let duplicates = 0;
    let storedCount = 0;
    for (const s of students) {
      acked += s.acked.size;
      storedCount += stored.get(s.studentId)?.size ?? 0;
      const have = stored.get(s.studentId) ?? new Set();
      for (const id of s.acked) if (!have.has(id)) lost++;
      const list = exported.students.find((x) => x.id === s.studentId)?.events ?? [];
      duplicates += list.length - have.size;
    }
    dash.reader!.close();
    await reading;

    latencies.sort((a, b) => a - b);
    r.section(`classroom: ${STUDENTS} students × 1 event/s for ${SECONDS} s (server in its own process, 127.0.0.1)`);
    r.row('events created / acknowledged / stored', `${created} / ${acked} (${(acked / elapsed).toFixed(0)}/s) / ${storedCount}`, {
      created,
      acknowledged: acked,
      stored: storedCount,
    });
    r.row(
      'POST /api/events latency',
      `p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies[latencies.length - 1])} (n=${latencies.length})`,
      { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), requests: latencies.length },
    );
    r.row('requests refused or failed (then re-sent)', String(refused));
    r.row('dashboard updates received over SSE', String(updates));
    r.row('events lost (acknowledged, not in export)', String(lost), { lost });
    r.row('events stored twice', String(duplicates), { duplicates });
  } finally {
    server.process.kill('SIGTERM');
    await server.exited;
  }
}
