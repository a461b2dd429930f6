/**
 * The context rules of "Analyst's Perspective" (claims D2-D12) on the XP machine,
 * beyond the article's own figures: whose user half a command reads, what the
 * cached module list holds, where breakpoints in shared and private pages stop,
 * and the host's dump round trip (.dump /f, q, kd -z).
 */
import { describe, expect, it } from 'vitest';
import { loadLab } from '../../labs/registry.ts';
import { xpDebugger } from '../../src/debugger/x86/session.ts';
import { bootXp } from '../../src/kernel/xp/machine.ts';
import { LabSession } from '../../src/lab/session.ts';
import { Kd } from './harness.ts';

function live(): Kd {
  const { xp } = bootXp(8);
  const made = xpDebugger(xp, 'live');
  const kd = new Kd(made.target);
  Object.assign(kd, { dbg: made.debugger });
  return kd;
}

/** Stop inside Notepad the live way. */
function inNotepad(kd: Kd): void {
  kd.run('.process /i 863c22f0');
  kd.run('g');
  expect(kd.run('!process -1 0')[0]).toContain('PROCESS 863c22f0');
}

describe('whose user half the debugger reads (D2, D3)', () => {
  it('a plain .process on a live machine warns and keeps reading the running process', () => {
    const kd = live();
    inNotepad(kd);
    expect(kd.run('.process 86182878')).toEqual(['Implicit process is now 86182878', 'WARNING: .cache forcedecodeuser is not enabled']);
    // VMwareUser's PEB is at 7ffde000; in Notepad that page is not mapped.
    expect(kd.run('dd 7ffde008 l1')).toEqual(['7ffde008  ????????']);
    kd.run('.process /p 86182878');
    expect(kd.run('dd 7ffde008 l1')).toEqual(['7ffde008  00400000']);
  });

  it('.cache forcedecodeuser after a plain .process translates through the implicit process', () => {
    const kd = live();
    inNotepad(kd);
    kd.run('.process 86182878');
    expect(kd.run('.cache forcedecodeuser')).toEqual([]);
    expect(kd.run('dd 7ffde008 l1')).toEqual(['7ffde008  00400000']);
  });

  it('running the machine ends /p: translation follows the stopped thread again', () => {
    const kd = live();
    inNotepad(kd);
    kd.run('.process /p 86182878');
    kd.run('.process /i 863c22f0');
    kd.run('g');
    expect(kd.run('dd 7ffde008 l1')).toEqual(['7ffde008  ????????']);
    expect(kd.run('dd 7ffdb008 l1')).toEqual(['7ffdb008  01000000']);
  });

  it('.thread alone does not change the process context; .thread /p does', () => {
    const kd = live();
    inNotepad(kd);
    expect(kd.run('.thread 863e5a60')).toEqual(['Implicit thread is now 863e5a60']);
    expect(kd.run('dd 7ffde008 l1')).toEqual(['7ffde008  ????????']);
    expect(kd.run('.thread /p 863e5a60')).toEqual(['Implicit thread is now 863e5a60', 'Implicit process is now 86182878', '.cache forcedecodeuser done']);
    expect(kd.run('dd 7ffde008 l1')).toEqual(['7ffde008  00400000']);
  });

  it("the wrong context gives misleading frames, not an error: Notepad's user stack read through VMwareUser", () => {
    const kd = live();
    kd.run('.process /r /p 86182878');
    const out = kd.run('!thread 86153418 f').join('\n');
    expect(out).toContain('ntdll!KiFastSystemCallRet');
    expect(out).toContain('VMwareUser+0x');
    expect(out).not.toContain('notepad!WinMain');
  });
});

describe('the cached user module list (D4, D5, D9)', () => {
  it('Idle and System have no user modules', () => {
    const kd = live();
    expect(kd.run('.process /r /p 89c3a830')).toEqual(['Implicit process is now 89c3a830', '.cache forcedecodeuser done', 'Loading User Symbols']);
    expect(kd.run('lmu')).toEqual(['start    end        module name']);
  });

  it('.reload /user reloads only the user list', () => {
    const kd = live();
    inNotepad(kd);
    expect(kd.run('.reload /user')).toEqual(['Loading User Symbols', '.'.repeat(23)]);
    expect(kd.run('lmk').length).toBe(15);
  });
});

