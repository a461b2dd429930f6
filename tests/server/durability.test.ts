import { join as joinPath } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonExport } from '../../src/server/export.ts';
import { startChild } from './child.ts';
import { auth, call, fixtureSite, join, open, postJson, step, tempDir, wire } from './helpers.ts';

const STUDENTS = 12;
const ACKED_BEFORE_KILL = 300;

describe('durability', () => {
  it('keeps every acknowledged event when the server is killed with SIGKILL while students post', async () => {
    const site = fixtureSite();
    const data = joinPath(tempDir(), 'classroom.db');
    const first = await startChild(site, data, { fast: true });
    const students = await Promise.all(Array.from({ length: STUDENTS }, (_, i) => join(first.origin, first.code, `Student ${i}`)));
    const acked = new Map<string, Set<string>>(students.map((s) => [s.studentId, new Set()]));
    const unacked = new Map<string, Map<string, ReturnType<typeof wire>>>(students.map((s) => [s.studentId, new Map()]));
    let total = 0;
    let killed = false;
    let reachedTarget!: () => void;
    const target = new Promise<void>((resolve) => (reachedTarget = resolve));

    // Each student posts batches of 1 to 3 events as fast as the server acknowledges them.
    const post = async (s: { studentId: string; secret: string }, n: number): Promise<void> => {
      let index = 0;
      for (let round = 0; !killed; round++) {
        const batch = Array.from({ length: 1 + ((round + n) % 3) }, () => {
          index++;
          return wire(index === 1 ? open('welcome', 0, 0) : step(index, `cmd ${index}`));
        });
        for (const e of batch) unacked.get(s.studentId)!.set(e.id, e);
        try {
          const r = await postJson(first.origin, '/api/events', { events: batch, sentAt: Date.now() }, s.secret);
          if (r.status !== 200) continue;
          for (const e of batch) {
            acked.get(s.studentId)!.add(e.id);
            unacked.get(s.studentId)!.delete(e.id);
          }
          total += batch.length;
          if (total >= ACKED_BEFORE_KILL) reachedTarget();
        } catch {
          return; // the server is gone
        }
      }
    };
    const posting = students.map((s, n) => post(s, n));
    await target;
    first.process.kill('SIGKILL');
    killed = true;
    expect(await first.exited).toBe('SIGKILL');
    await Promise.all(posting);

    const second = await startChild(site, data, { fast: true });
    try {
      // Same classroom after the restart: same join code and instructor token, old secrets still work.
      expect(second.code).toBe(first.code);
      expect(second.token).toBe(first.token);
      const exported = (await call(second.origin, '/api/export.json', auth(second.token))).body as JsonExport;
      let found = 0;
      for (const s of students) {
        const stored = new Set(exported.students.find((x) => x.id === s.studentId)?.events.map((e) => e.id));
        for (const id of acked.get(s.studentId)!) {
          expect(stored.has(id), `${s.studentId} ${id}`).toBe(true);
          found++;
        }
      }
      expect(found).toBe(total);
      expect(found).toBeGreaterThanOrEqual(ACKED_BEFORE_KILL);

      // The pages resend what was not acknowledged; resending what was is harmless.
      let fresh = 0;
      for (const s of students) {
        const events = [...unacked.get(s.studentId)!.values()];
        const again = [...acked.get(s.studentId)!].slice(0, 3);
        const r = await postJson(second.origin, '/api/events', { events }, s.secret);
        expect(r.status).toBe(200);
        fresh += (r.body as { new: number }).new;
        const resend = exported.students.find((x) => x.id === s.studentId)!.events.filter((e) => again.includes(e.id));
        const dup = await postJson(
          second.origin,
          '/api/events',
          { events: resend.map((e) => ({ id: e.id, at: Date.parse(e.at), activity: e.activity })) },
          s.secret,
        );
        expect(dup.body).toEqual({ accepted: resend.length, new: 0 });
      }
      const after = (await call(second.origin, '/api/export.json', auth(second.token))).body as JsonExport;
      const count = after.students.reduce((n, s) => n + s.events.length, 0);
      const before = exported.students.reduce((n, s) => n + s.events.length, 0);
      expect(count).toBe(before + fresh);
      for (const s of students) {
        const ids = after.students.find((x) => x.id === s.studentId)!.events.map((e) => e.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of unacked.get(s.studentId)!.keys()) expect(ids).toContain(id);
      }
    } finally {
      second.process.kill('SIGTERM');
      await second.exited;
    }
  });
});
