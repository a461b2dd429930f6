/**
 * Lesson 04's lab in a real browser, the way a student starts it from the lesson: load the
 * drivers, read plan.txt through both views, then take a wrong turn on the delete-pending
 * objective (a typo, and a first handle that does not share delete) before doing it right.
 * The handle numbers are the ones the lesson and the hints promise: 0x4, 0x8, ...
 */
import type { Locator, Page } from '@playwright/test';
import { expect as baseExpect, test } from './helpers.ts';
import { readyLab } from './lab-ready.ts';

const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 90_000 });

async function typeLine(page: Page, text: string) {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

const screen = (lab: Locator) => lab.locator('.xterm-rows');

test('a student loads the stack, reads both views and makes a file delete-pending after a wrong turn', async ({ page }) => {
  await page.goto('/lessons/isolation-filters/');
  const lab = await readyLab(page.locator('ntlab-lab[data-lab="isolation-filter"]'));

  // The first hint of the delete-pending objective, the way a student asks for it.
  const pending = lab.locator('[data-objective="delete-pending"]');
  await pending.locator('[data-hint]').click();
  await expect(pending.locator('[data-hints] li')).toHaveCount(1);

  await lab.locator('.xterm').click();
  for (const line of ['sc start IsoFull', 'fltmc load IsoFilter', 'fltmc instances']) await typeLine(page, line);
  await expect(lab.locator('[data-objective="stack"]')).toHaveClass(/is-done/);

  await typeLine(page, 'filetest open plan.txt /as:IsoView.exe');
  await expect(screen(lab)).toContainText('handle 0x4 (0x44 in IsoView.exe');
  await typeLine(page, 'filetest read 0x4');
  await expect(screen(lab)).toContainText('Quarterly plan: ship the isolation filter');
  await typeLine(page, 'filetest open plan.txt');
  await expect(screen(lab)).toContainText('handle 0x8 (0x44 in FileTest.exe');
  await typeLine(page, 'filetest read 0x8');
  await expect(lab.locator('[data-objective="two-views"]')).toHaveClass(/is-done/);

  // Wrong turns: a misspelt command, then a first open that does not share delete.
  await typeLine(page, 'filetest opne budget.txt');
  await expect(screen(lab)).toContainText("filetest: unknown command 'opne'.");
  await typeLine(page, 'filetest open budget.txt');
  await expect(screen(lab)).toContainText('handle 0xc');
  await typeLine(page, 'filetest open budget.txt /access:d /share:rwd /deleteonclose');
  await expect(screen(lab)).toContainText('STATUS_SHARING_VIOLATION (0xC0000043) [FILE_OPEN]');
  await expect(pending).not.toHaveClass(/is-done/);

  // Close the handle that refused it, and do it as the hints say: 0xc again, then 0x10.
  for (const line of [
    'filetest close 0xc',
    'filetest open budget.txt /share:rwd',
    'filetest open budget.txt /access:d /share:rwd /deleteonclose',
    'filetest close 0x10',
    'filetest open budget.txt',
  ])
    await typeLine(page, line);
  await expect(screen(lab)).toContainText('STATUS_DELETE_PENDING (0xC0000056)');
  await expect(pending).toHaveClass(/is-done/);
});
