/**
 * The browser-side contract between a lab terminal and anything that listens
 * to it (the classroom client). Both sides use window CustomEvents, so a page
 * served without a classroom server carries no classroom code at all.
 *
 *   window 'ntlab:activity' (detail: LabActivity)  — emitted by the lab terminal
 *   window 'ntlab:control'  (detail: LabControl)   — sent to the lab terminal
 */

import type { InputEntry } from '../lab/session.ts';

/** A lab event as sent out of the page: plain JSON. */
export interface ActivityEvent {
  readonly type: string;
  readonly seq: number;
  readonly time: number;
  readonly [field: string]: unknown;
}

/**
 * Identity of an activity: (lab, attempt, index, kind) is unique and stable, so a
 * receiver can drop duplicates. `attempt` counts resets of this lab in this
 * browser (0 before the first reset); `index` is the input-log position the
 * activity belongs to.
 */
interface ActivityBase {
  readonly lab: string;
  readonly attempt: number;
  readonly index: number;
}

export type LabActivity = ActivityBase &
  (
    | {
        readonly kind: 'step';
        readonly program: string;
        readonly input: string;
        readonly output: string;
        /** Lab events this step emitted (objective checks happen after). */
        readonly events: readonly ActivityEvent[];
        /** Win32 / tool status of the command when the program reported one (0 = success). */
        readonly status: number | null;
      }
    | { readonly kind: 'objective'; readonly objective: string; readonly title: string; readonly hintsTaken: number }
    /** A hint taken: `level` is its rung (1 nudge, 2 where to look, 3 how to reason, 4 gives it away). */
    | { readonly kind: 'hint'; readonly objective: string; readonly level: number; readonly givesAway?: boolean }
    /** The student opened the lab's model solution. */
    | { readonly kind: 'solution' }
    /** The input-log entry at `index`, so the classroom can replay the lab and check its objectives itself. */
    | { readonly kind: 'input'; readonly entry: InputEntry }
    | { readonly kind: 'answer'; readonly objective: string; readonly answer: string; readonly correct: boolean }
    | { readonly kind: 'reset' }
    | { readonly kind: 'open'; readonly done: number; readonly total: number; readonly objectives: readonly { id: string; title: string }[] }
  );

export type LabControl =
  | { readonly kind: 'reset'; readonly lab: string }
  | { readonly kind: 'lock'; readonly lab: string; readonly locked: boolean; readonly message?: string };

export const ACTIVITY_EVENT = 'ntlab:activity';
export const CONTROL_EVENT = 'ntlab:control';
