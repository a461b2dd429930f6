/**
 * Lesson 06 read beside its lab: every figure's input runs on the lab's machine
 * without an internal error, and the facts the prose states (which process a
 * breakpoint first stops in, how many modules Notepad has, where the walk ends
 * without flag 0x10) are what the machine shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import lab from '../../labs/user-state/lab.ts';
import { LabSession } from '../../src/lab/session.ts';

const lesson = readFileSync(join(import.meta.dirname, '..', '..', 'content', 'lessons', '06-user-mode-state.mdx'), 'utf8');
const prose = lesson.replace(/\s+/g, ' ');

/** The input lists of the lesson's figures. */
const figures = [...lesson.matchAll(/<LabFigure\s+lab="user-state"\s+input=\{(\[[^\]]*\])\}/g)].map((m) => JSON.parse(m[1]) as string[]);

function run(lines: readonly string[]): string[] {
  const s = new LabSession(lab);
  return lines.map((l) => s.submit(l).output);
}

describe('lesson 06 agrees with the user-state lab', () => {
  it('has its figures, and each runs cleanly', () => {
    expect(figures.length).toBe(8);
    for (const f of figures) for (const out of run(f)) expect(out).not.toMatch(/internal error/);
  });

  it('the unlimited breakpoint planted in Notepad stops first in svchost', () => {
    const out = run(['.process /i 863c22f0', 'g', 'bp ntdll!NtCreateFile', 'g', '!process -1 0']);
    expect(out[4]).toContain('Image: svchost.exe');
    expect(prose).toContain('stops the machine in svchost');
  });

  it('Notepad has 23 user modules; lmu is empty in it until .reload /user', () => {
    const out = run(['.reload', '.process /i 863c22f0', 'g', 'lmu', '.reload /user']);
    expect(out[3]).toBe('start    end        module name\n');
    expect(out[4]).toBe(`Loading User Symbols\n${'.'.repeat(23)}\n`);
    expect(prose).toContain('23 modules');
  });

  it('in the dump the invasive switch is refused in one line and the non-invasive one reads the loader list', () => {
    const out = run(['.dump /f C:\\xp.dmp', 'q', 'kd -z C:\\xp.dmp', '.process /i 863c22f0', '.process /r /p 863c22f0']);
    expect(out[3]).toBe('This operation only works on live kernel debug sessions\n');
    expect(out[4]).toBe(`Implicit process is now 863c22f0\nLoading User Symbols\n${'.'.repeat(23)}\n`);
    expect(prose).toContain('the debugger refuses with one line and changes nothing');
  });

  it('.trap on the trap frame !thread names shows the user registers, and k walks on from there', () => {
    const out = run(['.process /r /p 863c22f0', '.trap ee59ed64', 'k']);
    expect(out[1]).toContain('cs=001b  ss=0023');
    expect(out[1]).toContain('ntdll!KiFastSystemCallRet:');
    expect(out[2]).toContain('notepad!WinMain+0xe5');
    expect(prose).toContain('`.trap ee59ed64`');
  });

  it('without 0x10 the walk ends at an address in no known module', () => {
    const out = run(['.reload', '!thread 86153418 f'])[1];
    expect(out).toContain('WARNING: Frame IP not in any known module. Following frames may be wrong.');
    expect(out.trimEnd().split('\n').pop()).toMatch(/ 0x7c90e4f4$/);
  });
});
