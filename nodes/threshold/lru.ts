// A key map bounded in size, ordered by when each key was last seen, so that a flood of
// new keys (device ids) evicts the quietest ones instead of growing memory without limit.
// A Map keeps insertion order: re-inserting on every sighting keeps the oldest first.

export interface Entry<V> {
  key: string;
  seen: number;
  value: V;
}

export class LruMap<V> {
  private readonly map = new Map<string, Entry<V>>();

  constructor(public readonly maxKeys: number) {
    if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new RangeError(`maxKeys must be a whole number of at least 1 (got ${maxKeys})`);
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): Entry<V> | undefined {
    return this.map.get(key);
  }

  /**
   * Mark a known key as seen at `now` and return its entry; undefined (and nothing changed)
   * for a new key. The per-sample path: no result object, nothing to evict.
   */
  see(key: string, now: number): Entry<V> | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    this.map.delete(key);
    entry.seen = now;
    this.map.set(key, entry);
    return entry;
  }

  /**
   * Mark the key as seen at `now`, creating it with `create()` when new. Returns the entry
   * and whatever had to be evicted (least recently seen first) to stay within maxKeys.
   */
  touch(key: string, now: number, create: () => V): { entry: Entry<V>; evicted: Entry<V>[] } {
    let entry = this.map.get(key);
    if (entry) {
      this.map.delete(key);
      entry.seen = now;
    } else {
      entry = { key, seen: now, value: create() };
    }
    this.map.set(key, entry);
    const evicted: Entry<V>[] = [];
    for (const oldest of this.map.values()) {
      if (this.map.size <= this.maxKeys) break;
      this.map.delete(oldest.key);
      evicted.push(oldest);
    }
    return { entry, evicted };
  }

  /** Put an entry back as it was (restore): keeps the given seen time, newest last. */
  insert(entry: Entry<V>): Entry<V>[] {
    this.map.delete(entry.key);
    this.map.set(entry.key, entry);
    const evicted: Entry<V>[] = [];
    for (const oldest of this.map.values()) {
      if (this.map.size <= this.maxKeys) break;
      this.map.delete(oldest.key);
      evicted.push(oldest);
    }
    return evicted;
  }

  delete(key: string): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  /**
   * Remove keys not seen for idleMs, except those `keep` vouches for. Stops at the first
   * key seen recently, since everything after it was seen later still.
   */
  sweepIdle(now: number, idleMs: number, keep: (e: Entry<V>) => boolean): Entry<V>[] {
    const removed: Entry<V>[] = [];
    for (const e of this.map.values()) {
      if (now - e.seen < idleMs) break;
      if (keep(e)) continue;
      this.map.delete(e.key);
      removed.push(e);
    }
    return removed;
  }

  /** Oldest first. */
  values(): IterableIterator<Entry<V>> {
    return this.map.values();
  }
}
