// kWh per key and day from energy rows as csv-log's energy examples write them: a per-row
// consumption column (consumptionKWh, what energy-meter counted since the previous message) is
// added up; else a running counter (energyWh from energy-probe, totalKWh) counts its rises, a
// fall being a reset from zero (the new value is the energy since the reset), never negative
// energy. A counter's first reading in the range has nothing to rise from and adds nothing. A
// day with readings but no energy has an entry of 0 kWh.
// Each amount goes to the day of the reading that reports it. Pure.
import { IntervalClock } from './intervals';
import { numberOfCell, type Layout } from './row-parse';

export interface EnergyEntry {
  key: string;
  start: number;
  interval: 'day';
  column: 'kWh';
  kWh: number;
  /** The column the amount was taken from. */
  source: string;
}

type Source = { column: string; at: number; kind: 'per-row' | 'counter'; toKWh: number };

const SOURCES: { column: string; kind: 'per-row' | 'counter'; toKWh: number }[] = [
  { column: 'consumptionKWh', kind: 'per-row', toKWh: 1 },
  { column: 'energyWh', kind: 'counter', toKWh: 0.001 },
  { column: 'totalKWh', kind: 'counter', toKWh: 1 },
];

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
  private readonly days = new Map<string, Map<number, { kWh: number; source: string }>>();

  constructor(private readonly clock: IntervalClock) {}

  add(source: Source, key: string, t: number, cells: string[]): void {
    const v = numberOfCell(cells[source.at]);
    if (!Number.isFinite(v)) return;
    let amount = 0;
    if (source.kind === 'per-row') {
      amount = Math.max(0, v);
    } else {
      const id = `${source.column}\u0000${key}`;
      const before = this.counters.get(id);
      this.counters.set(id, v);
      if (before !== undefined) amount = v >= before ? v - before : Math.max(0, v);
    }
    let byDay = this.days.get(key);
    if (byDay === undefined) {
      byDay = new Map();
      this.days.set(key, byDay);
    }
    const start = this.clock.startOf(t);
    const day = byDay.get(start);
    if (day === undefined) byDay.set(start, { kWh: amount * source.toKWh, source: source.column });
    else day.kWh += amount * source.toKWh;
  }

  entries(): EnergyEntry[] {
    const out: EnergyEntry[] = [];
    for (const key of [...this.days.keys()].sort()) {
      const byDay = this.days.get(key)!;
      for (const start of [...byDay.keys()].sort((a, b) => a - b)) {
        const d = byDay.get(start)!;
        out.push({ key, start, interval: 'day', column: 'kWh', kWh: d.kWh, source: d.source });
      }
    }
    return out;
  }
}
