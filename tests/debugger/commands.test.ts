/** Every command's output format and its error messages, on the race dump. */
import { describe, expect, it } from 'vitest';
import { Kd } from './harness.ts';

const CXR = '.cxr 0xfffff88005f45960';

function withCxr(): Kd {
  const kd = new Kd();
  kd.run(CXR);
  return kd;
}

describe('prompt, dispatch and repetition', () => {
  it('shows the current processor in the prompt', () => {
    expect(new Kd().dbg.prompt()).toBe('2: kd> ');
  });
  it('puts the caret under the failing column, counting the prompt', () => {
    expect(new Kd().run('foo')).toEqual(["       ^ Syntax error in 'foo'"]);
    expect(new Kd().run('.querypackages')).toEqual(["       ^ Syntax error in '.querypackages'"]);
    expect(new Kd().run('r rsp+28')).toEqual(["            ^ Syntax error in 'r rsp+28'"]);
  });
  it('reports unknown extensions as missing exports', () => {
    expect(new Kd().run('!foo bar')).toEqual(['No export foo found']);
  });
  it('repeats the last command on Enter, and continues d* and u where they stopped', () => {
    const kd = withCxr();
    expect(kd.run('dq @rcx l1')).toEqual(['fffffa80`08e13318  fffff8a0`0d106d58']);
    expect(kd.run('')).toEqual([
      'fffffa80`08e13320  00000000`00000000 00000000`00000000',
      'fffffa80`08e13330  e56c6946`0115000c 00000000`00000000',
      'fffffa80`08e13340  00000000`00000000 00000000`00000000',
      'fffffa80`08e13350  00000000`00000000 00000000`00000000',
      'fffffa80`08e13360  00000000`00000000 00000000`00000000',
      'fffffa80`08e13370  00000000`00000000 00000000`00000000',
      'fffffa80`08e13380  00000000`00000000 00000000`00000000',
      'fffffa80`08e13390  00000000`00000000 00000000`00000000',
    ]);
    const u1 = kd.run('u @rip L2');
    expect(u1.at(-1)).toBe('fffff880`0106f145 493bc4          cmp     rax,r12');
    const more = kd.run('');
    expect(more[0]).toBe('fltmgr!TreeUnlinkMulti+0x58:');
    expect(more[1]).toBe('fffff880`0106f148 720e            jb      fltmgr!TreeUnlinkMulti+0x68 (fffff880`0106f158)');
    expect(kd.run('? 1')).toEqual(['Evaluate expression: 1 = 00000000`00000001']);
    expect(kd.run('')).toEqual(['Evaluate expression: 1 = 00000000`00000001']);
  });
  it('emits kd.command with the canonical verb, the resolved address and the context', () => {
    const kd = withCxr();
    kd.run('!pool @rcx');
    expect(kd.last()).toEqual({ command: '!pool', args: '@rcx', ok: true, address: 'fffffa8008e13318', context: 'cxr fffff88005f45960' });
    kd.run('dt _NAME_CACHE_LIST_CTRL @rcx-8 /b');
    expect(kd.last()).toMatchObject({ command: 'dt', dataType: 'fltmgr!_NAME_CACHE_LIST_CTRL', address: 'fffffa8008e13310', ok: true });
    kd.run('nonsense');
    expect(kd.last()).toMatchObject({ command: 'nonsense', ok: false });
  });
});

describe('? (evaluate)', () => {
  it('prints the signed decimal and the 64-bit value', () => {
    const kd = new Kd();
    expect(kd.run('? nt!KeBugCheckEx')).toEqual(['Evaluate expression: -8796048406976 = fffff800`02a8c640']);
    expect(kd.run('? 80000000')).toEqual(['Evaluate expression: -2147483648 = ffffffff`80000000']);
  });
  it('prints the command summary alone', () => {
    expect(new Kd().run('?')[0]).toBe('Open debugger.chm for complete debugger documentation');
  });
  it('reports evaluator errors from the failing token', () => {
    const kd = new Kd();
    expect(kd.run('? nosuch+8')).toEqual(["Couldn't resolve error at 'nosuch+8'"]);
    expect(kd.run('? @$nope')).toEqual(["Bad register error at '@$nope'"]);
    expect(kd.run('? poi(0)')).toEqual(["Memory access error at ')'"]);
    expect(kd.run('? 1 && 2')).toEqual(["Numeric expression missing from '& 2'"]);
    expect(kd.run('? (1')).toEqual(["Syntax error at '<EOL>'"]);
  });
});

