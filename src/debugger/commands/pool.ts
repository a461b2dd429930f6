/** `!pool Address [Flags]`: the pool page around an address, from the _POOL_HEADERs in memory. */
import { caretError, guarded, noteAddress, skipBlanks, type KdCommand } from '../command.ts';
import { flat64, hex, u64 } from '../format.ts';
import { fromLe } from '../memory.ts';
import { POOL_TAGS } from '../pooltags.ts';
import type { Target } from '../target.ts';

export interface PoolBlock {
  readonly address: bigint;
  readonly size: number;
  readonly previous: number;
  readonly free: boolean;
  readonly tag: string;
  readonly protectedTag: boolean;
}

/** A page walked header by header, as !pool does, up to the first header that cannot be right. */
export interface PoolWalk {
  readonly blocks: readonly PoolBlock[];
  /** The first header that cannot be read or cannot be right, and why. */
  readonly bad: { readonly at: bigint; readonly message: string } | null;
}

/** Walk the small-pool page holding `address`, reading each header; null when the first cannot be read. */
export function walkPoolPage(target: Target, address: bigint): PoolWalk | null {
  const page = address & ~0xfffn;
  const blocks: PoolBlock[] = [];
  let off = 0;
  let previous = 0;
  while (off < 0x1000) {
    const at = page + BigInt(off);
    const header = target.read(at, 8);
    if (!header) return off === 0 ? null : { blocks, bad: { at, message: `${flat64(at)}: Unable to get contents of pool block` } };
    const ulong1 = Number(fromLe(header, 0, 4));
    const size = ((ulong1 >> 16) & 0xff) * 16;
    const prev = (ulong1 & 0xff) * 16;
    const bad =
      off + size > 0x1000
        ? `Bad allocation size @${flat64(at)}, too large`
        : size === 0
          ? `Bad allocation size @${flat64(at)}, zero is invalid`
          : prev !== previous
            ? `Bad previous allocation size @${flat64(at)}, last size was ${hex(previous / 16)}`
            : null;
    if (bad) return { blocks, bad: { at, message: bad } };
    const raw = [...header.subarray(4, 8)];
    const protectedTag = (raw[3] & 0x80) !== 0;
    raw[3] &= 0x7f;
    const tag = raw.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    blocks.push({ address: at, size, previous: prev, free: ulong1 >>> 24 === 0, tag, protectedTag });
    previous = size;
    off += size;
  }
  return { blocks, bad: null };
}

function region(target: Target, address: bigint): string {
  return target.regions().find((r) => address >= r.start && address < r.end && r.kind.endsWith('pool'))?.kind ?? 'Unknown';
}

export const pool: KdCommand = {
  verbs: ['!pool'],
  run(c) {
    const s = c.session;
    return guarded(c, () => {
      let i = skipBlanks(c.line, c.argsStart);
      if (i >= c.line.length) return caretError(c, c.line.length - 1, 'Syntax');
      const a = s.evaluate(c.line, i);
      const address = a.value;
      i = skipBlanks(c.line, a.end);
      let flags = 0n;
      if (i < c.line.length) {
        const f = s.evaluate(c.line, i);
        flags = f.value;
        if (skipBlanks(c.line, f.end) < c.line.length) return caretError(c, skipBlanks(c.line, f.end), 'Syntax');
      }
      noteAddress(c, address);
      const kind = region(s.target, address);
      c.out.push(`Pool page ${flat64(address)} region is ${kind}`);
      const walk = walkPoolPage(s.target, address);
      const page = u64(address & ~0xfffn);
      const notSmallPool = [
        `${flat64(page)} is not a valid large pool allocation, checking large session pool...`,
        'Unable to read large session pool table (Session data is not present in mini and kernel-only dumps)',
        `${flat64(page)} is not valid pool. Checking for freed (or corrupt) pool`,
      ];
      if (!walk) {
        c.out.push(...notSmallPool, `Address ${flat64(page)} could not be read. It may be a freed, invalid or paged out page`);
        return false;
      }
      // A bad first header: the page holds no small-pool blocks at all.
      if (walk.bad && walk.blocks.length === 0) c.out.push(...notSmallPool);
      for (const b of walk.blocks) {
        const marked = address >= b.address && address < b.address + BigInt(b.size);
        if ((flags & 2n) !== 0n && !marked) continue;
        const state = b.free ? '(Free)     ' : '(Allocated)';
        const tag = `${b.tag}${b.protectedTag ? ' (Protected)' : ''}`;
        c.out.push(
          `${marked ? '*' : ' '}${flat64(b.address)} size: ${hex(b.size).padStart(4)} previous size: ${hex(b.previous).padStart(4)}  ${state} ${marked ? '*' : ' '}${tag}`,
        );
        if (marked && (flags & 0x80000000n) === 0n) {
          const key = b.tag.trimEnd();
          const desc = Object.hasOwn(POOL_TAGS, key) ? POOL_TAGS[key] : undefined;
          c.out.push(desc ? `\t\tPooltag ${key} : ${desc}` : '\t\tOwning component : Unknown (update pooltag.txt)');
        }
        // Flag 1: the block's contents too, header included, as dwords.
        if ((flags & 1n) !== 0n) c.out.push(...contents(s.target, b.address, b.size));
      }
      if (walk.bad) {
        c.out.push(walk.bad.message);
        if (!walk.bad.message.includes('Unable to get contents')) c.out.push(...diagnosis(kind, walk.bad.at));
        return false;
      }
      return true;
    });
  },
};

/** A block's bytes, four dwords a line (` fffffa8008e13270  0bc00002 6c734d46 …`). */
function contents(target: Target, address: bigint, size: number): string[] {
  const lines: string[] = [];
  for (let off = 0; off < size; off += 16) {
    const a = address + BigInt(off);
    const cells: string[] = [];
    for (let k = 0; k < 16 && off + k < size; k += 4) {
      const b = target.read(a + BigInt(k), 4);
      cells.push(b ? hex(fromLe(b), 8) : '????????');
    }
    lines.push(` ${flat64(a)}  ${cells.join(' ')}`);
  }
  return lines;
}

/** The note !pool adds after a bad header (the page is not pool, or the pool is corrupt). */
function diagnosis(kind: string, at: bigint): string[] {
  const page = flat64(u64(at & ~0xfffn));
  const second = kind === 'Unknown' ? `*** Pool Region unkown (0x${flat64(at).toUpperCase()})` : '*** Attempting to diagnose the problem.';
  return ['', '***', '*** An error (or corruption) in the pool was detected;', second, '***', `*** Use !poolval ${page} for more details.`, '***', ''];
}
