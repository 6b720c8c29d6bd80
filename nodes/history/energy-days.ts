// kWh per key and day from csv-log's energy rows: a per-row column (consumptionKWh, from
// energy-meter) is added up; else a running counter (energyWh from energy-probe, totalKWh) counts
// its rises, a fall being a reset from zero; its first reading in the range adds nothing. A day
// with readings but no energy gets 0 kWh. Each amount goes to the day of its reading. Pure.
import { IntervalClock } from './intervals';
import { KeyedMap } from './keyed';
import type { BucketItem } from './summary';
import { numberOfCell, type Layout } from './row-parse';

export interface EnergyEntry extends BucketItem {
  interval: 'day';
  column: 'kWh';
  kWh: number;
  /** The column the amount was taken from. */
  source: string;
}

const SOURCES = [
  { column: 'consumptionKWh', perRow: true, toKWh: 1 },
  { column: 'energyWh', perRow: false, toKWh: 0.001 },
  { column: 'totalKWh', perRow: false, toKWh: 1 },
];

type Source = (typeof SOURCES)[number] & { at: number };

/** The energy column of a file's layout, or null when it has none. */
export function energySource(layout: Layout): Source | null {
  for (const s of SOURCES) {
    const at = layout.index.get(s.column);
    if (at !== undefined) return { ...s, at };
  }
  return null;
}

export class EnergyDays {
  private readonly counters = new Map<string, number>();
  private readonly days = new KeyedMap<number, { kWh: number; source: string }>(() => ({ kWh: 0, source: '' }));

  constructor(private readonly clock: IntervalClock) {}

  add(source: Source, key: string, t: number, cells: string[]): void {
    const v = numberOfCell(cells[source.at]);
    if (!Number.isFinite(v)) return;
    let amount = 0;
    if (source.perRow) {
      amount = Math.max(0, v);
    } else {
      const id = `${source.column}\u0000${key}`;
      const before = this.counters.get(id);
      this.counters.set(id, v);
      if (before !== undefined) amount = v >= before ? v - before : Math.max(0, v);
    }
    const day = this.days.at(key, this.clock.startOf(t));
    if (day.source === '') day.source = source.column;
    day.kWh += amount * source.toKWh;
  }

  entries(): EnergyEntry[] {
    const out: EnergyEntry[] = [];
    for (const [key, start, { kWh, source }] of this.days.sorted()) {
      out.push({ key, start, interval: 'day', column: 'kWh', kWh, source });
    }
    return out;
  }
}
