/**
 * The lab workbench: objectives beside the terminal on a wide screen (with a splitter), a bar
 * above it on a narrow one, the full window, and what a student sees around them. Screenshots
 * go to $NTLAB_SHOTS (default /tmp/ntlab-shots) for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect as baseExpect, readOutline, test } from './helpers.ts';
import { readyLab } from './lab-ready.ts';

// A busy machine builds a lab slowly: waits get the headroom of one.
const expect = baseExpect.configure({ timeout: 20_000 });

const WELCOME = '/lessons/using-the-labs/';
const RACE = '/lessons/race-condition/';
const SHOTS = process.env.NTLAB_SHOTS ?? '/tmp/ntlab-shots';
const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

test.describe.configure({ timeout: 180_000 });

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

async function openLab(page: Page, path = WELCOME, id = 'welcome'): Promise<Locator> {
  await page.goto(path);
  const lab = await readyLab(page.locator(`ntlab-lab[data-lab="${id}"]`));
  await lab.scrollIntoViewIfNeeded();
  return lab;
}

async function typeLine(page: Page, text: string) {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

const box = async (locator: Locator) => {
  const b = await locator.boundingBox();
  if (!b) throw new Error('no box');
  return b;
};

const focusedIn = (lab: Locator) => lab.evaluate((el) => el.contains(document.activeElement) && document.activeElement?.className === 'xterm-helper-textarea');

test('wide: the objectives sit beside an 80-column terminal, the current one marked; the splitter resizes them by keyboard', async ({ page }) => {
  await page.setViewportSize(WIDE);
  const lab = await openLab(page);
  const panel = lab.locator('.lab-panel');
  const frame = lab.locator('.lab-terminal-frame');
  const [p, f] = [await box(panel), await box(frame)];
  expect(p.x + p.width, 'objectives left of the terminal').toBeLessThanOrEqual(f.x);
  expect(Math.abs(p.y - f.y), 'side by side, top-aligned').toBeLessThan(60);
  expect(p.height, 'no taller than the terminal and its key help').toBeLessThanOrEqual((await box(lab.locator('.lab-panes'))).height + 1);
  await expect(lab.locator('[data-lab-bar]')).toBeHidden();
  expect(Number(await lab.getAttribute('data-cols'))).toBeGreaterThanOrEqual(80);
  await expect(lab.locator('.lab-objective.is-current')).toHaveAttribute('data-objective', 'list-commands');
  await expect(lab.locator('[aria-current="step"]')).toHaveCount(1);
  await shot(page, 'workbench-1280');

  const splitter = lab.getByRole('separator', { name: 'Width of the objectives' });
  await splitter.focus();
  const before = Number(await splitter.getAttribute('aria-valuenow'));
  const cols = Number(await lab.getAttribute('data-cols'));
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowRight');
  await expect(splitter).toHaveAttribute('aria-valuenow', String(before + 3));
  await expect.poll(async () => (await box(panel)).width).toBeGreaterThan(p.width + 40);
  await expect.poll(async () => Number(await lab.getAttribute('data-cols'))).toBeLessThan(cols);
  await page.keyboard.press('Home');
  await expect(splitter).toHaveAttribute('aria-valuenow', '12');
  await expect.poll(async () => Number(await lab.getAttribute('data-cols'))).toBeGreaterThan(cols);
  // The width is the student's own: it stays after a reload.
  await page.reload();
  await readyLab(page.locator('ntlab-lab'));
  await expect(page.getByRole('separator')).toHaveAttribute('aria-valuenow', '12');
});

test('a first visit paints the prompt without the engine; keys typed at once run when it comes', async ({ page, requests }) => {
  await page.setViewportSize(WIDE);
  await page.goto(WELCOME);
  const lab = page.locator('ntlab-lab[data-lab="welcome"]');
  await expect(lab).toHaveAttribute('data-prompt', 'ready');
  // Scrolled to (xterm draws only on screen), not touched: the prompt is there.
  await lab.locator('.xterm').scrollIntoViewIfNeeded();
  await expect.poll(() => lab.locator('.xterm-rows').innerText()).toContain('C:\\Windows\\system32>');
  await page.waitForLoadState('networkidle');
  const engine = () => requests.urls.filter((url) => /\/_astro\/engine\.[^/]*\.js$/.test(url));
  // Read, not used: the page has fetched the terminal only.
  expect(engine()).toEqual([]);
  expect(await lab.getAttribute('data-ready')).toBeNull();
  // Typed straight away, before the engine is in: nothing is lost, the line runs.
  await lab.locator('.xterm').click();
  await typeLine(page, 'help');
  await expect(lab).toHaveAttribute('data-ready', 'true');
  await expect(lab.locator('[data-objective="list-commands"]')).toHaveClass(/is-done/);
  await expect.poll(() => lab.locator('.xterm-rows').innerText()).toContain('Displays the Windows version.');
  expect(engine()).toHaveLength(1);
});

test('an objective met is marked and announced while the focus stays in the terminal', async ({ page }) => {
  await page.setViewportSize(WIDE);
  const lab = await openLab(page);
  await lab.locator('.xterm').click();
  await typeLine(page, 'help');
  const item = lab.locator('[data-objective="list-commands"]');
  await expect(item).toHaveClass(/is-done/);
  await expect(item).toHaveClass(/just-met/);
  await expect(lab.locator('[data-lab-announce]')).toHaveText('Objective met: List the commands this console offers. 1 of 5 objectives met.');
  // The live region sits outside the objectives, so it is heard even when they are folded away.
  expect(await lab.locator('[data-lab-announce]').evaluate((el) => el.closest('.lab-panel'))).toBeNull();
  expect(await focusedIn(lab)).toBe(true);
  await expect(lab.locator('.lab-objective.is-current')).toHaveAttribute('data-objective', 'command-help');
});

test('full window: a button or Alt+Enter; Escape on an empty line gives the lesson back; the page behind is out of reach', async ({ page }) => {
  await page.setViewportSize(WIDE);
  const lab = await openLab(page);
  const button = lab.locator('[data-full-toggle]');
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await expect(button).toHaveAttribute('aria-keyshortcuts', 'Alt+Enter');
  await button.click();
  await expect(lab).toHaveAttribute('data-full', '');
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect(button).toHaveText(/Back to the lesson/);
  const b = await box(lab);
  expect([b.x, b.y, b.width, b.height]).toEqual([0, 0, WIDE.width, WIDE.height]);
  // Straight to the prompt, with more columns than in the lesson.
  expect(await focusedIn(lab)).toBe(true);
  expect(Number(await lab.getAttribute('data-cols'))).toBeGreaterThan(100);
  expect(await page.locator('.sidebar').evaluate((el) => el.closest('[inert]') !== null)).toBe(true);
  expect(await lab.evaluate((el) => el.closest('[inert]') === null)).toBe(true);
  // The page behind does not scroll while the lab covers it.
  const rootOverflow = () => page.evaluate(() => getComputedStyle(document.documentElement).overflowY);
  expect(await rootOverflow()).toBe('hidden');
  await page.keyboard.type('ver');
  await shot(page, 'full-window-1280');
  // Escape on a line erases the line (as in cmd.exe) and stays; on an empty line it leaves.
  await page.keyboard.press('Escape');
  await expect(lab).toHaveAttribute('data-full', '');
  await page.keyboard.press('Escape');
  await expect(lab).not.toHaveAttribute('data-full');
  expect(await rootOverflow()).not.toBe('hidden');
  expect(await page.locator('.sidebar').evaluate((el) => el.closest('[inert]') !== null)).toBe(false);
  expect(await focusedIn(lab)).toBe(true);
  // Alt+Enter from the terminal, and from the objectives.
  await page.keyboard.press('Alt+Enter');
  await expect(lab).toHaveAttribute('data-full', '');
  await page.keyboard.press('Alt+Enter');
  await expect(lab).not.toHaveAttribute('data-full');
  await lab.locator('[data-hint]').first().focus();
  await page.keyboard.press('Alt+Enter');
  await expect(lab).toHaveAttribute('data-full', '');
  await lab.locator('[data-hint]').first().focus();
  await page.keyboard.press('Escape');
  await expect(lab).not.toHaveAttribute('data-full');
});

test('narrow: the objectives fold into a bar with the progress and the current objective', async ({ page }) => {
  await page.setViewportSize(PHONE);
  const lab = await openLab(page);
  const bar = lab.locator('[data-lab-bar]');
  const panel = lab.locator('.lab-panel');
  await expect(bar).toBeVisible();
  await expect(panel).toBeHidden();
  await expect(bar).toHaveAttribute('aria-expanded', 'false');
  await expect(bar.locator('[data-bar-count]')).toHaveText('0/5');
  await expect(bar).toContainText('Now: List the commands this console offers');
  const [barBox, frameBox] = [await box(bar), await box(lab.locator('.lab-terminal-frame'))];
  expect(barBox.y + barBox.height, 'the bar is above the terminal').toBeLessThanOrEqual(frameBox.y);
  await lab.locator('.xterm').click();
  await typeLine(page, 'help');
  await expect(bar.locator('[data-bar-count]')).toHaveText('1/5');
  await expect(bar).toContainText('Now: Get the usage of one command');
  await expect(lab.locator('[data-lab-announce]')).toContainText('Objective met: List the commands this console offers.');
  expect(await focusedIn(lab)).toBe(true);
  await shot(page, 'narrow-bar-390');
  await bar.click();
  await expect(panel).toBeVisible();
  await expect(bar).toHaveAttribute('aria-expanded', 'true');
  expect((await box(panel)).y).toBeLessThan((await box(lab.locator('.lab-terminal-frame'))).y);
  await shot(page, 'narrow-bar-open-390');
  await bar.click();
  await expect(panel).toBeHidden();
  // The full window on a phone: the bar stays, the terminal takes the rest.
  await lab.locator('[data-full-toggle]').click();
  await expect(lab).toHaveAttribute('data-full', '');
  await expect(bar).toBeVisible();
  const frame = await box(lab.locator('.lab-terminal-frame'));
  expect(frame.y + frame.height).toBeLessThanOrEqual(PHONE.height);
  expect(frame.height).toBeGreaterThan(PHONE.height / 2);
  await shot(page, 'full-window-390');
});

test('every workbench control is reachable by keyboard, and the terminal is entered and left', async ({ page }) => {
  await page.setViewportSize(WIDE);
  const lab = await openLab(page);
  const name = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (!el?.closest('ntlab-lab')) return null;
      if (el.classList.contains('xterm-helper-textarea')) return 'terminal';
      const label = el.getAttribute('aria-label') ?? (el instanceof HTMLInputElement ? (el.closest('label')?.textContent ?? '') : (el.textContent ?? ''));
      return `${el.getAttribute('role') ?? el.tagName.toLowerCase()}:${label.replace(/\s+/g, ' ').trim()}`;
    });
  await lab.locator('[data-font-step="-1"]').focus();
  const reached: string[] = [];
  for (let i = 0; i < 40; i += 1) {
    const current = await name();
    if (current === null || reached.includes(current)) break;
    reached.push(current);
    await page.keyboard.press('Tab');
  }
  expect(reached.slice(0, 3)).toEqual(['button:A−Smaller terminal text', 'button:A+Larger terminal text', 'button:Full window Alt+Enter']);
  expect(reached.filter((n) => n.startsWith('button:Hint'))).toHaveLength(5);
  // The lab's question opens only once its evidence exists (a fresh lab has none), so its inputs are not in the order yet.
  expect(reached).toContain('button:Reset lab');
  expect(reached).toContain('button:Show solution');
  expect(reached.slice(-2)).toEqual(['separator:Width of the objectives', 'terminal']);
  // In the terminal, Tab completes; Escape then Tab leaves forward, Shift+Tab backward.
  await page.keyboard.press('Tab');
  expect(await name()).toBe('terminal');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  expect(await name()).not.toBe('terminal');
  await lab.locator('.xterm-helper-textarea').focus();
  await page.keyboard.press('Shift+Tab');
  expect(await name()).toBe('separator:Width of the objectives');
});

test("after a resize to 300px and back, the race lab's terminal still follows the prompt", async ({ page }) => {
  await page.setViewportSize(WIDE);
  const lab = await openLab(page, RACE, 'race-0x3b');
  await lab.locator('.xterm').click();
  await typeLine(page, '!analyze -v');
  await expect.poll(() => lab.locator('.xterm-rows').innerText()).toContain('FOLLOWUP_IP');
  await page.setViewportSize({ width: 300, height: 800 });
  await expect.poll(async () => Number(await lab.getAttribute('data-cols'))).toBeLessThan(40);
  await page.setViewportSize(WIDE);
  await expect.poll(async () => Number(await lab.getAttribute('data-cols'))).toBeGreaterThanOrEqual(80);
  await lab.locator('.xterm').click();
  for (const line of ['r', 'k', 'lm']) {
    await typeLine(page, line);
    // The last row on screen is the fresh prompt: the view followed the output.
    await expect
      .poll(async () => {
        const rows = (await lab.locator('.xterm-rows').innerText()).split('\n').filter((row) => row.trim());
        return rows.at(-1)?.trim();
      })
      .toMatch(/kd>$/);
  }
});

test('wide debugger figures are not hidden behind a sideways scroll at 1920px', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const outline = await readOutline(page);
  let figures = 0;
  for (const lesson of outline) {
    await page.goto(lesson.href);
    for (const pre of await page.locator('figure.lab-figure pre').all()) {
      figures += 1;
      const { scroll, client } = await pre.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(scroll, `a figure on ${lesson.href}: ${(await pre.innerText()).slice(0, 60)}`).toBeLessThanOrEqual(client + 1);
    }
  }
  expect(figures).toBeGreaterThan(0);
});

test("on a phone, the student's smaller terminal text gives a register dump its columns, and is kept", async ({ page }) => {
  await page.setViewportSize(PHONE);
  const lab = await openLab(page, RACE, 'race-0x3b');
  const cols = async () => Number(await lab.getAttribute('data-cols'));
  const start = await cols();
  expect(start).toBeLessThan(62);
  const smaller = lab.getByRole('button', { name: 'Smaller terminal text' });
  for (let i = 0; i < 6 && (await cols()) < 62; i += 1) {
    await smaller.click();
    await expect.poll(cols).toBeGreaterThan(start);
  }
  // "rax=fffff88005f45960 rbx=... rcx=..." is 62 characters: one register line on one row.
  expect(await cols()).toBeGreaterThanOrEqual(62);
  await lab.locator('.xterm').click();
  await typeLine(page, 'r');
  await expect.poll(() => lab.locator('.xterm-rows').innerText()).toMatch(/rax=[0-9a-f]{16} rbx=[0-9a-f]{16} rcx=[0-9a-f]{16}/);
  await shot(page, 'phone-small-text-390');
  const chosen = await cols();
  await page.reload();
  await readyLab(page.locator('ntlab-lab'));
  await expect.poll(async () => Number(await page.locator('ntlab-lab').getAttribute('data-cols'))).toBe(chosen);
});

test('printed without background graphics, met and unmet objectives differ; the marks are not radio buttons', async ({ page }) => {
  await page.setViewportSize(WIDE);
  const lab = await openLab(page);
  await lab.locator('.xterm').click();
  await typeLine(page, 'help');
  await expect(lab.locator('[data-objective="list-commands"]')).toHaveClass(/is-done/);
  const mark = (id: string) =>
    lab.locator(`[data-objective="${id}"]`).evaluate((item) => {
      const tick = item.querySelector('.lab-tick');
      const number = item.querySelector('.lab-tick-n');
      const state = item.querySelector('.lab-state');
      if (!tick || !number || !state) return null;
      const style = getComputedStyle(tick);
      return {
        glyph: getComputedStyle(tick, '::before').content,
        number: number.checkVisibility() ? number.textContent : null,
        words: state.checkVisibility() ? state.textContent?.replace(/\s+/g, ' ').trim() : null,
        round: parseFloat(style.borderTopLeftRadius) >= parseFloat(style.width) / 2 - 1,
      };
    });
  for (const media of ['screen', 'print'] as const) {
    await page.emulateMedia({ media });
    const [met, unmet] = [await mark('list-commands'), await mark('command-help')];
    expect(met?.round || unmet?.round, `${media}: a tick is not a circle`).toBe(false);
    expect(met?.glyph).toBe('"✓"');
    expect(met?.number).toBeNull();
    expect(unmet?.glyph).toBe('none');
    expect(unmet?.number).toBe('2');
    if (media === 'print') {
      // Printed, each objective also says its state in words.
      expect(met?.words).toBe('(done)');
      expect(unmet?.words).toBe('(not yet)');
    }
  }
});
