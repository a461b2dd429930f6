/**
 * Lab pages in a real Chromium (Debian's, through playwright-core), served locally from dist/
 * by scripts/static-server.mjs: time to a usable prompt, main-thread time for typing, and the
 * JavaScript the page fetches by itself. Needs a built site (`node scripts/build.mjs`).
 *
 * - prompt: when the lab marks `ntlab:prompt` (the prompt is on screen and keys are taken),
 *   measured from the load event (0 when it came first) and from navigation start; median of
 *   RUNS fresh browser contexts (an empty cache each time).
 * - typing: Chromium's own main-thread task time (CDP Performance.getMetrics TaskDuration)
 *   spent while 60 characters are typed into the ready terminal, until two frames later; the
 *   terminal is in view and the page still, as when a student types.
 * - JS: every script response of the page's first load (gzip size of each body, as
 *   served gzipped), and what the lab fetches once it is used.
 *
 * `measurePages()` is for other benches (the JSON report); the default export prints rows.
 * NTLAB_BENCH_DIST=<dir> measures another build (to compare one before and after a change).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Reporter } from '../scripts/bench.ts';
import { freePort } from '../tests/server/child.ts';
import { ms, percentile } from './stats.ts';

const ROOT = join(import.meta.dirname, '..');
const RUNS = 7;
const TYPED = 'echo the quick brown fox jumps over the lazy dog 0123456789ab';

export interface PageFigures {
  readonly path: string;
  readonly lab: string;
  /** Median ms from the load event to a usable prompt (0 when the prompt came first). */
  readonly promptAfterLoad: number;
  /** Median ms from navigation start to a usable prompt. */
  readonly promptFromStart: number;
  /** Median ms of main-thread task time for typing 60 characters. */
  readonly typing60: number;
  /** gzip bytes of the scripts fetched on load, without user action. */
  readonly jsFirstLoad: number;
  /** gzip bytes of the scripts fetched once the student uses the lab. */
  readonly jsOnUse: number;
}

async function serve(dist: string): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'static-server.mjs'), dist, '127.0.0.1', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i += 1) {
    try {
      if ((await fetch(`${url}/`)).ok) return { url, stop: () => child.kill('SIGTERM') };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error(`static server on ${url} did not answer`);
}

/** The lab pages of the build: [path, lab id] from the home page's outline. */
async function labPages(browser: Browser, url: string): Promise<[string, string][]> {
  const page = await browser.newPage();
  await page.goto(`${url}/`);
  const found = await page.$$eval('.lesson-card[data-labs]', (cards) =>
    cards.flatMap((card) => {
      const href = card.querySelector('h3 a')?.getAttribute('href') ?? '';
      const labs = (card.getAttribute('data-labs') ?? '').split(' ').filter(Boolean);
      return labs.length > 0 ? [[href, labs[0]] as [string, string]] : [];
    }),
  );
  await page.close();
  return found;
}

/** Installed before any page script: notes when a lab first says its prompt is usable. */
function watchPrompt(): void {
  const w = window as unknown as { __prompt?: number };
  const seen = () => {
    if (w.__prompt === undefined) w.__prompt = performance.now();
  };
  new PerformanceObserver((list) => {
    if (list.getEntries().some((e) => e.name === 'ntlab:prompt')) seen();
  }).observe({ type: 'mark', buffered: true });
  // Builds from before the mark existed: the element's data-ready attribute.
  new MutationObserver(() => {
    if (document.querySelector('ntlab-lab[data-ready], ntlab-lab[data-prompt]')) seen();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready', 'data-prompt'] });
}

async function scriptBytes(page: Page, into: number[]): Promise<void> {
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    void response
      .body()
      .then((body) => into.push(gzipSync(body).length))
      .catch(() => undefined);
  });
}

async function oneRun(browser: Browser, url: string, path: string, lab: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(watchPrompt);
  const first: number[] = [];
  await scriptBytes(page, first);
  await page.goto(`${url}${path}`, { waitUntil: 'load' });
  await page.waitForFunction(() => (window as unknown as { __prompt?: number }).__prompt !== undefined, null, { timeout: 60_000 });
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return { load: nav.loadEventEnd, prompt: (window as unknown as { __prompt: number }).__prompt };
  });
  await page.waitForLoadState('networkidle');
  const firstLoad = first.reduce((a, b) => a + b, 0);
  // Use the lab: focus its terminal, wait until the whole engine is in, then type.
  const onUse: number[] = [];
  await scriptBytes(page, onUse);
  const element = page.locator(`ntlab-lab[data-lab="${lab}"]`);
  await element.locator('.xterm-helper-textarea').first().focus();
  await element
    .locator('[data-ready="true"]')
    .or(page.locator(`ntlab-lab[data-lab="${lab}"][data-ready="true"]`))
    .waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const task = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
  };
  const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  // The student types with the terminal in view: bring it there at once (the site scrolls
  // smoothly, and focusing the terminal above may have started a scroll that would otherwise
  // still be running, frame by frame, while the keys are typed), and let the page settle.
  await element
    .locator('.lab-terminal')
    .first()
    .evaluate((e) => e.scrollIntoView({ block: 'center', behavior: 'instant' }));
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const y = scrollY;
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(scrollY === y)));
      }),
    null,
    { timeout: 10_000 },
  );
  await frames();
  const before = await task();
  await page.keyboard.type(TYPED);
  await frames();
  const typing = (await task()) - before;
  await context.close();
  return { afterLoad: Math.max(0, timing.prompt - timing.load), fromStart: timing.prompt, typing, firstLoad, onUse: onUse.reduce((a, b) => a + b, 0) };
}

