/** Questions open on evidence, quote the student's own machine, and take answers as students give them. */
import { describe, expect, it } from 'vitest';
import driverLoading from '../../labs/driver-loading/lab.ts';
import welcome from '../../labs/welcome/lab.ts';
import { choiceQuestion, nameFromPastedLine } from '../../src/lab/objectives.ts';
import { LabSession } from '../../src/lab/session.ts';

function play(lab: typeof welcome, lines: readonly string[]): LabSession {
  const s = new LabSession(lab);
  for (const l of lines) s.submit(l);
  return s;
}

const LOADED = ['sc create SwLegacy type= kernel binPath= C:\\Drivers\\swlegacy.sys', 'sc start SwLegacy'];

describe('driver-loading questions', () => {
  it('keeps power-irps closed until a sleep with both drivers was read in DbgView, and says what is missing', () => {
    const s = play(driverLoading, [...LOADED, 'pwrtest /sleep', 'dbgview']);
    const status = s.objectives().find((o) => o.id === 'power-irps');
    expect(status).toMatchObject({ done: false, open: false });
    expect(status?.why).toMatch(/^Still needed before this question opens: sleep the machine with both drivers loaded/);
    expect(s.submit('lab answer power-irps b').output).toMatch(/^Not yet: /);
    expect(s.events.filter((e) => e.type === 'lab.answer')).toHaveLength(0);
  });

  it('quotes the device instance this machine really has after a mistyped install', () => {
    const s = play(driverLoading, [...LOADED, 'devcon install swpnp.inf Root\\SwPnpp', 'devcon install swpnp.inf Root\\SwPnp', 'pwrtest /sleep', 'dbgview']);
    const out = s.submit('lab answer power-irps Only SwPnp').output;
    expect(out).toContain('Correct.');
    expect(out).toContain('the PDO of ROOT\\SAMPLE\\0001');
    expect(out).not.toContain('ROOT\\SAMPLE\\0000');
  });

  it('opens nounload-why only after the refused stop, and caps it at three attempts', () => {
    const s = play(driverLoading, ['sc create SwNoUnload type= kernel binPath= C:\\Drivers\\swnounload.sys', 'sc start SwNoUnload']);
    expect(s.submit('lab answer nounload-why b').output).toMatch(/^Not yet: .*try to stop SwNoUnload while it runs/);
    s.submit('sc stop SwNoUnload');
    expect(s.submit('lab questions').output).toContain('nounload-why [3 of 3 attempts left]: Your sc stop of the running SwNoUnload was refused. Why?');
    for (const wrong of ['a', 'c', 'd']) expect(s.submit(`lab answer nounload-why ${wrong}`).output).toContain('Not quite.');
    expect(s.submit('lab answer nounload-why b').output).toMatch(/^Not yet: No attempts left \(3 of 3 used\)\.\n/);
    expect(s.submit('lab questions').output).toContain('  (closed) No attempts left (3 of 3 used).');
  });
});

describe('welcome', () => {
  it('opens the aids question once help has listed the commands', () => {
    const s = new LabSession(welcome);
    expect(s.submit('lab answer aids b').output).toMatch(/^Not yet: .*help/);
    s.submit('help');
    expect(s.submit('lab answer aids lab hint').output).toContain('Correct.');
  });
});

describe('answers as students give them', () => {
  const q = choiceQuestion({
    id: 'q',
    title: 'Q',
    question: 'Which?',
    choices: [
      { key: 'a', text: 'Only SwPnp.', correct: true, feedback: 'yes' },
      { key: 'b', text: 'Both', feedback: 'no' },
    ],
    hints: ['n', 'w', 'r'],
  });
  const fresh = new LabSession(welcome);
  const ctx = { events: fresh.machine.events, machine: fresh.machine, from: 0 };
  it('takes a letter, a bracketed letter, a choice text, or a letter with its text', () => {
    for (const answer of ['a', '(A)', 'only swpnp', 'Only SwPnp.', 'a) Only SwPnp']) expect(q.grade(answer, ctx).correct, answer).toBe(true);
    expect(q.grade('b) Only SwPnp', ctx).correct).toBe(false);
    expect(q.grade('swpnp', ctx).feedback).toBe('Answer with one of the choice letters (a, b) or the text of a choice.');
  });
  it('reads the name from a pasted dt field line or register pair', () => {
    expect(nameFromPastedLine('   +0x090 OpenedNameCache  : _NAME_CACHE_LIST_CTRL')).toBe('OpenedNameCache');
    expect(nameFromPastedLine('rsi=0000009d00000000')).toBe('rsi');
    expect(nameFromPastedLine('OpenedNameCache')).toBe('OpenedNameCache');
  });
});
