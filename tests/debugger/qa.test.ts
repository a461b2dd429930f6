/** Defects found in review against real WinDbg behaviour, one test each (they failed before the fix). */
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/debugger/disasm.ts';
import { instructionLine } from '../../src/debugger/listing.ts';
import { Kd } from './harness.ts';

const CXR = '.cxr 0xfffff88005f45960';

function withCxr(): Kd {
  const kd = new Kd();
  kd.run(CXR);
  return kd;
}

describe('evaluator error text', () => {
  it("names the end of the line '<EOL>' when nothing is left to quote", () => {
    const kd = new Kd();
    expect(kd.run('? 1 +')).toEqual(["Numeric expression missing from '<EOL>'"]);
    expect(kd.run('? 2*')).toEqual(["Numeric expression missing from '<EOL>'"]);
    expect(kd.run('r $t0 = 1 -')).toEqual(["Numeric expression missing from '<EOL>'"]);
  });
  it('reports a failed dereference at the last token of its operand', () => {
    const kd = new Kd();
    expect(kd.run('? poi 1')).toEqual(["Memory access error at '1'"]);
    expect(kd.run('? poi(0)+1')).toEqual(["Memory access error at ')+1'"]);
    expect(kd.run('? by 0 + 4')).toEqual(["Memory access error at '0 + 4'"]);
  });
});

describe('r with an unknown register', () => {
  it('is a caret error of r itself, not the evaluator form', () => {
    const kd = new Kd();
    expect(kd.run('r rcs')).toEqual(["           ^ Bad register error in 'r rcs'"]);
    expect(kd.run('r rax, foo')).toEqual(["                ^ Bad register error in 'r rax, foo'"]);
  });
});

describe('kc', () => {
  it('prints module!function without offsets; unsymbolised frames stay addresses', () => {
    const out = withCxr().run('kc');
    expect(out.slice(1, 4)).toEqual(['Call Site', 'fltmgr!TreeUnlinkMulti', 'fltmgr!FltpPerformPreCallbacks']);
    expect(out.at(-1)).toBe('0x77320eba');
    expect(withCxr().run('knc 2').slice(1)).toEqual([' # Call Site', '00 fltmgr!TreeUnlinkMulti', '01 fltmgr!FltpPerformPreCallbacks']);
  });
});

describe('!process and !thread', () => {
  it("walks the dump's own process and thread objects; dt knows the nt process types", () => {
    const kd = new Kd();
    const layout = kd.run('dt nt!_EPROCESS');
    expect(layout[0]).toBe('   +0x000 Pcb              : _KPROCESS');
    expect(layout).toContain('   +0x180 UniqueProcessId  : Ptr64 Void');
    expect(layout).toContain('   +0x2e0 ImageFileName    : [15] UChar');
    const list = kd.run('!process 0 0');
    expect(list[0]).toBe('**** NT ACTIVE PROCESS DUMP ****');
    expect(list.filter((l) => l.startsWith('PROCESS '))).toEqual(['PROCESS fffffa8006cb7890', 'PROCESS fffffa800a2f4b30']);
    expect(list).toContain('    Image: CarboniteServi');
    expect(list).toContain('    SessionId: none  Cid: 06b4    Peb: 7efdf000  ParentCid: 01f0');
    const thread = kd.run('!thread');
    expect(thread[0]).toMatch(/^THREAD fffffa800a31e7e0  Cid 06b4\.0a4c  Teb: .* RUNNING on processor 2$/);
    expect(thread.some((l) => l.endsWith(': fltmgr!TreeUnlinkMulti+0x51'))).toBe(true);
    expect(kd.run('!process @$proc 0')[0]).toBe('PROCESS fffffa800a2f4b30');
    expect(kd.run('!process 0 0 CarboniteServi').filter((l) => l.startsWith('PROCESS'))).toHaveLength(1);
    expect(kd.run('!process 0 0 notepad.exe')).toEqual(['**** NT ACTIVE PROCESS DUMP ****']);
    expect(kd.run('!thread nosuch')).toEqual(["Couldn't resolve error at 'nosuch'"]);
    expect(kd.last()).toMatchObject({ command: '!thread', ok: false });
  });
});

