// NEWS2 by the Royal College of Physicians' 2017 chart: a score per parameter, the aggregate and
// its band. Every numeric parameter is a chain of "≤ upper bound" tests, so any number (a
// fraction, a °F→°C conversion) falls into exactly one row. A parameter that cannot be scored is
// null and listed in `missing`, never 0; the total is then a lower bound of the true aggregate,
// and the band follows from that lower bound.

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
  for (const [upper, score] of steps) if (value <= upper + TOLERANCE) return score;
  return above;
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

export const BANDS = ['low', 'low-medium', 'medium', 'high'] as const;
export type Band = (typeof BANDS)[number];

/**
 * Band from an aggregate and the per-parameter scores (null = not scored), in the RCP's order of
 * precedence: the single-3 rule sits below the total rules (a 3 with a total of 5 is medium).
 */
export function bandFor(total: number, scores: Partial<ParameterScores>): Band {
  if (total >= 7) return 'high';
  if (total >= 5) return 'medium';
  if (NEWS2_PARAMETERS.some((name) => scores[name] === 3)) return 'low-medium';
  return 'low';
}

export interface News2Assessment {
  total: number;
  band: Band;
  scores: ParameterScores;
  /** All seven parameters scored. */
  complete: boolean;
  /** Parameters whose score is null, in chart order. */
  missing: News2Parameter[];
  scale: Spo2Scale;
}

export function assess(inputs: News2Inputs, scale: Spo2Scale): News2Assessment {
  const scores = scoreParameters(inputs, scale);
  const missing = NEWS2_PARAMETERS.filter((name) => scores[name] === null);
  const total = NEWS2_PARAMETERS.reduce((sum, name) => sum + (scores[name] ?? 0), 0);
  return { total, band: bandFor(total, scores), scores, complete: missing.length === 0, missing, scale };
}