describe('r, .cxr, .trap', () => {
  it('shows the processor context with the current instruction', () => {
    const out = new Kd().run('r');
    expect(out[0]).toBe('rax=fffff88005f451a0 rbx=0000000000000000 rcx=000000000000003b');
    expect(out.at(-2)).toBe('nt!KeBugCheckEx:');
    expect(out.at(-1)).toBe('fffff800`02a8c640 48894c2408      mov     qword ptr [rsp+8],rcx ss:0018:fffff880`05f450a0=000000000000003b');
  });
  it('prefixes "Last set context:" after .cxr and shows single registers and sub-registers', () => {
    const kd = withCxr();
    expect(kd.run('r')[0]).toBe('Last set context:');
    expect(kd.run('r rsi')).toEqual(['rsi=0000009d00000000']);
    expect(kd.run('r rcx, rsi')).toEqual(['rcx=fffffa8008e13318 rsi=0000009d00000000']);
    expect(kd.run('r esi')).toEqual(['esi=00000000']);
    expect(kd.run('r efl')).toEqual(['efl=00010206']);
    expect(kd.run('r $thread')).toEqual(['$thread=fffffa800a31e7e0']);
    expect(kd.run('r zf')).toEqual(['zf=0']);
  });
  it('sets $t registers', () => {
    const kd = withCxr();
    expect(kd.run('r $t1 = poi(@rcx)')).toEqual([]);
    expect(kd.run('? @$t1')).toEqual(['Evaluate expression: -8108679074472 = fffff8a0`0d106d58']);
  });
  it('reports bad registers', () => {
    const kd = new Kd();
    expect(kd.run('r foo')).toEqual(["           ^ Bad register error in 'r foo'"]);
    expect(kd.run('r @rax')).toEqual(["         ^ Syntax error in 'r @rax'"]);
  });
  it('.cxr resets with no address and reports unreadable records', () => {
    const kd = withCxr();
    expect(kd.run('.cxr')).toEqual(['Resetting default scope']);
    expect(kd.run('r rip')).toEqual(['rip=fffff80002a8c640']);
    expect(kd.run('.cxr 0')).toEqual(['Unable to read context, Win32 error 0n30']);
    expect(kd.run('.cxr nosuch')).toEqual(["Couldn't resolve error at 'nosuch'"]);
  });
  it('.trap shows the trap frame without segments, non-volatiles zeroed', () => {
    const out = new Kd().run('.trap fffff880`05f461a0');
    expect(out.slice(0, 2)).toEqual(['NOTE: The trap frame does not contain all registers.', 'Some register values may be zeroed or incorrect.']);
    expect(out[3]).toBe('rdx=fffffa8007e5b550 rsi=0000000000000000 rdi=0000000000000000');
    expect(out.some((l) => l.startsWith('cs='))).toBe(false);
  });
});

