/**
 * What the lab's live region says after a change: a hint just taken, the feedback on an
 * answer, an objective newly met (with the score). Nothing for changes a screen reader
 * user already hears elsewhere (their own typing, the terminal's output).
 */

/** The part of the lab state an announcement depends on. */
export interface AnnounceState {
  /** Ids of the objectives met, in objective order. */
  readonly met: readonly string[];
  readonly total: number;
  /** How many answers have been given so far (panel or `lab answer`). */
  readonly answers: number;
  /** Hints taken so far, per objective id. */
  readonly hints: Readonly<Record<string, number>>;
}

export interface AnnounceContext {
  readonly titleOf: (id: string) => string;
  /** The feedback shown for the latest answer ("Correct. …" / "Not quite. …"), '' to say nothing. */
  readonly lastFeedback: string;
  /** The text of hint `level` (1-3) of an objective, as shown; '' to say nothing. */
  readonly hintText: (id: string, level: number) => string;
}

export function progressText(done: number, total: number): string {
  return `${done} of ${total} objectives met`;
}

/** The announcement for the step from `before` to `after` ('' for nothing to say). */
export function announcement(before: AnnounceState, after: AnnounceState, context: AnnounceContext): string {
  const parts: string[] = [];
  for (const [id, level] of Object.entries(after.hints)) {
    const text = level > (before.hints[id] ?? 0) ? context.hintText(id, level) : '';
    if (text) parts.push(text);
  }
  if (after.answers > before.answers && context.lastFeedback) parts.push(context.lastFeedback);
  const fresh = after.met.filter((id) => !before.met.includes(id));
  for (const id of fresh) parts.push(`Objective met: ${context.titleOf(id)}.`);
  if (fresh.length > 0) {
    parts.push(after.met.length === after.total ? `All ${after.total} objectives met. Lab complete.` : `${progressText(after.met.length, after.total)}.`);
  }
  return parts.join(' ');
}
