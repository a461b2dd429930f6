/**
 * The classroom's state, folded from stored events: per student and lab, the
 * objectives met (with time and hints), where the student is now, and the
 * labs' objective lists. Pure: rebuilt from the database at start, then kept
 * up to date as events are committed.
 */
import type { InputEntry } from '../lab/session.ts';
import type { LabActivity } from '../stores/activity.ts';
import type { CurrentWork, LabInfo, LabProgress, MetObjective, ObjectiveInfo, StoredEvent, StudentRecord, StudentSummary } from './protocol.ts';
import { LIMITS } from './protocol.ts';

/** Labs the course did not list that students' pages may make known (each shown to the whole class). */
export const MAX_LEARNT_LABS = 50;

/**
 * Labs the class does not know that one student's progress may still name, and
 * objective ids a lab does not list that it may still count as met or hinted.
 * Events beyond them are stored (and exported) but not folded in: one student's
 * page cannot grow the summary every dashboard receives on each of its events.
 */
export const MAX_UNKNOWN_LABS = 8;
export const MAX_UNKNOWN_OBJECTIVES = 8;

/** Input-log entries kept per student and lab attempt for the server's replay (its step budget). */
export const MAX_LOG_ENTRIES = 5000;

/** A lab's input log to replay: the entries from index 0 up to the first gap. */
export interface VerifyJob {
  readonly studentId: string;
  readonly lab: string;
  readonly attempt: number;
  readonly entries: readonly InputEntry[];
  /** How many entries the lab held when the job was taken (a gap in the log leaves some unreplayed). */
  readonly held: number;
}

class LabState {
  readonly lab: string;
  attempt: number;
  /** Set by a reset: the next higher attempt number belongs to that reset and does not clear again. */
  freshAfterReset = false;
  readonly met = new Map<string, MetObjective>();
  metNow = new Set<string>();
  readonly hints = new Map<string, number>();
  readonly rungs = new Map<string, number[]>();
  hintsNow = new Map<string, number>();
  solutionViews = 0;
  /** The current attempt's input log as the page sent it, by index (for the server's own replay). */
  entries = new Map<number, InputEntry>();
  /** Objectives the server's replay of the student's input log met (in any attempt). */
  readonly verified = new Set<string>();
  /** Where the server's check stands: 'pending' while a replay is due, 'done' after one, 'failed' when it could not run. */
  verification: 'pending' | 'done' | 'failed' = 'done';
  /** Why the last check failed or stopped early ('' when it ran in full). */
  verificationNote = '';
  wrongAnswers = 0;
  failedCommands = 0;
  steps = 0;
  resets = 0;
  readonly firstAt: number;
  lastAt: number;
  /** When the student started on the current objective. */
  since: number;
  /** Failures since `since`. */
  failedNow = 0;

  constructor(lab: string, attempt: number, at: number) {
    this.lab = lab;
    this.attempt = attempt;
    this.firstAt = at;
    this.lastAt = at;
    this.since = at;
  }

  restart(attempt: number, at: number): void {
    this.attempt = attempt;
    this.entries = new Map();
    this.metNow = new Set();
    this.hintsNow = new Map();
    this.since = at;
    this.failedNow = 0;
  }

  progress(): LabProgress {
    return {
      lab: this.lab,
      attempt: this.attempt,
      met: Object.fromEntries(this.met),
      metNow: [...this.metNow],
      hints: Object.fromEntries(this.hints),
      rungs: Object.fromEntries(this.rungs),
      solutionViews: this.solutionViews,
      verified: [...this.verified],
      verification: this.verification,
      verificationNote: this.verificationNote,
      wrongAnswers: this.wrongAnswers,
      failedCommands: this.failedCommands,
      steps: this.steps,
      resets: this.resets,
      firstAt: this.firstAt,
      lastAt: this.lastAt,
    };
  }
}

class StudentState {
  readonly record: StudentRecord;
  readonly labs = new Map<string, LabState>();
  lastLab: string | null = null;
  lastActivityAt = 0;
  events = 0;

  constructor(record: StudentRecord) {
    this.record = record;
  }
}

/** Whether `map` may hold `key`: one it has, one the lab lists, or one of a few others. */
function roomFor(map: ReadonlyMap<string, unknown>, key: string, listed: readonly ObjectiveInfo[]): boolean {
  const isListed = (id: string): boolean => listed.some((o) => o.id === id);
  if (map.has(key) || isListed(key)) return true;
  let others = 0;
  for (const k of map.keys()) if (!isListed(k)) others++;
  return others < MAX_UNKNOWN_OBJECTIVES;
}

