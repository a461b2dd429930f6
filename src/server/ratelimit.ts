/** Token buckets keyed by student (or address): a burst, then a steady rate. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly capacity: number;
  private readonly perSecond: number;
  private readonly now: () => number;

  constructor(capacity: number, perSecond: number, now: () => number = Date.now) {
    this.capacity = capacity;
    this.perSecond = perSecond;
    this.now = now;
  }

  /**
   * Take `cost` tokens (one by default); returns 0 when allowed, else the
   * seconds to wait. A cost above the burst is allowed from a full bucket, which it empties below zero.
   */
  take(key: string, cost = 1): number {
    const b = this.refill(key);
    if (b.tokens >= Math.min(cost, this.capacity)) {
      b.tokens -= cost;
      this.buckets.set(key, b);
      return 0;
    }
    return this.wait(b.tokens, Math.min(cost, this.capacity));
  }

  /** The seconds to wait before `key` may take `cost` tokens (0: it may now), taking none. */
  peek(key: string, cost = 1): number {
    const b = this.refill(key);
    const need = Math.min(cost, this.capacity);
    return b.tokens >= need ? 0 : this.wait(b.tokens, need);
  }

  /** The key's bucket topped up to now; a full bucket is the default and is not kept. */
  private refill(key: string): { tokens: number; at: number } {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: t };
    b.tokens = Math.min(this.capacity, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    if (b.tokens >= this.capacity) this.buckets.delete(key);
    else this.buckets.set(key, b);
    return b;
  }

  private wait(tokens: number, need = 1): number {
    return Math.max(1, Math.ceil((need - tokens) / this.perSecond));
  }
}
