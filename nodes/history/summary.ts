// Summaries per key, bucket (hour or day) and column: count, min, max, mean, first and last
// (by the readings' own times, whatever order the files hold them in). Pure.
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

interface Stats {
  count: number;
  min: number;
  max: number;
  sum: number;
  firstT: number;
  first: number;
  lastT: number;
  last: number;
}

export class SummaryBuilder {
  /** key → bucket start → column → stats. */
  private readonly keys = new Map<string, Map<number, Map<string, Stats>>>();
  readonly clock: IntervalClock;

  constructor(clock: IntervalClock) {
    this.clock = clock;
  }

  /** The stats of one key's bucket, by column: for a caller that adds several columns of a row. */
  bucket(key: string, t: number): Map<string, Stats> {
    const start = this.clock.startOf(t);
    let byStart = this.keys.get(key);
    if (byStart === undefined) {
      byStart = new Map();
      this.keys.set(key, byStart);
    }
    let columns = byStart.get(start);
    if (columns === undefined) {
      columns = new Map();
      byStart.set(start, columns);
    }
    return columns;
  }

  /** Adds one finite value `y` read at time `t` to a bucket from bucket(). */
  static add(columns: Map<string, Stats>, column: string, t: number, y: number): void {
    const s = columns.get(column);
    if (s === undefined) {
      columns.set(column, { count: 1, min: y, max: y, sum: y, firstT: t, first: y, lastT: t, last: y });
      return;
    }
    s.count++;
    s.sum += y;
    if (y < s.min) s.min = y;
    if (y > s.max) s.max = y;
    if (t < s.firstT) {
      s.firstT = t;
      s.first = y;
    }
    if (t >= s.lastT) {
      s.lastT = t;
      s.last = y;
    }
  }

  /** Entries by key, bucket start, then column (names sorted). */
  entries(): SummaryEntry[] {
    const out: SummaryEntry[] = [];
    const interval = this.clock.interval;
    for (const key of [...this.keys.keys()].sort()) {
      const byStart = this.keys.get(key)!;
      for (const start of [...byStart.keys()].sort((a, b) => a - b)) {
        const columns = byStart.get(start)!;
        for (const column of [...columns.keys()].sort()) {
          const s = columns.get(column)!;
          out.push({
            key,
            start,
            interval,
            column,
            count: s.count,
            min: s.min,
            max: s.max,
            mean: s.sum / s.count,
            first: s.first,
            last: s.last,
          });
        }
      }
    }
    return out;
  }
}
