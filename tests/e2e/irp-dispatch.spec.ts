/**
 * Lab irp-dispatch walked in the browser as a student follows lesson 05: the transfer methods
 * and DebugView, a waiting ioctlapp ended with Ctrl-C (a wrong turn first: Ctrl-C with nothing
 * running), the cancel routine stopped in the host debugger, Driver Verifier's question on the
 * debugger (a wrong answer first), and the MdlAfterComplete crash diagnosed from MEMORY.DMP.
 * Screenshots go to $NTLAB_SHOTS.
 */
import type { Locator } from '@playwright/test';
import { expect as baseExpect, shot, test, typeLine } from './helpers.ts';
import { readyLab } from './lab-ready.ts';

const expect = baseExpect.configure({ timeout: 20_000 });
const LESSON = '/lessons/how-an-irp-travels/';

test.describe.configure({ timeout: 300_000 });

const pane = (lab: Locator, id: 'console' | 'host') => lab.locator(`[data-pane="${id}"]`);
const rows = (lab: Locator, id: 'console' | 'host') => pane(lab, id).locator('.xterm-rows').innerText();
/** The screen with the terminal's wrapping undone, for lines longer than the terminal is wide. */
const flat = async (lab: Locator, id: 'console' | 'host') => (await rows(lab, id)).replace(/\n/g, '');

