// Unit conversions into the canonical units of a reading, with the factors of
// health.md §2. Full precision is kept here; rounding for display is the caller's choice.

/** 1 mmHg = 133.322387415 Pa. */
export const PA_PER_MMHG = 133.322387415;
/** Glucose molar mass 180.16 g/mol ÷ 10: our declared canonical factor (meters often use 18.0). */
export const GLUCOSE_MGDL_PER_MMOLL = 18.016;
/** Exact by definition. */
export const KG_PER_LB = 0.45359237;

export const fahrenheitToCelsius = (f: number): number => ((f - 32) * 5) / 9;
export const celsiusToFahrenheit = (c: number): number => (c * 9) / 5 + 32;
export const kpaToMmHg = (kpa: number): number => (kpa * 1000) / PA_PER_MMHG;
export const mmHgToKpa = (mmHg: number): number => (mmHg * PA_PER_MMHG) / 1000;
export const mgdlToMmoll = (mgdl: number): number => mgdl / GLUCOSE_MGDL_PER_MMOLL;
export const mmollToMgdl = (mmoll: number): number => mmoll * GLUCOSE_MGDL_PER_MMOLL;
export const lbToKg = (lb: number): number => lb * KG_PER_LB;

/** Round to a number of decimals without the 1.005 → 1.00 binary surprise of toFixed. */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round((value + Number.EPSILON * Math.sign(value)) * f) / f;
}
