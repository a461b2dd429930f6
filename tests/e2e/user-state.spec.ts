/** The user-state lab in a real browser: the XP machine answers, runs on g, and grades by state. */
import type { Page } from '@playwright/test';
import { expect as baseExpect, test } from './helpers.ts';
import { readyLab } from './lab-ready.ts';

const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 120_000 });

async function typeLine(page: Page, text: string) {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

test('a student switches into Notepad the live way, reloads the user list and meets the objective', async ({ page }) => {
  await page.goto('/lessons/user-mode-state/');
  const lab = await readyLab(page.locator('ntlab-lab[data-lab="user-state"]'));
  const modules = lab.locator('[data-objective="notepad-modules"]');
  await expect(modules).not.toHaveClass(/is-done/);
  await lab.locator('.xterm').click();
  await typeLine(page, '.process /i 863c22f0');
  await typeLine(page, 'g');
  await expect.poll(() => page.locator('ntlab-lab .xterm-rows').innerText()).toContain('8052b5dc int     3');
  await typeLine(page, 'lmu');
  // The stale (empty) list does not count, and the reason beside the objective says why.
  await expect(modules).not.toHaveClass(/is-done/);
  await expect(modules).toContainText('.reload /user reads the one of the process in context');
  await typeLine(page, '.reload /user');
  await typeLine(page, 'lmu');
  await expect(modules).toHaveClass(/is-done/);
  await expect.poll(() => page.locator('ntlab-lab .xterm-rows').innerText()).toContain('5cb70000 5cb96000   ShimEng');
});
