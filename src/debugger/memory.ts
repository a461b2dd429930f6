/**
 * Sparse byte-addressed memory: 4 KB pages, each either wholly present or
 * present only where bytes were written (a `valid` mask). Reads of anything
 * else fail, as a dump fails for pages it does not hold.
 */
import { u64 } from './format.ts';

const PAGE = 0x1000;
const PAGE_SHIFT = 12n;

interface Page {
  readonly bytes: Uint8Array;
  /** null: every byte is valid. */
  valid: Uint8Array | null;
}

export class SparseMemory {
  private readonly pages = new Map<bigint, Page>();

  /** Make the page holding `address` fully readable (zero-filled where nothing was written). */
  mapPage(address: bigint): void {
    const key = u64(address) >> PAGE_SHIFT;
    const page = this.pages.get(key);
    if (page) page.valid = null;
    else this.pages.set(key, { bytes: new Uint8Array(PAGE), valid: null });
  }

  /** Map every page of [start, end). */
  mapRange(start: bigint, end: bigint): void {
    for (let a = start & ~0xfffn; a < end; a += BigInt(PAGE)) this.mapPage(a);
  }

  write(address: bigint, data: Uint8Array): void {
    for (let i = 0; i < data.length; i++) {
      const a = u64(address + BigInt(i));
      const key = a >> PAGE_SHIFT;
      let page = this.pages.get(key);
      if (!page) {
        page = { bytes: new Uint8Array(PAGE), valid: new Uint8Array(PAGE) };
        this.pages.set(key, page);
      }
      const off = Number(a & 0xfffn);
      page.bytes[off] = data[i];
      if (page.valid) page.valid[off] = 1;
    }
  }

  /** Write without overwriting bytes already present. */
  writeIfEmpty(address: bigint, data: Uint8Array): void {
    for (let i = 0; i < data.length; i++) {
      const a = address + BigInt(i);
      if (!this.readable(a) || this.isMappedZero(a)) this.write(a, data.subarray(i, i + 1));
    }
  }

  writeU64(address: bigint, value: bigint): void {
    this.write(address, le(value, 8));
  }

  writeU32(address: bigint, value: number | bigint): void {
    this.write(address, le(BigInt(value), 4));
  }

  writeU16(address: bigint, value: number): void {
    this.write(address, le(BigInt(value), 2));
  }

  readable(address: bigint): boolean {
    const a = u64(address);
    const page = this.pages.get(a >> PAGE_SHIFT);
    if (!page) return false;
    return page.valid === null || page.valid[Number(a & 0xfffn)] === 1;
  }

  read(address: bigint, length: number): Uint8Array | null {
    const out = new Uint8Array(length);
    let i = 0;
    while (i < length) {
      const a = u64(address + BigInt(i));
      const page = this.pages.get(a >> PAGE_SHIFT);
      if (!page) return null;
      const off = Number(a & 0xfffn);
      const n = Math.min(length - i, PAGE - off);
      if (page.valid) {
        for (let j = 0; j < n; j++) if (page.valid[off + j] !== 1) return null;
      }
      out.set(page.bytes.subarray(off, off + n), i);
      i += n;
    }
    return out;
  }

  /** Page numbers in order, rebuilt when a page is added (searches walk it). */
  private sortedKeys: bigint[] | null = null;

  /** The first readable address in [address, end); null when there is none. Walks the pages held, not the range. */
  nextReadable(address: bigint, end: bigint): bigint | null {
    if (this.sortedKeys === null || this.sortedKeys.length !== this.pages.size) {
      this.sortedKeys = [...this.pages.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    }
    const keys = this.sortedKeys;
    const first = address >> PAGE_SHIFT;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid] < first) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < keys.length; k++) {
      const pageStart = keys[k] << PAGE_SHIFT;
      if (pageStart >= end) return null;
      const page = this.pages.get(keys[k]);
      if (!page) continue;
      const from = pageStart > address ? pageStart : address;
      const off = Number(from - pageStart);
      if (page.valid === null) return from;
      const at = page.valid.indexOf(1, off);
      if (at >= 0 && pageStart + BigInt(at) < end) return pageStart + BigInt(at);
    }
    return null;
  }

  private isMappedZero(address: bigint): boolean {
    const a = u64(address);
    const page = this.pages.get(a >> PAGE_SHIFT);
    return page !== undefined && page.valid === null && page.bytes[Number(a & 0xfffn)] === 0;
  }
}

/** Little-endian bytes of `value`. */
export function le(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = u64(value);
  for (let i = 0; i < size; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Read a little-endian unsigned value from bytes. */
export function fromLe(bytes: Uint8Array, offset = 0, size = bytes.length - offset): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[offset + i]);
  return v;
}

/** Bytes of a hex string ("488b4620"). */
export function hexBytes(text: string): Uint8Array {
  const clean = text.replace(/[\s`]/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
