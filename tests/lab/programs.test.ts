/** A program hands the terminal to another one and gets it back; events and prompts follow. */
import { describe, expect, it } from 'vitest';
import type { Program, ProgramHost } from '../../src/base/program.ts';
import { Machine } from '../../src/kernel/machine.ts';
import { defineLab } from '../../src/lab/schema.ts';
import { LabSession } from '../../src/lab/session.ts';
import { whenEvent } from '../../src/lab/objectives.ts';

class Child implements Program {
  readonly name = 'child';
  prompt() {
    return 'child> ';
  }
  start(host: ProgramHost) {
    host.write('child starts\n');
  }
  run(line: string, host: ProgramHost) {
    if (line === 'bye') host.exit();
    else host.write(`child heard ${line}\n`);
  }
}

class Parent implements Program {
  readonly name = 'parent';
  prompt() {
    return 'parent> ';
  }
  run(line: string, host: ProgramHost) {
    if (line === 'go') host.spawn(new Child());
    else if (line === 'bye') host.exit();
    else host.write(`parent heard ${line}\n`);
  }
}

const lab = defineLab({
  id: 'programs-test',
  title: 'programs',
  summary: 'test',
  machine: (seed) => new Machine({ seed }),
  program: () => new Parent(),
  objectives: [whenEvent({ id: 'back', title: 'come back', why: 'not back yet', hints: ['a', 'b', 'c'] }, 'program.exit', (e) => e.program === 'child')],
  solution: ['go', 'bye'],
  wrong: [{ name: 'never leaves', input: ['go'], unmet: ['back'] }],
});

describe('program hand-over', () => {
  it('spawns a child with its banner and prompt, and returns to the parent on exit', () => {
    const s = new LabSession(lab);
    expect(s.prompt()).toBe('parent> ');
    expect(s.submit('go').output).toBe('child starts\n');
    expect(s.prompt()).toBe('child> ');
    expect(s.submit('x').output).toBe('child heard x\n');
    s.submit('bye');
    expect(s.prompt()).toBe('parent> ');
    expect(s.submit('y').output).toBe('parent heard y\n');
    expect(s.events.filter((e) => e.type.startsWith('program.')).map((e) => [e.type, 'program' in e ? e.program : ''])).toEqual([
      ['program.start', 'parent'],
      ['program.start', 'child'],
      ['program.exit', 'child'],
    ]);
    expect(s.objectives()[0].done).toBe(true);
  });

  it('keeps the first program when it asks to exit, and replays hand-overs identically', () => {
    const s = new LabSession(lab);
    s.submit('bye');
    expect(s.prompt()).toBe('parent> ');
    s.submit('go');
    expect(LabSession.replay(lab, s.log).prompt()).toBe('child> ');
  });
});
