/**
 * One lab's input log as the browser stores it. The log is the truth (a reload without a
 * usable checkpoint replays it, and the classroom's server replays it from its first entry),
 * so all of it is kept, but a change never rewrites all of it: the log is cut into sealed
 * chunks of LOG_CHUNK entries, each written once when it fills, and the record written after
 * every change holds only the entries after the last sealed chunk. Every stored shape is
 * checked when read: what cannot be read is left out and said, never thrown.
 *
 * Record (key `recordKey`): { v: 2, attempt, sealed, hash, log } - `sealed` chunks come before
 * `log`; `hash` is the LogPrinter hash of the sealed entries (a reload checks a checkpoint's
 * print from there instead of hashing the whole log).
 * Chunk i (key `chunkKey(lab, i)`): { v: 2, attempt, at: i * LOG_CHUNK, log } - LOG_CHUNK entries.
 * Older pages stored { v: 1, attempt, log } with the whole log in the record: still read.
 */
import type { InputEntry } from '../lab/session.ts';
import { LogPrinter, recordKey, tryRead, tryRemove, tryWrite } from './lab-storage.ts';

/** A lab's saved work as one whole log (also the shape a damaged record is kept aside in). */
export interface LabRecord {
  readonly v: 1;
  /** Resets so far (0 before the first). */
  readonly attempt: number;
  readonly log: readonly InputEntry[];
}

export const EMPTY_RECORD: LabRecord = { v: 1, attempt: 0, log: [] };

/** Entries in one sealed chunk of the stored log. */
export const LOG_CHUNK = 200;

/** More sealed chunks than this is not a record this page wrote (a million entries). */
const MAX_CHUNKS = 5000;

export const chunkKey = (lab: string, i: number) => `ntlab:lab:${lab}:log:${i}`;

/** What reading a stored record found. */
export interface ReadRecord {
  readonly record: LabRecord;
  /** 'ok': as stored (or nothing stored); 'salvaged': some entries were damaged and left out; 'lost': nothing could be read. */
  readonly state: 'ok' | 'salvaged' | 'lost';
  /** Entries left out as damaged. */
  readonly dropped: number;
  /** The stored form: 1 for a whole log in one record (written before chunks), 2 for today's (or nothing stored). */
  readonly version: 1 | 2;
  /** Sealed chunks the stored record has (0 for a record stored whole). */
  readonly sealed: number;
  /** The record's word for the LogPrinter hash of its sealed entries (null: none given, or not 'ok'). */
  readonly hash: number | null;
  /** When not 'ok': the record as stored, to keep aside (one whole-log record, every entry as it was). */
  readonly aside: string | null;
}

