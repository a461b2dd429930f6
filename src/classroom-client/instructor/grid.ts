/**
 * The live grid: a row per student, a column per objective of each lab, with
 * ticks and the time each was met; where the student is now, time on it,
 * failures, hints, idle time, and "stuck" by the rule shown above the grid.
 */
import type { LabInfo, StudentSummary } from '../../server/protocol.ts';
import { idleFor, isIdle, isStuck, timeOnObjective } from '../../server/stuck.ts';
import { h, swap } from './dom.ts';
import { clock, duration, rungsText } from './format.ts';
import type { DashboardState } from './state.ts';

export type Open = (studentId: string) => void;

function objectiveTitle(labs: readonly LabInfo[], lab: string, id: string | null): string {
  if (id === null) return 'all objectives met';
  return labs.find((l) => l.id === lab)?.objectives.find((o) => o.id === id)?.title || id;
}

export function statusOf(s: StudentSummary, now: number): { label: string; className: string } {
  if (isStuck(s, now)) return { label: 'Stuck', className: 'stuck' };
  if (s.current && s.current.objective === null) return { label: 'Lab done', className: 'done' };
  if (isIdle(s, now)) return { label: s.online ? 'Idle' : 'Idle, offline', className: 'idle' };
  if (!s.online) return { label: 'Offline', className: 'offline' };
  return { label: 'Working', className: 'working' };
}

function row(s: StudentSummary, labs: readonly LabInfo[], now: number, open: Open): HTMLTableRowElement {
  const status = statusOf(s, now);
  const cur = s.current;
  const cells: HTMLElement[] = [
    h('th', { scope: 'row' }, h('button', { type: 'button', className: 'link', 'data-focus': `open-${s.id}`, onclick: () => open(s.id) }, s.name)),
    h('td', {}, cur ? `${cur.lab} · ${objectiveTitle(labs, cur.lab, cur.objective)}` : '—'),
    h('td', { className: 'num' }, cur && cur.objective !== null ? duration(timeOnObjective(s, now)) : '—'),
    h('td', { className: 'num' }, cur ? String(cur.failed) : '—'),
    h('td', { className: 'num' }, cur ? String(cur.hints) : '—'),
    h('td', { className: 'num' }, s.lastActivityAt > 0 ? duration(idleFor(s, now)) : 'not started'),
    h('td', {}, h('span', { className: `badge ${status.className}` }, status.label)),
  ];
  for (const lab of labs) {
    const progress = s.labs[lab.id];
    lab.objectives.forEach((o, i) => {
      const reported = progress?.met[o.id];
      // A tick only for what the server's replay confirmed; a page's claim it did not is flagged.
      const met = reported && progress?.verified.includes(o.id) ? reported : undefined;
      const unverified = reported !== undefined && met === undefined;
      const checking = unverified && progress?.verification === 'pending';
      const first = i === 0 ? ' lab-start' : '';
      const rungs = progress?.rungs?.[o.id];
      // A hint that gives the objective away, and the solution opened in this lab, are marked on the cell.
      const gaveAway = (rungs?.[3] ?? 0) > 0;
      const views = progress?.solutionViews ?? 0;
      const marks = `${gaveAway ? ', given away by a hint' : ''}${views > 0 ? ', solution viewed' : ''}`;
      const hintsTitle = `hints: ${rungsText(rungs)}${views > 0 ? `; solution opened ${views} time(s)` : ''}`;
      const flags = [
        gaveAway ? h('span', { className: 'gave-away', 'aria-hidden': 'true' }, '!') : null,
        views > 0 ? h('span', { className: 'solution-seen', 'aria-hidden': 'true' }, 'S') : null,
      ];
      cells.push(
        met
          ? h(
              'td',
              {
                className: `tick${first}`,
                title: `${o.title || o.id}: met at ${clock(met.at)} with ${met.hints} hint(s); ${hintsTitle}`,
                'data-rungs': (rungs ?? []).join('/'),
              },
              h('span', { 'aria-hidden': 'true' }, '✓ '),
              h('span', { className: 'sr' }, 'met at '),
              clock(met.at).slice(0, 5),
              met.hints > 0 ? h('span', { className: 'hints' }, ` ${met.hints}h`) : null,
              ...flags,
              marks ? h('span', { className: 'sr' }, marks) : null,
            )
          : unverified
            ? h(
                'td',
                {
                  className: `${checking ? 'checking' : 'unverified'}${first}`,
                  title: checking
                    ? `${o.title || o.id}: reported met, being checked by the server`
                    : `${o.title || o.id}: reported met by the page, but the server's replay of the student's commands does not meet it${progress?.verificationNote ? ` (${progress.verificationNote})` : ''}; not counted`,
                  'data-rungs': (rungs ?? []).join('/'),
                },
                h('span', { className: 'sr' }, checking ? 'reported, being checked' : `reported but not verified, not counted${marks}`),
                h('span', { 'aria-hidden': 'true' }, checking ? '…' : '⚠'),
                ...flags,
              )
            : h(
                'td',
                { className: `open${first}`, title: `${o.title || o.id}: not met; ${hintsTitle}`, 'data-rungs': (rungs ?? []).join('/') },
                h('span', { className: 'sr' }, `not met${marks}`),
                h('span', { 'aria-hidden': 'true' }, '·'),
                ...flags,
              ),
      );
    });
  }
  return h('tr', { 'data-student': s.id, className: status.className === 'stuck' ? 'row-stuck' : '' }, ...cells);
}