/** Measure every lab page of the build in `dist` (default: this checkout's dist/). */
export async function measurePages(dist = join(ROOT, 'dist')): Promise<PageFigures[]> {
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist} has no built site: run node scripts/build.mjs first`);
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
  if (!executablePath) throw new Error('no Chromium: set CHROMIUM_PATH or install chromium');
  const server = await serve(dist);
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  try {
    const figures: PageFigures[] = [];
    const pages = await labPages(browser, server.url);
    // One warm-up run per page (the server's and the OS's caches), then RUNS rounds, each
    // visiting every page once: a spell of the machine running slow (a shared VM's neighbours)
    // then falls on one run of each page, not on all the runs of one page.
    for (const [path, lab] of pages) await oneRun(browser, server.url, path, lab);
    const runs = pages.map((): Awaited<ReturnType<typeof oneRun>>[] => []);
    for (let i = 0; i < RUNS; i += 1) {
      for (const [k, [path, lab]] of pages.entries()) runs[k].push(await oneRun(browser, server.url, path, lab));
    }
    for (const [k, [path, lab]] of pages.entries()) {
      const median = (pick: (r: (typeof runs)[number][number]) => number) =>
        percentile(
          runs[k].map(pick).sort((a, b) => a - b),
          50,
        );
      figures.push({
        path,
        lab,
        promptAfterLoad: median((r) => r.afterLoad),
        promptFromStart: median((r) => r.fromStart),
        typing60: median((r) => r.typing),
        jsFirstLoad: median((r) => r.firstLoad),
        jsOnUse: median((r) => r.onUse),
      });
    }
    return figures;
  } finally {
    await browser.close();
    server.stop();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export default async function pageBench(report: Reporter): Promise<void> {
  report.section(`Lab pages in Chromium (1280×800, median of ${RUNS}, served locally)`);
  const dist = process.env.NTLAB_BENCH_DIST || join(ROOT, 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    report.row('lab pages', 'skipped: no built site (node scripts/build.mjs)');
    return;
  }
  for (const f of await measurePages(dist)) {
    report.row(`${f.lab}: prompt usable after the load event`, `${ms(f.promptAfterLoad)} (${ms(f.promptFromStart)} from navigation start)`);
    report.row(`${f.lab}: typing 60 characters (main thread)`, ms(f.typing60));
    report.row(`${f.lab}: JS gzip on load / once used`, `${kb(f.jsFirstLoad)} / +${kb(f.jsOnUse)}`);
  }
}
