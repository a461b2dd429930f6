/** The MASM evaluator: radix, prefixes, backticks, sign extension, precedence, registers, pseudo-registers, errors. */
import { describe, expect, it } from 'vitest';
import { evaluate, ExprError, parseNumberWord, type ExprEnv } from '../../src/debugger/expr.ts';

const memory = new Map<bigint, bigint>([[0x1000n, 0x1122334455667788n]]);
const env: ExprEnv = {
  kernel: true,
  register: (n) =>
    new Map([
      ['rax', 5n],
      ['rcx', 0x1000n],
      ['eax', 0xfffffff0n],
    ]).get(n) ?? null,
  pseudo: (n) =>
    new Map([
      ['ip', 0xfffff8800106f141n],
      ['ptrsize', 8n],
    ]).get(n) ?? null,
  symbol: (m, n) =>
    m?.toLowerCase() === 'nt' && n.toLowerCase() === 'kebugcheckex' ? 0xfffff80002a8c640n : m === 'nt' && n === '' ? 0xfffff80002a1b000n : null,
  read: (a, size) => {
    const base = memory.get(a & ~7n);
    if (base === undefined) return null;
    const shift = (a & 7n) * 8n;
    return (base >> shift) & ((1n << BigInt(size * 8)) - 1n);
  },
};

const ev = (t: string): bigint => evaluate(t, env).value;
const err = (t: string): ExprError => {
  try {
    evaluate(t, env);
  } catch (e) {
    if (e instanceof ExprError) return e;
    throw e;
  }
  throw new Error(`no error for ${t}`);
};

describe('MASM numbers', () => {
  it('reads hex by default and honours prefixes and the h suffix', () => {
    expect(ev('10')).toBe(0x10n);
    expect(ev('0x10')).toBe(0x10n);
    expect(ev('0n10')).toBe(10n);
    expect(ev('0t10')).toBe(8n);
    expect(ev('0y10')).toBe(2n);
    expect(ev('10h')).toBe(0x10n);
    expect(ev('0x')).toBe(0n);
  });
  it('accepts backtick-separated 64-bit values and sign-extends bare 32-bit kernel constants', () => {
    expect(ev('fffff880`0106f141')).toBe(0xfffff8800106f141n);
    expect(ev('80000000')).toBe(0xffffffff80000000n);
    expect(ev('0`80000000')).toBe(0x80000000n);
    expect(parseNumberWord('80000000', false)).toBe(0x80000000n);
    expect(parseNumberWord('7fffffff', true)).toBe(0x7fffffffn);
  });
  it('sign-extends every kernel constant from 0x80000000 to 0xFFFFFFFF unless a backtick is written', () => {
    expect(ev('0x80000000')).toBe(0xffffffff80000000n);
    expect(ev('80000000h')).toBe(0xffffffff80000000n);
    expect(ev('0n4294967295')).toBe(0xffffffffffffffffn);
    expect(ev('00000000EEAA1122')).toBe(0xffffffffeeaa1122n);
    expect(ev('0x0`80000000')).toBe(0x80000000n);
    expect(ev('0x100000000')).toBe(0x100000000n);
  });
  it('reads bare numbers in the radix n sets; prefixes always work', () => {
    const dec: ExprEnv = { ...env, radix: () => 10 };
    const oct: ExprEnv = { ...env, radix: () => 8 };
    expect(evaluate('10', dec).value).toBe(10n);
    expect(evaluate('0x10 + 0n10 + 0t10 + 0y10', dec).value).toBe(16n + 10n + 8n + 2n);
    expect(evaluate('17', oct).value).toBe(15n);
    expect(() => evaluate('ff', dec)).toThrow(ExprError);
    expect(() => evaluate('8', oct)).toThrow(ExprError);
  });
});

