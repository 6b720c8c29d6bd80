// A memo of values by string key that never grows past a limit. Nodes remember per-spelling
// work (a key's meaning, a topic's parts, a checked file path) because a flow sees the same
// few strings thousands of times; a flood of distinct junk strings must not make that memory
// grow, so a full memo is emptied and starts again (cheaper per message than an LRU, and the
// strings that matter come back at once). Keys longer than `maxKeyLength` are never kept.

export class BoundedMemo<V> {
  private readonly map = new Map<string, V>();

  constructor(
    readonly limit: number,
    readonly maxKeyLength = Infinity,
  ) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  /** Remember `value` for `key` (unless the key is too long) and return it. */
  set(key: string, value: V): V {
    if (key.length > this.maxKeyLength) return value;
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
    return value;
  }

  get size(): number {
    return this.map.size;
  }
}
