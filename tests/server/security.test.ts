/**
 * What a hostile student on the same network could try, each refused: found
 * in a security review of the classroom server (see docs/classroom.md).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClassroomModel, MAX_LEARNT_LABS, MAX_UNKNOWN_LABS, MAX_UNKNOWN_OBJECTIVES } from '../../src/server/model.ts';
import { LIMITS, type LabInfo } from '../../src/server/protocol.ts';
import { RateLimiter } from '../../src/server/ratelimit.ts';
import { addressKey } from '../../src/server/address.ts';
import type { LabActivity } from '../../src/stores/activity.ts';
import { auth, call, fixtureSite, join, met, open, postJson, startTest, step, tempDir, wire } from './helpers.ts';
import { csvField, type JsonExport } from '../../src/server/export.ts';
import { SseReader } from './sse.ts';
import { pagePolicy, siteAnswer } from '../../src/server/static.ts';
import { createHash } from 'node:crypto';
import { REQUEST_TIMEOUTS, type RunningClassroom } from '../../src/server/start.ts';
import { connect } from 'node:net';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join as joinPath } from 'node:path';
import { Classroom } from '../../src/server/classroom.ts';
import { ClassroomStore } from '../../src/server/store.ts';
import { GroupWriter } from '../../src/server/writer.ts';

const T0 = 1_800_000_000_000;

const openWith = (lab: string, objectives: { id: string; title: string }[]): LabActivity => ({
  ...open(lab),
  kind: 'open',
  done: 0,
  total: objectives.length,
  objectives,
});
const COURSE: LabInfo[] = [
  {
    id: 'welcome',
    objectives: [
      { id: 'start', title: 'Start the console' },
      { id: 'query', title: 'Query the driver' },
    ],
  },
];

function modelWith(labs: readonly LabInfo[]): { m: ClassroomModel; add: (a: LabActivity) => boolean } {
  const m = new ClassroomModel();
  m.seedLabs(labs);
  m.addStudent({ id: 's1', name: 'Mallory', joinedAt: T0 });
  m.addStudent({ id: 's2', name: 'Ana', joinedAt: T0 });
  let seq = 0;
  return { m, add: (a) => m.apply({ seq: ++seq, studentId: 's1', id: `e${seq}`, at: T0 + seq, received: T0 + seq, activity: a }) };
}

describe('the class’s lab list cannot be rewritten by one student', () => {
  it('keeps a course lab’s objectives and titles whatever a page reports', () => {
    const { m, add } = modelWith(COURSE);
    const forged = openWith('welcome', [
      { id: 'fake', title: '=HYPERLINK("http://x")' },
      { id: 'start', title: 'PWNED' },
    ]);
    expect(add(forged)).toBe(false);
    expect(add(met(1, 'other'))).toBe(false);
    // A lab the course does not have adds no column for the class.
    expect(add(open('junk'))).toBe(false);
    expect(add(met(2, 'start', 0, 'junk'))).toBe(false);
    expect(m.labs()).toEqual(COURSE);
    expect(Object.keys(m.summary('s1', true)!.labs.junk.met)).toEqual(['start']);
    // Everyone else's current objective is still the course's first one.
    expect(m.summary('s2', true)?.current ?? null).toBeNull();
    expect(m.objectivesOf('welcome').map((o) => o.id)).toEqual(['start', 'query']);
  });

  it('lets the first title of a learnt objective stand, and caps learnt labs and objectives', () => {
    const { m, add } = modelWith([]);
    expect(add(open('lab-a'))).toBe(true);
    add(openWith('lab-a', [{ id: 'start', title: 'Renamed' }]));
    expect(m.objectivesOf('lab-a')[0]).toEqual({ id: 'start', title: 'Start the console' });
    const many = Array.from({ length: LIMITS.objectivesPerLab }, (_, i) => ({ id: `o${i}`, title: '' }));
    add(openWith('lab-a', many));
    expect(m.objectivesOf('lab-a')).toHaveLength(LIMITS.objectivesPerLab);
    for (let i = 0; i < MAX_LEARNT_LABS + 20; i++) add(open(`junk-${i}`));
    expect(m.labs()).toHaveLength(MAX_LEARNT_LABS);
  });
});

describe('one student’s own progress is bounded too', () => {
  it('folds in only a few labs the class does not know, and a few objective ids a lab does not list', () => {
    const { m, add } = modelWith(COURSE);
    add(open('welcome'));
    for (let i = 0; i < MAX_UNKNOWN_LABS + 30; i++) add(open(`lab-${i}`));
    for (let i = 0; i < LIMITS.objectivesPerLab; i++) {
      add(met(i, `objective-${i}`));
      add({ lab: 'welcome', attempt: 0, index: i, kind: 'hint', objective: `objective-${i}`, level: 1 });
    }
    add(met(200, 'query'));
    add({ lab: 'welcome', attempt: 0, index: 201, kind: 'hint', objective: 'start', level: 1 });
    const s = m.summary('s1', true)!;
    expect(Object.keys(s.labs)).toHaveLength(1 + MAX_UNKNOWN_LABS);
    // The lab's own objectives always count; other ids only up to the allowance.
    expect(Object.keys(s.labs.welcome.met)).toHaveLength(MAX_UNKNOWN_OBJECTIVES + 1);
    expect(s.labs.welcome.met.query).toBeDefined();
    expect(Object.keys(s.labs.welcome.hints)).toHaveLength(MAX_UNKNOWN_OBJECTIVES + 1);
    expect(s.labs.welcome.hints.start).toBe(1);
    expect(s.events).toBe(1 + MAX_UNKNOWN_LABS + 30 + 2 * LIMITS.objectivesPerLab + 2);
    expect(s.current?.lab).toBe('welcome');
  });
});

describe('guessing the join code', () => {
  it('counts an IPv6 machine by its /64 network, and an IPv4 one by its address however it arrives', () => {
    expect(addressKey('192.168.1.20')).toBe('192.168.1.20');
    expect(addressKey('::ffff:192.168.1.20')).toBe('192.168.1.20');
    const net = addressKey('fd00:1:2:3::1');
    expect(net).toBe('fd00:1:2:3::/64');
    for (const other of ['fd00:1:2:3:a:b:c:d', 'FD00:0001:0002:0003:ffff::9', 'fd00:1:2:3::1%eth0']) expect(addressKey(other), other).toBe(net);
    expect(addressKey('fd00:1:2:4::1')).not.toBe(net);
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('peeks at a bucket without taking from it, and forgets a full one', () => {
    let t = 0;
    const r = new RateLimiter(2, 1, () => t);
    expect(r.peek('a')).toBe(0);
    expect(r.take('a')).toBe(0);
    expect(r.take('a')).toBe(0);
    expect(r.peek('a')).toBe(1);
    expect(r.take('a')).toBe(1);
    t = 1000;
    expect(r.peek('a')).toBe(0);
    expect(r.peek('a')).toBe(0);
    expect(r.take('a')).toBe(0);
    expect(r.peek('a')).toBe(1);
    expect(r.peek('b', 2)).toBe(0);
    expect(r.peek('b', 3)).toBe(0);
    expect(r.take('b', 3)).toBe(0);
    expect(r.peek('b', 2)).toBe(3);
  });
});

describe('the course site', () => {
  let server: RunningClassroom;
  beforeAll(async () => {
    server = await startTest();
  });
  afterAll(async () => {
    await server.close();
  });

  it('redirects a folder to its own path on this server, never to another host', async () => {
    for (const path of ['//lessons', '//evil.example/..%2flessons', '/%2f%2fevil.example/%2e%2e/lessons/one']) {
      const res = await fetch(server.origin + path, { redirect: 'manual' });
      expect(res.status, path).toBe(301);
      const location = res.headers.get('location') ?? '';
      expect(location, path).toMatch(/^\/[^/\\]/);
      expect(new URL(location, server.origin).host, path).toBe(new URL(server.origin).host);
    }
    // A path that names the site's root folder itself (URL parsers drop the dot, so ask the server's own code).
    expect(await siteAnswer(fixtureSite(), '/%2e')).toEqual({ kind: 'redirect', location: '/' });
    const plain = await fetch(`${server.origin}/lessons/one`, { redirect: 'manual' });
    expect(plain.headers.get('location')).toBe('/lessons/one/');
  });

  it('does not follow a symbolic link out of the site', async () => {
    const outside = joinPath(tempDir(), 'secret.txt');
    writeFileSync(outside, 'the laptop’s own file\n');
    const site = fixtureSite();
    symlinkSync(outside, joinPath(site, 'leak.txt'));
    symlinkSync(dirname(outside), joinPath(site, 'elsewhere'));
    writeFileSync(joinPath(site, 'inside.txt'), 'in the site\n');
    symlinkSync(joinPath(site, 'inside.txt'), joinPath(site, 'alias.txt'));
    for (const path of ['/leak.txt', '/elsewhere/secret.txt', '/elsewhere/']) {
      const answer = await siteAnswer(site, path);
      expect(answer.kind === 'file' ? answer.status : answer.kind, path).toBe(404);
    }
    const alias = await siteAnswer(site, '/alias.txt');
    expect(alias.kind === 'file' && String(alias.body)).toBe('in the site\n');
  });

  it('serves pages that no other site may frame, with a script policy', async () => {
    for (const path of ['/', '/lessons/one/', '/no-such-page', '/_astro/theme.js', '/api/classroom']) {
      const res = await fetch(server.origin + path);
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
    const page = await fetch(`${server.origin}/lessons/one/`);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    expect(policy).toContain("object-src 'none'");
  });
});

describe('a course page’s policy', () => {
  const sha = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

  it('lets the page’s own inline scripts run by hash, and nothing inline that is not in the page', () => {
    const theme = '(function (w, d) { d.documentElement.dataset.theme = "dark"; })(window, document);';
    const search = 'import("/pagefind/pagefind.js");';
    const html = `<html><head><script>${theme}</script><script type="module">${search}</script><script type="module" src="/_astro/a.js"></script><script type="application/json" id="data">{"a":1}</script></head></html>`;
    const policy = pagePolicy(html);
    const scripts = /script-src ([^;]*)/.exec(policy)?.[1].split(' ') ?? [];
    expect(scripts.sort()).toEqual(["'self'", "'wasm-unsafe-eval'", sha(theme), sha(search)].sort());
  });
});

describe('event bodies', () => {
  let server: RunningClassroom;
  let secret: string;
  beforeAll(async () => {
    server = await startTest();
    secret = (await join(server.origin, server.classroom.code, 'Mallory')).secret;
  });
  afterAll(async () => {
    await server.close();
  });

  const nested = (depth: number, extra: object = {}) => {
    const base = step(1, 'sc query');
    const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const activity: LabActivity = base.kind === 'step' ? { ...base, events: [{ type: 'console.command', seq: 1, time: 0, ...extra, x: 'DEEP' }] } : base;
    const body = JSON.stringify({ events: [wire(activity)] });
    return body.replace('"DEEP"', deep);
  };

  it('refuses lab events nested deeper than a lab event ever is, with a 400 naming the field', async () => {
    for (const depth of [20, 1000, 60_000]) {
      const r = await postJson(server.origin, '/api/events', nested(depth), secret);
      expect(r.status, `depth ${depth}`).toBe(400);
      expect(r.body).toMatchObject({ error: 'invalid' });
      expect((r.body as { message: string }).message).toMatch(/events\[0\]\.activity\.events\[0\]\.x.*nested/);
    }
    // The error names the field, but never repeats a long or odd field name the client chose.
    const odd = await postJson(server.origin, '/api/events', nested(8).replace('"x":', `"<script>${'a'.repeat(5000)}</script>":`), secret);
    expect(odd.status).toBe(400);
    expect(odd.text).not.toContain('<script>');
    expect(odd.text.length).toBeLessThan(300);
    const flat = await postJson(server.origin, '/api/events', nested(1, { args: ['query', 'drv'] }), secret);
    expect(flat.status).toBe(200);
  });
});

/** Send `text` on a raw connection and collect what comes back until the server closes it. */
function rawExchange(origin: string, text: string): Promise<string> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
    let got = '';
    socket.on('data', (d: Buffer) => (got += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(got));
  });
}

