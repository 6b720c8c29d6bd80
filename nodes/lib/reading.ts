// The normalised reading: the one shape every health node consumes and produces.
// Each vital is a plain number in one canonical unit.
import { finiteNumber } from './plain-data';

/** ACVPU consciousness levels, as NEWS2 uses them. */
export type Consciousness = 'A' | 'C' | 'V' | 'P' | 'U';

/** What a vital measures: its values and its units share one canonical unit. */
export type Measure = 'rate' | 'percent' | 'temperature' | 'pressure' | 'glucose' | 'mass';

interface VitalDef {
  /** Canonical unit, UCUM code. */
  ucum: string;
  /** The same unit as people write it, for messages and the editor. */
  label: string;
  measures: Measure;
  /** Plausibility limits [min, max], inclusive: wide enough for any real reading, narrow enough
   *  to catch unit mix-ups and sensor garbage. Not clinical alarm limits. */
  limits: readonly [number, number];
}

/** The numeric vitals, in the order a reading lists them. */
export const VITALS = {
  heartRate: { ucum: '/min', label: '/min', measures: 'rate', limits: [20, 300] },
  respiratoryRate: { ucum: '/min', label: '/min', measures: 'rate', limits: [2, 80] },
  spo2: { ucum: '%', label: '%', measures: 'percent', limits: [50, 100] },
  temperature: { ucum: 'Cel', label: '°C', measures: 'temperature', limits: [25, 45] },
  systolic: { ucum: 'mm[Hg]', label: 'mmHg', measures: 'pressure', limits: [40, 300] },
  diastolic: { ucum: 'mm[Hg]', label: 'mmHg', measures: 'pressure', limits: [20, 200] },
  meanArterial: { ucum: 'mm[Hg]', label: 'mmHg', measures: 'pressure', limits: [30, 250] },
  glucose: { ucum: 'mmol/L', label: 'mmol/L', measures: 'glucose', limits: [1, 50] },
  weight: { ucum: 'kg', label: 'kg', measures: 'mass', limits: [0.5, 400] },
} as const satisfies Record<string, VitalDef>;

export type VitalName = keyof typeof VITALS;
export const VITAL_NAMES = Object.keys(VITALS) as VitalName[];

export const isVitalName = (name: string): name is VitalName => Object.hasOwn(VITALS, name);

/** A vital that was present in the input but not kept, and why. */
export interface DroppedVital {
  /** A vital's name, or the input field it came in (`bp` for a "120/80" pair). */
  field: string;
  value: unknown;
  reason: string;
}

/** A field a device announced but sent no usable value for (an IEEE-11073 NaN, NRes, ±INF...). */
export interface AbsentValue {
  field: string;
  /** 'not-a-number' | 'nres' | 'positive-infinity' | 'negative-infinity' | 'reserved' |
   *  'measurement-unsuccessful' | 'unknown-user' | 'unknown' | 'out-of-range' | 'device-clock-not-set' */
  reason: string;
}

export type SensorContact = 'detected' | 'not-detected' | 'not-supported';

/** What a Bluetooth LE packet adds to a reading: only the fields its flags announced. */
export interface BleExtras {
  /** PLX Continuous: the fast and slow averages beside the normal spo2/heartRate pair. */
  spo2Fast?: number;
  heartRateFast?: number;
  spo2Slow?: number;
  heartRateSlow?: number;
  /** Beat-to-beat intervals, ms. */
  rrIntervals?: number[];
  /** kJ since the sensor was reset; 65535 means "65535 or more". */
  energyExpended?: number;
  sensorContact?: SensorContact;
  /** armpit, body, ear, finger, gastrointestinal, mouth, rectum, toe, tympanum. */
  temperatureSite?: string;
  /** The device's user number 0–254. */
  userId?: number;
  /** %. */
  pulseAmplitudeIndex?: number;
  /** kg/m². */
  bmi?: number;
  /** m. */
  height?: number;
  /** The device's measurement/sensor status words (e.g. 'irregular-pulse', 'questionable'). */
  status?: string[];
  /** True when the device marks the value an early estimate or questionable: passed on, use with care. */
  flagged?: boolean;
  /** Fields sent as special values instead of numbers. Never a number, never 0. */
  absent?: AbsentValue[];
  /** Decimals the device's value carries, per field (for display and FHIR rounding). */
  precision?: Record<string, number>;
}

export interface Reading extends Partial<Record<VitalName, number>>, BleExtras {
  deviceId: string;
  patientId?: string;
  /** ISO 8601, UTC. */
  timestamp: string;
  onOxygen?: boolean;
  consciousness?: Consciousness;
  /** Vitals present in the input but refused (outside their limits, not numbers). */
  dropped?: DroppedVital[];
  /** Keys of the message that gave the reading nothing: unknown ones, or a second id or time key
   *  that lost to a better one. At most MAX_IGNORED_KEYS, each cut to 40 characters. */
  ignored?: string[];
  /** How many more keys were ignored beyond those listed, when there were more. */
  ignoredMore?: number;
}

/** A message with thousands of junk keys must not make a reading that size. */
export const MAX_IGNORED_KEYS = 20;

/** Inclusive plausibility limits [min, max] per vital, in canonical units. */
export type Limits = Record<VitalName, [number, number]>;

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze(
  Object.fromEntries(VITAL_NAMES.map((name) => [name, [...VITALS[name].limits]])) as Limits,
);

/** Limits from a node's config: each vital's [min, max] if two finite numbers with min < max, else the default. */
export function resolveLimits(config: unknown): Limits {
  const out: Limits = { ...DEFAULT_LIMITS };
  if (config === null || typeof config !== 'object') return out;
  const given = config as Record<string, unknown>;
  for (const name of VITAL_NAMES) {
    const pair = Object.hasOwn(given, name) ? given[name] : undefined;
    if (!Array.isArray(pair) || pair.length !== 2) continue;
    const [min, max] = pair.map(finiteNumber);
    if (min !== undefined && max !== undefined && min < max) out[name] = [min, max];
  }
  return out;
}
