/**
 * The executive's pools (ExAllocatePoolWithTag / ExFreePoolWithTag) with the
 * Windows 7 x64 small-block layout: 4 KB pages carved into blocks of 16-byte
 * units, each behind a _POOL_HEADER (PreviousSize, PoolIndex, BlockSize,
 * PoolType, PoolTag) so that the chain of headers across a page is walkable,
 * as `!pool` walks it. Free space is a free block. Allocations of a page or
 * more get pages of their own (the big-pool case, no header in the page).
 *
 * Whose body a block holds is recorded as an owner reference ('ob:12',
 * 'irp:3'…); the owner's subsystem paints the body's bytes.
 */
import { Subsystem } from '../subsystem.ts';
import type { MemoryBlock, MemoryProvider, SpaceId } from './memory.ts';

export const POOL_PAGE = 0x1000;
const UNIT = 0x10;
export const NonPagedPool = 0;
export const PagedPool = 1;

export interface PoolBlock {
  /** Offset of the header in the page. */
  at: number;
  /** Header + body, in bytes (a multiple of 16). */
  size: number;
  /** Four characters. */
  tag: string;
  /** null: a free block. */
  owner: string | null;
  /** The tag carries PROTECTED_POOL (0x80000000), as object bodies do. */
  protectedTag?: boolean;
}

export interface PoolPage {
  /** Page address (hex, 16 digits). */
  page: string;
  paged: boolean;
  blocks: PoolBlock[];
}

export interface BigAllocation {
  address: string;
  size: number;
  tag: string;
  paged: boolean;
  owner: string;
}

export interface PoolState {
  /** Next fresh page per pool (hex). */
  next: { nonpaged: string; paged: string };
  pages: Record<string, PoolPage>;
  big: Record<string, BigAllocation>;
}

/** Where each pool's pages start on a Windows 7 x64 machine. */
const NONPAGED_BASE = 0xfffffa8000c00000n;
const PAGED_BASE = 0xfffff8a000200000n;

const hex = (v: bigint) => v.toString(16).padStart(16, '0');

function tagValue(tag: string): number {
  let v = 0;
  for (let i = 0; i < 4; i++) v |= ((i < tag.length ? tag.charCodeAt(i) : 0x20) & 0xff) << (i * 8);
  return v >>> 0;
}

export class Pool extends Subsystem<PoolState> implements MemoryProvider {
  readonly snapshotKey = 'pool';
  readonly name = 'pool';
  readonly layer = 0 as const;

  constructor(seedOffset = 0) {
    super({
      next: { nonpaged: hex(NONPAGED_BASE + BigInt(seedOffset) * 0x10000n), paged: hex(PAGED_BASE + BigInt(seedOffset) * 0x1000n) },
      pages: {},
      big: {},
    });
  }

  /** ExAllocatePoolWithTag: the body's address. `owner` names who paints the body. */
  allocate(size: number, tag: string, paged: boolean, owner: string, protectedTag = false): bigint {
    const total = Math.ceil((size + UNIT) / UNIT) * UNIT;
    if (total > POOL_PAGE) {
      const pages = Math.ceil(size / POOL_PAGE);
      const at = this.freshPages(paged, pages);
      this.state.big[hex(at)] = { address: hex(at), size, tag, paged, owner };
      return at;
    }
    for (const page of Object.values(this.state.pages)) {
      if (page.paged !== paged) continue;
      const i = page.blocks.findIndex((b) => b.owner === null && b.size >= total);
      if (i >= 0) return BigInt('0x' + page.page) + BigInt(this.carve(page, i, total, tag, owner, protectedTag)) + BigInt(UNIT);
    }
    const at = this.freshPages(paged, 1);
    const page: PoolPage = { page: hex(at), paged, blocks: [{ at: 0, size: POOL_PAGE, tag: 'Free', owner: null }] };
    this.state.pages[page.page] = page;
    return at + BigInt(this.carve(page, 0, total, tag, owner, protectedTag)) + BigInt(UNIT);
  }

  private freshPages(paged: boolean, count: number): bigint {
    const key = paged ? 'paged' : 'nonpaged';
    const at = BigInt('0x' + this.state.next[key]);
    this.state.next[key] = hex(at + BigInt(count * POOL_PAGE));
    return at;
  }

