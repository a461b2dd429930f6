/**
 * A console tool is a process for its command's duration; when it exits, nothing references its
 * EPROCESS/ETHREAD any more, so their objects, pool blocks and handle table go. Before this, every
 * tool command left two objects and their pool behind, and a long session's machine (and every
 * checkpoint and replay of it) grew without end.
 */
import { describe, expect, it } from 'vitest';
import lab from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import { kernelOf } from '../../src/kernel/nt.ts';

describe('an exited tool leaves nothing behind', () => {
  it('the machine does not grow over repeated tool commands', () => {
    const s = new LabSession(lab);
    s.submit('sc query');
    const size = () => JSON.stringify(s.machine.snapshot()).length;
    const k = kernelOf(s.machine);
    if (!k) throw new Error('no kernel');
    const objects = () => Object.values(k.ob.state.objects).filter((o) => o.Type === 'Process' || o.Type === 'Thread').length;
    const before = { size: size(), objects: objects() };
    for (let i = 0; i < 24; i++) s.submit(['sc query', 'devcon status *', 'dbgview', 'driverquery', 'tasklist', 'reg query HKLM\\SYSTEM\\Select'][i % 6]);
    expect(objects()).toBe(before.objects);
    // The clock's digits and the like may grow a little; a leak grows by hundreds of bytes a command.
    expect(size() - before.size).toBeLessThan(200);
  });
});