describe('dt field arguments', () => {
  const NODE = 'fffff8a00d106d40';
  it('follows a dotted path through embedded structures, before or after the address', () => {
    const path = [
      'fltmgr!_NAME_CACHE_NODE',
      '   +0x018 TreeLink         : ',
      '      +0x000 Link             : ',
      '         +0x000 Parent           : 0xfffff889`0d106d58 _RTL_SPLAY_LINKS',
    ];
    expect(new Kd().run(`dt _NAME_CACHE_NODE ${NODE} TreeLink.Link.Parent`)).toEqual(path);
    expect(new Kd().run(`dt _NAME_CACHE_NODE TreeLink.Link.Parent ${NODE}`)).toEqual(path);
  });
  it('follows pointers on a path, so the tree root leads to the node the dump shows', () => {
    expect(new Kd().run('dt fltmgr!_STREAM_LIST_CTRL fffffa8008e13280 OpenedNameCache.List.Tree.Parent')).toEqual([
      '   +0x090 OpenedNameCache  : ',
      '      +0x008 List             : ',
      '         +0x000 Tree             : ',
      '            +0x000 Parent           : 0xfffff889`0d106d58 _RTL_SPLAY_LINKS',
    ]);
  });
  it('expands a field one level with a trailing dot; an exact name wins over a prefix', () => {
    const out = new Kd().run(`dt _NAME_CACHE_NODE ${NODE} NameInfo.`);
    expect(out[1]).toBe('   +0x050 NameInfo         : ');
    expect(out[5]).toBe('      +0x008 Name             : _UNICODE_STRING "\\Device\\HarddiskVolume2\\UsIrs\\???"');
    expect(out.length).toBe(12);
    expect(new Kd().run(`dt _NAME_CACHE_NODE ${NODE} NameInfo.Name`).slice(2)).toEqual([
      '      +0x008 Name             : _UNICODE_STRING "\\Device\\HarddiskVolume2\\UsIrs\\???"',
    ]);
  });
  it('takes wildcards in field names, and says so when no field matches', () => {
    const regs = new Kd().run('dt nt!_CONTEXT fffff88005f45960 R*');
    expect(regs[0]).toBe('   +0x078 Rax              : 0xfffffaf7`072f96b0');
    expect(regs.at(-1)).toBe('   +0x0f8 Rip              : 0xfffff880`0106f141');
    expect(new Kd().run(`dt _NAME_CACHE_NODE ${NODE} Nope`)).toEqual(['fltmgr!_NAME_CACHE_NODE', 'Cannot find specified field members.']);
  });
});

describe('!pool on a page that is readable but not pool', () => {
  it('reports the bad header it found, not an unreadable page', () => {
    const out = withCxr().run('!pool @rsp');
    expect(out).toEqual([
      'Pool page fffff88005f46330 region is Unknown',
      'fffff88005f46000 is not a valid large pool allocation, checking large session pool...',
      'Unable to read large session pool table (Session data is not present in mini and kernel-only dumps)',
      'fffff88005f46000 is not valid pool. Checking for freed (or corrupt) pool',
      expect.stringMatching(/^Bad (previous )?allocation size @fffff88005f46000, /),
      '',
      '***',
      '*** An error (or corruption) in the pool was detected;',
      '*** Pool Region unkown (0xFFFFF88005F46000)',
      '***',
      '*** Use !poolval fffff88005f46000 for more details.',
      '***',
      '',
    ]);
    expect(out.some((l) => l.includes('could not be read'))).toBe(false);
  });
  it('still says so when the page itself cannot be read', () => {
    expect(new Kd().run('!pool fffffa8008e14000').at(-1)).toBe('Address fffffa8008e14000 could not be read. It may be a freed, invalid or paged out page');
  });
});

describe('uf /c', () => {
  it('lists the call sites and their targets only', () => {
    expect(new Kd().run('uf /c fltmgr!TreeUnlinkMulti')).toEqual([
      'Flow analysis was incomplete, some code may be missing',
      'fltmgr!TreeUnlinkMulti (fffff880`0106f0f0)',
      '  fltmgr!TreeUnlinkMulti+0x5f (fffff880`0106f14f):',
      '    call to fltmgr!TreeUnlinkNoBalance (fffff880`01073360)',
    ]);
  });
});

describe('!analyze', () => {
  it('loads the symbols of nt and of every module on the stack it walks', () => {
    const kd = new Kd();
    kd.run('!analyze');
    expect(kd.run('lm m nt')[1]).toContain('(pdb symbols)');
    expect(kd.run('lm m fltmgr')[1]).toContain('(pdb symbols)');
    expect(kd.run('lm m Ntfs')[1]).toContain('(deferred)');
  });
});