function bump(map: Map<string, number>, key: string, listed: readonly ObjectiveInfo[]): void {
  if (roomFor(map, key, listed)) map.set(key, (map.get(key) ?? 0) + 1);
}

export class ClassroomModel {
  private readonly students = new Map<string, StudentState>();
  private readonly catalog = new Map<string, ObjectiveInfo[]>();
  /** Labs whose objective lists come from the course, not from students. */
  private readonly fromCourse = new Set<string>();
  /** Whether students' pages may make labs known: only when the course's list could not be read. */
  private learning = true;

  addStudent(record: StudentRecord): void {
    if (!this.students.has(record.id)) this.students.set(record.id, new StudentState(record));
  }

  hasStudent(id: string): boolean {
    return this.students.has(id);
  }

  studentIds(): string[] {
    return [...this.students.keys()];
  }

  record(id: string): StudentRecord | undefined {
    return this.students.get(id)?.record;
  }

  /** Fold one committed event in. Returns true when the labs' objective lists changed. */
  apply(event: StoredEvent): boolean {
    const student = this.students.get(event.studentId);
    if (!student) return false;
    student.events++;
    const a = event.activity;
    const t = event.at;
    student.lastActivityAt = Math.max(student.lastActivityAt, t);
    // What a page tells about the lab itself comes first, so the checks below see it.
    const labsChanged =
      a.kind === 'open' ? this.learnLab(a.lab, a.objectives) : a.kind === 'objective' ? this.learnObjective(a.lab, { id: a.objective, title: a.title }) : false;
    let lab = student.labs.get(a.lab);
    if (!lab) {
      const unknown = [...student.labs.keys()].filter((id) => !this.catalog.has(id)).length;
      if (!this.catalog.has(a.lab) && unknown >= MAX_UNKNOWN_LABS) return labsChanged;
      lab = new LabState(a.lab, a.attempt, t);
      student.labs.set(a.lab, lab);
    }
    student.lastLab = a.lab;
    lab.lastAt = Math.max(lab.lastAt, t);
    if (a.attempt > lab.attempt) {
      if (lab.freshAfterReset) lab.attempt = a.attempt;
      else lab.restart(a.attempt, t);
    }
    const current = a.attempt >= lab.attempt;
    if (current && a.kind !== 'reset') lab.freshAfterReset = false;
    this.fold(lab, a, t, current);
    return labsChanged;
  }

  private fold(lab: LabState, a: LabActivity, t: number, current: boolean): void {
    const listed = this.objectivesOf(lab.lab);
    switch (a.kind) {
      case 'step':
        lab.steps++;
        if (a.status !== null && a.status !== 0) {
          lab.failedCommands++;
          if (current) lab.failedNow++;
        }
        return;
      case 'objective': {
        if (!roomFor(lab.met, a.objective, listed)) return;
        if (!lab.verified.has(a.objective)) lab.verification = 'pending';
        const known = lab.met.get(a.objective);
        if (!known || t < known.at) lab.met.set(a.objective, { at: t, hints: a.hintsTaken });
        if (current) {
          lab.metNow.add(a.objective);
          lab.since = t;
          lab.failedNow = 0;
        }
        return;
      }
      case 'hint':
        bump(lab.hints, a.objective, listed);
        if (roomFor(lab.rungs, a.objective, listed)) {
          const counts = lab.rungs.get(a.objective) ?? [0, 0, 0, 0];
          counts[Math.min(Math.max(a.level, 1), 4) - 1]++;
          lab.rungs.set(a.objective, counts);
        }
        if (current) bump(lab.hintsNow, a.objective, listed);
        return;
      case 'answer':
        if (!a.correct) {
          lab.wrongAnswers++;
          if (current) lab.failedNow++;
        }
        return;
      case 'reset':
        lab.resets++;
        if (current) {
          lab.restart(a.attempt, t);
          lab.freshAfterReset = true;
        }
        return;
      case 'solution':
        lab.solutionViews++;
        return;
      case 'input':
        // Only the current attempt's log is replayed; a log is bounded like the events that carry it.
        if (current && lab.entries.size < MAX_LOG_ENTRIES) {
          lab.entries.set(a.index, a.entry);
          lab.verification = 'pending';
        }
        return;
      case 'open':
        return;
    }
  }

