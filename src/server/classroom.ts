/**
 * The classroom: its identity (name, join code, instructor token, kept in the
 * database so a restart changes nothing for anyone), students, events, the
 * instructor's controls, and the live state folded from them.
 */
import { Hub } from './hub.ts';
import { ClassroomModel } from './model.ts';
import type { Control, DashboardSnapshot, LabInfo, LockState, StoredEvent, StudentRecord, StudentSummary, WireEvent } from './protocol.ts';
import { hashSecret, newJoinCode, newStudentId, newToken, sameJoinCode, sameSecret } from './secrets.ts';
import { ClassroomStore } from './store.ts';
import { STUCK_RULE } from './stuck.ts';
import { Verifier, type VerifierOptions } from './verifier.ts';
import { GroupWriter } from './writer.ts';

export interface ClassroomOptions {
  readonly data: string;
  readonly name?: string;
  /** Addresses shown on the dashboard so the instructor can put them on the screen. */
  readonly addresses?: readonly string[];
  /** The course's labs and objectives, known before students open them. */
  readonly labs?: readonly LabInfo[];
  readonly now?: () => number;
  /** Make a new instructor token (the old link stops working), e.g. after the link was shown to the room. */
  readonly newToken?: boolean;
  /** Budgets of the server's own replay of students' labs. */
  readonly verify?: VerifierOptions;
}

export const MAX_STUDENTS = 1000;

export class Classroom {
  readonly store: ClassroomStore;
  readonly model = new ClassroomModel();
  readonly hub: Hub;
  readonly name: string;
  readonly code: string;
  readonly token: string;
  addresses: readonly string[];
  private readonly writer: GroupWriter;
  /** The server's own check of what students' pages report (a worker thread replays their input logs). */
  readonly verifier: Verifier;
  private readonly controlLog: Control[];
  readonly now: () => number;

  private constructor(store: ClassroomStore, options: ClassroomOptions) {
    this.store = store;
    this.now = options.now ?? Date.now;
    this.name = options.name ?? store.metaOr('name', () => 'ntlab classroom');
    if (options.name !== undefined) store.setMeta('name', options.name);
    this.code = store.metaOr('joinCode', () => newJoinCode());
    if (options.newToken) store.setMeta('instructorToken', newToken());
    this.token = store.metaOr('instructorToken', () => newToken());
    this.addresses = options.addresses ?? [];
    this.hub = new Hub((id) => {
      const student = this.summary(id);
      return student ? { type: 'student', student, now: this.now() } : undefined;
    });
    this.model.seedLabs(options.labs ?? []);
    for (const s of store.students()) this.model.addStudent(s);
    for (const e of store.allEvents()) this.model.apply(e);
    this.controlLog = store.controls();
    this.writer = new GroupWriter(store, (inserted) => this.committed(inserted));
    this.verifier = new Verifier(this.model, (id) => this.hub.studentChanged(id), options.verify);
    this.verifier.kick();
  }

  static async open(options: ClassroomOptions): Promise<Classroom> {
    return new Classroom(await ClassroomStore.open(options.data), options);
  }

  checkCode(code: string): boolean {
    return sameJoinCode(code, this.code);
  }

  checkInstructor(token: string): boolean {
    return sameSecret(token, this.token);
  }

  join(name: string): { student: StudentRecord; secret: string } | null {
    if (this.store.studentCount() >= MAX_STUDENTS) return null;
    const student: StudentRecord = { id: newStudentId(), name, joinedAt: this.now() };
    const secret = newToken();
    this.store.addStudent(student, hashSecret(secret));
    this.model.addStudent(student);
    this.hub.studentChanged(student.id);
    return { student, secret };
  }

  studentBySecret(secret: string): StudentRecord | undefined {
    return this.store.studentBySecretHash(hashSecret(secret));
  }

  /**
   * Store a student's events; resolves once committed with how many were new.
   * Times are moved onto the server's clock using the student's `sentAt`.
   */
  async record(studentId: string, events: readonly WireEvent[], sentAt: number | undefined): Promise<{ fresh: number; refused: number }> {
    const received = this.now();
    const offset = sentAt === undefined ? 0 : received - sentAt;
    const corrected = events.map((e) => ({ ...e, at: Math.min(received, Math.max(0, e.at + offset)) }));
    const kept = corrected.filter((e) => this.admissible(studentId, e) === null);
    const inserted = kept.length > 0 ? await this.writer.write({ studentId, events: kept, received }) : [];
    return { fresh: inserted.length, refused: corrected.length - kept.length };
  }

