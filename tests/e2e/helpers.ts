/**
 * Shared by every browser spec: `test` records each request the page (and its workers)
 * makes and fails the test if any URL leaves the site's origin — ntlab must work with no
 * network. Import `test` and `expect` from here instead of from '@playwright/test'.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';

/** URLs the browser may fetch without touching the network. */
const LOCAL_SCHEMES = ['data:', 'blob:', 'about:'];

export interface RequestLog {
  /** Every URL requested in this test, in order. */
  readonly urls: string[];
  /** The ones not on the site's origin (should stay empty). */
  foreign(): string[];
}

export function isOnOrigin(url: string, origin: string): boolean {
  if (LOCAL_SCHEMES.some((scheme) => url.startsWith(scheme))) return true;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

/**
 * Records every request of a browser context. The `requests` fixture does this for the
 * test's own context; a test that opens another context (no JavaScript, another viewport)
 * calls it too and checks `foreign()` before closing that context.
 */
export function recordRequests(context: BrowserContext, origin: string): RequestLog {
  const urls: string[] = [];
  context.on('request', (request) => urls.push(request.url()));
  return { urls, foreign: () => urls.filter((url) => !isOnOrigin(url, origin)) };
}

export function originOf(baseURL: string | undefined): string {
  return new URL(baseURL ?? 'http://127.0.0.1').origin;
}

export const test = base.extend<{ requests: RequestLog }>({
  requests: [
    async ({ context, baseURL }, use) => {
      const origin = originOf(baseURL);
      const log = recordRequests(context, origin);
      await use(log);
      expect(log.foreign(), `requests that left ${origin}`).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export interface OutlineLesson {
  readonly slug: string;
  readonly href: string;
  readonly title: string;
  readonly labs: string[];
}

/** The course outline as the home page lists it. */
export async function readOutline(page: Page): Promise<OutlineLesson[]> {
  await page.goto('/');
  const cards = page.locator('.lesson-card[data-lesson]');
  const lessons: OutlineLesson[] = [];
  for (const card of await cards.all()) {
    const link = card.locator('h3 a');
    lessons.push({
      slug: (await card.getAttribute('data-lesson')) ?? '',
      href: (await link.getAttribute('href')) ?? '',
      title: (await link.innerText()).trim(),
      labs: ((await card.getAttribute('data-labs')) ?? '').split(' ').filter(Boolean),
    });
  }
  return lessons;
}

/** Sets localStorage before any page script runs (for every page of this test). */
export async function seedStorage(page: Page, entries: Record<string, string>): Promise<void> {
  await page.addInitScript((values: Record<string, string>) => {
    if (sessionStorage.getItem('ntlab-test-seeded') === '1') return;
    sessionStorage.setItem('ntlab-test-seeded', '1');
    for (const [key, value] of Object.entries(values)) localStorage.setItem(key, value);
  }, entries);
}

/** Type a line into the terminal that has the keyboard, and submit it. */
export async function typeLine(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** A screenshot of the page, as `name`.png in $NTLAB_SHOTS (default /tmp/ntlab-shots). */
export async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.NTLAB_SHOTS ?? '/tmp/ntlab-shots';
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}
