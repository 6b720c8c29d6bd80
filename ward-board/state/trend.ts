// A fixed-size trend of one numeric series: `size` buckets of `bucketMs` each (by default 60 of
// one minute: the last hour), each keeping the lowest, highest and last value that fell in it.
// A ring indexed by bucket number, so adding a value costs the same however long the run is,
// values may arrive out of order (a device's backlog), and memory never grows. One buffer holds
// every bucket's four numbers side by side (bucket number, min, max, last): one allocation per
// trend, and a value touches one place in memory.

export interface TrendPoint {
  /** Start of the bucket, ms since the epoch. */
  t: number;
  min: number;
  max: number;
  last: number;
}

const NO = 0;
const MIN = 1;
const MAX = 2;
const LAST = 3;
const STRIDE = 4;

export class Trend {
  /** Per slot: bucket number (-1 = empty), min, max, last. */
  private readonly b: Float64Array;
  /** Highest bucket number seen. */
  private newest = -1;

  constructor(
    readonly size: number,
    readonly bucketMs: number,
  ) {
    this.b = new Float64Array(size * STRIDE);
    for (let slot = 0; slot < size; slot++) this.b[slot * STRIDE + NO] = -1;
  }

  /**
   * Adds a value at time t (ms). Returns true when the highest value of its bucket changed or
   * a bucket began (what the sparkline draws), false when it changed nothing drawn, or when t
   * is older than the trend holds.
   */
  add(t: number, value: number): boolean {
    const n = Math.floor(t / this.bucketMs);
    if (n < 0 || n <= this.newest - this.size) return false;
    const at = (n % this.size) * STRIDE;
    const b = this.b;
    if (b[at + NO] !== n) {
      // A newer bucket number in this slot means n fell out of the window.
      if (b[at + NO] > n) return false;
      b[at + NO] = n;
      b[at + MIN] = value;
      b[at + MAX] = value;
      b[at + LAST] = value;
      if (n > this.newest) this.newest = n;
      return true;
    }
    b[at + LAST] = value;
    if (value < b[at + MIN]) b[at + MIN] = value;
    if (value > b[at + MAX]) {
      b[at + MAX] = value;
      return true;
    }
    return false;
  }

  /** Per bucket of the window that ends with the bucket holding `now`, its highest value or null, oldest first. */
  maxima(now: number): (number | null)[] {
    const end = Math.floor(now / this.bucketMs);
    const out = new Array<number | null>(this.size);
    for (let i = 0; i < this.size; i++) {
      const n = end - this.size + 1 + i;
      const at = (((n % this.size) + this.size) % this.size) * STRIDE;
      out[i] = n >= 0 && this.b[at + NO] === n ? this.b[at + MAX] : null;
    }
    return out;
  }

  /** The buckets that hold values within the window ending at `now`, oldest first. */
  points(now: number): TrendPoint[] {
    const end = Math.floor(now / this.bucketMs);
    const out: TrendPoint[] = [];
    for (let n = Math.max(0, end - this.size + 1); n <= end; n++) {
      const at = (n % this.size) * STRIDE;
      if (this.b[at + NO] === n)
        out.push({ t: n * this.bucketMs, min: this.b[at + MIN], max: this.b[at + MAX], last: this.b[at + LAST] });
    }
    return out;
  }
}
