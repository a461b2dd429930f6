/**
 * One lab's saved work in the browser: the input log (the truth, see lab-record.ts), the two
 * latest checkpoints that make a reload fast, and a copy set aside when a stored record was
 * damaged. Every read is checked for shape; every write may fail (storage full or blocked)
 * and says so instead of throwing, so a lab keeps working whatever the browser's storage does.
 */
import { decodeCheckpoint } from '../lab/codec.ts';
import type { InputEntry, SessionCheckpoint } from '../lab/session.ts';

/**
 * A checkpoint is taken when the page is idle after a change: CHECKPOINT_DELAY after the last,
 * or at once when this many entries are not covered yet (lines pasted or recalled in a burst),
 * so a reload replays a line or so. A checkpoint cannot always be taken (a program that cannot
 * save its state, a host debugger stopped): the next change tries again.
 */
export const CHECKPOINT_EVERY = 2;

/** Quiet time after a change before a checkpoint is taken (ms), unless CHECKPOINT_EVERY entries wait. */
export const CHECKPOINT_DELAY = 400;

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
/**
 * The two checkpoint slots: a new checkpoint replaces the older of the two, so when the latest
 * cannot be read the one before it (a few entries older) still spares a replay of the whole log.
 */
export const checkpointKeys = (lab: string): readonly string[] => [`ntlab:lab:${lab}:checkpoint`, `ntlab:lab:${lab}:checkpoint:1`];

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
  return new LogPrinter().print(log, n);
}

function fnv(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const START = fnv(0x811c9dc5, '[');

/**
 * `logPrint` of a log that grows: each entry is hashed once, so a print costs the entries
 * added since the last, not the whole log. The hash runs over the text `JSON.stringify`
 * gives the prefix ('[' entry ',' entry ... ']'); a log whose entries are other objects
 * than those hashed is hashed again from the first that differs. A stored log's sealed part
 * comes with its hash (see lab-record.ts), which it can be told to `trust`.
 */
export class LogPrinter {
  /** Entries before `base` are taken as hashed (see `trust`), not compared. */
  private base = 0;
  /** hashes[i]: the hash of '[' and the first base + i entries (comma-separated), before the closing ']'. */
  private hashes: number[] = [START];
  /** The entries hashed after `base` (a log of other objects is hashed again). */
  private seen: InputEntry[] = [];

  /** The first `n` entries of the logs to come hash to `hash` (what `hash` gave for them). */
  trust(n: number, hash: number): void {
    this.base = n;
    this.hashes = [hash];
    this.seen = [];
  }

  /** Trust nothing (the log is another one). */
  forget(): void {
    this.trust(0, START);
  }

  /** The running hash of the first `n` entries (before the closing ']'). */
  hash(log: readonly InputEntry[], n: number): number {
    if (n < this.base) this.forget();
    const base = this.base;
    let same = base;
    const known = Math.min(base + this.seen.length, n);
    while (same < known && this.seen[same - base] === log[same]) same++;
    this.seen.length = same - base;
    this.hashes.length = same - base + 1;
    for (let i = same; i < n; i++) {
      this.hashes.push(fnv(this.hashes[i - base], (i > 0 ? ',' : '') + JSON.stringify(log[i])));
      this.seen.push(log[i]);
    }
    return this.hashes[n - base];
  }

  print(log: readonly InputEntry[], n: number): string {
    return `${n}:${fnv(this.hash(log, n), ']').toString(16)}`;
  }
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

/** A stored checkpoint, unpacked and decoded ahead of the engine (see `unpackAhead`). */
export interface UnpackedAhead {
  /** The checkpoint record as stored when unpacking began (it is used only if storage still holds it). */
  readonly raw: string;
  /** The checkpoint (null: its text is not a checkpoint of the lab). */
  readonly checkpoint: Promise<SessionCheckpoint | null>;
}

/** The stored checkpoints of lab `lab` that can be read, latest first, each with its stored text. */
export function storedCheckpoints(storage: Storage | null, lab: string): { key: string; raw: string; stored: StoredCheckpoint | 'damaged' }[] {
  const found: { key: string; raw: string; stored: StoredCheckpoint | 'damaged' }[] = [];
  for (const key of checkpointKeys(lab)) {
    const raw = tryRead(storage, key);
    const stored = readStoredCheckpoint(raw);
    if (raw !== null && stored !== null) found.push({ key, raw, stored });
  }
  const entries = (s: StoredCheckpoint | 'damaged') => (s === 'damaged' ? -1 : s.entries);
  return found.sort((a, b) => entries(b.stored) - entries(a.stored));
}

/**
 * Begin unpacking lab `lab`'s latest stored checkpoint now, and decode it once unpacked
 * (decompression is asynchronous: it then overlaps the engine's download instead of following
 * it, and so does the decoding where the download is the slower). Null when there is none.
 */
export function unpackAhead(lab: string): UnpackedAhead | null {
  const latest = storedCheckpoints(browserStorage(), lab)[0];
  if (!latest || latest.stored === 'damaged') return null;
  const checkpoint = unpackText(latest.stored.form, latest.stored.text).then((text) => decodeCheckpoint(text, lab));
  // A failure is handled where the checkpoint is used (it is then dropped).
  checkpoint.catch(() => undefined);
  return { raw: latest.raw, checkpoint };
}
