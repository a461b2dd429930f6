/**
 * Reload in Chromium: a lab page opened with 10, 1,000 and 5,000 lines of stored work, from
 * a checkpoint with CHECKPOINT_EVERY - 1 lines after it (the worst case) and,
 * for the shorter logs, by replaying the whole log. The figures are the page's own measures:
 * `ntlab:lab-restore`, reading storage to a rebuilt session, and `ntlab:lab-shown`, from the
 * same start to the restored screen and its prompt on the page. Median of 5 loads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import lab from '../labs/driver-loading/lab.ts';
import type { Reporter } from '../scripts/bench.ts';
import { encodeCheckpoint } from '../src/lab/codec.ts';
import { LabSession } from '../src/lab/session.ts';
import { CHECKPOINT_EVERY, logPrint, type StoredCheckpoint } from '../src/stores/lab-storage.ts';
import { DIST, labReady, withSite } from './browser.ts';
import { longLog } from './engine.bench.ts';
import { ms, percentile } from './stats.ts';

const LOADS = 5;

function lessonOf(id: string): string | null {
  for (const slug of readdirSync(join(DIST, 'lessons'))) {
    try {
      if (readFileSync(join(DIST, 'lessons', slug, 'index.html'), 'utf8').includes(`data-lab="${id}"`)) return `/lessons/${slug}/`;
    } catch {
      // not a lesson page
    }
  }
  return null;
}

const AFTER = CHECKPOINT_EVERY - 1;

/** localStorage entries for `n` lines of work, with a checkpoint AFTER lines before the end (or none). */
function stored(n: number, withCheckpoint: boolean): Record<string, string> {
  const log = longLog(n);
  const items: Record<string, string> = { [`ntlab:lab:${lab.id}`]: JSON.stringify({ v: 1, attempt: 0, log }) };
  if (withCheckpoint && n > AFTER) {
    const cp = LabSession.replay(lab, log.slice(0, n - AFTER)).checkpoint();
    if (!cp) throw new Error('no checkpoint');
    const record: StoredCheckpoint = {
      v: 1,
      attempt: 0,
      entries: cp.entries,
      print: logPrint(log, cp.entries),
      form: 'gzip',
      text: gzipSync(encodeCheckpoint(cp)).toString('base64'),
    };
    items[`ntlab:lab:${lab.id}:checkpoint`] = JSON.stringify(record);
  }
  return items;
}

export default async function reload(r: Reporter): Promise<void> {
  const done = await withSite(async (browser, origin) => {
    const path = lessonOf(lab.id);
    if (!path) return false;
    r.section(`Reload in Chromium: ${path} with stored work (lab ${lab.id}; median of ${LOADS} loads)`);
    for (const [n, withCheckpoint] of [
      [10, false],
      [1000, false],
      [1000, true],
      [5000, true],
    ] as const) {
      const items = stored(n, withCheckpoint);
      const times: number[] = [];
      const shown: number[] = [];
      let from = '';
      for (let i = 0; i < LOADS; i++) {
        const context = await browser.newContext();
        await context.addInitScript((entries: Record<string, string>) => {
          if (sessionStorage.getItem('bench-seeded')) return;
          sessionStorage.setItem('bench-seeded', '1');
          for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v);
        }, items);
        const page = await context.newPage();
        await page.goto(origin + path);
        await labReady(page, 600_000);
        const m = await page.evaluate(() => {
          const e = performance.getEntriesByName('ntlab:lab-restore').at(-1) as PerformanceMeasure | undefined;
          const s = performance.getEntriesByName('ntlab:lab-shown').at(-1);
          return e ? { duration: e.duration, shown: s?.duration ?? null, from: String((e.detail as { from?: string } | null)?.from ?? '') } : null;
        });
        if (m) {
          times.push(m.duration);
          if (m.shown !== null) shown.push(m.shown);
          from = m.from;
        }
        await context.close();
      }
      times.sort((a, b) => a - b);
      shown.sort((a, b) => a - b);
      const how = from === 'checkpoint' ? `from a checkpoint + ${AFTER} lines` : 'replaying the whole log';
      const screen = shown.length > 0 ? `; screen and prompt shown: median ${ms(percentile(shown, 50))}, max ${ms(shown[shown.length - 1])}` : '';
      r.row(`reload ${n.toLocaleString('en')} lines, ${how}`, `median ${ms(percentile(times, 50))}, max ${ms(times[times.length - 1])}${screen}`, {
        lines: n,
        medianMs: percentile(times, 50),
        maxMs: times[times.length - 1],
        ...(shown.length > 0 ? { shownMedianMs: percentile(shown, 50), shownMaxMs: shown[shown.length - 1] } : {}),
      });
    }
    return true;
  });
  if (!done) r.row('reload in Chromium', 'skipped (needs a build, npm run build, and Chromium)');
}