describe('deep nesting', () => {
  it('is refused with a syntax error instead of overflowing the stack', () => {
    const kd = new Kd();
    const deep = `? ${'('.repeat(3000)}1${')'.repeat(3000)}`;
    const out = kd.run(deep);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^ +\^ Syntax error in '\? \(\(\(/);
    expect(kd.run(`? ${'-'.repeat(3000)}1`)[0]).toMatch(/\^ Syntax error in/);
    expect(kd.run(`?? ${'('.repeat(3000)}1${')'.repeat(3000)}`)[0]).toMatch(/\^ Syntax error in/);
    expect(kd.run(`? ${'('.repeat(100)}1${')'.repeat(100)}`)).toEqual(['Evaluate expression: 1 = 00000000`00000001']);
  });
});

describe('.frame /r', () => {
  it('restores the registers the inner function pushed and shows the full register display', () => {
    const out = withCxr().run('.frame /r 1');
    expect(out[0]).toBe('01 fffff880`05f46380 fffff880`0106cbe9 fltmgr!FltpPerformPreCallbacks+0x730');
    // TreeUnlinkMulti pushed rbx, rbp, rdi below its return address; rbp there is the caller's, not rcx's copy.
    expect(out[3]).toBe('rip=fffff8800106c460 rsp=fffff88005f46380 rbp=0000000000000000');
    expect(out[7]).toBe('iopl=0         nv up ei pl nz na po nc');
    expect(out[8]).toBe('cs=0010  ss=0018  ds=002b  es=002b  fs=0053  gs=002b             efl=00010206');
    expect(out[9]).toBe('fltmgr!FltpPerformPreCallbacks+0x730:');
    expect(out[10]).toBe('fffff880`0106c460 ??              ???');
    expect(withCxr().run('.frame /r 0')[3]).toBe('rip=fffff8800106f141 rsp=fffff88005f46330 rbp=fffffa8008e13318');
  });
});

describe('data symbols', () => {
  it('x and ln show variables with "= <no type information>", functions with "(<no parameter info>)"', () => {
    const kd = new Kd();
    expect(kd.run('x nt!Ps*')).toEqual(['fffff800`02c58e50 nt!PsLoadedModuleList = <no type information>']);
    expect(kd.run('ln nt!PsLoadedModuleList').slice(1)).toEqual(['Exact matches:', '    nt!PsLoadedModuleList = <no type information>']);
    expect(kd.run('x nt!KeBugCheckEx')).toEqual(['fffff800`02a8c640 nt!KeBugCheckEx (<no parameter info>)']);
  });
  it('nt!KiBugCheckData holds the same code and parameters .bugcheck prints', () => {
    const kd = new Kd();
    expect(kd.run('dq nt!KiBugCheckData l5')).toEqual([
      'fffff800`02c8a900  00000000`0000003b 00000000`c0000005',
      'fffff800`02c8a910  fffff880`0106f141 fffff880`05f45960',
      'fffff800`02c8a920  00000000`00000000',
    ]);
    expect(kd.run('.bugcheck')[1]).toBe('Arguments 00000000`c0000005 fffff880`0106f141 fffff880`05f45960 00000000`00000000');
  });
});

describe('Enter after a line of several commands', () => {
  it('repeats each command of the line, not the line as one command', () => {
    const kd = new Kd();
    kd.run('? 1; ? 2');
    expect(kd.run('')).toEqual(['Evaluate expression: 1 = 00000000`00000001', 'Evaluate expression: 2 = 00000000`00000002']);
    const cxr = withCxr();
    cxr.run('r rip; dq @rcx l1');
    expect(cxr.run('')).toEqual([
      'rip=fffff8800106f141',
      ...[0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90].map(
        (o) => `fffffa80\`08e133${o.toString(16)}  ${o === 0x30 ? 'e56c6946`0115000c' : '00000000`00000000'} 00000000\`00000000`,
      ),
    ]);
  });
});

