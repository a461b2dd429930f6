/**
 * Grades a lab: evaluates objectives against events and machine state after
 * every step. An objective, once met, stays met (the student did it). Hints and
 * answers are recorded as events, so progress is rebuilt by replay.
 */
import type { Machine } from '../kernel/machine.ts';
import { normalizeAnswer, questionGate } from './objectives.ts';
import { rungName, type LabDefinition, type Objective, type ObjectiveContext, type QuestionObjective } from './schema.ts';

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

export class LabGrader {
  private readonly lab: LabDefinition;
  private readonly machine: Machine;
  private readonly metAt = new Map<string, number>();
  private readonly why = new Map<string, string>();

  constructor(lab: LabDefinition, machine: Machine) {
    this.lab = lab;
    this.machine = machine;
    this.update();
  }

  /** Re-evaluate unmet objectives. */
  update(): void {
    const ctx = { events: this.machine.events, machine: this.machine };
    for (const o of this.lab.objectives) {
      if (this.metAt.has(o.id)) continue;
      if (o.kind === 'question') {
        const right = ctx.events.of('lab.answer').find((e) => e.objective === o.id && e.correct);
        if (right) this.metAt.set(o.id, right.seq);
        else this.why.set(o.id, questionGate(o, ctx).why || 'Not answered correctly yet.');
        continue;
      }
      let result;
      try {
        result = o.check(ctx);
      } catch (err) {
        result = { done: false as const, why: `The check failed: ${err instanceof Error ? err.message : String(err)}` };
      }
      if (result.done) this.metAt.set(o.id, this.machine.events.all.length);
      else this.why.set(o.id, result.why);
    }
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
    return { events: this.machine.events, machine: this.machine };
  }

  score(): { done: number; total: number } {
    return { done: this.metAt.size, total: this.lab.objectives.length };
  }

  hintsTaken(id: string): number {
    return this.machine.events.of('lab.hint').filter((e) => e.objective === id).length;
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
