/**
 * `!poolfind Tag [PoolType]` (kdexts): every pool block with a tag, found by
 * walking the headers of each pool page (nonpaged, then paged unless
 * PoolType limits it to one: its low bit, 0 nonpaged, 1 paged, as POOL_TYPE
 * values go). `?` in the tag matches
 * any character.
 */
import { guarded, skipBlanks, type KdCommand } from '../command.ts';
import { hex } from '../format.ts';
import { a64 } from '../kobjects.ts';
import type { Target } from '../target.ts';
import { walkPoolPage, type PoolBlock } from './pool.ts';

/** Pages a scan reads at most (64 MB of pool). */
const MAX_PAGES = 0x4000;

/** Every block of a pool kind, page by page. */
export function poolBlocks(target: Target, kind: 'Nonpaged pool' | 'Paged pool'): { range: [bigint, bigint] | null; blocks: PoolBlock[] } {
  const pages = target
    .regions()
    .filter((r) => r.kind === kind)
    .sort((a, b) => (a.start < b.start ? -1 : 1));
  const blocks: PoolBlock[] = [];
  // A dump describes whole pool ranges; the scan stops after MAX_PAGES pages, as a bounded search must.
  let budget = MAX_PAGES;
  for (const r of pages) {
    for (let page = r.start; page < r.end && budget > 0; page += 0x1000n, budget--) blocks.push(...(walkPoolPage(target, page)?.blocks ?? []));
  }
  return { range: pages.length === 0 ? null : [pages[0].start, pages[pages.length - 1].end], blocks };
}

/** Does a block's tag match a pattern (4 characters, `?` for any)? */
export function tagMatches(tag: string, pattern: string): boolean {
  const p = pattern.padEnd(4, ' ');
  for (let i = 0; i < 4; i++) if (p[i] !== '?' && p[i] !== tag[i]) return false;
  return true;
}

export function blockLine(b: PoolBlock): string {
  return `${a64(b.address)} size: ${hex(b.size).padStart(4)} previous size: ${hex(b.previous).padStart(4)}  ${b.free ? '(Free)     ' : '(Allocated)'} ${b.tag}${b.protectedTag ? ' (Protected)' : ''}`;
}

export const poolfind: KdCommand = {
  verbs: ['!poolfind'],
  run(c) {
    return guarded(c, () => {
      const i = skipBlanks(c.line, c.argsStart);
      const m = /^(\S{1,4})(?:\s+(\S+))?\s*$/.exec(c.line.slice(i));
      if (!m) {
        c.out.push('Usage: !poolfind Tag [PoolType]');
        return false;
      }
      const tag = m[1];
      const type = m[2] === undefined ? null : c.session.evaluate(c.line, i + c.line.slice(i).indexOf(m[2], m[1].length)).value;
      const shown = tag.padEnd(4, ' ');
      let found = 0;
      for (const [kind, label] of [
        ['Nonpaged pool', 'NonPaged'],
        ['Paged pool', 'Paged'],
      ] as const) {
        if (type !== null && (type & 1n) !== (kind === 'Paged pool' ? 1n : 0n)) continue;
        const { range, blocks } = poolBlocks(c.session.target, kind);
        if (!range) continue;
        c.out.push(`Searching ${label} pool (${a64(range[0])} : ${a64(range[1])}) for Tag: ${shown}`, '');
        for (const b of blocks) {
          if (b.free || !tagMatches(b.tag, tag)) continue;
          c.out.push(blockLine(b));
          found++;
        }
        c.out.push('');
      }
      return found > 0;
    });
  },
};
