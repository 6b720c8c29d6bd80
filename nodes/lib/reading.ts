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

export interface Reading extends Partial<Record<VitalName, number>> {
  deviceId: string;
  patientId?: string;
  /** ISO 8601, UTC. */
  timestamp: string;
  onOxygen?: boolean;
  consciousness?: Consciousness;
  /** Vitals present in the input but outside their plausibility limits or not numbers. */
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
