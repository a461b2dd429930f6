import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, originOf, readOutline, recordRequests } from './helpers.ts';

/** Budget for the one inline script (theme, ticks, toggle, "Mark as read"). */
const INLINE_SCRIPT_MAX_BYTES = 4096;

interface ScriptInfo {
  readonly src: string;
  readonly type: string;
  readonly bytes: number;
  readonly text: string;
}

function scriptsOf(page: Page): Promise<ScriptInfo[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('script')].map((script) => ({
      src: script.getAttribute('src') ?? '',
      type: script.getAttribute('type') ?? '',
      bytes: new TextEncoder().encode(script.textContent ?? '').length,
      text: script.textContent ?? '',
    })),
  );
}

async function expectOnlyTheInlineScript(page: Page, path: string, scriptRequests: () => string[]): Promise<number> {
  await page.goto(path);
  const scripts = await scriptsOf(page);
  expect(scripts, `scripts on ${path}`).toHaveLength(1);
  const [inline] = scripts;
  expect(inline.src, `external script on ${path}`).toBe('');
  expect(inline.type, `script type on ${path}`).toBe('');
  expect(inline.text).toContain('ntlab:theme');
  expect(inline.bytes).toBeLessThanOrEqual(INLINE_SCRIPT_MAX_BYTES);
  expect(await page.locator('link[rel="modulepreload"], link[as="script"]').count(), `preloaded scripts on ${path}`).toBe(0);
  expect(scriptRequests(), `JavaScript fetched by ${path}`).toEqual([]);
  return inline.bytes;
}

const isScript = (url: string) => /\.(m?js)(\?|$)/.test(new URL(url).pathname);

test('pages without a lab ship only the small inline script', async ({ page, requests }) => {
  const outline = await readOutline(page);
  const lessonFiles = readdirSync(join(process.cwd(), 'content', 'lessons')).filter((name) => name.endsWith('.mdx'));
  expect(outline.length).toBe(lessonFiles.length);

  const paths = ['/', '/404.html', ...outline.filter((lesson) => lesson.labs.length === 0).map((lesson) => lesson.href)];
  const sizes = new Set<number>();
  for (const path of paths) {
    const before = requests.urls.length;
    sizes.add(await expectOnlyTheInlineScript(page, path, () => requests.urls.slice(before).filter(isScript)));
  }
  // Every page carries the very same script.
  expect([...sizes]).toHaveLength(1);
  test.info().annotations.push({ type: 'inline script', description: `${[...sizes][0]} bytes on ${paths.length} pages` });
});

test('lesson pages with a lab do ship the lab script', async ({ page }) => {
  const outline = await readOutline(page);
  const withLabs = outline.filter((lesson) => lesson.labs.length > 0);
  test.skip(withLabs.length === 0, 'no lesson has a lab yet');
  for (const lesson of withLabs) {
    await page.goto(lesson.href);
    const scripts = await scriptsOf(page);
    expect(scripts.filter((s) => s.type === 'module' || s.src !== '').length, `lab scripts on ${lesson.href}`).toBeGreaterThan(0);
  }
});

test('without JavaScript a lab reads as its objectives, says why there is no terminal, and shows no dead controls', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const requests = recordRequests(context, originOf(baseURL));
  const page = await context.newPage();
  try {
    const outline = await readOutline(page);
    const withLab = outline.find((lesson) => lesson.labs.length > 0);
    test.skip(!withLab, 'no lesson has a lab yet');
    await page.goto(withLab?.href ?? '/');
    const lab = page.locator('ntlab-lab').first();
    await expect(lab.locator('h2')).toBeVisible();
    const objectives = lab.locator('.lab-objective');
    expect(await objectives.count()).toBeGreaterThan(0);
    for (const objective of await objectives.all()) await expect(objective.locator('.lab-objective-title')).toBeVisible();
    // (Playwright's text matchers skip <noscript>: read it directly.)
    const note = await lab.locator('.lab-terminal noscript').evaluate((el) => el.textContent ?? '');
    expect(note).toContain('The lab terminal needs JavaScript');
    expect(note).toContain(`npx ntlab run ${withLab?.labs[0]}`);
    await expect(lab.locator('.lab-terminal code')).toBeVisible();
    // The note is not a tall empty terminal frame.
    const frame = await lab.locator('.lab-terminal-frame').boundingBox();
    expect(frame?.height ?? 0).toBeLessThan(120);
    // Buttons that need the script are not offered; nothing in the lab can be pressed.
    expect(await lab.locator('button').evaluateAll((buttons) => buttons.filter((b) => b.checkVisibility()).map((b) => b.textContent?.trim()))).toEqual([]);
    await expect(lab.locator('.lab-keys')).toBeHidden();
    expect(requests.foreign()).toEqual([]);
  } finally {
    await context.close();
  }
});
