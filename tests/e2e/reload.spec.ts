/**
 * A reload after a long session: the terminal shows the last screen and takes keys at once,
 * the scrollback comes in behind it (written into a terminal off the page, then swapped in),
 * and nothing typed in between is lost. Counted, not timed: xterm's accessibility rows say how
 * many lines the terminal holds (aria-setsize).
 */
import type { Page } from '@playwright/test';
import { expect, seedStorage, test } from './helpers.ts';
import { readyLab } from './lab-ready.ts';

const LESSON = '/lessons/using-the-labs/';
const KEY = 'ntlab:lab:welcome';

/** The terminal's visible rows as text, one line each. */
const screenText = async (page: Page) => (await page.locator('ntlab-lab .xterm-rows > div').allTextContents()).map((row) => row.trimEnd()).join('\n');
/** Lines the terminal holds, scrollback included (xterm's accessibility rows carry it). */
const heldLines = (page: Page) =>
  page.evaluate(() => Number(document.querySelector('ntlab-lab .xterm-accessibility-tree [aria-setsize]')?.getAttribute('aria-setsize') ?? 0));

test('a long reload shows the last screen at once, its scrollback comes behind it, and keys typed meanwhile are kept', async ({ page }) => {
  // 1,500 lines of work, each `echo` printing one line: 3,000 lines on screen, more than the terminal keeps.
  const log = Array.from({ length: 1500 }, (_, i) => ({ kind: 'line', text: `echo line ${i}` }));
  await seedStorage(page, { [KEY]: JSON.stringify({ v: 1, attempt: 0, log }) });
  await page.goto(LESSON);
  const lab = page.locator('ntlab-lab[data-lab="welcome"]');
  await readyLab(lab, 120_000);
  // Keys typed straight away, while the scrollback may still be coming in.
  await page.locator('ntlab-lab .xterm').click();
  await page.keyboard.type('echo typed after the reload');
  await page.keyboard.press('Enter');
  await expect.poll(() => screenText(page), { timeout: 60_000 }).toMatch(/typed after the reload\n+C:\\Windows\\system32>$/);
  await expect.poll(() => screenText(page)).toContain('echo line 1499');
  // The scrollback is there: the terminal holds its 2,000 lines of scrollback and a screen.
  await expect.poll(() => heldLines(page), { timeout: 60_000 }).toBeGreaterThan(2000);
  // One terminal on the page (the one the scrollback was written into replaced the first), one accessibility tree.
  await expect(lab.locator('.xterm')).toHaveCount(1);
  await expect(lab.locator('.xterm-accessibility')).toHaveCount(1);
  // The page's own measures: the restore, then the screen and prompt, then the scrollback, in that order.
  const order = await page.evaluate(() =>
    ['ntlab:lab-restore', 'ntlab:lab-shown', 'ntlab:lab-scrollback'].map((name) => {
      const e = performance.getEntriesByName(name).at(-1);
      return e ? e.startTime + e.duration : -1;
    }),
  );
  expect(order.every((t) => t >= 0)).toBe(true);
  expect(order[0]).toBeLessThanOrEqual(order[1]);
  expect(order[1]).toBeLessThanOrEqual(order[2]);
  // The line typed before the swap is in the stored log (nothing lost), and in the history.
  // (The record holds the entries after the log's sealed chunks of 200: see src/stores/lab-record.ts.)
  const stored = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), KEY)) ?? '{}') as { sealed: number; log: { text?: string }[] };
  expect(stored.sealed * 200 + stored.log.length).toBe(1501);
  expect(stored.log.at(-1)?.text).toBe('echo typed after the reload');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => screenText(page)).toMatch(/C:\\Windows\\system32>echo typed after the reload$/);
});
