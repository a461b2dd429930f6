/** Times and durations as the dashboard shows them. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function clock(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** The rungs of a hint ladder, as the lab names them (kept in step with src/lab/schema.ts HINT_RUNGS). */
export const RUNG_LABELS = ['nudge', 'where to look', 'how to reason', 'gives it away'] as const;

export function rungLabel(level: number): string {
  return RUNG_LABELS[level - 1] ?? `rung ${level}`;
}

/** Hints per rung as one short text: "nudge 2, where to look 1, gives it away 1" ('none' when no hint). */
export function rungsText(counts: readonly number[] | undefined): string {
  const parts = (counts ?? []).flatMap((n, i) => (n > 0 ? [`${rungLabel(i + 1)} ${n}`] : []));
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** Hints per rung summed over a lab's objectives. */
export function labRungs(rungs: Readonly<Record<string, readonly number[]>> | undefined): number[] {
  const total = [0, 0, 0, 0];
  for (const counts of Object.values(rungs ?? {})) {
    for (const [i, n] of counts.entries()) total[i] = (total[i] ?? 0) + n;
  }
  return total;
}