  /**
   * Why an event is not stored, or null: work in a lab the instructor has locked (done after
   * the lock), and an objective dated before the student joined (no page can have met it then).
   */
  admissible(studentId: string, e: WireEvent): string | null {
    const a = e.activity;
    const lockedAt = this.lockedSince(a.lab);
    const work = a.kind === 'step' || a.kind === 'input' || a.kind === 'answer' || a.kind === 'hint' || a.kind === 'objective' || a.kind === 'solution';
    if (lockedAt !== null && work && e.at >= lockedAt) return 'locked';
    const joinedAt = this.model.record(studentId)?.joinedAt;
    if (a.kind === 'objective' && joinedAt !== undefined && e.at < joinedAt) return 'before join';
    return null;
  }

  /** When `lab` was locked, if it is locked now. */
  lockedSince(lab: string): number | null {
    let since: number | null = null;
    for (const c of this.controlLog) if (c.kind === 'lock' && c.lab === lab) since = c.locked ? c.at : null;
    return since;
  }

  private committed(inserted: readonly StoredEvent[]): void {
    let labsChanged = false;
    const touched = new Set<string>();
    for (const e of inserted) {
      if (this.model.apply(e)) labsChanged = true;
      touched.add(e.studentId);
    }
    if (labsChanged) this.hub.toInstructors({ type: 'labs', labs: this.model.labs() });
    for (const id of touched) this.hub.studentChanged(id);
    this.verifier.kick();
  }

  summary(id: string): StudentSummary | undefined {
    return this.model.summary(id, this.hub.isOnline(id));
  }

  summaries(): StudentSummary[] {
    return this.model.studentIds().flatMap((id) => this.summary(id) ?? []);
  }

  locks(): Record<string, LockState> {
    const locks: Record<string, LockState> = {};
    for (const c of this.controlLog) if (c.kind === 'lock') locks[c.lab] = { locked: c.locked, message: c.message };
    return locks;
  }

  broadcasts(): Extract<Control, { kind: 'broadcast' }>[] {
    return this.controlLog.filter((c): c is Extract<Control, { kind: 'broadcast' }> => c.kind === 'broadcast');
  }

  /**
   * Controls a page gets when it connects: the student's resets after `after`
   * (the last control the page applied), and the latest broadcast (each page shows it until dismissed).
   */
  pendingControls(studentId: string, after: number): Control[] {
    const resets = this.controlLog.filter((c) => c.kind === 'reset' && c.id > after && c.studentId === studentId);
    const latest = this.controlLog.filter((c) => c.kind === 'broadcast').slice(-1);
    return [...resets, ...latest].sort((a, b) => a.id - b.id);
  }

  snapshot(): DashboardSnapshot {
    return {
      classroom: { name: this.name, code: this.code, addresses: this.addresses },
      now: this.now(),
      rule: STUCK_RULE,
      labs: this.model.labs(),
      students: this.summaries(),
      locks: this.locks(),
      broadcasts: this.broadcasts().slice(-20),
    };
  }

  private addControl(row: Parameters<ClassroomStore['addControl']>[0]): Control {
    const control = this.store.addControl(row);
    this.controlLog.push(control);
    this.hub.toInstructors({ type: 'control', control });
    return control;
  }

  broadcast(message: string): Control {
    const control = this.addControl({ kind: 'broadcast', student_id: null, lab: null, message, locked: null, at: this.now() });
    this.hub.toAllStudents({ type: 'control', control });
    return control;
  }

  resetLab(studentId: string, lab: string): Control {
    const control = this.addControl({ kind: 'reset', student_id: studentId, lab, message: '', locked: null, at: this.now() });
    this.hub.toStudent(studentId, { type: 'control', control });
    return control;
  }

  lock(lab: string, locked: boolean, message: string): Control {
    const control = this.addControl({ kind: 'lock', student_id: null, lab, message, locked: locked ? 1 : 0, at: this.now() });
    this.hub.toAllStudents({ type: 'control', control });
    return control;
  }

  close(): void {
    void this.verifier.close();
    this.hub.close();
    this.store.close();
  }
}