describe('k family', () => {
  it('walks the processor stack through the trap frame and the exception context', () => {
    const out = new Kd().run('k');
    expect(out[0]).toBe('Child-SP          RetAddr           Call Site');
    expect(out[1]).toBe('fffff880`05f45098 fffff800`02a8bca9 nt!KeBugCheckEx');
    expect(out[8]).toBe('fffff880`05f461a0 fffff880`0106f141 nt!KiPageFault+0x23a');
    expect(out[9]).toBe('fffff880`05f46330 fffff880`0106c460 fltmgr!TreeUnlinkMulti+0x51');
    expect(out.length).toBe(21);
  });
  it('numbers frames with n, shows args with b, trap frames with v, names with c, and takes a count', () => {
    const kd = withCxr();
    expect(kd.run('kn 2')).toEqual([
      '  *** Stack trace for last set context - .thread/.cxr resets it',
      ' # Child-SP          RetAddr           Call Site',
      '00 fffff880`05f46330 fffff880`0106c460 fltmgr!TreeUnlinkMulti+0x51',
      '01 fffff880`05f46380 fffff880`0106cbe9 fltmgr!FltpPerformPreCallbacks+0x730',
    ]);
    expect(kd.run('kb 1')[1]).toBe('Child-SP          RetAddr           : Args to Child                                                           : Call Site');
    expect(kd.run('kv').find((l) => l.includes('TrapFrame'))).toContain('nt!KiSystemServiceCopyEnd+0x13 (TrapFrame @ fffff880`05f46c20)');
    expect(kd.run('kc 1').slice(1)).toEqual(['Call Site', 'fltmgr!TreeUnlinkMulti']);
  });
  it('reports bad counts', () => {
    const kd = new Kd();
    expect(kd.run('k 0')).toEqual(["         ^ Range error in 'k 0'"]);
    expect(kd.run('k zz')).toEqual(["Couldn't resolve error at 'zz'"]);
  });
});

describe('u, ub, uf', () => {
  it('disassembles 8 instructions by default with a symbol header', () => {
    const out = withCxr().run('u');
    expect(out[0]).toBe('fltmgr!TreeUnlinkMulti+0x51:');
    expect(out.length).toBe(9);
  });
  it("ub finds the instructions before an address, including a caller's call site", () => {
    const kd = new Kd();
    expect(kd.run('ub fltmgr!TreeUnlinkMulti+0x34 L3')).toEqual([
      'fltmgr!TreeUnlinkMulti+0x29:',
      'fffff880`0106f119 4889742450      mov     qword ptr [rsp+50h],rsi',
      'fffff880`0106f11e 488b31          mov     rsi,qword ptr [rcx]',
      'fffff880`0106f121 4885f6          test    rsi,rsi',
    ]);
    expect(kd.run('ub fffff880`0106c460 L1')).toEqual([
      'fltmgr!FltpPerformPreCallbacks+0x72b:',
      'fffff880`0106c45b e8902c0000      call    fltmgr!TreeUnlinkMulti (fffff880`0106f0f0)',
    ]);
  });
  it('uf lists the function as blocks', () => {
    const kd = new Kd();
    const out = kd.run('uf fltmgr!TreeUnlinkMulti');
    expect(out[0]).toBe('Flow analysis was incomplete, some code may be missing');
    expect(out[1]).toBe('fltmgr!TreeUnlinkMulti:');
    expect(out).toContain('fltmgr!TreeUnlinkMulti+0x4e:');
    expect(out.at(-1)).toBe('fffff880`0106f16d ebf3            jmp     fltmgr!TreeUnlinkMulti+0x72 (fffff880`0106f162)');
    expect(kd.last()).toMatchObject({ ok: true, address: 'fffff8800106f0f0', end: 'fffff8800106f16f' });
    expect(kd.run('uf 0')).toEqual(['00000000`00000000 ??              ???', "          ^ Memory access error in 'uf 0'"]);
  });
  it('reports unreadable code with ??? and the caret under the last character', () => {
    expect(new Kd().run('u 0')).toEqual(['00000000`00000000 ??              ???', "         ^ Memory access error in 'u 0'"]);
    expect(new Kd().run('u nosuch')).toEqual(["Couldn't resolve error at 'nosuch'"]);
    expect(new Kd().run('u 0 0 0')).toEqual(["             ^ Syntax error in 'u 0 0 0'"]);
  });
});

