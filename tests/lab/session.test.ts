import { describe, expect, it } from 'vitest';
import welcome from '../../labs/welcome/lab.ts';
import { LabSession } from '../../src/lab/session.ts';

describe('LabSession', () => {
  it('replays an input log to the same events and objectives', () => {
    const live = new LabSession(welcome);
    live.submit('help');
    live.submit('ver');
    live.submit('ver', true);
    live.answer('aids', 'b');
    live.clearScreen();
    const again = LabSession.replay(welcome, live.log);
    expect(again.events).toEqual(live.events);
    expect(again.objectives()).toEqual(live.objectives());
    expect(
      again
        .objectives()
        .filter((o) => o.done)
        .map((o) => o.id),
    ).toEqual(['list-commands', 'recall-history', 'clear-screen', 'aids']);
  });

  it('keeps an objective met once met', () => {
    const s = new LabSession(welcome);
    s.submit('help');
    s.submit('help foo');
    expect(s.objectives().find((o) => o.id === 'list-commands')?.done).toBe(true);
  });

  it('reports an unknown command as cmd.exe does, with status 9009', () => {
    const s = new LabSession(welcome);
    const step = s.submit('foo');
    expect(step.output).toBe("'foo' is not recognized as an internal or external command,\noperable program or batch file.\n\n");
    expect(s.machine.events.of('console.command').at(-1)?.status).toBe(9009);
  });
});

describe('lab aids per program', () => {
  it('name the aid the way the current program types it', async () => {
    const { default: race } = await import('../../labs/race-0x3b/lab.ts');
    const kd = new LabSession(race);
    expect(kd.submit('.lab').output).toContain('.lab answer faulting-register <answer>');
    expect(kd.submit('.lab questions').output).toContain('Answer with: .lab answer <id> <answer>');
    const con = new LabSession(welcome);
    expect(con.submit('lab').output).toContain('(question: lab answer aids <answer>)');
    expect(con.submit('lab answer list-commands x').output).toContain('(try lab hint list-commands)');
  });
});
