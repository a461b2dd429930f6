/**
 * The classroom's HTTP surface (hono): the student and instructor API, the
 * dashboard, the bundled clients and the course site itself.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { Asset } from './bundle.ts';
import type { Classroom } from './classroom.ts';
import { toCsv, objectiveRows, toJson } from './export.ts';
import { bearer, jsonError, readJson } from './http.ts';
import { instructorDenied, instructorPage } from './instructor-page.ts';
import { LIMITS, type StudentRecord } from './protocol.ts';
import { RateLimiter } from './ratelimit.ts';
import { siteAnswer } from './static.ts';
import { checkEvents, checkJoin, checkLabId, checkLock, checkMessage, checkReset } from './validate.ts';

export interface AppOptions {
  readonly classroom: Classroom;
  /** The built course (dist/). */
  readonly site: string;
  readonly assets: ReadonlyMap<string, Asset>;
  /** Requests per student: burst and steady rate per second. */
  readonly studentRate?: { readonly burst: number; readonly perSecond: number };
}

const COOKIE = 'ntlab_instructor';
const KEEPALIVE_MS = 20_000;
/** Open pages per student that may listen for controls at once. */
const MAX_STREAMS_PER_STUDENT = 8;

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Keep an SSE response open until the client goes away; `start` returns the cleanup. */
async function holdOpen(stream: SSEStreamingApi, start: (write: (event: string, data: unknown) => void) => () => void): Promise<void> {
  const write = (event: string, data: unknown): void => {
    if (!stream.aborted && !stream.closed) void stream.writeSSE({ event, data: JSON.stringify(data) }).catch(() => undefined);
  };
  const stop = start(write);
  const keepalive = setInterval(() => void stream.write(': keep-alive\n\n'), KEEPALIVE_MS);
  await new Promise<void>((resolve) => stream.onAbort(resolve));
  clearInterval(keepalive);
  stop();
}

