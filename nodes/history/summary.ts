// Summaries per key, bucket (hour or day) and column: count, min, max, mean, first and last
// (by the readings' own times, whatever order the files hold them in). The entries of the answer
// are made when a bucket's column gets its first value and are updated in place as values come,
// so the figures are not held twice (once as the reading's state, again as the answer): beside
// the entries a bucket keeps only the times of each column's first and last value. Pure.
import { IntervalClock, type Interval } from './intervals';

export interface SummaryEntry {
  key: string;
  /** Start of the bucket, ms since the epoch. */
  start: number;
  interval: Interval;
  column: string;
  count: number;
  min: number;
  max: number;
  mean: number;
  first: number;
  last: number;
}

/** One key's bucket while the files are read. */
export interface SummaryBucket {
  key: string;
  start: number;
  /** Per column number, its entry once it has a value; its `mean` holds the sum until entries(). */
  entries: (SummaryEntry | undefined)[];
  /** Per column number c: the time of its first value at 2c, of its last value at 2c + 1. */
  times: number[];
}

export class SummaryBuilder {
  /** Column name → its number in every bucket. */
  private readonly columns = new Map<string, number>();
  private readonly names: string[] = [];
  /** key → bucket start → bucket. */
  private readonly keys = new Map<string, Map<number, SummaryBucket>>();
  /** Entries made so far: the answer's length is known before it is put together. */
  private made = 0;

  constructor(readonly clock: IntervalClock) {}

  /** The number of a column, given once per file for each column it has. */
  column(name: string): number {
    let n = this.columns.get(name);
    if (n === undefined) {
      n = this.names.length;
      this.columns.set(name, n);
      this.names.push(name);
    }
    return n;
  }

  /** The bucket of `key` that holds `t`, for add(). */
  bucket(key: string, t: number): SummaryBucket {
    const start = this.clock.startOf(t);
    let byStart = this.keys.get(key);
    if (byStart === undefined) {
      byStart = new Map();
      this.keys.set(key, byStart);
    }
    let bucket = byStart.get(start);
    if (bucket === undefined) {
      // Arrays of the exact size: grown by push they would hold spare room in every bucket.
      const n = this.names.length;
      bucket = {
        key,
        start,
        entries: new Array<undefined>(n).fill(undefined),
        times: new Array<number>(2 * n).fill(0),
      };
      byStart.set(start, bucket);
    }
    return bucket;
  }

  /** Adds one finite value `y` of column number `c`, read at time `t`, to a bucket. */
  add(bucket: SummaryBucket, c: number, t: number, y: number): void {
    const e = bucket.entries[c];
    const times = bucket.times;
    if (e === undefined) {
      // A later file may bring a column the bucket has no room for yet: fill the gap first, so
      // that the arrays stay dense.
      while (bucket.entries.length <= c) bucket.entries.push(undefined);
      while (times.length <= 2 * c + 1) times.push(0);
      this.made++;
      bucket.entries[c] = {
        key: bucket.key,
        start: bucket.start,
        interval: this.clock.interval,
        column: this.names[c],
        count: 1,
        min: y,
        max: y,
        mean: y,
        first: y,
        last: y,
      };
      times[2 * c] = t;
      times[2 * c + 1] = t;
      return;
    }
    e.count++;
    e.mean += y;
    if (y < e.min) e.min = y;
    if (y > e.max) e.max = y;
    if (t < times[2 * c]) {
      times[2 * c] = t;
      e.first = y;
    }
    if (t >= times[2 * c + 1]) {
      times[2 * c + 1] = t;
      e.last = y;
    }
  }

  /**
   * The entries by key, bucket start, then column (names sorted), their sums turned into means,
   * then `tail`'s items, in one array made at its full length. The buckets are let go as they
   * are read: call it once.
   */
  entries<T = never>(tail: readonly T[] = []): (SummaryEntry | T)[] {
    const out = new Array<SummaryEntry | T>(this.made + tail.length);
    let i = 0;
    const order = this.names
      .map((name, c) => ({ name, c }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const key of [...this.keys.keys()].sort()) {
      const byStart = this.keys.get(key)!;
      for (const start of [...byStart.keys()].sort((a, b) => a - b)) {
        const entries = byStart.get(start)!.entries;
        for (const { c } of order) {
          const e = entries[c];
          if (e === undefined) continue;
          e.mean /= e.count;
          out[i++] = e;
        }
      }
      this.keys.delete(key);
    }
    for (const item of tail) out[i++] = item;
    return out;
  }
}
