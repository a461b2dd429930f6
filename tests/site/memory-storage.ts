/** A Web Storage in memory for tests: counts what is written, and can be made to run out of room. */
export class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  /** Characters written by setItem since this was last set to 0. */
  written = 0;
  /** Characters it holds at most (keys and values): a write beyond throws, as a full browser storage does. */
  room = Number.POSITIVE_INFINITY;

  get length(): number {
    return this.items.size;
  }

  clear(): void {
    this.items.clear();
  }

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }

  /** Characters held (keys and values), leaving out `except`'s. */
  held(except?: string): number {
    return [...this.items].reduce((n, [k, v]) => n + (k === except ? 0 : k.length + v.length), 0);
  }

  setItem(key: string, value: string): void {
    if (this.held(key) + key.length + value.length > this.room) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, String(value));
    this.written += value.length;
  }
}
