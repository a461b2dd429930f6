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

/** The blocks of the small-pool page holding `address`; null when the page is not readable pool. */
export function poolPage(target: Target, address: bigint): PoolBlock[] | null {
  const page = address & ~0xfffn;
  const bytes = target.read(page, 0x1000);
  if (!bytes) return null;
  const blocks: PoolBlock[] = [];
  let off = 0;
  while (off < 0x1000) {
    const ulong1 = Number(fromLe(bytes, off, 4));
    const size = ((ulong1 >> 16) & 0xff) * 16;
    if (size === 0 || off + size > 0x1000) return blocks.length > 0 ? blocks : null;
    const raw = [...bytes.subarray(off + 4, off + 8)];
    const protectedTag = (raw[3] & 0x80) !== 0;
    raw[3] &= 0x7f;
    const tag = raw.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    blocks.push({ address: page + BigInt(off), size, previous: (ulong1 & 0xff) * 16, free: ulong1 >>> 24 === 0, tag, protectedTag });
    off += size;
  }
  return blocks;
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
      const blocks = kind === 'Unknown' ? null : poolPage(s.target, address);
      const page = u64(address & ~0xfffn);
      if (!blocks) {
        c.out.push(
          `${flat64(page)} is not a valid large pool allocation, checking large session pool...`,
          'Unable to read large session pool table (Session data is not present in mini and kernel-only dumps)',
          `${flat64(page)} is not valid pool. Checking for freed (or corrupt) pool`,
          `Address ${flat64(page)} could not be read. It may be a freed, invalid or paged out page`,
        );
        return false;
      }
      for (const b of blocks) {
        const marked = address >= b.address && address < b.address + BigInt(b.size);
        if ((flags & 2n) !== 0n && !marked) continue;
        const state = b.free ? '(Free)     ' : '(Allocated)';
        const tag = `${b.tag}${b.protectedTag ? ' (Protected)' : ''}`;
        c.out.push(`${marked ? '*' : ' '}${flat64(b.address)} size: ${hex(b.size).padStart(4)} previous size: ${hex(b.previous).padStart(4)}  ${state} ${marked ? '*' : ' '}${tag}`);
        if (marked && (flags & 0x80000000n) === 0n) {
          const key = b.tag.trimEnd();
          const desc = POOL_TAGS[key];
          c.out.push(desc ? `\t\tPooltag ${key} : ${desc}` : '\t\tOwning component : Unknown (update pooltag.txt)');
        }
      }
      return true;
    });
  },
};
