/**
 * The classroom in two browsers: a student joins and meets an objective in a
 * real lab while the instructor's dashboard (already open) shows it live; the
 * instructor's broadcast reaches the student, and a lock pauses the lab. The
 * classroom server is started here (its own process, 127.0.0.1, a free port)
 * over the built dist/. Also: the plain site asks nothing and loads no
 * classroom code.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { freePort, startChild, type ChildServer } from '../server/child.ts';
import { tempDir } from '../server/helpers.ts';
import { expect, recordRequests, test } from './helpers.ts';
import { readyLab } from './lab-ready.ts';

const LESSON = '/lessons/using-the-labs/';
const ROOT = join(import.meta.dirname, '..', '..');

let server: ChildServer;

test.beforeAll(async () => {
  server = await startChild(join(ROOT, 'dist'), join(tempDir(), 'classroom.db'));
});
test.afterAll(async () => {
  server.process.kill('SIGTERM');
  await server.exited;
});

/** Join from the dialog the first page shows, and wait for the page's lab terminal. */
async function joinAndOpenLab(page: Page, name: string, code: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Your name').fill(name);
  await dialog.getByLabel('Join code').fill(code);
  await dialog.getByRole('button', { name: 'Join', exact: true }).click();
  const lab = page.locator('ntlab-lab[data-lab="welcome"]');
  await expect(lab).toHaveAttribute('data-ready', 'true');
  return lab;
}

