/**
 * Lab isolation-filter grades a read by the view it really went through: IsoView.exe sees the
 * isolated view only through a handle opened while IsoFilter is loaded. A handle opened before
 * the filter came keeps reading the native file, and must not count as the isolated view.
 */
import { describe, expect, it } from 'vitest';
import lab from '../../labs/isolation-filter/lab.ts';
import { LabSession } from '../../src/lab/session.ts';

const done = (s: LabSession, id: string) => s.objectives().find((o) => o.id === id)?.done;

describe('isolation-filter: the two views objective', () => {
  it('a read from IsoView.exe through a handle opened before the filter loaded is a native read', () => {
    const s = new LabSession(lab);
    s.submit('filetest open plan.txt /as:IsoView.exe');
    for (const line of ['sc start IsoFull', 'fltmc load IsoFilter']) s.submit(line);
    expect(s.submit('filetest read 0x4').output).toContain('ISOFULL1');
    s.submit('filetest open plan.txt');
    s.submit('filetest read 0x8');
    expect(done(s, 'two-views')).toBe(false);
    expect(s.objectives().find((o) => o.id === 'two-views')?.why).toContain('with a handle opened while IsoFilter is loaded');
    // Opened again now that the filter is there: the isolated view.
    s.submit('filetest open plan.txt /as:IsoView.exe');
    expect(s.submit('filetest read 0xc').output).toContain('Quarterly plan');
    expect(done(s, 'two-views')).toBe(true);
  });
});
