// Chart series downsampled for a chart: the range cut into buckets, each keeping its lowest and
// its highest reading (two points at their own times, one when they are the same reading), so
// a peak is never averaged away. Memory: four numbers per bucket per series. Pure.

/** One chart point, in the shape a Dashboard 2.0 ui-chart reads (x, y, series). */
export interface SeriesPoint {
  series: string;
  key: string;
  column: string;
  x: number;
  y: number;
}

class Buckets {
  readonly minX: Float64Array;
  readonly minY: Float64Array;
  readonly maxX: Float64Array;
  readonly maxY: Float64Array;
  constructor(n: number) {
    this.minX = new Float64Array(n);
    this.minY = new Float64Array(n).fill(NaN);
    this.maxX = new Float64Array(n);
    this.maxY = new Float64Array(n).fill(NaN);
  }
}

export class SeriesBuilder {
  readonly buckets: number;
  private readonly width: number;
  private readonly series = new Map<string, Map<string, Buckets>>();

  /** At most `points` points per series over [from, to]: points / 2 buckets. */
  constructor(
    readonly from: number,
    readonly to: number,
    points: number,
  ) {
    this.buckets = Math.max(1, Math.floor(points / 2));
    this.width = Math.max(1, to - from) / this.buckets;
  }

  /** The bucket a time falls in (to itself belongs to the last one). */
  bucketOf(x: number): number {
    return Math.min(this.buckets - 1, Math.floor((x - this.from) / this.width));
  }

  /** Adds a reading; the caller keeps x within [from, to] and y finite. */
  add(key: string, column: string, x: number, y: number): void {
    let byColumn = this.series.get(key);
    if (byColumn === undefined) {
      byColumn = new Map();
      this.series.set(key, byColumn);
    }
    let b = byColumn.get(column);
    if (b === undefined) {
      b = new Buckets(this.buckets);
      byColumn.set(column, b);
    }
    const i = this.bucketOf(x);
    // Ties keep the earliest reading, so repeated values do not move the point.
    if (!(y >= b.minY[i]) || (y === b.minY[i] && x < b.minX[i])) {
      b.minY[i] = y;
      b.minX[i] = x;
    }
    if (!(y <= b.maxY[i]) || (y === b.maxY[i] && x < b.maxX[i])) {
      b.maxY[i] = y;
      b.maxX[i] = x;
    }
  }

  /** The points: series by key then column (sorted), each in time order. */
  points(): SeriesPoint[] {
    const out: SeriesPoint[] = [];
    for (const key of [...this.series.keys()].sort()) {
      const byColumn = this.series.get(key)!;
      for (const column of [...byColumn.keys()].sort()) {
        const b = byColumn.get(column)!;
        const series = `${key} ${column}`;
        for (let i = 0; i < this.buckets; i++) {
          if (Number.isNaN(b.minY[i])) continue;
          const low = { series, key, column, x: b.minX[i], y: b.minY[i] };
          const high = { series, key, column, x: b.maxX[i], y: b.maxY[i] };
          if (low.x === high.x && low.y === high.y) out.push(low);
          else if (low.x <= high.x) out.push(low, high);
          else out.push(high, low);
        }
      }
    }
    return out;
  }
}
