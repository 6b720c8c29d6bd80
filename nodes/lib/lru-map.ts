// A map by string key that holds at most `limit` entries and forgets the least recently used
// first, so that a flood of new keys (device or patient ids) evicts the quietest instead of
// growing memory without limit. A Map iterates in insertion order; deleting a key and setting
// it again moves it to the end, so the Map itself is the recency order: oldest first.

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

  /** Set the value as the most recently used; returns what had to go to stay within the limit, oldest first. */
  set(key: string, value: V): V[] {
    this.map.delete(key);
    this.map.set(key, value);
    const evicted: V[] = [];
    for (const [oldest, old] of this.map) {
      if (this.map.size <= this.limit) break;
      this.map.delete(oldest);
      evicted.push(old);
    }
    return evicted;
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
   * those `keep` vouches for; stops at the first that is not old. Returns what was removed.
   */
  sweep(old: (value: V) => boolean, keep: (value: V) => boolean = () => false): V[] {
    const removed: V[] = [];
    for (const [key, value] of this.map) {
      if (!old(value)) break;
      if (keep(value)) continue;
      this.map.delete(key);
      removed.push(value);
    }
    return removed;
  }
}
