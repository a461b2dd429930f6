/** Every lab proves itself: its model solution meets every objective; each known-wrong attempt does not. */
import { describe, expect, it } from 'vitest';
import { labIds, loadLab } from '../../labs/registry.ts';
import { validateLab, type LabDefinition } from '../../src/lab/schema.ts';
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
