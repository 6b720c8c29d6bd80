// Hour and day buckets in local time or UTC: the start of the bucket a time falls in, with the
// last bucket remembered, since rows come in time order and most fall in the bucket before. Pure.
import type { TimeZone } from '../csv-log/name-pattern';

export type Interval = 'hour' | 'day';
const HOUR = 3600000;

export class IntervalClock {
  private start = NaN;
  private end = NaN;

  constructor(
    readonly interval: Interval,
    readonly timeZone: TimeZone,
  ) {}

  /** Start (ms) of the bucket holding `t`. */
  startOf(t: number): number {
    if (t >= this.start && t < this.end) return this.start;
    const d = new Date(t);
    const utc = this.timeZone === 'utc';
    const y = utc ? d.getUTCFullYear() : d.getFullYear();
    const m = utc ? d.getUTCMonth() : d.getMonth();
    const day = utc ? d.getUTCDate() : d.getDate();
    const h = this.interval === 'hour' ? (utc ? d.getUTCHours() : d.getHours()) : 0;
    const make = (hour: number, dayOf: number) =>
      utc ? Date.UTC(y, m, dayOf, hour) : new Date(y, m, dayOf, hour).getTime();
    this.start = make(h, day);
    this.end = this.interval === 'hour' ? make(h + 1, day) : make(0, day + 1);
    // A local hour repeated when clocks go back: make() may land on the other one of the pair.
    if (this.interval === 'hour' && !(t >= this.start && t < this.end)) {
      this.start = t - (t % HOUR);
      this.end = this.start + HOUR;
    }
    return this.start;
  }

  /** End (ms) of the bucket that starts at `start`. */
  endOf(start: number): number {
    this.startOf(start);
    return this.end;
  }
}
