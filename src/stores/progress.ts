/**
 * What a browser remembers of a student's work, in localStorage (via
 * nanostores/persistent). Per lab, the input log is the truth: the lab's state
 * is rebuilt by replaying it. A summary for completion ticks lives apart
 * under 'ntlab:progress' so pages without a lab can read it without the engine.
 */
import { persistentAtom } from '@nanostores/persistent';
import type { WritableAtom } from 'nanostores';
import type { InputEntry } from '../lab/session.ts';

export interface LabRecord {
  readonly v: 1;
  /** Resets so far (0 before the first). */
  readonly attempt: number;
  readonly log: readonly InputEntry[];
}

export interface ProgressSummary {
  labs: Record<string, { done: number; total: number }>;
  lessons: Record<string, boolean>;
}

export const PROGRESS_KEY = 'ntlab:progress';
export const PROGRESS_EVENT = 'ntlab:progress';
const EMPTY: LabRecord = { v: 1, attempt: 0, log: [] };

function isEntry(e: unknown): e is InputEntry {
  if (typeof e !== 'object' || e === null) return false;
  const r = e as Record<string, unknown>;
  switch (r.kind) {
    case 'line':
      return typeof r.text === 'string';
    case 'answer':
      return typeof r.objective === 'string' && typeof r.answer === 'string';
    case 'hint':
      return r.objective === undefined || typeof r.objective === 'string';
    case 'interrupt':
    case 'clear':
    case 'solution':
      return true;
    default:
      return false;
  }
}

/** Parse a stored record; anything malformed yields null (the caller keeps the raw text aside). */
export function decodeLabRecord(raw: string): LabRecord | null {
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    if (value.v !== 1 || !Array.isArray(value.log) || typeof value.attempt !== 'number') return null;
    if (!value.log.every(isEntry)) return null;
    return { v: 1, attempt: value.attempt, log: value.log };
  } catch {
    return null;
  }
}

const stores = new Map<string, WritableAtom<LabRecord>>();

/** The persisted record of one lab. A corrupt stored value is kept under '<key>:corrupt' and replaced. */
export function labRecord(id: string): WritableAtom<LabRecord> {
  let store = stores.get(id);
  if (!store) {
    const key = `ntlab:lab:${id}`;
    store = persistentAtom<LabRecord>(key, EMPTY, {
      encode: JSON.stringify,
      decode: (raw) => {
        const record = decodeLabRecord(raw);
        if (record) return record;
        try {
          localStorage.setItem(`${key}:corrupt`, raw);
        } catch {
          // storage full or unavailable: nothing more we can keep
        }
        return EMPTY;
      },
    });
    stores.set(id, store);
  }
  return store;
}

export function readSummary(): ProgressSummary {
  try {
    const raw = localStorage.getItem(PROGRESS_KEY);
    const value = raw ? (JSON.parse(raw) as Partial<ProgressSummary>) : {};
    return { labs: value.labs ?? {}, lessons: value.lessons ?? {} };
  } catch {
    return { labs: {}, lessons: {} };
  }
}

/** Record a lab's score for the completion ticks and tell the page. */
export function recordLabScore(id: string, done: number, total: number): void {
  const summary = readSummary();
  const old = summary.labs[id];
  if (old && old.done === done && old.total === total) return;
  summary.labs[id] = { done, total };
  try {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify(summary));
  } catch {
    // storage unavailable: ticks just won't persist
  }
  window.dispatchEvent(new CustomEvent(PROGRESS_EVENT, { detail: summary }));
}
