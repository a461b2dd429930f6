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

/**
 * The claims of "Analyst's Perspective" (claims.md section D) → where lesson 06 teaches each →
 * the objectives that grade each observable (O) one. D1 is taught only (L).
 */
const CLAIMS: Record<string, { lesson: string; objectives: string[] }> = {
  D1: { lesson: '## Two halves of one address space', objectives: [] },
  D2: { lesson: '## The debugger looks through one process at a time', objectives: ['plain-process', 'notepad-modules'] },
  D3: { lesson: '## The debugger looks through one process at a time', objectives: ['thread-alone'] },
  D4: { lesson: '## The user module list is a cache', objectives: ['notepad-modules', 'stale-lmu'] },
  D5: { lesson: '## The debugger looks through one process at a time', objectives: ['idle-no-user'] },
  D6: { lesson: '## Finding the process, and getting into it', objectives: ['notepad-modules'] },
  D7: { lesson: '## Breakpoints in shared DLLs', objectives: ['shared-bp'] },
  D8: { lesson: '## Breakpoints in shared DLLs', objectives: ['bp-notepad-only'] },
  D9: { lesson: '## The user module list is a cache', objectives: ['stale-lmu'] },
  D10: { lesson: '## What changes in a crash dump', objectives: ['dump-context'] },
  D11: { lesson: '## Stacks that cross into user mode', objectives: ['thread-context'] },
  D12: { lesson: '## Stacks that cross into user mode', objectives: ['user-stack'] },
};

describe('claims D1-D12: taught by lesson 06, the observable ones graded', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const lesson = readFileSync(join(import.meta.dirname, '..', '..', 'content', 'lessons', '06-user-mode-state.mdx'), 'utf8');

  it('every claim has its lesson section, and every (O) claim an objective of the lab', () => {
    for (const [claim, { lesson: section, objectives }] of Object.entries(CLAIMS)) {
      expect(lesson, claim).toContain(section);
      for (const id of objectives)
        expect(
          lab.objectives.some((o) => o.id === id),
          `${claim} → ${id}`,
        ).toBe(true);
      if (claim !== 'D1') expect(objectives.length, claim).toBeGreaterThan(0);
    }
  });

  it('the debrief names each claim once and each objective once, beside the objectives that grade it', () => {
    const debrief = lab.debrief ?? [];
    expect(debrief.flatMap((d) => d.claims ?? []).sort()).toEqual(Object.keys(CLAIMS).sort());
    expect(debrief.flatMap((d) => d.objectives).sort()).toEqual(lab.objectives.map((o) => o.id).sort());
    for (const [claim, { objectives }] of Object.entries(CLAIMS)) {
      const part = debrief.find((d) => (d.claims ?? []).includes(claim));
      for (const id of objectives.slice(0, 1)) expect(part?.objectives, `${claim} → ${id}`).toContain(id);
    }
  });
});