test('a student walks irp-dispatch: methods, Ctrl-C on a waiting ioctlapp, the cancel routine in kd, Verifier’s question, a 0x50 dump', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(LESSON);
  await expect(page.getByRole('heading', { name: 'Stack locations, pending and completion' })).toBeVisible();
  await expect(page.getByText('kernel32!CtrlRoutine')).toBeVisible();
  const lab = await readyLab(page.locator('ntlab-lab[data-lab="irp-dispatch"]'));
  await lab.scrollIntoViewIfNeeded();
  await lab.locator('[data-full-toggle]').click();
  await expect(lab).toHaveAttribute('data-layout', 'side');
  await pane(lab, 'console').locator('.xterm').click();

  // The transfer methods, and where DebugView says the buffers were.
  await typeLine(page, 'ioctlapp');
  await expect.poll(() => rows(lab, 'console')).toContain('Calling DeviceIoControl METHOD_NEITHER:');
  await typeLine(page, 'dbgview');
  await expect.poll(() => flat(lab, 'console')).toContain('Type3InputBuffer = 0x00000000004a0');
  await shot(page, 'irp-1-methods');

  // A wrong turn: Ctrl-C with nothing running only drops the line.
  await page.keyboard.type('ioctlapp /frob');
  await page.keyboard.press('Control+c');
  await expect.poll(() => rows(lab, 'console')).toMatch(/C:\\Drivers>ioctlapp \/frob\^C\s+C:\\Drivers>/);

  // ioctlapp /wait blocks: no prompt; a line typed meanwhile waits; Ctrl-C ends the process.
  await typeLine(page, 'ioctlapp /method:buffered /wait');
  await expect.poll(() => rows(lab, 'console')).toContain('waiting...');
  expect((await rows(lab, 'console')).trimEnd().endsWith('waiting...')).toBe(true);
  await typeLine(page, 'ver');
  await shot(page, 'irp-2-waiting');
  // A reload comes back to the same wait (the input log replays it), the typed line still pending.
  const tail = (text: string) => text.slice(text.lastIndexOf('C:\\Drivers>ioctlapp /method:buffered /wait'));
  const waiting = tail(await rows(lab, 'console'));
  await page.reload();
  await readyLab(page.locator('ntlab-lab[data-lab="irp-dispatch"]'));
  await lab.locator('[data-full-toggle]').click();
  await expect.poll(async () => tail(await rows(lab, 'console'))).toBe(waiting);
  await pane(lab, 'console').locator('.xterm').click();
  await page.keyboard.press('Control+c');
  await expect.poll(() => rows(lab, 'console')).toMatch(/\^C\s+C:\\Drivers>ver\s+Microsoft Windows \[Version 6\.1\.7601\]/);
  await typeLine(page, 'dbgview');
  await expect.poll(() => flat(lab, 'console')).toContain('cancel routine: completing the request with STATUS_CANCELLED');
  await typeLine(page, 'lab');
  await expect.poll(() => rows(lab, 'console')).toMatch(/\[x\] ctrlc-cancel/);
  await shot(page, 'irp-3-ctrl-c');

  // The same, stopped in the cancel routine from the host debugger.
  await pane(lab, 'host').locator('.xterm').click();
  await page.keyboard.press('Control+c');
  await expect.poll(() => rows(lab, 'host')).toContain('Break instruction exception');
  await typeLine(page, 'bp sioctl!SioctlCancelRoutine');
  await typeLine(page, 'g');
  await pane(lab, 'console').locator('.xterm').click();
  await typeLine(page, 'ioctlapp /method:buffered /wait');
  await expect.poll(() => rows(lab, 'console')).toContain('waiting...');
  await page.keyboard.press('Control+c');
  await expect.poll(() => rows(lab, 'host')).toContain('Breakpoint 0 hit');
  await pane(lab, 'host').locator('.xterm').click();
  await typeLine(page, 'k');
  await expect.poll(() => rows(lab, 'host')).toContain('nt!IoCancelThreadIo+0x2f');
  await typeLine(page, '!irp @rdx');
  await expect.poll(() => rows(lab, 'host')).toContain('\\Driver\\SIOCTL');
  await shot(page, 'irp-4-cancel-in-kd');
  await typeLine(page, 'bc *');
  await typeLine(page, 'g');
  await expect(lab).not.toHaveAttribute('data-stopped');

  // Driver Verifier under the debugger: WDM DRIVER ERROR and its question.
  await pane(lab, 'console').locator('.xterm').click();
  await typeLine(page, 'reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d NoMarkPending /f');
  await typeLine(page, 'sc stop sioctl');
  await typeLine(page, 'verifier /standard /driver sioctl.sys');
  await expect.poll(() => flat(lab, 'console')).toContain('The system reboot is required for the changes to take effect.');
  await typeLine(page, 'shutdown /r /t 0');
  await expect.poll(() => rows(lab, 'console')).toContain('C:\\Windows\\system32>');
  await typeLine(page, 'cd \\Drivers');
  await typeLine(page, 'ioctlapp /method:buffered /pend');
  await expect.poll(() => rows(lab, 'host')).toContain('WDM DRIVER ERROR: [sioctl.sys @ 0x');
  await expect.poll(() => rows(lab, 'host')).toContain('Break, Ignore, Zap, Remove, Disable all (bizrd)? ');
  // A screen reader hears it too: the host's live region says the question last, the line kd waits on.
  const saidByHost = async () => (await pane(lab, 'host').locator('[role="log"] + [aria-live="polite"] > div').allTextContents()).at(-1) ?? '';
  await expect.poll(saidByHost).toMatch(/Break, Ignore, Zap, Remove, Disable all \(bizrd\)\?$/);
  await pane(lab, 'host').locator('.xterm').click();
  await typeLine(page, 'g');
  await typeLine(page, 'b');
  await expect.poll(() => rows(lab, 'host')).toContain('nt!DbgBreakPoint:');
  await typeLine(page, 'k');
  await expect.poll(() => rows(lab, 'host')).toContain('nt!VfAfterCallDriver+0x8e');
  await shot(page, 'irp-5-verifier');
  await typeLine(page, 'g');
  await expect.poll(() => rows(lab, 'console')).toContain('completed after 2000 ms');

  // A broken build that stops the machine with 0x50, and its dump.
  await pane(lab, 'console').locator('.xterm').click();
  await typeLine(page, 'reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\SIOCTL\\Parameters /v Defect /t REG_SZ /d MdlAfterComplete /f');
  await typeLine(page, 'ioctlapp /method:out_direct');
  await expect.poll(() => rows(lab, 'host')).toContain('*** Fatal System Error: 0x00000050');
  await pane(lab, 'host').locator('.xterm').click();
  await typeLine(page, 'g');
  await pane(lab, 'console').locator('.xterm').click();
  await expect.poll(() => rows(lab, 'console')).toContain('PAGE_FAULT_IN_NONPAGED_AREA');
  await typeLine(page, 'kd -z C:\\Windows\\MEMORY.DMP');
  await expect.poll(() => flat(lab, 'console')).toContain('Probably caused by : sioctl.sys ( sioctl!SioctlWorkItem+2f )');
  await typeLine(page, '!analyze -v');
  await expect.poll(() => rows(lab, 'console')).toContain('nt!IopProcessWorkItem+0x5f');
  await shot(page, 'irp-6-dump-0x50');
});
