/** The students' API: the classroom's name, joining, sending events, and the control stream. */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import { addressKey } from './address.ts';
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
  /** Requests per student: a burst, then a steady rate per second. */
  readonly burst: number;
  readonly perSecond: number;
  /** Bytes of event bodies per student, so one student cannot fill the laptop's disk. */
  readonly bytesBurst?: number;
  readonly bytesPerSecond?: number;
  /** The same for all students on one network address together (one machine joined many times). */
  readonly addressBytesBurst?: number;
  readonly addressBytesPerSecond?: number;
  /** Joins per network address, so one machine cannot fill the classroom with names. */
  readonly joinBurst?: number;
  readonly joinsPerSecond?: number;
}

/**
 * The defaults. A student's page sends well under 1 KB a second on average
 * and at most 32 KB for one command's output; 8 MB at once covers a page that
 * was offline for a long while, and 16 KB/s keeps a hostile page to about
 * 0.5 GB in an eight-hour day. One address (a machine that joined under
 * many names, or a few students sharing one) gets four times that. Twenty
 * joins from one address cover a few students sharing a machine, and then one
 * more every 30 s.
 */
export const STUDENT_RATE: Required<StudentRate> = {
  burst: 30,
  perSecond: 10,
  bytesBurst: 8 * 1024 * 1024,
  bytesPerSecond: 16 * 1024,
  addressBytesBurst: 32 * 1024 * 1024,
  addressBytesPerSecond: 64 * 1024,
  joinBurst: 20,
  joinsPerSecond: 1 / 30,
};

function retryLater(c: Context, wait: number, message: string): Response {
  c.header('Retry-After', String(wait));
  return jsonError(c, 429, 'rate_limited', message);
}

export function studentRoutes(app: Hono, classroom: Classroom, auth: Auth, given: StudentRate): void {
  const rate: Required<StudentRate> = { ...STUDENT_RATE, ...given };
  const limiter = new RateLimiter(rate.burst, rate.perSecond);
  const bytes = new RateLimiter(rate.bytesBurst, rate.bytesPerSecond);
  const addressBytes = new RateLimiter(rate.addressBytesBurst, rate.addressBytesPerSecond);
  const joins = new RateLimiter(rate.joinBurst, rate.joinsPerSecond);
  const wrongCodes = new RateLimiter(10, 10 / 60);

  app.get('/api/classroom', (c) => c.json({ name: classroom.name, joinRequired: true }));

  app.post('/api/join', async (c) => {
    const body = await readJson(c, LIMITS.smallBody);
    if (!body.ok) return body.response;
    const checked = checkJoin(body.value);
    if (!checked.ok) return jsonError(c, 400, 'invalid', checked.message);
    // An address that has used up its wrong codes is refused before its code is looked at:
    // answering a right code then would let it go on guessing at full speed.
    const address = addressKey(getConnInfo(c).remote.address ?? 'unknown');
    const wait = wrongCodes.peek(address);
    if (wait > 0) return retryLater(c, wait, 'Too many wrong join codes; wait a minute.');
    if (!classroom.checkCode(checked.value.code)) {
      wrongCodes.take(address);
      return jsonError(c, 403, 'wrong_code', 'That join code is not this classroom’s.');
    }
    const joinWait = joins.take(address);
    if (joinWait > 0) return retryLater(c, joinWait, 'Too many students joined from this machine; wait a little.');
    const joined = classroom.join(checked.value.name);
    if (!joined) return jsonError(c, 409, 'full', 'The classroom is full.');
    return c.json({ studentId: joined.student.id, secret: joined.secret, name: joined.student.name }, 201);
  });

  app.post('/api/events', async (c) => {
    const who = auth.student(c);
    if (!who) return auth.noStudent(c);
    const wait = limiter.take(who.id);
    if (wait > 0) return retryLater(c, wait, 'Too many requests; retry after the given seconds.');
    const body = await readJson(c, LIMITS.eventsBody);
    if (!body.ok) return body.response;
    const address = addressKey(getConnInfo(c).remote.address ?? 'unknown');
    const byteWait = Math.max(bytes.peek(who.id, body.size), addressBytes.peek(address, body.size));
    if (byteWait > 0) return retryLater(c, byteWait, 'Too much sent too fast; retry after the given seconds.');
    bytes.take(who.id, body.size);
    addressBytes.take(address, body.size);
    const checked = checkEvents(body.value);
    if (!checked.ok) return jsonError(c, 400, 'invalid', checked.message);
    if (checked.value.studentId !== undefined && checked.value.studentId !== who.id) {
      return jsonError(c, 403, 'forbidden', 'A student may write only their own events.');
    }
    try {
      const { fresh, refused } = await classroom.record(who.id, checked.value.events, checked.value.sentAt);
      const accepted = (body.value as { events: unknown[] }).events.length;
      // Refused events (work in a locked lab, objectives dated before the join) are acknowledged, never stored.
      return c.json(refused > 0 ? { accepted, new: fresh, refused } : { accepted, new: fresh });
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
      return retryLater(c, Math.max(wait, 5), 'Too many streams or requests; retry after the given seconds.');
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
