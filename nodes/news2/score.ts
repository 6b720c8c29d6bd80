// NEWS2 scoring per parameter, by the Royal College of Physicians' 2017 chart. Every numeric
// parameter is a chain of "≤ upper bound" tests, so any number (a fraction, a °F→°C conversion)
// falls into exactly one row.

import type { Consciousness } from '../lib/reading';

export type Spo2Scale = 1 | 2;

/** The seven NEWS2 parameters, in chart order. `oxygen` is "air or oxygen?". */
export const NEWS2_PARAMETERS = [
  'respiratoryRate',
  'spo2',
  'oxygen',
  'systolic',
  'heartRate',
  'consciousness',
  'temperature',
] as const;
export type News2Parameter = (typeof NEWS2_PARAMETERS)[number];

/** A parameter's score, or null when it cannot be scored (never 0 for "unknown"). */
export type ParameterScores = Record<News2Parameter, number | null>;

/** The vitals of a Reading the scorer needs, each possibly absent. */
export interface News2Inputs {
  respiratoryRate?: number;
  spo2?: number;
  onOxygen?: boolean;
  systolic?: number;
  heartRate?: number;
  consciousness?: Consciousness;
  temperature?: number;
}

/**
 * A value converted from °F or kPa can land a hair above a boundary (38.000000000000007): a
 * tolerance far below any clinical difference keeps it in its row; 38.01 is still above 38.0.
 */
const TOLERANCE = 1e-9;

/** A chart row as "≤ upper bound → score" steps, lowest bound first. */
type Chain = ReadonlyArray<readonly [upper: number, score: number]>;

/** Walk a chain; values above the last bound get `above`. */
function chain(value: number, steps: Chain, above: number): number {
  return steps.find(([upper]) => value <= upper + TOLERANCE)?.[1] ?? above;
}

// The chart's rows as it prints them, one per line. Temperature tops out at 2 (≥ 39.1), not 3.
// SpO2 Scale 2: below the target range 88–92 % by the low chain, in it 0, above it by air or oxygen.
// prettier-ignore
const CHART = {
  respiratoryRate:  [[8, 3], [11, 1], [20, 0], [24, 2]],
  systolic:         [[90, 3], [100, 2], [110, 1], [219, 0]],
  heartRate:        [[40, 3], [50, 1], [90, 0], [110, 1], [130, 2]],
  temperature:      [[35.0, 3], [36.0, 1], [38.0, 0], [39.0, 1]],
  spo2Scale1:       [[91, 3], [93, 2], [95, 1]],
  spo2Scale2Low:    [[83, 3], [85, 2], [87, 1]],
  spo2Scale2Oxygen: [[94, 1], [96, 2]],
} satisfies Record<string, Chain>;
const SPO2_SCALE2_TARGET_TOP = 92;

export const scoreRespiratoryRate = (rr: number): number => chain(rr, CHART.respiratoryRate, 3);
export const scoreSystolic = (sbp: number): number => chain(sbp, CHART.systolic, 3);
export const scoreHeartRate = (pulse: number): number => chain(pulse, CHART.heartRate, 3);
export const scoreTemperature = (celsius: number): number => chain(celsius, CHART.temperature, 2);
export const scoreOxygen = (onOxygen: boolean): number => (onOxygen ? 2 : 0);
/** Alert scores 0; new confusion, voice, pain or unresponsive each score 3. */
export const scoreConsciousness = (level: Consciousness): number => (level === 'A' ? 0 : 3);

/**
 * SpO2 on the given scale. Scale 1 ignores oxygen (scored on its own row). Scale 2 at 93 % or
 * more scores 0 on air and 1–3 on oxygen: unknown (null) when `onOxygen` is unknown.
 */
export function scoreSpo2(spo2: number, scale: Spo2Scale, onOxygen: boolean | undefined): number | null {
  if (scale === 1) return chain(spo2, CHART.spo2Scale1, 0);
  if (spo2 <= SPO2_SCALE2_TARGET_TOP + TOLERANCE) return chain(spo2, CHART.spo2Scale2Low, 0);
  if (onOxygen === undefined) return null;
  return onOxygen ? chain(spo2, CHART.spo2Scale2Oxygen, 3) : 0;
}

const has = (v: number | undefined): v is number => typeof v === 'number';

/** Score every parameter that can be scored; the others are null. */
export function scoreParameters(inputs: News2Inputs, scale: Spo2Scale): ParameterScores {
  return {
    respiratoryRate: has(inputs.respiratoryRate) ? scoreRespiratoryRate(inputs.respiratoryRate) : null,
    spo2: has(inputs.spo2) ? scoreSpo2(inputs.spo2, scale, inputs.onOxygen) : null,
    oxygen: typeof inputs.onOxygen === 'boolean' ? scoreOxygen(inputs.onOxygen) : null,
    systolic: has(inputs.systolic) ? scoreSystolic(inputs.systolic) : null,
    heartRate: has(inputs.heartRate) ? scoreHeartRate(inputs.heartRate) : null,
    consciousness: inputs.consciousness !== undefined ? scoreConsciousness(inputs.consciousness) : null,
    temperature: has(inputs.temperature) ? scoreTemperature(inputs.temperature) : null,
  };
}
