/**
 * What the lab's live region says after a change: an objective newly met (with the
 * score), or the feedback on an answer. Nothing for changes a screen reader user
 * already hears elsewhere (their own typing, the terminal's output).
 */

/** The part of the lab state an announcement depends on. */
export interface AnnounceState {
  /** Ids of the objectives met, in objective order. */
  readonly met: readonly string[];
  readonly total: number;
  /** How many answers have been given so far (panel or `lab answer`). */
  readonly answers: number;
}

export interface AnnounceContext {
  readonly titleOf: (id: string) => string;
  /** The feedback shown for the latest answer ("Correct. …" / "Not quite. …"), if any. */
  readonly lastFeedback: string;
}

export function progressText(done: number, total: number): string {
  return `${done} of ${total} objectives met`;
}

/** The announcement for the step from `before` to `after` ('' for nothing to say). */
export function announcement(before: AnnounceState, after: AnnounceState, context: AnnounceContext): string {
  const parts: string[] = [];
  if (after.answers > before.answers && context.lastFeedback) parts.push(context.lastFeedback);
  const fresh = after.met.filter((id) => !before.met.includes(id));
  for (const id of fresh) parts.push(`Objective met: ${context.titleOf(id)}.`);
  if (fresh.length > 0) {
    parts.push(after.met.length === after.total ? `All ${after.total} objectives met. Lab complete.` : `${progressText(after.met.length, after.total)}.`);
  }
  return parts.join(' ');
}
