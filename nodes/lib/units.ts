// Unit conversions into the canonical units of a reading, and the units each vital may be sent
// in. Conversions keep full precision; rounding is the caller's choice.
import type { Measure } from './reading';

/** Exact: 1 mmHg = 133.322387415 Pa. */
const PA_PER_MMHG = 133.322387415;
/** Glucose molar mass 180.16 g/mol ÷ 10: our declared factor (meters often use 18.0). */
const MGDL_PER_MMOLL = 18.016;

export const fahrenheitToCelsius = (f: number): number => ((f - 32) * 5) / 9;
export const celsiusToFahrenheit = (c: number): number => (c * 9) / 5 + 32;
export const kpaToMmHg = (kpa: number): number => (kpa * 1000) / PA_PER_MMHG;
export const mmHgToKpa = (mmHg: number): number => (mmHg * PA_PER_MMHG) / 1000;
/** Exact by definition: 1 lb = 0.45359237 kg. */
export const lbToKg = (lb: number): number => lb * 0.45359237;

/** Round to a number of decimals without the 1.005 → 1.00 binary surprise of toFixed. */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round((value + Number.EPSILON * Math.sign(value)) * f) / f;
}

/** A unit a vital may be sent in, and how it converts into the vital's canonical unit. */
interface UnitDef {
  label: string;
  measures: Measure;
  /** Absent for the canonical unit: the value passes unchanged and unrounded. */
  toCanonical?: (v: number) => number;
  /** Decimals kept after a conversion: 0.1 °C, 0.1 mmHg, 0.1 mmol/L, 0.01 kg. */
  decimals?: number;
  /** Spellings, as normaliseUnit writes them. */
  spellings: readonly string[];
}

export const UNITS: readonly UnitDef[] = [
  {
    label: '/min',
    measures: 'rate',
    spellings: ['/min', 'bpm', 'beats/min', 'breaths/min', 'rpm', 'brpm', '1/min', 'min-1'],
  },
  { label: '%', measures: 'percent', spellings: ['%', 'pct', 'percent'] },
  { label: '°C', measures: 'temperature', spellings: ['c', 'cel', 'degc', 'celsius'] },
  {
    label: '°F',
    measures: 'temperature',
    toCanonical: fahrenheitToCelsius,
    decimals: 1,
    spellings: ['f', '[degf]', 'degf', 'fahrenheit'],
  },
  { label: 'mmHg', measures: 'pressure', spellings: ['mmhg', 'mm[hg]'] },
  { label: 'kPa', measures: 'pressure', toCanonical: kpaToMmHg, decimals: 1, spellings: ['kpa'] },
  { label: 'mmol/L', measures: 'glucose', spellings: ['mmol/l', 'mmol'] },
  { label: 'mg/dL', measures: 'glucose', toCanonical: (v) => v / MGDL_PER_MMOLL, decimals: 1, spellings: ['mg/dl'] },
  { label: 'kg', measures: 'mass', spellings: ['kg', 'kgs'] },
  { label: 'g', measures: 'mass', toCanonical: (g) => g / 1000, decimals: 2, spellings: ['g'] },
  {
    label: 'lb',
    measures: 'mass',
    toCanonical: lbToKg,
    decimals: 2,
    spellings: ['lb', 'lbs', '[lb_av]', 'pound', 'pounds'],
  },
];

const UNIT_BY_SPELLING = new Map(UNITS.flatMap((u) => u.spellings.map((s) => [s, u] as const)));

/** Lower case, no spaces or degree signs; ℃/℉ become c/f. Long text is no unit. */
function normaliseUnit(unit: string): string {
  if (unit.length > 16) return '';
  return unit
    .toLowerCase()
    .replace(/[\s°º˚]+/g, '')
    .replace('℃', 'c')
    .replace('℉', 'f');
}

export const lookupUnit = (unit: string): UnitDef | undefined => UNIT_BY_SPELLING.get(normaliseUnit(unit));
