/**
 * Data buffers with contents: a process's heap blocks in its user space (the
 * buffers a program hands to ReadFile or DeviceIoControl), the I/O manager's
 * system buffers in nonpaged pool, and the system-space mappings of MDLs,
 * which read and write the very bytes of the user buffer they describe.
 * The bytes are machine state; the debugger reads them through VirtualMemory
 * like any other block, in the right process context only.
 */
import { Subsystem } from '../subsystem.ts';
import type { MemoryBlock, MemoryProvider, SpaceId } from './memory.ts';

export interface DataBuffer {
  space: SpaceId;
  /** Start (hex, 16 digits). */
  address: string;
  size: number;
  bytes: number[];
  /** 'user buffer', 'SystemBuffer', 'MDL mapping'… */
  what: string;
  /** A mapping of another buffer (an MDL's system address): its bytes are that buffer's. */
  alias: { space: SpaceId; address: string } | null;
}

export interface BufferState {
  buffers: Record<string, DataBuffer>;
  /** Next free heap address per process (hex). */
  heapNext: Record<string, string>;
}

/** Where a process's second heap segment starts: the buffers its program allocates. */
export const USER_HEAP = 0x4a0000n;

export const hex16 = (v: bigint) => v.toString(16).padStart(16, '0');
const keyOf = (space: SpaceId, address: string) => `${space}:${address}`;

export class DataBuffers extends Subsystem<BufferState> implements MemoryProvider {
  readonly snapshotKey = 'buffers';
  readonly name = 'buffers';
  readonly layer = 1 as const;
  /** Told when bytes changed (the memory view must forget its blocks). */
  changed: () => void = () => {};

  constructor() {
    super({ buffers: {}, heapNext: {} });
  }

  /** HeapAlloc in a process: a zeroed block in its user space. */
  userAlloc(pid: number, size: number, what = 'user buffer'): string {
    const next = BigInt('0x' + (this.state.heapNext[pid] ?? hex16(USER_HEAP)));
    const address = hex16(next);
    this.state.heapNext[pid] = hex16(next + ((BigInt(Math.max(size, 1)) + 0x1fn) & ~0xfn));
    this.add(pid, address, size, what);
    return address;
  }

  /** Give contents to a block the caller allocated (a pool block): `address` is its body. */
  add(space: SpaceId, address: string, size: number, what: string, alias: DataBuffer['alias'] = null): DataBuffer {
    const b: DataBuffer = { space, address, size, bytes: new Array<number>(alias ? 0 : size).fill(0), what, alias };
    this.state.buffers[keyOf(space, address)] = b;
    this.changed();
    return b;
  }

  get(space: SpaceId, address: string): DataBuffer | undefined {
    return this.state.buffers[keyOf(space, address)];
  }

  remove(space: SpaceId, address: string): void {
    delete this.state.buffers[keyOf(space, address)];
    this.changed();
  }

  /** A process exits: its user buffers go with its address space. */
  removeProcess(pid: number): void {
    for (const [k, b] of Object.entries(this.state.buffers)) if (b.space === pid) delete this.state.buffers[k];
    delete this.state.heapNext[pid];
    this.changed();
  }

  /** The buffer holding the bytes (following an alias). */
  private target(b: DataBuffer): DataBuffer | undefined {
    return b.alias ? this.get(b.alias.space, b.alias.address) : b;
  }

  blocks(space: SpaceId, emit: (block: MemoryBlock) => void): void {
    for (const b of Object.values(this.state.buffers)) {
      if (b.space !== space) continue;
      emit({
        start: BigInt('0x' + b.address),
        size: b.size,
        what: b.what,
        render: (offset, out) => {
          const t = this.target(b);
          if (t) for (let i = 0; i < out.length; i++) out[i] = t.bytes[offset + i] ?? 0;
        },
        write: (offset, data) => {
          const t = this.target(b);
          if (!t) return false;
          for (let i = 0; i < data.length && offset + i < t.size; i++) t.bytes[offset + i] = data[i];
          return true;
        },
      });
    }
  }
}
