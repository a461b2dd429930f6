/**
 * Text for structured data that JSON cannot hold: bigints, Maps, Sets, byte arrays and
 * `undefined` in arrays. Session checkpoints go through it on their way to storage.
 * Tagged values are one-key objects whose key starts with '$'; a plain object with such
 * a key is wrapped, so every value comes back as it went in.
 */
import type { LabEvent } from '../base/events.ts';
import type { SessionCheckpoint } from './session.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function toJson(value: unknown): Json {
  switch (typeof value) {
    case 'bigint':
      return { $n: value.toString() };
    case 'number':
      return Number.isFinite(value) ? value : { $f: String(value) };
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
      return { $u: 0 };
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return value.map(toJson);
      if (value instanceof Map) return { $m: [...value].map(([k, v]) => [toJson(k), toJson(v)]) };
      if (value instanceof Set) return { $s: [...value].map(toJson) };
      if (value instanceof Uint8Array) return { $b: Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('') };
      const out: { [key: string]: Json } = {};
      let tagged = false;
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        if (k.startsWith('$')) tagged = true;
        out[k] = toJson(v);
      }
      return tagged ? { $o: out } : out;
    }
    default:
      throw new Error(`cannot store a ${typeof value}`);
  }
}

function fromJson(value: Json): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(fromJson);
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0].startsWith('$')) {
    const inner = value[keys[0]];
    switch (keys[0]) {
      case '$n':
        return BigInt(String(inner));
      case '$f':
        return Number(inner);
      case '$u':
        return undefined;
      case '$m':
        return new Map((inner as Json[][]).map(([k, v]) => [fromJson(k), fromJson(v)]));
      case '$s':
        return new Set((inner as Json[]).map(fromJson));
      case '$b': {
        const hex = String(inner);
        const bytes = new Uint8Array(hex.length / 2);
        for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
        return bytes;
      }
      case '$o':
        return plain(inner as { [key: string]: Json });
      default:
        throw new Error(`unknown tag ${keys[0]}`);
    }
  }
  return plain(value);
}

function plain(value: { [key: string]: Json }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // Own data properties only: a stored '__proto__' key must not reach the prototype.
    Object.defineProperty(out, k, { value: fromJson(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Structured data as text. Throws on functions and symbols. */
export function encodeData(value: unknown): string {
  return JSON.stringify(toJson(value));
}

/** Back from `encodeData`'s text. Throws on text it did not write. */
export function decodeData(text: string): unknown {
  return fromJson(JSON.parse(text) as Json);
}

/**
 * A session checkpoint as text. The events are the bulk of a long session's checkpoint and
 * are plain data as a rule, so they go as JSON when they can (much faster than the tagged
 * form); everything else, and events that hold a bigint, goes through the tagged form.
 */
export function encodeCheckpoint(cp: SessionCheckpoint): string {
  const { events, ...rest } = cp;
  let plainEvents: string | null = null;
  try {
    plainEvents = JSON.stringify(events);
  } catch {
    plainEvents = null;
  }
  return `{"rest":${encodeData(rest)},"events":${plainEvents ?? JSON.stringify(encodeData(events))}}`;
}

/** Back from `encodeCheckpoint`, or null when the text is not a checkpoint of lab `lab`. */
export function decodeCheckpoint(text: string, lab: string): SessionCheckpoint | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return checkpointFrom(value, lab);
}

/** Back from `encodeCheckpoint`'s text parsed as JSON, or null when it is not a checkpoint of lab `lab`. */
export function checkpointFrom(value: unknown, lab: string): SessionCheckpoint | null {
  try {
    if (typeof value !== 'object' || value === null) return null;
    const raw = value as { rest?: unknown; events?: unknown };
    const events = typeof raw.events === 'string' ? decodeData(raw.events) : raw.events;
    const cp = fromJson(raw.rest as Json) as Record<string, unknown> | null;
    if (!cp || typeof cp !== 'object' || cp.v !== 1 || cp.lab !== lab || !Array.isArray(events)) return null;
    if (typeof cp.seed !== 'number' || typeof cp.entries !== 'number' || typeof cp.screen !== 'string') return null;
    if (typeof cp.machine !== 'object' || cp.machine === null || !Array.isArray(cp.programs)) return null;
    if ((cp.pane !== 'console' && cp.pane !== 'host') || typeof cp.hostScreen !== 'string') return null;
    const grader = cp.grader as { metAt?: unknown; why?: unknown } | null;
    if (!grader || !Array.isArray(grader.metAt) || !Array.isArray(grader.why)) return null;
    return { ...cp, events, host: cp.host ?? null } as unknown as SessionCheckpoint;
  } catch {
    return null;
  }
}

/**
 * Encodes checkpoints of one session again and again (a page checkpoints every few lines):
 * events are append-only, so the JSON of those already encoded is kept and only new events
 * are encoded, making each checkpoint's cost independent of the session's length apart from
 * the machine's state. Same text as `encodeCheckpoint`.
 */
export class CheckpointWriter {
  private eventsText = '';
  private count = 0;
  private last: LabEvent | null = null;

  encode(cp: SessionCheckpoint): string {
    const events = cp.events;
    // A log that was cut or replaced (a restore, a re-run from a stop) starts the cache over.
    if (this.count > events.length || (this.count > 0 && events[this.count - 1] !== this.last)) {
      this.eventsText = '';
      this.count = 0;
    }
    try {
      const parts: string[] = [];
      for (let i = this.count; i < events.length; i++) parts.push(JSON.stringify(events[i]));
      if (parts.length > 0) this.eventsText += (this.count > 0 ? ',' : '') + parts.join(',');
    } catch {
      this.eventsText = '';
      this.count = 0;
      this.last = null;
      return encodeCheckpoint(cp);
    }
    this.count = events.length;
    this.last = events.length > 0 ? events[events.length - 1] : null;
    const { events: _, ...rest } = cp;
    return `{"rest":${encodeData(rest)},"events":[${this.eventsText}]}`;
  }
}
