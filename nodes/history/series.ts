// Chart series downsampled for a chart: the range cut into buckets, each keeping its lowest and
// its highest reading (two points at their own times, one when they are the same reading), so
// a peak is never averaged away. Memory: four numbers per bucket per series. Pure.
import { KeyedMap } from './keyed';

/** One chart point, in the shape a Dashboard 2.0 ui-chart reads (x, y, series). */
export interface SeriesPoint {
  series: string;
  key: string;
  column: string;
  x: number;
  y: number;
}

export class SeriesBuilder {
  private readonly buckets: number;
  private readonly width: number;
  private readonly series = new KeyedMap<string, Record<'minX' | 'minY' | 'maxX' | 'maxY', Float64Array>>(() => ({
    minX: new Float64Array(this.buckets),
    minY: new Float64Array(this.buckets).fill(NaN),
    maxX: new Float64Array(this.buckets),
    maxY: new Float64Array(this.buckets).fill(NaN),
  }));

  /** At most `points` points per series over [from, to]: points / 2 buckets. */
  constructor(
    private readonly from: number,
    to: number,
    points: number,
  ) {
    this.buckets = Math.max(1, Math.floor(points / 2));
    this.width = Math.max(1, to - from) / this.buckets;
  }

  /** Adds a reading; the caller keeps x within [from, to] and y finite. */
  add(key: string, column: string, x: number, y: number): void {
    const b = this.series.at(key, column);
    // `to` itself belongs to the last bucket.
    const i = Math.min(this.buckets - 1, Math.floor((x - this.from) / this.width));
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

  /** The points: series by key then column, each in time order. */
  points(): SeriesPoint[] {
    const out: SeriesPoint[] = [];
    for (const [key, column, b] of this.series.sorted()) {
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
    return out;
  }
}