describe('d* memory display', () => {
  const kd = new Kd();
  it('db dw dd dq dp dc layouts', () => {
    expect(kd.run('db fffff8a00d106d30 l10')).toEqual(['fffff8a0`0d106d30  04 01 19 02 46 4d 66 6e-00 00 00 00 00 00 00 00  ....FMfn........']);
    expect(kd.run('dw fffff8a00d106d30 l4')).toEqual(['fffff8a0`0d106d30  0104 0219 4d46 6e66']);
    expect(kd.run('dd fffff8a00d106d30 l4')).toEqual(['fffff8a0`0d106d30  02190104 6e664d46 00000000 00000000']);
    expect(kd.run('dq fffffa80`08e13318 l1')).toEqual(['fffffa80`08e13318  fffff8a0`0d106d58']);
    expect(kd.run('dp fffffa80`08e13318 l1')).toEqual(['fffffa80`08e13318  fffff8a0`0d106d58']);
    expect(kd.run('dc fffff8a00d106e10 l4')).toEqual(['fffff8a0`0d106e10  0044005c 00760065 00630069 005c0065  \\.D.e.v.i.c.e.\\.']);
  });
  it('da and du read strings', () => {
    expect(kd.run('du fffff8a00d106e10')).toEqual(['fffff8a0`0d106e10  "\\Device\\HarddiskVolume2\\UsIrs\\???"']);
    expect(kd.run('da fffff8a00d106d34')).toEqual(['fffff8a0`0d106d34  "FMfn"']);
  });
  it('prints question marks for unreadable memory, in the element width', () => {
    expect(kd.run('db 0000009d`00000020 l10')).toEqual(['0000009d`00000020  ?? ?? ?? ?? ?? ?? ?? ??-?? ?? ?? ?? ?? ?? ?? ??  ????????????????']);
    expect(kd.run('dd 0 l4')).toEqual(['00000000`00000000  ???????? ???????? ???????? ????????']);
    expect(kd.run('dq 0 l2')).toEqual(['00000000`00000000  ????????`???????? ????????`????????']);
  });
  it('takes ranges as address pairs and negative counts', () => {
    expect(kd.run('dq fffffa8008e13310 fffffa8008e13318')).toEqual(['fffffa80`08e13310  00000000`00000002 fffff8a0`0d106d58']);
    expect(kd.run('dq fffffa8008e13320 L-2')).toEqual(['fffffa80`08e13310  00000000`00000002 fffff8a0`0d106d58']);
  });
  it('reports bad ranges and expressions', () => {
    expect(kd.run('dd 0 l0')).toEqual(["            ^ Range error in 'dd 0 l0'"]);
    expect(kd.run('dq nosuch')).toEqual(["Couldn't resolve error at 'nosuch'"]);
    expect(kd.run('dq 0 1 2')).toEqual(["              ^ Syntax error in 'dq 0 1 2'"]);
  });
});

