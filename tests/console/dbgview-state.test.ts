/**
 * DebugView's Clear Display mark is the tool's own state, kept by the console it runs in,
 * not the machine's: clearing changes nothing in the kernel, survives a session checkpoint,
 * and ends with the logon session (a new DebugView starts with everything since boot).
 */
import { describe, expect, it } from 'vitest';
import { kernelOf } from '../../src/kernel/nt.ts';
import { session } from './helpers.ts';

const EMPTY = '#        Time            Debug Print\n\n';

function loaded() {
  const t = session();
  t.run('sc create SwLegacy type= kernel start= demand binPath= C:\\Drivers\\swlegacy.sys');
  t.run('sc start SwLegacy');
  return t;
}

describe('DebugView keeps its own clear mark', () => {
  it('clearing the display changes nothing in the machine', () => {
    const { s, run } = loaded();
    const k = kernelOf(s.machine);
    const before = JSON.stringify(k?.rtl.state);
    expect(run('dbgview /clear').out).toBe('Display cleared.\n\n');
    expect(JSON.stringify(k?.rtl.state)).toBe(before);
    expect(run('dbgview').out).toBe(EMPTY);
  });

  it("the mark is part of the console's checkpoint", () => {
    const { s, run } = loaded();
    const cp = s.checkpoint();
    run('dbgview /clear');
    const cleared = s.checkpoint();
    if (!cp || !cleared) throw new Error('no checkpoint');
    s.restoreCheckpoint(cp);
    expect(run('dbgview').out).toContain('SwLegacy: DriverEntry');
    s.restoreCheckpoint(cleared);
    expect(run('dbgview').out).toBe(EMPTY);
  });

  it('logging off ends DebugView: the next one shows everything since boot', () => {
    const { run } = loaded();
    run('dbgview /clear');
    run('shutdown /l');
    expect(run('dbgview').out).toContain('SwLegacy: DriverEntry');
  });
});