describe('slow clients', () => {
  it('closes a connection whose headers or body never finish arriving', async () => {
    const server = await startTest({ timeouts: { headersMs: 300, requestMs: 600 } });
    // A stream opened first stays open: the times bound receiving a request, not answering it.
    const dashboard = await SseReader.open(`${server.origin}/api/stream`, { Authorization: `Bearer ${server.classroom.token}` });
    try {
      await dashboard.reader!.next('snapshot');
      const headers = await rawExchange(server.origin, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      expect(headers).toMatch(/^HTTP\/1\.1 408/);
      const body = await rawExchange(
        server.origin,
        'POST /api/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"code":',
      );
      expect(body).toMatch(/^HTTP\/1\.1 408/);
      // A connection that never says anything is closed too.
      expect(await rawExchange(server.origin, '')).toMatch(/^HTTP\/1\.1 408/);
      server.classroom.broadcast('Still there?');
      expect(JSON.parse((await dashboard.reader!.next('control')).data)).toMatchObject({ control: { message: 'Still there?' } });
    } finally {
      dashboard.reader?.close();
      await server.close();
    }
  });

  it('by default gives a request 10 s for its headers and 30 s in all, not Node’s minutes', () => {
    expect(REQUEST_TIMEOUTS).toEqual({ headersMs: 10_000, requestMs: 30_000 });
  });
});

/** Make a file unwritable even for root (chattr +i), or by its mode for anyone else; returns the undo. */
function makeReadOnly(file: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', file]);
    return () => execFileSync('chattr', ['-i', file]);
  }
  chmodSync(file, 0o444);
  return () => chmodSync(file, 0o644);
}

