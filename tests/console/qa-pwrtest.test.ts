import { describe, expect, it } from 'vitest';
import { session } from './helpers.ts';

describe('pwrtest /s: QA regressions', () => {
  it('/s:all and /s:rnd run over the supported states instead of claiming the system lacks them', () => {
    const { s, run } = session();
    const all = run('pwrtest /sleep /s:all /c:3 /p:1 /d:0');
    expect(all.status).toBe(0);
    expect(all.out.match(/target S\d/g)).toEqual(['target S3', 'target S4', 'target S3']);
    expect(s.machine.events.of('po.systemPowerState').map((e) => e.state)).toEqual(['S3', 'S0', 'S4', 'S0', 'S3', 'S0']);
    const rnd = run('pwrtest /sleep /s:rnd /c:4 /p:1 /d:0');
    expect(rnd.status).toBe(0);
    expect(rnd.out).toContain('End: Sleep Scenario (4 of 4 cycles passed)');
    for (const t of rnd.out.match(/target S\d/g) ?? []) expect(['target S3', 'target S4']).toContain(t);
    expect(run('pwrtest /sleep /s:1').status).toBe(50);
  });
});
