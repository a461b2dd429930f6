/** The students' API: the classroom's name, joining, sending events, and the control stream. */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Hono } from 'hono';
import type { Auth } from './auth.ts';
import type { Classroom } from './classroom.ts';
import { jsonError, readJson } from './http.ts';
import { LIMITS } from './protocol.ts';
import { RateLimiter } from './ratelimit.ts';
import { eventStream } from './sse.ts';
import { checkEvents, checkJoin } from './validate.ts';

/** Open pages per student that may listen for controls at once. */
const MAX_STREAMS_PER_STUDENT = 8;

export interface StudentRate {
  readonly burst: number;
  readonly perSecond: number;
}

export function studentRoutes(app: Hono, classroom: Classroom, auth: Auth, rate: StudentRate): void {
  const limiter = new RateLimiter(rate.burst, rate.perSecond);
  const wrongCodes = new RateLimiter(10, 10 / 60);

  app.get('/api/classroom', (c) => c.json({ name: classroom.name, joinRequired: true }));

  app.post('/api/join', async (c) => {
    const body = await readJson(c, LIMITS.smallBody);
    if (!body.ok) return body.response;
    const checked = checkJoin(body.value);
    if (!checked.ok) return jsonError(c, 400, 'invalid', checked.message);
    // An address that has used up its wrong codes is refused before its code is looked at:
    // answering a right code then would let it go on guessing at full speed.
    const address = getConnInfo(c).remote.address ?? 'unknown';
    const wait = wrongCodes.peek(address);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return jsonError(c, 429, 'rate_limited', 'Too many wrong join codes; wait a minute.');
    }
    if (!classroom.checkCode(checked.value.code)) {
      wrongCodes.take(address);
      return jsonError(c, 403, 'wrong_code', 'That join code is not this classroom’s.');
    }
    const joined = classroom.join(checked.value.name);
    if (!joined) return jsonError(c, 409, 'full', 'The classroom is full.');
    return c.json({ studentId: joined.student.id, secret: joined.secret, name: joined.student.name }, 201);
  });

  app.post('/api/events', async (c) => {
    const who = auth.student(c);
    if (!who) return auth.noStudent(c);
    const wait = limiter.take(who.id);
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
    const who = auth.student(c);
    if (!who) return auth.noStudent(c);
    const wait = limiter.take(who.id);
    if (wait > 0 || classroom.hub.streamsOf(who.id) >= MAX_STREAMS_PER_STUDENT) {
      c.header('Retry-After', String(Math.max(wait, 5)));
      return jsonError(c, 429, 'rate_limited', 'Too many streams or requests; retry after the given seconds.');
    }
    const after = Number(c.req.query('after') ?? '0');
    return eventStream(c, (write) => {
      write('hello', { type: 'hello', studentId: who.id, locks: classroom.locks() });
      for (const control of classroom.pendingControls(who.id, Number.isFinite(after) ? after : 0)) {
        write('control', { type: 'control', control });
      }
      return classroom.hub.addStudent(who.id, (m) => write(m.type, m));
    });
  });
}
