/** Turn what a lab session did into 'ntlab:activity' events for listeners such as the classroom client. */
import type { LabSession } from '../../lab/session.ts';
import { ACTIVITY_EVENT, type ActivityEvent, type LabActivity } from '../../stores/activity.ts';

export class ActivityFeed {
  private readonly lab: string;
  private attempt: number;
  private seenEvents = 0;
  /** Input-log entries already sent. */
  private sentEntries = 0;
  private readonly met = new Set<string>();

  constructor(lab: string, attempt: number, session: LabSession) {
    this.lab = lab;
    this.attempt = attempt;
    this.catchUp(session);
  }

  /** Start over after a reset. */
  reset(attempt: number, session: LabSession): void {
    this.attempt = attempt;
    this.met.clear();
    this.catchUp(session);
    this.send({ kind: 'reset', lab: this.lab, attempt, index: 0 });
  }

  /** Announce the lab (done so far, objectives), and send its input log (the receiver drops what it has). */
  open(session: LabSession): void {
    this.sentEntries = 0;
    this.sendEntries(session);
    const statuses = session.objectives();
    this.send({
      kind: 'open',
      lab: this.lab,
      attempt: this.attempt,
      index: session.log.length,
      done: statuses.filter((s) => s.done).length,
      total: statuses.length,
      objectives: statuses.map((s) => ({ id: s.id, title: s.title })),
    });
  }

  /** After each change: the step/answer/hint just logged, then any objective newly met. */
  changed(session: LabSession, step?: { program: string; input: string; output: string }): void {
    const index = session.log.length - 1;
    const entry = session.log[index];
    this.sendEntries(session);
    const events = session.events.slice(this.seenEvents);
    this.seenEvents = session.events.length;
    const base = { lab: this.lab, attempt: this.attempt, index };
    if (entry?.kind === 'line' && step) {
      const command = events.find((e) => e.type.endsWith('.command'));
      const status = command && 'status' in command && typeof command.status === 'number' ? command.status : null;
      this.send({ ...base, kind: 'step', program: step.program, input: step.input, output: step.output.slice(0, 4000), events: events.map(plain), status });
    }
    // Answers and hints, whether from the panel or typed as `lab answer` / `lab hint`.
    for (const ev of events) {
      if (ev.type === 'lab.answer') this.send({ ...base, kind: 'answer', objective: ev.objective, answer: ev.answer, correct: ev.correct });
      if (ev.type === 'lab.hint') this.send({ ...base, kind: 'hint', objective: ev.objective, level: ev.level, givesAway: ev.givesAway });
      if (ev.type === 'lab.solution') this.send({ ...base, kind: 'solution' });
    }
    for (const s of session.objectives()) {
      if (s.done && !this.met.has(s.id)) {
        this.met.add(s.id);
        this.send({ ...base, kind: 'objective', objective: s.id, title: s.title, hintsTaken: s.hintsTaken });
      }
    }
  }

  /** Every input-log entry not sent yet, each at its index. */
  private sendEntries(session: LabSession): void {
    for (let index = this.sentEntries; index < session.log.length; index++) {
      this.send({ kind: 'input', lab: this.lab, attempt: this.attempt, index, entry: session.log[index] });
    }
    this.sentEntries = session.log.length;
  }

  private catchUp(session: LabSession): void {
    this.sentEntries = session.log.length;
    this.seenEvents = session.events.length;
    for (const s of session.objectives()) if (s.done) this.met.add(s.id);
  }

  private send(activity: LabActivity): void {
    window.dispatchEvent(new CustomEvent<LabActivity>(ACTIVITY_EVENT, { detail: activity }));
  }
}

function plain(event: object): ActivityEvent {
  return JSON.parse(JSON.stringify(event)) as ActivityEvent;
}
