/**
 * One lab's saved work in the browser: the input log (the truth), a checkpoint that makes
 * a reload fast, and a copy set aside when a stored record was damaged. Every read is
 * checked for shape; every write may fail (storage full or blocked) and says so instead
 * of throwing, so a lab keeps working whatever the browser's storage does.
 */
import type { InputEntry } from '../lab/session.ts';

export interface LabRecord {
  readonly v: 1;
  /** Resets so far (0 before the first). */
  readonly attempt: number;
  readonly log: readonly InputEntry[];
}

export const EMPTY_RECORD: LabRecord = { v: 1, attempt: 0, log: [] };

/** Log entries between checkpoints: a reload replays fewer than this many lines. */
export const CHECKPOINT_EVERY = 20;

/** What reading a stored record found. */
export interface ReadRecord {
  readonly record: LabRecord;
  /** 'ok': as stored (or nothing stored); 'salvaged': some entries were damaged and left out; 'lost': nothing could be read. */
  readonly state: 'ok' | 'salvaged' | 'lost';
  /** Entries left out as damaged. */
  readonly dropped: number;
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

/** Read a stored record's text, keeping every intact entry of a damaged one. */
export function readRecord(raw: string | null): ReadRecord {
  if (raw === null) return { record: EMPTY_RECORD, state: 'ok', dropped: 0 };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { record: EMPTY_RECORD, state: 'lost', dropped: 0 };
  }
  const r = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const log = Array.isArray(r.log) ? (r.log as unknown[]) : null;
  const attemptOk = typeof r.attempt === 'number' && Number.isInteger(r.attempt) && r.attempt >= 0;
  if (!log) return { record: EMPTY_RECORD, state: 'lost', dropped: 0 };
  const kept = log.filter(isEntry);
  const record: LabRecord = { v: 1, attempt: attemptOk ? (r.attempt as number) : 0, log: kept };
  const intact = r.v === 1 && attemptOk && kept.length === log.length;
  if (intact) return { record, state: 'ok', dropped: 0 };
  return { record, state: kept.length > 0 ? 'salvaged' : 'lost', dropped: log.length - kept.length };
}

/** localStorage, or null where the browser blocks it (reading the property can throw). */
export function browserStorage(): Storage | null {
  try {
    const s = globalThis.localStorage;
    return s ?? null;
  } catch {
    return null;
  }
}

export const recordKey = (lab: string) => `ntlab:lab:${lab}`;
/** The damaged record as it was stored, until the student restores or discards it. */
export const asideKey = (lab: string) => `ntlab:lab:${lab}:corrupt`;
export const checkpointKey = (lab: string) => `ntlab:lab:${lab}:checkpoint`;

/** A stored checkpoint: which record it belongs to, and the checkpoint's text (maybe compressed). */
export interface StoredCheckpoint {
  readonly v: 1;
  readonly attempt: number;
  /** Log entries it covers. */
  readonly entries: number;
  /** A fingerprint of those entries: a checkpoint of another log is not used. */
  readonly print: string;
  /** 'gzip' (base64 of gzip) or 'json' (the text as is). */
  readonly form: 'gzip' | 'json';
  readonly text: string;
}

/** FNV-1a of the first `n` entries' JSON: cheap, and enough to tell logs apart. */
export function logPrint(log: readonly InputEntry[], n: number): string {
  const text = JSON.stringify(log.slice(0, n));
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${n}:${h.toString(16)}`;
}

export function readStoredCheckpoint(raw: string | null): StoredCheckpoint | 'damaged' | null {
  if (raw === null) return null;
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    if (v.v !== 1 || typeof v.attempt !== 'number' || typeof v.entries !== 'number' || typeof v.print !== 'string') return 'damaged';
    if ((v.form !== 'gzip' && v.form !== 'json') || typeof v.text !== 'string') return 'damaged';
    return v as unknown as StoredCheckpoint;
  } catch {
    return 'damaged';
  }
}

/** gzip + base64 where the browser can (CompressionStream), else the text as is. */
export async function packText(text: string): Promise<{ form: 'gzip' | 'json'; text: string }> {
  if (typeof CompressionStream !== 'function') return { form: 'json', text };
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { form: 'gzip', text: btoa(binary) };
}

export async function unpackText(form: 'gzip' | 'json', text: string): Promise<string> {
  if (form === 'json') return text;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

/** Write `value` under `key`; false when the browser refuses (full, blocked). */
export function tryWrite(storage: Storage | null, key: string, value: string): boolean {
  if (!storage) return false;
  try {
    storage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

export function tryRead(storage: Storage | null, key: string): string | null {
  if (!storage) return null;
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

export function tryRemove(storage: Storage | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // nothing to do: the key stays
  }
}

/** A stored checkpoint's text, its unpacking begun ahead of the engine (see `unpackAhead`). */
export interface UnpackedAhead {
  /** The checkpoint record as stored when unpacking began (it is used only if storage still holds it). */
  readonly raw: string;
  readonly text: Promise<string>;
}

/**
 * Begin unpacking lab `lab`'s stored checkpoint now (decompression is asynchronous: it then
 * overlaps the engine's download instead of following it). Null when there is none to unpack.
 */
export function unpackAhead(lab: string): UnpackedAhead | null {
  const raw = tryRead(browserStorage(), checkpointKey(lab));
  const stored = readStoredCheckpoint(raw);
  if (raw === null || stored === null || stored === 'damaged') return null;
  const text = unpackText(stored.form, stored.text);
  // A failure is handled where the text is used (the checkpoint is then set aside).
  text.catch(() => undefined);
  return { raw, text };
}