  /**
   * Labs known before any student opens them (from the course's lab registry).
   * Their objective lists are the course's own: what a student's page reports
   * never renames, reorders or adds to them.
   */
  seedLabs(labs: readonly LabInfo[]): void {
    if (labs.length > 0) this.learning = false;
    for (const lab of labs) {
      if (lab.objectives.length === 0) continue;
      this.catalog.set(
        lab.id,
        lab.objectives.map((o) => ({ id: o.id, title: o.title })),
      );
      this.fromCourse.add(lab.id);
    }
  }

  /**
   * A lab learnt from a student's page, when the course's own list could not
   * be read: the first title given to an objective stays (a later page cannot
   * rename it for the whole class), and the number of such labs and of their
   * objectives is capped. With the course's list, a lab it does not have adds
   * no column for the class (it still shows in that student's own progress).
   */
  private learnLab(id: string, objectives: readonly ObjectiveInfo[]): boolean {
    let changed = false;
    for (const o of objectives) if (this.learnObjective(id, o)) changed = true;
    return changed;
  }

  private learnObjective(lab: string, objective: ObjectiveInfo): boolean {
    if (!this.learning || this.fromCourse.has(lab)) return false;
    const list = this.catalog.get(lab);
    if (!list && this.catalog.size - this.fromCourse.size >= MAX_LEARNT_LABS) return false;
    if (list?.some((o) => o.id === objective.id)) return false;
    if ((list?.length ?? 0) >= LIMITS.objectivesPerLab) return false;
    this.catalog.set(lab, [...(list ?? []), { id: objective.id, title: objective.title }]);
    return true;
  }

  /** Labs whose check is due: their input log, from index 0 to the first gap. */
  dueForVerification(): VerifyJob[] {
    const jobs: VerifyJob[] = [];
    for (const [studentId, s] of this.students) {
      for (const lab of s.labs.values()) {
        if (lab.verification !== 'pending') continue;
        const entries: InputEntry[] = [];
        for (let i = 0; lab.entries.has(i); i++) entries.push(lab.entries.get(i) as InputEntry);
        jobs.push({ studentId, lab: lab.lab, attempt: lab.attempt, entries, held: lab.entries.size });
      }
    }
    return jobs;
  }

  /** The server's replay of `job` met `met`: record them as verified (a later attempt does not take them away). */
  verified(job: VerifyJob, result: { met: readonly string[]; note: string; failed: boolean }): void {
    const lab = this.students.get(job.studentId)?.labs.get(job.lab);
    if (!lab) return;
    for (const id of result.met) lab.verified.add(id);
    // Entries that arrived meanwhile keep it pending: another replay follows.
    const unchanged = lab.attempt === job.attempt && lab.entries.size === job.held;
    if (unchanged || result.failed) lab.verification = result.failed ? 'failed' : 'done';
    const gap = job.held > job.entries.length ? `the input log has a gap at entry ${job.entries.length}` : '';
    lab.verificationNote = [result.note, gap].filter(Boolean).join('; ');
  }

  labs(): LabInfo[] {
    return [...this.catalog.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, objectives]) => ({ id, objectives }));
  }

  objectivesOf(lab: string): readonly ObjectiveInfo[] {
    return this.catalog.get(lab) ?? [];
  }

  summary(id: string, online: boolean): StudentSummary | undefined {
    const s = this.students.get(id);
    if (!s) return undefined;
    const labs: Record<string, LabProgress> = {};
    for (const [labId, lab] of s.labs) labs[labId] = lab.progress();
    return {
      id: s.record.id,
      name: s.record.name,
      joinedAt: s.record.joinedAt,
      lastActivityAt: s.lastActivityAt,
      events: s.events,
      online,
      current: this.currentWork(s),
      labs,
    };
  }

  private currentWork(s: StudentState): CurrentWork | null {
    if (s.lastLab === null) return null;
    const lab = s.labs.get(s.lastLab);
    if (!lab) return null;
    // Where the student is working, as their page says; grades count only what the server's replay confirmed.
    const next = this.objectivesOf(lab.lab).find((o) => !lab.metNow.has(o.id));
    const objective = next ? next.id : null;
    return {
      lab: lab.lab,
      objective,
      since: lab.since,
      failed: lab.failedNow,
      hints: objective === null ? 0 : (lab.hintsNow.get(objective) ?? 0),
    };
  }
}
