/**
 * `!address`, `!dh`, `|` and `~`: the address map built from the target's
 * regions and modules (the race dump, and the live machine with the user
 * space of the process in context), image headers read from the target's
 * memory, and the kernel session's one process and its processors.
 */
import { describe, expect, it } from 'vitest';
import driverLoading from '../../labs/driver-loading/lab.ts';
import { LabSession } from '../../src/lab/session.ts';
import { kernelOf } from '../../src/kernel/nt.ts';
import { addr64 } from '../../src/debugger/format.ts';
import { Kd } from './harness.ts';
import { DumpTarget } from '../../src/debugger/dump.ts';
import { RACE_DUMP } from '../../labs/race-0x3b/dump.ts';

/** The lines after the "Mapping …" preamble and its two blank lines. */
function answer(out: string[]): string[] {
  const last = out.findLastIndex((l) => l.startsWith('Mapping '));
  return out.slice(last + 3);
}

function live(): LabSession {
  const s = new LabSession({ ...driverLoading, hostDebugger: false });
  for (const l of ['sc create SwLegacy type= kernel start= demand binPath= C:\\Drivers\\swlegacy.sys', 'sc start SwLegacy', 'kd -kl']) s.play(l);
  return s;
}

/** What `!address` says of an address inside a loaded kernel module. */
function moduleRegion(base: bigint, size: number, path: string): string[] {
  return [
    'Usage:                  Module',
    `Base Address:           ${addr64(base)}`,
    `End Address:            ${addr64(base + BigInt(size))}`,
    `Region Size:            ${addr64(BigInt(size))}`,
    'VA Type:                BootLoaded',
    `Module name:            ${path.slice(path.lastIndexOf('\\') + 1)}`,
    `Module path:            [${path}]`,
  ];
}

const lines = (s: LabSession, line: string): string[] => s.submit(line).output.replace(/\n$/, '').split('\n');

