/** The debrief is built from the session: the student's own lines beside the article's claims. */
import { describe, expect, it } from 'vitest';
import driverLoading from '../../labs/driver-loading/lab.ts';
import race from '../../labs/race-0x3b/lab.ts';
import welcome from '../../labs/welcome/lab.ts';
import { buildDebrief } from '../../src/lab/debrief.ts';
import { LabSession } from '../../src/lab/session.ts';
import { runHeadless } from '../../src/terminal/headless.ts';

const debriefOf = (s: LabSession) => buildDebrief(s.lab, s.objectives(), s.events);

describe('debrief', () => {
  it('covers every objective of every lab exactly once', () => {
    for (const lab of [welcome, driverLoading, race]) {
      const named = (lab.debrief ?? []).flatMap((d) => d.objectives);
      expect([...named].sort(), lab.id).toEqual(lab.objectives.map((o) => o.id).sort());
    }
  });

  it('quotes the student’s own commands, not the model solution’s', () => {
    const s = new LabSession(race);
    for (const line of ['!analyze -v', '.cxr fffff88005f45960', '.lab answer faulting-register @rsi']) s.submit(line);
    const first = debriefOf(s).parts[0];
    expect(first.claims).toEqual(['C2', 'C3', 'C4']);
    expect(first.steps.map((x) => x.did)).toEqual(['!analyze -v', '.cxr fffff88005f45960', '.lab answer faulting-register @rsi']);
    expect(first.complete).toBe(true);
    const last = debriefOf(s).parts.at(-1);
    expect(last?.steps).toEqual([{ objective: 'verdict', title: 'Decide what the evidence supports', done: false, did: '' }]);
  });

  it('shows an answer given in the panel, the hints taken and a solution view', () => {
    const s = new LabSession(welcome);
    s.submit('help');
    s.hint('clear-screen');
    s.viewSolution();
    s.answer('aids', 'lab hint');
    const d = debriefOf(s);
    expect(d.parts[1].steps[0]).toMatchObject({ objective: 'aids', done: true, did: 'answered: lab hint' });
    expect(d).toMatchObject({ done: 2, total: 5, hints: 1, solutionViewed: true });
  });

  it('after the model solution, every part is complete', () => {
    for (const lab of [welcome, driverLoading, race]) {
      const s = runHeadless(lab, lab.solution.join('\n') + '\n').session;
      expect(
        debriefOf(s).parts.every((p) => p.complete && p.steps.every((x) => x.did !== '')),
        lab.id,
      ).toBe(true);
    }
  });
});
