/**
 * Saved progress never breaks a lab: damaged or unusual storage, a full or blocked
 * localStorage, two tabs of one lab, checkpoints that make a reload fast (and a damaged
 * one that falls back to replaying the log), and a damaged record's copy kept aside.
 */
import type { Page } from '@playwright/test';
import { expect, seedStorage, test } from './helpers.ts';
import { readyLab } from './lab-ready.ts';

const LESSON = '/lessons/using-the-labs/';
const KEY = 'ntlab:lab:welcome';

async function openLab(page: Page) {
  await page.goto(LESSON);
  const lab = page.locator('ntlab-lab[data-lab="welcome"]');
  await readyLab(lab);
  return lab;
}

/** The terminal's rows as text, one line each. */
const screenText = async (page: Page) => (await page.locator('ntlab-lab .xterm-rows > div').allTextContents()).map((row) => row.trimEnd()).join('\n');

async function typeLine(page: Page, text: string) {
  await page.locator('ntlab-lab .xterm').click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

const stored = (page: Page, key: string) => page.evaluate((k) => localStorage.getItem(k), key);
const storedLog = async (page: Page) => (JSON.parse((await stored(page, KEY)) ?? '{}') as { log?: { text?: string }[] }).log ?? [];
const objectiveDone = (page: Page, id: string) => page.locator(`ntlab-lab [data-objective="${id}"]`);

test('a progress summary of the wrong shape does not stop a lab', async ({ page }) => {
  await seedStorage(page, { 'ntlab:progress': '{"labs":"x","lessons":[1]}' });
  await openLab(page);
  await typeLine(page, 'ver');
  await expect.poll(() => screenText(page)).toContain('Microsoft Windows [Version 6.1.7601]\n');
  await typeLine(page, 'help');
  await expect.poll(() => stored(page, 'ntlab:progress')).toContain('"welcome":{"done":1');
});

test('a full storage keeps the lab working and says progress cannot be saved', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const lab = await openLab(page);
  await expect(lab.locator('[data-lab-notice]')).toContainText('cannot be saved');
  await typeLine(page, 'help');
  await expect.poll(() => screenText(page)).toContain('Displays the user name of the current user.');
  await expect(objectiveDone(page, 'list-commands')).toHaveClass(/is-done/);
});

test('a blocked storage keeps the lab working and says progress cannot be saved', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
  });
  const lab = await openLab(page);
  await expect(lab.locator('[data-lab-notice]')).toContainText('cannot be saved');
  await typeLine(page, 'help');
  await expect.poll(() => screenText(page)).toContain('Displays the user name of the current user.');
});

test('two tabs of one lab keep one record: each follows the other, with a notice', async ({ page, context }) => {
  await openLab(page);
  const other = await context.newPage();
  const otherLab = await openLab(other);
  await typeLine(page, 'help');
  await expect(otherLab.locator('[data-lab-notice]')).toContainText('open in another tab');
  await expect(objectiveDone(other, 'list-commands')).toHaveClass(/is-done/);
  // A background tab's terminal draws when it is shown again (and scrolled into view).
  await other.bringToFront();
  // The tab that followed may still swap in a terminal holding the scrollback (see
  // LabTerminal.restart): the one scrolled to can leave the page meanwhile, so try again.
  await expect(async () => {
    await otherLab.locator('.xterm').scrollIntoViewIfNeeded({ timeout: 2_000 });
    expect(await screenText(other)).toContain('Displays the user name of the current user.');
  }).toPass({ timeout: 30_000 });
  await typeLine(other, 'ver');
  await page.bringToFront();
  await expect.poll(() => screenText(page)).toContain('Microsoft Windows [Version 6.1.7601]\n');
  await typeLine(page, 'cls');
  await expect.poll(async () => (await storedLog(other)).map((e) => e.text)).toEqual(['help', 'ver', 'cls']);
  await other.close();
});

test("a damaged record's intact entries are restored; its copy is kept until the student discards it", async ({ page }) => {
  const damaged = JSON.stringify({
    v: 1,
    attempt: 0,
    log: [
      { kind: 'line', text: 'help' },
      { kind: 'typed', text: 'x' },
      { kind: 'line', text: 'ver' },
    ],
  });
  await seedStorage(page, { [KEY]: damaged });
  const lab = await openLab(page);
  const notice = lab.locator('[data-lab-notice]');
  await expect(notice).toContainText('1 entry could not be read');
  await expect(objectiveDone(page, 'list-commands')).toHaveClass(/is-done/);
  await expect.poll(() => screenText(page)).toContain('Microsoft Windows [Version 6.1.7601]\n');
  expect(await stored(page, `${KEY}:corrupt`)).toBe(damaged);
  // The notice stays on the next reload, until the student decides.
  await page.reload();
  await readyLab(page.locator('ntlab-lab'));
  await expect(notice).toContainText('keeps the old record aside');
  await notice.getByRole('button', { name: 'Discard it' }).click();
  await expect(notice).toBeHidden();
  expect(await stored(page, `${KEY}:corrupt`)).toBeNull();
  await page.reload();
  await readyLab(page.locator('ntlab-lab'));
  await expect(notice).toBeHidden();
  await expect(objectiveDone(page, 'list-commands')).toHaveClass(/is-done/);
});

