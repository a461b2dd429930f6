/**
 * A virtual clock in milliseconds since boot. Nothing in the engine reads the
 * wall clock: time moves only when the simulation advances it, so a replay of
 * the same input gives the same timestamps.
 */
export class VirtualClock {
  private ms: number;

  constructor(startMs = 0) {
    this.ms = startMs;
  }

  now(): number {
    return this.ms;
  }

  advance(ms: number): number {
    if (ms < 0 || !Number.isFinite(ms)) throw new RangeError(`clock cannot move by ${ms}`);
    this.ms += ms;
    return this.ms;
  }

  restore(ms: number): void {
    this.ms = ms;
  }
}