describe('dt', () => {
  const kd = new Kd();
  it('shows bitfields, pointers and tags of an instance', () => {
    expect(kd.run('dt _POOL_HEADER fffffa8008e13270')).toEqual([
      'nt!_POOL_HEADER',
      '   +0x000 PreviousSize     : 0y00000010 (0x2)',
      '   +0x000 PoolIndex        : 0y00000000 (0)',
      '   +0x000 BlockSize        : 0y00001100 (0xc)',
      '   +0x000 PoolType         : 0y00000001 (0x1)',
      '   +0x000 Ulong1           : 0x10c0002',
      '   +0x004 PoolTag          : 0x6c734d46',
      '   +0x008 ProcessBilled    : (null) ',
      '   +0x008 AllocatorBackTraceIndex : 0',
      '   +0x00a PoolTagHash      : 0',
    ]);
  });
  it('prints the string first for _UNICODE_STRING and expands -r levels', () => {
    expect(kd.run('dt nt!_UNICODE_STRING fffff8a00d106da8')).toEqual([
      ' "\\Device\\HarddiskVolume2"',
      '   +0x000 Length           : 0x2e',
      '   +0x002 MaximumLength    : 0x2e',
      '   +0x008 Buffer           : 0xfffff8a0`0d106e10  "\\Device\\HarddiskVolume2"',
    ]);
    expect(kd.run('dt -r1 fltmgr!_TREE_NODE').slice(0, 3)).toEqual([
      '   +0x000 Link             : _RTL_SPLAY_LINKS',
      '      +0x000 Parent           : Ptr64 _RTL_SPLAY_LINKS',
      '      +0x008 LeftChild        : Ptr64 _RTL_SPLAY_LINKS',
    ]);
  });
  it('selects fields and lists types by wildcard', () => {
    expect(kd.run('dt fltmgr!_STREAM_LIST_CTRL fffffa8008e13280 UseCount')).toEqual(['   +0x044 UseCount         : 4']);
    expect(kd.run('dt fltmgr!_TREE*')).toEqual(['          fltmgr!_TREE_NODE', '          fltmgr!_TREE_ROOT']);
  });
  it('reports unknown types, bad options and unreadable memory', () => {
    expect(kd.run('dt _NOPE')).toEqual(['Symbol _NOPE not found.']);
    expect(kd.run('dt fltmgr!_NOPE 0')).toEqual(['Symbol fltmgr!_NOPE not found.']);
    expect(kd.run('dt -q _POOL_HEADER')).toEqual(["          ^ Syntax error in 'dt -q _POOL_HEADER'"]);
    expect(kd.run('dt _TREE_ROOT 0000009d`00000020')).toEqual([
      'fltmgr!_TREE_ROOT',
      '   +0x000 Tree             : ???? ',
      'Memory read error 0000009d00000020',
    ]);
  });
});

describe('!pool', () => {
  it('lists the page with the containing block marked', () => {
    const out = new Kd().run('!pool fffff8a0`0d106d58');
    expect(out[0]).toBe('Pool page fffff8a00d106d58 region is Paged pool');
    expect(out).toContain('*fffff8a00d106d30 size:  190 previous size:   40  (Allocated) *FMfn');
  });
  it('shows only the block with flag 2, and owner Unknown for unlisted tags', () => {
    expect(new Kd().run('!pool fffff8a00d1062c8 2')).toEqual([
      'Pool page fffff8a00d1062c8 region is Paged pool',
      '*fffff8a00d1062c0 size:  110 previous size:   40  (Allocated) *;oNm',
      '\t\tOwning component : Unknown (update pooltag.txt)',
    ]);
  });
  it('explains addresses that are not pool', () => {
    expect(new Kd().run('!pool 0000009d`00000020')).toEqual([
      'Pool page 0000009d00000020 region is Unknown',
      '0000009d00000000 is not a valid large pool allocation, checking large session pool...',
      'Unable to read large session pool table (Session data is not present in mini and kernel-only dumps)',
      '0000009d00000000 is not valid pool. Checking for freed (or corrupt) pool',
      'Address 0000009d00000000 could not be read. It may be a freed, invalid or paged out page',
    ]);
    expect(new Kd().run('!pool')).toEqual(["           ^ Syntax error in '!pool'"]);
  });
});

describe('!analyze and .bugcheck', () => {
  it('!analyze prints the short form', () => {
    const out = new Kd().run('!analyze');
    expect(out).toContain('BugCheck 3B, {c0000005, fffff8800106f141, fffff88005f45960, 0}');
    expect(out).toContain('Probably caused by : fltmgr.sys ( fltmgr!TreeUnlinkMulti+51 )');
  });
  it('!analyze -v resets a context set before it', () => {
    const kd = withCxr();
    kd.run('!analyze -v');
    expect(kd.run('r rip')).toEqual(['rip=fffff80002a8c640']);
    expect(kd.run('!analyze -x')).toEqual(["                ^ Syntax error in '!analyze -x'"]);
  });
  it('.bugcheck prints the code and arguments', () => {
    expect(new Kd().run('.bugcheck')).toEqual(['Bugcheck code 0000003B', 'Arguments 00000000`c0000005 fffff880`0106f141 fffff880`05f45960 00000000`00000000']);
  });
});

