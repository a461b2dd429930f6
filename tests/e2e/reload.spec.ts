/**
 * A reload after a long session: the terminal shows the last screen and takes keys at once,
 * the scrollback comes in behind it (written into a terminal off the page, then swapped in),
 * and nothing typed in between is lost. Counted, not timed: the terminal's buffer says how
 * many lines it holds.
 */
import type { Page } from '@playwright/test';
import { expect, seedStorage, test } from './helpers.ts';
import { readyLab } from './lab-ready.ts';

const LESSON = '/lessons/using-the-labs/';
const KEY = 'ntlab:lab:welcome';

/** The terminal's visible rows as text, one line each. */
const screenText = async (page: Page) => (await page.locator('ntlab-lab .xterm-rows > div').allTextContents()).map((row) => row.trimEnd()).join('\n');
/** Lines the terminal holds, scrollback included (read from the xterm terminal the lab element shows). */
const heldLines = (page: Page) =>
  page.evaluate(() => {
    const lab = document.querySelector('ntlab-lab') as unknown as { panes: { term: { buffer: { active: { length: number } } } }[] };
    return lab.panes[0].term.buffer.active.length;
  });

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
  // One terminal on the page (the one the scrollback was written into replaced the first), one output log.
  await expect(lab.locator('.xterm')).toHaveCount(1);
  await expect(lab.getByRole('log')).toHaveCount(1);
  // The log has the restored lines (as many as it keeps) and the one typed, each once.
  const kept = await lab.getByRole('log').locator('div').allTextContents();
  expect(kept.length).toBeLessThanOrEqual(1000);
  expect(kept.filter((l) => l === 'line 1499')).toHaveLength(1);
  expect(kept.filter((l) => l === 'typed after the reload')).toHaveLength(1);
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
