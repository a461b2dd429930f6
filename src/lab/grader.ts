/**
 * Grades a lab: evaluates objectives against events and machine state after
 * every step. An objective, once met, stays met (the student did it). Hints and
 * answers are recorded as events, so progress is rebuilt by replay.
 */
import type { EventView, LabEventType } from '../base/events.ts';
import type { Machine } from '../kernel/machine.ts';
import { normalizeAnswer, questionGate } from './objectives.ts';
import { rungName, type CheckResult, type LabDefinition, type Objective, type ObjectiveContext, type QuestionObjective } from './schema.ts';

export interface ObjectiveStatus {
  readonly id: string;
  readonly title: string;
  readonly kind: Objective['kind'];
  readonly done: boolean;
  /** Why it is not met yet (empty when done). */
  readonly why: string;
  /** Event sequence number at which it was met. */
  readonly metAt: number | null;
  /** Hints taken so far (0 to the ladder's length). */
  readonly hintsTaken: number;
  /** Rungs on this objective's ladder (3, or 4 when the last gives it away). */
  readonly hintsTotal: number;
  /** A question: open to answers (its evidence exists and attempts are left). Tasks: true. */
  readonly open: boolean;
  /** A question with a cap: answers left (null: no cap, or a task). */
  readonly attemptsLeft: number | null;
}

/** What a grader remembers, as plain data (part of a session checkpoint). */
export interface GraderState {
  readonly metAt: readonly (readonly [string, number])[];
  readonly why: readonly (readonly [string, string])[];
}

/** What one check of an objective read, so the next update can tell whether it could answer differently. */
interface Reads {
  /** The event count when it was checked: events from here on are new to it. */
  from: number;
  /** Event types it looked up. */
  readonly types: Set<LabEventType>;
  /** It read the whole log, or the machine: re-check on every update. */
  wide: boolean;
}

export class LabGrader {
  private readonly lab: LabDefinition;
  private readonly machine: Machine;
  private readonly metAt = new Map<string, number>();
  private readonly why = new Map<string, string>();
  /** Per unmet objective, what its last check read (absent: check it on the next update). */
  private readonly reads = new Map<string, Reads>();

  constructor(lab: LabDefinition, machine: Machine) {
    this.lab = lab;
    this.machine = machine;
    this.update();
  }

  /**
   * Re-evaluate unmet objectives. An objective is checked again only when something it
   * read may have changed: a new event of a type it looked up, or (when it read the
   * machine or the whole log) anything at all. Each check is told where its new events
   * start (`ctx.from`), so a check over events costs what the new events cost.
   */
  update(): void {
    const log = this.machine.events;
    for (const o of this.lab.objectives) {
      if (this.metAt.has(o.id)) continue;
      const last = this.reads.get(o.id);
      if (last && !this.mayHaveChanged(last)) continue;
      const reads: Reads = { from: log.count, types: new Set(), wide: false };
      const ctx = trackingContext(this.machine, last?.from ?? 0, reads);
      if (o.kind === 'question') {
        const right = ctx.events.ofSince('lab.answer', ctx.from).find((e) => e.objective === o.id && e.correct);
        if (right) this.metAt.set(o.id, right.seq);
        else this.why.set(o.id, questionGate(o, ctx).why || 'Not answered correctly yet.');
        this.reads.set(o.id, reads);
        continue;
      }
      let result: CheckResult;
      try {
        result = o.check(ctx);
      } catch (err) {
        result = { done: false, why: `The check failed: ${err instanceof Error ? err.message : String(err)}` };
        // Try again on the next update, from the same events.
        reads.wide = true;
        reads.from = last?.from ?? 0;
      }
      if (result.done) {
        this.metAt.set(o.id, log.count);
        this.reads.delete(o.id);
      } else {
        this.why.set(o.id, result.why);
        this.reads.set(o.id, reads);
      }
    }
  }

  private mayHaveChanged(reads: Reads): boolean {
    const log = this.machine.events;
    if (reads.wide) return true;
    if (log.count === reads.from) return false;
    for (const type of reads.types) {
      const same = log.of(type);
      if (same.length > 0 && same[same.length - 1].seq >= reads.from) return true;
    }
    return false;
  }

  /** What this grader knows, as plain data. */
  save(): GraderState {
    return { metAt: [...this.metAt], why: [...this.why] };
  }

  /** Take back what `save()` returned (for the same lab, with the machine's events restored). */
  load(state: GraderState): void {
    const ids = new Set(this.lab.objectives.map((o) => o.id));
    this.metAt.clear();
    this.why.clear();
    this.reads.clear();
    for (const [id, seq] of state.metAt) if (ids.has(id)) this.metAt.set(id, seq);
    for (const [id, text] of state.why) if (ids.has(id)) this.why.set(id, text);
  }

  statuses(): ObjectiveStatus[] {
    return this.lab.objectives.map((o) => {
      const gate = o.kind === 'question' && !this.metAt.has(o.id) ? questionGate(o, this.context()) : null;
      return {
        id: o.id,
        title: o.title,
        kind: o.kind,
        done: this.metAt.has(o.id),
        why: this.metAt.has(o.id) ? '' : (this.why.get(o.id) ?? ''),
        metAt: this.metAt.get(o.id) ?? null,
        hintsTaken: this.hintsTaken(o.id),
        hintsTotal: o.hints.length,
        open: gate ? gate.open : true,
        attemptsLeft: gate ? gate.left : null,
      };
    });
  }

