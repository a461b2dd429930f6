/**
 * Lesson 03 read beside the lab's own dump: every fact its walk-back rests on
 * is computed here from `uf`, `r` after `.cxr` and `dt` of the root node, and
 * the lesson states those facts (and no longer the argument they refute).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import lab from '../../labs/race-0x3b/lab.ts';
import { LabSession } from '../../src/lab/session.ts';

const lesson = readFileSync(join(import.meta.dirname, '..', '..', 'content', 'lessons', '03-race-condition.mdx'), 'utf8');
const prose = lesson.replace(/\s+/g, ' ');

function run(lines: readonly string[]): string[] {
  const s = new LabSession(lab);
  return lines.map((l) => s.submit(l).output);
}

const field = (out: string, name: string): bigint => {
  const m = new RegExp(`\\b${name}\\s+: 0x([0-9a-f\`]+)`).exec(out);
  if (!m) throw new Error(`no ${name} in dt output`);
  return BigInt('0x' + m[1].replace('`', ''));
};
const reg = (out: string, name: string): bigint => BigInt('0x' + (new RegExp(`\\b${name}=([0-9a-f]{16})`).exec(out)?.[1] ?? 'x'));
const bits = (x: bigint): number => x.toString(2).replace(/0/g, '').length;

describe('lesson 03 agrees with the race dump', () => {
  const [uf, cxr, node] = run(['uf fltmgr!TreeUnlinkMulti', '.cxr 0xfffff88005f45960', 'dt fltmgr!_NAME_CACHE_NODE fffff8a00d106d40 /b']);

  it('the code after +0x51 loops back to it, reloading RSI from a child link', () => {
    expect(uf).toMatch(/fffff880`0106f15e 488b7608\s+mov\s+rsi,qword ptr \[rsi\+8\]/);
    expect(uf).toMatch(/fffff880`0106f158 488b7610\s+mov\s+rsi,qword ptr \[rsi\+10h\]/);
    expect(uf).toMatch(/jne\s+fltmgr!TreeUnlinkMulti\+0x51 \(fffff880`0106f141\)/);
    expect(prose).toContain('loop back to +0x51');
    expect(prose).not.toMatch(/nothing between the load and the fault could have changed/i);
    expect(prose).not.toContain('three instructions long and writes neither');
  });

  it('RAX is the root node’s Key1, and R12 is below it, so the loop went left', () => {
    const key1 = field(node, 'Key1');
    expect(reg(cxr, 'rax')).toBe(key1);
    expect(reg(cxr, 'r12') < key1).toBe(true);
    expect(prose).toContain('That is exactly RAX at the fault');
  });

  it('RSI and the root’s LeftChild differ in exactly bit 39', () => {
    const diff = reg(cxr, 'rsi') ^ field(node, 'LeftChild');
    expect(diff).toBe(1n << 39n);
    expect(prose).toContain('bit 39 of the quadword');
  });

  it('TreeRoot and Parent are wrong in their high halves by the bit counts the lesson gives', () => {
    expect(bits(field(node, 'TreeRoot') ^ reg(cxr, 'rcx'))).toBe(7);
    expect(bits(field(node, 'Parent') ^ 0xfffff8a00d106d58n)).toBe(3);
    expect(prose).toMatch(/high half differs from RCX's in seven bits, `Parent`'s from the node's own address in three/);
  });

  it('the u figure stops where its caption says: with the faulting instruction', () => {
    const [u] = run(['u fltmgr!TreeUnlinkMulti fltmgr!TreeUnlinkMulti+0x51']);
    expect(u.trimEnd().split('\n').at(-1)).toMatch(/^fffff880`0106f141 .*mov\s+rax,qword ptr \[rsi\+20h\]$/);
    expect(lesson).toContain('the listing ends with the instruction at +0x51 itself');
  });

  it('the verdict question’s right answer is the lesson’s hypothesis', () => {
    const verdict = lab.objectives.find((o) => o.id === 'verdict');
    const right = verdict?.kind === 'question' ? verdict.choices?.find((c) => c.correct) : undefined;
    expect(right?.text).toMatch(/being built or torn down while it was linked into the tree/);
    expect(prose).toMatch(/reachable from the tree while another processor was still building it, or already dismantling it/);
  });
});
