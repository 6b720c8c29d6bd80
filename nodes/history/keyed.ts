// Values per key (a device) and sub-key (a bucket start, a column), as series, summaries, band
// times and kWh keep them while the files are read, given back sorted by key, then sub-key. Pure.

export class KeyedMap<S extends string | number, V> {
  private readonly keys = new Map<string, Map<S, V>>();

  /** `make` gives the value of a key and sub-key the first time it is asked for. */
  constructor(private readonly make: (key: string, sub: S) => V) {}

  at(key: string, sub: S): V {
    let bySub = this.keys.get(key);
    if (bySub === undefined) {
      bySub = new Map();
      this.keys.set(key, bySub);
    }
    let value = bySub.get(sub);
    if (value === undefined) {
      value = this.make(key, sub);
      bySub.set(sub, value);
    }
    return value;
  }

  /** Every [key, sub-key, value], both sorted; each key is let go once read, so read it once. */
  *sorted(): Generator<[string, S, V]> {
    for (const key of [...this.keys.keys()].sort()) {
      const bySub = this.keys.get(key)!;
      for (const sub of [...bySub.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
        yield [key, sub, bySub.get(sub)!];
      }
      this.keys.delete(key);
    }
  }
}