test('the copy kept aside can be restored over newer work', async ({ page }) => {
  await seedStorage(page, { [KEY]: '{"v":1,"attempt":0,"log":[]}', [`${KEY}:corrupt`]: '{"v":1,"attempt":0,"log":[{"kind":"line","text":"help"},7]}' });
  const lab = await openLab(page);
  await expect(objectiveDone(page, 'list-commands')).not.toHaveClass(/is-done/);
  page.once('dialog', (d) => void d.accept());
  await lab.locator('[data-lab-notice]').getByRole('button', { name: 'Restore the old record' }).click();
  await expect(objectiveDone(page, 'list-commands')).toHaveClass(/is-done/);
  await expect(lab.locator('[data-lab-notice]')).toBeHidden();
  expect((await storedLog(page)).map((e) => e.text)).toEqual(['help']);
});

/** The entries each stored checkpoint covers, latest first. */
const checkpoints = (page: Page) =>
  page.evaluate((k) => {
    const entries = [`${k}:checkpoint`, `${k}:checkpoint:1`].map(
      (key) => (JSON.parse(localStorage.getItem(key) ?? '{"entries":-1}') as { entries: number }).entries,
    );
    return entries.filter((n) => n >= 0).sort((a, b) => b - a);
  }, KEY);

/** Damage the latest stored checkpoint (or all of them) as a broken write would. */
const damageCheckpoints = (page: Page, all: boolean) =>
  page.evaluate(
    ([k, every]) => {
      const keys = [`${k}:checkpoint`, `${k}:checkpoint:1`].filter((key) => localStorage.getItem(key) !== null);
      const entries = (key: string) => (JSON.parse(localStorage.getItem(key) ?? '{}') as { entries: number }).entries;
      keys.sort((a, b) => entries(b) - entries(a));
      for (const key of every ? keys : keys.slice(0, 1)) {
        const cp = JSON.parse(localStorage.getItem(key) ?? '{}');
        localStorage.setItem(key, JSON.stringify({ ...cp, text: `${cp.text.slice(0, 40)}damage` }));
      }
    },
    [KEY, all] as const,
  );

test('a reload resumes from the latest checkpoint; a damaged one falls back to the one before, then to replaying the log, with a notice', async ({ page }) => {
  const log = Array.from({ length: 120 }, (_, i) => ({ kind: 'line', text: i % 2 ? 'ver' : 'echo line ' + i }));
  await seedStorage(page, { [KEY]: JSON.stringify({ v: 1, attempt: 0, log }) });
  const lab = await openLab(page);
  await expect(lab).toHaveAttribute('data-restored-from', 'log');
  // The older page's record (the whole log in one) is stored again in chunks and a short record.
  expect(JSON.parse((await stored(page, KEY)) ?? '{}')).toMatchObject({ v: 2, sealed: 0 });
  // The whole log just replayed is checkpointed when the page is idle, then each change after it.
  await expect.poll(() => checkpoints(page)).toEqual([120]);
  await typeLine(page, 'help');
  await expect.poll(() => checkpoints(page)).toEqual([121, 120]);
  await typeLine(page, 'echo after the checkpoint');
  await page.reload();
  await readyLab(page.locator('ntlab-lab'));
  await expect(lab).toHaveAttribute('data-restored-from', 'checkpoint');
  await expect(objectiveDone(page, 'list-commands')).toHaveClass(/is-done/);
  await expect.poll(() => screenText(page)).toContain('after the checkpoint');
  await expect(lab.locator('[data-lab-notice]')).toBeHidden();
  await expect.poll(() => checkpoints(page)).toEqual([122, 121]);

  await damageCheckpoints(page, false);
  await page.reload();
  await readyLab(page.locator('ntlab-lab'));
  await expect(lab).toHaveAttribute('data-restored-from', 'checkpoint');
  await expect(lab.locator('[data-lab-notice]')).toContainText('checkpoint of this lab could not be read, so the lab was rebuilt from an earlier one');
  await expect(objectiveDone(page, 'list-commands')).toHaveClass(/is-done/);
  await expect.poll(() => screenText(page)).toContain('after the checkpoint');

  await expect.poll(() => checkpoints(page)).toEqual([122, 121]);
  await damageCheckpoints(page, true);
  await page.reload();
  await readyLab(page.locator('ntlab-lab'));
  await expect(lab).toHaveAttribute('data-restored-from', 'log');
  await expect(lab.locator('[data-lab-notice]')).toContainText(
    'checkpoint of this lab could not be read, so the lab was rebuilt by replaying all of your work',
  );
  await expect(objectiveDone(page, 'list-commands')).toHaveClass(/is-done/);
  await expect.poll(() => screenText(page)).toContain('after the checkpoint');
});
