/**
 * What a screen reader gets of a lab terminal (src/components/lab/output-log.ts): the finished
 * lines in a log to read back, the new ones said in a polite live region with the line the cursor
 * then waits on; keys typed change neither, a recalled line is said, a reload refills the log.
 */
import type { Page } from '@playwright/test';
import { expect as baseExpect, seedStorage, test } from './helpers.ts';
import { openLabAt } from './lab-ready.ts';

const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 120_000 });

const openLab = (page: Page) => openLabAt(page, '/lessons/using-the-labs/', 'welcome');

const logLines = (page: Page) => page.getByRole('log', { name: 'Terminal output' }).locator('div').allTextContents();
/** What the live region has said lately (each saying is a node added to it), one line each. */
const said = async (page: Page) => (await page.locator('ntlab-lab [role="log"] + [aria-live="polite"] > div').allTextContents()).join('\n');

test('finished lines go to the log and are said; typing is not; a recalled line is said', async ({ page }) => {
  const lab = await openLab(page);
  await lab.locator('.xterm').click();
  // The first screen (the banner) is in the log already.
  await expect.poll(() => logLines(page)).toContain('Copyright (c) 2009 Microsoft Corporation.  All rights reserved.');
  const before = (await logLines(page)).length;
  await page.keyboard.type('ver');
  // Keys typed add nothing: the line is not finished.
  await expect(lab.locator('.xterm-rows')).toContainText('>ver');
  expect(await logLines(page)).toHaveLength(before);
  await page.keyboard.press('Enter');
  await expect.poll(() => logLines(page)).toContain('Microsoft Windows [Version 6.1.7601]');
  const lines = await logLines(page);
  expect(lines.slice(before)).toEqual(['C:\\Windows\\system32>ver', '', 'Microsoft Windows [Version 6.1.7601]', '']);
  // Said: the output, then the prompt the cursor waits on; not the line just typed.
  await expect.poll(() => said(page)).toMatch(/(^|\n)Microsoft Windows \[Version 6\.1\.7601\]\nC:\\Windows\\system32>$/);
  expect(await said(page)).not.toContain('>ver');
  // Up recalls the line, and it is said.
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => said(page)).toMatch(/\nC:\\Windows\\system32>ver$/);
  // Up again on the same line: said again.
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => said(page)).toMatch(/>ver\nC:\\Windows\\system32>ver$/);
});

test('a line wider than the terminal is one line in the log, and only once it is finished', async ({ page }) => {
  const lab = await openLab(page);
  await lab.locator('.xterm').click();
  await expect.poll(() => logLines(page)).toContain('Copyright (c) 2009 Microsoft Corporation.  All rights reserved.');
  const before = await logLines(page);
  const words = Array.from({ length: 24 }, (_, i) => `word${i}`).join(' ');
  // 'echo ' and 24 words after the prompt: about 190 characters, three rows of an 81-column terminal.
  await page.keyboard.type(`echo ${words}`);
  await expect(lab.locator('.xterm-rows')).toContainText('word23');
  expect(await logLines(page)).toEqual(before);
  await page.keyboard.press('Enter');
  await expect.poll(() => logLines(page)).toContain(words);
  expect((await logLines(page)).slice(before.length)).toEqual([`C:\\Windows\\system32>echo ${words}`, words, '']);
  await expect.poll(() => said(page)).toMatch(new RegExp(`(^|\\n)${words}\\nC:\\\\Windows\\\\system32>$`));
});

test('a long output is said up to 20 lines, and the rest counted; the log keeps it all', async ({ page }) => {
  const lab = await openLab(page);
  await lab.locator('.xterm').click();
  await page.keyboard.type('help');
  await page.keyboard.press('Enter');
  await expect
    .poll(() => said(page))
    .toMatch(/(^|\n)For more information on a specific command, type HELP command-name\n(.*\n){19}\d+ more lines in the output log\.\nC:\\Windows\\system32>$/);
  const count = Number((await said(page))?.match(/(\d+) more lines/)?.[1]);
  const log = await logLines(page);
  expect(log.slice(log.lastIndexOf('C:\\Windows\\system32>help') + 1).filter((l) => l !== '').length).toBe(20 + count);
});

test('nothing is said to a reader still in the lesson', async ({ page }) => {
  const lab = await openLab(page);
  await expect.poll(() => logLines(page)).toContain('Copyright (c) 2009 Microsoft Corporation.  All rights reserved.');
  expect(await lab.evaluate((l) => l.contains(document.activeElement))).toBe(false);
  expect(await said(page)).toBe('');
});

test('a reload refills the log with the restored screen, and reads on from the prompt', async ({ page }) => {
  const log = Array.from({ length: 30 }, (_, i) => ({ kind: 'line', text: `echo line ${i}` }));
  await seedStorage(page, { 'ntlab:lab:welcome': JSON.stringify({ v: 1, attempt: 0, log }) });
  const lab = await openLab(page);
  await expect.poll(async () => (await logLines(page)).filter((l) => /^line \d+$/.test(l))).toHaveLength(30);
  await lab.locator('.xterm').click();
  await page.keyboard.type('echo after');
  await page.keyboard.press('Enter');
  await expect.poll(() => said(page)).toMatch(/(^|\n)after\nC:\\Windows\\system32>$/);
  const lines = await logLines(page);
  // Each line once: the restored ones were not read again from the terminal.
  expect(lines.filter((l) => l === 'line 29')).toHaveLength(1);
  expect(lines.slice(-3)).toEqual(['C:\\Windows\\system32>echo after', 'after', '']);
});

test('each terminal of a two-terminal lab has its own log, named after it', async ({ page }) => {
  const lab = await openLabAt(page, '/lessons/software-drivers/', 'driver-loading');
  await lab.locator('[data-pane="console"] .xterm').click();
  await page.keyboard.press('Control+BracketRight');
  await page.keyboard.press('Control+c');
  const kd = page.getByRole('log', { name: 'Host computer: kd output' });
  await expect.poll(() => kd.locator('div').allTextContents()).toContain('Break instruction exception - code 80000003 (first chance)');
  // Said in the debugger's own region, ending at the prompt kd waits on.
  const region = kd.locator('+ [aria-live="polite"] > div');
  await expect.poll(async () => (await region.allTextContents()).join('\n')).toMatch(/Break instruction exception[\s\S]*\n\d: kd>$/);
  // The console's log has none of it.
  const console = await lab.locator('[data-pane="console"]').getByRole('log').locator('div').allTextContents();
  expect(console.join('\n')).not.toContain('Break instruction');
});