export function classroomApp(options: AppOptions): Hono {
  const { classroom, site, assets } = options;
  const rate = options.studentRate ?? { burst: 30, perSecond: 10 };
  const studentLimiter = new RateLimiter(rate.burst, rate.perSecond);
  const wrongCodeLimiter = new RateLimiter(10, 10 / 60);
  const app = new Hono();

  const isInstructor = (c: Context): boolean => {
    const token = bearer(c) ?? getCookie(c, COOKIE) ?? null;
    return token !== null && classroom.checkInstructor(token);
  };
  const student = (c: Context): StudentRecord | undefined => {
    const secret = bearer(c);
    return secret === null ? undefined : classroom.studentBySecret(secret);
  };
  const noInstructor = (c: Context): Response =>
    jsonError(c, 401, 'unauthorized', 'This needs the instructor token (Authorization: Bearer <token>).');
  const noStudent = (c: Context): Response =>
    jsonError(c, 401, 'unauthorized', 'This needs a student secret from POST /api/join (Authorization: Bearer <secret>).');

  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
  });

  // No cross-origin access: no CORS headers are ever sent, and requests another origin makes are refused.
  app.use('/api/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    const origin = c.req.header('origin');
    const host = c.req.header('host');
    const site = c.req.header('sec-fetch-site');
    if ((origin !== undefined && origin !== `http://${host}`) || site === 'cross-site') {
      return jsonError(c, 403, 'cross_origin', 'Requests from other origins are refused.');
    }
    if (c.req.method === 'OPTIONS') return jsonError(c, 403, 'cross_origin', 'Cross-origin requests are refused.');
    await next();
  });

  app.get('/api/classroom', (c) => c.json({ name: classroom.name, joinRequired: true }));

  app.post('/api/join', async (c) => {
    const body = await readJson(c, LIMITS.smallBody);
    if (!body.ok) return body.response;
    const checked = checkJoin(body.value);
    if (!checked.ok) return jsonError(c, 400, 'invalid', checked.message);
    const address = getConnInfo(c).remote.address ?? 'unknown';
    if (!classroom.checkCode(checked.value.code)) {
      const wait = wrongCodeLimiter.take(address);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        return jsonError(c, 429, 'rate_limited', 'Too many wrong join codes; wait a minute.');
      }
      return jsonError(c, 403, 'wrong_code', 'That join code is not this classroom’s.');
    }
    const joined = classroom.join(checked.value.name);
    if (!joined) return jsonError(c, 409, 'full', 'The classroom is full.');
    return c.json({ studentId: joined.student.id, secret: joined.secret, name: joined.student.name }, 201);
  });

  app.post('/api/events', async (c) => {
    const who = student(c);
    if (!who) return noStudent(c);
    const wait = studentLimiter.take(who.id);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return jsonError(c, 429, 'rate_limited', 'Too many requests; retry after the given seconds.');
    }
    const body = await readJson(c, LIMITS.eventsBody);
    if (!body.ok) return body.response;
    const checked = checkEvents(body.value);
    if (!checked.ok) return jsonError(c, 400, 'invalid', checked.message);
    if (checked.value.studentId !== undefined && checked.value.studentId !== who.id) {
      return jsonError(c, 403, 'forbidden', 'A student may write only their own events.');
    }
    try {
      const fresh = await classroom.record(who.id, checked.value.events, checked.value.sentAt);
      const accepted = (body.value as { events: unknown[] }).events.length;
      return c.json({ accepted, new: fresh });
    } catch (e) {
      console.error(`ntlab classroom: could not store events: ${e instanceof Error ? e.message : String(e)}`);
      return jsonError(c, 503, 'not_stored', 'The events were not stored; send them again.');
    }
  });

  app.get('/api/student/stream', (c) => {
    const who = student(c);
    if (!who) return noStudent(c);
    const wait = studentLimiter.take(who.id);
    if (wait > 0 || classroom.hub.streamsOf(who.id) >= MAX_STREAMS_PER_STUDENT) {
      c.header('Retry-After', String(Math.max(wait, 5)));
      return jsonError(c, 429, 'rate_limited', 'Too many streams or requests; retry after the given seconds.');
    }
    const after = Number(c.req.query('after') ?? '0');
    return streamSSE(c, (stream) =>
      holdOpen(stream, (write) => {
        write('hello', { type: 'hello', studentId: who.id, locks: classroom.locks() });
        for (const control of classroom.pendingControls(who.id, Number.isFinite(after) ? after : 0)) {
          write('control', { type: 'control', control });
        }
        return classroom.hub.addStudent(who.id, (m) => write(m.type, m));
      }),
    );
  });

  // Instructor API.
  app.get('/api/dashboard', (c) => (isInstructor(c) ? c.json(classroom.snapshot()) : noInstructor(c)));

  app.get('/api/stream', (c) => {
    if (!isInstructor(c)) return noInstructor(c);
    return streamSSE(c, (stream) =>
      holdOpen(stream, (write) => {
        write('snapshot', { type: 'snapshot', snapshot: classroom.snapshot() });
        return classroom.hub.addInstructor((m) => write(m.type, m));
      }),
    );
  });

  app.get('/api/students/:id/timeline', (c) => {
    if (!isInstructor(c)) return noInstructor(c);
    const id = c.req.param('id');
    const summary = classroom.summary(id);
    if (!summary) return jsonError(c, 404, 'not_found', 'No such student.');
    return c.json({ student: summary, events: classroom.store.eventsOf(id) });
  });

  app.post('/api/broadcast', async (c) => {
    if (!isInstructor(c)) return noInstructor(c);
    const body = await readJson(c, LIMITS.smallBody);
    if (!body.ok) return body.response;
    const checked = checkMessage(body.value);
    if (!checked.ok) return jsonError(c, 400, 'invalid', checked.message);
    return c.json({ control: classroom.broadcast(checked.value) }, 201);
  });

  app.post('/api/students/:id/reset', async (c) => {
    if (!isInstructor(c)) return noInstructor(c);
    const id = c.req.param('id');
    if (!classroom.model.hasStudent(id)) return jsonError(c, 404, 'not_found', 'No such student.');
    const body = await readJson(c, LIMITS.smallBody);
    if (!body.ok) return body.response;
    const checked = checkReset(body.value);
    if (!checked.ok) return jsonError(c, 400, 'invalid', checked.message);
    return c.json({ control: classroom.resetLab(id, checked.value.lab) }, 201);
  });

  app.post('/api/labs/:lab/lock', async (c) => {
    if (!isInstructor(c)) return noInstructor(c);
    const lab = c.req.param('lab');
    if (!checkLabId(lab)) return jsonError(c, 400, 'invalid', 'That is not a lab id.');
    const body = await readJson(c, LIMITS.smallBody);
    if (!body.ok) return body.response;
    const checked = checkLock(body.value);
    if (!checked.ok) return jsonError(c, 400, 'invalid', checked.message);
    return c.json({ control: classroom.lock(lab, checked.value.locked, checked.value.message) }, 201);
  });

  app.get('/api/export.csv', (c) => {
    if (!isInstructor(c)) return noInstructor(c);
    c.header('Content-Disposition', 'attachment; filename="classroom.csv"');
    c.header('Content-Type', 'text/csv; charset=utf-8');
    return c.body(toCsv(objectiveRows(classroom.model, classroom.summaries())));
  });

  app.get('/api/export.json', (c) => {
    if (!isInstructor(c)) return noInstructor(c);
    c.header('Content-Disposition', 'attachment; filename="classroom.json"');
    const data = toJson(classroom.name, classroom.model, classroom.summaries(), (id) => classroom.store.eventsOf(id), classroom.now());
    return c.json(data);
  });

  app.all('/api/*', (c) => jsonError(c, 404, 'not_found', 'No such API route.'));

  // The dashboard: ?token= sets an HttpOnly, same-site cookie and drops the token from the address bar.
  app.get('/instructor', (c) => {
    const token = c.req.query('token');
    if (token !== undefined) {
      if (!classroom.checkInstructor(token)) return c.html(instructorDenied(), 401);
      setCookie(c, COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Strict' });
      return c.redirect('/instructor', 303);
    }
    c.header('Cache-Control', 'no-store');
    if (!isInstructor(c)) return c.html(instructorDenied(), 401);
    c.header('Content-Security-Policy', DASHBOARD_CSP);
    c.header('X-Frame-Options', 'DENY');
    return c.html(instructorPage(classroom.snapshot()));
  });

  app.get('/_classroom/:file', (c) => {
    const asset = assets.get(c.req.param('file'));
    if (!asset) return c.text('Not found\n', 404);
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', 'no-cache');
    return c.body(asset.body);
  });

  app.get('*', async (c) => {
    const answer = await siteAnswer(site, c.req.path, isInstructor(c));
    if (answer.kind === 'bad') return c.text('Bad request\n', 400);
    if (answer.kind === 'redirect') return c.redirect(answer.location, 301);
    c.header('Content-Type', answer.type);
    c.header('Cache-Control', answer.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    return c.body(typeof answer.body === 'string' ? answer.body : new Uint8Array(answer.body), answer.status as 200);
  });

  app.all('*', (c) => c.text('Method not allowed\n', 405));

  app.onError((e, c) => {
    console.error(`ntlab classroom: ${c.req.method} ${c.req.path}: ${e.message}`);
    return c.req.path.startsWith('/api/') ? jsonError(c, 500, 'internal', 'The server failed on this request.') : c.text('Server error\n', 500);
  });

  return app;
}
