/** Base of every kernel subsystem: plain-data state that takes part in machine snapshots. */
import type { Snapshottable } from './machine.ts';

export abstract class Subsystem<S> implements Snapshottable {
  abstract readonly snapshotKey: string;
  /** All mutable state of the subsystem: plain, structured-cloneable data. */
  state: S;

  constructor(initial: S) {
    this.state = initial;
  }

  snapshot(): unknown {
    return this.state;
  }

  restore(state: unknown): void {
    this.state = state as S;
  }
}

/** A 64-bit kernel address as 16 hex digits from a high part and a 32-bit low part. */
export function kaddr(high: string, low: number): string {
  return high + (low >>> 0).toString(16).padStart(8, '0');
}

/** WinDbg style: fffffa80`0a1b2c30. */
export function debuggerAddress(addr: string): string {
  const a = addr.padStart(16, '0');
  return `${a.slice(0, 8)}\`${a.slice(8)}`;
}
