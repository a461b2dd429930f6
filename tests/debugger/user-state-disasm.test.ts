/**
 * `u`, `ub`, `uf`, `r` and `!teb` on the XP machine: 32-bit decoding,
 * eight-digit addresses, the x86 register block and XP's TEB, computed from
 * the machine's code, thread context and memory; x86 register names and errors.
 */
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/debugger/disasm.ts';
import { instructionLine, operandSymbol } from '../../src/debugger/listing.ts';
import { xpDebugger } from '../../src/debugger/x86/session.ts';
import { bootXp } from '../../src/kernel/xp/machine.ts';
import { Kd } from './harness.ts';

function live(): Kd {
  const { xp } = bootXp(8);
  const made = xpDebugger(xp, 'live');
  const kd = new Kd(made.target);
  Object.assign(kd, { dbg: made.debugger });
  return kd;
}

/** Stopped at the breakpoint on ntdll!NtCreateFile (set from Notepad's context), in svchost (user mode). */
function atNtCreateFile(): Kd {
  const kd = live();
  kd.run('.process /i 863c22f0');
  kd.run('g');
  kd.run('bp ntdll!ntcreatefile');
  expect(kd.run('g')[0]).toBe('Breakpoint 0 hit');
  return kd;
}

const bytes = (h: string): Uint8Array => Uint8Array.from(h.split(' ').map((b) => Number.parseInt(b, 16)));
const text32 = (h: string): string => {
  const i = decode(bytes(h), 0x401000n, (a) => a.toString(16).padStart(8, '0'), 32);
  return `${i.mnemonic} ${i.operands}`.trim();
};

describe('the 32-bit decoder', () => {
  it('reads 40-4F as inc/dec, not REX, and keeps 32-bit stack and addresses', () => {
    expect(text32('40')).toBe('inc eax');
    expect(text32('4f')).toBe('dec edi');
    expect(text32('55')).toBe('push ebp');
    expect(text32('ff 75 08')).toBe('push dword ptr [ebp+8]');
    expect(text32('8b 45 08')).toBe('mov eax,dword ptr [ebp+8]');
    expect(text32('ff d0')).toBe('call eax');
    expect(text32('c2 2c 00')).toBe('ret 2Ch');
    // The same bytes in 64-bit mode: 40 is a REX prefix.
    const x64 = decode(bytes('40 55'), 0x401000n, (a) => a.toString(16), 64);
    expect([x64.mnemonic, x64.operands, x64.length]).toEqual(['push', 'rbp', 2]);
  });

  it('has no RIP-relative form: mod 00 r/m 101 is an absolute address, shown as WinDbg shows it on x86', () => {
    expect(text32('8b 0d 00 03 fe 7f')).toBe('mov ecx,dword ptr ds:[7FFE0300h]');
    expect(text32('64 a1 18 00 00 00')).toBe('mov eax,dword ptr fs:[00000018h]');
    expect(text32('a1 00 03 fe 7f')).toBe('mov eax,dword ptr ds:[7FFE0300h]');
  });

  it('decodes the opcodes x64 removed', () => {
    expect(text32('60')).toBe('pushad');
    expect(text32('61')).toBe('popad');
    expect(text32('27')).toBe('daa');
    expect(text32('1e')).toBe('push ds');
    expect(text32('0f a0')).toBe('push fs');
    expect(text32('ce')).toBe('into');
    expect(text32('d4 0a')).toBe('aam 0Ah');
    expect(text32('63 c8')).toBe('arpl ax,cx');
    expect(text32('c4 45 08')).toBe('les eax,fword ptr [ebp+8]');
    expect(text32('9a 34 12 54 80 08 00')).toBe('call 0008:80541234');
    expect(text32('82 c1 05')).toBe('add cl,5');
    expect(text32('9c')).toBe('pushfd');
    expect(text32('67 8b 07')).toBe('mov eax,dword ptr [bx]');
  });
});

describe('u, ub, uf on the x86 target', () => {
  it('lists user code in 32-bit mode with eight-digit addresses', () => {
    const kd = atNtCreateFile();
    expect(kd.run('u eip l4')).toEqual([
      'ntdll!ZwCreateFile:',
      '7c90d090 b825000000      mov     eax,25h',
      '7c90d095 ba0003fe7f      mov     edx,7FFE0300h',
      '7c90d09a ff12            call    dword ptr [edx]',
      '7c90d09c c22c00          ret     2Ch',
    ]);
    expect(kd.run('uf ntdll!ZwCreateFile')).toEqual([
      'ntdll!ZwCreateFile:',
      '7c90d090 b825000000      mov     eax,25h',
      '7c90d095 ba0003fe7f      mov     edx,7FFE0300h',
      '7c90d09a ff12            call    dword ptr [edx]',
      '7c90d09c c22c00          ret     2Ch',
    ]);
    expect(kd.run('uf /c ntdll!ZwCreateFile')).toEqual([
      'ntdll!ZwCreateFile (7c90d090)',
      '  ntdll!ZwCreateFile+0xa (7c90d09a):',
      '    call to dword ptr [edx]',
    ]);
    expect(kd.run('ub ntdll!KiFastSystemCallRet l2')).toEqual([
      'ntdll!KiFastSystemCall:',
      '7c90e4f0 8bd4            mov     edx,esp',
      '7c90e4f2 0f34            sysenter',
    ]);
  });

  it('names branch targets and absolute operands with the symbol and the eight-digit address', () => {
    const kd = atNtCreateFile();
    const t = kd.dbg.session.target;
    const sym = (a: bigint): string => operandSymbol(t, a);
    // call ntdll!KiFastSystemCall from 7c90d09a (e8 rel32), and call through a pointer at KiFastSystemCall's address.
    const rel = 0x7c90e4f0 - (0x7c90d09a + 5);
    const call = decode(Uint8Array.from([0xe8, rel & 0xff, (rel >> 8) & 0xff, (rel >> 16) & 0xff, (rel >> 24) & 0xff]), 0x7c90d09an, sym, 32);
    expect(instructionLine(call, 'x86')).toBe('7c90d09a e851140000      call    ntdll!KiFastSystemCall (7c90e4f0)');
    const indirect = decode(bytes('ff 15 f0 e4 90 7c'), 0x7c90d09an, sym, 32);
    expect(`${indirect.mnemonic} ${indirect.operands}`).toBe('call dword ptr [ntdll!KiFastSystemCall (7c90e4f0)]');
  });

  it('reports unreadable code with an eight-digit address', () => {
    const kd = live();
    expect(kd.run('u 1000')).toEqual(['00001000 ??              ???', "            ^ Memory access error in 'u 1000'"]);
    expect(kd.run('ub 1000')[0]).toBe('00000fff ??              ???');
    expect(kd.run('uf 1000')[0]).toBe('00001000 ??              ???');
  });
});

