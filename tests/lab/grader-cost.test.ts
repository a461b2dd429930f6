/**
 * A command's cost does not grow with the session: objectives are re-checked only when
 * something they read changed, `whenEvent` sees each event once, devcon finds the next
 * instance id through an index and `>>` measures only what it appends. Bounded by counts.
 */
import { describe, expect, it, vi } from 'vitest';
import lab from '../../labs/driver-loading/lab.ts';
import { utf8Length } from '../../src/base/text.ts';
import { kernelOf } from '../../src/kernel/nt.ts';
import { Machine } from '../../src/kernel/machine.ts';
import { whenEvent } from '../../src/lab/objectives.ts';
import { defineLab } from '../../src/lab/schema.ts';
import { LabSession } from '../../src/lab/session.ts';
import { Console } from '../../src/console/console.ts';

function countingLab() {
  const calls = { pred: 0, eventCheck: 0, machineCheck: 0 };
  const def = defineLab({
    id: 'cost',
    title: 'cost',
    summary: 'cost',
    machine: (seed) => new Machine({ seed }),
    program: (m) => new Console(m, { banner: false }),
    objectives: [
      whenEvent({ id: 'never', title: 'never', why: 'no', hints: ['a', 'b', 'c'] }, 'console.command', (e) => {
        calls.pred++;
        return e.command === 'nothing-like-this';
      }),
      {
        kind: 'task',
        id: 'hints',
        title: 'looks only at hints',
        hints: ['a', 'b', 'c'],
        check: (ctx) => {
          calls.eventCheck++;
          return ctx.events.of('lab.hint').length > 5 ? { done: true } : { done: false, why: 'few' };
        },
      },
      {
        kind: 'task',
        id: 'machine',
        title: 'reads the machine',
        hints: ['a', 'b', 'c'],
        check: (ctx) => {
          calls.machineCheck++;
          return ctx.machine.clock.now() < 0 ? { done: true } : { done: false, why: 'never' };
        },
      },
    ],
    solution: ['ver'],
    wrong: [{ name: 'x', input: ['ver'], unmet: ['never'] }],
  });
  return { def, calls };
}

describe('grader cost', () => {
  it('whenEvent looks at each event of its type once, however long the session', () => {
    const { def, calls } = countingLab();
    const s = new LabSession(def);
    for (let i = 0; i < 200; i++) s.submit('ver');
    // 200 console.command events: each seen once (a full re-scan would be 200 * 201 / 2).
    expect(calls.pred).toBe(200);
  });

  it('skips a check whose event types saw nothing new, and re-checks one that reads the machine', () => {
    const { def, calls } = countingLab();
    const s = new LabSession(def);
    for (let i = 0; i < 50; i++) s.submit('ver');
    expect(calls.eventCheck).toBe(1);
    expect(calls.machineCheck).toBe(51);
    s.hint('hints');
    expect(calls.eventCheck).toBe(2);
  });

  it('still meets an objective from events old and new after a checkpoint is restored', () => {
    const s = new LabSession(lab);
    s.submit('sc create SwLegacy type= kernel start= demand binPath= C:\\Drivers\\swlegacy.sys');
    s.submit('sc start SwLegacy');
    s.submit('sc query SwLegacy');
    const cp = s.checkpoint();
    if (!cp) throw new Error('no checkpoint');
    const again = LabSession.resume(lab, cp, s.log);
    again.submit('sc qc SwLegacy');
    expect(again.objectives().find((o) => o.id === 'inspect-legacy')?.done).toBe(true);
  });
});

describe('devcon install finds the next instance id through an index', () => {
  it('does not walk every devnode, and stays right after removals and restores', () => {
    const s = new LabSession(lab);
    const k = kernelOf(s.machine);
    if (!k) throw new Error('no kernel');
    for (let i = 0; i < 3; i++) s.submit('devcon install swpnp.inf Root\\SwPnp');
    const all = vi.spyOn(k.pnp, 'all');
    expect(k.pnp.nextRootInstance('SAMPLE')).toMatch(/\\0003$/);
    expect(all).not.toHaveBeenCalled();
    all.mockRestore();
    const snap = s.machine.snapshot();
    s.submit('devcon remove @ROOT\\SAMPLE\\0001');
    expect(k.pnp.byInstance('ROOT\\SAMPLE\\0001')).toBeUndefined();
    expect(k.pnp.nextRootInstance('SAMPLE')).toMatch(/\\0001$/);
    s.machine.restore(snap);
    expect(k.pnp.byInstance('root\\sample\\0001')?.InstancePath).toBe('ROOT\\SAMPLE\\0001');
    expect(k.pnp.nextRootInstance('SAMPLE')).toMatch(/\\0003$/);
  });
});

describe('>> appends without re-encoding the file', () => {
  it('keeps the size in UTF-8 bytes and encodes nothing while appending', () => {
    const s = new LabSession(lab);
    const k = kernelOf(s.machine);
    if (!k) throw new Error('no kernel');
    s.submit('echo Grüße € 😀 > log.txt');
    const encode = vi.spyOn(TextEncoder.prototype, 'encode');
    for (let i = 0; i < 20; i++) s.submit('echo Grüße € 😀 >> log.txt');
    expect(encode).not.toHaveBeenCalled();
    encode.mockRestore();
    const file = k.fs.file('C:\\Drivers\\log.txt');
    const content = file?.content ?? '';
    expect(content.split('\n').filter(Boolean)).toHaveLength(21);
    expect(file?.size).toBe(new TextEncoder().encode(content).length);
    expect(utf8Length('a\u00e9\u20ac\u{1f600}')).toBe(1 + 2 + 3 + 4);
  });
});
