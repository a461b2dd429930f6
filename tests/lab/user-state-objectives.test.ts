/**
 * The user-state lab's objectives are graded by what the debugger resolved and the
 * machine's state, not by what was typed: the same result reached by another
 * command meets them, and a command that looks right but shows nothing does not.
 */
import { describe, expect, it } from 'vitest';
import lab from '../../labs/user-state/lab.ts';
import { LabSession } from '../../src/lab/session.ts';

function session(lines: readonly string[]): LabSession {
  const s = new LabSession(lab);
  for (const l of lines) s.submit(l);
  return s;
}

const done = (s: LabSession, id: string): boolean => s.objectives().find((o) => o.id === id)?.done === true;

describe('find-notepad: a PROCESS block for Notepad was printed', () => {
  it('the whole list, the name filter, the address and the Cid all count', () => {
    for (const cmd of ['!process 0 0', '!process 0 0 notepad.exe', '!process 863c22f0 0', '!process bc 0'])
      expect(done(session([cmd]), 'find-notepad'), cmd).toBe(true);
  });

  it('a listing filtered to another image does not', () => {
    expect(done(session(['!process 0 0 svchost.exe']), 'find-notepad')).toBe(false);
  });
});

describe('user-stack: a Notepad stack walked into user mode after flag 0x10 switched', () => {
  it('!process with flags 0x17 walks every Notepad thread the same way', () => {
    expect(done(session(['!process 863c22f0 17']), 'user-stack')).toBe(true);
  });

  it("another process's stack does not count", () => {
    expect(done(session(['!process 86182878 17']), 'user-stack')).toBe(false);
  });
});

describe('shared-bp: an unlimited ntdll breakpoint stopped outside Notepad', () => {
  it('set in VMwareUser it counts too (the page is shared whoever sets it)', () => {
    const s = session(['.process /i 86182878', 'g', 'bp ntdll!NtCreateFile', 'g']);
    expect(s.submit('!process -1 0').output).not.toContain('notepad.exe');
    expect(done(s, 'shared-bp')).toBe(true);
  });

  it('set from Idle it cannot resolve (Idle maps no ntdll): deferred, it never stops', () => {
    const s = session(['bp ntdll!NtCreateFile']);
    expect(s.submit('bl').output).toContain('eu');
    expect(done(s, 'shared-bp')).toBe(false);
  });

  it('a breakpoint in a kernel routine does not', () => {
    expect(done(session(['bp nt!NtCreateFile', 'g']), 'shared-bp')).toBe(false);
  });
});

describe('thread-context and thread-alone: the debugger state after .thread', () => {
  it('.thread /p then .reload /user reaches the same state as .thread /r /p', () => {
    expect(done(session(['.thread /p 863e5a60', '.reload /user']), 'thread-context')).toBe(true);
  });

  it('.process /r /p alone is not a thread switch', () => {
    expect(done(session(['.process /r /p 86182878']), 'thread-context')).toBe(false);
  });

  it('thread-alone needs a switch to a thread of another process than the one in context', () => {
    const s = session(['.process /r /p 86182878', '.thread 863e5a60']);
    s.answer('thread-alone', 'a');
    expect(done(s, 'thread-alone')).toBe(false);
    s.submit('.process /r /p 863c22f0');
    s.submit('.thread 863e5a60');
    s.answer('thread-alone', 'a');
    expect(done(s, 'thread-alone')).toBe(true);
  });
});
