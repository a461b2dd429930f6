/**
 * A lab made ready the way a student makes it: its prompt is painted on load; on a first visit
 * the engine comes when the student first reaches for the lab (here: a pointer press on it,
 * which moves no focus and scrolls nothing). Labs with stored work load the engine at once.
 */
import type { Locator, Page } from '@playwright/test';
import { expect } from './helpers.ts';

export async function readyLab(lab: Locator, timeout = 60_000): Promise<Locator> {
  await expect(lab).toHaveAttribute('data-prompt', 'ready', { timeout });
  if ((await lab.getAttribute('data-ready')) !== 'true') await lab.dispatchEvent('pointerdown');
  await expect(lab).toHaveAttribute('data-ready', 'true', { timeout });
  return lab;
}

/** Go to `lesson` and make its lab `id` ready. */
export async function openLabAt(page: Page, lesson: string, id: string): Promise<Locator> {
  await page.goto(lesson);
  return readyLab(page.locator(`ntlab-lab[data-lab="${id}"]`));
}
