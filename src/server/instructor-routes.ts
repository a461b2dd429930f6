/** The instructor's API and dashboard page: snapshot, live stream, timelines, controls, exports. */
import type { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { INSTRUCTOR_COOKIE, type Auth } from './auth.ts';
import type { Classroom } from './classroom.ts';
import { jsonExport, objectiveRows, textStream, timelineJson, toCsv } from './export.ts';
import { jsonError, readJson } from './http.ts';
import { instructorDenied, instructorPage } from './instructor-page.ts';
import { LIMITS, type StoredEvent } from './protocol.ts';
import { eventStream } from './sse.ts';
import { checkLabId, checkLock, checkMessage, checkReset } from './validate.ts';

const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export function instructorRoutes(app: Hono, classroom: Classroom, auth: Auth): void {
  const pages = (id: string, after: number): StoredEvent[] => classroom.store.eventsAfter(id, after);

  app.get('/api/dashboard', (c) => (auth.isInstructor(c) ? c.json(classroom.snapshot()) : auth.noInstructor(c)));

  app.get('/api/stream', (c) => {
    if (!auth.isInstructor(c)) return auth.noInstructor(c);
    return eventStream(c, (write) => {
      write('snapshot', { type: 'snapshot', snapshot: classroom.snapshot() });
      return classroom.hub.addInstructor((m) => write(m.type, m));
    });
  });

  app.get('/api/students/:id/timeline', (c) => {
    if (!auth.isInstructor(c)) return auth.noInstructor(c);
    const id = c.req.param('id');
    const summary = classroom.summary(id);
    if (!summary) return jsonError(c, 404, 'not_found', 'No such student.');
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(textStream(timelineJson(summary, pages)));
  });

  app.post('/api/broadcast', async (c) => {
    if (!auth.isInstructor(c)) return auth.noInstructor(c);
    const body = await readJson(c, LIMITS.smallBody);
    if (!body.ok) return body.response;
    const checked = checkMessage(body.value);
    if (!checked.ok) return jsonError(c, 400, 'invalid', checked.message);
    return c.json({ control: classroom.broadcast(checked.value) }, 201);
  });

  app.post('/api/students/:id/reset', async (c) => {
    if (!auth.isInstructor(c)) return auth.noInstructor(c);
    const id = c.req.param('id');
    if (!classroom.model.hasStudent(id)) return jsonError(c, 404, 'not_found', 'No such student.');
    const body = await readJson(c, LIMITS.smallBody);
    if (!body.ok) return body.response;
    const checked = checkReset(body.value);
    if (!checked.ok) return jsonError(c, 400, 'invalid', checked.message);
    return c.json({ control: classroom.resetLab(id, checked.value.lab) }, 201);
  });

  app.post('/api/labs/:lab/lock', async (c) => {
    if (!auth.isInstructor(c)) return auth.noInstructor(c);
    const lab = c.req.param('lab');
    if (!checkLabId(lab)) return jsonError(c, 400, 'invalid', 'That is not a lab id.');
    const body = await readJson(c, LIMITS.smallBody);
    if (!body.ok) return body.response;
    const checked = checkLock(body.value);
    if (!checked.ok) return jsonError(c, 400, 'invalid', checked.message);
    return c.json({ control: classroom.lock(lab, checked.value.locked, checked.value.message) }, 201);
  });

  app.get('/api/export.csv', (c) => {
    if (!auth.isInstructor(c)) return auth.noInstructor(c);
    c.header('Content-Disposition', 'attachment; filename="classroom.csv"');
    c.header('Content-Type', 'text/csv; charset=utf-8');
    return c.body(toCsv(objectiveRows(classroom.model, classroom.summaries())));
  });

  app.get('/api/export.json', (c) => {
    if (!auth.isInstructor(c)) return auth.noInstructor(c);
    c.header('Content-Disposition', 'attachment; filename="classroom.json"');
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(textStream(jsonExport(classroom.name, classroom.model, classroom.summaries(), pages, classroom.now())));
  });

  // The dashboard: ?token= sets an HttpOnly, same-site cookie and drops the token from the address bar.
  app.get('/instructor', (c) => {
    const token = c.req.query('token');
    c.header('Cache-Control', 'no-store');
    if (token !== undefined) {
      if (!classroom.checkInstructor(token)) return c.html(instructorDenied(), 401);
      setCookie(c, INSTRUCTOR_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Strict' });
      return c.redirect('/instructor', 303);
    }
    if (!auth.isInstructor(c)) return c.html(instructorDenied(), 401);
    c.header('Content-Security-Policy', DASHBOARD_CSP);
    return c.html(instructorPage(classroom.snapshot()));
  });
}
