/**
 * Group commit: requests that arrive while a commit is pending share one
 * transaction (one fsync), and each request hears back only after that
 * transaction committed.
 */
import type { StoredEvent } from './protocol.ts';
import type { ClassroomStore, EventBatch } from './store.ts';

interface Pending {
  readonly batch: EventBatch;
  readonly resolve: (inserted: StoredEvent[]) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupWriter {
  private readonly store: ClassroomStore;
  private readonly onCommit: (inserted: readonly StoredEvent[]) => void;
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(store: ClassroomStore, onCommit: (inserted: readonly StoredEvent[]) => void) {
    this.store = store;
    this.onCommit = onCommit;
  }

  /** Resolves with the events that were new, once they are committed. */
  write(batch: EventBatch): Promise<StoredEvent[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const pending = this.queue;
    this.queue = [];
    if (pending.length === 0) return;
    let results: StoredEvent[][];
    try {
      results = this.store.insertBatches(pending.map((p) => p.batch));
    } catch (error) {
      for (const p of pending) p.reject(error);
      return;
    }
    // Committed: every request hears so, whatever updating the live view does after.
    pending.forEach((p, i) => p.resolve(results[i]));
    try {
      this.onCommit(results.flat());
    } catch (error) {
      // An exception here would escape setImmediate and end the server.
      console.error(`ntlab classroom: updating the live view failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
