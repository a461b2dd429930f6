import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningClassroom } from '../../src/server/start.ts';
import type { JsonExport } from '../../src/server/export.ts';
import { auth, call, join, met, open, postJson, startTest, step, wire } from './helpers.ts';
import { SseReader } from './sse.ts';

let server: RunningClassroom;
let base: string;
let code: string;
let token: string;

beforeAll(async () => {
  server = await startTest();
  base = server.origin;
  code = server.classroom.code;
  token = server.classroom.token;
});
afterAll(async () => {
  await server.close();
});

const exportJson = async (): Promise<JsonExport> => (await call(base, '/api/export.json', auth(token))).body as JsonExport;

describe('classroom API', () => {
  it('describes the classroom', async () => {
    const r = await call(base, '/api/classroom');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ name: 'Test class', joinRequired: true });
  });

  it('joins with the code (any case, spaces ignored) and refuses a wrong one', async () => {
    const ok = await postJson(base, '/api/join', { code: ` ${code.toLowerCase()} `, name: '  Bea  ' });
    expect(ok.status).toBe(201);
    const body = ok.body as { studentId: string; secret: string; name: string };
    expect(body.studentId).toMatch(/^s_[0-9a-f]{12}$/);
    expect(body.secret.length).toBeGreaterThanOrEqual(32);
    expect(body.name).toBe('Bea');
    const wrong = await postJson(base, '/api/join', { code: code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA', name: 'Eve' });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ error: 'wrong_code' });
  });

  it('refuses a join without a name, or with one that is too long', async () => {
    expect((await postJson(base, '/api/join', { code })).status).toBe(400);
    const blank = await postJson(base, '/api/join', { code, name: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body).toMatchObject({ error: 'invalid' });
    expect((await postJson(base, '/api/join', { code, name: 'x'.repeat(41) })).status).toBe(400);
    expect((await postJson(base, '/api/join', { code, name: 'Ann\u202eevil' })).status).toBe(400);
    expect((await postJson(base, '/api/join', { code, name: 'Ann\u0007' })).status).toBe(400);
  });

  it('stores events, acknowledges re-sent ids and counts them once', async () => {
    const s = await join(base, code, 'Cai');
    const events = [wire(open()), wire(step(1, 'ver')), wire(met(1, 'start', 1))];
    const first = await postJson(base, '/api/events', { events, sentAt: Date.now() }, s.secret);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: 3, new: 3 });
    const again = await postJson(base, '/api/events', { events: [...events, wire(step(2, 'sc query'))], sentAt: Date.now() }, s.secret);
    expect(again.body).toEqual({ accepted: 4, new: 1 });
    const mine = (await exportJson()).students.find((x) => x.id === s.studentId);
    expect(mine?.events.map((e) => e.id)).toEqual([...events.map((e) => e.id), 'welcome:0:2:step']);
    // The page says 'start' is met, but sent no input log that meets it: reported, not verified, not counted.
    expect(mine?.objectives.find((o) => o.objective === 'start')).toMatchObject({ met: false, reported: true, verified: false });
    expect(mine?.objectives.find((o) => o.objective === 'query')).toMatchObject({ met: false });
  });

  it('exports a CSV row per student and objective', async () => {
    const s = await join(base, code, 'Dan, "the" =tester');
    await postJson(base, '/api/events', { events: [wire(open()), wire(met(3, 'query', 2))] }, s.secret);
    const r = await call(base, '/api/export.csv', auth(token));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = r.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'student_id,student,lab,objective,objective_title,met,met_at,hints,hints_nudge,hints_where_to_look,hints_how_to_reason,hints_gives_away,solution_views,reported,verified',
    );
    const dan = lines.filter((l) => l.startsWith(s.studentId));
    expect(dan).toHaveLength(2);
    expect(dan[0]).toBe(`${s.studentId},"Dan, ""the"" =tester",welcome,start,Start the console,no,,0,0,0,0,0,0,no,no`);
    expect(dan[1]).toMatch(new RegExp(`^${s.studentId},"Dan, ""the"" =tester",welcome,query,Query the driver,no,,2,0,0,0,0,0,yes,no$`));
  });

  it('counts hints per rung and solution views, in the CSV and the JSON export', async () => {
    const s = await join(base, code, 'Rungs');
    const hint = (index: number, level: number) => wire({ lab: 'welcome', attempt: 0, index, kind: 'hint', objective: 'start', level, givesAway: level === 4 });
    const events = [
      wire(open()),
      hint(1, 1),
      hint(2, 2),
      hint(3, 3),
      hint(4, 4),
      wire({ lab: 'welcome', attempt: 0, index: 5, kind: 'solution' }),
      wire({ lab: 'welcome', attempt: 0, index: 6, kind: 'solution' }),
    ];
    expect((await postJson(base, '/api/events', { events }, s.secret)).status).toBe(200);
    const csv = (await call(base, '/api/export.csv', auth(token))).text.trim().split('\r\n');
    expect(csv.find((l) => l.startsWith(`${s.studentId},Rungs,welcome,start,`))).toBe(
      `${s.studentId},Rungs,welcome,start,Start the console,no,,4,1,1,1,1,2,no,no`,
    );
    const mine = (await exportJson()).students.find((x) => x.id === s.studentId);
    expect(mine?.objectives.find((o) => o.objective === 'start')).toMatchObject({ hints: 4, hintRungs: [1, 1, 1, 1], solutionViews: 2 });
    expect(mine?.progress.welcome).toMatchObject({ rungs: { start: [1, 1, 1, 1] }, solutionViews: 2 });
    expect(mine?.events.filter((e) => e.activity.kind === 'solution')).toHaveLength(2);
  });

  it('defuses a name that a spreadsheet would run as a formula', async () => {
    const s = await join(base, code, '=HYPERLINK("x")');
    await postJson(base, '/api/events', { events: [wire(open())] }, s.secret);
    const r = await call(base, '/api/export.csv', auth(token));
    expect(r.text).toContain(`${s.studentId},"'=HYPERLINK(""x"")"`);
  });

  it('escapes a script tag in a name on the dashboard', async () => {
    await join(base, code, '<script>alert(1)</script>');
    const page = await call(base, '/instructor', auth(token));
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).toContain('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const snapshot = (await call(base, '/api/dashboard', auth(token))).body as { students: { name: string }[] };
    expect(snapshot.students.map((s) => s.name)).toContain('<script>alert(1)</script>');
  });
});

