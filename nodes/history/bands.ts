// Time each key spent in each NEWS2 band, per hour or day bucket, within the query's range. A
// reading's band holds until the key's next reading, at most `holdMs` (a silent device does not
// stay in its band for ever). The band is a band column's (news2Band, band), else scored from the
// row's vitals by the news2 node's rules. Pure.
import { assess, BANDS, type Band, type News2Inputs, type Spo2Scale } from '../news2/score';
import type { Consciousness } from '../lib/reading';
import { IntervalClock } from './intervals';
import { KeyedMap } from './keyed';
import type { BucketItem } from './summary';
import { numberOfCell, type Layout } from './row-parse';

export interface BandEntry extends BucketItem {
  column: 'news2Band';
  bandSeconds: Record<Band, number>;
}

const BAND_COLUMNS = ['news2Band', 'band'];
const NUMERIC = ['respiratoryRate', 'spo2', 'systolic', 'heartRate', 'temperature'] as const;
const ACVPU = new Set(['A', 'C', 'V', 'P', 'U']);

/** Reads a row's NEWS2 band, or null when the file has neither a band column nor vitals. */
export function bandReader(layout: Layout, scale: Spo2Scale): ((cells: string[]) => Band | null) | null {
  const bandAt = BAND_COLUMNS.map((c) => layout.index.get(c)).find((i) => i !== undefined);
  if (bandAt !== undefined) {
    return (cells) => {
      const b = cells[bandAt];
      return (BANDS as readonly string[]).includes(b) ? (b as Band) : null;
    };
  }
  const numeric = NUMERIC.map((name) => [name, layout.index.get(name)] as const).filter(([, i]) => i !== undefined);
  if (numeric.length === 0) return null;
  const oxygenAt = layout.index.get('onOxygen');
  const consciousnessAt = layout.index.get('consciousness');
  return (cells) => {
    const inputs: News2Inputs = {};
    for (const [name, i] of numeric) {
      const v = numberOfCell(cells[i!]);
      if (Number.isFinite(v)) inputs[name] = v;
    }
    const c = consciousnessAt === undefined ? '' : (cells[consciousnessAt] ?? '').trim().toUpperCase();
    if (ACVPU.has(c)) inputs.consciousness = c as Consciousness;
    // Oxygen alone is nothing to score.
    if (Object.keys(inputs).length === 0) return null;
    const o2 = oxygenAt === undefined ? '' : cells[oxygenAt];
    if (o2 === 'true' || o2 === 'false') inputs.onOxygen = o2 === 'true';
    return assess(inputs, scale).band;
  };
}

export class BandTimer {
  private readonly last = new Map<string, { t: number; band: Band }>();
  private readonly seconds = new KeyedMap<number, Record<Band, number>>(
    () => Object.fromEntries(BANDS.map((b) => [b, 0])) as Record<Band, number>,
  );

  constructor(
    private readonly clock: IntervalClock,
    private readonly from: number,
    private readonly to: number,
    private readonly holdMs: number,
  ) {}

  /** A reading of `key` at `t` in `band`. A reading older than the key's last counts no time. */
  add(key: string, t: number, band: Band): void {
    const prev = this.last.get(key);
    if (prev !== undefined) {
      if (t < prev.t) return;
      this.hold(key, prev.band, prev.t, Math.min(t, prev.t + this.holdMs));
      prev.t = t;
      prev.band = band;
    } else {
      this.last.set(key, { t, band });
    }
  }

  /** Adds [a, b) ∩ [from, to] to `band`, split at bucket edges. */
  private hold(key: string, band: Band, a: number, b: number): void {
    let t = Math.max(a, this.from);
    const end = Math.min(b, this.to);
    while (t < end) {
      const start = this.clock.startOf(t);
      const stop = Math.min(end, this.clock.endOf(start));
      this.seconds.at(key, start)[band] += (stop - t) / 1000;
      t = stop;
    }
  }

  /** Entries by key then bucket; each key's last band held to the end of the range at most. */
  entries(): BandEntry[] {
    for (const [key, prev] of this.last) this.hold(key, prev.band, prev.t, prev.t + this.holdMs);
    this.last.clear();
    const out: BandEntry[] = [];
    for (const [key, start, bandSeconds] of this.seconds.sorted()) {
      out.push({ key, start, interval: this.clock.interval, column: 'news2Band', bandSeconds });
    }
    return out;
  }
}
