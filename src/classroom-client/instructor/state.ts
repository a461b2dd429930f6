/** The dashboard's copy of the classroom, kept current by the instructor stream. */
import type { Control, DashboardSnapshot, InstructorMessage, LabInfo, LockState, StudentSummary, StuckRule } from '../../server/protocol.ts';

export type Change = { readonly kind: 'all' } | { readonly kind: 'student'; readonly id: string } | { readonly kind: 'locks' } | { readonly kind: 'broadcast' };

export class DashboardState {
  classroom: DashboardSnapshot['classroom'];
  rule: StuckRule;
  labs: LabInfo[] = [];
  readonly students = new Map<string, StudentSummary>();
  locks: Record<string, LockState> = {};
  broadcasts: Extract<Control, { kind: 'broadcast' }>[] = [];
  /** Server clock minus this browser's clock. */
  private offset = 0;
  private readonly listeners = new Set<(c: Change) => void>();

  constructor(snapshot: DashboardSnapshot) {
    this.classroom = snapshot.classroom;
    this.rule = snapshot.rule;
    this.load(snapshot);
  }

  /** Now, on the server's clock. */
  now(): number {
    return Date.now() + this.offset;
  }

  onChange(listener: (c: Change) => void): void {
    this.listeners.add(listener);
  }

  private emit(change: Change): void {
    for (const l of this.listeners) l(change);
  }

  private load(s: DashboardSnapshot): void {
    this.offset = s.now - Date.now();
    this.classroom = s.classroom;
    this.rule = s.rule;
    this.labs = [...s.labs];
    this.students.clear();
    for (const st of s.students) this.students.set(st.id, st);
    this.locks = { ...s.locks };
    this.broadcasts = [...s.broadcasts];
  }

  /**
   * Every lab the classroom knows: the server's list (the course's labs, or
   * those learnt from pages when the course's list could not be read). A lab
   * only one student's progress names is no column: it shows in that student's
   * detail, so a forged page cannot fill the grid with columns.
   */
  allLabs(): LabInfo[] {
    return [...this.labs].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Labs in the grid: those some student has opened (a course has more labs than a session uses). */
  gridLabs(): LabInfo[] {
    const touched = new Set<string>();
    for (const s of this.students.values()) for (const id of Object.keys(s.labs)) touched.add(id);
    return this.allLabs().filter((l) => touched.has(l.id));
  }

  apply(m: InstructorMessage): void {
    switch (m.type) {
      case 'snapshot':
        this.load(m.snapshot);
        this.emit({ kind: 'all' });
        return;
      case 'student': {
        this.offset = m.now - Date.now();
        const known = this.gridLabs()
          .map((l) => l.id)
          .join();
        this.students.set(m.student.id, m.student);
        this.emit(
          this.gridLabs()
            .map((l) => l.id)
            .join() === known
            ? { kind: 'student', id: m.student.id }
            : { kind: 'all' },
        );
        return;
      }
      case 'labs':
        this.labs = [...m.labs];
        this.emit({ kind: 'all' });
        return;
      case 'control':
        if (m.control.kind === 'lock') {
          this.locks = { ...this.locks, [m.control.lab]: { locked: m.control.locked, message: m.control.message } };
          this.emit({ kind: 'locks' });
        } else if (m.control.kind === 'broadcast') {
          this.broadcasts = [...this.broadcasts, m.control].slice(-20);
          this.emit({ kind: 'broadcast' });
        }
        return;
    }
  }
}
