/**
 * The outbox: activities waiting for the server's acknowledgement, kept in
 * localStorage so a reload, a closed laptop or a dead link loses nothing.
 * Every change re-reads storage first, so tabs of the same browser share it.
 */
import { LIMITS, type WireEvent } from '../server/protocol.ts';
import { salvageOutbox } from './salvage.ts';
import { KEYS, readJson, writeJson, type KeyValue } from './storage.ts';
import { clip } from './trim.ts';

/** Room left in a request body for the envelope around the events. */
const ENVELOPE = 1024;

export class Outbox {
  private readonly store: KeyValue;
  /** Events that did not fit in storage (kept for this page's life). */
  private readonly spill: WireEvent[] = [];

  constructor(store: KeyValue) {
    this.store = store;
  }

  private stored(): WireEvent[] {
    let text: string | null;
    try {
      text = this.store.getItem(KEYS.queue);
    } catch {
      return [];
    }
    if (text === null) return [];
    const { events, damaged } = salvageOutbox(text);
    if (damaged) {
      // Keep the damaged text aside once, and store what was intact so the next read is clean.
      if (readJson<unknown>(this.store, `${KEYS.queue}:damaged`, null) === null) writeJson(this.store, `${KEYS.queue}:damaged`, text);
      writeJson(this.store, KEYS.queue, events);
    }
    return events;
  }

  private save(list: readonly WireEvent[]): void {
    if (writeJson(this.store, KEYS.queue, list)) return;
    // Storage is full: keep commands and results, but shorten long outputs, then try again.
    const shorter = list.map((e) => (e.activity.kind === 'step' ? { ...e, activity: { ...e.activity, output: clip(e.activity.output, 1024, '\n[cut]') } } : e));
    if (writeJson(this.store, KEYS.queue, shorter)) return;
    const known = new Set(this.spill.map((e) => e.id));
    for (const e of list) if (!known.has(e.id)) this.spill.push(e);
    writeJson(this.store, KEYS.queue, []);
  }

  all(): WireEvent[] {
    const list = this.stored();
    const ids = new Set(list.map((e) => e.id));
    return [...list, ...this.spill.filter((e) => !ids.has(e.id))];
  }

  get size(): number {
    return this.all().length;
  }

  add(event: WireEvent): void {
    const list = this.stored();
    if (list.some((e) => e.id === event.id) || this.spill.some((e) => e.id === event.id)) return;
    list.push(event);
    this.save(list);
  }

  /** The oldest events that fit in one request. */
  batch(maxCount: number = LIMITS.eventsPerRequest, maxBytes: number = LIMITS.eventsBody - ENVELOPE): WireEvent[] {
    const out: WireEvent[] = [];
    let bytes = 0;
    for (const e of this.all()) {
      const size = new TextEncoder().encode(JSON.stringify(e)).length + 1;
      if (out.length >= maxCount || (out.length > 0 && bytes + size > maxBytes)) break;
      out.push(e);
      bytes += size;
    }
    return out;
  }

  /** Forget events the server acknowledged (or refused for good). */
  remove(ids: readonly string[]): void {
    const gone = new Set(ids);
    this.save(this.stored().filter((e) => !gone.has(e.id)));
    for (let i = this.spill.length - 1; i >= 0; i--) if (gone.has(this.spill[i].id)) this.spill.splice(i, 1);
  }
}
