/**
 * axe-core (from node_modules, injected from disk: nothing is fetched) on every page, in the
 * light and the dark theme, with each lab open, and the workbench in its other states (full
 * window, the narrow bar opened). Zero violations; an exception would be named and justified in
 * EXCEPTIONS in axe-check.ts.
 */
import type { Page } from '@playwright/test';
import { expect as baseExpect, readOutline, test } from './helpers.ts';
import { violations } from './axe-check.ts';
import { readyLab } from './lab-ready.ts';

// A busy machine builds a lab slowly: waits get the headroom of one.
const expect = baseExpect.configure({ timeout: 20_000 });

test.describe.configure({ timeout: 300_000 });

async function pages(page: Page): Promise<string[]> {
  const outline = await readOutline(page);
  return ['/', '/search/', '/no-such-page/', ...outline.map((lesson) => lesson.href)];
}

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no violations on any page in the ${scheme} theme, labs open`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of await pages(page)) {
      await page.goto(path);
      const labs = page.locator('ntlab-lab');
      for (const lab of await labs.all()) await readyLab(lab);
      if ((await labs.count()) > 0) {
        // A lab in use: a hint shown and a line run.
        const lab = labs.first();
        await lab.locator('[data-hint]').first().click();
        await lab.locator('.xterm').first().click();
        await page.keyboard.type('ver');
        await page.keyboard.press('Enter');
      }
      expect(await violations(page), `${path} (${scheme})`).toEqual([]);
    }
  });
}

test('axe finds no violations in the full window, nor in the narrow bar opened, in either theme', async ({ page }) => {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/lessons/race-condition/');
    const lab = page.locator('ntlab-lab').first();
    await readyLab(lab);
    await lab.locator('[data-full-toggle]').click();
    await expect(lab).toHaveAttribute('data-full', '');
    expect(await violations(page), `full window (${scheme})`).toEqual([]);
    await lab.locator('[data-full-toggle]').click();
    await page.setViewportSize({ width: 390, height: 844 });
    await lab.locator('[data-lab-bar]').click();
    await expect(lab.locator('.lab-panel')).toBeVisible();
    expect(await violations(page), `narrow bar open (${scheme})`).toEqual([]);
  }
});
