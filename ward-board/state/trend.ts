// A fixed-size trend of one numeric series: `size` buckets of `bucketMs` each (by default 60 of
// one minute: the last hour), each keeping the lowest, highest and last value that fell in it.
// A ring indexed by bucket number, so adding a value costs the same however long the run is,
// values may arrive out of order (a device's backlog), and memory never grows.

export interface TrendPoint {
  /** Start of the bucket, ms since the epoch. */
  t: number;
  min: number;
  max: number;
  last: number;
}

export class Trend {
  /** Bucket number each slot holds; -1 = empty. */
  private readonly no: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly last: Float64Array;
  /** Highest bucket number seen. */
  private newest = -1;

  constructor(
    readonly size: number,
    readonly bucketMs: number,
  ) {
    this.no = new Float64Array(size).fill(-1);
    this.min = new Float64Array(size);
    this.max = new Float64Array(size);
    this.last = new Float64Array(size);
  }

  /**
   * Adds a value at time t (ms). Returns true when the highest value of its bucket changed or
   * a bucket began (what the sparkline draws), false when it changed nothing drawn, or when t
   * is older than the trend holds.
   */
  add(t: number, value: number): boolean {
    const n = Math.floor(t / this.bucketMs);
    if (n < 0 || n <= this.newest - this.size) return false;
    const slot = n % this.size;
    if (this.no[slot] !== n) {
      // Older bucket numbers in this slot fell out of the window when a newer one came.
      if (this.no[slot] > n) return false;
      this.no[slot] = n;
      this.min[slot] = value;
      this.max[slot] = value;
      this.last[slot] = value;
      if (n > this.newest) this.newest = n;
      return true;
    }
    this.last[slot] = value;
    if (value < this.min[slot]) this.min[slot] = value;
    if (value > this.max[slot]) {
      this.max[slot] = value;
      return true;
    }
    return false;
  }

  /** Per bucket of the window that ends with the bucket holding `now`, its highest value or null, oldest first. */
  maxima(now: number): (number | null)[] {
    const end = Math.floor(now / this.bucketMs);
    const out: (number | null)[] = new Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const n = end - this.size + 1 + i;
      const slot = ((n % this.size) + this.size) % this.size;
      out[i] = n >= 0 && this.no[slot] === n ? this.max[slot] : null;
    }
    return out;
  }

  /** The buckets that hold values within the window ending at `now`, oldest first. */
  points(now: number): TrendPoint[] {
    const end = Math.floor(now / this.bucketMs);
    const out: TrendPoint[] = [];
    for (let n = end - this.size + 1; n <= end; n++) {
      if (n < 0) continue;
      const slot = n % this.size;
      if (this.no[slot] === n) out.push({ t: n * this.bucketMs, min: this.min[slot], max: this.max[slot], last: this.last[slot] });
    }
    return out;
  }
}
