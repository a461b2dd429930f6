/**
 * `.cxr` and `.trap` on the XP machine: the 32-bit CONTEXT and KTRAP_FRAME
 * layouts, the x86 register block, and the errors for unreadable addresses.
 * Every register printed is checked against the bytes of the record in the
 * machine's memory, so a wrong offset fails.
 */
import { describe, expect, it } from 'vitest';
import { fromLe } from '../../src/debugger/memory.ts';
import type { XpTarget } from '../../src/debugger/x86/target.ts';
import { xpKd } from './xp-harness.ts';

const live = (): ReturnType<typeof xpKd> => xpKd();

const h8 = (v: bigint): string => v.toString(16).padStart(8, '0');
const h4 = (v: bigint): string => v.toString(16).padStart(4, '0');

function dword(t: XpTarget, at: bigint): bigint {
  const b = t.read(at, 4);
  if (!b) throw new Error(`unreadable ${h8(at)}`);
  return fromLe(b);
}

/** The register block as x86 kd prints it, from the given values. */
function block(v: Record<string, bigint>): string[] {
  return [
    `eax=${h8(v.eax)} ebx=${h8(v.ebx)} ecx=${h8(v.ecx)} edx=${h8(v.edx)} esi=${h8(v.esi)} edi=${h8(v.edi)}`,
    expect.stringMatching(
      new RegExp(
        `^eip=${h8(v.eip)} esp=${h8(v.esp)} ebp=${h8(v.ebp)} iopl=${(v.efl >> 12n) & 3n} {9}(nv|ov) (up|dn) (ei|di) (pl|ng) (zr|nz) (na|ac) (pe|po) (nc|cy)$`,
      ),
    ),
    `cs=${h4(v.cs)}  ss=${h4(v.ss)}  ds=${h4(v.ds)}  es=${h4(v.es)}  fs=${h4(v.fs)}  gs=${h4(v.gs)}             efl=${h8(v.efl)}`,
  ] as unknown as string[];
}

// Notepad's waiting thread entered the kernel by sysenter: its trap frame is the one !thread names.
const TRAP = 0xee59ed64n;

describe('.trap on x86', () => {
  it('prints ErrCode, then every register from the frame; the user-mode esp is HardwareEsp and ss is HardwareSegSs', () => {
    const { kd, target } = live();
    kd.run('.process /r /p 863c22f0');
    const out = kd.run(`.trap ${h8(TRAP)}`);
    const at = (off: number): bigint => dword(target, TRAP + BigInt(off));
    const v = {
      eax: at(0x44),
      ebx: at(0x5c),
      ecx: at(0x40),
      edx: at(0x3c),
      esi: at(0x58),
      edi: at(0x54),
      eip: at(0x68),
      esp: at(0x74),
      ebp: at(0x60),
      cs: at(0x6c) & 0xffffn,
      ss: (at(0x78) & 0xffffn) | 3n,
      ds: at(0x38) & 0xffffn,
      es: at(0x34) & 0xffffn,
      fs: at(0x50) & 0xffffn,
      gs: at(0x30) & 0xffffn,
      efl: at(0x70),
    };
    expect(v.eip).toBe(0x7c90e4f4n);
    expect(v.cs).toBe(0x1bn);
    expect(out).toEqual([`ErrCode = ${h8(at(0x64))}`, ...block(v), 'ntdll!KiFastSystemCallRet:', '001b:7c90e4f4 c3              ret']);
    expect(out.join('\n')).not.toContain('does not contain all registers');
  });

  it('k and r follow the trap frame into Notepad (r shows the last set context, without the x64 note)', () => {
    const { kd } = live();
    kd.run('.process /r /p 863c22f0');
    kd.run(`.trap ${h8(TRAP)}`);
    const k = kd.run('k');
    expect(k[0]).toBe('  *** Stack trace for last set context - .thread/.cxr resets it');
    expect(k.slice(2).map((l) => l.split(' ').pop())).toEqual([
      'ntdll!KiFastSystemCallRet',
      'USER32!NtUserGetMessage+0xc',
      'notepad!WinMain+0xe5',
      'notepad!WinMainCRTStartup+0x174',
      'kernel32!BaseProcessStart+0x23',
    ]);
    const r = kd.run('r');
    expect(r[0]).toBe('Last set context:');
    expect(r[1]).toMatch(/^eax=/);
  });

  it('a frame that interrupted the kernel: cs 0008, ss the ring-0 data selector, esp where HardwareEsp would be', () => {
    const { kd } = live();
    // The clock interrupt that stopped the idle loop on processor 0 (kv names its trap frame).
    const frame = kd.run('kv').find((l) => l.includes('HalpClockInterrupt'));
    const addr = /TrapFrame @ ([0-9a-f]{8})/.exec(frame ?? '')?.[1];
    expect(addr).toBeDefined();
    const out = kd.run(`.trap ${addr}`);
    const esp = ((BigInt(`0x${addr}`) + 0x74n) & 0xffffffffn).toString(16).padStart(8, '0');
    expect(out[2]).toMatch(new RegExp(`^eip=805415b0 esp=${esp} `));
    expect(out[3]).toMatch(/^cs=0008 {2}ss=0010 {2}ds=0023 {2}es=0023 {2}fs=0030 {2}gs=0000 /);
    expect(out[4]).toBe('nt!KiIdleLoop+0x10:');
  });

  it('an unreadable address: the x86 machine names it; no context is set', () => {
    const { kd } = live();
    expect(kd.run('.trap 12345678')).toEqual(['Unable to read trap frame at 12345678']);
    expect(kd.last().ok).toBe(false);
    expect(kd.run('k')[0]).not.toContain('last set context');
  });

  it('no address resets the context; a bad expression is a syntax error', () => {
    const { kd } = live();
    kd.run(`.trap ${h8(TRAP)}`);
    expect(kd.run('.trap')).toEqual([]);
    expect(kd.run('k')[0]).not.toContain('last set context');
    expect(kd.run(`.trap ${h8(TRAP)} junk`)[0]).toMatch(/\^ Syntax error in '\.trap ee59ed64 junk'$/);
  });
});

