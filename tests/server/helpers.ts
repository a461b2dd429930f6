/** Shared helpers for the classroom server tests: a fixture site, a server on 127.0.0.1, API calls. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import type { LabActivity } from '../../src/stores/activity.ts';
import type { LabInfo, WireEvent } from '../../src/server/protocol.ts';
import { startClassroom, type RequestTimeouts, type RunningClassroom } from '../../src/server/start.ts';
import type { StudentRate } from '../../src/server/student-routes.ts';

export function tempDir(prefix = 'ntlab-classroom-'): string {
  return mkdtempSync(joinPath(tmpdir(), prefix));
}

/** A tiny built site: enough pages to check serving and client injection. */
export function fixtureSite(): string {
  const root = tempDir('ntlab-site-');
  const page = (title: string) =>
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><script type="module" src="/_astro/theme.js"></script></head><body><h1>${title}</h1></body></html>`;
  writeFileSync(joinPath(root, 'index.html'), page('Home'));
  mkdirSync(joinPath(root, 'lessons', 'one'), { recursive: true });
  writeFileSync(joinPath(root, 'lessons', 'one', 'index.html'), page('Lesson one'));
  writeFileSync(joinPath(root, '404.html'), page('Not here'));
  mkdirSync(joinPath(root, '_astro'));
  writeFileSync(joinPath(root, '_astro', 'theme.js'), 'document.documentElement.dataset.theme = "light";\n');
  return root;
}

export interface TestOptions {
  data?: string;
  site?: string;
  rate?: StudentRate;
  /** The labs known at start; default none (the fixtures' activities teach the lab). */
  labs?: readonly LabInfo[];
  timeouts?: RequestTimeouts;
  maxIdlePerAddress?: number;
  idleGraceMs?: number;
}

export async function startTest(options: TestOptions = {}): Promise<RunningClassroom> {
  return startClassroom({
    site: options.site ?? fixtureSite(),
    data: options.data ?? joinPath(tempDir(), 'classroom.db'),
    host: '127.0.0.1',
    port: 0,
    name: 'Test class',
    studentRate: options.rate,
    labs: options.labs ?? [],
    timeouts: options.timeouts,
    maxIdlePerAddress: options.maxIdlePerAddress,
    idleGraceMs: options.idleGraceMs,
  });
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
  readonly headers: Headers;
}

export async function call(base: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(base + path, init);
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body, text, headers: res.headers };
}

export function postJson(base: string, path: string, body: unknown, token?: string): Promise<Answer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  return call(base, path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

export async function join(base: string, code: string, name: string): Promise<{ studentId: string; secret: string }> {
  const r = await postJson(base, '/api/join', { code, name });
  if (r.status !== 201) throw new Error(`join answered ${r.status}: ${r.text}`);
  return r.body as { studentId: string; secret: string };
}

export const auth = (token: string): RequestInit => ({ headers: { Authorization: `Bearer ${token}` } });

const OBJECTIVES = [
  { id: 'start', title: 'Start the console' },
  { id: 'query', title: 'Query the driver' },
];

export const open = (lab = 'welcome', attempt = 0, index = 0): LabActivity => ({
  lab,
  attempt,
  index,
  kind: 'open',
  done: 0,
  total: OBJECTIVES.length,
  objectives: OBJECTIVES,
});

export const step = (index: number, input: string, status: number | null = 0, lab = 'welcome', attempt = 0): LabActivity => ({
  lab,
  attempt,
  index,
  kind: 'step',
  program: 'console',
  input,
  output: `output of ${input}\n`,
  events: [{ type: 'console.command', seq: index, time: index * 750, command: input }],
  status,
});

export const met = (index: number, objective: string, hintsTaken = 0, lab = 'welcome', attempt = 0): LabActivity => ({
  lab,
  attempt,
  index,
  kind: 'objective',
  objective,
  title: OBJECTIVES.find((o) => o.id === objective)?.title ?? objective,
  hintsTaken,
});

export function wire(activity: LabActivity, at = Date.now()): WireEvent {
  const extra = activity.kind === 'objective' || activity.kind === 'hint' || activity.kind === 'answer' ? `:${activity.objective}` : '';
  return { id: `${activity.lab}:${activity.attempt}:${activity.index}:${activity.kind}${extra}`, at, activity };
}