describe('refusals', () => {
  const instructorRoutes = ['/api/export.csv', '/api/export.json', '/api/stream', '/api/dashboard'];

  it('refuses instructor routes without a token', async () => {
    for (const path of instructorRoutes) {
      const r = await call(base, path);
      expect(r.status, path).toBe(401);
      expect(r.body, path).toMatchObject({ error: 'unauthorized' });
    }
    expect((await postJson(base, '/api/broadcast', { message: 'hi' })).status).toBe(401);
  });

  it('refuses instructor routes with a wrong token or a student secret', async () => {
    const s = await join(base, code, 'Fay');
    for (const path of instructorRoutes) {
      expect((await call(base, path, auth(`${token}x`))).status, path).toBe(401);
      expect((await call(base, path, auth(s.secret))).status, path).toBe(401);
    }
    expect((await postJson(base, '/api/broadcast', { message: 'hi' }, s.secret)).status).toBe(401);
    expect((await postJson(base, `/api/students/${s.studentId}/reset`, { lab: 'welcome' }, 'nope')).status).toBe(401);
    expect((await postJson(base, '/api/labs/welcome/lock', { locked: true }, s.secret)).status).toBe(401);
    expect((await call(base, '/instructor?token=wrong')).status).toBe(401);
    expect((await call(base, '/instructor')).status).toBe(401);
  });

  it('refuses events without a secret, with a wrong one, or with the instructor token', async () => {
    const body = { events: [wire(open())] };
    expect((await postJson(base, '/api/events', body)).status).toBe(401);
    expect((await postJson(base, '/api/events', body, 'not-a-secret')).status).toBe(401);
    expect((await postJson(base, '/api/events', body, token)).status).toBe(401);
  });

  it('lets a student write only their own events', async () => {
    const a = await join(base, code, 'Gus');
    const b = await join(base, code, 'Hal');
    const r = await postJson(base, '/api/events', { studentId: b.studentId, events: [wire(step(1, 'whoami'))] }, a.secret);
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ error: 'forbidden' });
    const ok = await postJson(base, '/api/events', { events: [wire(step(1, 'whoami'))] }, a.secret);
    expect(ok.status).toBe(200);
    const students = (await exportJson()).students;
    expect(students.find((s) => s.id === b.studentId)?.events).toEqual([]);
    expect(students.find((s) => s.id === a.studentId)?.events).toHaveLength(1);
  });

  it('answers malformed JSON with a 400 and a JSON error', async () => {
    const s = await join(base, code, 'Ida');
    const r = await postJson(base, '/api/events', '{"events": [', s.secret);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: 'invalid_json' });
    const join2 = await postJson(base, '/api/join', 'not json');
    expect(join2.status).toBe(400);
    expect(join2.body).toMatchObject({ error: 'invalid_json' });
  });

  it('refuses a 1 MB body with 413', async () => {
    const s = await join(base, code, 'Jo');
    const big = JSON.stringify({ events: [wire({ ...step(1, 'x'), output: 'A'.repeat(1024 * 1024) } as ReturnType<typeof step>)] });
    const r = await postJson(base, '/api/events', big, s.secret);
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ error: 'too_large' });
    const j = await postJson(base, '/api/join', { code, name: 'B'.repeat(1024 * 1024) });
    expect(j.status).toBe(413);
  });

  it('refuses a body streamed without a length once it passes the limit', async () => {
    const s = await join(base, code, 'Kim');
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 16) controller.close();
        else {
          sent++;
          controller.enqueue(chunk);
        }
      },
    });
    const res = await fetch(`${base}/api/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.secret}` },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('refuses events that do not validate, naming the field', async () => {
    const s = await join(base, code, 'Lee');
    const bad = await postJson(
      base,
      '/api/events',
      { events: [{ id: 'x', at: Date.now(), activity: { lab: 'welcome', attempt: 0, index: 0, kind: 'dance' } }] },
      s.secret,
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid' });
    expect((bad.body as { message: string }).message).toContain('events[0].activity.kind');
    const badLab = await postJson(base, '/api/events', { events: [wire({ ...open(), lab: '../etc' })] }, s.secret);
    expect(badLab.status).toBe(400);
    const notArray = await postJson(base, '/api/events', { events: {} }, s.secret);
    expect(notArray.status).toBe(400);
    const tooMany = await postJson(base, '/api/events', { events: Array.from({ length: 101 }, (_, i) => wire(step(i, 'ver'))) }, s.secret);
    expect(tooMany.status).toBe(400);
  });

  it('refuses a body that is not sent as JSON', async () => {
    const r = await call(base, '/api/join', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ code, name: 'Max' }) });
    expect(r.status).toBe(415);
    expect(r.body).toMatchObject({ error: 'unsupported_media_type' });
  });

  it('refuses cross-origin requests and never sends CORS headers', async () => {
    const cross = await call(base, '/api/join', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' },
      body: JSON.stringify({ code, name: 'Ned' }),
    });
    expect(cross.status).toBe(403);
    expect(cross.body).toMatchObject({ error: 'cross_origin' });
    expect(cross.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await call(base, '/api/events', { method: 'OPTIONS', headers: { Origin: base, 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const readExport = await call(base, '/api/export.csv', { headers: { Authorization: `Bearer ${token}`, Origin: 'http://evil.example' } });
    expect(readExport.status).toBe(403);
    const same = await call(base, '/api/classroom', { headers: { Origin: base } });
    expect(same.status).toBe(200);
    expect(same.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rate-limits a student who sends too fast', async () => {
    const limited = await startTest({ rate: { burst: 3, perSecond: 0.01 } });
    try {
      const s = await join(limited.origin, limited.classroom.code, 'Oz');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await postJson(limited.origin, '/api/events', { events: [wire(step(i, 'ver'))] }, s.secret)).status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const r = await postJson(limited.origin, '/api/events', { events: [] }, s.secret);
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(r.body).toMatchObject({ error: 'rate_limited' });
      // Another student is not held back by the first one.
      const other = await join(limited.origin, limited.classroom.code, 'Pia');
      expect((await postJson(limited.origin, '/api/events', { events: [] }, other.secret)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('rate-limits wrong join codes from one address', async () => {
    const fresh = await startTest();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await postJson(fresh.origin, '/api/join', { code: 'ZZZZZZZ', name: 'Guess' })).status);
      expect(statuses).toEqual([...Array<number>(10).fill(403), 429, 429]);
      // Once limited, even the right code is refused: else the answers would tell a guess that hit.
      const right = await postJson(fresh.origin, '/api/join', { code: fresh.classroom.code, name: 'Right' });
      expect(right.status).toBe(429);
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await fresh.close();
    }
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const r = await call(base, '/api/nothing');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: 'not_found' });
  });
});

describe('instructor', () => {
  it('turns the link token into an HttpOnly same-site cookie', async () => {
    const r = await fetch(`${base}/instructor?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/instructor');
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const page = await call(base, '/instructor', { headers: { Cookie: cookie.split(';')[0] } });
    expect(page.status).toBe(200);
    expect(page.text).toContain(code);
    const csv = await call(base, '/api/export.csv', { headers: { Cookie: cookie.split(';')[0] } });
    expect(csv.status).toBe(200);
  });

  it('streams student updates, broadcasts, resets and locks', async () => {
    const s = await join(base, code, 'Quinn');
    const dash = await SseReader.open(`${base}/api/stream`, { Authorization: `Bearer ${token}` });
    expect(dash.status).toBe(200);
    const instructor = dash.reader!;
    const snap = JSON.parse((await instructor.next('snapshot')).data) as { type: string; snapshot: { students: { id: string }[] } };
    expect(snap.snapshot.students.some((x) => x.id === s.studentId)).toBe(true);

    const st = await SseReader.open(`${base}/api/student/stream?after=0`, { Authorization: `Bearer ${s.secret}` });
    expect(st.status).toBe(200);
    const student = st.reader!;
    expect(JSON.parse((await student.next('hello')).data)).toMatchObject({ type: 'hello', studentId: s.studentId });

    await postJson(base, '/api/events', { events: [wire(open()), wire(met(2, 'start'))] }, s.secret);
    for (;;) {
      const m = JSON.parse((await instructor.next('student')).data) as { student: { id: string; labs: Record<string, { met: Record<string, unknown> }> } };
      if (m.student.id === s.studentId && m.student.labs.welcome?.met.start) break;
    }

    expect((await postJson(base, '/api/broadcast', { message: 'Five minutes left' }, token)).status).toBe(201);
    const b = JSON.parse((await student.next('control')).data) as { control: { kind: string; message: string } };
    expect(b.control).toMatchObject({ kind: 'broadcast', message: 'Five minutes left' });

    expect((await postJson(base, `/api/students/${s.studentId}/reset`, { lab: 'welcome' }, token)).status).toBe(201);
    const r = JSON.parse((await student.next('control')).data) as { control: unknown };
    expect(r.control).toMatchObject({ kind: 'reset', lab: 'welcome', studentId: s.studentId });

    expect((await postJson(base, '/api/labs/welcome/lock', { locked: true, message: 'Wait for the demo' }, token)).status).toBe(201);
    const l = JSON.parse((await student.next('control')).data) as { control: unknown };
    expect(l.control).toMatchObject({ kind: 'lock', lab: 'welcome', locked: true, message: 'Wait for the demo' });
    student.close();
    instructor.close();

    // A page that connects later learns the lock, the latest broadcast, and resets it has not applied.
    const later = (await SseReader.open(`${base}/api/student/stream?after=0`, { Authorization: `Bearer ${s.secret}` })).reader!;
    expect(JSON.parse((await later.next('hello')).data)).toMatchObject({ locks: { welcome: { locked: true, message: 'Wait for the demo' } } });
    const first = JSON.parse((await later.next('control')).data) as { control: { kind: string } };
    const second = JSON.parse((await later.next('control')).data) as { control: { kind: string } };
    expect([first.control.kind, second.control.kind]).toEqual(['broadcast', 'reset']);
    later.close();
    await postJson(base, '/api/labs/welcome/lock', { locked: false }, token);
  });

  it('refuses a reset for an unknown student or a bad lab id, and an empty broadcast', async () => {
    expect((await postJson(base, '/api/students/s_000000000000/reset', { lab: 'welcome' }, token)).status).toBe(404);
    const s = await join(base, code, 'Ray');
    expect((await postJson(base, `/api/students/${s.studentId}/reset`, { lab: 'a b' }, token)).status).toBe(400);
    expect((await postJson(base, '/api/broadcast', { message: '   ' }, token)).status).toBe(400);
    expect((await postJson(base, '/api/labs/welcome/lock', { locked: 'yes' }, token)).status).toBe(400);
  });

  it('gives a student timeline in order', async () => {
    const s = await join(base, code, 'Sam');
    await postJson(base, '/api/events', { events: [wire(open()), wire(step(1, 'ver')), wire(step(2, 'bogus', 9009))] }, s.secret);
    const r = await call(base, `/api/students/${s.studentId}/timeline`, auth(token));
    expect(r.status).toBe(200);
    const body = r.body as { events: { activity: { kind: string; input?: string } }[]; student: { current: { failed: number } } };
    expect(body.events.map((e) => e.activity.kind)).toEqual(['open', 'step', 'step']);
    expect(body.events[2].activity.input).toBe('bogus');
    expect(body.student.current.failed).toBe(1);
    expect((await call(base, '/api/students/nobody/timeline', auth(token))).status).toBe(404);
  });
});

describe('site', () => {
  it('serves pages with the classroom client added, other files untouched', async () => {
    const page = await call(base, '/lessons/one/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<script type="module" src="/_classroom/client.js"></script>');
    expect(page.text.indexOf('/_classroom/client.js')).toBeLessThan(page.text.indexOf('/_astro/theme.js'));
    const js = await call(base, '/_astro/theme.js');
    expect(js.text).toBe('document.documentElement.dataset.theme = "light";\n');
    expect(js.headers.get('cache-control')).toContain('immutable');
    const client = await call(base, '/_classroom/client.js');
    expect(client.status).toBe(200);
    expect(client.headers.get('content-type')).toMatch(/javascript/);
    expect(client.text).toContain('ntlab:activity');
  });

  it('redirects a folder without its slash and answers a missing page with the site’s 404', async () => {
    const r = await fetch(`${base}/lessons/one`, { redirect: 'manual' });
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe('/lessons/one/');
    const missing = await call(base, '/nowhere/');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Not here');
  });

  it('never serves a file outside the site', async () => {
    for (const path of ['/..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/lessons/..%5c..%5cpackage.json', '/%00']) {
      const r = await call(base, path);
      expect([400, 404], path).toContain(r.status);
      expect(r.text, path).not.toContain('"name"');
    }
  });
});

describe('student streams', () => {
  it('caps the control streams one student may hold open', async () => {
    const s = await join(base, code, 'Tess');
    const open: SseReader[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await SseReader.open(`${base}/api/student/stream`, { Authorization: `Bearer ${s.secret}` });
      expect(r.status).toBe(200);
      await r.reader!.next('hello');
      open.push(r.reader!);
    }
    const ninth = await SseReader.open(`${base}/api/student/stream`, { Authorization: `Bearer ${s.secret}` });
    expect(ninth.status).toBe(429);
    expect(JSON.parse(ninth.text)).toMatchObject({ error: 'rate_limited' });
    for (const r of open) r.close();
    // Closed pages are forgotten: the student can listen again.
    let status = 0;
    for (let i = 0; i < 1000 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 10));
      const again = await SseReader.open(`${base}/api/student/stream`, { Authorization: `Bearer ${s.secret}` });
      status = again.status;
      again.reader?.close();
    }
    expect(status).toBe(200);
  });
});

describe('the instructor browsing the course', () => {
  it('gets pages marked as the instructor’s, so the client asks no join and sends nothing', async () => {
    const asInstructor = await call(base, '/lessons/one/', auth(token));
    expect(asInstructor.text).toContain('<meta name="ntlab-classroom-role" content="instructor">');
    const asStudent = await call(base, '/lessons/one/');
    expect(asStudent.text).not.toContain('ntlab-classroom-role');
    const wrong = await call(base, '/lessons/one/', auth('nope'));
    expect(wrong.text).not.toContain('ntlab-classroom-role');
  });
});

describe('the course’s labs', () => {
  it('are known before anyone opens them: listed, lockable and in the export', async () => {
    const labs = [
      {
        id: 'race-0x3b',
        objectives: [
          { id: 'analyze', title: 'Run the crash analysis' },
          { id: 'verdict', title: 'Decide' },
        ],
      },
    ];
    const server2 = await startTest({ labs });
    try {
      const snapshot = (await call(server2.origin, '/api/dashboard', auth(server2.classroom.token))).body as { labs: unknown };
      expect(snapshot.labs).toEqual(labs);
      const s = await join(server2.origin, server2.classroom.code, 'Uma');
      const csv = (await call(server2.origin, '/api/export.csv', auth(server2.classroom.token))).text.trim().split('\r\n');
      expect(csv.slice(1)).toEqual([
        `${s.studentId},Uma,race-0x3b,analyze,Run the crash analysis,no,,0,0,0,0,0,0,no,no`,
        `${s.studentId},Uma,race-0x3b,verdict,Decide,no,,0,0,0,0,0,0,no,no`,
      ]);
      const lock = await postJson(server2.origin, '/api/labs/race-0x3b/lock', { locked: true }, server2.classroom.token);
      expect(lock.status).toBe(201);
    } finally {
      await server2.close();
    }
  });
});
