/** One student: where they are, how it is going, per-lab progress with a reset button, and the replayable timeline. */
import type { StoredEvent, StudentSummary } from '../../server/protocol.ts';
import { idleFor, timeOnObjective } from '../../server/stuck.ts';
import { h, postJson, swap } from './dom.ts';
import { clock, duration, labRungs, rungsText } from './format.ts';
import { statusOf } from './grid.ts';
import { Replay } from './replay.ts';
import type { DashboardState } from './state.ts';

export class Detail {
  private readonly panel: HTMLElement;
  private readonly root: HTMLElement;
  private readonly title: HTMLElement;
  private readonly state: DashboardState;
  private studentId: string | null = null;
  private summaryBox: HTMLElement | null = null;
  private replay: Replay | null = null;
  private readonly note = h('p', { className: 'note', role: 'status', 'aria-live': 'polite' });

  constructor(panel: HTMLElement, root: HTMLElement, title: HTMLElement, state: DashboardState) {
    this.panel = panel;
    this.root = root;
    this.title = title;
    this.state = state;
  }

  async open(id: string): Promise<void> {
    const s = this.state.students.get(id);
    if (!s) return;
    this.replay?.stop();
    this.studentId = id;
    this.panel.hidden = false;
    this.title.textContent = `Student: ${s.name}`;
    this.summaryBox = this.summary(s);
    const timeline = h('div', { className: 'timeline-box' }, h('p', { className: 'note' }, 'Loading the timeline…'));
    this.note.textContent = '';
    this.root.replaceChildren(
      this.summaryBox,
      this.note,
      h('h3', {}, 'Timeline and replay ', h('button', { type: 'button', onclick: () => void this.open(id) }, 'Refresh')),
      timeline,
    );
    this.title.focus();
    const events = await this.timeline(id);
    if (this.studentId !== id) return;
    if (events === null) {
      timeline.replaceChildren(h('p', { className: 'note' }, 'The timeline could not be loaded.'));
      return;
    }
    this.replay = new Replay(events);
    timeline.replaceChildren(this.replay.element);
  }

  private async timeline(id: string): Promise<StoredEvent[] | null> {
    try {
      const res = await fetch(`/api/students/${encodeURIComponent(id)}/timeline`, { credentials: 'same-origin' });
      if (!res.ok) return null;
      return ((await res.json()) as { events: StoredEvent[] }).events;
    } catch {
      return null;
    }
  }

  /** The student's summary changed (or time moved on). */
  update(id: string): void {
    if (id !== this.studentId || !this.summaryBox) return;
    const s = this.state.students.get(id);
    if (!s) return;
    const next = this.summary(s);
    swap(this.summaryBox, next);
    this.summaryBox = next;
  }

  tick(): void {
    if (this.studentId) this.update(this.studentId);
  }

  private summary(s: StudentSummary): HTMLElement {
    const now = this.state.now();
    const cur = s.current;
    const lab = cur ? this.state.labs.find((l) => l.id === cur.lab) : undefined;
    const objective = cur?.objective ? (lab?.objectives.find((o) => o.id === cur.objective)?.title ?? cur.objective) : null;
    const facts: [string, string][] = [
      ['Status', statusOf(s, now).label],
      ['Connection', s.online ? 'online' : 'offline'],
      ['Current lab', cur ? cur.lab : 'none yet'],
      ['Current objective', cur ? (objective ?? 'all objectives met') : '—'],
      ['Time on it', cur && cur.objective !== null ? duration(timeOnObjective(s, now)) : '—'],
      ['Failed attempts on it', cur ? String(cur.failed) : '—'],
      ['Hints taken on it', cur ? String(cur.hints) : '—'],
      ['Idle', s.lastActivityAt > 0 ? duration(idleFor(s, now)) : 'no activity yet'],
      // Names are not identities: two students may pick the same one.
      ['Joined', clock(s.joinedAt)],
      ['Student id', s.id],
    ];
    const labs = Object.values(s.labs).sort((a, b) => a.lab.localeCompare(b.lab));
    const total = (id: string): number => this.state.labs.find((l) => l.id === id)?.objectives.length ?? 0;
    return h(
      'div',
      { className: 'detail-summary' },
      h('dl', { className: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      labs.length === 0
        ? null
        : h(
            'table',
            { className: 'labs' },
            h('caption', {}, 'Labs'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['Lab', 'Met', 'Hints', 'Hints by rung', 'Solution viewed', 'Wrong answers', 'Failed commands', 'Resets', ''].map((t) =>
                  h('th', { scope: 'col' }, t),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              ...labs.map((p) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, p.lab),
                  h('td', { 'data-met': p.lab }, metText(p, total(p.lab))),
                  h('td', {}, String(Object.values(p.hints).reduce((a, b) => a + b, 0))),
                  h('td', { 'data-rungs': p.lab }, rungsText(labRungs(p.rungs))),
                  h('td', { 'data-solution-views': p.lab }, p.solutionViews ? `${p.solutionViews} time${p.solutionViews === 1 ? '' : 's'}` : 'no'),
                  h('td', {}, String(p.wrongAnswers)),
                  h('td', {}, String(p.failedCommands)),
                  h('td', {}, String(p.resets)),
                  h('td', {}, h('button', { type: 'button', 'data-focus': `reset-${p.lab}`, onclick: () => void this.reset(s, p.lab) }, `Reset ${p.lab}`)),
                ),
              ),
            ),
          ),
    );
  }

  private async reset(s: StudentSummary, lab: string): Promise<void> {
    if (!window.confirm(`Reset lab ${lab} for ${s.name}? Their lab starts over; their grades so far are kept.`)) return;
    const result = await postJson(`/api/students/${encodeURIComponent(s.id)}/reset`, { lab });
    this.note.textContent = result.ok ? `Reset sent: ${lab} for ${s.name}.` : `Reset failed: ${result.message}`;
  }
}

/** Objectives met and verified by the server's replay, of the lab's total; page claims it did not confirm are named. */
function metText(p: StudentSummary['labs'][string], total: number): string {
  const reported = Object.keys(p.met);
  const verified = reported.filter((id) => p.verified.includes(id));
  const flagged = reported.filter((id) => !p.verified.includes(id));
  const base = `${verified.length} / ${total || '?'}`;
  if (flagged.length === 0) return base;
  return p.verification === 'pending' ? `${base} (${flagged.length} being checked)` : `${base} (unverified, not counted: ${flagged.join(', ')})`;
}
