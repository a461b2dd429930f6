/**
 * Validation of everything a client sends. Each checker rebuilds the value
 * from the fields it knows, so nothing unexpected is stored.
 */
import type { ActivityEvent, LabActivity } from '../stores/activity.ts';
import type { InputEntry } from '../lab/session.ts';
import { LIMITS, type EventsBody, type WireEvent } from './protocol.ts';

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

class Invalid extends Error {}

const fail = (message: string): never => {
  throw new Invalid(message);
};

function run<T>(fn: () => T): Checked<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, message: e.message };
    throw e;
  }
}

type Obj = Record<string, unknown>;

function object(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${what} must be an object`);
  return v as Obj;
}

function str(o: Obj, key: string, max: number, what: string, min = 0): string {
  const v = o[key];
  if (typeof v !== 'string') return fail(`${what}.${key} must be a string`);
  if (v.length < min) fail(`${what}.${key} must not be empty`);
  if (v.length > max) fail(`${what}.${key} is longer than ${max} characters`);
  return v;
}

function int(o: Obj, key: string, min: number, max: number, what: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    return fail(`${what}.${key} must be an integer from ${min} to ${max}`);
  }
  return v;
}

function time(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 8.64e15) return fail(`${what} must be a time in ms`);
  return Math.round(v);
}

const ID_PATTERN = /^[A-Za-z0-9._:-]+$/;

function ident(o: Obj, key: string, max: number, what: string): string {
  const v = str(o, key, max, what, 1);
  if (!ID_PATTERN.test(v)) fail(`${what}.${key} may hold only letters, digits and . _ : -`);
  return v;
}

/**
 * Control characters other than tab and newline are refused in text a person
 * will read, and so are bidirectional overrides (they can make a name read as another).
 */
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

export function checkName(v: unknown): Checked<string> {
  return run(() => {
    if (typeof v !== 'string') return fail('name must be a string');
    const name = v.trim().replace(/\s+/g, ' ');
    if (name.length === 0) fail('name must not be empty');
    if (BLANK.test(name)) fail('name must have a visible character (zero-width and filler characters render as nothing)');
    if (name.length > LIMITS.name) fail(`name is longer than ${LIMITS.name} characters`);
    if (CONTROL_CHARS.test(name)) fail('name must not contain control characters');
    return name;
  });
}

/**
 * A name that renders blank: only spaces, format characters (zero-width space and joiners, BOM,
 * bidi marks), combining marks with nothing to sit on, and the fillers that draw nothing (Hangul
 * fillers, the braille blank).
 */
const BLANK = /^[\s\p{Cf}\p{Mn}\p{Me}\u115f\u1160\u3164\uffa0\u2800]*$/u;

export function checkJoin(body: unknown): Checked<{ code: string; name: string }> {
  return run(() => {
    const o = object(body, 'body');
    const code = str(o, 'code', 32, 'body', 1);
    const name = checkName(o.name);
    if (!name.ok) return fail(name.message);
    return { code, name: name.value };
  });
}

export function checkMessage(body: unknown): Checked<string> {
  return run(() => {
    const o = object(body, 'body');
    const message = str(o, 'message', LIMITS.message, 'body', 1).trim();
    if (message.length === 0) fail('body.message must not be empty');
    if (CONTROL_CHARS.test(message)) fail('body.message must not contain control characters');
    return message;
  });
}

export function checkReset(body: unknown): Checked<{ lab: string }> {
  return run(() => ({ lab: ident(object(body, 'body'), 'lab', LIMITS.labId, 'body') }));
}

export function checkLock(body: unknown): Checked<{ locked: boolean; message: string }> {
  return run(() => {
    const o = object(body, 'body');
    if (typeof o.locked !== 'boolean') fail('body.locked must be true or false');
    let message = '';
    if (o.message !== undefined) {
      message = str(o, 'message', LIMITS.message, 'body').trim();
      if (CONTROL_CHARS.test(message)) fail('body.message must not contain control characters');
    }
    return { locked: o.locked === true, message };
  });
}

export function checkLabId(v: string): boolean {
  return v.length > 0 && v.length <= LIMITS.labId && ID_PATTERN.test(v);
}

/** A field name as an error message may repeat it: the client's own text only when it is a short plain word. */
const fieldName = (key: string): string => (/^[A-Za-z0-9_$-]{1,64}$/.test(key) ? key : '[field]');

/** How deep a lab event's own fields may nest (lab events are flat records with an occasional list). */
const EVENT_DEPTH = 4;

/**
 * A copy of a lab event's field made of JSON values only, nested at most
 * EVENT_DEPTH deep (deeper values would overflow the stack when stored).
 */
function plain(v: unknown, depth: number, what: string): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
  if (depth >= EVENT_DEPTH) return fail(`${what} is nested more than ${EVENT_DEPTH} deep`);
  if (Array.isArray(v)) return v.map((x: unknown, i) => plain(x, depth + 1, `${what}[${i}]`));
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, depth + 1, `${what}.${fieldName(k)}`)]));
  return fail(`${what} is not a JSON value`);
}

function labEvents(v: unknown, what: string): ActivityEvent[] {
  if (!Array.isArray(v)) return fail(`${what}.events must be an array`);
  if (v.length > LIMITS.labEvents) fail(`${what}.events has more than ${LIMITS.labEvents} entries`);
  const out: ActivityEvent[] = [];
  for (const [i, raw] of v.entries()) {
    const e = object(raw, `${what}.events[${i}]`);
    str(e, 'type', 100, `${what}.events[${i}]`, 1);
    if (typeof e.seq !== 'number' || typeof e.time !== 'number') fail(`${what}.events[${i}] needs numeric seq and time`);
    out.push(plain(e, 0, `${what}.events[${i}]`) as ActivityEvent);
  }
  if (JSON.stringify(out).length > LIMITS.labEventsJson) fail(`${what}.events is larger than ${LIMITS.labEventsJson} bytes`);
  return out;
}

/** One input-log entry, as the lab session records it, bounded like the activities that carry its text. */
function inputEntry(v: unknown, what: string): InputEntry {
  const e = object(v, what);
  switch (e.kind) {
    case 'line': {
      if (e.recalled !== undefined && typeof e.recalled !== 'boolean') fail(`${what}.recalled must be true or false`);
      const text = str(e, 'text', LIMITS.input, what);
      return e.recalled === true ? { kind: 'line', text, recalled: true } : { kind: 'line', text };
    }
    case 'answer':
      return { kind: 'answer', objective: str(e, 'objective', LIMITS.objectiveId, what), answer: str(e, 'answer', LIMITS.answer, what) };
    case 'hint':
      return e.objective === undefined ? { kind: 'hint' } : { kind: 'hint', objective: str(e, 'objective', LIMITS.objectiveId, what) };
    case 'interrupt':
    case 'clear':
    case 'solution':
      return { kind: e.kind };
    case 'focus':
      if (e.pane !== 'console' && e.pane !== 'host') return fail(`${what}.pane must be console or host`);
      return { kind: 'focus', pane: e.pane };
    default:
      return fail(`${what}.kind must be one of line, answer, hint, interrupt, clear, focus, solution`);
  }
}

export function checkActivity(v: unknown, what: string): Checked<LabActivity> {
  return run(() => {
    const o = object(v, what);
    const base = {
      lab: ident(o, 'lab', LIMITS.labId, what),
      attempt: int(o, 'attempt', 0, 1_000_000, what),
      index: int(o, 'index', 0, 100_000_000, what),
    };
    const objective = (): string => str(o, 'objective', LIMITS.objectiveId, what);
    switch (o.kind) {
      case 'step': {
        const status = o.status;
        if (status !== null && (typeof status !== 'number' || !Number.isInteger(status))) {
          fail(`${what}.status must be an integer or null`);
        }
        return {
          ...base,
          kind: 'step',
          program: str(o, 'program', LIMITS.program, what),
          input: str(o, 'input', LIMITS.input, what),
          output: str(o, 'output', LIMITS.output, what),
          events: labEvents(o.events, what),
          status: status as number | null,
        };
      }
      case 'objective':
        return {
          ...base,
          kind: 'objective',
          objective: str(o, 'objective', LIMITS.objectiveId, what, 1),
          title: str(o, 'title', LIMITS.title, what),
          hintsTaken: int(o, 'hintsTaken', 0, 10_000, what),
        };
      case 'hint': {
        if (o.givesAway !== undefined && typeof o.givesAway !== 'boolean') fail(`${what}.givesAway must be true or false`);
        const level = int(o, 'level', 0, 100, what);
        return { ...base, kind: 'hint', objective: objective(), level, givesAway: o.givesAway === true };
      }
      case 'solution':
        return { ...base, kind: 'solution' };
      case 'input':
        return { ...base, kind: 'input', entry: inputEntry(o.entry, `${what}.entry`) };
      case 'answer':
        if (typeof o.correct !== 'boolean') fail(`${what}.correct must be true or false`);
        return {
          ...base,
          kind: 'answer',
          objective: objective(),
          answer: str(o, 'answer', LIMITS.answer, what),
          correct: o.correct === true,
        };
      case 'reset':
        return { ...base, kind: 'reset' };
      case 'open': {
        const list = o.objectives;
        if (!Array.isArray(list)) return fail(`${what}.objectives must be an array`);
        if (list.length > LIMITS.objectivesPerLab) fail(`${what}.objectives has more than ${LIMITS.objectivesPerLab} entries`);
        const objectives = list.map((raw, i) => {
          const ob = object(raw, `${what}.objectives[${i}]`);
          return {
            id: str(ob, 'id', LIMITS.objectiveId, `${what}.objectives[${i}]`, 1),
            title: str(ob, 'title', LIMITS.title, `${what}.objectives[${i}]`),
          };
        });
        return {
          ...base,
          kind: 'open',
          done: int(o, 'done', 0, LIMITS.objectivesPerLab, what),
          total: int(o, 'total', 0, LIMITS.objectivesPerLab, what),
          objectives,
        };
      }
      default:
        return fail(`${what}.kind must be one of step, objective, hint, solution, input, answer, reset, open`);
    }
  });
}

export function checkEvents(body: unknown): Checked<EventsBody> {
  return run(() => {
    const o = object(body, 'body');
    if (!Array.isArray(o.events)) return fail('body.events must be an array');
    if (o.events.length > LIMITS.eventsPerRequest) fail(`body.events has more than ${LIMITS.eventsPerRequest} entries`);
    const events: WireEvent[] = [];
    const seen = new Set<string>();
    for (const [i, raw] of o.events.entries()) {
      const what = `events[${i}]`;
      const e = object(raw, what);
      const id = str(e, 'id', LIMITS.eventId, what, 1);
      const at = time(e.at, `${what}.at`);
      const activity = checkActivity(e.activity, `${what}.activity`);
      if (!activity.ok) return fail(activity.message);
      if (seen.has(id)) continue;
      seen.add(id);
      events.push({ id, at, activity: activity.value });
    }
    const out: { events: WireEvent[]; sentAt?: number; studentId?: string } = { events };
    if (o.sentAt !== undefined) out.sentAt = time(o.sentAt, 'body.sentAt');
    if (o.studentId !== undefined) out.studentId = str(o, 'studentId', 64, 'body', 1);
    return out;
  });
}
