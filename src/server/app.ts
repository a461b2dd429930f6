/**
 * The classroom's HTTP surface (hono): security headers and the no-cross-origin
 * rule, the student and instructor routes, the bundled clients, and the course
 * site itself.
 */
import { Hono } from 'hono';
import { classroomAuth } from './auth.ts';
import type { Asset } from './bundle.ts';
import type { Classroom } from './classroom.ts';
import { jsonError } from './http.ts';
import { instructorRoutes } from './instructor-routes.ts';
import { siteAnswer } from './static.ts';
import { STUDENT_RATE, studentRoutes, type StudentRate } from './student-routes.ts';

export interface AppOptions {
  readonly classroom: Classroom;
  /** The built course (dist/). */
  readonly site: string;
  readonly assets: ReadonlyMap<string, Asset>;
  /** Requests and bytes per student, joins per address (default STUDENT_RATE). */
  readonly studentRate?: StudentRate;
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // No page of this server may be framed by another site (clickjacking the dashboard's buttons).
  'X-Frame-Options': 'DENY',
};

export function classroomApp(options: AppOptions): Hono {
  const { classroom, site, assets } = options;
  const auth = classroomAuth(classroom);
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
  });

  // No cross-origin access: no CORS headers are ever sent, and requests another origin makes are refused.
  app.use('/api/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    const origin = c.req.header('origin');
    const host = c.req.header('host');
    const fetchSite = c.req.header('sec-fetch-site');
    // Sec-Fetch-Site: only this origin or the user's own typing; `same-site` is another port of this machine.
    if ((origin !== undefined && origin !== `http://${host}`) || (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none')) {
      return jsonError(c, 403, 'cross_origin', 'Requests from other origins are refused.');
    }
    if (c.req.method === 'OPTIONS') return jsonError(c, 403, 'cross_origin', 'Cross-origin requests are refused.');
    await next();
  });

  studentRoutes(app, classroom, auth, options.studentRate ?? STUDENT_RATE);
  instructorRoutes(app, classroom, auth);
  app.all('/api/*', (c) => jsonError(c, 404, 'not_found', 'No such API route.'));

  app.get('/_classroom/:file', (c) => {
    const asset = assets.get(c.req.param('file'));
    if (!asset) return c.text('Not found\n', 404);
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', 'no-cache');
    return c.body(asset.body);
  });

  app.get('*', async (c) => {
    const answer = await siteAnswer(site, c.req.path, auth.isInstructor(c));
    if (answer.kind === 'bad') return c.text('Bad request\n', 400);
    if (answer.kind === 'redirect') return c.redirect(answer.location, 301);
    c.header('Content-Type', answer.type);
    if (answer.policy !== undefined) c.header('Content-Security-Policy', answer.policy);
    c.header('Cache-Control', answer.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    return c.body(typeof answer.body === 'string' ? answer.body : new Uint8Array(answer.body), answer.status as 200);
  });

  app.all('*', (c) => c.text('Method not allowed\n', 405));

  app.onError((e, c) => {
    console.error(`ntlab classroom: ${c.req.method} ${c.req.path}: ${e.message}`);
    if (!c.req.path.startsWith('/api/')) return c.text('Server error\n', 500);
    // The database refused a write (disk full, file made read-only, locked): nothing was stored.
    if ((e as { code?: unknown }).code === 'ERR_SQLITE_ERROR') {
      c.header('Retry-After', '5');
      return jsonError(c, 503, 'not_stored', 'The classroom database could not store this; try again.');
    }
    return jsonError(c, 500, 'internal', 'The server failed on this request.');
  });

  return app;
}
