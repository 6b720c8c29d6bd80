// A Map that holds at most `limit` entries and lets the least recently used go first: for
// state kept per name that arrives in messages (devices, files), so that a flood of new names
// cannot make a node's memory grow without end. A Map keeps insertion order, so taking an
// entry out and putting it back marks it as the most recently used.

export class LruMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly limit: number) {}

  get size(): number {
    return this.map.size;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** The value for `key`, now the most recently used; undefined when there is none. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  /** Set `key` as the most recently used; returns the entries let go to stay within the limit. */
  set(key: K, value: V): Array<[K, V]> {
    this.map.delete(key);
    this.map.set(key, value);
    const evicted: Array<[K, V]> = [];
    for (const entry of this.map) {
      if (this.map.size <= this.limit) break;
      this.map.delete(entry[0]);
      evicted.push(entry);
    }
    return evicted;
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  /** Entries from the least to the most recently used. */
  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }
}
