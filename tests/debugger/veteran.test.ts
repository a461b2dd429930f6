/**
 * The commands a veteran types on any dump: memory edits (e*, f, m, c), s,
 * .formats, n, rM and the control registers, the d* forms, ~Ns, .sympath,
 * extension DLL names, the MASM pseudo-registers and functions, and the C++
 * evaluator's typed results.
 */
import { describe, expect, it } from 'vitest';
import { Kd } from './harness.ts';

describe('editing dump memory', () => {
  it('e* writes and later reads see it', () => {
    const kd = new Kd();
    expect(kd.run('eb @rsp 41 42 43')).toEqual([]);
    expect(kd.run('db @rsp l4')[0]).toMatch(/^fffff880`05f45098  41 42 43 /);
    kd.run('ed @rsp 80000000');
    expect(kd.run('dd @rsp l1')).toEqual(['fffff880`05f45098  80000000']);
    kd.run('eq @rsp 1122334455667788');
    expect(kd.run('dq @rsp l1')).toEqual(['fffff880`05f45098  11223344`55667788']);
    kd.run('eza @rsp "hi"');
    expect(kd.run('da @rsp')).toEqual(['fffff880`05f45098  "hi"']);
    kd.run('ezu @rsp "ok"');
    expect(kd.run('du @rsp')).toEqual(['fffff880`05f45098  "ok"']);
    // A .cxr afterwards reads the edited bytes too.
    kd.run('eq 0xfffff88005f45960+f8 fffff8800106f144');
    expect(kd.run('.cxr 0xfffff88005f45960').some((l) => l.startsWith('rip=fffff8800106f144'))).toBe(true);
  });
  it('refuses what the dump does not hold, and values too wide for the unit', () => {
    const kd = new Kd();
    expect(kd.run('eb 0 1')).toEqual(["          ^ Memory access error in 'eb 0 1'"]);
    expect(kd.last().ok).toBe(false);
    expect(kd.run('eb @rsp 100')[0]).toMatch(/\^ Overflow error in 'eb @rsp 100'$/);
    expect(kd.run('eb @rsp')[0]).toMatch(/\^ Syntax error/);
  });
  it('f fills, m moves, c compares', () => {
    const kd = new Kd();
    kd.run('f @rsp l8 aa bb');
    expect(kd.run('dq @rsp l1')).toEqual(['fffff880`05f45098  bbaabbaa`bbaabbaa']);
    kd.run('m @rsp l8 @rsp+10');
    expect(kd.run('dq @rsp+10 l1')).toEqual(['fffff880`05f450a8  bbaabbaa`bbaabbaa']);
    expect(kd.run('c @rsp l8 @rsp+10')).toEqual([]);
    expect(kd.run('c @rsp l2 @rsp+8')).toEqual(['fffff880`05f45098  aa - fffff880`05f450a0  3b', 'fffff880`05f45099  bb - fffff880`05f450a1  00']);
  });
});

describe('s (search memory)', () => {
  it('finds qwords, strings and bytes over the whole address space with L?', () => {
    const kd = new Kd();
    const q = kd.run('s -q 0 l?ffffffffffffffff fffffa8008e13318');
    expect(q.length).toBeGreaterThan(1);
    expect(q[0]).toBe('fffff880`05f459e0  fffffa80`08e13318 fffffa80`07e5b550');
    expect(kd.run('s -u 0 l?ffffffffffffffff "Device"')).toEqual(['fffff8a0`0d106e12  0044 0065 0076 0069 0063 0065 005c 0048  D.e.v.i.c.e.\\.H.']);
    expect(kd.run('s -[1]u 0 l?ffffffffffffffff "Device"')).toEqual(['0xfffff8a0`0d106e12']);
    expect(kd.run('s -a 0 l?ffffffffffffffff "Device"')).toEqual([]);
    expect(kd.run("s -d fffff88005f44000 l4000 'File'")).toEqual([]);
  });
  it('refuses a range over 256 MB without L?, and a missing pattern', () => {
    const kd = new Kd();
    expect(kd.run('s -d 0 l20000000 1')).toEqual(["            ^ Range error in 's -d 0 l20000000 1'"]);
    expect(kd.run('s -d @rsp l10')[0]).toMatch(/\^ Syntax error in 's -d @rsp l10'$/);
    expect(kd.run('s -x 0 1')[0]).toMatch(/\^ Syntax error/);
  });
});

describe('.formats and n', () => {
  it('.formats shows every notation of a 64-bit value', () => {
    const kd = new Kd();
    expect(kd.run('.formats 1234')).toEqual([
      'Evaluate expression:',
      '  Hex:     00000000`00001234',
      '  Decimal: 4660',
      '  Octal:   0000000000000000011064',
      '  Binary:  00000000 00000000 00000000 00000000 00000000 00000000 00010010 00110100',
      '  Chars:   .......4',
      '  Time:    Thu Jan 01 01:17:40 1970',
      '  Float:   low 6.53005e-042 high 0',
      '  Double:  2.30235e-320',
    ]);
    expect(kd.run('.formats fltmgr!TreeUnlinkMulti')[2]).toBe('  Decimal: -8246319976208');
  });
  it('n sets the radix of bare numbers; prefixes keep working', () => {
    const kd = new Kd();
    expect(kd.run('n')).toEqual(['base is 16']);
    expect(kd.run('n 10')).toEqual(['base is 10']);
    expect(kd.run('? 10')).toEqual(['Evaluate expression: 10 = 00000000`0000000a']);
    expect(kd.run('? 0x10 + 0n10')).toEqual(['Evaluate expression: 26 = 00000000`0000001a']);
    expect(kd.run('? ff')).toEqual(["Couldn't resolve error at 'ff'"]);
    expect(kd.run('n 7')[0]).toMatch(/\^ Syntax error in 'n 7'$/);
    kd.run('n 16');
    expect(kd.run('? 10')).toEqual(['Evaluate expression: 16 = 00000000`00000010']);
  });
});

describe('registers', () => {
  it('r reads control and debug registers of the crashing processor; cr2 is the faulting address', () => {
    const kd = new Kd();
    expect(kd.run('r cr0')).toEqual(['cr0=0000000080050033']);
    expect(kd.run('r cr2, cr8, dr7')).toEqual(['cr2=0000009d00000020 cr8=0000000000000000 dr7=0000000000000400']);
    expect(kd.run('rM 80')).toEqual(['cr0=0000000080050033 cr2=0000009d00000020 cr3=000000012d8c5000', 'cr8=0000000000000000']);
    const full = kd.run('rM 0xab');
    expect(full[0]).toBe('rax=fffff88005f451a0 rbx=0000000000000000 rcx=000000000000003b');
    expect(full).toContain('dr3=0000000000000000 dr6=00000000ffff0ff0 dr7=0000000000000400 cr4=00000000000006f8');
    expect(full.at(-1)).toMatch(/^fffff800`02a8c640 /);
  });
  it('r rax=1 changes the register without making it a "last set context"', () => {
    const kd = new Kd();
    kd.run('r rax=1');
    const r = kd.run('r');
    expect(r[0]).toBe('rax=0000000000000001 rbx=0000000000000000 rcx=000000000000003b');
    expect(r).not.toContain('Last set context:');
    kd.run('.cxr 0xfffff88005f45960');
    expect(kd.run('r')[0]).toBe('Last set context:');
  });
  it('~Ns changes the current processor and the prompt', () => {
    const kd = new Kd();
    expect(kd.run('~1s')).toEqual([]);
    expect(kd.dbg.prompt()).toBe('1: kd> ');
    kd.run('~2s');
    expect(kd.dbg.prompt()).toBe('2: kd> ');
    expect(kd.run('~4s')[0]).toMatch(/\^ Syntax error in '~4s'$/);
  });
});

describe('pseudo-registers and MASM functions', () => {
  it('knows the bug check, the frame, the event and scope IPs, the PCR and the TEB', () => {
    const kd = new Kd();
    expect(kd.run('r $bug_code')).toEqual(['$bug_code=000000000000003b']);
    expect(kd.run('? $bug_param1')).toEqual(['Evaluate expression: 3221225477 = 00000000`c0000005']);
    expect(kd.run('? $bug_param3')).toEqual(['Evaluate expression: -8246237308576 = fffff880`05f45960']);
    expect(kd.run('? $eventip')).toEqual(['Evaluate expression: -8796048406976 = fffff800`02a8c640']);
    kd.run('.cxr 0xfffff88005f45960');
    expect(kd.run('? $eventip')).toEqual(['Evaluate expression: -8796048406976 = fffff800`02a8c640']);
    kd.run('.frame 1');
    expect(kd.run('r $frame')).toEqual(['$frame=0000000000000001']);
    expect(kd.run('? $scopeip')[0]).toMatch(/= fffff880`01/);
    expect(kd.run('? $prcb - $pcr')).toEqual(['Evaluate expression: 384 = 00000000`00000180']);
    expect(kd.run('? $teb')).toEqual(['Evaluate expression: 2130554880 = 00000000`7efdb000']);
    kd.run('dq fffff88005f45098 l1');
    expect(kd.run('? $p')).toEqual(['Evaluate expression: -8796048409431 = fffff800`02a8bca9']);
  });
  it('evaluates $vvalid, $spat, $scmp, $sicmp and $iment against the target', () => {
    const kd = new Kd();
    expect(kd.run('? $vvalid(@rsp, 100)')).toEqual(['Evaluate expression: 1 = 00000000`00000001']);
    expect(kd.run('? $vvalid(0, 1)')).toEqual(['Evaluate expression: 0 = 00000000`00000000']);
    expect(kd.run('? $spat("TreeUnlinkMulti", "*unlink*")')).toEqual(['Evaluate expression: 1 = 00000000`00000001']);
    expect(kd.run('? $sicmp("ABC", "abc")')).toEqual(['Evaluate expression: 0 = 00000000`00000000']);
    expect(kd.run('? $iment(nt) == nt!KiSystemStartup')).toEqual(['Evaluate expression: 1 = 00000000`00000001']);
  });
  it('sign-extends 0x and h constants in kernel mode and compares unsigned', () => {
    const kd = new Kd();
    expect(kd.run('? 0x80000000')).toEqual(['Evaluate expression: -2147483648 = ffffffff`80000000']);
    expect(kd.run('? 80000000h')).toEqual(['Evaluate expression: -2147483648 = ffffffff`80000000']);
    expect(kd.run('? @rsp > 1')).toEqual(['Evaluate expression: 1 = 00000000`00000001']);
    expect(kd.run('? -2 / 2')).toEqual(['Evaluate expression: 9223372036854775807 = 7fffffff`ffffffff']);
  });
});

describe('?? (typed C++ results)', () => {
  it('prints C types: int, bool, char, unsigned, pointers with their structure', () => {
    const kd = new Kd();
    expect(kd.run('?? 5')).toEqual(['int 0n5']);
    expect(kd.run('?? 2 > 1')).toEqual(['bool true']);
    expect(kd.run("?? 'A'")).toEqual(["char 0n65 'A'"]);
    expect(kd.run('?? (unsigned char)0x141')).toEqual(["unsigned char 0x41 'A'"]);
    expect(kd.run('?? 1 ? 7 : 8')).toEqual(['int 0n7']);
    expect(kd.run('?? @rcx')).toEqual(['unsigned int64 0x3b']);
    expect(kd.run('?? (nt!_LIST_ENTRY*)0xfffffa8008e13288')).toEqual([
      'struct _LIST_ENTRY * 0xfffffa80`08e13288',
      '   +0x000 Flink            : 0xfffffa80`08e13288 _LIST_ENTRY',
      '   +0x008 Blink            : 0xfffffa80`08e13288 _LIST_ENTRY',
    ]);
    expect(kd.run('?? ((nt!_LIST_ENTRY*)0xfffffa8008e13288)->Flink->Blink')[0]).toBe('struct _LIST_ENTRY * 0xfffffa80`08e13288');
  });
  it('#FIELD_OFFSET and #CONTAINING_RECORD take the race lab step: from TreeLink back to the node', () => {
    const kd = new Kd();
    expect(kd.run('?? #FIELD_OFFSET(fltmgr!_NAME_CACHE_NODE, TreeLink)')).toEqual(['long 0n24']);
    const node = kd.run('?? #CONTAINING_RECORD(0xfffff8a00d106d58, fltmgr!_NAME_CACHE_NODE, TreeLink)');
    expect(node[0]).toBe('struct _NAME_CACHE_NODE * 0xfffff8a0`0d106d40');
    expect(node).toContain('   +0x018 TreeLink         : _TREE_NODE');
    expect(kd.run('?? #CONTAINING_RECORD(0xfffff8a00d106d58, fltmgr!_NAME_CACHE_NODE, TreeLink)->UseCount')).toEqual(['long 0n1']);
    expect(kd.run('? @@c++(#FIELD_OFFSET(nt!_LIST_ENTRY, Blink))')).toEqual(['Evaluate expression: 8 = 00000000`00000008']);
  });
  it('reports type conflicts, unknown types and unreadable memory', () => {
    const kd = new Kd();
    expect(kd.run('?? (nt!_LIST_ENTRY*)0->Flink')).toEqual(["Type conflict error at '->Flink'"]);
    expect(kd.run('?? ((nt!_LIST_ENTRY*)0)->Flink')).toEqual(["Memory access error at 'Flink'"]);
    expect(kd.run('?? (nt!_NOPE*)0')).toEqual(["Couldn't resolve error at 'nt!_NOPE*)0'"]);
    expect(kd.run('?? 1/0')).toEqual(["Operand error at '/0'"]);
  });
});

describe('display forms', () => {
  it('dW, dyb, dpu, dS, dl, /c', () => {
    const kd = new Kd();
    expect(kd.run('dW fffff8a00d106e10 l8')).toEqual(['fffff8a0`0d106e10  005c 0044 0065 0076 0069 0063 0065 005c  \\.D.e.v.i.c.e.\\.']);
    expect(kd.run('dyb @rsp l4')).toEqual([
      '                   76543210 76543210 76543210 76543210',
      '                   -------- -------- -------- --------',
      'fffff880`05f45098  10101001 10111100 10101000 00000010  a9 bc a8 02',
    ]);
    expect(kd.run('dpu fffff8a00d106da0 l1')).toEqual(['fffff8a0`0d106da0  fffff8a0`0d106e10  "\\Device\\HarddiskVolume2\\UsIrs\\..."']);
    expect(kd.run('dS fffff8a00d106d98')[0]).toMatch(/^fffff8a0`0d106e10  "\\Device\\HarddiskVolume2\\UsIrs\\/);
    expect(kd.run('dl fffffa8008e13288')).toEqual(['fffffa80`08e13288  fffffa80`08e13288 fffffa80`08e13288']);
    expect(kd.run('dq /c 1 @rsp l2')).toEqual(['fffff880`05f45098  fffff800`02a8bca9', 'fffff880`05f450a0  00000000`0000003b']);
    expect(kd.run('dq /p 1000 l2')).toEqual(['00000000`00001000  ????????`???????? ????????`????????']);
  });
});

describe('session commands', () => {
  it('.sympath shows, sets and appends', () => {
    const kd = new Kd();
    expect(kd.run('.sympath')).toEqual([
      'Symbol search path is: srv*c:\\symbols*http://msdl.microsoft.com/download/symbols',
      'Expanded Symbol search path is: srv*c:\\symbols*http://msdl.microsoft.com/download/symbols',
    ]);
    expect(kd.run('.sympath+ C:\\MySyms')[0]).toBe('Symbol search path is: srv*c:\\symbols*http://msdl.microsoft.com/download/symbols;C:\\MySyms');
    expect(kd.run('.sympath c:\\a')).toEqual(['Symbol search path is: c:\\a', 'Expanded Symbol search path is: c:\\a']);
  });
  it('an extension DLL that is not there fails in LoadLibrary; a loaded one runs its export', () => {
    const kd = new Kd();
    expect(kd.run('!foo.bar')).toEqual([
      'The call to LoadLibrary(foo) failed, Win32 error 0n2',
      '    "The system cannot find the file specified."',
      'Please check your debugger configuration and/or network access.',
    ]);
    expect(kd.run('!kdexts.nosuch')).toEqual(['No export nosuch found']);
    expect(kd.run('!kdexts.pool @rcx 2')).toEqual(kd.run('!pool @rcx 2'));
  });
  it('names that are JavaScript object keys are ordinary (unknown) names', () => {
    const kd = new Kd();
    expect(kd.run('r constructor')).toEqual(["                   ^ Bad register error in 'r constructor'"]);
    expect(kd.run('? __proto__')).toEqual(["Couldn't resolve error at '__proto__'"]);
    expect(kd.run('dt _POOL_HEADER toString')).toEqual(["Couldn't resolve error at 'toString'"]);
  });
});

describe('.exr and .hh', () => {
  it('.exr shows the exception record KiDispatchException was given', () => {
    const kd = new Kd();
    const kv = kd.run('kv').find((l) => l.includes('nt!KiDispatchException'));
    expect(kv).toContain(': fffff880`05f460d8 ');
    expect(kd.run('.exr fffff880`05f460d8')).toEqual([
      'ExceptionAddress: fffff8800106f141 (fltmgr!TreeUnlinkMulti+0x0000000000000051)',
      '   ExceptionCode: c0000005 (Access violation)',
      '  ExceptionFlags: 00000000',
      'NumberParameters: 2',
      '   Parameter[0]: 0000000000000000',
      '   Parameter[1]: 0000009d00000020',
      'Attempt to read from address 0000009d00000020',
    ]);
    // The faulting address agrees with cr2.
    expect(kd.run('r cr2')).toEqual(['cr2=0000009d00000020']);
    expect(kd.run('.exr 0')).toEqual(['Cannot read Exception record @ 0000000000000000']);
  });
  it('.hh says, as a lab aid, what the help viewer would show', () => {
    const kd = new Kd();
    const out = kd.run('.hh dbgerr001');
    expect(out[0]).toMatch(/^Lab aid \(not part of Windows or WinDbg\): .*dbgerr001/);
    expect(out[1]).toContain('PEB is paged out');
  });
});

describe('!pte', () => {
  it('walks the four levels; a page the dump holds is valid, the faulting user address is not', () => {
    const kd = new Kd();
    const stack = kd.run('!pte fffff88005f46330');
    expect(stack[0]).toBe(`${' '.repeat(43)}VA fffff88005f46330`);
    expect(stack[1]).toBe('PXE at FFFFF6FB7DBEDF88    PPE at FFFFF6FB7DBF1000    PDE at FFFFF6FB7E200178    PTE at FFFFF6FC4002FA30');
    expect(stack[3]).toMatch(/^pfn [0-9a-f]+ +---DA--KWEV  pfn [0-9a-f]+ +---DA--KWEV  pfn [0-9a-f]+ +---DA--KWEV  pfn [0-9a-f]+ +-G-DA--KW-V$/);
    const fault = kd.run('!pte @cr2');
    expect(fault[1]).toBe('PXE at FFFFF6FB7DBED008    PPE at FFFFF6FB7DA013A0    PDE at FFFFF6FB40274000    PTE at FFFFF6804E800000');
    expect(fault.slice(2)).toEqual(['contains 0000000000000000', 'not valid']);
    expect(kd.run('!pte 121e000')[3]).toContain('---DA--UWEV');
  });
});

describe('more of the veteran set', () => {
  it("!pool with flag 1 adds each block's contents, header first", () => {
    const kd = new Kd();
    const out = kd.run('!pool fffffa8008e13280 3');
    expect(out[1]).toBe('*fffffa8008e13270 size:   c0 previous size:   20  (Allocated) *FMsl');
    expect(out[3]).toBe(' fffffa8008e13270  010c0002 6c734d46 00000000 00000000');
    expect(out[4]).toBe(' fffffa8008e13280  00a8f20b 00000000 08e13288 fffffa80');
    expect(out.length).toBe(3 + 0xc0 / 16);
  });
  it('x reads a leading underscore as any number of underscores', () => {
    const kd = new Kd();
    expect(kd.run('x nt!_KeBugCheck*')).toEqual(['fffff800`02a8c640 nt!KeBugCheckEx (<no parameter info>)']);
  });
  it('.formats reads a 64-bit value as a FILETIME', () => {
    const kd = new Kd();
    expect(kd.run('.formats 01cb9bb4`5e1a6c00')[6]).toBe('  Time:    Tue Dec 14 17:28:48.539 2010 (UTC + 0:00)');
    expect(kd.run('.formats @rsp')[6]).toBe('  Time:    ***** Invalid FILETIME');
  });
});

describe('typed pseudo-registers', () => {
  it("?? @$proc and @$thread are typed pointers into the dump's own process and thread objects", () => {
    const kd = new Kd();
    const proc = kd.run('?? @$proc');
    expect(proc[0]).toBe('struct _EPROCESS * 0xfffffa80`0a2f4b30');
    expect(proc).toContain('   +0x180 UniqueProcessId  : 0x00000000`000006b4 Void');
    expect(kd.run('?? @$proc->UniqueProcessId')).toEqual(['void * 0x00000000`000006b4']);
    expect(kd.run('?? (unsigned int64)@$proc->UniqueProcessId == 0x6b4')).toEqual(['bool true']);
    expect(kd.run('?? @$thread->Cid.UniqueThread')).toEqual(['void * 0x00000000`00000a4c']);
    // An integer pseudo-register stays a ULONG64.
    expect(kd.run('?? @$tpid')).toEqual(['unsigned int64 0x6b4']);
  });
});

describe('physical memory', () => {
  it('a dump without physical pages answers !db as kdexts does, and d* /p with question marks', () => {
    const kd = new Kd();
    expect(kd.run('!db 1000')).toEqual(['Physical memory read at 1000 failed']);
    expect(kd.last().ok).toBe(false);
    expect(kd.run('dd /p 1000 l4')).toEqual(['00000000`00001000  ???????? ???????? ???????? ????????']);
  });
});

describe('!lmi', () => {
  it('shows the module list entry and loads its symbols', () => {
    const kd = new Kd();
    expect(kd.run('lm m fltmgr')[1]).toContain('(deferred)');
    const out = kd.run('!lmi fltmgr');
    expect(out.slice(0, 8)).toEqual([
      'Loaded Module Info: [fltmgr] ',
      '         Module: fltmgr',
      '   Base Address: fffff88001052000',
      '     Image Name: fltmgr.sys',
      '   Machine Type: 34404 (X64)',
      '     Time Stamp: 4a5bc11f Mon Jul 13 23:19:59 2009',
      '           Size: 4c000',
      '       CheckSum: 4e6bc',
    ]);
    expect(kd.run('lm m fltmgr')[1]).toContain('(pdb symbols)');
    expect(kd.run('!lmi fffff8800106f141')[1]).toBe('         Module: fltmgr');
    expect(kd.run('!lmi Nosuch')).toEqual(['Loaded Module Info: [nosuch] ', 'nosuch not found']);
  });
});

describe('r with several registers', () => {
  it('shows each as it is at that point of the line', () => {
    const kd = new Kd();
    expect(kd.run('r rax, rax=5, rax')).toEqual(['rax=fffff88005f451a0 rax=0000000000000005']);
  });
});