describe('!peb reads through the process in context', () => {
  it('Idle has no PEB; in Notepad the loader list names its images', () => {
    const kd = live();
    expect(kd.run('!peb')).toEqual(['PEB at 00000000', '    error 1 InitTypeRead( nt!_PEB at 00000000)']);
    inNotepad(kd);
    const out = kd.run('!peb');
    expect(out.slice(0, 5)).toEqual([
      'PEB at 7ffdb000',
      '    InheritedAddressSpace:    No',
      '    ReadImageFileExecOptions: No',
      '    BeingDebugged:            No',
      '    ImageBaseAddress:         01000000',
    ]);
    expect(out).toContain('         1000000 48025287 Apr 13 18:35:51 2008 C:\\WINDOWS\\system32\\notepad.exe');
    expect(out.filter((l) => /^ +[0-9a-f]+ [0-9a-f]{8} /.test(l)).length).toBe(23);
  });
});

describe('breakpoints and pages (D7, D8)', () => {
  it('a breakpoint in a private image page (notepad.exe) stops only in Notepad, without /p', () => {
    const kd = live();
    inNotepad(kd);
    kd.run('.reload /user');
    expect(kd.run('bp notepad!LoadFile')).toEqual([]);
    expect(kd.run('g')[0]).toBe('Breakpoint 0 hit');
    expect(kd.run('!process -1 0')[0]).toContain('PROCESS 863c22f0');
  });

  it('bp /p @$proc right after a hit in svchost limits the breakpoint to svchost', () => {
    const kd = live();
    inNotepad(kd);
    kd.run('bp ntdll!NtCreateFile');
    kd.run('g');
    expect(kd.run('!process -1 0')[0]).toContain('PROCESS 8612abe0');
    kd.run('bp /p @$proc ntdll!NtCreateFile');
    expect(kd.run('bl')).toContain('     Match process data 8612abe0');
  });

  it('a user breakpoint planted where the context maps nothing cannot be inserted', () => {
    const kd = live();
    inNotepad(kd);
    kd.run('bp ntdll!NtCreateFile');
    kd.run('.process /p 89c3a830');
    expect(kd.run('g')).toEqual([
      'Unable to insert breakpoint 0 at 7c90d090, Win32 error 0n30',
      '    "The system cannot read from the specified device."',
      'bp0 at 7c90d090 failed',
      'WaitForEvent failed',
    ]);
  });

  it('with nothing to stop it the machine keeps running until Ctrl-C', () => {
    const kd = live();
    kd.run('g');
    expect(kd.dbg.prompt()).toBe('');
    const out: string[] = [];
    kd.dbg.interrupt({ ...kd.host, write: (t) => out.push(t) });
    expect(out.join('')).toContain('Break instruction exception - code 80000003 (first chance)');
    expect(kd.dbg.prompt()).toMatch(/^\d: kd> $/);
  });
});

describe('the host: .dump /f, q, kd -z (D10)', async () => {
  const lab = await loadLab('user-state');
  it('a dump written from the live session opens with kd -z; there nothing runs', () => {
    if (!lab) throw new Error('no lab');
    const s = new LabSession(lab);
    expect(s.submit('.dump /f C:\\xp.dmp').output).toBe('Creating C:\\xp.dmp - Full kernel dump\nDump successfully written\n');
    s.submit('q');
    expect(s.submit('dir').output).toBe(' C:\\XP.DMP\n');
    expect(s.submit('kd -z C:\\nothere.dmp').output).toContain('Could not open dump file [C:\\nothere.dmp], Win32 error 0n2');
    expect(s.submit('kd -z C:\\xp.dmp').output).toContain('Loading Dump File [C:\\xp.dmp]');
    expect(s.submit('g').output).toContain("No runnable debuggees error in 'g'");
    expect(s.submit('.process /r /p 86182878').output).toBe(`Implicit process is now 86182878\nLoading User Symbols\n${'.'.repeat(34)}\n`);
    expect(s.submit('lmu').output).toContain('00400000 00537000   VMwareUser   (deferred)');
  });

  it("an unknown host command gets cmd.exe's answer", () => {
    if (!lab) throw new Error('no lab');
    const s = new LabSession(lab);
    s.submit('q');
    expect(s.submit('windbg').output).toBe("'windbg' is not recognized as an internal or external command,\noperable program or batch file.\n");
  });
});
