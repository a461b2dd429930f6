/** Random keystrokes and pastes into every lab's terminal: nothing throws, the prompt always comes back. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/base/random.ts';
import { labIds, loadLab } from '../../labs/registry.ts';
import { LabSession } from '../../src/lab/session.ts';
import { LineDiscipline } from '../../src/terminal/line-discipline.ts';
import { sessionHandler } from '../../src/terminal/session-handler.ts';

const KEYS = [
  '\r',
  '\x7f',
  '\x1b[3~',
  '\x1b[A',
  '\x1b[B',
  '\x1b[C',
  '\x1b[D',
  '\x1b[H',
  '\x1b[F',
  '\x01',
  '\x05',
  '\x15',
  '\x0b',
  '\x17',
  '\x03',
  '\x0c',
  '\t',
  '\x1b',
  '\x1b[1;5D',
  '\x1b[200~',
  '\x00',
  '\x1b[99;99X',
];
const WORDS = [
  'help',
  'ver',
  'echo',
  'cls',
  'lab',
  'hint',
  'answer',
  '/?',
  '%COMPUTERNAME%',
  '"',
  '%',
  'sc',
  'query',
  'dt',
  '!pool',
  '@rcx',
  'kd',
  '.lab',
  'q',
  'Ω',
  '😀',
  ' ',
  '  ',
  '\\',
  '>',
  '|',
  '^',
];

function randomInput(rng: Random): string {
  let out = '';
  const n = rng.int(1, 12);
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (r < 0.35) out += KEYS[rng.int(0, KEYS.length - 1)];
    else if (r < 0.8) out += WORDS[rng.int(0, WORDS.length - 1)] + (rng.next() < 0.5 ? ' ' : '');
    else out += String.fromCharCode(rng.int(0x20, 0x7e));
  }
  return out;
}

describe('terminal fuzz', async () => {
  const ids = labIds();
  for (const id of ids) {
    it(`lab ${id}: 3000 random inputs never throw and always end at a prompt`, async () => {
      const lab = await loadLab(id);
      if (!lab) throw new Error(id);
      const rng = new Random(0xf022 + id.length);
      let written = '';
      const term = { write: (d: string) => void (written = (written + d).slice(-4000)), cols: 80 };
      const session = new LabSession(lab);
      const ld = new LineDiscipline(term, sessionHandler(session));
      ld.start(session.initialOutput);
      for (let i = 0; i < 3000; i++) {
        ld.input(randomInput(rng));
        if (i % 50 === 0) ld.input('\r');
      }
      ld.input('\x15\r');
      expect(written.endsWith(session.prompt())).toBe(true);
      expect(written).not.toContain('internal error');
      // The log it built replays to the same events.
      expect(LabSession.replay(lab, session.log).events.length).toBe(session.events.length);
    });
  }
});
