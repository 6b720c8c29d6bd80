// How far a benchmark figure moves with the machine's noise: a bootstrap over its rounds.
// A figure here is a ratio of medians over a handful of rounds (per node: 9; pipeline: 5), and
// on a shared machine identical code gave 1.6 in one run and 3.2 in the next. Drawing the
// rounds again with replacement, many times, and recomputing the figure from each draw shows
// how much of its value the particular rounds decided: a goal whose interval straddles it was
// met or missed by the rounds, not settled by them. Rounds are drawn whole, so the variants
// measured in the same round stay paired, as the figure pairs them. The draws come from the
// simulator's seeded source, so the same rounds always give the same interval.
import { seededRandom } from '../../sim/random';
import { parseGoal } from './report';

export interface Interval {
  low: number;
  high: number;
  /** Share of the draws between low and high, e.g. 0.8. */
  coverage: number;
}

/**
 * The middle `coverage` of `statistic` over `draws` resamples of round indices 0..rounds-1.
 * `statistic` gets the drawn indices (with repeats) and computes the figure from those rounds;
 * draws that give no finite figure are left out. NaN bounds when fewer than two rounds.
 */
export function bootstrapInterval(
  rounds: number,
  statistic: (picked: number[]) => number,
  options: { draws?: number; coverage?: number; seed?: number } = {},
): Interval {
  const { draws = 2000, coverage = 0.8, seed = 1 } = options;
  if (rounds < 2) return { low: NaN, high: NaN, coverage };
  const next = seededRandom(seed);
  const values: number[] = [];
  const picked = new Array<number>(rounds);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < rounds; i++) picked[i] = Math.floor(next() * rounds);
    const v = statistic(picked);
    if (Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return { low: NaN, high: NaN, coverage };
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))];
  return { low: at((1 - coverage) / 2), high: at((1 + coverage) / 2), coverage };
}

/** "80 % of redrawn rounds: 1.41–2.20", and whether that range holds the goal's bound. */
export function describeInterval(iv: Interval, goal?: string, digits = 2): string {
  if (!Number.isFinite(iv.low)) return '';
  const text = `${Math.round(iv.coverage * 100)} % of redrawn rounds: ${iv.low.toFixed(digits)}–${iv.high.toFixed(digits)}`;
  const bound = parseGoal(goal)?.bound;
  return bound !== undefined && iv.low <= bound && bound <= iv.high ? `${text}, which holds the goal's ${bound}` : text;
}