export function isEntry(e: unknown): e is InputEntry {
  if (typeof e !== 'object' || e === null) return false;
  const r = e as Record<string, unknown>;
  switch (r.kind) {
    case 'line':
      return typeof r.text === 'string' && (r.recalled === undefined || typeof r.recalled === 'boolean');
    case 'answer':
      return typeof r.objective === 'string' && typeof r.answer === 'string';
    case 'hint':
      return r.objective === undefined || typeof r.objective === 'string';
    case 'interrupt':
    case 'clear':
    case 'solution':
      return true;
    case 'focus':
      return r.pane === 'console' || r.pane === 'host';
    default:
      return false;
  }
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

function parse(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Chunk `i`'s entries as stored (each still to be checked), or null when it is missing or not chunk `i` of this attempt. */
function chunkEntries(raw: string | null, attempt: number, i: number): unknown[] | null {
  const c = raw === null ? null : parse(raw);
  if (c?.v !== 2 || c.attempt !== attempt || c.at !== i * LOG_CHUNK || !Array.isArray(c.log) || c.log.length !== LOG_CHUNK) return null;
  return c.log as unknown[];
}

/**
 * Read a stored record (`raw`, and its sealed chunks through `chunk`), keeping every intact
 * entry of a damaged one. A missing or damaged chunk loses its LOG_CHUNK entries; the rest stays.
 */
export function readRecord(raw: string | null, chunk: (i: number) => string | null = () => null): ReadRecord {
  const none = (state: 'ok' | 'lost'): ReadRecord => ({
    record: EMPTY_RECORD,
    state,
    dropped: 0,
    version: 2,
    sealed: 0,
    hash: null,
    aside: state === 'lost' ? raw : null,
  });
  if (raw === null) return none('ok');
  const r = parse(raw);
  if (!r || !Array.isArray(r.log)) return none('lost');
  const attemptOk = isCount(r.attempt);
  const attempt = attemptOk ? (r.attempt as number) : 0;
  const version = r.v === 2 ? 2 : 1;
  let stored: unknown[] = r.log as unknown[];
  let dropped = 0;
  if (version === 2) {
    if (!isCount(r.sealed) || r.sealed > MAX_CHUNKS) return none('lost');
    stored = [];
    for (let i = 0; i < r.sealed; i++) {
      const entries = chunkEntries(chunk(i), attempt, i);
      if (entries) stored.push(...entries);
      else dropped += LOG_CHUNK;
    }
    stored.push(...(r.log as unknown[]));
  }
  const log = stored.filter(isEntry);
  dropped += stored.length - log.length;
  const record: LabRecord = { v: 1, attempt, log };
  if ((r.v === 1 || r.v === 2) && attemptOk && dropped === 0) {
    const hash = version === 2 && isCount(r.hash) && r.hash <= 0xffffffff ? r.hash : null;
    return { record, state: 'ok', dropped: 0, version, sealed: version === 2 ? (r.sealed as number) : 0, hash, aside: null };
  }
  const aside = version === 1 ? raw : JSON.stringify({ v: 1, attempt, log: stored });
  return { record, state: log.length > 0 ? 'salvaged' : 'lost', dropped, version, sealed: 0, hash: null, aside };
}

/** The stored texts of a whole log: its sealed chunks, in order, and the record after them. */
export function recordTexts(attempt: number, log: readonly InputEntry[]): { record: string; chunks: string[] } {
  const sealed = Math.floor(log.length / LOG_CHUNK);
  const chunks = Array.from({ length: sealed }, (_, i) => chunkText(attempt, log, i));
  return { record: recordText(attempt, log, sealed, new LogPrinter().hash(log, sealed * LOG_CHUNK)), chunks };
}

const chunkText = (attempt: number, log: readonly InputEntry[], i: number) =>
  JSON.stringify({ v: 2, attempt, at: i * LOG_CHUNK, log: log.slice(i * LOG_CHUNK, (i + 1) * LOG_CHUNK) });

const recordText = (attempt: number, log: readonly InputEntry[], sealed: number, hash: number) =>
  JSON.stringify({ v: 2, attempt, sealed, hash, log: log.slice(sealed * LOG_CHUNK) });

/**
 * Stores one lab's log after each change: the chunks sealed since its last write, then the
 * record. What it writes per change is bounded by LOG_CHUNK entries, however long the log.
 */
export class RecordWriter {
  private readonly storage: Storage | null;
  private readonly lab: string;
  private readonly printer: LogPrinter;
  /** Chunks of `attempt` this writer has stored (-1: none known, the next write stores all). */
  private sealed = -1;
  private attempt = 0;

  /** `printer`: the page's (it hashes each entry once for the record and the checkpoints alike). */
  constructor(storage: Storage | null, lab: string, printer = new LogPrinter()) {
    this.storage = storage;
    this.lab = lab;
    this.printer = printer;
  }

  /** The next write stores every chunk again (a restored log may differ in them). */
  forget(): void {
    this.sealed = -1;
    this.printer.forget();
  }

  /**
   * Storage holds the log read (`read` is 'ok'): the next write goes on from its chunks, and
   * its sealed entries' hash is taken as given.
   */
  know(read: ReadRecord): void {
    this.attempt = read.record.attempt;
    this.sealed = read.sealed;
    if (read.hash !== null) this.printer.trust(read.sealed * LOG_CHUNK, read.hash);
  }

  /**
   * Store `log` of `attempt`: the record's text, and whether the browser took every write
   * (when not, what was written stays, and a later write goes on from there).
   */
  write(attempt: number, log: readonly InputEntry[]): { text: string; ok: boolean } {
    const sealed = Math.floor(log.length / LOG_CHUNK);
    if (this.sealed < 0 || attempt !== this.attempt || sealed < this.sealed) {
      // A log of its own: what is stored beyond it goes (the chunks of a longer or older log).
      this.removeFrom(sealed);
      this.sealed = 0;
      this.attempt = attempt;
    }
    const text = recordText(attempt, log, sealed, this.printer.hash(log, sealed * LOG_CHUNK));
    for (let i = this.sealed; i < sealed; i++) {
      if (!tryWrite(this.storage, chunkKey(this.lab, i), chunkText(attempt, log, i))) return { text, ok: false };
      this.sealed = i + 1;
    }
    return { text, ok: tryWrite(this.storage, recordKey(this.lab), text) };
  }

  /** Remove stored chunks `from` on (as many as the stored record says it has, or this writer wrote). */
  private removeFrom(from: number): void {
    const stored = parse(tryRead(this.storage, recordKey(this.lab)) ?? '');
    const count = Math.max(stored && isCount(stored.sealed) ? Math.min(stored.sealed, MAX_CHUNKS) : 0, this.sealed);
    for (let i = from; i < count; i++) tryRemove(this.storage, chunkKey(this.lab, i));
  }
}