describe('!analyze options', () => {
  it('-show describes a bug check code with the parameters given', () => {
    const kd = new Kd();
    expect(kd.run('!analyze -show 3b 0`c0000005')).toEqual([
      'SYSTEM_SERVICE_EXCEPTION (3b)',
      'An exception happened while executing a system service routine.',
      'Arguments:',
      'Arg1: 00000000c0000005, Exception code that caused the bugcheck',
      'Arg2: 0000000000000000, Address of the exception record for the exception that caused the bugcheck',
      'Arg3: 0000000000000000, Address of the context record for the exception that caused the bugcheck',
      'Arg4: 0000000000000000, zero.',
    ]);
    expect(kd.run('!analyze -show 0')).toEqual(['Unknown bugcheck code (0)', 'Unknown bugcheck description']);
  });
  it('-f runs the same analysis', () => {
    expect(new Kd().run('!analyze -f')).toEqual(new Kd().run('!analyze'));
    expect(new Kd().run('!analyze -v -f')).toEqual(new Kd().run('!analyze -v'));
  });
});

describe('dt bitfields in an instance', () => {
  it('show the bits, and the value in parentheses when the field is wider than one bit', () => {
    const out = new Kd().run('dt _POOL_HEADER fffff8a00d106d30');
    expect(out.slice(1, 5)).toEqual([
      '   +0x000 PreviousSize     : 0y00000100 (0x4)',
      '   +0x000 PoolIndex        : 0y00000001 (0x1)',
      '   +0x000 BlockSize        : 0y00011001 (0x19)',
      '   +0x000 PoolType         : 0y00000010 (0x2)',
    ]);
    const lock = new Kd().run('dt _STREAM_LIST_CTRL fffffa8008e13280 ContextLock.');
    expect(lock[2]).toBe('      +0x000 Locked           : 0y0');
    expect(lock[6]).toBe(`      +0x000 Shared           : 0y${'0'.repeat(60)} (0)`);
  });
});

describe('lm options', () => {
  it('sm sorts by name; e lists only modules with symbol problems', () => {
    const kd = new Kd();
    expect(
      kd
        .run('lm sm m n*')
        .slice(1)
        .map((l) => l.split(/\s+/)[2]),
    ).toEqual(['ndis', 'NETIO', 'nt', 'Ntfs']);
    expect(
      kd
        .run('lmsm m n*')
        .slice(1)
        .map((l) => l.split(/\s+/)[2]),
    ).toEqual(['ndis', 'NETIO', 'nt', 'Ntfs']);
    expect(
      kd
        .run('lm m n*')
        .slice(1)
        .map((l) => l.split(/\s+/)[2]),
    ).toEqual(['nt', 'Ntfs', 'ndis', 'NETIO']);
    expect(kd.run('lme')).toEqual(['start             end                 module name']);
  });
});

describe('.echo and comments', () => {
  it('.echo prints its text; $$ comments end at ";", * comments take the rest of the line', () => {
    const kd = new Kd();
    expect(kd.run('.echo hello world')).toEqual(['hello world']);
    expect(kd.run('.echo "a;b"')).toEqual(['a;b']);
    expect(kd.run('$$ note; ? 1')).toEqual(['Evaluate expression: 1 = 00000000`00000001']);
    expect(kd.run('? 3; * note; ? 4')).toEqual(['Evaluate expression: 3 = 00000000`00000003']);
    expect(kd.last()).toMatchObject({ command: '*', ok: true });
  });
});

describe('@@c++() and @@masm() inside MASM expressions', () => {
  it('evaluate the inner expression with the named evaluator', () => {
    const kd = new Kd();
    expect(kd.run('? @@c++(10 * 2) * 2')).toEqual(['Evaluate expression: 40 = 00000000`00000028']);
    expect(kd.run('? @@(sizeof(fltmgr!_NAME_CACHE_NODE))')).toEqual(['Evaluate expression: 208 = 00000000`000000d0']);
    expect(kd.run('? @@masm(10) + @@c++(10)')).toEqual(['Evaluate expression: 26 = 00000000`0000001a']);
    expect(kd.run('dt _NAME_CACHE_NODE @@c++(0xfffff8a00d106d40) UseCount')).toEqual(['fltmgr!_NAME_CACHE_NODE', '   +0x0c8 UseCount         : 1']);
    expect(kd.run('? @@c++(1+')).toEqual(["Numeric expression missing from '<EOL>'"]);
  });
});

