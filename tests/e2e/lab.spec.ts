/** The lab terminal in a real browser: type, meet objectives, reload, keep everything. */
import type { Page } from '@playwright/test';
import { composite, contrastRatio, lowContrastText, parseColor } from '../site/contrast.ts';
import { expect as baseExpect, originOf, recordRequests, seedStorage, test } from './helpers.ts';
import { readyLab } from './lab-ready.ts';

// A busy machine builds a lab slowly: waits get the headroom of one.
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 120_000 });

const LESSON = '/lessons/using-the-labs/';

async function openLab(page: Page) {
  await page.goto(LESSON);
  return readyLab(page.locator('ntlab-lab[data-lab="welcome"]'));
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
  // (The end of HELP's list: its start has scrolled away.)
  await expect.poll(() => screenText(page)).toContain('Displays the Windows version.');

  await typeLine(page, 'ver');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(lab.locator('[data-objective="recall-history"]')).toHaveClass(/is-done/);

  await page.reload();
  const again = await openLab(page);
  await expect(again.locator('[data-objective="list-commands"]')).toHaveClass(/is-done/);
  await expect(again.locator('[data-objective="recall-history"]')).toHaveClass(/is-done/);
  await expect(page.locator('[data-lab-progress-label]')).toHaveText('2 of 5 objectives met');
  // The terminal shows the earlier session (once on screen: xterm does not draw off-screen),
  // and history still recalls across the reload.
  await again.locator('.xterm').scrollIntoViewIfNeeded();
  await expect.poll(() => screenText(page)).toContain('Microsoft Windows [Version 6.1.7601]');
  await again.locator('.xterm').click();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await screenText(page)).split('C:\\Windows\\system32>ver').length).toBeGreaterThan(3);
});

test('a question answered in the panel teaches, and a right answer meets the objective', async ({ page }) => {
  const lab = await openLab(page);
  // The question opens once its evidence exists: the list of commands help prints.
  const closed = lab.locator('[data-objective="aids"]');
  await expect(closed.getByRole('button', { name: 'Answer' })).toBeDisabled();
  await expect(closed.locator('[data-why]')).toContainText('Still needed before this question opens');
  await lab.locator('.xterm').click();
  await typeLine(page, 'help');
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
  await expect(hint.locator('[data-hint-label]')).toHaveText('Hint (2/4)');
  // Each hint button is named after its objective, not just "Hint".
  await expect(hint).toHaveAccessibleName('Hint (2/4) for: Clear the screen');

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
  // The old screen had the banner too: wait for the old work to leave, then for the fresh banner.
  await expect.poll(() => screenText(page)).not.toContain('kept');
  await expect.poll(() => screenText(page)).toContain('Copyright (c) 2009 Microsoft Corporation.');
  // The output log starts over with the screen.
  expect((await lab.getByRole('log').allTextContents()).join('\n')).not.toContain('kept');
  await page.reload();
  const fresh = await openLab(page);
  await fresh.locator('.xterm').scrollIntoViewIfNeeded();
  await expect.poll(() => screenText(page)).toContain('Copyright (c) 2009 Microsoft Corporation.');
  expect(await screenText(page)).not.toContain('kept');
});

test('the terminal is reachable and leavable by keyboard, with its output in a log for screen readers', async ({ page }) => {
  await openLab(page);
  const textarea = page.locator('ntlab-lab .xterm-helper-textarea');
  await textarea.focus();
  await expect(textarea).toBeFocused();
  // (What the log holds and says: output-log.spec.ts.)
  await expect(page.getByRole('log', { name: 'Terminal output' })).toHaveCount(1);
  await expect(textarea).toHaveAccessibleDescription(/output is read out as it comes.*output log that follows the terminal/i);
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
  // The question answered in the terminal shows its answer in the panel too.
  await expect(lab.locator('[data-objective="aids"] input[value="b"]')).toBeChecked();
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
    // HELP with no command name sets ERRORLEVEL 1, as in cmd.exe.
    [1, 'help', 'console', 1],
  ]);
  expect(String(steps[0].output)).toContain('Microsoft Windows [Version 6.1.7601]');
  expect(activities.filter((a) => a.kind === 'objective').map((a) => [a.objective, a.index])).toEqual([['list-commands', 1]]);
  expect(activities[0]).toMatchObject({ kind: 'open', lab: 'welcome', done: 0, total: 5 });
});