describe('lm, ln, x, .reload', () => {
  it('lm lists modules with symbol state; symbols load on first use', () => {
    const kd = new Kd();
    expect(kd.run('lm m fltmgr')).toEqual([
      'start             end                 module name',
      'fffff880`01052000 fffff880`0109e000   fltmgr     (deferred)             ',
    ]);
    kd.run('u fltmgr!TreeUnlinkMulti L1');
    expect(kd.run('lm m fltmgr')[1]).toMatch(
      /^fffff880`01052000 fffff880`0109e000 {3}fltmgr {5}\(pdb symbols\) {10}c:\\symbols\\fltmgr\.pdb\\[0-9A-F]{33}\\fltmgr\.pdb$/,
    );
    expect(kd.run('lmvm fltmgr')).toContain('    Timestamp:        Mon Jul 13 23:19:59 2009 (4A5BC11F)');
    expect(kd.run('lmu')).toEqual(['start             end                 module name']);
    expect(kd.run('lm q')).toEqual(["          ^ Syntax error in 'lm q'"]);
  });
  it('ln names the nearest symbols', () => {
    const kd = new Kd();
    expect(kd.run('ln fffff880`0106c460')).toEqual([
      '(fffff880`0106bd30)   fltmgr!FltpPerformPreCallbacks+0x730   |  (fffff880`0106c910)   fltmgr!FltpPassThrough',
    ]);
    expect(kd.run('ln fltmgr!TreeUnlinkMulti').slice(1)).toEqual(['Exact matches:', '    fltmgr!TreeUnlinkMulti (<no parameter info>)']);
    expect(kd.run('ln 0')).toEqual([]);
  });
  it('x matches symbols by wildcard', () => {
    expect(new Kd().run('x fltmgr!Fltp*')).toEqual([
      'fffff880`0106b610 fltmgr!FltpDispatch (<no parameter info>)',
      'fffff880`0106bd30 fltmgr!FltpPerformPreCallbacks (<no parameter info>)',
      'fffff880`0106c910 fltmgr!FltpPassThrough (<no parameter info>)',
    ]);
    expect(new Kd().run('x nosuch!*')).toEqual([]);
  });
  it('.reload unloads symbols and reports the paged-out PEB', () => {
    const kd = new Kd();
    kd.run('u fltmgr!TreeUnlinkMulti L1');
    const out = kd.run('.reload');
    expect(out[0]).toBe('Loading Kernel Symbols');
    expect(out).toContain('PEB is paged out (Peb.Ldr = 00000000`7efdf018).  Type ".hh dbgerr001" for details');
    expect(kd.run('lm m fltmgr')[1]).toContain('(deferred)');
    expect(kd.run('.reload /x')).toEqual(["               ^ Syntax error in '.reload /x'"]);
  });
});

describe('vertarget, .help, .hh, q, g, .lab', () => {
  it('vertarget describes the target', () => {
    expect(new Kd().run('vertarget')[0]).toBe('Windows 7 Kernel Version 7600 MP (4 procs) Free x64');
  });
  it('.help lists the dot commands and marks the lab aid', () => {
    const out = new Kd().run('.help');
    expect(out[0]).toBe('. commands:');
    expect(out).toContain('Lab aid (not part of WinDbg):');
  });
  it('.hh: KD would open the help viewer; the lab, having none, says so as a lab aid', () => {
    const out = new Kd().run('.hh dbgerr001');
    expect(out[0]).toMatch(/^Lab aid \(not part of Windows or WinDbg\)/);
    expect(new Kd().run('.hh dbgerr001 ').length).toBe(2);
  });
  it('q leaves the debugger', () => {
    const kd = new Kd();
    expect(kd.run('q')).toEqual(['quit:']);
    expect(kd.exited).toBe(true);
  });
  it('nothing can run in a dump', () => {
    expect(new Kd().run('g')).toEqual(["       ^ No runnable debuggees error in 'g'"]);
  });
  it('.lab forwards to the lab aids', () => {
    expect(new Kd().run('.lab')).toEqual(['status']);
    expect(new Kd().run('.lab hint')).toEqual(['hint']);
    expect(new Kd().run('.lab frobnicate')[0]).toBe('Lab aid (not part of Windows or WinDbg): objectives, hints and answers for this lab.');
  });
});

