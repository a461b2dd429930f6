/**
 * Text for structured data that JSON cannot hold: bigints, Maps, Sets, byte arrays and
 * `undefined` in arrays. Session checkpoints go through it on their way to storage.
 * Tagged values are one-key objects whose key starts with '$'; a plain object with such
 * a key is wrapped, so every value comes back as it went in.
 */
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
 * A session checkpoint as text. The machine's state and the events are plain data by
 * contract (JSON as is, which is fast for the bulk of a checkpoint); the programs' and the
 * grader's state go through the tagged form above (the debugger keeps bigints).
 */
export function encodeCheckpoint(cp: SessionCheckpoint): string {
  const { programs, grader, ...plainParts } = cp;
  return JSON.stringify({ ...plainParts, tagged: encodeData({ programs, grader }) });
}

/** Back from `encodeCheckpoint`, or null when the text is not a checkpoint of lab `lab`. */
export function decodeCheckpoint(text: string, lab: string): SessionCheckpoint | null {
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    if (typeof raw !== 'object' || raw === null || raw.v !== 1 || raw.lab !== lab) return null;
    if (typeof raw.seed !== 'number' || typeof raw.entries !== 'number' || typeof raw.screen !== 'string') return null;
    if (!Array.isArray(raw.events) || typeof raw.machine !== 'object' || raw.machine === null || typeof raw.tagged !== 'string') return null;
    const tagged = decodeData(raw.tagged) as { programs?: unknown; grader?: { metAt?: unknown; why?: unknown } } | null;
    if (!tagged || !Array.isArray(tagged.programs) || !Array.isArray(tagged.grader?.metAt) || !Array.isArray(tagged.grader?.why)) return null;
    const { tagged: _, ...rest } = raw;
    return { ...rest, programs: tagged.programs, grader: tagged.grader } as unknown as SessionCheckpoint;
  } catch {
    return null;
  }
}