test('a keyboard user is told how to leave the terminal, and leaves it forward past the lab', async ({ page }) => {
  const lab = await openLab(page);
  const textarea = lab.locator('.xterm-helper-textarea');
  // The way out is on screen, not only for screen readers, and the terminal points to it.
  const help = lab.locator('.lab-keys');
  await expect(help).toBeVisible();
  await expect(help).toHaveText(
    /completes, Shift\+PgUp scrolls back\. To leave the terminal: Esc then Tab, or Shift\+Tab\. Alt\+Enter toggles the full window/,
  );
  await expect(textarea).toHaveAttribute('aria-describedby', (await help.getAttribute('id')) ?? 'missing');

  await textarea.focus();
  // The question's controls open once help has listed the commands.
  await typeLine(page, 'help');
  await page.keyboard.press('Tab');
  await expect(textarea, 'Tab alone completes, it stays in the terminal').toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  // The terminal is the workbench's last stop (its controls come before it: workbench.spec.ts).
  expect(await page.evaluate(() => document.activeElement !== document.body && !document.activeElement?.closest('ntlab-lab'))).toBe(true);
});

test('objectives met and answers given are announced in a live region', async ({ page }) => {
  const lab = await openLab(page);
  // Landmarks: the lab is a named region, its objectives a panel named after the lab.
  await expect(lab).toHaveAttribute('role', 'region');
  await expect(lab).toHaveAccessibleName('Using the labs');
  await expect(lab.locator('aside')).toHaveAccessibleName('Objectives Using the labs');
  const live = lab.locator('[data-lab-announce]');
  await expect(live).toHaveAttribute('role', 'status');
  // Nothing is announced for the state found on load.
  await expect(live).toHaveText('');
  const progress = lab.locator('[data-lab-progress]');
  await expect(progress).toHaveAttribute('aria-valuetext', '0 of 5 objectives met');

  await lab.locator('.xterm').click();
  await typeLine(page, 'help');
  await expect(live).toHaveText('Objective met: List the commands this console offers. 1 of 5 objectives met.');
  await expect(progress).toHaveAttribute('aria-valuetext', '1 of 5 objectives met');

  // A hint appears above its button: it is read out, since focus stays on the button.
  const clear = lab.locator('[data-objective="clear-screen"]');
  await clear.locator('[data-hint]').click();
  await expect(live).toHaveText((await clear.locator('[data-hints] li').first().innerText()).trim());
  await expect(live).toHaveText(/^Nudge: /);

  const question = lab.locator('[data-objective="aids"]');
  await question.getByLabel(/c\)/).check();
  await question.getByRole('button', { name: 'Answer' }).click();
  await expect(live).toContainText('Not quite. There is no HINT command');
  // The same wrong answer again is read again: the region's text changes.
  const said = await live.evaluate((el) => el.textContent);
  await question.getByRole('button', { name: 'Answer' }).click();
  await expect.poll(() => live.evaluate((el) => el.textContent)).not.toBe(said);
  await expect(live).toContainText('Not quite. There is no HINT command');
  await question.getByLabel(/b\)/).check();
  await question.getByRole('button', { name: 'Answer' }).click();
  await expect(live).toHaveText(/^Correct\. .*Objective met: Know how to ask the lab for help\. 2 of 5 objectives met\.$/);
  // The form is done and disabled: focus stays on the feedback, not lost to the page.
  await expect(question.locator('[data-feedback]')).toBeFocused();
  // A met objective drops its hint button.
  await expect(lab.locator('[data-objective="list-commands"] [data-hint]')).toBeHidden();
});