describe('r on an x86 target', () => {
  it('prints the 32-bit layout', async () => {
    const { DumpTarget } = await import('../../src/debugger/dump.ts');
    const { RACE_DUMP } = await import('../../labs/race-0x3b/dump.ts');
    const regs = {
      rax: 0n,
      rbx: 0x8b6f00n,
      rcx: 0x1010101n,
      rdx: 0xffffffffn,
      rsi: 0n,
      rdi: 0x465000n,
      rip: 0x8053cf20n,
      rsp: 0xf8950e70n,
      rbp: 0xf8950e90n,
      r8: 0n,
      r9: 0n,
      r10: 0n,
      r11: 0n,
      r12: 0n,
      r13: 0n,
      r14: 0n,
      r15: 0n,
      efl: 0x286n,
      cs: 8n,
      ss: 0x10n,
      ds: 0x23n,
      es: 0x23n,
      fs: 0x30n,
      gs: 0n,
    };
    const target = new DumpTarget({ ...RACE_DUMP, arch: 'x86', processors: [{ index: 2, regs, irql: 0, thread: 0n }] });
    expect(new Kd(target).run('r').slice(0, 3)).toEqual([
      'eax=00000000 ebx=008b6f00 ecx=01010101 edx=ffffffff esi=00000000 edi=00465000',
      'eip=8053cf20 esp=f8950e70 ebp=f8950e90 iopl=0         nv up ei ng nz na pe nc',
      'cs=0008  ss=0010  ds=0023  es=0023  fs=0030  gs=0000             efl=00000286',
    ]);
  });
});

describe('command separators and dps', () => {
  it('runs ;-separated commands in order, as STACK_COMMAND suggests', () => {
    const kd = new Kd();
    const out = kd.run('.cxr 0xfffff88005f45960 ; kb 1');
    expect(out.at(-1)).toBe(
      'fffff880`05f46330 fffff880`0106c460 : fffffa80`07a96920 fffffa80`07e5b550 fffffa80`07a96920 00000000`00000000 : fltmgr!TreeUnlinkMulti+0x51',
    );
    expect(kd.events.filter((e) => e.type === 'kd.command').map((e) => (e.data as { command: string }).command)).toEqual(['.cxr', 'kb']);
    expect(kd.run('? 1;;foo')).toEqual(['Evaluate expression: 1 = 00000000`00000001', "            ^ Syntax error in 'foo'"]);
    expect(kd.run('.lab answer x a;b')).toEqual(['answer']);
  });
  it('dps prints one pointer per line with its symbol', () => {
    const kd = new Kd();
    kd.run('.cxr 0xfffff88005f45960');
    expect(kd.run('dps @rsp+48 l2')).toEqual([
      'fffff880`05f46378  fffff880`0106c460 fltmgr!FltpPerformPreCallbacks+0x730',
      'fffff880`05f46380  fffffa80`07a96920',
    ]);
  });
});

