/**
 * The host debugger lab (driver-loading) in two terminals: the lab machine's console and the host
 * computer's kd, side by side on a wide workbench and under tabs on a narrow one. Each terminal
 * takes input for its own pane; the one typed in is the session's focused pane (logged, so a
 * reload comes back to it); a breakpoint hit during a console command shows in kd while the
 * console stops answering, and `g` lets the command finish. Screenshots go to $NTLAB_SHOTS.
 */
import type { Locator, Page } from '@playwright/test';
import { violations } from './axe-check.ts';
import { expect as baseExpect, shot, test, typeLine } from './helpers.ts';
import { readyLab } from './lab-ready.ts';

// A busy machine builds a lab slowly: waits get the headroom of one.
const expect = baseExpect.configure({ timeout: 20_000 });

const LESSON = '/lessons/software-drivers/';
/** SwPnp's power handling: KMDF hands it power IRPs through this WDM preprocess callback. */
const POWER_ROUTINE = 'swpnp!SwPnpEvtWdmPreprocessIrp';

test.describe.configure({ timeout: 180_000 });

async function open(page: Page): Promise<Locator> {
  await page.goto(LESSON);
  const lab = await readyLab(page.locator('ntlab-lab[data-lab="driver-loading"]'));
  await lab.scrollIntoViewIfNeeded();
  return lab;
}

const pane = (lab: Locator, id: 'console' | 'host') => lab.locator(`[data-pane="${id}"]`);
const rows = (lab: Locator, id: 'console' | 'host') => pane(lab, id).locator('.xterm-rows').innerText();
/** The pane whose terminal has the keyboard ('' when neither). */
const focused = (lab: Locator) => lab.evaluate((el) => el.querySelector('[data-pane]:focus-within')?.getAttribute('data-pane') ?? '');
/** The panes the stored input log has switched to, in order. */
const focusLog = (page: Page) =>
  page.evaluate(() => {
    const record = JSON.parse(localStorage.getItem('ntlab:lab:driver-loading') ?? '{"log":[]}') as { log: { kind: string; pane?: string }[] };
    return record.log.filter((e) => e.kind === 'focus').map((e) => e.pane);
  });

test('side by side: a breakpoint set in kd stops pwrtest /sleep; the console freezes until g; a reload keeps both screens and the focused pane', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1000 });
  await page.emulateMedia({ colorScheme: 'dark' });
  const lab = await open(page);
  // The full window gives each terminal about 90 columns: side by side, no tabs.
  await lab.locator('[data-full-toggle]').click();
  await expect(lab).toHaveAttribute('data-layout', 'side');
  await expect(lab.getByRole('tablist')).toBeHidden();
  await expect(pane(lab, 'host')).toBeVisible();
  await expect(pane(lab, 'host')).toHaveAccessibleName('Host computer: kd');
  await expect.poll(() => rows(lab, 'host')).toContain('Kernel Debugger connection established.');

  await pane(lab, 'console').locator('.xterm').click();
  await typeLine(page, 'devcon install swpnp.inf Root\\SwPnp');
  await expect.poll(() => rows(lab, 'console')).toContain('Drivers installed successfully.');

  // Ctrl-] takes the keys to kd (logged as the session's focus); Ctrl-C breaks in there.
  await page.keyboard.press('Control+BracketRight');
  await expect.poll(() => focused(lab)).toBe('host');
  await expect.poll(() => focusLog(page)).toEqual(['host']);
  await page.keyboard.press('Control+c');
  await expect.poll(() => rows(lab, 'host')).toContain('Break instruction exception - code 80000003 (first chance)');
  await expect(lab).toHaveAttribute('data-stopped', '');
  await typeLine(page, `bp ${POWER_ROUTINE}`);
  await typeLine(page, 'g');
  await expect(lab).not.toHaveAttribute('data-stopped');
  // Nothing kd typed reached the console.
  expect(await rows(lab, 'console')).not.toContain('bp ');

  await page.keyboard.press('Control+BracketRight');
  await expect.poll(() => focused(lab)).toBe('console');
  await typeLine(page, 'pwrtest /sleep');
  // The hit shows in kd, with its prompt; the console's command is held and its console does not answer.
  await expect.poll(() => rows(lab, 'host')).toMatch(new RegExp(`Breakpoint 0 hit\\s+${POWER_ROUTINE}:[\\s\\S]*\\d: kd> `));
  await expect(lab).toHaveAttribute('data-stopped', '');
  await expect(pane(lab, 'console').locator('[data-pane-state]')).toContainText('does not respond');
  await expect(lab.locator('[data-lab-announce]')).toContainText(`Breakpoint 0 hit in ${POWER_ROUTINE}`);
  // Keys typed at a stopped machine's console are lost: no echo, nothing run later.
  const frozen = await rows(lab, 'console');
  expect(frozen).not.toContain('Start: Sleep Scenario');
  await typeLine(page, 'dir');
  await shot(page, 'host-debugger-stopped-1920');
  expect(await violations(page), 'side by side, stopped (dark)').toEqual([]);

  // A click in kd moves the keys there too. `bc 0`, then `g`: the sleep finishes.
  await pane(lab, 'host').locator('.xterm').click();
  await expect.poll(() => focusLog(page)).toEqual(['host', 'console', 'host']);
  await typeLine(page, 'k');
  await expect.poll(() => rows(lab, 'host')).toContain('nt!PopIrpWorker');
  // (By now the console has drawn whatever its keys made it draw: nothing.)
  expect(await rows(lab, 'console')).toBe(frozen);
  await typeLine(page, 'bc 0');
  await typeLine(page, 'g');
  await expect(lab).not.toHaveAttribute('data-stopped');
  await expect.poll(() => rows(lab, 'console')).toContain('End: Sleep Scenario (1 of 1 cycles passed)');
  expect(await rows(lab, 'console')).not.toContain('Directory of C:\\Drivers');
  await expect(lab.locator('[data-lab-announce]')).toContainText('runs again');
  const before = { console: await rows(lab, 'console'), host: await rows(lab, 'host') };

  // A reload rebuilds both screens, and the keys' pane (kd) is the one marked.
  await page.reload();
  await readyLab(page.locator('ntlab-lab'));
  await lab.locator('[data-full-toggle]').click();
  await expect.poll(() => rows(lab, 'console')).toBe(before.console);
  await expect.poll(() => rows(lab, 'host')).toBe(before.host);
  await expect(pane(lab, 'host')).toHaveAttribute('data-active', '');
  await expect(pane(lab, 'console')).not.toHaveAttribute('data-active');
  // Into the full window, straight to the pane the student was in.
  await expect.poll(() => focused(lab)).toBe('host');
  await shot(page, 'host-debugger-reloaded-1920');
});

