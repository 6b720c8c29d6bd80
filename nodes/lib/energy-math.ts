// Energy arithmetic shared by energy-probe and energy-meter: units, trapezoid integration, cost, CO2.
// Everything accumulates in joules or kWh as floating point; rounding is for display only.

/** CodeCarbon's world-average grid intensity, its fallback when the grid is unknown, g CO2e per kWh. */
export const DEFAULT_GRID_INTENSITY = 475;

export const J_PER_KWH = 3_600_000;
export const J_PER_WH = 3600;

export const joulesToKWh = (j: number): number => j / J_PER_KWH;
export const joulesToWh = (j: number): number => j / J_PER_WH;

/** A power sample: t in seconds on any monotonic axis, w in watts. */
export interface PowerSample {
  t: number;
  w: number;
}

/**
 * Energy of one interval by the trapezoid rule, in joules. Returns 0 when the interval is not
 * positive or longer than maxGapS: a long silence means a missing device, and bridging it with a
 * straight line would invent energy.
 */
export function trapezoidStep(a: PowerSample, b: PowerSample, maxGapS = Infinity): number {
  const dt = b.t - a.t;
  if (!(dt > 0) || dt > maxGapS) return 0;
  return (dt * (a.w + b.w)) / 2;
}

/** Trapezoid integral of a series of samples (sorted by t), in joules; gaps over maxGapS are skipped. */
export function trapezoidJoules(samples: readonly PowerSample[], maxGapS = Infinity): number {
  let j = 0;
  for (let i = 1; i < samples.length; i++) j += trapezoidStep(samples[i - 1], samples[i], maxGapS);
  return j;
}

/** Cost of an amount of energy at a flat price per kWh. */
export const energyCost = (kwh: number, pricePerKWh: number): number => kwh * pricePerKWh;

/** Grams CO2e of an amount of energy at a grid intensity in g/kWh. */
export const co2Grams = (kwh: number, gramsPerKWh: number): number => kwh * gramsPerKWh;

/** A finite, non-negative number (what a price or an intensity must be). */
export function isNonNegativeNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

/**
 * Reads a price or intensity that may arrive as a number or a numeric string (typed inputs and
 * env vars yield strings). Returns undefined for anything else, including negatives.
 */
export function toNonNegativeNumber(v: unknown): number | undefined {
  if (typeof v === 'string' && v.trim() !== '') v = Number(v);
  return isNonNegativeNumber(v) ? v : undefined;
}