  /** Split free block i: the front `total` bytes become the allocation. Returns the header offset. */
  private carve(page: PoolPage, i: number, total: number, tag: string, owner: string, protectedTag: boolean): number {
    const free = page.blocks[i];
    const block: PoolBlock = { at: free.at, size: total, tag, owner, ...(protectedTag ? { protectedTag } : {}) };
    const rest = free.size - total;
    page.blocks.splice(i, 1, block, ...(rest > 0 ? [{ at: free.at + total, size: rest, tag: free.tag, owner: null }] : []));
    return block.at;
  }

  /** ExFreePoolWithTag: the block becomes free (merged with free neighbours); its old tag stays in the header. */
  free(body: bigint): boolean {
    const big = this.state.big[hex(body)];
    if (big) {
      delete this.state.big[hex(body)];
      return true;
    }
    const header = body - BigInt(UNIT);
    const page = this.state.pages[hex(header & ~0xfffn)];
    if (!page) return false;
    const i = page.blocks.findIndex((b) => b.at === Number(header & 0xfffn) && b.owner !== null);
    if (i < 0) return false;
    page.blocks[i].owner = null;
    delete page.blocks[i].protectedTag;
    // Merge with free neighbours: the merged block keeps the first block's tag.
    for (let j = page.blocks.length - 1; j > 0; j--) {
      const a = page.blocks[j - 1];
      const b = page.blocks[j];
      if (a.owner === null && b.owner === null) {
        a.size += b.size;
        page.blocks.splice(j, 1);
      }
    }
    // A page with nothing left in it goes back to the system (a header cannot describe a whole free page).
    if (page.blocks.length === 1 && page.blocks[0].owner === null) delete this.state.pages[page.page];
    return true;
  }

  /** The block holding `address` (header and body), with its page. */
  find(address: bigint): { page: PoolPage; block: PoolBlock } | null {
    const page = this.state.pages[hex(address & ~0xfffn)];
    if (!page) return null;
    const off = Number(address & 0xfffn);
    const block = page.blocks.find((b) => off >= b.at && off < b.at + b.size);
    return block ? { page, block } : null;
  }

  /** Every allocation's body address with its owner (for renderers and the agreement tests). */
  *allocations(): Generator<{ body: bigint; size: number; tag: string; owner: string; paged: boolean }> {
    for (const page of Object.values(this.state.pages)) {
      for (const b of page.blocks) {
        if (b.owner !== null)
          yield { body: BigInt('0x' + page.page) + BigInt(b.at + UNIT), size: b.size - UNIT, tag: b.tag, owner: b.owner, paged: page.paged };
      }
    }
    for (const big of Object.values(this.state.big))
      yield { body: BigInt('0x' + big.address), size: big.size, tag: big.tag, owner: big.owner, paged: big.paged };
  }

  /** Pool pages are kernel memory: one region per page, painting the header chain. */
  blocks(space: SpaceId, emit: (block: MemoryBlock) => void): void {
    if (space !== 'kernel') return;
    for (const page of Object.values(this.state.pages)) {
      const start = BigInt('0x' + page.page);
      emit({ start, size: POOL_PAGE, what: page.paged ? 'Paged pool' : 'Nonpaged pool', render: (offset, out) => this.renderPage(page, offset, out) });
    }
    for (const big of Object.values(this.state.big)) {
      const size = Math.ceil(big.size / POOL_PAGE) * POOL_PAGE;
      emit({ start: BigInt('0x' + big.address), size, what: big.paged ? 'Paged pool' : 'Nonpaged pool', render: () => undefined });
    }
  }

  private renderPage(page: PoolPage, offset: number, out: Uint8Array): void {
    const full = new Uint8Array(POOL_PAGE);
    const view = new DataView(full.buffer);
    let prev = 0;
    for (const b of page.blocks) {
      const type = b.owner === null ? 0 : page.paged ? PagedPool + 1 : NonPagedPool + 1;
      const index = page.paged && b.owner !== null ? 1 : 0;
      const ulong1 = (prev / UNIT) | (index << 8) | ((b.size / UNIT) << 16) | (type << 24);
      view.setUint32(b.at, ulong1 >>> 0, true);
      view.setUint32(b.at + 4, (tagValue(b.tag) | (b.protectedTag ? 0x80000000 : 0)) >>> 0, true);
      prev = b.size;
    }
    out.set(full.subarray(offset, offset + out.length));
  }
}
