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

const done = (s: LabSession): string[] =>
  s
    .objectives()
    .filter((o) => o.done)
    .map((o) => o.id);

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
    expect(
      s
        .objectives()
        .filter((o) => !o.done)
        .map((o) => o.id),
    ).toEqual([]);
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

  it("counts the article's own way of reading the tree root, and !pool anywhere in the block", () => {
    const s = play(['.cxr 0xfffff88005f45960', 'dt _NAME_CACHE_LIST_CTRL @rcx-8 /b', '!pool fffffa8008e13280']);
    expect(done(s)).toEqual(['exception-context', 'load-source', 'pool-block']);
    expect(done(play(['.cxr 0xfffff88005f45960', 'dt _NAME_CACHE_LIST_CTRL @rcx-8', '!pool fffffa8008e13330']))).toEqual(['exception-context']);
  });

  it('counts walking back with ub, u or uf alike, once both loads of RSI were on screen', () => {
    expect(done(play(['ub fltmgr!TreeUnlinkMulti+0x51 L0n13', 'u fltmgr!TreeUnlinkMulti+0x51 L10']))).toEqual(['walk-back']);
    expect(done(play(['uf fltmgr!TreeUnlinkMulti']))).toEqual(['walk-back']);
    // The first load alone is where the old lesson stopped: the loop back to +0x51 is missed.
    expect(done(play(['u fffff880`0106f11e L1']))).toEqual([]);
    expect(done(play(['u fltmgr!TreeUnlinkMulti L1a']))).toEqual([]);
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

  it('teaches through the answers, once the evidence is on screen', () => {
    const s = new LabSession(lab);
    expect(s.submit('.lab answer faulting-register rsi').output).toBe(
      'Not yet: Still needed before this question opens: see the faulting instruction with its registers: run !analyze -v, or switch to the exception context.\n',
    );
    s.submit('.cxr 0xfffff88005f45960');
    expect(s.submit('.lab answer faulting-register rax').output).toContain('Not quite. RAX is where the value would have gone');
    expect(s.submit('.lab answer faulting-register @RSI').output).toContain('Correct.');
    s.submit('dt fltmgr!_STREAM_LIST_CTRL fffffa8008e13270+10');
    expect(s.submit('.lab answer field fltmgr!_STREAM_LIST_CTRL.OpenedNameCache').output).toContain('Correct.');
  });

  it('takes a line pasted from dt or r as well as a bare name', () => {
    const s = play([
      '.cxr 0xfffff88005f45960',
      'dt fltmgr!_STREAM_LIST_CTRL fffffa8008e13270+10',
      'uf fltmgr!TreeUnlinkMulti',
      'dt fltmgr!_NAME_CACHE_NODE fffff8a00d106d40 /b',
    ]);
    expect(s.submit('.lab answer faulting-register rsi=0000009d00000000').output).toContain('Correct.');
    expect(s.submit('.lab answer field    +0x090 OpenedNameCache  : _NAME_CACHE_LIST_CTRL').output).toContain('Correct.');
    expect(s.submit('.lab answer left-child          +0x008 LeftChild        : 0x0000001d`00000000').output).toContain('Correct.');
  });

  it('caps the verdict at two attempts, shows the cap, and accepts the text of a choice', () => {
    const evidence = lab.solution.filter((l) => !/^\.lab answer/.test(l));
    const s = play(evidence);
    expect(s.submit('.lab questions').output).toContain('verdict [2 of 2 attempts left]');
    expect(s.submit('.lab answer verdict A hardware fault: one flipped bit turned a good LeftChild into the value in RSI').output).toMatch(
      /^Not quite\. RSI and LeftChild do differ by one bit/,
    );
    expect(s.objectives().find((o) => o.id === 'verdict')?.attemptsLeft).toBe(1);
    expect(s.submit('.lab answer verdict a').output).toContain('Not quite.');
    expect(s.submit('.lab answer verdict c').output).toBe('Not yet: No attempts left (2 of 2 used).\n');
    expect(s.objectives().find((o) => o.id === 'verdict')).toMatchObject({ done: false, open: false, attemptsLeft: 0 });
    const again = play(evidence);
    expect(
      again.submit(
        '.lab answer verdict The root node was being built or torn down while it was linked into the tree, and the walker followed a link that was not a pointer.',
      ).output,
    ).toContain('Correct.');
  });
});

describe('race-0x3b: the similar crash as a second dump', () => {
  it('lists the dumps, opens the similar one with its own prompt and stack, and comes back', () => {
    const s = new LabSession(lab);
    const list = s.submit('.lab dump').output;
    expect(list).toContain('Lab aid (not part of WinDbg)');
    expect(list).toMatch(/similar +C:\\Dumps\\OtherMachine\\MEMORY\.DMP +another machine/);
    const opened = s.submit('.lab dump similar');
    expect(opened.output).toContain('Loading Dump File [C:\\Dumps\\OtherMachine\\MEMORY.DMP]');
    expect(opened.output).toContain('BugCheck 50, {fffff8890e1a4d68, 0, fffff80002a624ae, 0}');
    expect(s.prompt()).toBe('3: kd> ');
    expect(s.submit('k').output).toContain('fltmgr!TreeUnlinkMulti+0x148');
    expect(s.events.filter((e) => e.type === 'kd.target').map((e) => e.type === 'kd.target' && e.name)).toEqual(['similar']);
    expect(s.submit('.lab dump nothing').output).toMatch(/^No dump 'nothing' in this lab\./);
    s.submit('.lab dump crash');
    expect(s.prompt()).toBe('2: kd> ');
    expect(s.submit('.cxr 0xfffff88005f45960').output).toContain('rsi=0000009d00000000');
  });

  it('counts nothing done on the similar dump toward this crash’s objectives', () => {
    const s = play(['.lab dump similar', '!analyze -v', 'uf fltmgr!TreeUnlinkMulti']);
    expect(done(s)).toEqual([]);
    s.submit('.lab dump crash');
    s.submit('!analyze -v');
    expect(done(s)).toEqual(['analyze']);
  });
});
