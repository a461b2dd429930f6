/**
 * Lesson 04's lab in a real browser, the way a student does its last objectives: the network
 * share refusing a second opener, two instances of the filter with the suffix and the ECP
 * builds (and the question about them, answered in the panel), and teardown with a lock
 * request in flight.
 */
import type { Page } from '@playwright/test';
import { expect as baseExpect, test } from './helpers.ts';
import { readyLab } from './lab-ready.ts';

const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 240_000 });

const PARAMS = 'reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\IsoFilter\\Parameters';

async function typeLine(page: Page, text: string) {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

test('the network share, two instances of the filter and a teardown in flight meet their objectives', async ({ page }) => {
  await page.goto('/lessons/isolation-filters/');
  const lab = await readyLab(page.locator('ntlab-lab[data-lab="isolation-filter"]'));
  await lab.locator('.xterm').click();
  for (const line of [
    'sc start IsoFull',
    'fltmc load IsoFilter',
    'net use',
    'filetest open Z:\\Vault\\report.txt /as:IsoView.exe',
    'filetest open Z:\\Vault\\report.txt',
  ])
    await typeLine(page, line);
  await expect(lab.locator('[data-objective="network-share"]')).toHaveClass(/is-done/);

  const coexist = lab.locator('[data-objective="coexist"]');
  for (const line of [
    'filetest close all',
    `${PARAMS} /v ReentryMark /t REG_SZ /d Suffix /f`,
    'fltmc attach IsoFilter C: -i Second -a 145100',
    'filetest open plan.txt /as:IsoView.exe',
    'filetest read 0x4',
    'filetest close 0x4',
  ])
    await typeLine(page, line);
  await expect(coexist).not.toHaveClass(/is-done/);
  for (const line of [`${PARAMS} /v ReentryMark /t REG_SZ /d Ecp /f`, 'filetest open plan.txt /as:IsoView.exe', 'filetest read 0x4', 'filetest close 0x4'])
    await typeLine(page, line);
  await expect(coexist).toHaveClass(/is-done/);

  const question = lab.locator('[data-objective="coexist-why"]');
  await question.getByLabel(/c\)/).check();
  await question.getByRole('button', { name: 'Answer' }).click();
  await expect(question.locator('[data-feedback]')).toContainText('Ntfs never saw the suffix');
  await question.getByLabel(/a\)/).check();
  await question.getByRole('button', { name: 'Answer' }).click();
  await expect(question).toHaveClass(/is-done/);

  await lab.locator('.xterm').click();
  for (const line of [
    'filetest open plan.txt /as:IsoView.exe',
    'filetest lock 0x4 0 10',
    'filetest open plan.txt /as:IsoView.exe',
    'filetest lock 0x8 0 10 /wait',
    'fltmc detach IsoFilter C: "IsoFilter Instance"',
  ])
    await typeLine(page, line);
  await expect(lab.locator('[data-objective="teardown"]')).toHaveClass(/is-done/);
});
