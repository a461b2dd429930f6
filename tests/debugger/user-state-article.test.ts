/**
 * Part 2 of the reconstructed transcripts ("Analyst's Perspective"), replayed on
 * the lab's XP machine and compared line by line with /work/shared/seed/transcripts.md.
 * Lines compare with trailing blanks removed (the transcripts drop WinDbg's), and
 * the trailing blank line kdexts prints after a process is not in the figures.
 * Where the source elides (`…`), only the rows it shows are compared, in order.
 */
import { describe, expect, it } from 'vitest';
import { xpDebugger } from '../../src/debugger/x86/session.ts';
import { bootXp } from '../../src/kernel/xp/machine.ts';
import { Kd } from './harness.ts';

/** The lab machine's seed: with it the machine's scheduler gives the article's processors. */
const SEED = 8;

function session(kind: 'live' | 'dump' = 'live'): Kd {
  const { xp } = bootXp(SEED);
  const made = xpDebugger(xp, kind);
  const kd = new Kd(made.target);
  // The harness builds a plain debugger; use the XP machine's (x86 commands, following stops).
  Object.assign(kd, { dbg: made.debugger });
  return kd;
}

function run(kd: Kd, prompt: string, command: string): string[] {
  expect(kd.dbg.prompt(), `prompt before ${command}`).toBe(`${prompt}: kd> `);
  const out = kd.run(command).map((l) => l.trimEnd());
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

const NOTEPAD = [
  'PROCESS 863c22f0  SessionId: 0  Cid: 00bc    Peb: 7ffdb000  ParentCid: 05fc',
  '    DirBase: 06c602c0  ObjectTable: e16718e8  HandleCount:  29.',
  '    Image: notepad.exe',
];
const SVCHOST = [
  'PROCESS 8612abe0  SessionId: 0  Cid: 0430    Peb: 7ffdc000  ParentCid: 02a4',
  '    DirBase: 06c60160  ObjectTable: e15d5858  HandleCount: 1115.',
  '    Image: svchost.exe',
];
const VMWAREUSER = [
  'PROCESS 86182878  SessionId: 0  Cid: 06e0    Peb: 7ffde000  ParentCid: 05fc',
  '    DirBase: 06c60220  ObjectTable: e16091e0  HandleCount:  87.',
  '    Image: VMwareUser.exe',
];
const SWITCH = [
  "You need to continue execution (press 'g' <enter>) for the context",
  'to be switched. When the debugger breaks in again, you will be in',
  'the new process context.',
];
const BREAK_IN = ['Break instruction exception - code 80000003 (first chance)', 'nt!RtlpBreakWithStatusInstruction:', '8052b5dc int     3'];
const HEADER = 'start    end        module name';

describe('Part 2, replayed on the live XP machine', () => {
  const kd = session();

  it('2.1 !process -1 0 after breaking in: Idle', () => {
    expect(run(kd, '0', '!process -1 0')).toEqual([
      'PROCESS 8055c0c0  SessionId: none  Cid: 0000    Peb: 00000000  ParentCid: 0000',
      '    DirBase: 00319000  ObjectTable: e1002e40  HandleCount: 253.',
      '    Image: Idle',
    ]);
  });

  it('2.2 lmu after a .reload in Idle: no user modules', () => {
    run(kd, '0', '.reload');
    expect(run(kd, '0', 'lmu')).toEqual([HEADER]);
  });

  it('2.3 !process 0 0 lists the notepad.exe entry', () => {
    const out = run(kd, '0', '!process 0 0');
    const at = out.indexOf(NOTEPAD[0]);
    expect(at).toBeGreaterThan(0);
    expect(out.slice(at, at + 3)).toEqual(NOTEPAD);
  });

  it('2.4 .process /i 863c22f0, g: the machine runs and breaks in', () => {
    expect(run(kd, '0', '.process /i 863c22f0')).toEqual(SWITCH);
    expect(run(kd, '0', 'g')).toEqual(BREAK_IN);
  });

  it('2.5 !process -1 0: now in Notepad', () => {
    expect(run(kd, '0', '!process -1 0')).toEqual(NOTEPAD);
  });

  it('2.6 bp ntdll!ntcreatefile, g: the breakpoint fires in svchost', () => {
    expect(run(kd, '0', 'bp ntdll!ntcreatefile')).toEqual([]);
    expect(run(kd, '0', 'g')).toEqual(['Breakpoint 0 hit', 'ntdll!ZwCreateFile:', '001b:7c90d090 mov     eax,25h']);
    expect(run(kd, '0', '!process -1 0')).toEqual(SVCHOST);
  });

  it('2.7 bp /p @$proc: after returning to Notepad, the next hit is Notepad on processor 1', () => {
    // Not in the source: the steps back into Notepad before bp /p (the article's @$proc is Notepad).
    run(kd, '0', '.process /i 863c22f0');
    expect(run(kd, '0', 'g')).toEqual(BREAK_IN);
    // The article shows no line here; the same address redefines breakpoint 0 (the source elides what followed).
    expect(run(kd, '0', 'bp /p @$proc ntdll!ntcreatefile')).toEqual(['breakpoint 0 redefined']);
    expect(run(kd, '0', 'g')).toEqual(['Breakpoint 0 hit', 'ntdll!ZwCreateFile:', '001b:7c90d090 mov     eax,25h']);
    expect(run(kd, '1', '!process -1 0')).toEqual(NOTEPAD);
  });

  it('2.8 lmu: still the empty list cached in Idle', () => {
    expect(run(kd, '1', 'lmu')).toEqual([HEADER]);
  });

  it('2.9 .reload /user: 23 modules', () => {
    expect(run(kd, '1', '.reload /user')).toEqual(['Loading User Symbols', '.'.repeat(23)]);
  });

  it("2.10 lmu: Notepad's modules, ntdll with its symbols loaded", () => {
    const out = run(kd, '1', 'lmu');
    expect(out.slice(0, 4)).toEqual([
      HEADER,
      '01000000 01014000   notepad    (deferred)',
      '5ad70000 5ada8000   UxTheme    (deferred)',
      '5cb70000 5cb96000   ShimEng    (deferred)',
    ]);
    expect(out.some((l) => l.startsWith('7c900000 7c9af000   ntdll      (pdb symbols)'))).toBe(true);
  });

  it('2.11 the VMwareUser.exe entry', () => {
    const out = run(kd, '1', '!process 0 0 VMwareUser.exe');
    expect(out.slice(1)).toEqual(VMWAREUSER);
  });

  it("2.12 .process /i 86182878, g: VMwareUser is current but lmu still shows Notepad's list", () => {
    expect(run(kd, '1', '.process /i 86182878')).toEqual(SWITCH);
    expect(run(kd, '1', 'g')).toEqual(BREAK_IN);
    expect(run(kd, '0', '!process -1 0')).toEqual(VMWAREUSER);
    expect(run(kd, '0', 'lmu').slice(0, 4)).toEqual([
      HEADER,
      '01000000 01014000   notepad    (deferred)',
      '5ad70000 5ada8000   UxTheme    (deferred)',
      '5cb70000 5cb96000   ShimEng    (deferred)',
    ]);
  });

  it("2.13 .reload /user, lmu: VMwareUser's 34 modules", () => {
    expect(run(kd, '0', '.reload /user')).toEqual(['Loading User Symbols', '.'.repeat(34)]);
    expect(run(kd, '0', 'lmu').slice(0, 5)).toEqual([
      HEADER,
      '00400000 00537000   VMwareUser   (deferred)',
      '10000000 10010000   sigc_2_0   (deferred)',
      '5ad70000 5ada8000   uxtheme    (deferred)',
      '5b860000 5b8b5000   NETAPI32   (deferred)',
    ]);
  });

  it('2.15 .process /r /p 86182878', () => {
    expect(run(kd, '0', '.process /r /p 86182878')).toEqual([
      'Implicit process is now 86182878',
      '.cache forcedecodeuser done',
      'Loading User Symbols',
      '.'.repeat(34),
    ]);
  });

  it('2.16 .thread /r /p 863e5a60', () => {
    expect(run(kd, '0', '.thread /r /p 863e5a60')).toEqual([
      'Implicit thread is now 863e5a60',
      'Implicit process is now 86182878',
      '.cache forcedecodeuser done',
      'Loading User Symbols',
      '.'.repeat(34),
    ]);
  });
});

/** The call-site column of a stack line (the source trims ChildEBP, RetAddr and the arguments). */
function sites(lines: readonly string[]): string[] {
  const at = lines.findIndex((l) => l.startsWith('ChildEBP RetAddr'));
  return lines.slice(at + 1).map((l) => l.replace(/^([0-9a-f]{8} ){5}/, ''));
}

const KERNEL_FRAMES = [
  'nt!KiSwapContext+0x2f (FPO: [Uses EBP] [0,0,4])',
  'nt!KiSwapThread+0x8a (FPO: [0,0,0]) (CONV: fastcall)',
  'nt!KeWaitForSingleObject+0x1c2 (FPO: [Non-Fpo]) (CONV: stdcall)',
  'win32k!xxxSleepThread+0x192 (FPO: [Non-Fpo])',
  // The source reads "[NonFpo]" here, a hyphen the PDF lost; WinDbg prints Non-Fpo.
  'win32k!xxxRealInternalGetMessage+0x418 (FPO: [Non-Fpo])',
  'win32k!NtUserGetMessage+0x27 (FPO: [Non-Fpo])',
  'nt!KiFastCallEntry+0xfc (FPO: [0,0] TrapFrame @ ee59ed64)',
];

describe('2.17-2.18 !thread with and without flag 0x10', () => {
  it('without 0x10 the walk stops where user mode begins (the cached list is empty)', () => {
    const kd = session();
    run(kd, '0', '.reload');
    expect(sites(run(kd, '0', '!thread 86153418 f'))).toEqual([
      ...KERNEL_FRAMES,
      'WARNING: Frame IP not in any known module. Following frames may be wrong.',
      '0x7c90e4f4',
    ]);
  });

  it("with 0x10 it switches to Notepad's context and reloads first, so the user frames resolve", () => {
    const kd = session();
    run(kd, '0', '.reload');
    expect(sites(run(kd, '0', '!thread 86153418 1f'))).toEqual([
      ...KERNEL_FRAMES,
      'ntdll!KiFastSystemCallRet (FPO: [0,0,0])',
      'USER32!NtUserGetMessage+0xc',
      'notepad!WinMain+0xe5 (FPO: [Non-Fpo])',
      'notepad!WinMainCRTStartup+0x174 (FPO: [Non-Fpo])',
      'kernel32!BaseProcessStart+0x23 (FPO: [Non-Fpo])',
    ]);
  });
});

describe('2.14 in a dump of the same machine', () => {
  it('.process /r /p works without forcedecodeuser (a dump has no cache to bypass)', () => {
    const kd = session('dump');
    expect(run(kd, '0', '.process /r /p 86182878')).toEqual(['Implicit process is now 86182878', 'Loading User Symbols', '.'.repeat(34)]);
  });

  // dbgeng (ntsd64 dotcmd.cpp, KernelPageIn) refuses before it reads the address: one line, nothing changes.
  const REFUSED = ['This operation only works on live kernel debug sessions'];

  it(".process /i fails: the machine cannot run (the article's own address, and one of this dump)", () => {
    const kd = session('dump');
    expect(run(kd, '0', '.process /i 898c9020')).toEqual(REFUSED);
    expect(kd.last().ok).toBe(false);
    expect(run(kd, '0', '.process /i 86182878')).toEqual(REFUSED);
    expect(run(kd, '0', '!process -1 0')[0]).toMatch(/^PROCESS 8055c0c0 /);
  });

  it('.process /i /p and /i /r /p fail the same way: /i decides before /p or /r is looked at', () => {
    const kd = session('dump');
    expect(run(kd, '0', '.process /i /p 86182878')).toEqual(REFUSED);
    expect(run(kd, '0', '.process /p /r /i 86182878')).toEqual(REFUSED);
    expect(run(kd, '0', 'lmu')).toEqual([HEADER]);
  });
});
