// Summaries per key, bucket (hour or day) and column: count, min, max, mean, first and last (by the
// readings' own times). An entry is made at its column's first value and updated in place, so the
// figures are held once; beside them a bucket keeps only each column's first and last times. Pure.
import { IntervalClock, type Interval } from './intervals';
import { KeyedMap } from './keyed';

/** Where every summary item belongs: a key's bucket (its start, ms since the epoch) and a column. */
export interface BucketItem {
  key: string;
  start: number;
  interval: Interval;
  column: string;
}

export interface SummaryEntry extends BucketItem {
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
  /** Column names by their number in every bucket. */
  private readonly names: string[] = [];
  // Arrays of the exact size: grown by push they would hold spare room in every bucket.
  private readonly buckets = new KeyedMap<number, SummaryBucket>((key, start) => ({
    key,
    start,
    entries: new Array<undefined>(this.names.length).fill(undefined),
    times: new Array<number>(2 * this.names.length).fill(0),
  }));
  /** Entries made so far: the answer is made at its full length at once. */
  private made = 0;

  constructor(readonly clock: IntervalClock) {}

  /** The number of a column, given once per file for each column it has. */
  column(name: string): number {
    const n = this.names.indexOf(name);
    return n >= 0 ? n : this.names.push(name) - 1;
  }

  /** The bucket of `key` that holds `t`, for add(). */
  bucket(key: string, t: number): SummaryBucket {
    return this.buckets.at(key, this.clock.startOf(t));
  }

  /** Adds one finite value `y` of column number `c`, read at time `t`, to a bucket. */
  add(bucket: SummaryBucket, c: number, t: number, y: number): void {
    const e = bucket.entries[c];
    const times = bucket.times;
    if (e === undefined) {
      // A later file may bring a column the bucket has no room for yet: the arrays stay dense.
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

  /** By key, bucket and column name, then `tail`, in one array made at its full length; call it once. */
  entries<T = never>(tail: readonly T[] = []): (SummaryEntry | T)[] {
    const out = new Array<SummaryEntry | T>(this.made + tail.length);
    let i = 0;
    const order = this.names.map((name, c) => ({ name, c })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const [, , bucket] of this.buckets.sorted()) {
      for (const { c } of order) {
        const e = bucket.entries[c];
        if (e === undefined) continue;
        e.mean /= e.count;
        out[i++] = e;
      }
    }
    for (const item of tail) out[i++] = item;
    return out;
  }
}
