/** The race-0x3b lab: the model solution meets every objective; equivalent forms count alike; wrong attempts do not. */
import { describe, expect, it } from 'vitest';
import lab from '../../labs/race-0x3b/lab.ts';
import { validateLab } from '../../src/lab/schema.ts';
import { LabSession } from '../../src/lab/session.ts';

function play(lines: readonly string[]): LabSession {
  const s = new LabSession(lab);
  for (const l of lines) s.play(l);
  return s;
}

const done = (s: LabSession): string[] => s.objectives().filter((o) => o.done).map((o) => o.id);

describe('lab race-0x3b', () => {
  it('is valid and starts at the kd> prompt of processor 2, after the opening analysis', () => {
    expect(validateLab(lab)).toEqual([]);
    const s = new LabSession(lab);
    expect(s.prompt()).toBe('2: kd> ');
    expect(s.initialOutput).toContain('Loading Dump File [C:\\Windows\\MEMORY.DMP]');
    expect(s.initialOutput).toContain('BugCheck 3B, {c0000005, fffff8800106f141, fffff88005f45960, 0}');
    expect(s.initialOutput).toContain('Probably caused by : fltmgr.sys ( fltmgr!TreeUnlinkMulti+51 )');
    expect(done(s)).toEqual([]);
  });

  it('is met in full by the model solution', () => {
    const s = play(lab.solution);
    expect(s.objectives().filter((o) => !o.done).map((o) => o.id)).toEqual([]);
  });

  it('counts equivalent forms alike', () => {
    const s = play([
      '!ANALYZE -v',
      '.cxr fffff880`05f45960',
      'uf fltmgr!TreeUnlinkMulti',
      'dp fffffa80`08e13310 L2',
      '!pool fffffa80`08e13318',
      'dt _STREAM_LIST_CTRL @rcx-98',
      'dt _NAME_CACHE_NODE poi(@rcx)-18',
    ]);
    expect(done(s)).toEqual(['analyze', 'exception-context', 'walk-back', 'load-source', 'pool-block', 'structure', 'name-cache-node']);
  });

  it('counts the article\'s own way of reading the tree root, and !pool anywhere in the block', () => {
    const s = play(['.cxr 0xfffff88005f45960', 'dt _NAME_CACHE_LIST_CTRL @rcx-8 /b', '!pool fffffa8008e13280']);
    expect(done(s)).toEqual(['exception-context', 'load-source', 'pool-block']);
    expect(done(play(['.cxr 0xfffff88005f45960', 'dt _NAME_CACHE_LIST_CTRL @rcx-8', '!pool fffffa8008e13330']))).toEqual(['exception-context']);
  });

  it('counts walking back with ub or u alike', () => {
    expect(done(play(['ub fltmgr!TreeUnlinkMulti+0x51 L0n13']))).toEqual(['walk-back']);
    expect(done(play(['u fffff880`0106f11e L1']))).toEqual(['walk-back']);
    expect(done(play(['ub fltmgr!TreeUnlinkMulti+0x51 L4']))).toEqual([]);
  });

  it('does not count @rcx read in the wrong context', () => {
    const s = play(['dq @rcx l1', '!pool @rcx', 'dt _STREAM_LIST_CTRL @rcx-98']);
    expect(done(s)).toEqual([]);
  });

  for (const wrong of lab.wrong) {
    it(`wrong attempt "${wrong.name}" leaves ${wrong.unmet.join(', ')} unmet`, () => {
      const met = new Set(done(play(wrong.input)));
      for (const id of wrong.unmet) expect(met.has(id), id).toBe(false);
    });
  }

  it('teaches through the answers', () => {
    const s = new LabSession(lab);
    expect(s.submit('.lab answer verdict c').output).toContain('Not quite.');
    expect(s.submit('.lab answer faulting-register @RSI').output).toContain('Correct.');
    expect(s.submit('.lab answer field fltmgr!_STREAM_LIST_CTRL.OpenedNameCache').output).toContain('Correct.');
  });
});
