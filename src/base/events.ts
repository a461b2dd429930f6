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

/** An append-only, ordered event log with listeners. Deterministic: time comes from the caller's clock. */
export class EventLog {
  private readonly list: LabEvent[] = [];
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
    this.list.push(event);
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
      this.list.push(event);
      for (const listener of this.listeners) listener(event);
    }
  }

  get all(): readonly LabEvent[] {
    return this.list;
  }

  /** Events of one type, in order. */
  of<K extends LabEventType>(type: K): LabEventOf<K>[] {
    return this.list.filter((e): e is LabEventOf<K> => e.type === type);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
