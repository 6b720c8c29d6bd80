// An SVG path through one value per bucket (null = a gap): cheap to draw, no chart library.
// The scale starts at 0 (or the lowest value when it is negative), so a flat score of 2 and a
// flat score of 8 do not look the same.

export interface SparkPath {
  /** The path's d attribute; '' when there is nothing to draw. */
  d: string;
  /** Lowest and highest value drawn, and the most recent one (null when there is none). */
  min: number;
  max: number;
  last: number | null;
}

export function sparkPath(values: readonly (number | null)[], width: number, height: number): SparkPath {
  let min = Infinity;
  let max = -Infinity;
  let last: number | null = null;
  for (const v of values) {
    if (v === null) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    last = v;
  }
  if (last === null) return { d: '', min: 0, max: 0, last: null };
  const lo = Math.min(0, min);
  const top = Math.max(max, lo + 1);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const y = (v: number) => (height - ((v - lo) / (top - lo)) * height).toFixed(1);
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    const x = (i * step).toFixed(1);
    // A lone value between gaps is drawn as a short dash so that it shows.
    const lone = !pen && (i + 1 >= values.length || values[i + 1] === null);
    d += pen ? `L${x} ${y(v)}` : lone ? `M${x} ${y(v)}h${i === values.length - 1 ? -1.5 : 1.5}` : `M${x} ${y(v)}`;
    pen = !lone;
  });
  return { d, min, max, last };
}
