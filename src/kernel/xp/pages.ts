/** The XP machine's page size. */
export const PAGE = 0x1000;

/** Sparse 4 KB pages of one address space: the kernel's, or one process's user half. */
export class Pages {
  private readonly pages = new Map<number, Uint8Array>();

  private page(n: number, create: boolean): Uint8Array | undefined {
    let p = this.pages.get(n);
    if (!p && create) this.pages.set(n, (p = new Uint8Array(PAGE)));
    return p;
  }

  /** Copy `bytes` in, one page-sized piece at a time (the pages are created as needed). */
  write(address: number, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; ) {
      const a = address + i;
      const off = a % PAGE;
      const n = Math.min(PAGE - off, bytes.length - i);
      (this.page(Math.floor(a / PAGE), true) as Uint8Array).set(bytes.subarray(i, i + n), off);
      i += n;
    }
  }

  u32(address: number, value: number): void {
    const off = address % PAGE;
    if (off > PAGE - 4) {
      const b = new Uint8Array(4);
      new DataView(b.buffer).setUint32(0, value >>> 0, true);
      this.write(address, b);
      return;
    }
    const p = this.page(Math.floor(address / PAGE), true) as Uint8Array;
    const v = value >>> 0;
    p[off] = v & 0xff;
    p[off + 1] = (v >>> 8) & 0xff;
    p[off + 2] = (v >>> 16) & 0xff;
    p[off + 3] = v >>> 24;
  }

  /** Lay `other`'s bytes over these: its pages are copied in, and where a page exists here its non-zero bytes are. */
  merge(other: Pages): void {
    for (const [n, src] of other.pages) {
      const dst = this.pages.get(n);
      if (!dst) {
        this.pages.set(n, src.slice());
        continue;
      }
      for (let i = 0; i < PAGE; i++) if (src[i] !== 0) dst[i] = src[i];
    }
  }

  /** Map zeroed pages over [address, address+length). */
  map(address: number, length: number): void {
    for (let n = Math.floor(address / PAGE); n * PAGE < address + length; n++) this.page(n, true);
  }

  read(address: number, length: number): Uint8Array | null {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; ) {
      const a = address + i;
      const off = a % PAGE;
      const n = Math.min(PAGE - off, length - i);
      const p = this.page(Math.floor(a / PAGE), false);
      if (!p) return null;
      out.set(p.subarray(off, off + n), i);
      i += n;
    }
    return out;
  }
}
