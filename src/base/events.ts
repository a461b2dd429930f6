/**
 * Typed lab events. Every layer may add its own event types by augmenting
 * `LabEventMap` in its own file:
 *
 *   declare module '../base/events.ts' {
 *     interface LabEventMap { 'kernel.driverLoaded': { driver: string } }
 *   }
 *
 * Objectives grade against these events (and the machine's state), never
 * against raw input text.
 */

/** Event payloads by type. Layers augment this interface. */
export interface LabEventMap {
  /** A line a program accepted (emitted by the lab session for every submitted line). */
  'session.line': { program: string; line: string; recalled: boolean };
  /** The screen was cleared (cls, Ctrl-L). */
  'terminal.clear': { program: string; how: 'command' | 'key' };
  /** A command line the console ran. `status` is the Win32 error / exit code (0 = success). */
  'console.command': { command: string; args: readonly string[]; status: number };
  /** A question objective was answered. */
  'lab.answer': { objective: string; answer: string; correct: boolean; feedback: string };
  /** A hint was shown: `level` is its rung (1-based); `givesAway` marks the rung that shows the command or answer. */
  'lab.hint': { objective: string; level: number; givesAway: boolean };
  /** The student opened the lab's model solution: `views` counts the openings so far, this one included. */
  'lab.solution': { views: number };
  /** A program took the terminal (`from` hands over to `to`). */
  'program.start': { program: string; from: string | null };
  /** A program gave the terminal back. */
  'program.exit': { program: string };
}

export type LabEventType = keyof LabEventMap;

/** An event as recorded: its type, payload, sequence number and virtual time (ms). */
export type LabEvent = {
  [K in LabEventType]: { readonly type: K; readonly seq: number; readonly time: number } & Readonly<LabEventMap[K]>;
}[LabEventType];

export type LabEventOf<K extends LabEventType> = Extract<LabEvent, { type: K }>;

export type EventListener = (event: LabEvent) => void;

/**
 * Read access to an event log, as objectives see it. Lookups by type are indexed,
 * so a check that reads only the events it needs costs what those events cost,
 * not the length of the whole session.
 */
export interface EventView {
  /** Every event, in order. */
  readonly all: readonly LabEvent[];
  /** How many events there are (the next event's `seq`). */
  readonly count: number;
  /** Events of one type, in order (an indexed view: no scan of the whole log). */
  of<K extends LabEventType>(type: K): readonly LabEventOf<K>[];
  /** Events of one type with `seq >= from`, in order (a binary search into the index). */
  ofSince<K extends LabEventType>(type: K, from: number): readonly LabEventOf<K>[];
  /** The events with `seq >= from`, in order. */
  since(from: number): readonly LabEvent[];
}

/** An append-only, ordered event log with listeners. Deterministic: time comes from the caller's clock. */
export class EventLog implements EventView {
  private list: LabEvent[] = [];
  private byType = new Map<LabEventType, LabEvent[]>();
  private readonly listeners = new Set<EventListener>();
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  /** Events being held back (see hold()), or null. */
  private holding: LabEvent[] | null = null;

  emit<K extends LabEventType>(type: K, data: LabEventMap[K]): LabEventOf<K> {
    if (this.holding) {
      const held = { ...data, type, seq: -1, time: this.now() } as unknown as LabEventOf<K>;
      this.holding.push(held);
      return held;
    }
    const event = { ...data, type, seq: this.list.length, time: this.now() } as unknown as LabEventOf<K>;
    this.record(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /**
   * Hold back what is emitted from now on, out of the log, until unhold(): a command run under
   * a debugger is recorded ahead, and its events join the log only as far as the student has seen it.
   */
  hold(): void {
    this.holding = [];
  }

  /** How many events are held back so far. */
  get heldCount(): number {
    return this.holding?.length ?? 0;
  }

  /** Stop holding; the held events are returned, not logged. */
  unhold(): LabEvent[] {
    const held = this.holding ?? [];
    this.holding = null;
    return held;
  }

  /** Log events held earlier, in order (they take their sequence numbers now). */
  append(events: readonly LabEvent[]): void {
    for (const e of events) {
      const event = { ...e, seq: this.list.length };
      this.record(event);
      for (const listener of this.listeners) listener(event);
    }
  }

  private record(event: LabEvent): void {
    this.list.push(event);
    const same = this.byType.get(event.type);
    if (same) same.push(event);
    else this.byType.set(event.type, [event]);
  }

  get all(): readonly LabEvent[] {
    return this.list;
  }

  get count(): number {
    return this.list.length;
  }

  of<K extends LabEventType>(type: K): readonly LabEventOf<K>[] {
    return (this.byType.get(type) ?? []) as LabEventOf<K>[];
  }

  ofSince<K extends LabEventType>(type: K, from: number): readonly LabEventOf<K>[] {
    const same = this.of(type);
    if (from <= 0) return same;
    // The first event with seq >= from: events of one type are in seq order.
    let lo = 0;
    let hi = same.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (same[mid].seq < from) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? same : same.slice(lo);
  }

  since(from: number): readonly LabEvent[] {
    return from <= 0 ? this.list : this.list.slice(from);
  }

  /** Replace the whole log with `events` (restoring a session checkpoint). Listeners are not told. */
  restore(events: readonly LabEvent[]): void {
    this.list = [];
    this.byType = new Map();
    for (const event of events) this.record(event);
  }

  /** Forget events after the first `length` (a re-run from a checkpoint emits them again). */
  truncate(length: number): void {
    if (length >= this.list.length) return;
    this.list.length = length;
    // The type index drops the same events (each type's events are in seq order).
    for (const same of this.byType.values()) {
      let keep = same.length;
      while (keep > 0 && same[keep - 1].seq >= length) keep--;
      same.length = keep;
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
