// Energy arithmetic shared by energy-probe and energy-meter. Everything accumulates in joules or
// kWh as floating point; rounding is for display only.
import { finiteNumber } from './plain-data';

/** CodeCarbon's world-average grid intensity, its fallback when the grid is unknown, g CO2e per kWh. */
export const DEFAULT_GRID_INTENSITY = 475;

export const joulesToKWh = (j: number): number => j / 3_600_000;
export const joulesToWh = (j: number): number => j / 3600;

/** A power sample: t in ms (Date.now(), as a device's state keeps it), w in watts. */
interface PowerSample {
  t: number;
  w: number;
}

/**
 * Energy of one interval by the trapezoid rule, in joules; 0 when the interval is not positive
 * or longer than maxGapS: a long silence means a missing device, and a straight line over it
 * would invent energy.
 */
export function trapezoidStep(a: PowerSample, b: PowerSample, maxGapS = Infinity): number {
  const dtS = (b.t - a.t) / 1000;
  if (!(dtS > 0) || dtS > maxGapS) return 0;
  return (dtS * (a.w + b.w)) / 2;
}

export const energyCost = (kwh: number, pricePerKWh: number): number => kwh * pricePerKWh;

/** Grams CO2e of an amount of energy at a grid intensity in g/kWh. */
export const co2Grams = (kwh: number, gramsPerKWh: number): number => kwh * gramsPerKWh;

/**
 * A price or intensity given as a number or a numeric string (typed inputs and env vars yield
 * strings); undefined for anything else, negatives included.
 */
export function toNonNegativeNumber(v: unknown): number | undefined {
  const n = finiteNumber(v);
  return n !== undefined && n >= 0 ? n : undefined;
}

/** A message's price per kWh (none: no cost) in its currency, and grid intensity in g CO2e per kWh. */
export interface Pricing {
  pricePerKWh?: number;
  currency?: string;
  intensity: number;
}
