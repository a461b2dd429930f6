import { describe, expect, it } from 'vitest';
import lab from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import { validateLab } from '../../src/lab/schema.ts';

describe('lab driver-loading', () => {
  it('is a valid lab', () => {
    expect(validateLab(lab)).toEqual([]);
  });

  it('the model solution meets every objective', () => {
    const s = new LabSession(lab);
    for (const line of lab.solution) s.play(line);
    expect(
      s
        .objectives()
        .filter((o) => !o.done)
        .map((o) => o.id),
    ).toEqual([]);
  });

  for (const attempt of lab.wrong) {
    it(`wrong attempt leaves its objectives unmet: ${attempt.name}`, () => {
      const s = new LabSession(lab);
      for (const line of attempt.input) s.play(line);
      const unmet = s
        .objectives()
        .filter((o) => !o.done)
        .map((o) => o.id);
      for (const id of attempt.unmet) expect(unmet).toContain(id);
    });
  }

  it('does not count a dbgview that was cleared after the sleep', () => {
    const s = new LabSession(lab);
    for (const line of [...lab.solution.slice(0, 7), 'pwrtest /sleep']) s.play(line);
    s.submit('dbgview /clear');
    s.submit('dbgview');
    expect(s.objectives().find((o) => o.id === 'sleep-and-compare')?.done).toBe(false);
    s.submit('dbgview /all');
    expect(s.objectives().find((o) => o.id === 'sleep-and-compare')?.done).toBe(true);
  });
});

describe('lab driver-loading grading', () => {
  it('inspect-legacy needs sc query while running and sc qc, not a driver listing', () => {
    const s = new LabSession(lab);
    s.submit('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys');
    s.submit('sc start SwLegacy');
    s.submit('driverquery /v');
    s.submit('sc query type= driver');
    const done = () => s.objectives().find((o) => o.id === 'inspect-legacy')?.done;
    expect(done()).toBe(false);
    s.submit('sc qc SwLegacy');
    expect(done()).toBe(false);
    s.submit('sc queryex SwLegacy');
    expect(done()).toBe(true);
  });
});
