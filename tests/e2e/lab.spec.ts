/** The lab terminal in a real browser: type, meet objectives, reload, keep everything. */
import type { Page } from '@playwright/test';
import { expect, test } from './helpers.ts';

const LESSON = '/lessons/using-the-labs/';

async function openLab(page: Page) {
  await page.goto(LESSON);
  const lab = page.locator('ntlab-lab[data-lab="welcome"]');
  await expect(lab).toHaveAttribute('data-ready', 'true');
  return lab;
}

/** Visible terminal text (xterm's DOM rows; the accessibility tree mirrors them). */
async function screenText(page: Page): Promise<string> {
  return page.locator('ntlab-lab .xterm-rows').innerText();
}

async function typeLine(page: Page, text: string) {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

test('from the home page to a lab: typing meets objectives, and a reload keeps them', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Using the labs' }).first().click();
  await expect(page).toHaveURL(new RegExp(LESSON));
  const lab = await openLab(page);
  const listObjective = lab.locator('[data-objective="list-commands"]');
  await expect(listObjective).not.toHaveClass(/is-done/);

  await lab.locator('.xterm').click();
  await typeLine(page, 'help');
  await expect(listObjective).toHaveClass(/is-done/);
  await expect(page.locator('[data-lab-progress-label]')).toHaveText('1 of 5 objectives met');
  await expect.poll(() => screenText(page)).toContain('Provides Help information');

  await typeLine(page, 'ver');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(lab.locator('[data-objective="recall-history"]')).toHaveClass(/is-done/);

  await page.reload();
  const again = await openLab(page);
  await expect(again.locator('[data-objective="list-commands"]')).toHaveClass(/is-done/);
  await expect(again.locator('[data-objective="recall-history"]')).toHaveClass(/is-done/);
  await expect(page.locator('[data-lab-progress-label]')).toHaveText('2 of 5 objectives met');
  // The terminal shows the earlier session, and history still recalls across the reload.
  await expect.poll(() => screenText(page)).toContain('Microsoft Windows [Version 6.1.7601]');
  await again.locator('.xterm').click();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await screenText(page)).split('C:\\Windows\\system32>ver').length).toBeGreaterThan(3);
});

test('a question answered in the panel teaches, and a right answer meets the objective', async ({ page }) => {
  const lab = await openLab(page);
  const question = lab.locator('[data-objective="aids"]');
  await question.getByLabel(/c\)/).check();
  await question.getByRole('button', { name: 'Answer' }).click();
  await expect(question.locator('[data-feedback]')).toContainText('Not quite. There is no HINT command');
  await question.getByLabel(/b\)/).check();
  await question.getByRole('button', { name: 'Answer' }).click();
  await expect(question).toHaveClass(/is-done/);
  await expect(question.locator('[data-feedback]')).toContainText('Correct.');
});

test('hints climb the ladder and are kept; Show solution opens beside the work; Reset starts over', async ({ page }) => {
  const lab = await openLab(page);
  const objective = lab.locator('[data-objective="clear-screen"]');
  const hint = objective.locator('[data-hint]');
  await hint.click();
  await hint.click();
  await expect(objective.locator('[data-hints] li')).toHaveCount(2);
  await expect(hint).toHaveText('Hint (2/3)');

  await lab.locator('.xterm').click();
  await typeLine(page, 'echo kept');
  await lab.getByRole('button', { name: 'Show solution' }).click();
  await expect(lab.locator('[data-solution]')).toBeVisible();
  await expect(lab.locator('[data-solution]')).toContainText('lab answer aids b');
  await expect.poll(() => screenText(page)).toContain('kept');

  await page.reload();
  await expect((await openLab(page)).locator('[data-objective="clear-screen"] [data-hints] li')).toHaveCount(2);

  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Reset lab' }).click();
  await expect(page.locator('[data-objective="clear-screen"] [data-hints] li')).toHaveCount(0);
  // Wait for the fresh banner to be drawn before asserting the old work is gone.
  await expect.poll(() => screenText(page)).toContain('Copyright (c) 2009 Microsoft Corporation.');
  expect(await screenText(page)).not.toContain('kept');
  await page.reload();
  const fresh = await openLab(page);
  await fresh.locator('.xterm').scrollIntoViewIfNeeded();
  await expect.poll(() => screenText(page)).toContain('Copyright (c) 2009 Microsoft Corporation.');
  expect(await screenText(page)).not.toContain('kept');
});

test('the terminal is reachable and leavable by keyboard, with a screen-reader mode', async ({ page }) => {
  await openLab(page);
  const textarea = page.locator('ntlab-lab .xterm-helper-textarea');
  await textarea.focus();
  await expect(textarea).toBeFocused();
  await expect(page.locator('ntlab-lab .xterm-accessibility')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(textarea).not.toBeFocused();
  await textarea.focus();
  await page.keyboard.press('Shift+Tab');
  await expect(textarea).not.toBeFocused();
});

test('completion ticks follow the lab onto other pages', async ({ page }) => {
  const lab = await openLab(page);
  await lab.locator('.xterm').click();
  for (const line of ['help', 'help ver', 'ver']) await typeLine(page, line);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await typeLine(page, 'cls');
  await typeLine(page, 'lab answer aids b');
  await expect(page.locator('[data-lab-progress-label]')).toHaveText('5 of 5 objectives met');
  const progress = await page.evaluate(() => JSON.parse(localStorage.getItem('ntlab:progress') ?? '{}'));
  expect(progress.labs.welcome).toEqual({ done: 5, total: 5 });
});

test('each typed line goes out as one activity with its own input and output', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { activities: unknown[] };
    w.activities = [];
    window.addEventListener('ntlab:activity', (e) => w.activities.push((e as CustomEvent).detail));
  });
  const lab = await openLab(page);
  await lab.locator('.xterm').click();
  await typeLine(page, 'ver');
  await typeLine(page, 'help');
  await expect(lab.locator('[data-objective="list-commands"]')).toHaveClass(/is-done/);
  const activities = (await page.evaluate(() => (window as unknown as { activities: Record<string, unknown>[] }).activities)) as Record<string, unknown>[];
  const steps = activities.filter((a) => a.kind === 'step');
  expect(steps.map((s) => [s.index, s.input, s.program, s.status])).toEqual([
    [0, 'ver', 'console', 0],
    [1, 'help', 'console', 0],
  ]);
  expect(String(steps[0].output)).toContain('Microsoft Windows [Version 6.1.7601]');
  expect(activities.filter((a) => a.kind === 'objective').map((a) => [a.objective, a.index])).toEqual([['list-commands', 1]]);
  expect(activities[0]).toMatchObject({ kind: 'open', lab: 'welcome', done: 0, total: 5 });
});
