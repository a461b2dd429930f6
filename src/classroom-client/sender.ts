/**
 * Sends the outbox to the server, oldest first. An event leaves the outbox only
 * when the server acknowledged it (after its commit); failures are retried with
 * backoff, and a re-sent id is ignored by the server, so nothing is counted twice.
 */
import type { EventsBody } from '../server/protocol.ts';
import { Waiter, retryDelay } from './backoff.ts';
import type { Outbox } from './queue.ts';

export interface Credentials {
  readonly studentId: string;
  readonly secret: string;
}

export interface SenderHooks {
  /** The secret was refused (the classroom was recreated): join again. */
  unauthorized(): void;
  /** Called after every attempt: how many are waiting and whether the link works. */
  status(waiting: number, linkUp: boolean): void;
}

type Post = (url: string, init: RequestInit) => Promise<Response>;

export class Sender {
  private readonly outbox: Outbox;
  private readonly hooks: SenderHooks;
  private readonly post: Post;
  private readonly now: () => number;
  private readonly waiter = new Waiter();
  private credentials: Credentials | null = null;
  private running = false;
  private failures = 0;
  /** Events of a refused batch: they go one by one, so only the bad one is dropped. */
  private readonly suspects = new Set<string>();

  constructor(outbox: Outbox, hooks: SenderHooks, post: Post = (u, i) => fetch(u, i), now: () => number = Date.now) {
    this.outbox = outbox;
    this.hooks = hooks;
    this.post = post;
    this.now = now;
  }

  setCredentials(credentials: Credentials | null): void {
    this.credentials = credentials;
    this.kick();
  }

  /** Send now (new events, back online). */
  kick(): void {
    this.waiter.wake();
    if (!this.running) void this.run();
  }

  /** Runs until the outbox is empty or sending must wait for the student. */
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.credentials !== null) {
        const batch = this.outbox.batch(this.suspects.size > 0 ? 1 : undefined);
        if (batch.length === 0) break;
        const outcome = await this.send(this.credentials, batch);
        if (outcome === 'stop') break;
      }
    } finally {
      this.running = false;
      this.hooks.status(this.outbox.size, this.failures === 0);
    }
  }

  private async send(credentials: Credentials, batch: ReturnType<Outbox['batch']>): Promise<'next' | 'stop'> {
    const body: EventsBody = { events: batch, sentAt: this.now(), studentId: credentials.studentId };
    let res: Response;
    try {
      res = await this.post('/api/events', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${credentials.secret}` },
        body: JSON.stringify(body),
        keepalive: false,
      });
    } catch {
      return this.retryLater();
    }
    if (res.ok) {
      this.failures = 0;
      for (const e of batch) this.suspects.delete(e.id);
      this.outbox.remove(batch.map((e) => e.id));
      this.hooks.status(this.outbox.size, true);
      return 'next';
    }
    if (res.status === 401 || res.status === 403) {
      this.credentials = null;
      this.hooks.unauthorized();
      return 'stop';
    }
    if (res.status === 429) {
      const seconds = Number(res.headers.get('retry-after') ?? '1');
      await this.waiter.sleep(Math.max(1, Number.isFinite(seconds) ? seconds : 1) * 1000);
      return 'next';
    }
    if (res.status === 400 || res.status === 413) {
      if (batch.length > 1) {
        for (const e of batch) this.suspects.add(e.id);
        return 'next';
      }
      // This one event can never be stored: drop it rather than block everything after it.
      console.warn(`ntlab classroom: the server refused event ${batch[0].id} (${res.status})`);
      this.outbox.remove([batch[0].id]);
      this.suspects.delete(batch[0].id);
      return 'next';
    }
    return this.retryLater();
  }

  private async retryLater(): Promise<'next'> {
    this.failures++;
    this.hooks.status(this.outbox.size, false);
    await this.waiter.sleep(retryDelay(this.failures));
    return 'next';
  }
}
