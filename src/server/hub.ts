/**
 * Who is listening: the instructor dashboards and the students' control
 * streams (server-sent events). Student summaries are coalesced so a burst of
 * events sends one update per student.
 */
import type { InstructorMessage, StudentMessage } from './protocol.ts';

export type Send<T> = (message: T) => void;

export class Hub {
  private readonly instructors = new Set<Send<InstructorMessage>>();
  private readonly students = new Map<string, Set<Send<StudentMessage>>>();
  private readonly dirty = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly summarize: (studentId: string) => InstructorMessage | undefined;
  private readonly delayMs: number;

  constructor(summarize: (studentId: string) => InstructorMessage | undefined, delayMs = 200) {
    this.summarize = summarize;
    this.delayMs = delayMs;
  }

  addInstructor(send: Send<InstructorMessage>): () => void {
    this.instructors.add(send);
    return () => this.instructors.delete(send);
  }

  /** Returns a function that removes the listener; `onChange` runs when the student goes on- or offline. */
  addStudent(id: string, send: Send<StudentMessage>): () => void {
    let set = this.students.get(id);
    if (!set) {
      set = new Set();
      this.students.set(id, set);
    }
    set.add(send);
    if (set.size === 1) this.studentChanged(id);
    return () => {
      const s = this.students.get(id);
      if (!s) return;
      s.delete(send);
      if (s.size === 0) {
        this.students.delete(id);
        this.studentChanged(id);
      }
    };
  }

  /** How many control streams a student has open (one per open page). */
  streamsOf(id: string): number {
    return this.students.get(id)?.size ?? 0;
  }

  isOnline(id: string): boolean {
    return (this.students.get(id)?.size ?? 0) > 0;
  }

  toInstructors(message: InstructorMessage): void {
    for (const send of this.instructors) send(message);
  }

  toStudent(id: string, message: StudentMessage): void {
    for (const send of this.students.get(id) ?? []) send(message);
  }

  toAllStudents(message: StudentMessage): void {
    for (const set of this.students.values()) for (const send of set) send(message);
  }

  /** Queue a summary update for the dashboards. */
  studentChanged(id: string): void {
    this.dirty.add(id);
    if (this.timer === null) this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  private flush(): void {
    this.timer = null;
    const ids = [...this.dirty];
    this.dirty.clear();
    if (this.instructors.size === 0) return;
    for (const id of ids) {
      const message = this.summarize(id);
      if (message) this.toInstructors(message);
    }
  }

  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
