/**
 * The simulated Windows machine: the single source of truth for every lab.
 *
 * Deterministic: all randomness comes from `rng` (seeded) and all time from
 * `clock` (virtual). Subsystems hang off this object and keep their state as
 * plain data so that `snapshot()` / `restore()` can capture the whole machine.
 */
import { EventLog } from '../base/events.ts';
import { Random } from '../base/random.ts';
import { VirtualClock } from '../base/clock.ts';

export interface MachineOptions {
  /** Seed for the machine's random source. */
  seed?: number;
  /** Computer name (%COMPUTERNAME%). */
  computerName?: string;
}

export interface OsVersion {
  major: number;
  minor: number;
  build: number;
  servicePack: number;
  /** e.g. 'Windows 7 Ultimate' */
  productName: string;
  /** 'x64' | 'x86' */
  arch: 'x64' | 'x86';
}

/** A subsystem whose state takes part in machine snapshots. */
export interface Snapshottable {
  readonly snapshotKey: string;
  snapshot(): unknown;
  restore(state: unknown): void;
}

export interface MachineSnapshot {
  readonly clock: number;
  readonly rng: number;
  readonly parts: Readonly<Record<string, unknown>>;
}

export class Machine {
  readonly clock: VirtualClock;
  readonly rng: Random;
  readonly events: EventLog;
  readonly version: OsVersion = {
    major: 6,
    minor: 1,
    build: 7601,
    servicePack: 1,
    productName: 'Windows 7 Ultimate',
    arch: 'x64',
  };
  readonly computerName: string;
  private readonly parts = new Map<string, Snapshottable>();

  constructor(options: MachineOptions = {}) {
    this.clock = new VirtualClock();
    this.rng = new Random(options.seed ?? 0x4e54);
    this.events = new EventLog(() => this.clock.now());
    this.computerName = options.computerName ?? 'NTLAB-PC';
  }

  /** Register a subsystem so snapshots include it. */
  register(part: Snapshottable): void {
    if (this.parts.has(part.snapshotKey)) throw new Error(`duplicate machine part ${part.snapshotKey}`);
    this.parts.set(part.snapshotKey, part);
  }

  /** Take a subsystem out of snapshots (a restart replaces the kernel's subsystems). */
  unregister(key: string): void {
    this.parts.delete(key);
  }

  /** A deep, structured-cloneable copy of the whole machine state (events excluded). */
  snapshot(): MachineSnapshot {
    const parts: Record<string, unknown> = {};
    for (const [key, part] of this.parts) parts[key] = structuredClone(part.snapshot());
    return { clock: this.clock.now(), rng: this.rng.snapshot, parts };
  }

  /**
   * Put the machine back to a snapshot. `adopt`: take the snapshot's objects as the state
   * instead of copies (for a snapshot nothing else will use again).
   */
  restore(snap: MachineSnapshot, adopt = false): void {
    this.clock.restore(snap.clock);
    this.rng.restore(snap.rng);
    for (const [key, part] of this.parts) {
      if (key in snap.parts) part.restore(adopt ? snap.parts[key] : structuredClone(snap.parts[key]));
    }
  }
}
