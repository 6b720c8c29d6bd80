// The normalised reading: the one shape every health node consumes and produces.
// Each vital is a plain number in one canonical unit (see ../shared/specs/health.md §1–2).

/** ACVPU consciousness levels, as NEWS2 uses them. */
export type Consciousness = 'A' | 'C' | 'V' | 'P' | 'U';

/** Numeric vitals, with their canonical units. */
export const VITALS = {
  heartRate: '/min',
  respiratoryRate: '/min',
  spo2: '%',
  temperature: 'Cel',
  systolic: 'mm[Hg]',
  diastolic: 'mm[Hg]',
  meanArterial: 'mm[Hg]',
  glucose: 'mmol/L',
  weight: 'kg',
} as const;

export type VitalName = keyof typeof VITALS;
export const VITAL_NAMES = Object.keys(VITALS) as VitalName[];

/** A vital that was present in the input but not kept, and why. */
export interface DroppedVital {
  field: VitalName | string;
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

/**
 * What a Bluetooth LE packet adds to a reading (health.md §4). Only readings decoded from a
 * BLE characteristic carry these, and only the fields the packet's flags announced.
 */
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
  /** Vitals present in the input but outside their plausibility limits or not numbers. Unlike
   *  `absent`, these had a value and it was refused. */
  dropped?: DroppedVital[];
}

/** Inclusive plausibility limits [min, max] per vital, in canonical units. */
export type Limits = Record<VitalName, [number, number]>;

/**
 * Engineering plausibility limits from health.md §1: wide enough never to reject a real
 * reading, narrow enough to catch unit mix-ups and sensor garbage. Not clinical alarm limits.
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  heartRate: [20, 300],
  respiratoryRate: [2, 80],
  spo2: [50, 100],
  temperature: [25, 45],
  systolic: [40, 300],
  diastolic: [20, 200],
  meanArterial: [30, 250],
  glucose: [1, 50],
  weight: [0.5, 400],
}) as Readonly<Limits>;
