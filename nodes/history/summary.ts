// Summaries per key, bucket (hour or day) and column: count, min, max, mean, first and last
// (by the readings' own times, whatever order the files hold them in). A bucket's figures sit in
// one Float64Array (eight numbers per column), so a week of hourly buckets for a ward stays a
// few megabytes. Pure.
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

// The eight figures of a column, in this order, at 8 × the column's number.
const COUNT = 0;
const MIN = 1;
const MAX = 2;
const SUM = 3;
const FIRST_T = 4;
const FIRST = 5;
const LAST_T = 6;
const LAST = 7;
const WIDTH = 8;

export class SummaryBuilder {
  /** Column name → its number in every bucket's array. */
  private readonly columns = new Map<string, number>();
  /** key → bucket start → figures of every column. */
  private readonly keys = new Map<string, Map<number, Float64Array>>();

  constructor(readonly clock: IntervalClock) {}

  /** The number of a column, given once per file for each column it has. */
  column(name: string): number {
    let n = this.columns.get(name);
    if (n === undefined) {
      n = this.columns.size;
      this.columns.set(name, n);
    }
    return n;
  }

  /** The figures of the bucket of `key` that holds `t`, for add(). */
  bucket(key: string, t: number): Float64Array {
    const start = this.clock.startOf(t);
    let byStart = this.keys.get(key);
    if (byStart === undefined) {
      byStart = new Map();
      this.keys.set(key, byStart);
    }
    let figures = byStart.get(start);
    if (figures === undefined || figures.length < this.columns.size * WIDTH) {
      // A later file may bring a column the bucket had no room for: copy into a larger array.
      const grown = new Float64Array(this.columns.size * WIDTH);
      if (figures !== undefined) grown.set(figures);
      figures = grown;
      byStart.set(start, figures);
    }
    return figures;
  }

  /** Adds one finite value `y` of column number `c`, read at time `t`, to a bucket's figures. */
  static add(figures: Float64Array, c: number, t: number, y: number): void {
    const i = c * WIDTH;
    if (figures[i + COUNT] === 0) {
      figures[i + COUNT] = 1;
      figures[i + MIN] = y;
      figures[i + MAX] = y;
      figures[i + SUM] = y;
      figures[i + FIRST_T] = t;
      figures[i + FIRST] = y;
      figures[i + LAST_T] = t;
      figures[i + LAST] = y;
      return;
    }
    figures[i + COUNT]++;
    figures[i + SUM] += y;
    if (y < figures[i + MIN]) figures[i + MIN] = y;
    if (y > figures[i + MAX]) figures[i + MAX] = y;
    if (t < figures[i + FIRST_T]) {
      figures[i + FIRST_T] = t;
      figures[i + FIRST] = y;
    }
    if (t >= figures[i + LAST_T]) {
      figures[i + LAST_T] = t;
      figures[i + LAST] = y;
    }
  }

  /**
   * Entries by key, bucket start, then column (names sorted). Each key's figures are let go once
   * its entries are made, so the figures and the answer are not both held whole: call it once.
   */
  entries(): SummaryEntry[] {
    const out: SummaryEntry[] = [];
    const interval = this.clock.interval;
    const columns = [...this.columns].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const key of [...this.keys.keys()].sort()) {
      const byStart = this.keys.get(key)!;
      for (const start of [...byStart.keys()].sort((a, b) => a - b)) {
        const f = byStart.get(start)!;
        for (const [column, c] of columns) {
          const i = c * WIDTH;
          const count = i < f.length ? f[i + COUNT] : 0;
          if (count === 0) continue;
          out.push({
            key,
            start,
            interval,
            column,
            count,
            min: f[i + MIN],
            max: f[i + MAX],
            mean: f[i + SUM] / count,
            first: f[i + FIRST],
            last: f[i + LAST],
          });
        }
      }
      this.keys.delete(key);
    }
    return out;
  }
}
