import { describe, expect, it } from 'vitest';
import lab from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';

describe('lab driver-loading: QA regressions', () => {
  it('grades by driver image, so a student may name the services as they like', () => {
    const s = new LabSession(lab);
    const renamed = lab.solution.map((l) => l.replace(/SwLegacy(?!Dispatch)/g, 'MyMonitor').replace(/SwNoUnload/g, 'Stuck'));
    expect(renamed.join('\n')).not.toMatch(/SwLegacy(?!Dispatch)|SwNoUnload/);
    for (const line of renamed) s.play(line);
    expect(
      s
        .objectives()
        .filter((o) => !o.done)
        .map((o) => o.id),
    ).toEqual([]);
    expect(s.machine.events.of('kernel.driverLoaded').map((e) => [e.service, e.image])).toContainEqual(['MyMonitor', 'swlegacy']);
  });

  it('a service with the expected name but another image does not count as loading swlegacy.sys', () => {
    const s = new LabSession(lab);
    s.submit('sc create SwLegacy type= kernel binPath= C:\\Drivers\\swnounload.sys');
    s.submit('sc start SwLegacy');
    s.submit('sc query SwLegacy');
    s.submit('sc qc SwLegacy');
    const unmet = s
      .objectives()
      .filter((o) => !o.done)
      .map((o) => o.id);
    expect(unmet).toContain('load-legacy');
    expect(unmet).toContain('inspect-legacy');
  });
});
