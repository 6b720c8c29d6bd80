// A map by string key that holds at most `limit` entries and forgets the least recently used
// first, so that a flood of new keys evicts the quietest instead of growing memory. The Map's
// insertion order is the recency order: a used key is deleted and set again, at the end.

export class LruMap<V> {
  private readonly map = new Map<string, V>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`the limit must be a whole number of at least 1 (got ${limit})`);
  }

  get size(): number {
    return this.map.size;
  }

  /** The value, without counting as a use. */
  peek(key: string): V | undefined {
    return this.map.get(key);
  }

  /** The value, now the most recently used. */
  use(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  /** Set as the most recently used; returns what had to go to stay within the limit, oldest first. */
  set(key: string, value: V): V[] {
    this.map.delete(key);
    this.map.set(key, value);
    return this.sweep(() => this.map.size > this.limit);
  }

  delete(key: string): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  /** Least recently used first. Deleting the entry being visited is allowed. */
  values(): IterableIterator<V> {
    return this.map.values();
  }

  /**
   * Remove entries from the least recently used end while `old` holds for them, passing over
   * those `keep` vouches for. Returns what was removed.
   */
  sweep(old: (value: V) => boolean, keep?: (value: V) => boolean): V[] {
    const removed: V[] = [];
    for (const [key, value] of this.map) {
      if (!old(value)) break;
      if (keep?.(value)) continue;
      this.map.delete(key);
      removed.push(value);
    }
    return removed;
  }
}
