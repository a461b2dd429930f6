/**
 * The browser-side contract between a lab terminal and anything that listens
 * to it (the classroom client). Both sides use window CustomEvents, so a page
 * served without a classroom server carries no classroom code at all.
 *
 *   window 'ntlab:activity' (detail: LabActivity)  — emitted by the lab terminal
 *   window 'ntlab:control'  (detail: LabControl)   — sent to the lab terminal
 */

/** A lab event as sent out of the page: plain JSON. */
export interface ActivityEvent {
  readonly type: string;
  readonly seq: number;
  readonly time: number;
  readonly [field: string]: unknown;
}

export type LabActivity =
  | {
      readonly kind: 'step';
      readonly lab: string;
      /** Index of this entry in the lab's input log: with `lab`, a stable id for de-duplication. */
      readonly index: number;
      readonly program: string;
      readonly input: string;
      readonly output: string;
      /** Lab events this step emitted (objective checks happen after). */
      readonly events: readonly ActivityEvent[];
    }
  | { readonly kind: 'objective'; readonly lab: string; readonly index: number; readonly objective: string; readonly title: string; readonly hintsTaken: number }
  | { readonly kind: 'hint'; readonly lab: string; readonly index: number; readonly objective: string; readonly level: number }
  | { readonly kind: 'answer'; readonly lab: string; readonly index: number; readonly objective: string; readonly answer: string; readonly correct: boolean }
  | { readonly kind: 'reset'; readonly lab: string; readonly index: number }
  | { readonly kind: 'open'; readonly lab: string; readonly index: number; readonly done: number; readonly total: number };

export type LabControl =
  | { readonly kind: 'reset'; readonly lab: string }
  | { readonly kind: 'lock'; readonly lab: string; readonly locked: boolean; readonly message?: string };

export const ACTIVITY_EVENT = 'ntlab:activity';
export const CONTROL_EVENT = 'ntlab:control';