describe('dt -o and -i', () => {
  it('omit the offsets, or the indentation of sub-fields', () => {
    expect(new Kd().run('dt -o _TREE_ROOT')).toEqual(['fltmgr!_TREE_ROOT', '   Tree             : Ptr64 _RTL_SPLAY_LINKS']);
    expect(new Kd().run('dt -i -r _TREE_NODE').slice(1, 3)).toEqual([
      '   +0x000 Link             : _RTL_SPLAY_LINKS',
      '   +0x000 Parent           : Ptr64 _RTL_SPLAY_LINKS',
    ]);
  });
});

describe('.reload /n', () => {
  it('reloads the kernel symbols only', () => {
    const out = new Kd().run('.reload /n');
    expect(out[0]).toBe('Loading Kernel Symbols');
    expect(out).not.toContain('Loading User Symbols');
    expect(out.at(-1)).toBe('Loading unloaded module list');
  });
});

describe('x64 decoder: string, locked, system and bit instructions', () => {
  it.each([
    ['6d', 'ins dword ptr [rdi],dx'],
    ['6e', 'outs dx,byte ptr [rsi]'],
    ['f3a4', 'rep movs byte ptr [rdi],byte ptr [rsi]'],
    ['f348ab', 'rep stos qword ptr [rdi]'],
    ['48ad', 'lods qword ptr [rsi]'],
    ['66f2af', 'repne scas word ptr [rdi]'],
    ['f348a7', 'repe cmps qword ptr [rsi],qword ptr [rdi]'],
    ['f0480fb111', 'lock cmpxchg qword ptr [rcx],rdx'],
    ['f00fc111', 'lock xadd dword ptr [rcx],edx'],
    ['f0480fc70e', 'lock cmpxchg16b oword ptr [rsi]'],
    ['0f20d8', 'mov rax,cr3'],
    ['440f22c0', 'mov cr8,rax'],
    ['0fa3c8', 'bt eax,ecx'],
    ['f0480fbae805', 'lock bts rax,5'],
    ['0fbdc1', 'bsr eax,ecx'],
    ['480fc9', 'bswap rcx'],
    ['0f01f8', 'swapgs'],
    ['0faef0', 'mfence'],
    ['0f32', 'rdmsr'],
    ['ec', 'in al,dx'],
    ['48cf', 'iretq'],
    ['fc', 'cld'],
  ])('%s → %s', (hex, text) => {
    const bytes = Uint8Array.from(hex.match(/../g)!.map((x) => parseInt(x, 16)));
    const ins = decode(bytes, 0x1000n, (a) => a.toString(16));
    expect(ins.length).toBe(bytes.length);
    expect(`${ins.mnemonic} ${ins.operands}`.trim()).toBe(text);
  });
  it('lays out a prefixed string instruction like WinDbg: one space after a long mnemonic', () => {
    const bytes = Uint8Array.from([0xf3, 0x48, 0xab]);
    expect(instructionLine(decode(bytes, 0xfffff80002a8c000n, (a) => a.toString(16)))).toBe('fffff800`02a8c000 f348ab          rep stos qword ptr [rdi]');
  });
});

describe('u layout for long instructions', () => {
  const line = (hex: string): string =>
    instructionLine(decode(Uint8Array.from(hex.match(/../g)!.map((x) => parseInt(x, 16))), 0xfffff80002a8c65an, (a) => a.toString(16)));
  it('puts operands at column 43 once the bytes fill their field, as WinDbg transcripts show', () => {
    expect(line('65488b0c2520000000')).toBe('fffff800`02a8c65a 65488b0c2520000000 mov   rcx,qword ptr gs:[20h]');
    expect(line('488b8424a0000000')).toBe('fffff800`02a8c65a 488b8424a0000000 mov     rax,qword ptr [rsp+0A0h]');
    expect(line('488b80e8030000')).toBe('fffff800`02a8c65a 488b80e8030000  mov     rax,qword ptr [rax+3E8h]');
  });
  it('shows it in u on the dump', () => {
    expect(new Kd().run('u nt!KeBugCheckEx L8').at(-1)).toBe('fffff800`02a8c65a 65488b0c2520000000 mov   rcx,qword ptr gs:[20h]');
  });
});

describe('hex numbers that look like registers', () => {
  it('are numbers unless written with @ (ah is 0xa, @ah the register)', () => {
    const kd = new Kd();
    expect(kd.run('? ah')).toEqual(['Evaluate expression: 10 = 00000000`0000000a']);
    expect(kd.run('? @ah')).toEqual(['Evaluate expression: 81 = 00000000`00000051']);
    expect(kd.run('? deadh')).toEqual(['Evaluate expression: 57005 = 00000000`0000dead']);
    expect(kd.run('? al')).toEqual(['Evaluate expression: 160 = 00000000`000000a0']);
  });
});

