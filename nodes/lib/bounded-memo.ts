// A memo by string key that never grows past a limit: a full memo is emptied and starts again,
// so a flood of distinct keys cannot grow memory, and the few keys that matter come back at once.

export class BoundedMemo<V> {
  private readonly map = new Map<string, V>();

  constructor(readonly limit: number) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  /** Remember `value` for `key` and return it. */
  set(key: string, value: V): V {
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
    return value;
  }

  get size(): number {
    return this.map.size;
  }
}
