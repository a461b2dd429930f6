/**
 * The classroom wire format, shared by the server, the student client and the
 * instructor dashboard (pure data: no DOM, no Node APIs).
 */
import type { LabActivity } from '../stores/activity.ts';

/** One lab activity as a student's browser sends it. */
export interface WireEvent {
  /** Unique per student and stable across resends (see classroom-client/ids.ts). */
  readonly id: string;
  /** When it happened, by the student's clock (ms since the epoch). */
  readonly at: number;
  readonly activity: LabActivity;
}

/** Body of POST /api/events. */
export interface EventsBody {
  readonly events: readonly WireEvent[];
  /** The student's clock when the request was sent: lets the server correct clock skew. */
  readonly sentAt?: number;
  /** Optional: when present it must name the student the secret belongs to. */
  readonly studentId?: string;
}

/** An event as stored: `at` is corrected to the server's clock. */
export interface StoredEvent {
  readonly seq: number;
  readonly studentId: string;
  readonly id: string;
  readonly at: number;
  readonly received: number;
  readonly activity: LabActivity;
}

export interface StudentRecord {
  readonly id: string;
  readonly name: string;
  readonly joinedAt: number;
}

/** What the instructor sends to students. */
export type Control =
  | { readonly id: number; readonly kind: 'broadcast'; readonly message: string; readonly at: number }
  | { readonly id: number; readonly kind: 'reset'; readonly studentId: string; readonly lab: string; readonly at: number }
  | {
      readonly id: number;
      readonly kind: 'lock';
      readonly lab: string;
      readonly locked: boolean;
      readonly message: string;
      readonly at: number;
    };

export interface LockState {
  readonly locked: boolean;
  readonly message: string;
}

export interface ObjectiveInfo {
  readonly id: string;
  readonly title: string;
}

/** A lab as the classroom knows it: learnt from the 'open' activities students send. */
export interface LabInfo {
  readonly id: string;
  readonly objectives: readonly ObjectiveInfo[];
}

/** An objective met: the first time, in any attempt. */
export interface MetObjective {
  readonly at: number;
  readonly hints: number;
}

export interface LabProgress {
  readonly lab: string;
  readonly attempt: number;
  /** Objective id → first time met (grades: a reset does not take a tick away). */
  readonly met: Readonly<Record<string, MetObjective>>;
  /** Objectives met in the current attempt. */
  readonly metNow: readonly string[];
  /** Hints taken per objective (all attempts). */
  readonly hints: Readonly<Record<string, number>>;
  /** Hints taken per objective and rung (all attempts): [nudge, where to look, how to reason, gives it away]. */
  readonly rungs: Readonly<Record<string, readonly number[]>>;
  /** How many times the model solution was opened (all attempts). */
  readonly solutionViews: number;
  /** Objectives the server's own replay of the student's input log met; a `met` one not listed here is unverified. */
  readonly verified: readonly string[];
  /** 'pending' while the server's replay is due, 'done' after it, 'failed' when it could not run. */
  readonly verification: 'pending' | 'done' | 'failed';
  readonly verificationNote: string;
  readonly wrongAnswers: number;
  readonly failedCommands: number;
  readonly steps: number;
  readonly resets: number;
  readonly firstAt: number;
  readonly lastAt: number;
}

/** Where a student is now. */
export interface CurrentWork {
  readonly lab: string;
  /** The first objective of the lab not met in this attempt; null when all are met or the lab is unknown. */
  readonly objective: string | null;
  /** When the student started on this objective. */
  readonly since: number;
  /** Wrong answers and failed commands since then. */
  readonly failed: number;
  /** Hints taken on this objective in this attempt. */
  readonly hints: number;
}

export interface StudentSummary {
  readonly id: string;
  readonly name: string;
  readonly joinedAt: number;
  /** Corrected time of the student's last activity (0 when none yet). */
  readonly lastActivityAt: number;
  readonly events: number;
  readonly online: boolean;
  readonly current: CurrentWork | null;
  readonly labs: Readonly<Record<string, LabProgress>>;
}

export interface StuckRule {
  readonly minutes: number;
  readonly failed: number;
  readonly idleMinutes: number;
  readonly text: string;
}

/** GET /api/dashboard, and the first message of the instructor's stream. */
export interface DashboardSnapshot {
  readonly classroom: { readonly name: string; readonly code: string; readonly addresses: readonly string[] };
  readonly now: number;
  readonly rule: StuckRule;
  readonly labs: readonly LabInfo[];
  readonly students: readonly StudentSummary[];
  readonly locks: Readonly<Record<string, LockState>>;
  readonly broadcasts: readonly Extract<Control, { kind: 'broadcast' }>[];
}

/** Messages on GET /api/stream (the instructor's server-sent events). */
export type InstructorMessage =
  | { readonly type: 'snapshot'; readonly snapshot: DashboardSnapshot }
  | { readonly type: 'student'; readonly student: StudentSummary; readonly now: number }
  | { readonly type: 'labs'; readonly labs: readonly LabInfo[] }
  | { readonly type: 'control'; readonly control: Control };

/** Messages on GET /api/student/stream. */
export type StudentMessage =
  | { readonly type: 'hello'; readonly studentId: string; readonly locks: Readonly<Record<string, LockState>> }
  | { readonly type: 'control'; readonly control: Control };

/** Error body of every 4xx/5xx API answer. */
export interface ApiError {
  readonly error: string;
  readonly message: string;
}

/** Limits, checked by the server and respected by the client. */
export const LIMITS = {
  /** Bytes in the body of POST /api/events. */
  eventsBody: 256 * 1024,
  /** Bytes in other JSON bodies. */
  smallBody: 4 * 1024,
  eventsPerRequest: 100,
  eventId: 200,
  name: 40,
  message: 500,
  labId: 64,
  objectiveId: 100,
  title: 300,
  program: 64,
  input: 4096,
  output: 32 * 1024,
  answer: 1000,
  labEvents: 200,
  labEventsJson: 32 * 1024,
  objectivesPerLab: 100,
} as const;
