// The board's order: the most urgent tile first. Unacknowledged critical, then unacknowledged
// warning, then any other unacknowledged alarm (a level named by the user, a stale device),
// then tiles whose alarms are all acknowledged, then the rest; within each, the highest score
// first, then the key (numbers in keys compared as numbers: bed-2 before bed-10).

import type { AlarmView, TileView } from './wire';

export const RANK = { critical: 0, warning: 1, otherUnacked: 2, acked: 3, none: 4 } as const;

export function rankOf(alarms: readonly AlarmView[]): number {
  let rank: number = alarms.length > 0 ? RANK.acked : RANK.none;
  for (const a of alarms) {
    if (a.acked) continue;
    const r = a.severity === 'critical' ? RANK.critical : a.severity === 'warning' ? RANK.warning : RANK.otherUnacked;
    if (r < rank) rank = r;
  }
  return rank;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export const compareKeys = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/**
 * Each key's place in compareKeys order. The browser keeps it while its set of keys stays the
 * same and sorts with it: the collator's comparisons are most of the time a sort of 1,000 tiles
 * takes (about 10 ms), and the board sorts at every batch and every change of the filter.
 */
export function keyPlaces(keys: Iterable<string>): Map<string, number> {
  return new Map(
    Array.from(keys)
      .sort(compareKeys)
      .map((k, i) => [k, i]),
  );
}

/** For Array.prototype.sort over tiles whose rank was computed once (rankOf); keys by their place when both have one. */
export function compareTiles(
  a: TileView,
  ra: number,
  b: TileView,
  rb: number,
  places?: ReadonlyMap<string, number>,
): number {
  if (ra !== rb) return ra - rb;
  const sa = a.s ? a.s.total : -Infinity;
  const sb = b.s ? b.s.total : -Infinity;
  if (sa !== sb) return sb - sa;
  const pa = places?.get(a.key);
  const pb = places?.get(b.key);
  return pa !== undefined && pb !== undefined ? pa - pb : compareKeys(a.key, b.key);
}

/** The tiles in board order (a new array); `places` (keyPlaces of the keys) saves comparing keys. */
export function sortTiles(tiles: Iterable<TileView>, places?: ReadonlyMap<string, number>): TileView[] {
  const ranked = Array.from(tiles, (t) => ({ t, r: rankOf(t.a) }));
  ranked.sort((x, y) => compareTiles(x.t, x.r, y.t, y.r, places));
  return ranked.map((x) => x.t);
}