describe('MASM operators', () => {
  it('applies WinDbg precedence', () => {
    expect(ev('1+2*3')).toBe(7n);
    expect(ev('(1+2)*3')).toBe(9n);
    expect(ev('1+1<<4')).toBe(0x20n);
    expect(ev('2 = 2 and 1')).toBe(1n);
    expect(ev('6 xor 3 or 8')).toBe(0xdn);
    expect(ev('7 mod 4')).toBe(3n);
    expect(ev('-1')).toBe(0xffffffffffffffffn);
    expect(ev('0-1 >> 3c')).toBe(0xfn);
    expect(ev('0-1 >>> 3c')).toBe(0xffffffffffffffffn);
    expect(ev('not 0')).toBe(1n);
    expect(ev('hi(12345678) + low(12345678)')).toBe(0x1234n + 0x5678n);
  });
  it('compares and divides as unsigned 64-bit values', () => {
    expect(ev('-1 < 1')).toBe(0n);
    expect(ev('-1 > 1')).toBe(1n);
    expect(ev('-1 / 2')).toBe(0x7fffffffffffffffn);
    expect(ev('-1 % 10')).toBe(0xfn);
    expect(ev('fffff880`00000000 > 1')).toBe(1n);
    expect(ev('3 != 3')).toBe(0n);
    expect(ev('3 >= 3')).toBe(1n);
  });
  it('dereferences with poi/by/wo/dwo/qwo', () => {
    expect(ev('poi(@rcx)')).toBe(0x1122334455667788n);
    expect(ev('by(1000)')).toBe(0x88n);
    expect(ev('wo(1000)')).toBe(0x7788n);
    expect(ev('dwo(1002)')).toBe(0x33445566n);
    expect(ev('qwo 1000')).toBe(0x1122334455667788n);
  });
});

describe('names', () => {
  it('resolves registers with and without @, pseudo-registers and symbols', () => {
    expect(ev('@rax+rax')).toBe(10n);
    expect(ev('@$ip')).toBe(0xfffff8800106f141n);
    expect(ev('$ptrsize')).toBe(8n);
    expect(ev('.')).toBe(0xfffff8800106f141n);
    expect(ev('nt!KeBugCheckEx+0x10')).toBe(0xfffff80002a8c650n);
    expect(ev('NT!kebugcheckex')).toBe(0xfffff80002a8c640n);
    expect(ev('nt')).toBe(0xfffff80002a1b000n);
  });
  it('stops before text that cannot continue the expression', () => {
    expect(evaluate('@rcx l1', env)).toEqual({ value: 0x1000n, end: 4 });
  });
});

describe('errors', () => {
  it('names the kind and where it starts', () => {
    expect(err('nt!Nope+8')).toMatchObject({ kind: 'resolve', pos: 0 });
    expect(err('1+nosuch')).toMatchObject({ kind: 'resolve', pos: 2 });
    expect(err('@foo')).toMatchObject({ kind: 'register', pos: 0 });
    expect(err('@$nope')).toMatchObject({ kind: 'register', pos: 0 });
    expect(err('poi(0)')).toMatchObject({ kind: 'memory', pos: 5 });
    expect(err('1 &')).toMatchObject({ kind: 'missing', pos: 3 });
    expect(err('1 && 2')).toMatchObject({ kind: 'missing', pos: 3 });
    expect(err('(1')).toMatchObject({ kind: 'bad-syntax', pos: 2 });
    expect(err('1/0')).toMatchObject({ kind: 'operand', pos: 1 });
  });
});

describe('MASM functions', () => {
  const fenv: ExprEnv = { ...env, valid: (a, n) => a >= 0x1000n && a + n <= 0x2000n, imageEntry: (b) => (b === 0x400000n ? 0x401000n : null) };
  const fv = (t: string): bigint => evaluate(t, fenv).value;
  it('$scmp and $sicmp compare strings as strcmp and _stricmp do', () => {
    expect(fv('$scmp("abc", "abd")')).toBe(0xffffffffffffffffn);
    expect(fv('$scmp("b", "a")')).toBe(1n);
    expect(fv('$scmp("Abc", "abc")')).not.toBe(0n);
    expect(fv('$sicmp("Abc", "aBC")')).toBe(0n);
  });
  it('$spat matches the string wildcard syntax', () => {
    expect(fv('$spat("TreeUnlinkMulti", "tree*multi")')).toBe(1n);
    expect(fv('$spat("Loop", "Lo#p")')).toBe(1n);
    expect(fv('$spat("Lp", "Lo+p")')).toBe(0n);
    expect(fv('$spat("Prog7am", "Prog[er-t7]am")')).toBe(1n);
  });
  it('$vvalid and $iment ask the target', () => {
    expect(fv('$vvalid(1000, 10)')).toBe(1n);
    expect(fv('$vvalid(1ff8, 10)')).toBe(0n);
    expect(fv('$iment(400000)')).toBe(0x401000n);
    expect(fv('$iment(500000)')).toBe(0n);
    expect(fv('$vvalid(1000, 10) + 1')).toBe(2n);
  });
  it('refuses a function without its arguments', () => {
    expect(() => fv('$scmp(1, 2)')).toThrow(ExprError);
    expect(() => fv('$vvalid(1000')).toThrow(ExprError);
  });
});