test('narrow: the two terminals take turns under an accessible tablist; Ctrl-] and the arrows move between them; a hidden tab is marked when its terminal gets output', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(LESSON);
  const lab = page.locator('ntlab-lab[data-lab="driver-loading"]');
  await expect(lab).toHaveAttribute('data-prompt', 'ready', { timeout: 60_000 });
  // Typed at once, on a first visit, before the engine is in: the line runs when it comes, on a
  // screen that starts with the console's banner (the keys' echo does not land on it).
  await pane(lab, 'console').locator('.xterm').click();
  await typeLine(page, 'devcon install swpnp.inf Root\\SwPnp');
  await readyLab(lab);
  await expect.poll(() => rows(lab, 'console')).toContain('Drivers installed successfully.');
  expect((await rows(lab, 'console')).split('\n')[0]).toBe('Microsoft Windows [Version 6.1.7601]');
  const tablist = lab.getByRole('tablist', { name: 'Terminals' });
  await expect(tablist).toBeVisible();
  const consoleTab = tablist.getByRole('tab', { name: 'Lab machine: console' });
  const hostTab = tablist.getByRole('tab', { name: /^Host computer: kd/ });
  await expect(consoleTab).toHaveAttribute('aria-selected', 'true');
  await expect(hostTab).toHaveAttribute('aria-selected', 'false');
  await expect(pane(lab, 'console')).toHaveAttribute('role', 'tabpanel');
  await expect(pane(lab, 'console')).toHaveAccessibleName('Lab machine: console');
  await expect(pane(lab, 'host')).toBeHidden();

  // Keyboard: the arrows (and Home/End) select and focus the tabs; only the selected one is in the tab order.
  await consoleTab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(hostTab).toBeFocused();
  await expect(hostTab).toHaveAttribute('aria-selected', 'true');
  await expect(hostTab).toHaveAttribute('tabindex', '0');
  await expect(consoleTab).toHaveAttribute('tabindex', '-1');
  await expect(pane(lab, 'host')).toBeVisible();
  await expect(pane(lab, 'console')).toBeHidden();
  await page.keyboard.press('Home');
  await expect(consoleTab).toBeFocused();
  await expect(pane(lab, 'console')).toBeVisible();
  // Tab goes from the tab into its terminal.
  await page.keyboard.press('Tab');
  await expect.poll(() => focused(lab)).toBe('console');

  // Ctrl-] shows the other tab and gives its terminal the keys.
  await page.keyboard.press('Control+BracketRight');
  await expect(hostTab).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => focused(lab)).toBe('host');
  await page.keyboard.press('Control+c');
  await typeLine(page, `bp ${POWER_ROUTINE}`);
  await typeLine(page, 'g');
  await page.keyboard.press('Control+BracketRight');
  await expect(consoleTab).toHaveAttribute('aria-selected', 'true');
  await typeLine(page, 'pwrtest /sleep');
  // The hit lands in the hidden kd terminal: its tab says so, by a mark and in its name.
  await expect(hostTab).toHaveAttribute('data-unseen', '');
  await expect(hostTab).toHaveAccessibleName('Host computer: kd (new output)');
  await expect(pane(lab, 'console').locator('[data-pane-state]')).toContainText('does not respond');
  await shot(page, 'host-debugger-tabs-390');
  expect(await violations(page), 'tabs, a hidden tab marked (light)').toEqual([]);
  await hostTab.click();
  await expect(hostTab).not.toHaveAttribute('data-unseen');
  await expect.poll(() => focused(lab)).toBe('host');
  await expect.poll(() => rows(lab, 'host')).toContain('Breakpoint 0 hit');
});
