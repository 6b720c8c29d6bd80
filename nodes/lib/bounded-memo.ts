// A memo of values by string key that never grows past a limit. csv-log remembers each file
// name it has checked against its path rules, because a flow sends the same few names
// thousands of times; a flood of distinct names must not make that memory grow, so a full memo
// is emptied and starts again (the names that matter come back at once). Keys longer than
// `maxKeyLength` are never kept.

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
