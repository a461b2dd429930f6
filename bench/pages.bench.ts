/**
 * Page weight as the browser sees it: every script (chunks included) and stylesheet a
 * page fetches without user action, until its labs are ready and the network is idle, per
 * page type. Needs a build (npm run build) and Chromium.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter } from '../scripts/bench.ts';
import { DIST, kb, labReady, watchFetches, withSite } from './browser.ts';

/** Page types: the home page, the search page, each lesson (a lesson with a lab names it). */
function pages(): { name: string; path: string }[] {
  const out = [
    { name: 'home', path: '/' },
    { name: 'search', path: '/search/' },
  ];
  for (const slug of readdirSync(join(DIST, 'lessons')).sort()) {
    let html = '';
    try {
      html = readFileSync(join(DIST, 'lessons', slug, 'index.html'), 'utf8');
    } catch {
      continue;
    }
    const labs = [...html.matchAll(/<ntlab-lab[^>]*data-lab="([^"]+)"/g)].map((m) => m[1]);
    out.push({ name: labs.length ? `lesson with lab ${labs.join(', ')}` : 'lesson without a lab', path: `/lessons/${slug}/` });
  }
  return out;
}

export default async function pageWeight(r: Reporter): Promise<void> {
  const done = await withSite(async (browser, origin) => {
    r.section('Page weight: what Chromium fetches on first load (JS and CSS, gzip as sent compressed)');
    for (const { name, path } of pages()) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const fetches = watchFetches(page);
      await page.goto(origin + path, { waitUntil: 'load' });
      await labReady(page);
      await page.waitForLoadState('networkidle');
      const { js, css } = await fetches.done();
      r.row(`${path} (${name})`, `JS ${js.count} files ${kb(js.raw)} (${kb(js.gzip)} gzip); CSS ${css.count} files ${kb(css.raw)} (${kb(css.gzip)} gzip)`, {
        jsFiles: js.count,
        jsBytes: js.raw,
        jsGzipBytes: js.gzip,
        cssFiles: css.count,
        cssBytes: css.raw,
        cssGzipBytes: css.gzip,
      });
      await context.close();
    }
    return true;
  });
  if (!done) r.row('page weight', 'skipped (needs a build, npm run build, and Chromium)');
}
