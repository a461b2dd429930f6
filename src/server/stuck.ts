/**
 * When a student counts as stuck. One rule, used by the server's export and
 * by the dashboard, and printed on the dashboard so the instructor knows it.
 */
import type { StudentSummary, StuckRule } from './protocol.ts';

const MINUTE = 60_000;

export const STUCK_RULE: StuckRule = {
  minutes: 8,
  failed: 4,
  idleMinutes: 5,
  text:
    'Stuck: the current objective is not met, and the student has spent 8 minutes or more on it ' +
    'or has failed 4 or more times on it (wrong answers and commands that returned an error). ' +
    'Idle: no lab activity for 5 minutes or more.',
};

export function timeOnObjective(s: StudentSummary, now: number): number {
  return s.current ? Math.max(0, now - s.current.since) : 0;
}

export function idleFor(s: StudentSummary, now: number): number {
  return s.lastActivityAt > 0 ? Math.max(0, now - s.lastActivityAt) : Math.max(0, now - s.joinedAt);
}

export function isStuck(s: StudentSummary, now: number, rule: StuckRule = STUCK_RULE): boolean {
  const cur = s.current;
  if (!cur || cur.objective === null) return false;
  return timeOnObjective(s, now) >= rule.minutes * MINUTE || cur.failed >= rule.failed;
}

export function isIdle(s: StudentSummary, now: number, rule: StuckRule = STUCK_RULE): boolean {
  return idleFor(s, now) >= rule.idleMinutes * MINUTE;
}
