// A key map bounded in size, ordered by when each key was last seen, so that a flood of
// new keys (device ids) evicts the quietest ones instead of growing memory without limit.
//
// The order is a doubly linked list of slots (two Int32Arrays) beside a Map from key to slot.
// Moving a key to the newest place on every sighting used to be a Map delete and set, which was
// as much CPU as all the rest of the threshold node's work per message (V8 leaves a hole per
// delete and rebuilds the table as they add up); relinking a slot is four array writes. The
// entries stay plain {key, seen, value} objects: no links on them to serialise or compare.

export interface Entry<V> {
  key: string;
  seen: number;
  value: V;
}

export class LruMap<V> {
  /** Key → slot. */
  private readonly slots = new Map<string, number>();
  /** Slot → entry; slot 0 is the list's head (no entry): next[0] is the oldest, prev[0] the newest. */
  private entries: (Entry<V> | null)[] = [null];
  private prev = new Int32Array(16);
  private next = new Int32Array(16);
  /** Slots of deleted entries, used again before the arrays grow. */
  private free: number[] = [];

  constructor(public readonly maxKeys: number) {
    if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new RangeError(`maxKeys must be a whole number of at least 1 (got ${maxKeys})`);
  }

  get size(): number {
    return this.slots.size;
  }

  get(key: string): Entry<V> | undefined {
    const slot = this.slots.get(key);
    return slot === undefined ? undefined : this.entries[slot]!;
  }

  /**
   * Mark a known key as seen at `now` and return its entry; undefined (and nothing changed)
   * for a new key. The per-sample path: no result object, nothing to evict.
   */
  see(key: string, now: number): Entry<V> | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    const entry = this.entries[slot]!;
    entry.seen = now;
    this.toNewest(slot);
    return entry;
  }

  /**
   * Mark the key as seen at `now`, creating it with `create()` when new. Returns the entry
   * and whatever had to be evicted (least recently seen first) to stay within maxKeys.
   */
  touch(key: string, now: number, create: () => V): { entry: Entry<V>; evicted: Entry<V>[] } {
    const slot = this.slots.get(key);
    if (slot !== undefined) {
      const entry = this.entries[slot]!;
      entry.seen = now;
      this.toNewest(slot);
      return { entry, evicted: [] };
    }
    const entry = { key, seen: now, value: create() };
    this.add(entry);
    return { entry, evicted: this.evict() };
  }

  /** Put an entry back as it was (restore): keeps the given seen time, newest last. */
  insert(entry: Entry<V>): Entry<V>[] {
    this.delete(entry.key);
    this.add(entry);
    return this.evict();
  }

  delete(key: string): boolean {
    const slot = this.slots.get(key);
    if (slot === undefined) return false;
    this.remove(slot);
    return true;
  }

  clear(): void {
    this.slots.clear();
    this.entries = [null];
    this.free = [];
    this.prev[0] = 0;
    this.next[0] = 0;
  }

  /**
   * Remove keys not seen for idleMs, except those `keep` vouches for. Stops at the first
   * key seen recently, since everything after it was seen later still.
   */
  sweepIdle(now: number, idleMs: number, keep: (e: Entry<V>) => boolean): Entry<V>[] {
    const removed: Entry<V>[] = [];
    for (let slot = this.next[0]; slot !== 0; ) {
      const after = this.next[slot];
      const e = this.entries[slot]!;
      if (now - e.seen < idleMs) break;
      if (!keep(e)) {
        this.remove(slot);
        removed.push(e);
      }
      slot = after;
    }
    return removed;
  }

  /** Oldest first. The entry being visited may be deleted meanwhile; no other change is allowed. */
  *values(): IterableIterator<Entry<V>> {
    for (let slot = this.next[0]; slot !== 0; ) {
      const after = this.next[slot];
      yield this.entries[slot]!;
      slot = after;
    }
  }

  private add(entry: Entry<V>): void {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.entries.length;
      this.entries.push(entry);
      if (slot >= this.prev.length) this.grow();
    } else {
      this.entries[slot] = entry;
    }
    this.slots.set(entry.key, slot);
    this.link(slot);
  }

  private remove(slot: number): void {
    this.unlink(slot);
    this.slots.delete(this.entries[slot]!.key);
    this.entries[slot] = null;
    this.free.push(slot);
  }

  /** Oldest first, until within maxKeys. */
  private evict(): Entry<V>[] {
    const evicted: Entry<V>[] = [];
    while (this.slots.size > this.maxKeys) {
      const oldest = this.next[0];
      evicted.push(this.entries[oldest]!);
      this.remove(oldest);
    }
    return evicted;
  }

  private toNewest(slot: number): void {
    if (this.prev[0] === slot) return;
    this.unlink(slot);
    this.link(slot);
  }

  /** Append at the newest end. */
  private link(slot: number): void {
    const last = this.prev[0];
    this.prev[slot] = last;
    this.next[slot] = 0;
    this.next[last] = slot;
    this.prev[0] = slot;
  }

  private unlink(slot: number): void {
    const p = this.prev[slot];
    const n = this.next[slot];
    this.next[p] = n;
    this.prev[n] = p;
  }

  private grow(): void {
    // Never more slots than the head, maxKeys entries and the one added before an eviction.
    const size = Math.min(this.prev.length * 2, this.maxKeys + 2);
    const prev = new Int32Array(size);
    const next = new Int32Array(size);
    prev.set(this.prev);
    next.set(this.next);
    this.prev = prev;
    this.next = next;
  }
}