export type Order = 'joined' | 'stuck' | 'name' | 'progress';

const metCount = (s: StudentSummary): number =>
  Object.values(s.labs).reduce((n, p) => n + Object.keys(p.met).filter((id) => p.verified.includes(id)).length, 0);

/** Students in the order the instructor picked (ties keep the join order). */
export function ordered(students: readonly StudentSummary[], order: Order, now: number): StudentSummary[] {
  const list = [...students];
  const rank = (s: StudentSummary): number => (isStuck(s, now) ? 0 : isIdle(s, now) ? 1 : 2);
  if (order === 'stuck') list.sort((a, b) => rank(a) - rank(b));
  if (order === 'name') list.sort((a, b) => a.name.localeCompare(b.name));
  if (order === 'progress') list.sort((a, b) => metCount(a) - metCount(b));
  return list;
}

export class Grid {
  order: Order = 'joined';
  private readonly root: HTMLElement;
  private readonly state: DashboardState;
  private readonly open: Open;
  private body: HTMLTableSectionElement | null = null;
  private labs: LabInfo[] = [];

  constructor(root: HTMLElement, state: DashboardState, open: Open) {
    this.root = root;
    this.state = state;
    this.open = open;
  }

  render(): void {
    this.labs = this.state.gridLabs();
    const now = this.state.now();
    const students = ordered([...this.state.students.values()], this.order, now);
    if (students.length === 0) {
      this.body = null;
      this.root.replaceChildren(h('p', { className: 'note' }, 'No student has joined yet. Students open one of the addresses above and enter the join code.'));
      return;
    }
    const top = h(
      'tr',
      {},
      h('th', { scope: 'col', rowspan: 2 }, 'Student'),
      h('th', { scope: 'col', rowspan: 2 }, 'Now on'),
      h('th', { scope: 'col', rowspan: 2 }, 'On it'),
      h('th', { scope: 'col', rowspan: 2 }, 'Failed'),
      h('th', { scope: 'col', rowspan: 2 }, 'Hints'),
      h('th', { scope: 'col', rowspan: 2 }, 'Idle'),
      h('th', { scope: 'col', rowspan: 2 }, 'Status'),
      ...this.labs
        .filter((l) => l.objectives.length > 0)
        .map((l) => h('th', { scope: 'colgroup', colspan: l.objectives.length, className: 'lab-start' }, l.id)),
    );
    const second = h(
      'tr',
      {},
      ...this.labs.flatMap((l) =>
        l.objectives.map((o, i) => h('th', { scope: 'col', title: o.title, className: i === 0 ? 'objective lab-start' : 'objective' }, o.id)),
      ),
    );
    this.body = h('tbody', {}, ...students.map((s) => row(s, this.labs, now, this.open)));
    const table = h(
      'table',
      { className: 'grid' },
      h('caption', { className: 'sr' }, 'Students and the objectives they met'),
      h('thead', {}, top, second),
      this.body,
    );
    const old = this.root.querySelector('table');
    if (old) swap(old, table);
    else this.root.replaceChildren(table);
  }

  /** Redraw one student's row (or everything when the row is new). */
  update(id: string): void {
    const s = this.state.students.get(id);
    const old = this.body?.querySelector(`tr[data-student="${CSS.escape(id)}"]`);
    if (!s || !old || !this.body) {
      this.render();
      return;
    }
    swap(old, row(s, this.labs, this.state.now(), this.open));
  }

  /** Times move on: refresh every row (and the order, which may depend on time). */
  tick(): void {
    if (this.order !== 'joined') this.render();
    else for (const s of this.state.students.values()) this.update(s.id);
  }
}
