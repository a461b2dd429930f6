/**
 * Event ids. (lab, attempt, index, kind) identifies an activity; objectives,
 * hints and answers add the objective (several can share one input index).
 * An 'open' is per page visit, so it carries the visit's nonce.
 */
import type { LabActivity } from '../stores/activity.ts';
import { LIMITS } from '../server/protocol.ts';

function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

export function eventId(a: LabActivity, visit: string): string {
  const base = `${a.lab}:${a.attempt}:${a.index}:${a.kind}`;
  let id: string;
  switch (a.kind) {
    case 'objective':
    case 'answer':
      id = `${base}:${a.objective}`;
      break;
    case 'hint':
      id = `${base}:${a.objective}:${a.level}`;
      break;
    case 'open':
      id = `${base}:${visit}`;
      break;
    default:
      id = base;
  }
  return id.length <= LIMITS.eventId ? id : `${id.slice(0, LIMITS.eventId - 12)}~${shortHash(id)}`;
}
