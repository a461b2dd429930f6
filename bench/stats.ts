/** Timing helpers for benches. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Time `fn` `n` times; returns sorted durations in milliseconds. */
export function timeEach(n: number, fn: (i: number) => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn(i);
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

export const ms = (v: number): string => `${v < 1 ? v.toFixed(3) : v.toFixed(2)} ms`;

export function summary(sorted: readonly number[]): string {
  return `median ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))} (n=${sorted.length})`;
}

/** Time `fn` `n` times: sorted wall-clock durations (ms), and the process's CPU time per call (ms), which a busy machine inflates less. */
export function measure(n: number, fn: (i: number) => void): { wall: number[]; cpu: number } {
  const before = process.cpuUsage();
  const wall = timeEach(n, fn);
  const used = process.cpuUsage(before);
  return { wall, cpu: (used.user + used.system) / 1000 / n };
}

export function measured(m: { wall: readonly number[]; cpu: number }): string {
  return `${summary(m.wall)}; CPU ${ms(m.cpu)} per run`;
}