describe('!address on the race dump', () => {
  it('names the module a code address belongs to, with its extent from the module list', () => {
    const kd = new Kd();
    const out = kd.run('!address fltmgr!TreeUnlinkMulti');
    expect(out[0]).toBe('Mapping user range ...');
    expect(out).toContain('Mapping process, thread, and stack regions...');
    const m = kd.dbg.session.target.modules().find((x) => x.name === 'fltmgr');
    if (!m) throw new Error('no fltmgr');
    expect(answer(out)).toEqual(moduleRegion(m.base, m.size, '\\SystemRoot\\system32\\drivers\\fltmgr.sys'));
    expect(kd.last()).toMatchObject({ command: '!address', ok: true, address: expect.stringMatching(/^fffff880/) });
  });

  it('puts pool addresses in the pool ranges and user addresses in the user range', () => {
    const kd = new Kd();
    expect(answer(kd.run('!address fffff8a00d106d58')).slice(4)).toEqual(['VA Type:                PagedPool']);
    expect(answer(kd.run('!address fffffa8008e13280')).slice(4)).toEqual(['VA Type:                NonPagedPool']);
    expect(answer(kd.run('!address 7efdb000'))).toEqual([
      'Usage:                  ',
      'Base Address:           00000000`00000000',
      'End Address:            000007ff`ffff0000',
      'Region Size:            000007ff`ffff0000',
      'VA Type:                UserRange',
    ]);
  });

  it('without an address lists every region in address order, then a usage summary', () => {
    const kd = new Kd();
    const out = kd.run('!address');
    const head = out.indexOf('        BaseAddress      EndAddress+1        RegionSize VaType             Usage');
    expect(head).toBeGreaterThan(0);
    expect(out[head + 1]).toMatch(/^-{80}$/);
    const rows = out.slice(head + 2, out.indexOf('', head));
    expect(rows[0]).toBe('+        0`00000000      7ff`ffff0000      7ff`ffff0000 UserRange');
    expect(rows).toContain('+ fffff8a0`00000000 fffff8c0`00000000       20`00000000 PagedPool');
    expect(
      rows.some((r) =>
        /^\+ fffff880`[0-9a-f]{8} fffff880`[0-9a-f]{8} +0`[0-9a-f]{8} BootLoaded +Module +\[fltmgr; "\\SystemRoot\\system32\\drivers\\fltmgr\.sys"\]$/.test(r),
      ),
    ).toBe(true);
    // Each region starts where the one before ended.
    const spans = rows.map((r) =>
      r
        .split(/\s+/)
        .slice(1, 3)
        .map((a) => BigInt(`0x${a.replace('`', '')}`)),
    );
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBe(spans[i - 1][1]);
    const summary = out.indexOf('--- Usage Summary ---------------- RgnCount ----------- Total Size -------- %ofBusy %ofTotal');
    expect(summary).toBeGreaterThan(head);
    expect(out.slice(summary + 1).find((l) => l.startsWith('Module'))).toMatch(/^Module {26} +\d+ +0`[0-9a-f]{8} \( +[\d.]+ MB\) +[\d.]+% +0\.00%$/);
    const summaryOnly = kd.run('!address -summary');
    expect(summaryOnly.some((l) => l.includes('BaseAddress'))).toBe(false);
    expect(summaryOnly).toContain(out[summary]);
  });

  it('answers bad input as WinDbg does', () => {
    const kd = new Kd();
    expect(kd.run('!address nosuchsymbol')).toEqual(["Couldn't resolve error at 'nosuchsymbol'"]);
    expect(kd.run('!address 1 2')).toEqual([`${' '.repeat(18)}^ Syntax error in '!address 1 2'`]);
    expect(kd.last().ok).toBe(false);
  });
});

describe('!address on a 32-bit target', () => {
  it('splits the space at 2 GB and prints 8-digit addresses', () => {
    const nt = RACE_DUMP.modules.find((m) => m.name === 'nt');
    if (!nt) throw new Error('no nt');
    const kd = new Kd(
      new DumpTarget({
        ...RACE_DUMP,
        arch: 'x86',
        modules: [{ ...nt, base: 0x82a00000n, size: 0x410000, symbols: [], code: [] }],
        regions: [{ start: 0x84000000n, end: 0x86000000n, kind: 'Nonpaged pool' }],
        stacks: [],
      }),
    );
    expect(answer(kd.run('!address 82a01234'))).toEqual([
      'Usage:                  Module',
      'Base Address:           82a00000',
      'End Address:            82e10000',
      'Region Size:            00410000',
      'VA Type:                BootLoaded',
      'Module name:            ntoskrnl.exe',
      'Module path:            [\\SystemRoot\\system32\\ntoskrnl.exe]',
    ]);
    expect(answer(kd.run('!address 7ffe0000')).slice(1, 5)).toEqual([
      'Base Address:           00000000',
      'End Address:            80000000',
      'Region Size:            80000000',
      'VA Type:                UserRange',
    ]);
    expect(kd.run('!address')).toContain('+          84000000          86000000          02000000 NonPagedPool');
  });
});

describe('!address on the live machine', () => {
  it('finds a loaded driver, a kernel stack and, after .process, the user space of that process', () => {
    const s = live();
    const k = kernelOf(s.machine);
    if (!k) throw new Error('no kernel');
    const sw = k.images.module('swlegacy');
    if (!sw) throw new Error('swlegacy not loaded');
    expect(answer(lines(s, '!address swlegacy!DriverEntry'))).toEqual(moduleRegion(sw.base, sw.size, '\\SystemRoot\\system32\\DRIVERS\\swlegacy.sys'));
    const cmd = k.ps.list().find((p) => p.name === 'cmd.exe');
    if (!cmd) throw new Error('no cmd.exe');
    const t = k.ps.threadsOf(cmd)[0];
    const stack = answer(lines(s, `!address ${t.stackBase}-10`));
    expect(stack).toEqual([
      'Usage:                  Stack',
      `Base Address:           ${addr64(BigInt(`0x${t.stackLimit}`))}`,
      `End Address:            ${addr64(BigInt(`0x${t.stackBase}`))}`,
      'Region Size:            00000000`00006000',
      'VA Type:                SystemPtes',
      `More info:              !thread ${t.ethread}`,
    ]);
    // Before .process the user range of cmd.exe is not in view; after it, its TEB and image are.
    expect(answer(lines(s, `!address ${t.teb}`))[0]).toBe('Usage:                  ');
    s.submit(`.process /p /r ${cmd.eprocess}`);
    expect(answer(lines(s, `!address ${t.teb}`))).toEqual([
      'Usage:                  TEB',
      `Base Address:           ${addr64(BigInt(`0x${t.teb}`))}`,
      `End Address:            ${addr64(BigInt(`0x${t.teb}`) + 0x2000n)}`,
      'Region Size:            00000000`00002000',
      'VA Type:                UserRange',
    ]);
    const image = answer(lines(s, '!address cmd!ReadBufFromConsole'));
    expect(image[0]).toBe('Usage:                  Module');
    expect(image.slice(4)).toEqual([
      'VA Type:                UserRange',
      'Module name:            cmd.exe',
      'Module path:            [C:\\Windows\\System32\\cmd.exe]',
    ]);
    const table = lines(s, '!address');
    expect(table.some((l) => l.endsWith(`TEB        [${cmd.pid.toString(16)}.${t.tid.toString(16)}]`))).toBe(true);
  });
});

describe('!dh', () => {
  it('reads the image headers of a loaded driver from memory', () => {
    const s = live();
    const k = kernelOf(s.machine);
    const sw = k?.images.module('swlegacy');
    if (!sw) throw new Error('swlegacy not loaded');
    const out = lines(s, '!dh swlegacy');
    expect(out.slice(0, 6)).toEqual([
      '',
      'File Type: EXECUTABLE IMAGE',
      'FILE HEADER VALUES',
      '    8664 machine (X64)',
      '       2 number of sections',
      `${sw.timestamp.toString(16).toUpperCase()} time date stamp Thu Jan 20 13:45:42 2011`,
    ]);
    expect(out).toContain(`${sw.base.toString(16)} image base`);
    expect(out).toContain(`${sw.size.toString(16).toUpperCase().padStart(8)} size of image`);
    expect(out).toContain('       1 subsystem (Native)');
    expect(out).toContain('    2160  DLL characteristics');
    expect(out).toContain('            WDM Driver');
    expect(out).toContain('       0 [       0] address [size] of Reserved Directory');
    const text = out.indexOf('SECTION HEADER #1');
    expect(out.slice(text - 2, text + 2)).toEqual(['', '', 'SECTION HEADER #1', '   .text name']);
    expect(out.slice(text + 10)).toEqual([
      '68000020 flags',
      '         Code',
      '         Not Paged',
      '         (no align specified)',
      '         Execute Read',
      '',
      'SECTION HEADER #2',
      '   .data name',
      ...out.slice(text + 18, text + 26),
      'C8000040 flags',
      '         Initialized Data',
      '         Not Paged',
      '         (no align specified)',
      '         Read Write',
    ]);
  });

  it('shows what memory holds: a header changed with e* shows in !dh', () => {
    const s = live();
    expect(lines(s, '!dh -f swlegacy')[4]).toBe('       2 number of sections');
    // NumberOfSections is at e_lfanew (0xe8) + 6.
    s.submit('ew swlegacy+e8+6 1');
    const out = lines(s, '!dh swlegacy');
    expect(out[4]).toBe('       1 number of sections');
    expect(out).toContain('SECTION HEADER #1');
    expect(out).not.toContain('SECTION HEADER #2');
  });

  it('-f prints the file and optional headers, -s the section headers, in either order with the address', () => {
    const s = live();
    const f = lines(s, '!dh nt -f');
    expect(f).toContain('OPTIONAL HEADER VALUES');
    expect(f.some((l) => l.startsWith('SECTION HEADER'))).toBe(false);
    expect(lines(s, '!dh -f nt')).toEqual(f);
    const sec = lines(s, '!dh -s nt');
    expect(sec.slice(0, 3)).toEqual(['', 'SECTION HEADER #1', '   .text name']);
    expect(sec).toContain('    INIT name');
    expect(sec).toContain('         Discardable');
    expect(sec).toContain('         Execute Read Write');
    expect(sec).not.toContain('FILE HEADER VALUES');
  });

  it('answers bad input: usage, unreadable headers, syntax', () => {
    const kd = new Kd();
    const usage = kd.run('!dh');
    expect(usage[0]).toBe('Usage: dh [options] address');
    expect(kd.last().ok).toBe(false);
    expect(kd.run('!dh -h')).toEqual(usage);
    expect(kd.last().ok).toBe(true);
    expect(kd.run('!dh -z nt')).toEqual(usage);
    // The dump holds no image headers (paged out when it was written), as real kernel dumps often do.
    expect(kd.run('!dh nt')).toEqual(["Can't read file header: error == 0"]);
    expect(kd.run('!dh 0')).toEqual(["Can't read file header: error == 0"]);
    expect(kd.run('!dh nosuch')).toEqual(["Couldn't resolve error at 'nosuch'"]);
    expect(kd.run('!dh nt junk')).toEqual([`${' '.repeat(14)}^ Syntax error in '!dh nt junk'`]);
  });
});

describe('| and ~', () => {
  it('| shows the one process of a kernel session', () => {
    const kd = new Kd();
    expect(kd.run('|')).toEqual(['.  0\tid: 0\texamine\tname: ntoskrnl.exe']);
    expect(kd.run('|.')).toEqual(kd.run('|*'));
    expect(kd.run('|1')).toEqual([`${' '.repeat(8)}^ Syntax error in '|1'`]);
  });

  it('~ lists the processors: . the current one, # the one the target stopped on, the TEB of the thread running there', () => {
    const kd = new Kd();
    const t = kd.dbg.session.target;
    expect(t.currentProcessor).toBe(2);
    const teb = t.threads().find((x) => x.ethread === t.processor(2)?.thread)?.teb ?? 0n;
    expect(kd.run('~')).toEqual([
      '   0  Id: 0.0 Suspend: 0 Teb: 00000000`00000000 Unfrozen',
      '   1  Id: 0.1 Suspend: 0 Teb: 00000000`00000000 Unfrozen',
      `.  2  Id: 0.2 Suspend: 0 Teb: ${addr64(teb)} Unfrozen`,
      '   3  Id: 0.3 Suspend: 0 Teb: 00000000`00000000 Unfrozen',
    ]);
    kd.run('~1s');
    expect(kd.run('~').slice(1, 3)).toEqual([
      '.  1  Id: 0.1 Suspend: 0 Teb: 00000000`00000000 Unfrozen',
      `#  2  Id: 0.2 Suspend: 0 Teb: ${addr64(teb)} Unfrozen`,
    ]);
    expect(kd.run('~.')).toEqual(['.  1  Id: 0.1 Suspend: 0 Teb: 00000000`00000000 Unfrozen']);
    expect(kd.run('~#')).toEqual([`#  2  Id: 0.2 Suspend: 0 Teb: ${addr64(teb)} Unfrozen`]);
    // Other ~ forms stay the processor switch's.
    expect(kd.run('~9s')[0]).toMatch(/\^ Syntax error in '~9s'$/);
  });
});

describe('!address over the live machine pool', () => {
  it('puts a pool object in the nonpaged pool range, as on the dump', () => {
    const s = live();
    const cmd = kernelOf(s.machine)
      ?.ps.list()
      .find((p) => p.name === 'cmd.exe');
    if (!cmd) throw new Error('no cmd.exe');
    expect(answer(lines(s, `!address ${cmd.eprocess}`))).toEqual([
      'Usage:                  ',
      'Base Address:           fffffa80`00000000',
      'End Address:            fffffa81`00000000',
      'Region Size:            00000001`00000000',
      'VA Type:                NonPagedPool',
    ]);
  });
});