test('the last hint keeps the keyboard focus on the hints', async ({ page }) => {
  const lab = await openLab(page);
  const objective = lab.locator('[data-objective="clear-screen"]');
  const hint = objective.locator('[data-hint]');
  await hint.focus();
  for (let i = 0; i < 4; i += 1) await page.keyboard.press('Enter');
  await expect(hint).toBeDisabled();
  await expect(objective.locator('[data-hints] li').last()).toBeFocused();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`lab text keeps 4.5:1 contrast in the ${scheme} theme, answered or not`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const lab = await openLab(page);
    await lab.locator('.xterm').click();
    await typeLine(page, 'help');
    await lab.locator('[data-objective="clear-screen"] [data-hint]').click();
    const question = lab.locator('[data-objective="aids"]');
    await question.getByLabel(/c\)/).check();
    await question.getByRole('button', { name: 'Answer' }).click();
    await lab.getByRole('button', { name: 'Show solution' }).click();
    const check = () => page.evaluate(lowContrastText, { root: 'ntlab-lab', min: 4.5, exclude: '.xterm' });
    expect(await check(), 'wrong answer shown').toEqual([]);
    await question.getByLabel(/b\)/).check();
    await question.getByRole('button', { name: 'Answer' }).click();
    await expect(question).toHaveClass(/is-done/);
    expect(await check(), 'right answer shown').toEqual([]);
    // The progress label also sits over the filled part of the bar.
    const bar = await page.evaluate(() => {
      const track = document.querySelector('ntlab-lab [data-lab-progress]');
      const fill = track?.querySelector('.lab-progress-bar');
      const label = track?.querySelector('[data-lab-progress-label]');
      let page = 'rgb(255, 255, 255)';
      for (let node = track?.parentElement ?? null; node; node = node.parentElement) {
        const colour = getComputedStyle(node).backgroundColor;
        if (colour !== 'rgba(0, 0, 0, 0)') {
          page = colour;
          break;
        }
      }
      return track && fill && label
        ? { page, track: getComputedStyle(track).backgroundColor, fill: getComputedStyle(fill).backgroundColor, text: getComputedStyle(label).color }
        : null;
    });
    expect(bar).not.toBeNull();
    const [pageBg, track, fill, text] = [bar?.page, bar?.track, bar?.fill, bar?.text].map((c) => parseColor(c ?? ''));
    expect(pageBg && track && fill && text, JSON.stringify(bar)).toBeTruthy();
    if (pageBg && track && fill && text) expect(contrastRatio(text, composite(fill, composite(track, pageBg)))).toBeGreaterThanOrEqual(4.5);
    // The terminal's own colours (xterm draws them from the theme it was given).
    const terminal = await page.evaluate(() => {
      const rows = document.querySelector('ntlab-lab .xterm-rows');
      const viewport = document.querySelector('ntlab-lab .xterm-viewport');
      return rows && viewport ? { fg: getComputedStyle(rows).color, bg: getComputedStyle(viewport).backgroundColor } : null;
    });
    expect(terminal).not.toBeNull();
    const fg = parseColor(terminal?.fg ?? '');
    const bg = parseColor(terminal?.bg ?? '');
    expect(fg && bg ? contrastRatio(fg, bg) : 0).toBeGreaterThanOrEqual(7);
  });
}