describe('a database that cannot be written', () => {
  it('stops the start with an error naming the file, instead of taking events it cannot keep', async () => {
    const file = joinPath(tempDir(), 'classroom.db');
    const first = await Classroom.open({ data: file, labs: [] });
    first.join('Ana');
    first.close();
    const undo = makeReadOnly(file);
    try {
      await expect(Classroom.open({ data: file, labs: [] })).rejects.toThrow(`${file} cannot be opened for writing`);
    } finally {
      undo();
    }
    const again = await Classroom.open({ data: file, labs: [] });
    expect(again.store.students().map((s) => s.name)).toEqual(['Ana']);
    again.close();
  });

  it('answers a join or a broadcast it could not store with 503 not_stored, and nothing changes', async () => {
    const server = await startTest();
    try {
      const refuse = (): never => {
        throw Object.assign(new Error('database or disk is full'), { code: 'ERR_SQLITE_ERROR' });
      };
      server.classroom.store.addStudent = refuse;
      server.classroom.store.addControl = refuse;
      const joined = await postJson(server.origin, '/api/join', { code: server.classroom.code, name: 'Ana' });
      expect(joined.status).toBe(503);
      expect(joined.body).toMatchObject({ error: 'not_stored' });
      const sent = await postJson(server.origin, '/api/broadcast', { message: 'Break' }, server.classroom.token);
      expect(sent.status).toBe(503);
      expect(sent.body).toMatchObject({ error: 'not_stored' });
      expect(server.classroom.snapshot().students).toEqual([]);
      expect(server.classroom.broadcasts()).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('one student or one machine cannot flood the class', () => {
  it('limits the bytes a student may send, so the laptop’s disk cannot be filled', async () => {
    const server = await startTest({ rate: { burst: 1000, perSecond: 1000, bytesBurst: 100_000, bytesPerSecond: 1 } });
    try {
      const a = await join(server.origin, server.classroom.code, 'Mallory');
      const b = await join(server.origin, server.classroom.code, 'Ana');
      const big = (i: number) => ({ events: [wire({ ...step(i, 'type big.txt'), output: 'x'.repeat(30_000) } as LabActivity)] });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await postJson(server.origin, '/api/events', big(i), a.secret)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const refused = await postJson(server.origin, '/api/events', big(9), a.secret);
      expect(refused.body).toMatchObject({ error: 'rate_limited' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another student is not held back, and nothing refused was stored.
      expect((await postJson(server.origin, '/api/events', big(0), b.secret)).status).toBe(200);
      expect(server.classroom.store.eventsOf(a.studentId)).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('limits the bytes of all students on one address together, so joining many times does not multiply it', async () => {
    const server = await startTest({
      rate: { burst: 1000, perSecond: 1000, bytesBurst: 1e9, bytesPerSecond: 1e9, addressBytesBurst: 100_000, addressBytesPerSecond: 1 },
    });
    try {
      const names = ['Bot 1', 'Bot 2', 'Bot 3', 'Bot 4', 'Bot 5'];
      const bots = [];
      for (const name of names) bots.push(await join(server.origin, server.classroom.code, name));
      const big = { events: [wire({ ...step(1, 'type big.txt'), output: 'x'.repeat(30_000) } as LabActivity)] };
      const statuses: number[] = [];
      for (const bot of bots) statuses.push((await postJson(server.origin, '/api/events', big, bot.secret)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(bots.map((b) => server.classroom.store.eventsOf(b.studentId).length)).toEqual([1, 1, 1, 0, 0]);
    } finally {
      await server.close();
    }
  });

  it('limits joins from one address, so one machine cannot fill the classroom with names', async () => {
    const server = await startTest({ rate: { burst: 30, perSecond: 10, joinBurst: 3, joinsPerSecond: 0.001 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await postJson(server.origin, '/api/join', { code: server.classroom.code, name: `Bot ${i}` })).status);
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
      expect(server.classroom.snapshot().students).toHaveLength(3);
    } finally {
      await server.close();
    }
  });
});

describe('exports and cross-site requests', () => {
  it('quotes a cell a semicolon-separated spreadsheet would split into a formula', () => {
    expect(csvField('Ana;=HYPERLINK("http://x")')).toBe('"Ana;=HYPERLINK(""http://x"")"');
    expect(csvField('Ana;=1+1')).toBe('"Ana;=1+1"');
    expect(csvField('a\tb')).toBe('"a\tb"');
    expect(csvField('-2+3')).toBe("'-2+3");
  });

  it('refuses a request another port of this machine makes with the instructor’s cookie', async () => {
    const server = await startTest();
    try {
      const cookie = `ntlab_instructor=${server.classroom.token}`;
      const r = await call(server.origin, '/api/broadcast', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie, 'Sec-Fetch-Site': 'same-site' },
        body: JSON.stringify({ message: 'Go home' }),
      });
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ error: 'cross_origin' });
      expect(server.classroom.broadcasts()).toEqual([]);
      const own = await call(server.origin, '/api/dashboard', { headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' } });
      expect(own.status).toBe(200);
      const typed = await call(server.origin, '/api/export.csv', { headers: { Cookie: cookie, 'Sec-Fetch-Site': 'none' } });
      expect(typed.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('keeps two students’ events apart even when their ids are the same', async () => {
    const server = await startTest();
    try {
      const a = await join(server.origin, server.classroom.code, 'Ana');
      const b = await join(server.origin, server.classroom.code, 'Ben');
      const event = wire(met(1, 'start'));
      expect((await postJson(server.origin, '/api/events', { events: [event] }, a.secret)).body).toEqual({ accepted: 1, new: 1 });
      expect((await postJson(server.origin, '/api/events', { events: [event] }, b.secret)).body).toEqual({ accepted: 1, new: 1 });
      const forged = await postJson(server.origin, '/api/events', { events: [wire(met(2, 'query'))], studentId: a.studentId }, b.secret);
      expect(forged.status).toBe(403);
      expect(server.classroom.store.eventsOf(a.studentId).map((e) => e.id)).toEqual([event.id]);
      expect(server.classroom.store.eventsOf(b.studentId).map((e) => e.id)).toEqual([event.id]);
    } finally {
      await server.close();
    }
  });
});

describe('a disk that fills up during the class', () => {
  it('acknowledges nothing it could not commit, and stores the resend once there is room again', async () => {
    const server = await startTest();
    try {
      const a = await join(server.origin, server.classroom.code, 'Ana');
      const store = server.classroom.store;
      const insert = store.insertBatches.bind(store);
      store.insertBatches = () => {
        throw Object.assign(new Error('database or disk is full'), { code: 'ERR_SQLITE_ERROR' });
      };
      const events = [wire(open()), wire(met(1, 'start'))];
      const refused = await postJson(server.origin, '/api/events', { events }, a.secret);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ error: 'not_stored' });
      expect(server.classroom.summary(a.studentId)?.events).toBe(0);
      store.insertBatches = insert;
      expect((await postJson(server.origin, '/api/events', { events }, a.secret)).body).toEqual({ accepted: 2, new: 2 });
      expect((await postJson(server.origin, '/api/events', { events }, a.secret)).body).toEqual({ accepted: 2, new: 0 });
      expect(store.eventsOf(a.studentId).map((e) => e.id)).toEqual(events.map((e) => e.id));
    } finally {
      await server.close();
    }
  });
});

describe('an instructor link that was seen by the room', () => {
  it('is replaced by starting with a new token: the old one is refused, the class goes on', async () => {
    const file = joinPath(tempDir(), 'classroom.db');
    const first = await Classroom.open({ data: file, labs: [] });
    const old = first.token;
    const code = first.code;
    first.join('Ana');
    first.close();
    const again = await Classroom.open({ data: file, labs: [], newToken: true });
    try {
      expect(again.token).not.toBe(old);
      expect(again.checkInstructor(old)).toBe(false);
      expect(again.checkInstructor(again.token)).toBe(true);
      expect(again.code).toBe(code);
      expect(again.store.students().map((s) => s.name)).toEqual(['Ana']);
    } finally {
      again.close();
    }
    const later = await Classroom.open({ data: file, labs: [] });
    expect(later.token).toBe(again.token);
    later.close();
  });
});

describe('the JSON export of a long class', () => {
  it('is streamed a page of events at a time, not built as one string (V8 caps a string near 512 MB), and so is a timeline', async () => {
    const server = await startTest();
    try {
      const a = await join(server.origin, server.classroom.code, 'Ana');
      const b = await join(server.origin, server.classroom.code, 'Ben "B" <b>');
      const many = Array.from({ length: 2500 }, (_, i) => wire(step(i, `dir ${i}`)));
      server.classroom.store.insertBatches([{ studentId: a.studentId, events: many, received: Date.now() }]);
      await postJson(server.origin, '/api/events', { events: [wire(met(1, 'start'))] }, b.secret);
      const res = await fetch(`${server.origin}/api/export.json`, auth(server.classroom.token));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('content-length')).toBeNull();
      const data = (await res.json()) as JsonExport;
      expect(Object.keys(data)).toEqual(['classroom', 'exportedAt', 'rule', 'labs', 'students']);
      expect(data.classroom).toEqual({ name: 'Test class' });
      const [ana, ben] = data.students;
      expect(Object.keys(ana)).toEqual(['id', 'name', 'joinedAt', 'stuck', 'objectives', 'progress', 'events']);
      expect(ana.events.map((e) => e.id)).toEqual(many.map((e) => e.id));
      expect(ben.name).toBe('Ben "B" <b>');
      expect(ben.events.map((e) => e.activity.kind)).toEqual(['objective']);
      // Reported by the page without an input log that meets it: exported, but not counted.
      expect(ben.objectives.find((o) => o.objective === 'start')).toMatchObject({ reported: true, verified: false, met: false });
      // A student's timeline is streamed the same way.
      const line = await fetch(`${server.origin}/api/students/${a.studentId}/timeline`, auth(server.classroom.token));
      expect(line.headers.get('content-length')).toBeNull();
      const timeline = (await line.json()) as { student: { id: string }; events: { id: string; seq: number }[] };
      expect(timeline.student.id).toBe(a.studentId);
      expect(timeline.events.map((e) => e.id)).toEqual(many.map((e) => e.id));
      expect(timeline.events.map((e) => e.seq)).toEqual([...timeline.events.map((e) => e.seq)].sort((x, y) => x - y));
    } finally {
      await server.close();
    }
  });
});

describe('after a commit', () => {
  it('acknowledges the events even when updating the live view fails, and the server goes on', async () => {
    const store = await ClassroomStore.open(':memory:');
    store.addStudent({ id: 's1', name: 'Ana', joinedAt: 1 }, 'hash');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let calls = 0;
    const writer = new GroupWriter(store, () => {
      calls++;
      throw new Error('view broke');
    });
    try {
      const first = await writer.write({ studentId: 's1', events: [wire(open())], received: 5 });
      const second = await writer.write({ studentId: 's1', events: [wire(met(1, 'start'))], received: 6 });
      expect([first.length, second.length]).toEqual([1, 1]);
      expect(calls).toBe(2);
      expect(store.eventsOf('s1')).toHaveLength(2);
      expect(String(errors.mock.calls[0]?.[0])).toContain('view broke');
    } finally {
      errors.mockRestore();
      store.close();
    }
  });
});

describe('the database file', () => {
  it('is readable by the instructor’s account alone: it holds the token and the students’ work', async () => {
    const file = joinPath(tempDir(), 'class', 'classroom.db');
    const classroom = await Classroom.open({ data: file, labs: [] });
    try {
      classroom.join('Ana');
      for (const path of [file, `${file}-wal`, `${file}-shm`]) expect((statSync(path).mode & 0o777).toString(8), path).toBe('600');
      expect((statSync(dirname(file)).mode & 0o777).toString(8)).toBe('700');
    } finally {
      classroom.close();
    }
    // A file an earlier version left readable to everyone is tightened when the class starts again.
    for (const path of [file, `${file}-wal`]) if (existsSync(path)) chmodSync(path, 0o644);
    const again = await Classroom.open({ data: file, labs: [] });
    again.close();
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
  });
});