async function typeLine(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

test('a student meets an objective live on the dashboard; broadcasts, locks and resets reach the student', async ({ browser }) => {
  // The tick waits for the server's own replay of the student's log, in a thread that may be starting.
  test.slow();
  const teacherContext = await browser.newContext();
  const studentContext = await browser.newContext();
  const teacherLog = recordRequests(teacherContext, server.origin);
  const studentLog = recordRequests(studentContext, server.origin);
  const teacher = await teacherContext.newPage();
  const student = await studentContext.newPage();

  // The instructor opens the dashboard first; the link's token becomes a cookie and leaves the address bar.
  await teacher.goto(`${server.origin}/instructor?token=${encodeURIComponent(server.token)}`);
  await expect(teacher).toHaveURL(`${server.origin}/instructor`);
  await expect(teacher.locator('#connection')).toHaveText('Live');
  await expect(teacher.locator('#rule')).toContainText('Stuck:');
  await expect(teacher.locator('#grid')).toContainText('No student has joined yet');

  // The student is asked once, in an accessible dialog.
  await student.goto(`${server.origin}${LESSON}`);
  const dialog = student.getByRole('dialog', { name: /^Join / });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Your name').fill('Ada <b>Lovelace</b>');
  await dialog.getByLabel('Join code').fill('WRONG1');
  await dialog.getByRole('button', { name: 'Join' }).click();
  await expect(dialog.getByRole('alert')).toContainText('join code is wrong');
  await dialog.getByLabel('Join code').fill(server.code.toLowerCase());
  await dialog.getByRole('button', { name: 'Join' }).click();
  await expect(dialog).toBeHidden();
  await expect(student.locator('.ntlab-classroom-status [role=status]')).toContainText('Ada <b>Lovelace</b>');

  // Live: the row appears without a reload, with the name shown as text.
  const row = teacher.locator('#grid tbody tr').filter({ hasText: 'Ada <b>Lovelace</b>' });
  await expect(row).toHaveCount(1);
  await expect(teacher.locator('#grid b')).toHaveCount(0);

  // The student meets an objective in the real lab terminal.
  const lab = student.locator('ntlab-lab[data-lab="welcome"]');
  await expect(lab).toHaveAttribute('data-ready', 'true');
  await lab.locator('.xterm').click();
  await typeLine(student, 'help');
  await expect(lab.locator('[data-objective="list-commands"]')).toHaveClass(/is-done/);

  // ...and the dashboard ticks it, live.
  const objectiveColumn = teacher.locator('#grid thead th.objective', { hasText: 'list-commands' });
  await expect(objectiveColumn).toHaveCount(1);
  // A tick only once the server's own replay of the student's log has verified it (its checker thread may be starting).
  await expect(row.locator('td.tick')).toHaveCount(1, { timeout: 30_000 });
  await expect(row.locator('td.tick')).toContainText(/\d\d:\d\d/);
  await expect(row).toContainText('welcome');
  await expect(student.locator('.ntlab-classroom-status [role=status]')).toContainText('all sent');

  // A command line that fails, typed in the real terminal: its program and outcome reach the timeline.
  await typeLine(student, 'foo');
  await expect(row.locator('td').nth(2)).toHaveText('1');

  // The instructor's detail view shows the timeline, and the replay rebuilds it step by step.
  await row.getByRole('button', { name: 'Ada <b>Lovelace</b>' }).click();
  await expect(teacher.locator('#detail-title')).toHaveText('Student: Ada <b>Lovelace</b>');
  const screen = teacher.locator('.replay .screen');
  await expect(screen).toContainText('objective met: List the commands this console offers');
  // cmd.exe's HELP lists the commands and exits with status 1.
  await expect(screen).toContainText('console> help  [status 1]\nFor more information on a specific command');
  await expect(screen).toContainText('console> foo  [status 9009]');
  await teacher.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(screen).toHaveText('');
  await teacher.getByRole('button', { name: 'Forward' }).click();
  await expect(screen).toContainText('opened the lab');
  await expect(screen).not.toContainText('objective met');

  // A broadcast reaches the student as an alert, dismissed from the keyboard.
  await teacher.getByLabel('Message to every student').fill('Eyes on the projector, please');
  await teacher.getByRole('button', { name: 'Broadcast' }).click();
  const banner = student.getByRole('alert').filter({ hasText: 'Eyes on the projector, please' });
  await expect(banner).toBeVisible();
  await banner.getByRole('button', { name: /Dismiss/ }).focus();
  await student.keyboard.press('Enter');
  await expect(banner).toHaveCount(0);

  // Locking the lab pauses the student's terminal; unlocking resumes it.
  await teacher.getByLabel('Message for welcome').fill('Wait for the demo');
  await teacher.getByRole('button', { name: 'Lock welcome' }).click();
  await expect(lab).toHaveAttribute('data-locked', '');
  await expect(lab.locator('[data-lab-locked]')).toHaveText('Wait for the demo');
  await teacher.getByRole('button', { name: 'Unlock welcome' }).click();
  await expect(lab).not.toHaveAttribute('data-locked', '');

  // Resetting the student's lab starts it over on the student's page; the grade stays on the dashboard.
  teacher.once('dialog', (d) => void d.accept());
  await teacher.getByRole('button', { name: 'Reset welcome' }).click();
  await expect(teacher.getByText('Reset sent: welcome for Ada <b>Lovelace</b>.')).toBeVisible();
  await expect(lab.locator('[data-objective="list-commands"]')).not.toHaveClass(/is-done/);
  await expect(teacher.locator('.detail-summary')).toContainText('Resets');
  // Cells after the lab's name: Met, Hints, Hints by rung, Solution viewed, Wrong answers, Failed commands, Resets.
  await expect(teacher.locator('.detail-summary table.labs tbody td').nth(6)).toHaveText('1');
  await expect(row.locator('td.tick')).toHaveCount(1);

  // A reload asks nothing again, and a dismissed message stays dismissed.
  await student.reload();
  await expect(lab).toHaveAttribute('data-ready', 'true');
  await expect(student.getByRole('dialog')).toHaveCount(0);
  await expect(student.locator('.ntlab-classroom-banner')).toHaveCount(0);

  // The instructor browsing the course is not asked to join and sends nothing.
  await teacher.goto(`${server.origin}${LESSON}`);
  await expect(teacher.locator('ntlab-lab[data-lab="welcome"]')).toHaveAttribute('data-ready', 'true');
  await expect(teacher.getByRole('link', { name: /instructor view/ })).toBeVisible();
  await expect(teacher.getByRole('dialog')).toHaveCount(0);

  expect(teacherLog.foreign(), 'instructor requests that left the classroom server').toEqual([]);
  expect(teacherLog.urls.filter((u) => u.endsWith('/api/events') || u.endsWith('/api/join'))).toEqual([]);
  expect(studentLog.foreign(), 'student requests that left the classroom server').toEqual([]);
  await teacherContext.close();
  await studentContext.close();
});

test('hints taken at each rung and solution views reach the dashboard, the timeline and the CSV', async ({ browser }) => {
  const teacherContext = await browser.newContext();
  const studentContext = await browser.newContext();
  const teacher = await teacherContext.newPage();
  const student = await studentContext.newPage();
  await teacher.goto(`${server.origin}/instructor?token=${encodeURIComponent(server.token)}`);
  await expect(teacher.locator('#connection')).toHaveText('Live');

  await student.goto(`${server.origin}${LESSON}`);
  const lab = await joinAndOpenLab(student, 'Hilda', server.code);
  // Every rung of one ladder, the last one marked as giving it away, then the model solution.
  const objective = lab.locator('[data-objective="clear-screen"]');
  const hint = objective.locator('[data-hint]');
  for (let i = 0; i < 3; i += 1) await hint.click();
  await expect(hint.locator('[data-hint-label]')).toHaveText('Give it away (4/4)');
  await hint.click();
  await expect(objective.locator('[data-hints] li').last()).toHaveText(/^Gives it away: Type: cls/);
  await lab.getByRole('button', { name: 'Show solution' }).click();
  await expect(student.locator('.ntlab-classroom-status [role=status]')).toContainText('all sent');

  // The grid marks the cell: hints per rung in its title, '!' for the give-away, 'S' for the solution.
  const row = teacher.locator('#grid tbody tr').filter({ hasText: 'Hilda' });
  const column = await teacher.locator('#grid thead th.objective').evaluateAll((ths) => ths.findIndex((th) => th.textContent === 'clear-screen'));
  expect(column).toBeGreaterThanOrEqual(0);
  const cell = row.locator('td[data-rungs]').nth(column);
  await expect(cell).toHaveAttribute('data-rungs', '1/1/1/1');
  await expect(cell).toHaveAttribute('title', /hints: nudge 1, where to look 1, how to reason 1, gives it away 1; solution opened 1 time/);
  await expect(cell).toContainText('not met, given away by a hint, solution viewed');

  // The detail view: hints by rung and solution views per lab, and the timeline.
  await row.getByRole('button', { name: 'Hilda' }).click();
  await expect(teacher.locator('td[data-rungs="welcome"]')).toHaveText('nudge 1, where to look 1, how to reason 1, gives it away 1');
  await expect(teacher.locator('td[data-solution-views="welcome"]')).toHaveText('1 time');
  const screen = teacher.locator('.replay .screen');
  await expect(screen).toContainText('hint 1 (nudge) taken for clear-screen');
  await expect(screen).toContainText('hint 4 (gives it away) taken for clear-screen: it gives the objective away');
  await expect(screen).toContainText('opened the model solution');

  // The CSV: one row per objective with the rungs and the solution views.
  const res = await fetch(`${server.origin}/api/export.csv`, { headers: { Authorization: `Bearer ${server.token}` } });
  const csv = (await res.text()).split('\r\n');
  expect(csv[0]).toContain('hints_nudge,hints_where_to_look,hints_how_to_reason,hints_gives_away,solution_views');
  expect(csv.find((l) => l.includes(',Hilda,welcome,clear-screen,'))).toMatch(/,no,,4,1,1,1,1,1,no,no$/);
  await teacherContext.close();
  await studentContext.close();
});

test('a student offline keeps working; the events reach the dashboard once the link is back', async ({ browser }) => {
  const teacherContext = await browser.newContext();
  const studentContext = await browser.newContext();
  const teacher = await teacherContext.newPage();
  const student = await studentContext.newPage();
  await teacher.goto(`${server.origin}/instructor?token=${encodeURIComponent(server.token)}`);
  await expect(teacher.locator('#connection')).toHaveText('Live');
  await student.goto(`${server.origin}${LESSON}`);
  const lab = await joinAndOpenLab(student, 'Offline Olu', server.code);

  await studentContext.setOffline(true);
  await lab.locator('.xterm').click();
  await typeLine(student, 'help');
  await expect(lab.locator('[data-objective="list-commands"]')).toHaveClass(/is-done/);
  await expect(student.locator('.ntlab-classroom-status [role=status]')).toContainText('waiting');
  const row = teacher.locator('#grid tbody tr').filter({ hasText: 'Offline Olu' });
  await expect(row.locator('td.tick')).toHaveCount(0);

  await studentContext.setOffline(false);
  await expect(row.locator('td.tick')).toHaveCount(1);
  await expect(student.locator('.ntlab-classroom-status [role=status]')).toContainText('all sent');
  await teacherContext.close();
  await studentContext.close();
});

test('a page keeps what the student does while the server is killed, and sends it once the server is back', async ({ browser }) => {
  const port = await freePort();
  const data = join(tempDir(), 'restart.db');
  const site = join(ROOT, 'dist');
  let running = await startChild(site, data, { port });
  const context = await browser.newContext();
  const log = recordRequests(context, running.origin);
  const page = await context.newPage();
  try {
    await page.goto(`${running.origin}${LESSON}`);
    const lab = await joinAndOpenLab(page, 'Rita', running.code);
    const badge = page.locator('.ntlab-classroom-status [role=status]');
    await expect(badge).toContainText('all sent');

    running.process.kill('SIGKILL');
    await running.exited;
    await lab.locator('.xterm').click();
    await typeLine(page, 'help');
    await expect(lab.locator('[data-objective="list-commands"]')).toHaveClass(/is-done/);
    await expect(badge).toContainText('waiting');

    running = await startChild(site, data, { port });
    // The page retries on its own (backoff), reconnects, and sends what waited.
    await expect(badge).toContainText('all sent', { timeout: 30_000 });
    // The export counts an objective once the server's own replay of the log has verified it (a worker thread).
    const server = running;
    const metOnServer = async () => {
      const res = await fetch(`${server.origin}/api/export.json`, { headers: { Authorization: `Bearer ${server.token}` } });
      const exported = (await res.json()) as { students: { name: string; objectives: { objective: string; met: boolean }[] }[] };
      const rita = exported.students.find((s) => s.name === 'Rita');
      return rita?.objectives.find((o) => o.objective === 'list-commands')?.met === true;
    };
    await expect.poll(metOnServer, { timeout: 30_000 }).toBe(true);
    expect(log.foreign()).toEqual([]);
  } finally {
    await context.close();
    running.process.kill('SIGTERM');
    await running.exited;
  }
});

test('the course served by the classroom runs under its Content-Security-Policy without a violation', async ({ browser }) => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const violations = (): Promise<string[]> => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
  const policy = (await page.goto(`${server.origin}${LESSON}`))?.headers()['content-security-policy'] ?? '';
  expect(policy).toContain("frame-ancestors 'none'");
  const lab = await joinAndOpenLab(page, 'Policy Pat', server.code);
  await lab.locator('.xterm').click();
  await typeLine(page, 'help');
  await expect(lab.locator('[data-objective="list-commands"]')).toHaveClass(/is-done/);
  await expect(page.locator('.ntlab-classroom-status [role=status]')).toContainText('all sent');
  expect(await violations(), LESSON).toEqual([]);

  // The search runs pagefind's WebAssembly in a worker.
  await page.goto(`${server.origin}/search/?q=driver`);
  await expect(page.locator('.search-results li').first()).toBeVisible();
  expect(await violations(), '/search/').toEqual([]);
  await page.goto(`${server.origin}/`);
  expect(await violations(), '/').toEqual([]);

  // The dashboard, with the student's timeline and its replay, runs under its own stricter policy.
  await page.goto(`${server.origin}/instructor?token=${encodeURIComponent(server.token)}`);
  await expect(page.locator('#connection')).toHaveText('Live');
  const row = page.locator('#grid tbody tr').filter({ hasText: 'Policy Pat' });
  await row.getByRole('button', { name: 'Policy Pat' }).click();
  await expect(page.locator('.replay .screen')).toContainText('console> help');
  // Two students may share a name: the detail tells them apart.
  await expect(page.locator('.detail-summary .facts')).toContainText(/Joined\s*\d\d:\d\d:\d\d/);
  await expect(page.locator('.detail-summary .facts')).toContainText(/Student id\s*s_[0-9a-f]{12}/);
  expect(await violations(), '/instructor').toEqual([]);
  await context.close();
});

test('the plain course site asks nothing and carries no classroom code', async ({ page, requests }) => {
  await page.goto(LESSON);
  await readyLab(page.locator('ntlab-lab[data-lab="welcome"]'));
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(requests.urls.filter((u) => u.includes('/_classroom/') || u.includes('/api/'))).toEqual([]);
  expect(await page.content()).not.toContain('_classroom');
});
