/**
 * What the classroom refuses at its door: blank-rendering names, work in a
 * locked lab, objectives dated before the join, a --data file that is not a
 * classroom's (refused before anything in it changes); and a damaged outbox
 * in the browser keeps its intact entries.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/classroom-client/queue.ts';
import { salvageOutbox } from '../../src/classroom-client/salvage.ts';
import { KEYS, type KeyValue } from '../../src/classroom-client/storage.ts';
import { loadSqlite } from '../../src/server/sqlite.ts';
import type { RunningClassroom } from '../../src/server/start.ts';
import { ClassroomStore } from '../../src/server/store.ts';
import { auth, call, join, met, postJson, startTest, step, tempDir, wire } from './helpers.ts';

let server: RunningClassroom;
beforeAll(async () => {
  server = await startTest();
});
afterAll(async () => {
  await server.close();
});

describe('names', () => {
  it('refuses names that render blank: zero-width, fillers, lone combining marks', async () => {
    for (const name of ['\u200b\u200b', '\u3164', '\u115f\u1160', '\u2800', '\ufeff', '\u0301\u0301', ' \u200d ']) {
      const r = await postJson(server.origin, '/api/join', { code: server.classroom.code, name });
      expect(r.status, JSON.stringify(name)).toBe(400);
      expect(r.body).toMatchObject({ error: 'invalid' });
    }
    expect((await postJson(server.origin, '/api/join', { code: server.classroom.code, name: 'Zoë\u200b' })).status).toBe(201);
  });
});

describe('events', () => {
  it('refuses work in a locked lab, done after the lock, and takes it again once unlocked', async () => {
    const s = await join(server.origin, server.classroom.code, 'Locked');
    const token = server.classroom.token;
    expect((await postJson(server.origin, '/api/labs/welcome/lock', { locked: true }, token)).status).toBe(201);
    const r = await postJson(server.origin, '/api/events', { events: [wire(step(1, 'ver')), wire(met(1, 'start'))], sentAt: Date.now() }, s.secret);
    expect(r.body).toEqual({ accepted: 2, new: 0, refused: 2 });
    await postJson(server.origin, '/api/labs/welcome/lock', { locked: false }, token);
    const again = await postJson(server.origin, '/api/events', { events: [wire(step(2, 'ver'))], sentAt: Date.now() }, s.secret);
    expect(again.body).toEqual({ accepted: 1, new: 1 });
  });

  it('refuses an objective dated before the student joined', async () => {
    const s = await join(server.origin, server.classroom.code, 'Early');
    const now = Date.now();
    const r = await postJson(
      server.origin,
      '/api/events',
      { events: [wire(met(1, 'start'), now - 3_600_000), wire(met(2, 'query'), now)], sentAt: now },
      s.secret,
    );
    expect(r.body).toEqual({ accepted: 2, new: 1, refused: 1 });
    const exported = (await call(server.origin, '/api/export.json', auth(server.classroom.token))).body as {
      students: { name: string; events: { activity: { objective?: string } }[] }[];
    };
    expect(exported.students.find((x) => x.name === 'Early')?.events.map((e) => e.activity.objective)).toEqual(['query']);
  });
});

describe('--data', () => {
  it('refuses a file that is not SQLite, or another program’s database, and changes nothing in it', async () => {
    const dir = tempDir();
    const text = joinPath(dir, 'notes.txt');
    writeFileSync(text, 'my notes\n');
    await expect(ClassroomStore.open(text)).rejects.toThrow(/notes\.txt is not a classroom database: it is not an SQLite database\. Nothing in it was changed/);
    expect(readFileSync(text, 'utf8')).toBe('my notes\n');

    const other = joinPath(dir, 'other.db');
    const { DatabaseSync } = await loadSqlite();
    const db = new DatabaseSync(other);
    db.exec('CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)');
    db.close();
    const before = readFileSync(other);
    await expect(ClassroomStore.open(other)).rejects.toThrow(/is not a classroom database: it holds other tables \(accounts\)/);
    // Not even the journal mode changed (byte 18 and 19 of the header say WAL when it is).
    expect(readFileSync(other).equals(before)).toBe(true);
  });

  it('opens an empty file and a classroom’s own database', async () => {
    const file = joinPath(tempDir(), 'class.db');
    writeFileSync(file, '');
    (await ClassroomStore.open(file)).close();
    (await ClassroomStore.open(file)).close();
  });
});

describe('a damaged outbox', () => {
  function memory(): KeyValue & { map: Map<string, string> } {
    const map = new Map<string, string>();
    return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
  }

  it('keeps the intact entries of a cut-off or corrupted queue, and sets the damaged text aside', () => {
    const store = memory();
    const whole = JSON.stringify([wire(step(1, 'a')), wire(step(2, 'b')), wire(step(3, 'c'))]);
    // Cut in the middle of the third entry, and one byte of the first damaged.
    store.setItem(KEYS.queue, whole.slice(0, whole.length - 20).replace('"welcome:0:1:step"', '"welcome:0:1:step'));
    const outbox = new Outbox(store);
    expect(outbox.all().map((e) => e.id)).toEqual(['welcome:0:2:step']);
    expect(store.map.get(`${KEYS.queue}:damaged`)).toContain('welcome:0:3');
    expect(JSON.parse(store.map.get(KEYS.queue) ?? '')).toHaveLength(1);
  });

  it('drops entries of the wrong shape from a queue that parses', () => {
    const { events, damaged } = salvageOutbox(JSON.stringify([wire(step(1, 'a')), { id: 3 }, null, wire(step(2, 'b'))]));
    expect(events.map((e) => e.id)).toEqual(['welcome:0:1:step', 'welcome:0:2:step']);
    expect(damaged).toBe(true);
    expect(salvageOutbox(JSON.stringify([wire(step(1, 'a'))])).damaged).toBe(false);
  });
});

describe('idle connections', () => {
  it('caps them per address: the longest-idle ones close, a busy one stays', async () => {
    const { connect } = await import('node:net');
    const capped = await startTest({ maxIdlePerAddress: 3, idleGraceMs: 0 });
    try {
      const url = new URL(capped.origin);
      const open = () =>
        new Promise<import('node:net').Socket>((resolve) => {
          const s = connect(Number(url.port), url.hostname, () => resolve(s));
        });
      const closed = (s: import('node:net').Socket) => new Promise<void>((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve())));
      const sockets = [];
      for (let i = 0; i < 8; i++) sockets.push(await open());
      // The five opened first were idle longest: they are closed; the last three stay open.
      await Promise.all(sockets.slice(0, 5).map(closed));
      expect(sockets.slice(5).every((s) => !s.destroyed)).toBe(true);
      // A request still gets through on a kept connection.
      const r = await call(capped.origin, '/api/classroom');
      expect(r.status).toBe(200);
      for (const s of sockets) s.destroy();
    } finally {
      await capped.close();
    }
  });
});

describe('idle connections, within the grace period', () => {
  it('spares new connections: a room behind one address that connects at once is not cut off', async () => {
    const { connect } = await import('node:net');
    const capped = await startTest({ maxIdlePerAddress: 2, idleGraceMs: 60_000 });
    try {
      const url = new URL(capped.origin);
      const sockets: import('node:net').Socket[] = [];
      for (let i = 0; i < 6; i++) {
        sockets.push(
          await new Promise((resolve) => {
            const s = connect(Number(url.port), url.hostname, () => resolve(s));
          }),
        );
      }
      // Every one of them can still send its request.
      const answers = await Promise.all(
        sockets.map(
          (s) =>
            new Promise<string>((resolve) => {
              let text = '';
              s.on('data', (d) => (text += d.toString()));
              s.on('close', () => resolve(text));
              s.write(`GET /api/classroom HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`);
            }),
        ),
      );
      expect(answers.every((a) => a.startsWith('HTTP/1.1 200'))).toBe(true);
    } finally {
      await capped.close();
    }
  });
});
