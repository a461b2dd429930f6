/** FINDSTR's regular expressions, matched without backtracking. */
import { describe, expect, it } from 'vitest';
import { compileFindstr } from '../../src/console/commands/findstr-regex.ts';

const plain = { begin: false, end: false, exact: false, ignoreCase: false };
const re = (p: string, flags = plain) => compileFindstr(p, true, flags);

describe('findstr regular expressions', () => {
  it('. * ^ $ classes, ranges, negation, word positions and escapes', () => {
    expect(re('a.c').test('xabcx')).toBe(true);
    expect(re('a.c').test('ac')).toBe(false);
    expect(re('ab*c').test('ac')).toBe(true);
    expect(re('ab*c').test('abbbc')).toBe(true);
    expect(re('^abc').test('abcd')).toBe(true);
    expect(re('^abc').test('xabc')).toBe(false);
    expect(re('abc$').test('xabc')).toBe(true);
    expect(re('abc$').test('abcx')).toBe(false);
    expect(re('[0-9][0-9]*').test('id 42')).toBe(true);
    expect(re('[^a-z]').test('abc')).toBe(false);
    expect(re('[^a-z]').test('abC')).toBe(true);
    expect(re('\\<sw').test('load swpnp')).toBe(true);
    expect(re('\\<pnp').test('load swpnp')).toBe(false);
    expect(re('pnp\\>').test('swpnp.sys')).toBe(true);
    expect(re('a\\.c').test('abc')).toBe(false);
    expect(re('a\\.c').test('a.c')).toBe(true);
    expect(re('*a').test('*a')).toBe(true);
    expect(re('a^b$c').test('a^b$c')).toBe(true);
  });

  it('/B /E /X and /I', () => {
    expect(re('b', { ...plain, begin: true }).test('ab')).toBe(false);
    expect(re('a.*', { ...plain, end: true }).test('xab')).toBe(true);
    expect(re('a.', { ...plain, exact: true }).test('ab')).toBe(true);
    expect(re('a.', { ...plain, exact: true }).test('abc')).toBe(false);
    expect(re('SW[a-z]*', { ...plain, ignoreCase: true }).test('swPNP')).toBe(true);
    expect(compileFindstr('a.c', false, plain).test('abc')).toBe(false);
    expect(compileFindstr('a.c', false, plain).test('xa.cx')).toBe(true);
  });

  it('pathological patterns are answered without backtracking (each pattern × line pair once)', () => {
    const line = 'x'.repeat(2000);
    expect(re('.*'.repeat(120) + 'y').test(line)).toBe(false);
    expect(re('x*'.repeat(120) + 'y').test(line)).toBe(false);
    expect(re('[a-z]*[x-z]*x*.*'.repeat(30) + 'y').test(line)).toBe(false);
    expect(re('\\<x*\\>'.repeat(40) + 'y').test('x x '.repeat(500))).toBe(false);
    expect(re('.*'.repeat(120) + 'x$').test(line)).toBe(true);
  });
});
