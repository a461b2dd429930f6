/**
 * Server-sent events over fetch (so the request can carry an Authorization
 * header, which EventSource cannot), with reconnection and backoff.
 */
import { Waiter, retryDelay } from './backoff.ts';

export interface SseMessage {
  readonly event: string;
  readonly data: string;
}

/** Incremental parser for the text/event-stream format. */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      if (!m) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      if (line === '') {
        if (this.data.length > 0) out.push({ event: this.event || 'message', data: this.data.join('\n') });
        this.event = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
    }
    return out;
  }
}

export interface StreamHooks {
  url(): string;
  secret(): string | null;
  message(m: SseMessage): void;
  unauthorized(): void;
  connected(up: boolean): void;
}

/** Keeps one stream open while a secret is known; reconnects after failures. */
export class StreamClient {
  private readonly hooks: StreamHooks;
  private readonly waiter = new Waiter();
  private running = false;
  /** Bumped by stop(): a loop from before a stop ends even if start() was called since. */
  private generation = 0;
  private abort: AbortController | null = null;

  constructor(hooks: StreamHooks) {
    this.hooks = hooks;
  }

  start(): void {
    if (this.running) {
      this.waiter.wake();
      return;
    }
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    this.generation++;
    this.abort?.abort();
    this.waiter.wake();
  }

  private async loop(): Promise<void> {
    const generation = this.generation;
    const current = (): boolean => this.running && this.generation === generation;
    let failures = 0;
    while (current()) {
      const secret = this.hooks.secret();
      if (secret === null) break;
      this.abort = new AbortController();
      try {
        const res = await fetch(this.hooks.url(), {
          headers: { Authorization: `Bearer ${secret}`, Accept: 'text/event-stream' },
          signal: this.abort.signal,
          cache: 'no-store',
        });
        if (res.status === 401 || res.status === 403) {
          if (current()) this.hooks.unauthorized();
          break;
        }
        if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
        failures = 0;
        this.hooks.connected(true);
        const parser = new SseParser();
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (!current()) break;
          for (const m of parser.push(value)) this.hooks.message(m);
        }
      } catch {
        // The link dropped or the server restarted: try again below.
      }
      if (!current()) break;
      this.hooks.connected(false);
      failures++;
      await this.waiter.sleep(retryDelay(failures));
    }
    if (this.generation === generation) this.running = false;
  }
}