describe('.cxr on x86', () => {
  it('reads a 32-bit CONTEXT (SegGs at +8c … SegSs at +c8), ss sanitised as dbgeng does', () => {
    const { kd, target } = live();
    // Any readable kernel memory is read as a CONTEXT, as WinDbg does: take Notepad's kernel stack.
    const at = 0xee59ec00n;
    const d = (off: number): bigint => dword(target, at + BigInt(off));
    const out = kd.run(`.cxr ${h8(at)}`);
    const v = {
      gs: d(0x8c) & 0xffffn,
      fs: d(0x90) & 0xffffn,
      es: d(0x94) & 0xffffn,
      ds: d(0x98) & 0xffffn,
      edi: d(0x9c),
      esi: d(0xa0),
      ebx: d(0xa4),
      edx: d(0xa8),
      ecx: d(0xac),
      eax: d(0xb0),
      ebp: d(0xb4),
      eip: d(0xb8),
      cs: d(0xbc) & 0xffffn,
      efl: d(0xc0),
      esp: d(0xc4),
      ss: 0n,
    };
    // A virtual-8086 context keeps its own ss; otherwise user code gets RPL 3, kernel code the ring-0 data selector.
    v.ss = v.efl & 0x20000n ? d(0xc8) & 0xffffn : v.cs & 1n ? (d(0xc8) & 0xffffn) | 3n : 0x10n;
    expect(out.slice(0, 3)).toEqual(block(v));
  });

  it('an unreadable address, and the reset', () => {
    const { kd } = live();
    expect(kd.run('.cxr 1000')).toEqual(['Unable to read context, Win32 error 0n30']);
    expect(kd.run('.cxr')).toEqual(['Resetting default scope']);
  });
});

describe('x86 widths in dt, dl and the reload path', () => {
  it('dl walks 32-bit links: nt!HandleTableListHead through every handle table once, back to the head', () => {
    const { kd, target } = live();
    const out = kd.run('dl nt!HandleTableListHead');
    // Idle and System share the kernel's table: fifteen tables for sixteen processes, and the head.
    expect(out.length).toBe(16);
    for (const line of out) {
      const [at, flink, blink] = line.split(/\s+/).map((x) => BigInt(`0x${x}`));
      expect([dword(target, at), dword(target, at + 4n)]).toEqual([flink, blink]);
    }
    expect(out[1]).toMatch(/^e1002e5c /);
  });

  it('dt shows a LIST_ENTRY as two 32-bit links, the bytes at +0 and +4', () => {
    const { kd, target } = live();
    const at = 0x863c22f0n + 0x88n;
    const links = [dword(target, at), dword(target, at + 4n)].map((v) => `0x${v.toString(16).padStart(8, '0')}`);
    expect(kd.run('dt nt!_EPROCESS 863c22f0 ActiveProcessLinks')).toEqual([`   +0x088 ActiveProcessLinks : _LIST_ENTRY [ ${links[0]} - ${links[1]} ]`]);
  });

  it('a PEB not mapped in the running process: PEB.Ldr at +0xc, eight digits', () => {
    const { kd } = live();
    kd.run('.process 863c22f0');
    expect(kd.run('.reload /user')).toEqual(['Loading User Symbols', 'PEB is paged out (Peb.Ldr = 7ffdb00c).  Type ".hh dbgerr001" for details']);
  });
});
