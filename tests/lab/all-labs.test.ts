/** Every lab proves itself: its model solution meets every objective; each known-wrong attempt does not. */
import { describe, expect, it } from 'vitest';
import { labIds, loadLab } from '../../labs/registry.ts';
import { validateLab, type LabDefinition, type QuestionObjective } from '../../src/lab/schema.ts';
import { LabSession } from '../../src/lab/session.ts';
import { runHeadless } from '../../src/terminal/headless.ts';

const labs: LabDefinition[] = [];
for (const id of labIds()) {
  const lab = await loadLab(id);
  if (lab) labs.push(lab);
}

describe.each(labs.map((lab) => [lab.id, lab] as const))('lab %s', (_id, lab) => {
  it('is a valid definition', () => {
    expect(validateLab(lab)).toEqual([]);
  });

  it('is met in full by its model solution, replayed through the terminal', () => {
    const result = runHeadless(lab, lab.solution.join('\n') + '\n');
    const unmet = result.objectives.filter((o) => !o.done).map((o) => o.id);
    expect(unmet).toEqual([]);
    expect(result.score).toEqual({ done: lab.objectives.length, total: lab.objectives.length });
  });

  it('rebuilds the same state when its input log is replayed', () => {
    const first = runHeadless(lab, lab.solution.join('\n') + '\n').session;
    const again = LabSession.replay(lab, first.log);
    expect(again.events).toEqual(first.events);
    expect(again.machine.snapshot()).toEqual(first.machine.snapshot());
    expect(again.screen).toEqual(first.screen);
  });

  const questions = lab.objectives.filter((o): o is QuestionObjective => o.kind === 'question');
  /** The model solution's line that answers `q`: `lab answer <id> …` or `.lab answer <id> …`. */
  const answerLine = (q: QuestionObjective) => lab.solution.findIndex((l) => new RegExp(`^\\.?lab answer ${q.id} `, 'i').test(l));

  for (const q of questions) {
    it(`question ${q.id} cannot be met before its evidence exists`, () => {
      expect(q.evidence, 'every question declares the evidence it is about').toBeTypeOf('function');
      const at = answerLine(q);
      expect(at, 'the model solution answers it').toBeGreaterThanOrEqual(0);
      const answer = lab.solution[at].replace(/^\S+\s+\S+\s+\S+\s+/, '');
      let closedSomewhere = false;
      // Stop the model solution before each of its lines, then answer right: met only if the evidence exists.
      for (let k = 0; k <= at; k++) {
        const session = LabSession.replay(
          lab,
          lab.solution.slice(0, k).map((text) => ({ kind: 'line' as const, text })),
        );
        const ctx = { events: session.machine.events, machine: session.machine, from: 0 };
        const ready = q.evidence?.(ctx).done === true;
        if (!ready) closedSomewhere = true;
        const before = session.objectives().find((o) => o.id === q.id);
        if (before?.done) continue; // answered earlier in the solution
        const feedback = session.answer(q.id, answer);
        const met = session.objectives().find((o) => o.id === q.id)?.done;
        expect(met, `after ${k} solution lines (evidence ${ready ? 'present' : 'absent'}): ${feedback}`).toBe(ready);
        if (!ready) expect(feedback).toMatch(/^Not yet: Still needed before this question opens: /);
      }
      expect(closedSomewhere, 'the question is closed on a fresh machine').toBe(true);
      const fresh = new LabSession(lab);
      expect(fresh.objectives().find((o) => o.id === q.id)?.open).toBe(false);
    });
  }

  for (const wrong of lab.wrong) {
    it(`known-wrong attempt "${wrong.name}" leaves ${wrong.unmet.join(', ')} unmet`, () => {
      const result = runHeadless(lab, wrong.input.join('\n') + '\n');
      const done = new Set(result.objectives.filter((o) => o.done).map((o) => o.id));
      for (const id of wrong.unmet) expect(done.has(id), `objective ${id}`).toBe(false);
    });
  }
});

it('has at least one lab', () => {
  expect(labs.length).toBeGreaterThan(0);
});