describe('argument errors of the simple commands', () => {
  it.each([
    ['vertarget x', "                 ^ Syntax error in 'vertarget x'"],
    ['.bugcheck 1', "                 ^ Syntax error in '.bugcheck 1'"],
    ['q now', "         ^ Syntax error in 'q now'"],
    ['ln nosuch', "Couldn't resolve error at 'nosuch'"],
    ['ln 0 1', "            ^ Syntax error in 'ln 0 1'"],
    ['x', "       ^ Syntax error in 'x'"],
    ['lm m', "          ^ Syntax error in 'lm m'"],
    ['kb 1 2', "            ^ Syntax error in 'kb 1 2'"],
    ['!pool 0 1 2', "                 ^ Syntax error in '!pool 0 1 2'"],
    ['.cxr 0 1', "              ^ Syntax error in '.cxr 0 1'"],
    ['dt _POOL_HEADER 0 1', "                         ^ Syntax error in 'dt _POOL_HEADER 0 1'"],
  ])('%s', (line, error) => {
    expect(new Kd().run(line)).toEqual([error]);
  });
});

describe('?? (C++ expressions)', () => {
  it('prints the value with its C++ type', () => {
    const kd = new Kd();
    expect(kd.run('?? sizeof(fltmgr!_NAME_CACHE_NODE)')).toEqual(['unsigned int64 0xd0']);
    expect(kd.run('?? 10')).toEqual(['int 0n10']);
    expect(kd.run('?? 0xffffd08810a83010 & ~0x10')).toEqual(['unsigned int64 0xffffd088`10a83000']);
    expect(kd.run('?? sizeof(_UNICODE_STRING) / 2 == 8')).toEqual(['bool true']);
  });
  it('reports its errors', () => {
    const kd = new Kd();
    expect(kd.run('?? sizeof(_NOPE)')).toEqual(["Couldn't resolve error at 'sizeof(_NOPE)'"]);
    expect(kd.run('?? @foo')).toEqual(["Bad register error at '@foo'"]);
    expect(kd.run('?? (1')).toEqual(["Syntax error at '<EOL>'"]);
  });
});

describe('dt on nt!_CONTEXT and nt!_KTRAP_FRAME', () => {
  it('reads the same registers .cxr and .trap show, 64-bit values with the backtick', () => {
    const kd = new Kd();
    expect(kd.run('dt nt!_CONTEXT fffff88005f45960 Rip Rsi EFlags')).toEqual([
      '   +0x044 EFlags           : 0x10206',
      '   +0x0a8 Rsi              : 0x9d`00000000',
      '   +0x0f8 Rip              : 0xfffff880`0106f141',
    ]);
    expect(kd.run('dt nt!_KTRAP_FRAME fffff880`05f461a0 Rip Rsp')).toEqual([
      '   +0x168 Rip              : 0xfffff880`0106f141',
      '   +0x180 Rsp              : 0xfffff880`05f46330',
    ]);
  });
});

describe('.frame, dv, !irql, !error', () => {
  it('.frame selects a frame of the current context', () => {
    const kd = new Kd();
    kd.run('.cxr 0xfffff88005f45960');
    expect(kd.run('.frame 3')).toEqual(['03 fffff880`05f46500 fffff800`02da278e fltmgr!FltpDispatch+0xb7']);
    expect(kd.run('.frame')).toEqual(['03 fffff880`05f46500 fffff800`02da278e fltmgr!FltpDispatch+0xb7']);
    expect(kd.run('.frame 0n20')).toEqual(['Frame 14 is out of range']);
  });
  it('dv needs private symbols', () => {
    expect(new Kd().run('dv')[0]).toBe('Unable to enumerate locals, HRESULT 0x80004005');
  });
  it('!irql reads the saved IRQL', () => {
    expect(new Kd().run('!irql')).toEqual(['Debugger saved IRQL for processor 0x2 -- 0 (LOW_LEVEL)']);
  });
  it('!error decodes NTSTATUS and Win32 codes', () => {
    const kd = new Kd();
    expect(kd.run('!error c0000005')).toEqual([
      'Error code: (NTSTATUS) 0xc0000005 (3221225477) - The instruction at 0x%08lx referenced memory at 0x%08lx. The memory could not be %s.',
    ]);
    expect(kd.run('!error 5')).toEqual(['Error code: (Win32) 0x5 (5) - Access is denied.']);
    expect(kd.run('!error')).toEqual(["            ^ Syntax error in '!error'"]);
  });
});
