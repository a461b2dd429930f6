/**
 * The classroom's database (node:sqlite, WAL). Students, their events and the
 * instructor's controls. Writes happen in transactions; an event is
 * acknowledged to a student only after the transaction holding it committed.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { LabActivity } from '../stores/activity.ts';
import type { Control, StoredEvent, StudentRecord, WireEvent } from './protocol.ts';
import { loadSqlite } from './sqlite.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS students (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  joined_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  student_id TEXT NOT NULL REFERENCES students(id),
  event_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  received INTEGER NOT NULL,
  activity TEXT NOT NULL,
  UNIQUE (student_id, event_id)
);
CREATE TABLE IF NOT EXISTS controls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  student_id TEXT,
  lab TEXT,
  message TEXT NOT NULL DEFAULT '',
  locked INTEGER,
  at INTEGER NOT NULL
);
`;

interface EventRow {
  seq: number;
  student_id: string;
  event_id: string;
  at: number;
  received: number;
  activity: string;
}

interface ControlRow {
  id: number;
  kind: string;
  student_id: string | null;
  lab: string | null;
  message: string;
  locked: number | null;
  at: number;
}

interface StudentRow {
  id: string;
  name: string;
  joined_at: number;
}

/** A batch of one student's events to insert, with times already corrected. */
export interface EventBatch {
  readonly studentId: string;
  readonly events: readonly WireEvent[];
  readonly received: number;
}

function toEvent(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    studentId: row.student_id,
    id: row.event_id,
    at: row.at,
    received: row.received,
    activity: JSON.parse(row.activity) as LabActivity,
  };
}

function toControl(row: ControlRow): Control {
  if (row.kind === 'reset') {
    return { id: row.id, kind: 'reset', studentId: row.student_id ?? '', lab: row.lab ?? '', at: row.at };
  }
  if (row.kind === 'lock') {
    return { id: row.id, kind: 'lock', lab: row.lab ?? '', locked: row.locked === 1, message: row.message, at: row.at };
  }
  return { id: row.id, kind: 'broadcast', message: row.message, at: row.at };
}

const toStudent = (row: StudentRow): StudentRecord => ({ id: row.id, name: row.name, joinedAt: row.joined_at });

/** Take group and others' access away from files a class made before this rule (the owner's stays as it is). */
function ownerOnly(files: readonly string[]): void {
  for (const f of files) {
    try {
      const mode = statSync(f).mode & 0o777;
      if ((mode & 0o077) !== 0) chmodSync(f, mode & 0o700);
    } catch {
      // Missing (no -wal yet), or not ours to change: SQLite then reports what it cannot do.
    }
  }
}

/** The classroom's own tables: a database holding other tables and not these is someone else's. */
const OWN_TABLES = ['meta', 'students', 'events', 'controls'];

/**
 * Why `file` must not be opened as a classroom database, or null when it may: a file that is
 * not SQLite, or an SQLite database with tables of its own and not the classroom's. Looked at
 * read-only, before anything in the file changes (no tables added, no switch to WAL).
 */
function notAClassroom(file: string, sqlite: Awaited<ReturnType<typeof loadSqlite>>): string | null {
  if (!existsSync(file) || statSync(file).size === 0) return null;
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') !== 'SQLite format 3\0') return 'it is not an SQLite database';
  const db = new sqlite.DatabaseSync(file, { readOnly: true });
  try {
    const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
    const tables = rows.map((r) => r.name);
    if (tables.length === 0 || OWN_TABLES.every((t) => tables.includes(t))) return null;
    return `it holds other tables (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''})`;
  } finally {
    db.close();
  }
}

export class ClassroomStore {
  private readonly db: DatabaseSync;
  private readonly insertEvent: StatementSync;
  private readonly bySecret: StatementSync;

  private constructor(db: DatabaseSync) {
    this.db = db;
    this.insertEvent = db.prepare('INSERT OR IGNORE INTO events (student_id, event_id, at, received, activity) VALUES (?, ?, ?, ?, ?)');
    this.bySecret = db.prepare('SELECT id, name, joined_at FROM students WHERE secret_hash = ?');
  }

