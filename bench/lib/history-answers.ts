// The two sides of the history benchmark answer the same questions; these checks say whether
// they gave the same answer. Each side writes its answer to a JSON file after its timed part:
// a series as [x (ms), y] pairs, an hourly summary as one row per patient, hour and column.

/** [key, start of the hour (ms), column, count, min, max, mean, first, last] */
export type GroupRow = [string, number, string, number, number, number, number, number, number];

export interface SeriesAnswer {
  points: [number, number][];
}

export interface SummaryAnswer {
  groups: GroupRow[];
}

export interface Check {
  ok: boolean;
  /** One line for the report: what agreed, or the first differences. */
  says: string;
}

const MAX_LISTED = 5;
const n = (count: number) => count.toLocaleString('en-US');

/**
 * A chart series drawn from a patient's readings (ours: at most `maxPoints`, each bucket's minimum
 * and maximum) against every reading in the range (pandas' filtered frame): every point must be a
 * reading, and the series must keep the range's highest and lowest value.
 */
export function compareSeries(ours: SeriesAnswer, all: SeriesAnswer, maxPoints: number): Check {
  const readings = new Map<number, number>();
  for (const [x, y] of all.points) readings.set(x, y);
  const problems: string[] = [];
  if (all.points.length === 0) problems.push('pandas found no reading in the range');
  if (ours.points.length === 0) problems.push('ours drew no point');
  if (ours.points.length > maxPoints) problems.push(`ours drew ${ours.points.length} points, more than ${maxPoints}`);
  const notReadings = ours.points.filter(([x, y]) => readings.get(x) !== y);
  if (notReadings.length) {
    const listed = notReadings.slice(0, MAX_LISTED).map(([x, y]) => `${new Date(x).toISOString()} ${y}`);
    problems.push(`${notReadings.length} of our points are no reading: ${listed.join(', ')}`);
  }
  const extremes = (points: [number, number][]) => {
    let min = Infinity;
    let max = -Infinity;
    for (const [, y] of points) {
      if (y < min) min = y;
      if (y > max) max = y;
    }
    return { min, max };
  };
  const a = extremes(ours.points);
  const b = extremes(all.points);
  if (a.max !== b.max) problems.push(`highest value: ours ${a.max}, pandas ${b.max}`);
  if (a.min !== b.min) problems.push(`lowest value: ours ${a.min}, pandas ${b.min}`);
  if (problems.length) return { ok: false, says: problems.join('; ') };
  return {
    ok: true,
    says:
      `same answer: ${n(ours.points.length)} points drawn from pandas' ${n(all.points.length)} readings, ` +
      `each one a reading, highest ${b.max} and lowest ${b.min} kept`,
  };
}

const sameNumber = (a: number, b: number) => a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Hourly groups (patient, hour, column) on both sides: the same groups with the same figures. */
export function compareSummary(ours: SummaryAnswer, theirs: SummaryAnswer): Check {
  const id = (g: GroupRow) => `${g[0]} ${new Date(g[1]).toISOString()} ${g[2]}`;
  const byId = new Map<string, GroupRow>();
  for (const g of theirs.groups) byId.set(id(g), g);
  const names = ['count', 'min', 'max', 'mean', 'first', 'last'];
  const differences: string[] = [];
  let missing = 0;
  for (const g of ours.groups) {
    const t = byId.get(id(g));
    if (!t) {
      missing++;
      if (differences.length < MAX_LISTED) differences.push(`${id(g)}: not in pandas' answer`);
      continue;
    }
    for (let i = 3; i < 9; i++) {
      if (!sameNumber(g[i] as number, t[i] as number)) {
        if (differences.length < MAX_LISTED) differences.push(`${id(g)} ${names[i - 3]}: ours ${g[i]}, pandas ${t[i]}`);
        missing++;
        break;
      }
    }
  }
  const counts = `ours ${n(ours.groups.length)} groups, pandas ${n(theirs.groups.length)}`;
  if (ours.groups.length !== theirs.groups.length || missing > 0) {
    return { ok: false, says: `${counts}; ${missing} differ: ${differences.join('; ')}` };
  }
  let readings = 0;
  let maxHeartRate = -Infinity;
  for (const g of theirs.groups) {
    readings += g[3];
    if (g[2] === 'heartRate' && g[5] > maxHeartRate) maxHeartRate = g[5];
  }
  return {
    ok: true,
    says:
      `same answer: ${n(ours.groups.length)} groups (patient, hour, vital) over ${n(readings)} values, count, min, max, ` +
      `mean, first and last equal in each; highest heart rate ${maxHeartRate} on both sides`,
  };
}
