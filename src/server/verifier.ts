/**
 * Runs the server's own check of students' labs: one worker thread replays
 * each due input log (src/server/verify-worker.ts) within a step budget and a
 * time budget, one job at a time, and the model records what it verified. The
 * event path never waits for it.
 */
import { Worker } from 'node:worker_threads';
import { MAX_LOG_ENTRIES, type ClassroomModel, type VerifyJob } from './model.ts';
import type { VerifyRequest, VerifyResult } from './verify-worker.ts';

export interface VerifierOptions {
  /** Entries replayed at most per lab (default: the model's cap on a log). */
  readonly budget?: number;
  /** A replay taking longer than this is stopped and reported as failed. */
  readonly timeoutMs?: number;
}

export class Verifier {
  private readonly model: ClassroomModel;
  private readonly changed: (studentId: string) => void;
  private readonly budget: number;
  private readonly timeoutMs: number;
  private worker: Worker | null = null;
  private running: Promise<void> | null = null;
  private nextId = 1;
  private closed = false;
  /** Replays run so far (for tests and the bench). */
  jobs = 0;

  constructor(model: ClassroomModel, changed: (studentId: string) => void, options: VerifierOptions = {}) {
    this.model = model;
    this.changed = changed;
    this.budget = options.budget ?? MAX_LOG_ENTRIES;
    this.timeoutMs = options.timeoutMs ?? 20_000;
  }

  /** Something may be due: check it soon, unless a round is already running (it picks it up). */
  kick(): void {
    if (this.running || this.closed) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      if (!this.closed && this.model.dueForVerification().length > 0) this.kick();
    });
  }

  /** Resolves once nothing is due (for tests and the bench). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Let the events of one request (and its neighbours) arrive before replaying.
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (const job of this.model.dueForVerification()) {
      if (this.closed) return;
      const result = await this.run(job);
      this.jobs++;
      this.model.verified(job, result);
      this.changed(job.studentId);
    }
  }

  private run(job: VerifyJob): Promise<{ met: readonly string[]; note: string; failed: boolean }> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        cleanup();
        // A replay that runs away is stopped with its thread; the next job gets a fresh one.
        void worker.terminate();
        if (this.worker === worker) this.worker = null;
        resolve({ met: [], failed: true, note: `the replay took longer than ${this.timeoutMs} ms` });
      }, this.timeoutMs);
      const onMessage = (r: VerifyResult) => {
        if (r.id !== id) return;
        cleanup();
        resolve(r);
      };
      const onError = (err: Error) => {
        cleanup();
        if (this.worker === worker) this.worker = null;
        resolve({ met: [], failed: true, note: `the checker stopped: ${err.message}` });
      };
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      const request: VerifyRequest = { id, lab: job.lab, entries: job.entries, budget: this.budget };
      worker.postMessage(request);
    });
  }

  private ensureWorker(): Worker {
    if (!this.worker) {
      this.worker = new Worker(new URL('./verify-worker.ts', import.meta.url));
      this.worker.unref();
    }
    return this.worker;
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