test('the terminal fits its frame at every width, keeps 80 columns where it can, and refits on resize', async ({ page }) => {
  const widths = [1440, 1280, 800, 390];
  const measure = () =>
    page.evaluate(() => {
      const lab = document.querySelector<HTMLElement>('ntlab-lab');
      const host = lab?.querySelector('[data-lab-terminal]');
      const screen = host?.querySelector('.xterm-screen');
      const rows = host?.querySelectorAll('.xterm-rows > div');
      if (!lab || !host || !screen || !rows?.length) return null;
      const box = host.getBoundingClientRect();
      const last = rows[rows.length - 1].getBoundingClientRect();
      const frame = host.closest('.lab-terminal-frame')?.getBoundingClientRect();
      const labBox = lab.getBoundingClientRect();
      const row = rows[0].getBoundingClientRect().height;
      return {
        cols: Number(lab.dataset.cols),
        // Room below the baseline: at a line height of 1.0, underscores are clipped away.
        rowsTallEnough: row >= parseFloat(getComputedStyle(rows[0]).fontSize) * 1.15,
        rowCount: rows.length,
        lastRowInside: last.bottom <= box.bottom + 0.5 && screen.getBoundingClientRect().right <= box.right + 0.5,
        frameInsideLab: !!frame && frame.left >= labBox.left && frame.right <= labBox.right + 0.5,
        pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      };
    });
  await page.setViewportSize({ width: widths[0], height: 900 });
  const lab = await openLab(page);
  await lab.locator('.xterm').scrollIntoViewIfNeeded();
  const seen: number[] = [];
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    // The ResizeObserver refits after layout; until then the old terminal size may overflow.
    await expect
      .poll(measure, { message: `at ${width}px` })
      .toMatchObject({ lastRowInside: true, frameInsideLab: true, pageOverflow: 0, rowsTallEnough: true });
    const m = await measure();
    // cmd.exe's own width fits without wrapping on a tablet and wider.
    if (width >= 800) expect(m?.cols, `columns at ${width}px`).toBeGreaterThanOrEqual(80);
    expect(m?.rowCount, `rows at ${width}px`).toBeGreaterThanOrEqual(20);
    seen.push(m?.cols ?? 0);
  }
  // Wider screens give more columns; the phone still gets a usable terminal.
  expect(seen[0]).toBeGreaterThan(seen[1]);
  expect(seen[3]).toBeGreaterThanOrEqual(36);
  // Typing after a resize still works and meets an objective.
  await lab.locator('.xterm').click();
  await typeLine(page, 'help');
  await expect(lab.locator('[data-objective="list-commands"]')).toHaveClass(/is-done/);
});

test('a printed lab is its objectives across the page: no terminal, no buttons, no placeholder answers', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const lab = await openLab(page);
  await page.emulateMedia({ media: 'print' });
  await expect(lab.locator('.xterm')).toBeHidden();
  await expect(lab.locator('.lab-keys')).toBeHidden();
  expect(await lab.locator('button').evaluateAll((buttons) => buttons.filter((b) => b.checkVisibility()).length)).toBe(0);
  const [labBox, panelBox] = await Promise.all([lab.boundingBox(), lab.locator('.lab-panel').boundingBox()]);
  expect(panelBox?.width ?? 0).toBeGreaterThan((labBox?.width ?? 0) * 0.9);
  // A lab with value questions: their example placeholders do not print.
  await page.emulateMedia({ media: 'screen' });
  await page.goto('/lessons/race-condition/');
  const input = page.locator('ntlab-lab input[type="text"][placeholder]').first();
  const placeholderColour = () => input.evaluate((el) => getComputedStyle(el, '::placeholder').color);
  expect(await placeholderColour()).not.toBe('rgba(0, 0, 0, 0)');
  await page.emulateMedia({ media: 'print' });
  expect(await placeholderColour()).toBe('rgba(0, 0, 0, 0)');
});

