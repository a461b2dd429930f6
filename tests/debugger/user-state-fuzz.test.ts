/**
 * Random and mutated command lines on the XP machine's live connection and on a
 * dump of it (seeded, bounded by count): no exception escapes, and a machine left
 * running by `g` is broken into with Ctrl-C, as a student would.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/base/random.ts';
import { xpDebugger } from '../../src/debugger/x86/session.ts';
import { bootXp } from '../../src/kernel/xp/machine.ts';
import { Kd } from './harness.ts';

const CORPUS = [
  '!process -1 0',
  '!process 0 0',
  '!process 0 0 notepad.exe',
  '!process 863c22f0 7',
  '!process 86182878 1f',
  '!thread 86153418 f',
  '!thread 86153418 1f',
  '!thread',
  '.process /i 863c22f0',
  '.process /i 86182878',
  '.process /r /p 86182878',
  '.process 8612abe0',
  '.process',
  '.thread /r /p 863e5a60',
  '.thread 86153418',
  '.thread',
  '.reload',
  '.reload /user',
  'lmu',
  'lmk',
  'lm',
  'bp ntdll!NtCreateFile',
  'bp /p @$proc ntdll!ntcreatefile',
  'bu notepad!LoadFile',
  'bp /p 863c22f0 kernel32!CreateFileW',
  'bl',
  'bc *',
  'bd 0',
  'be 0',
  'g',
  'k',
  'kb',
  'kv',
  'kn',
  'r',
  'dd 7ffdb000',
  'dd @$peb l4',
  'dt nt!_EPROCESS 863c22f0',
  'dt nt!_PEB @$peb',
  'dt nt!_KTRAP_FRAME ee59ed64',
  '!peb',
  '.cache forcedecodeuser',
  'vertarget',
  '? @$proc',
  'ln 7c90e4f4',
  'x ntdll!Zw*',
  '.dump /f C:\\x.dmp',
  'u',
  'u eip',
  'u ntdll!ZwCreateFile l4',
  'ub',
  'ub ntdll!KiFastSystemCallRet l2',
  'uf ntdll!ZwCreateFile',
  'uf /c ntdll!ZwCreateFile',
  'u 1000',
  'r eax',
  'r eax,esp',
  'r efl',
  'r eax=1',
  'r rax',
  'r eip',
  'r cs',
  '!teb',
  '!teb 7ffdf000',
  '.trap ee59ed64',
  '.trap',
  '.trap 12345678',
  '.cxr ee59ec00',
  '.cxr',
  '!handle',
  '!handle 0 3 863c22f0',
  '!handle 4 f 863c22f0',
  '!handle 0 1 8612abe0 File',
  '!handle 0 3 0 KeyedEvent',
  '!handle 100 7 863c22f0',
  '!handle 0 13',
  '.process /i /p 863c22f0',
  'dd poi(e16718e8) l4',
];
const PIECES = [' ', '@', '$', '/', 'p', 'r', 'i', '0', 'ffffffff', '863c22f0', '!', '.', 'l?', '"', '-'];

function line(rng: Random): string {
  let t = CORPUS[rng.int(0, CORPUS.length - 1)];
  if (rng.next() < 0.4) {
    const at = rng.int(0, t.length);
    t = rng.next() < 0.5 ? t.slice(0, at) + PIECES[rng.int(0, PIECES.length - 1)] + t.slice(at) : t.slice(0, at) + t.slice(at + rng.int(1, 3));
  }
  return t;
}

function fuzz(kind: 'live' | 'dump', seed: number, count: number): void {
  const { xp } = bootXp(8);
  const made = xpDebugger(xp, kind);
  const kd = new Kd(made.target);
  Object.assign(kd, { dbg: made.debugger });
  const rng = new Random(seed);
  for (let n = 0; n < count; n++) {
    const text = line(rng);
    expect(() => kd.run(text), text).not.toThrow();
    if (kd.dbg.prompt() === '') {
      kd.dbg.interrupt(kd.host);
      expect(kd.dbg.prompt(), `after Ctrl-C (${text})`).toMatch(/^\d: kd> $/);
    }
  }
}

describe('the XP machine under random commands', () => {
  it('live: 400 lines', () => fuzz('live', 11, 400));
  it('dump: 300 lines', () => fuzz('dump', 12, 300));
});
