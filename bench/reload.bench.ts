/**
 * Reload in Chromium: a lab page opened with 10, 1,000 and 5,000 lines of stored work, from
 * the latest of two checkpoints with CHECKPOINT_EVERY - 1 lines after it (the worst case) and,
 * for the shorter logs, by replaying the whole log. The figures are the page's own measures:
 * `ntlab:lab-restore`, reading storage to a rebuilt session, and `ntlab:lab-shown`, from the
 * same start to the restored screen and its prompt on the page. Median of 5 loads.
 * Then what a checkpoint costs the page at 5,000 lines (`ntlab:lab-checkpoint`, taken when the
 * page is idle after a change): the first after the reload, and the one after a line typed then.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import lab from '../labs/driver-loading/lab.ts';
import type { Reporter } from '../scripts/bench.ts';
import type { Page } from '@playwright/test';
import { encodeCheckpoint } from '../src/lab/codec.ts';
import { LabSession, type SessionCheckpoint } from '../src/lab/session.ts';
import { chunkKey, recordTexts } from '../src/stores/lab-record.ts';
import { CHECKPOINT_EVERY, checkpointKeys, logPrint, recordKey, type StoredCheckpoint } from '../src/stores/lab-storage.ts';
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

/** localStorage entries for `n` lines of work, with two checkpoints, the latest AFTER lines before the end (or none). */
function stored(n: number, withCheckpoint: boolean): Record<string, string> {
  const log = longLog(n);
  const { record, chunks } = recordTexts(0, log);
  const items: Record<string, string> = { [recordKey(lab.id)]: record };
  chunks.forEach((text, i) => {
    items[chunkKey(lab.id, i)] = text;
  });
  if (withCheckpoint && n > AFTER + 1) {
    const session = LabSession.replay(lab, log.slice(0, n - AFTER - 1));
    const previous = session.checkpoint();
    session.apply(log[n - AFTER - 1]);
    const latest = session.checkpoint();
    if (!previous || !latest) throw new Error('no checkpoint');
    const slot = (cp: SessionCheckpoint): StoredCheckpoint => ({
      v: 1,
      attempt: 0,
      entries: cp.entries,
      print: logPrint(log, cp.entries),
      form: 'gzip',
      text: gzipSync(encodeCheckpoint(cp)).toString('base64'),
    });
    const [first, second] = checkpointKeys(lab.id);
    items[first] = JSON.stringify(slot(previous));
    items[second] = JSON.stringify(slot(latest));
  }
  return items;
}

interface CheckpointCost {
  readonly entries: number;
  readonly wallMs: number;
  readonly mainMs: number;
  readonly takeMs: number;
  readonly storeMs: number;
  readonly chars: number;
}

/** The page's next checkpoint measure that covers `entries` (it is taken when the page is idle). */
async function checkpointCost(page: Page, entries: number): Promise<CheckpointCost> {
  const handle = await page.waitForFunction(
    (n) => {
      const m = performance.getEntriesByName('ntlab:lab-checkpoint').find((e) => (e as PerformanceMeasure).detail?.entries === n) as
        | PerformanceMeasure
        | undefined;
      return m ? { wallMs: m.duration, ...m.detail } : null;
    },
    entries,
    { timeout: 120_000 },
  );
  return (await handle.jsonValue()) as CheckpointCost;
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

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
      const costs: CheckpointCost[][] = [];
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
        if (n === 5000) {
          // The lines replayed after the checkpoint are checkpointed at idle; then a line typed.
          const first = await checkpointCost(page, n);
          await page.locator(`ntlab-lab[data-lab="${lab.id}"] .xterm`).first().click();
          await page.keyboard.type('ver');
          await page.keyboard.press('Enter');
          costs.push([first, await checkpointCost(page, n + 1)]);
        }
        await context.close();
      }
      times.sort((a, b) => a - b);
      shown.sort((a, b) => a - b);
      const how = from === 'checkpoint' ? `from a checkpoint + ${AFTER} ${AFTER === 1 ? 'line' : 'lines'}` : 'replaying the whole log';
      const screen = shown.length > 0 ? `; screen and prompt shown: median ${ms(percentile(shown, 50))}, max ${ms(shown[shown.length - 1])}` : '';
      r.row(`reload ${n.toLocaleString('en')} lines, ${how}`, `median ${ms(percentile(times, 50))}, max ${ms(times[times.length - 1])}${screen}`, {
        lines: n,
        medianMs: percentile(times, 50),
        maxMs: times[times.length - 1],
        ...(shown.length > 0 ? { shownMedianMs: percentile(shown, 50), shownMaxMs: shown[shown.length - 1] } : {}),
      });
      for (const [i, which] of (['the first after the reload', 'after a line typed'] as const).entries()) {
        const of = costs.map((c) => c[i]);
        if (of.length === 0) continue;
        const figure = (key: keyof CheckpointCost) => median(of.map((c) => c[key]));
        r.row(
          `checkpoint at ${n.toLocaleString('en')} lines, ${which}`,
          `main thread median ${ms(figure('mainMs'))} (take + encode ${ms(figure('takeMs'))}, store ${ms(figure('storeMs'))}); with compression ${ms(figure('wallMs'))}; ${(figure('chars') / 1024).toFixed(0)} KiB stored`,
          {
            lines: n,
            mainMedianMs: figure('mainMs'),
            takeMedianMs: figure('takeMs'),
            storeMedianMs: figure('storeMs'),
            wallMedianMs: figure('wallMs'),
            chars: figure('chars'),
          },
        );
      }
    }
    return true;
  });
  if (!done) r.row('reload in Chromium', 'skipped (needs a build, npm run build, and Chromium)');
}