describe('evaluator syntax errors and extra characters', () => {
  it('reports what the evaluator cannot parse in its own form, and leftovers after ? as extra characters', () => {
    const kd = new Kd();
    expect(kd.run('? (1+1')).toEqual(["Syntax error at '<EOL>'"]);
    expect(kd.run('? `1')).toEqual(["Syntax error at '`1'"]);
    expect(kd.run('? 1`')).toEqual(['Evaluate expression: 1 = 00000000`00000001']);
    expect(kd.run('? 1+1)')).toEqual(["            ^ Extra character error in '? 1+1)'"]);
    expect(kd.run('?? (1')).toEqual(["Syntax error at '<EOL>'"]);
    expect(kd.run('?? foo')).toEqual(["Couldn't resolve error at 'foo'"]);
  });
});

describe('uf with characters after the address', () => {
  it('lists the function, then reports the extra characters under the first of them', () => {
    const out = new Kd().run('uf fltmgr!TreeUnlinkMulti\\');
    expect(out[1]).toBe('fltmgr!TreeUnlinkMulti:');
    expect(out.at(-1)).toBe(`${' '.repeat(7 + 'uf fltmgr!TreeUnlinkMulti'.length)}^ Extra character error in 'uf fltmgr!TreeUnlinkMulti\\'`);
  });
});

describe('one set of bytes, every view', () => {
  it('!pool, dt _POOL_HEADER, db and dq agree on every block header of both pool pages', () => {
    const kd = new Kd();
    for (const page of ['fffffa8008e13000', 'fffff8a00d106000']) {
      const rows = kd.run(`!pool ${page}`).filter((l) => / size: /.test(l));
      expect(rows.length).toBeGreaterThan(10);
      for (const row of rows) {
        const m = /^[ *]([0-9a-f]{16}) size: +([0-9a-f]+) previous size: +([0-9a-f]+) +\((Allocated|Free)\) +\*?(.{4})/.exec(row);
        expect(m, row).not.toBeNull();
        const [, at, size, prev, state, tag] = m as RegExpExecArray;
        const hdr = kd.run(`dt _POOL_HEADER ${at}`);
        const bits = (name: string): number => parseInt(/0y([01]+)/.exec(hdr.find((l) => l.includes(name)) ?? '')?.[1] ?? 'x', 2);
        expect(bits('BlockSize') * 16, row).toBe(parseInt(size, 16));
        expect(bits('PreviousSize') * 16, row).toBe(parseInt(prev, 16));
        expect(bits('PoolType') === 0, row).toBe(state === 'Free');
        const bytes = kd
          .run(`db ${at}+4 L4`)[0]
          .slice(19, 30)
          .split(' ')
          .map((b) => parseInt(b, 16));
        const printable = bytes
          .map((b, k) => (k === 3 ? b & 0x7f : b))
          .map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'))
          .join('');
        expect(printable, row).toBe(tag);
        const q = kd.run(`dq ${at} L1`)[0].split('  ')[1].replace('`', '');
        expect(BigInt(`0x${q}`) & 0xffffffffn, row).toBe(BigInt(/Ulong1 +: (0x[0-9a-f]+|\d)/.exec(hdr.join('\n'))?.[1] ?? '-1'));
      }
    }
  });
  it('dt, dq and the disassembler read the same stream list and code bytes', () => {
    const kd = withCxr();
    expect(kd.run('dq fffffa8008e132b0 L2')).toEqual(['fffffa80`08e132b0  fffffa80`07043c60 fffffa80`08e03390']);
    expect(kd.run('dt _LIST_ENTRY fffffa8008e132b0')[1]).toBe(' [ 0xfffffa80`07043c60 - 0xfffffa80`08e03390 ]');
    expect(kd.run('db fltmgr!TreeUnlinkMulti+2e L3')[0]).toMatch(/^fffff880`0106f11e {2}48 8b 31 /);
    expect(kd.run('u fltmgr!TreeUnlinkMulti+2e L1')[1]).toBe('fffff880`0106f11e 488b31          mov     rsi,qword ptr [rcx]');
  });
});
