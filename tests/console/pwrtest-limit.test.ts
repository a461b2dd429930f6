import { describe, expect, it } from 'vitest';
import driverLab from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';

describe('pwrtest cycle limit (a lab limit, said as one)', () => {
  it('refuses more than 100 cycles at once, quickly, and runs 100', () => {
    const s = new LabSession(driverLab);
    const refused = s.submit('pwrtest /sleep /c:100000');
    expect(refused.output).toContain('Lab note: this lab machine runs at most 100 cycles in one pwrtest command (/c:100000 asked for).');
    expect(s.machine.events.of('console.command').at(-1)?.status).toBe(87);
    const ran = s.submit('pwrtest /sleep /c:100 /d:0');
    expect(ran.output).toContain('End: Sleep Scenario (100 of 100 cycles passed)');
  });
});

describe('pwrtest numbers that do not fit its 32-bit parameters', () => {
  it('refuses them as invalid arguments and leaves the clock alone', () => {
    const s = new LabSession(driverLab);
    const before = s.machine.clock.now();
    for (const arg of ['/p:99999999999999999999999', '/d:4294967296', '/c:1e9', '/p:0x10', '/p:-1']) {
      const r = s.submit(`pwrtest /sleep ${arg}`);
      expect(r.output).toContain(`ERROR: Invalid argument '${arg}'.`);
      expect(s.machine.events.of('console.command').at(-1)?.status).toBe(87);
    }
    // Only the seconds each typed command takes, never the absurd sleep.
    expect(s.machine.clock.now() - before).toBeLessThan(60_000);
    expect(s.machine.events.of('po.systemPowerState')).toEqual([]);
  });
});
