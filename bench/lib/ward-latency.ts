// Delay from a probe's raising reading to its alarm on the page: each raise matched with the
// first alarm of its key seen on the page from its cycle's first high reading on, and before the
// key's next cycle. A raise whose alarm never showed counts as not seen (an infinite delay), so a
// page that misses alarms cannot look fast.
import { Raise } from './ward-probes';
import { AlarmSeen } from './ward-page';

export interface Delays {
  /** Delay per raise in ms, in the order of the raises; Infinity when its alarm never showed. */
  ms: number[];
  seen: number;
  raised: number;
  /** Alarms that showed before the raising reading was published (the high reading before it raised alone). */
  early: number;
}

export function matchDelays(raises: readonly Raise[], alarms: readonly AlarmSeen[]): Delays {
  const byKey = new Map<string, number[]>();
  for (const a of alarms) {
    let list = byKey.get(a.key);
    if (!list) byKey.set(a.key, (list = []));
    list.push(a.t);
  }
  for (const list of byKey.values()) list.sort((x, y) => x - y);
  const nextCycle = new Map<Raise, number>();
  const lastOfKey = new Map<string, Raise>();
  for (const r of raises) {
    const before = lastOfKey.get(r.key);
    if (before) nextCycle.set(before, r.firstHighAt);
    lastOfKey.set(r.key, r);
  }
  const ms: number[] = [];
  let early = 0;
  for (const r of raises) {
    const until = nextCycle.get(r) ?? Infinity;
    const t = (byKey.get(r.key) ?? []).find((x) => x >= r.firstHighAt && x < until);
    if (t === undefined) {
      ms.push(Infinity);
      continue;
    }
    if (t < r.raiseAt) early++;
    ms.push(t - r.raiseAt);
  }
  return { ms, seen: ms.filter((x) => Number.isFinite(x)).length, raised: raises.length, early };
}

/** The p-th percentile (0-100) by nearest rank; NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}