describe('r on the x86 target', () => {
  it('prints the x86 register block of the stopped thread, then the symbol and the instruction', () => {
    const kd = live();
    expect(kd.run('r')).toEqual([
      'eax=00000000 ebx=00000000 ecx=00000000 edx=00000000 esi=00000000 edi=00000000',
      'eip=8052b5dc esp=ed002d20 ebp=ed002d30 iopl=0         nv up ei pl zr na pe nc',
      'cs=0008  ss=0010  ds=0023  es=0023  fs=0030  gs=0000             efl=00000246',
      'nt!RtlpBreakWithStatusInstruction:',
      '8052b5dc cc              int     3',
    ]);
  });

  it('shows user-mode code with its selector, from the user thread context', () => {
    const kd = atNtCreateFile();
    const block = kd.run('r');
    expect(block[1]).toMatch(/^eip=7c90d090 esp=[0-9a-f]{8} ebp=[0-9a-f]{8} iopl=0 {9}nv up ei pl zr na pe nc$/);
    expect(block[2]).toBe('cs=001b  ss=0023  ds=0023  es=0023  fs=003b  gs=0000             efl=00000246');
    expect(block.slice(3)).toEqual(['ntdll!ZwCreateFile:', '001b:7c90d090 b825000000      mov     eax,25h']);
  });

  it('annotates a memory operand with its selector, eight-digit address and the value there', () => {
    const kd = atNtCreateFile();
    kd.run('r eip=7c90d09a');
    expect(kd.run('r').at(-1)).toBe('001b:7c90d09a ff12            call    dword ptr [edx] ds:0023:00000000=????????');
    // edx at the TEB's Self field: the value read through the process context.
    kd.run('r edx=7ffdf018');
    expect(kd.run('r').at(-1)).toBe('001b:7c90d09a ff12            call    dword ptr [edx] ds:0023:7ffdf018=7ffdf000');
  });

  it('shows and sets registers by their x86 names, and rejects the x64 ones', () => {
    const kd = live();
    expect(kd.run('r eip')).toEqual(['eip=8052b5dc']);
    expect(kd.run('r eax, esp')).toEqual(['eax=00000000 esp=ed002d20']);
    expect(kd.run('r cs')).toEqual(['cs=0008']);
    expect(kd.run('r ax')).toEqual(['ax=0000']);
    expect(kd.run('r rax')).toEqual(["           ^ Bad register error in 'r rax'"]);
    expect(kd.run('r r8d')).toEqual(["           ^ Bad register error in 'r r8d'"]);
    expect(kd.run('r @esp')).toEqual(["         ^ Syntax error in 'r @esp'"]);
    expect(kd.run('r rip=0')).toEqual(["            ^ Bad register error in 'r rip=0'"]);
    expect(kd.run('r eax=112345678')).toEqual([]);
    expect(kd.run('r eax')).toEqual(['eax=12345678']);
    expect(kd.run('? @esp')).toEqual(['Evaluate expression: -318755552 = ed002d20']);
    expect(kd.run('? 1')).toEqual(['Evaluate expression: 1 = 00000001']);
    expect(kd.run('? 100000000')).toEqual(['Evaluate expression: 4294967296 = 00000001`00000000']);
  });
});

describe('!teb on the x86 target', () => {
  it("shows the register context thread's TEB in XP's layout, read through the process context", () => {
    const kd = live();
    // The Idle thread has no TEB.
    expect(kd.run('!teb')).toEqual(['TEB at 00000000', '    error InitTypeRead( TEB )']);
    kd.run('.process /i 863c22f0');
    kd.run('g');
    const teb = kd.run('!teb');
    expect(teb[0]).toBe('TEB at 7ffdf000');
    expect(teb).toContain('    Self:                 7ffdf000');
    expect(teb).toContain('    ClientId:             000000bc . 000000c0');
    expect(teb).toContain('    PEB Address:          7ffdb000');
    expect(teb).toContain('    StackBase:            00080000');
    expect(teb.length).toBe(17);
    expect(kd.run('!teb 7ffdf000')).toEqual(teb);
    expect(kd.run('!teb 1000')).toEqual(['TEB at 00001000', '    error InitTypeRead( TEB )']);
  });
});
