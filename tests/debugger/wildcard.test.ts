/** WinDbg's string wildcard syntax, and that a pattern never backtracks. */
import { describe, expect, it } from 'vitest';
import { wildcard } from '../../src/debugger/wildcard.ts';

const m = (p: string, t: string): boolean => wildcard(p).test(t);

describe('string wildcards', () => {
  it('* ? and [lists] with ranges, case-insensitively, over the whole string', () => {
    expect(m('Tree*', 'TreeUnlinkMulti')).toBe(true);
    expect(m('*unlink*', 'TreeUnlinkMulti')).toBe(true);
    expect(m('tree', 'TreeUnlinkMulti')).toBe(false);
    expect(m('?ree*', 'TreeUnlinkMulti')).toBe(true);
    expect(m('Prog[er-t7]am', 'Program')).toBe(true);
    expect(m('Prog[er-t7]am', 'Prog7am')).toBe(true);
    expect(m('Prog[er-t7]am', 'Progxam')).toBe(false);
    expect(m('', '')).toBe(true);
    expect(m('*', '')).toBe(true);
  });
  it('# repeats the item before it zero or more times, + one or more', () => {
    expect(m('Lo#p', 'Lp')).toBe(true);
    expect(m('Lo#p', 'Looop')).toBe(true);
    expect(m('m[ia]#n', 'miain')).toBe(true);
    expect(m('Lo+p', 'Lp')).toBe(false);
    expect(m('Lo+p', 'Lop')).toBe(true);
    expect(m('a?+b', 'ab')).toBe(false);
    expect(m('a?+b', 'axxb')).toBe(true);
  });
  it('a backslash makes the next character literal; an unclosed [ is literal', () => {
    expect(m('a\\*b', 'a*b')).toBe(true);
    expect(m('a\\*b', 'axb')).toBe(false);
    expect(m('a[b', 'a[b')).toBe(true);
  });
  it('answers pathological patterns (every * a backtracking regex would try) at once', () => {
    const text = 'a'.repeat(5000);
    expect(m('*a'.repeat(200) + 'b', text)).toBe(false);
    expect(m('*a'.repeat(200), text)).toBe(true);
    expect(m('a#'.repeat(300) + 'b', text)).toBe(false);
    expect(m('[a-z]+'.repeat(100) + '!', text)).toBe(false);
  });
  it('treats names that are JavaScript object keys as text', () => {
    expect(m('constructor', 'constructor')).toBe(true);
    expect(m('__proto__', '__proto__')).toBe(true);
    expect(m('to*', 'toString')).toBe(true);
  });
});
