/**
 * Measuring pages in a real Chromium (playwright-core, the system's Chromium as the browser
 * tests use it), served locally from dist/ by scripts/static-server.mjs. Benches open
 * pages through `withSite` and read what the browser actually fetched with `watchFetches`;
 * `labReady` waits for a lab's terminal. Time-to-prompt and typing benches build on these.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';

const root = join(import.meta.dirname, '..');
/** The build measured: dist/, or NTLAB_BENCH_DIST (to compare a build before and after a change). */
export const DIST = process.env.NTLAB_BENCH_DIST || join(root, 'dist');

/** The Chromium the browser tests use: CHROMIUM_PATH, else /usr/bin/chromium. */
export function chromiumPath(): string | null {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return existsSync(path) ? path : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function serve(): Promise<{ origin: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'scripts', 'static-server.mjs'), DIST, '127.0.0.1', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`static server exited (${code})`)));
  });
  return { origin: `http://127.0.0.1:${port}`, child };
}

/** Serve dist/ and start Chromium for `fn`; both stop afterwards. Null when there is no build or no Chromium. */
export async function withSite<T>(fn: (browser: Browser, origin: string) => Promise<T>): Promise<T | null> {
  const executablePath = chromiumPath();
  if (!existsSync(join(DIST, 'index.html')) || !executablePath) return null;
  const { origin, child } = await serve();
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    return await fn(browser, origin);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
}

/** Bytes of one kind of resource as fetched (`raw`) and as gzip would send them. */
export interface Weight {
  count: number;
  raw: number;
  gzip: number;
}

export interface Fetches {
  readonly js: Weight;
  readonly css: Weight;
  readonly urls: string[];
}

/** Record every script (chunks included) and stylesheet `page` fetches from now on. */
export function watchFetches(page: Page): { done(): Promise<Fetches> } {
  const js: Weight = { count: 0, raw: 0, gzip: 0 };
  const css: Weight = { count: 0, raw: 0, gzip: 0 };
  const urls: string[] = [];
  const pending: Promise<void>[] = [];
  page.on('response', (response) => {
    const url = response.url();
    const type = response.request().resourceType();
    const kind = type === 'script' || /\.m?js(\?|$)/.test(url) ? js : type === 'stylesheet' || /\.css(\?|$)/.test(url) ? css : null;
    if (!kind || response.status() !== 200) return;
    urls.push(url);
    pending.push(
      response.body().then(
        (body) => {
          kind.count++;
          kind.raw += body.length;
          kind.gzip += gzipSync(body).length;
        },
        () => undefined,
      ),
    );
  });
  return {
    async done() {
      await Promise.all(pending);
      return { js, css, urls };
    },
  };
}

/** Wait until every lab terminal on the page accepts input (none: at once). */
export async function labReady(page: Page, timeout = 120_000): Promise<void> {
  // On a first visit a lab paints its prompt and loads the engine when the student reaches for it.
  await page.waitForFunction(
    () => [...document.querySelectorAll('ntlab-lab')].every((el) => el instanceof HTMLElement && el.dataset.prompt === 'ready'),
    null,
    {
      timeout,
    },
  );
  for (const lab of await page.locator('ntlab-lab').all()) await lab.dispatchEvent('pointerdown');
  await page.waitForFunction(() => [...document.querySelectorAll('ntlab-lab')].every((el) => el instanceof HTMLElement && el.dataset.ready === 'true'), null, {
    timeout,
  });
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
