/**
 * A damaged outbox (a half-written value, a stray byte, an entry of the wrong
 * shape) keeps every entry that is still intact instead of being dropped whole.
 */
import type { WireEvent } from '../server/protocol.ts';

function isEvent(v: unknown): v is WireEvent {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  const a = e.activity as Record<string, unknown> | null;
  return typeof e.id === 'string' && typeof e.at === 'number' && typeof a === 'object' && a !== null && typeof a.kind === 'string' && typeof a.lab === 'string';
}

/** The balanced `{…}` that starts at `start`, found by brace matching outside strings, or null. */
function spanAt(text: string, start: number): string | null {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return null;
}

/**
 * Every intact event in `text`: each stored event starts with its id, so matching restarts at
 * every '{"id":' and a damaged entry (a lost quote flips what is inside a string) spoils only itself.
 */
function intactEvents(text: string): WireEvent[] {
  const events: WireEvent[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf('{"id":', from);
    if (at < 0) return events;
    const span = spanAt(text, at);
    let parsed: unknown = null;
    try {
      parsed = span === null ? null : JSON.parse(span);
    } catch {
      parsed = null;
    }
    if (span !== null && isEvent(parsed)) {
      events.push(parsed);
      from = at + span.length;
    } else {
      from = at + 1;
    }
  }
}

/** The intact events of a stored outbox text (all of them when it is whole). */
export function salvageOutbox(text: string): { events: WireEvent[]; damaged: boolean } {
  try {
    const list: unknown = JSON.parse(text);
    if (Array.isArray(list)) {
      const events = list.filter(isEvent);
      return { events, damaged: events.length !== list.length };
    }
  } catch {
    // Fall through: pick out what still parses.
  }
  return { events: intactEvents(text), damaged: true };
}