  static async open(file: string): Promise<ClassroomStore> {
    const sqlite = await loadSqlite();
    const { DatabaseSync } = sqlite;
    if (file !== ':memory:') {
      let why: string | null;
      try {
        why = notAClassroom(file, sqlite);
      } catch (e) {
        why = `it cannot be read (${e instanceof Error ? e.message : String(e)})`;
      }
      if (why) throw new Error(`${file} is not a classroom database: ${why}. Nothing in it was changed; give --data a new file or a classroom's own.`);
    }
    let db: DatabaseSync | undefined;
    try {
      const onDisk = file !== ':memory:';
      if (onDisk) mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      // The file holds the instructor's token and everything about the students: the
      // instructor's account alone may read it. SQLite gives its -wal and -shm files the same mode.
      if (onDisk && !existsSync(file)) closeSync(openSync(file, 'a', 0o600));
      if (onDisk) ownerOnly([file, `${file}-wal`, `${file}-shm`]);
      db = new DatabaseSync(file);
      db.exec('PRAGMA journal_mode = WAL');
      // FULL: a commit is on disk before the student hears "accepted", even if the laptop loses power.
      db.exec('PRAGMA synchronous = FULL');
      db.exec('PRAGMA busy_timeout = 5000');
      db.exec('PRAGMA foreign_keys = ON');
      db.exec(SCHEMA);
      // SQLite opens a file it may not write read-only without a word; a classroom on it would
      // refuse every event. Write once now so the instructor hears it at the start instead.
      db.prepare("INSERT INTO meta (key, value) VALUES ('openedAt', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(Date.now()));
    } catch (e) {
      if (db?.isOpen) db.close();
      throw new Error(`the classroom database ${file} cannot be opened for writing (${e instanceof Error ? e.message : String(e)})`);
    }
    return new ClassroomStore(db);
  }

  meta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** The value stored under `key`, or `make()` stored now. */
  metaOr(key: string, make: () => string): string {
    const known = this.meta(key);
    if (known !== undefined) return known;
    const value = make();
    this.setMeta(key, value);
    return value;
  }

  addStudent(student: StudentRecord, secretHash: string): void {
    this.db.prepare('INSERT INTO students (id, name, secret_hash, joined_at) VALUES (?, ?, ?, ?)').run(student.id, student.name, secretHash, student.joinedAt);
  }

  studentBySecretHash(hash: string): StudentRecord | undefined {
    const row = this.bySecret.get(hash) as StudentRow | undefined;
    return row ? toStudent(row) : undefined;
  }

  students(): StudentRecord[] {
    return (this.db.prepare('SELECT id, name, joined_at FROM students ORDER BY joined_at, id').all() as unknown as StudentRow[]).map(toStudent);
  }

  studentCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM students').get() as { n: number }).n;
  }

  /**
   * Insert batches in one transaction. Returns, per batch, the events that were
   * new (a re-sent id is ignored). Throws when the transaction did not commit.
   */
  insertBatches(batches: readonly EventBatch[]): StoredEvent[][] {
    const out: StoredEvent[][] = [];
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const batch of batches) {
        const inserted: StoredEvent[] = [];
        for (const e of batch.events) {
          const res = this.insertEvent.run(batch.studentId, e.id, e.at, batch.received, JSON.stringify(e.activity));
          if (res.changes === 1) {
            inserted.push({
              seq: Number(res.lastInsertRowid),
              studentId: batch.studentId,
              id: e.id,
              at: e.at,
              received: batch.received,
              activity: e.activity,
            });
          }
        }
        out.push(inserted);
      }
      this.db.exec('COMMIT');
    } catch (e) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw e;
    }
    return out;
  }

  /** Every event in commit order. */
  *allEvents(): Generator<StoredEvent> {
    const stmt = this.db.prepare('SELECT seq, student_id, event_id, at, received, activity FROM events ORDER BY seq');
    for (const row of stmt.iterate()) yield toEvent(row as unknown as EventRow);
  }

  /** One page of a student's events after `afterSeq`, in commit order. */
  eventsAfter(studentId: string, afterSeq: number, limit = 1000): StoredEvent[] {
    const rows = this.db
      .prepare('SELECT seq, student_id, event_id, at, received, activity FROM events WHERE student_id = ? AND seq > ? ORDER BY seq LIMIT ?')
      .all(studentId, afterSeq, limit) as unknown as EventRow[];
    return rows.map(toEvent);
  }

  eventsOf(studentId: string): StoredEvent[] {
    const rows = this.db
      .prepare('SELECT seq, student_id, event_id, at, received, activity FROM events WHERE student_id = ? ORDER BY seq')
      .all(studentId) as unknown as EventRow[];
    return rows.map(toEvent);
  }

  addControl(c: Omit<ControlRow, 'id'>): Control {
    const res = this.db
      .prepare('INSERT INTO controls (kind, student_id, lab, message, locked, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(c.kind, c.student_id, c.lab, c.message, c.locked, c.at);
    return toControl({ ...c, id: Number(res.lastInsertRowid) });
  }

  controls(): Control[] {
    const rows = this.db.prepare('SELECT id, kind, student_id, lab, message, locked, at FROM controls ORDER BY id').all() as unknown as ControlRow[];
    return rows.map(toControl);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
