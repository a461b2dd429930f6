/** Foundation: session replay, line-discipline throughput, and what a lesson page ships. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Reporter } from '../scripts/bench.ts';
import { labIds, loadLab } from '../labs/registry.ts';
import { LabSession } from '../src/lab/session.ts';
import { runHeadless } from '../src/terminal/headless.ts';
import { LineDiscipline } from '../src/terminal/line-discipline.ts';
import { sessionHandler } from '../src/terminal/session-handler.ts';
import { summary, timeEach } from './stats.ts';

function pageScripts(dist: string, html: string): { count: number; raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  let count = 0;
  const seen = new Set<string>();
  const queue = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
  for (const inline of html.matchAll(/<script(?![^>]*src=)[^>]*>([\s\S]*?)<\/script>/g)) {
    count++;
    raw += inline[1].length;
    gzip += gzipSync(inline[1]).length;
  }
  while (queue.length) {
    const src = queue.shift() ?? '';
    if (seen.has(src) || !src.startsWith('/')) continue;
    seen.add(src);
    const file = join(dist, src);
    if (!existsSync(file)) continue;
    const body = readFileSync(file);
    count++;
    raw += body.length;
    gzip += gzipSync(body).length;
    // Static imports of the chunk are loaded with it.
    for (const m of body.toString().matchAll(/from\s*"(\.\/[^"]+\.js)"/g)) queue.push(join(src, '..', m[1]));
  }
  return { count, raw, gzip };
}

export default async function foundation(r: Reporter): Promise<void> {
  r.section('Foundation: lab sessions and the line discipline');
  for (const id of labIds()) {
    const lab = await loadLab(id);
    if (!lab) continue;
    const log = runHeadless(lab, lab.solution.join('\n') + '\n').session.log;
    r.row(`replay ${id} (${log.length} entries, on reload)`, summary(timeEach(50, () => LabSession.replay(lab, log))));
  }
  const welcome = await loadLab('welcome');
  if (welcome) {
    const session = new LabSession(welcome);
    const ld = new LineDiscipline({ write: () => {}, cols: 80 }, sessionHandler(session));
    ld.start();
    // Each burst edits a fresh line (Ctrl-U at the end), as typing at a prompt does.
    const keys = 'echo the quick brown fox\x1b[D\x1b[D\x7f\x01\x05\x15';
    r.row('line discipline: a burst of 32 keys on a short line', summary(timeEach(2000, () => ld.input(keys))));
    ld.input('echo ' + 'x'.repeat(1000));
    r.row('line discipline: one key on a 1,000-character line', summary(timeEach(500, () => ld.input('y\x7f'))));
    ld.input('\x15');
  }
  const dist = join(import.meta.dirname, '..', 'dist');
  if (!existsSync(join(dist, 'lessons'))) {
    r.row('page weight', 'skipped (run npm run build first)');
    return;
  }
  r.section('Page weight (JavaScript a page loads, from dist/)');
  for (const slug of readdirSync(join(dist, 'lessons')).sort()) {
    const file = join(dist, 'lessons', slug, 'index.html');
    if (!existsSync(file)) continue;
    const html = readFileSync(file, 'utf8');
    const s = pageScripts(dist, html);
    r.row(
      `/lessons/${slug}/`,
      `${s.count} scripts, ${(s.raw / 1024).toFixed(1)} KB, ${(s.gzip / 1024).toFixed(1)} KB gzip; HTML ${(statSync(file).size / 1024).toFixed(1)} KB`,
    );
  }
  // Each lab's own code and data is a chunk the terminal fetches when it starts.
  const assets = join(dist, '_astro');
  for (const name of readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    const body = readFileSync(join(assets, name));
    if (body.length < 20 * 1024 || name.startsWith('Lab.astro')) continue;
    const text = body.toString();
    const quote = '["\\x60]';
    const labId = labIds().find((id) => new RegExp(`\\bid:\\s*${quote}${id}${quote},\\s*title:`).test(text)) ?? 'shared code';
    r.row(`  on demand: ${name} (lab ${labId})`, `${(body.length / 1024).toFixed(1)} KB, ${(gzipSync(body).length / 1024).toFixed(1)} KB gzip`);
  }
}
