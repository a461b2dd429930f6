import { describe, expect, it } from 'vitest';
import type { LabActivity } from '../../src/stores/activity.ts';
import { ClassroomModel } from '../../src/server/model.ts';
import { STUCK_RULE, isIdle, isStuck } from '../../src/server/stuck.ts';
import { met, open, step } from './helpers.ts';

const MIN = 60_000;
const T0 = 1_800_000_000_000;

function model(): { m: ClassroomModel; add: (a: LabActivity, at: number) => boolean } {
  const m = new ClassroomModel();
  m.addStudent({ id: 's1', name: 'Ana', joinedAt: T0 });
  let seq = 0;
  return {
    m,
    add: (a, at) => {
      seq++;
      return m.apply({ seq, studentId: 's1', id: `e${seq}`, at, received: at, activity: a });
    },
  };
}

const hint = (index: number, objective: string, level = 0): LabActivity => ({ lab: 'welcome', attempt: 0, index, kind: 'hint', objective, level });
const answer = (index: number, objective: string, correct: boolean, attempt = 0): LabActivity => ({
  lab: 'welcome',
  attempt,
  index,
  kind: 'answer',
  objective,
  answer: 'b',
  correct,
});
const reset = (index: number, attempt: number): LabActivity => ({ lab: 'welcome', attempt, index, kind: 'reset' });

describe('classroom model', () => {
  it('learns a lab’s objectives from open and reports the first unmet one', () => {
    const { m, add } = model();
    expect(add(open(), T0)).toBe(true);
    expect(add(open(), T0 + 1)).toBe(false);
    expect(m.labs()).toEqual([
      {
        id: 'welcome',
        objectives: [
          { id: 'start', title: 'Start the console' },
          { id: 'query', title: 'Query the driver' },
        ],
      },
    ]);
    expect(m.summary('s1', true)?.current).toEqual({ lab: 'welcome', objective: 'start', since: T0, failed: 0, hints: 0 });
    add(met(2, 'start'), T0 + 3 * MIN);
    expect(m.summary('s1', true)?.current).toEqual({ lab: 'welcome', objective: 'query', since: T0 + 3 * MIN, failed: 0, hints: 0 });
    add(met(5, 'query', 2), T0 + 5 * MIN);
    const s = m.summary('s1', true)!;
    expect(s.current?.objective).toBeNull();
    expect(s.labs.welcome.met).toEqual({ start: { at: T0 + 3 * MIN, hints: 0 }, query: { at: T0 + 5 * MIN, hints: 2 } });
  });

  it('counts failures and hints on the current objective only, from when it became current', () => {
    const { m, add } = model();
    add(open(), T0);
    add(step(1, 'bogus', 9009), T0 + 1);
    add(answer(2, 'start', false), T0 + 2);
    add(hint(3, 'start'), T0 + 3);
    add(step(4, 'ver', 0), T0 + 4);
    add(step(5, 'ver', null), T0 + 5);
    expect(m.summary('s1', true)?.current).toMatchObject({ objective: 'start', failed: 2, hints: 1 });
    add(met(6, 'start'), T0 + 6);
    expect(m.summary('s1', true)?.current).toMatchObject({ objective: 'query', failed: 0, hints: 0 });
    const p = m.summary('s1', true)!.labs.welcome;
    expect([p.failedCommands, p.wrongAnswers, p.steps, p.hints.start]).toEqual([1, 1, 3, 1]);
  });

  it('starts over after a reset but keeps the grade', () => {
    const { m, add } = model();
    add(open(), T0);
    add(met(1, 'start'), T0 + MIN);
    add(reset(2, 1), T0 + 2 * MIN);
    let s = m.summary('s1', true)!;
    expect(s.current).toMatchObject({ objective: 'start', since: T0 + 2 * MIN });
    expect(s.labs.welcome.met.start.at).toBe(T0 + MIN);
    expect(s.labs.welcome.resets).toBe(1);
    // The first events of the new attempt do not clear the lab a second time.
    add(step(0, 'ver', 0, 'welcome', 1), T0 + 3 * MIN);
    add(met(1, 'start', 0, 'welcome', 1), T0 + 4 * MIN);
    s = m.summary('s1', true)!;
    expect(s.current?.objective).toBe('query');
    expect(s.labs.welcome.met.start.at).toBe(T0 + MIN);
    expect(s.labs.welcome.attempt).toBe(1);
  });

  it('lets a late event from an older attempt count for grades but not for the current work', () => {
    const { m, add } = model();
    add(open('welcome', 1, 0), T0);
    add(answer(3, 'start', false, 0), T0 + 1);
    add(met(4, 'query', 0, 'welcome', 0), T0 + 2);
    const s = m.summary('s1', true)!;
    expect(s.current).toMatchObject({ objective: 'start', failed: 0 });
    expect(s.labs.welcome.met.query).toEqual({ at: T0 + 2, hints: 0 });
    expect(s.labs.welcome.wrongAnswers).toBe(1);
  });

  it('follows the student to the lab they touched last', () => {
    const { m, add } = model();
    add(open('welcome'), T0);
    add(open('drivers'), T0 + 1);
    expect(m.summary('s1', true)?.current?.lab).toBe('drivers');
    add(step(1, 'ver', 0, 'welcome'), T0 + 2);
    expect(m.summary('s1', true)?.current?.lab).toBe('welcome');
  });
});

describe('stuck rule', () => {
  it('is stuck after the time limit or the failure limit on an unmet objective', () => {
    const { m, add } = model();
    add(open(), T0);
    const at = (ms: number) => isStuck(m.summary('s1', true)!, T0 + ms);
    expect(at(STUCK_RULE.minutes * MIN - 1)).toBe(false);
    expect(at(STUCK_RULE.minutes * MIN)).toBe(true);
    for (let i = 1; i < STUCK_RULE.failed; i++) add(step(i, 'bad', 2), T0 + i);
    expect(at(MIN)).toBe(false);
    add(step(9, 'bad', 2), T0 + 9);
    expect(at(MIN)).toBe(true);
    add(met(10, 'start'), T0 + 2 * MIN);
    expect(at(3 * MIN)).toBe(false);
  });

  it('is never stuck once every objective is met, and idle is separate', () => {
    const { m, add } = model();
    add(open(), T0);
    add(met(1, 'start'), T0);
    add(met(2, 'query'), T0);
    const s = m.summary('s1', true)!;
    expect(isStuck(s, T0 + 60 * MIN)).toBe(false);
    expect(isIdle(s, T0 + STUCK_RULE.idleMinutes * MIN)).toBe(true);
    expect(isIdle(s, T0 + STUCK_RULE.idleMinutes * MIN - 1)).toBe(false);
  });

  it('states its numbers in the text shown on the dashboard', () => {
    expect(STUCK_RULE.text).toContain(`${STUCK_RULE.minutes} minutes`);
    expect(STUCK_RULE.text).toContain(`${STUCK_RULE.failed} or more times`);
    expect(STUCK_RULE.text).toContain(`${STUCK_RULE.idleMinutes} minutes`);
  });
});
