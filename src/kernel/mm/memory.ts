/**
 * Virtual memory as the debugger sees it. The machine keeps its objects as
 * plain data; their bytes are computed from that data on each read, by the
 * subsystem that owns them, laid out by the machine's type database. So there
 * is one truth: `dt`, `dq`, `!pool` and the console tools read the same state.
 *
 * Two layers of blocks make up an address space: regions (pool pages, images,
 * stacks, user mappings) decide what is readable, and objects paint their
 * bytes over them. Writes go to the object that owns the bytes (a modelled
 * field changes the machine's state) or, elsewhere, to an overlay kept in the
 * machine state, as memory writes persist on a live target.
 */
import { Subsystem } from '../subsystem.ts';

/** An address space: the kernel's (shared by all processes) or one process's user space (by process id). */
export type SpaceId = 'kernel' | number;

/** The first kernel-mode address on x64 (the user/kernel split). */
export const KERNEL_START = 0xffff080000000000n;
/** The highest user-mode address + 1 on Windows 7 x64 (8 TB). */
export const USER_END = 0x0000080000000000n;

export interface MemoryBlock {
  readonly start: bigint;
  readonly size: number;
  /** Fill `out` with the bytes at [start + offset, start + offset + out.length). `out` is zeroed. */
  render(offset: number, out: Uint8Array): void;
  /**
   * Take a write at `offset`. True when the block applied it to the machine's
   * state (the next render shows it); false to keep the bytes in the overlay.
   */
  write?(offset: number, data: Uint8Array): boolean;
  /** What the block is, for tests and `!address`-style reports ('pool page', 'image', 'EPROCESS'…). */
  readonly what: string;
}

/** A block whose bytes are laid out by `paint` on its first read, then kept for this view of memory. */
export function paintedOnce(start: bigint, size: number, what: string, paint: (out: Uint8Array) => void): MemoryBlock {
  let bytes: Uint8Array | null = null;
  return {
    start,
    size,
    what,
    render: (offset, out) => {
      if (!bytes) {
        bytes = new Uint8Array(size);
        paint(bytes);
      }
      out.set(bytes.subarray(offset, offset + out.length));
    },
  };
}

/** A subsystem that owns memory: lists its blocks for an address space. */
export interface MemoryProvider {
  readonly name: string;
  /** 0: regions (readability); 1: objects painted over regions. */
  readonly layer: 0 | 1;
  blocks(space: SpaceId, emit: (block: MemoryBlock) => void): void;
}

export interface MmState {
  /** Bytes written by a debugger where no object models them: space -> address (hex) -> byte. */
  overlay: Record<string, Record<string, number>>;
}

interface SpaceView {
  readonly layers: [MemoryBlock[], MemoryBlock[]];
}

function byStart(a: MemoryBlock, b: MemoryBlock): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : 0;
}

/** Index of the last block starting at or before `address` (-1: none). */
function floorIndex(list: readonly MemoryBlock[], address: bigint): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start <= address) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export class VirtualMemory extends Subsystem<MmState> {
  readonly snapshotKey = 'mm';
  private readonly providers: MemoryProvider[] = [];
  private readonly views = new Map<SpaceId, SpaceView>();

  constructor() {
    super({ overlay: {} });
  }

  addProvider(provider: MemoryProvider): void {
    this.providers.push(provider);
    this.invalidate();
  }

  /** Forget the block index: call when the machine may have changed (each debugger command does). */
  invalidate(): void {
    this.views.clear();
  }

  override restore(state: unknown): void {
    super.restore(state);
    this.invalidate();
  }

  /** The space an address belongs to, given the process whose user space is current. */
  static spaceOf(address: bigint, process: number | null): SpaceId | null {
    if (address >= KERNEL_START) return 'kernel';
    if (address < USER_END && process !== null) return process;
    return null;
  }

  private view(space: SpaceId): SpaceView {
    let v = this.views.get(space);
    if (v) return v;
    const layers: [MemoryBlock[], MemoryBlock[]] = [[], []];
    for (const p of this.providers) p.blocks(space, (b) => layers[p.layer].push(b));
    layers[0].sort(byStart);
    layers[1].sort(byStart);
    v = { layers };
    this.views.set(space, v);
    return v;
  }

  /** Every block of a layer overlapping [address, address + length). */
  private overlapping(list: readonly MemoryBlock[], address: bigint, length: number): MemoryBlock[] {
    const end = address + BigInt(length);
    const out: MemoryBlock[] = [];
    let i = floorIndex(list, address);
    if (i < 0) i = 0;
    // Blocks of one layer do not overlap each other, so the one before may reach into the range.
    for (; i < list.length && list[i].start < end; i++) {
      const b = list[i];
      if (b.start + BigInt(b.size) > address) out.push(b);
    }
    return out;
  }

  /** The block of `layer` holding `address`, if any. */
  blockAt(space: SpaceId, address: bigint, layer: 0 | 1 = 1): MemoryBlock | null {
    const list = this.view(space).layers[layer];
    const i = floorIndex(list, address);
    if (i < 0) return null;
    const b = list[i];
    return address < b.start + BigInt(b.size) ? b : null;
  }

  /** All blocks of a layer (for searches such as !poolfind and the agreement tests). */
  blocks(space: SpaceId, layer: 0 | 1): readonly MemoryBlock[] {
    return this.view(space).layers[layer];
  }

  /** Bytes at [address, address + length), or null when any byte is not mapped. */
  read(space: SpaceId, address: bigint, length: number): Uint8Array | null {
    if (length <= 0) return new Uint8Array(0);
    const out = new Uint8Array(length);
    const covered = new Uint8Array(length);
    const view = this.view(space);
    for (const layer of view.layers) {
      for (const b of this.overlapping(layer, address, length)) {
        const from = b.start > address ? b.start : address;
        const bEnd = b.start + BigInt(b.size);
        const to = bEnd < address + BigInt(length) ? bEnd : address + BigInt(length);
        const n = Number(to - from);
        const part = new Uint8Array(n);
        b.render(Number(from - b.start), part);
        const at = Number(from - address);
        out.set(part, at);
        covered.fill(1, at, at + n);
      }
    }
    if (covered.includes(0)) return null;
    const overlay = this.state.overlay[String(space)];
    if (overlay) {
      for (let i = 0; i < length; i++) {
        const v = overlay[(address + BigInt(i)).toString(16)];
        if (v !== undefined) out[i] = v;
      }
    }
    return out;
  }

  readable(space: SpaceId, address: bigint): boolean {
    return this.blockAt(space, address, 0) !== null || this.blockAt(space, address, 1) !== null;
  }

  /** Write bytes; false when any byte is not mapped (nothing is written then). */
  write(space: SpaceId, address: bigint, data: Uint8Array): boolean {
    if (!this.read(space, address, data.length)) return false;
    let i = 0;
    while (i < data.length) {
      const a = address + BigInt(i);
      const obj = this.blockAt(space, a, 1);
      const region = obj ? null : this.blockAt(space, a, 0);
      const b = obj ?? region;
      if (!b) return false;
      const n = Math.min(data.length - i, Number(b.start + BigInt(b.size) - a));
      const chunk = data.subarray(i, i + n);
      const applied = b.write ? b.write(Number(a - b.start), chunk) : false;
      const key = String(space);
      const overlay = (this.state.overlay[key] ??= {});
      for (let j = 0; j < n; j++) {
        const k = (a + BigInt(j)).toString(16);
        if (applied) delete overlay[k];
        else overlay[k] = chunk[j];
      }
      i += n;
    }
    this.invalidate();
    return true;
  }
}