  private context(): ObjectiveContext {
    return { events: this.machine.events, machine: this.machine, from: 0 };
  }

  score(): { done: number; total: number } {
    return { done: this.metAt.size, total: this.lab.objectives.length };
  }

  hintsTaken(id: string): number {
    let taken = 0;
    for (const e of this.machine.events.of('lab.hint')) if (e.objective === id) taken++;
    return taken;
  }

  statusText(prefix = 'lab'): string {
    const { done, total } = this.score();
    const lines = [`${this.lab.title} (${this.lab.id}): ${done} of ${total} objectives met`];
    for (const s of this.statuses()) {
      const mark = s.done ? '[x]' : '[ ]';
      const tag = s.kind === 'question' ? ` (question: ${prefix} answer ${s.id} <answer>)` : '';
      lines.push(`  ${mark} ${s.id}: ${s.title}${tag}`);
      if (!s.done && s.why) lines.push(`        ${s.why}`);
    }
    if (this.lab.objectives.some((o) => o.kind === 'question')) lines.push('', `${prefix} questions shows each question with its choices.`);
    return lines.join('\n') + '\n';
  }

  questionsText(prefix = 'lab'): string {
    const qs = this.lab.objectives.filter((o): o is QuestionObjective => o.kind === 'question');
    if (qs.length === 0) return 'This lab has no questions.\n';
    const lines: string[] = [];
    for (const q of qs) {
      const gate = questionGate(q, this.context());
      const done = this.metAt.has(q.id);
      const cap = q.maxAttempts === undefined ? '' : ` [${gate.left} of ${q.maxAttempts} attempts left]`;
      lines.push(`${q.id}${done ? ' (answered)' : cap}: ${q.question}`);
      if (!done && !gate.open) {
        lines.push(`  (closed) ${gate.why}`);
        continue;
      }
      for (const c of q.choices ?? []) lines.push(`  ${c.key}) ${c.text}`);
      if (!q.choices && q.placeholder) lines.push(`  (answer with ${q.placeholder})`);
    }
    lines.push('', `Answer with: ${prefix} answer <id> <answer>`);
    return lines.join('\n') + '\n';
  }

  /** Next rung of the hint ladder for an objective (default: the first unmet). */
  hint(id?: string): string {
    const target = id === undefined ? this.lab.objectives.find((o) => !this.metAt.has(o.id)) : this.find(id);
    if (!target) {
      return id === undefined ? 'Every objective is met: nothing left to hint at.\n' : this.unknown(id);
    }
    const taken = this.hintsTaken(target.id);
    const total = target.hints.length;
    const level = Math.min(taken, total - 1);
    if (taken < total) this.machine.events.emit('lab.hint', { objective: target.id, level: level + 1, givesAway: level === 3 });
    const next = level + 1 === 3 && total === 4 ? '\n(The next hint gives it away.)' : '';
    return `${rungName(level + 1)} for ${target.id} (${level + 1} of ${total}): ${target.hints[level]}${next}\n`;
  }

  answer(id: string, answer: string, prefix = 'lab'): string {
    const target = this.find(id);
    if (!target) return this.unknown(id);
    if (target.kind !== 'question') {
      return `'${id}' is a task, not a question: it is met by doing it (try ${prefix} hint ${id}).\n`;
    }
    if (!normalizeAnswer(answer)) return `Usage: ${prefix} answer ${id} <answer>\n`;
    const ctx = this.context();
    if (!this.metAt.has(target.id)) {
      const gate = questionGate(target, ctx);
      if (!gate.open) return `Not yet: ${gate.why}\n`;
    }
    const grade = target.grade(answer, ctx);
    this.machine.events.emit('lab.answer', { objective: target.id, answer, correct: grade.correct, feedback: grade.feedback });
    this.update();
    return `${grade.correct ? 'Correct.' : 'Not quite.'} ${grade.feedback}\n`;
  }

  private find(id: string): Objective | undefined {
    const key = id.trim().toLowerCase();
    return this.lab.objectives.find((o) => o.id === key);
  }

  private unknown(id: string): string {
    return `No objective '${id}' in this lab. Objectives: ${this.lab.objectives.map((o) => o.id).join(', ')}\n`;
  }
}

/** The context one check sees, noting in `reads` what it looked at. */
function trackingContext(machine: Machine, from: number, reads: Reads): ObjectiveContext {
  const log = machine.events;
  const events: EventView = {
    get all() {
      reads.wide = true;
      return log.all;
    },
    get count() {
      reads.wide = true;
      return log.count;
    },
    of(type) {
      reads.types.add(type);
      return log.of(type);
    },
    ofSince(type, since) {
      reads.types.add(type);
      return log.ofSince(type, since);
    },
    since(since) {
      reads.wide = true;
      return log.since(since);
    },
  };
  return {
    events,
    from,
    get machine() {
      reads.wide = true;
      return machine;
    },
  };
}
