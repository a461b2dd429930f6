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

  /** Take one token; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const b = this.refill(key);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      this.buckets.set(key, b);
      return 0;
    }
    return this.wait(b.tokens);
  }

  /** The seconds to wait before `key` may take a token (0: it may now), taking none. */
  peek(key: string): number {
    const b = this.refill(key);
    return b.tokens >= 1 ? 0 : this.wait(b.tokens);
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

  private wait(tokens: number): number {
    return Math.max(1, Math.ceil((1 - tokens) / this.perSecond));
  }
}