test('stored work that cannot be read is not lost silently: the lab says it starts fresh', async ({ page }) => {
  await seedStorage(page, { 'ntlab:lab:welcome': '{"v":1,"attempt":0,"log":[{"kind":"typed","text":"help"}]}' });
  const lab = await openLab(page);
  const notice = lab.locator('[data-lab-notice]');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(notice).toContainText('could not be restored');
  expect(await page.evaluate(() => localStorage.getItem('ntlab:lab:welcome:corrupt'))).toContain('"typed"');
  await expect(page.locator('[data-lab-progress-label]')).toHaveText('0 of 5 objectives met');
  // A readable record says nothing once the copy kept aside is discarded (until then it is offered).
  await expect(page.locator('[data-lab-notice]')).toContainText('keeps the old record aside');
  await page.locator('[data-lab-notice]').getByRole('button', { name: 'Discard it' }).click();
  await page.evaluate(() => localStorage.setItem('ntlab:lab:welcome', '{"v":1,"attempt":0,"log":[{"kind":"line","text":"help"}]}'));
  await page.reload();
  await readyLab(page.locator('ntlab-lab'));
  await expect(page.locator('[data-lab-notice]')).toBeHidden();
  await expect(page.locator('[data-lab-progress-label]')).toHaveText('1 of 5 objectives met');
});

test('the cursor blinks only for those who have not asked for reduced motion', async ({ browser, baseURL }) => {
  for (const reducedMotion of ['no-preference', 'reduce'] as const) {
    const context = await browser.newContext({ baseURL, reducedMotion });
    const requests = recordRequests(context, originOf(baseURL));
    try {
      const page = await context.newPage();
      const lab = await openLab(page);
      await lab.locator('.xterm').click();
      await expect(lab.locator('.xterm-cursor')).toHaveCount(1);
      await expect(lab.locator('.xterm-cursor-blink')).toHaveCount(reducedMotion === 'reduce' ? 0 : 1);
      expect(requests.foreign()).toEqual([]);
    } finally {
      await context.close();
    }
  }
});

test("the terminal's text follows the reader's own text size", async ({ page }) => {
  const fontSize = () => page.locator('ntlab-lab .xterm-rows').evaluate((rows) => parseFloat(getComputedStyle(rows).fontSize));
  // Wide enough that the terminal is not narrowed to keep its 80 columns, at either size.
  await page.setViewportSize({ width: 1920, height: 900 });
  await openLab(page);
  expect(await fontSize()).toBe(14);
  // A reader who set 20px as the browser's text size gets a bigger terminal too.
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => document.documentElement.style.setProperty('font-size', '20px'));
  });
  await page.reload();
  await readyLab(page.locator('ntlab-lab'));
  expect(await fontSize()).toBe(18);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`a value question's placeholder keeps 4.5:1 in the ${scheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/lessons/race-condition/');
    await readyLab(page.locator('ntlab-lab').first());
    const inputs = page.locator('ntlab-lab input[type="text"][placeholder]');
    expect(await inputs.count()).toBeGreaterThan(0);
    for (const input of await inputs.all()) {
      const colours = await input.evaluate((el) => ({
        text: getComputedStyle(el, '::placeholder').color,
        field: getComputedStyle(el).backgroundColor,
        page: getComputedStyle(document.body).backgroundColor,
      }));
      const [text, field, pageBg] = [colours.text, colours.field, colours.page].map(parseColor);
      expect(text && field && pageBg, JSON.stringify(colours)).toBeTruthy();
      if (text && field && pageBg) {
        const under = composite(field, pageBg);
        expect(contrastRatio(composite(text, under), under), JSON.stringify(colours)).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
}

test('Finish shows the debrief in the student’s own commands, and it prints', async ({ page }) => {
  const lab = await openLab(page);
  const debrief = lab.locator('[data-debrief]');
  await expect(debrief).toBeHidden();
  await lab.locator('.xterm').click();
  await typeLine(page, 'help');
  await lab.getByRole('button', { name: 'Finish' }).click();
  await expect(debrief).toBeVisible();
  await expect(debrief).toBeFocused();
  await expect(debrief).toContainText('1 of 5 objectives met, with 0 hints.');
  await expect(debrief.locator('li').filter({ hasText: 'Done: List the commands this console offers' }).locator('code')).toHaveText('help');
  await expect(debrief).toContainText('Not done: Clear the screen');
  await expect(debrief).toContainText('On a real machine:');
  await page.emulateMedia({ media: 'print' });
  await expect(debrief).toBeVisible();
});
