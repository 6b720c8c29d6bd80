// Pure model of the simulated patients: baselines, a mean-reverting random walk,
// one patient who deteriorates, and the two payload styles devices send.
// No MQTT here, so the model can be tested and replayed without a broker.
import { Random, gaussian } from './random';
import { celsiusToFahrenheit, roundTo } from '../nodes/lib/units';

export interface Vitals {
  heartRate: number;
  respiratoryRate: number;
  spo2: number;
  temperature: number;
  systolic: number;
  diastolic: number;
}

type VitalKey = keyof Vitals;
const KEYS: VitalKey[] = ['heartRate', 'respiratoryRate', 'spo2', 'temperature', 'systolic', 'diastolic'];

/** JSON objects in the Reading's own field names, or the text line some bedside monitors print. */
export type PayloadStyle = 'json' | 'text';

export interface SimPatient {
  id: string;
  style: PayloadStyle;
  deteriorates: boolean;
  baseline: Vitals;
  /** Where a deteriorating patient's vitals end up. */
  worst: Vitals;
  /** The walk's unrounded state. */
  current: Vitals;
}

/**
 * What the walk may reach: plausible bedside values, well inside the parser's
 * plausibility limits (DEFAULT_LIMITS), so a simulated reading is never rejected.
 */
export const SIM_RANGES: Readonly<Record<VitalKey, [number, number]>> = Object.freeze({
  heartRate: [40, 180],
  respiratoryRate: [8, 40],
  spo2: [82, 100],
  temperature: [34.5, 41],
  systolic: [70, 200],
  diastolic: [40, 120],
});

/** Step noise per reading (one standard deviation). */
const NOISE: Record<VitalKey, number> = {
  heartRate: 1.5,
  respiratoryRate: 0.6,
  spo2: 0.4,
  temperature: 0.04,
  systolic: 2,
  diastolic: 1.5,
};

/** Fraction of the gap to the target closed each step: keeps the walk near its baseline. */
const PULL = 0.2;

/**
 * A deteriorating patient's end state. Scored with NEWS2 (health.md §3): RR 27 → 3, SpO2 89 → 3,
 * SBP 86 → 3, pulse 128 → 2, 39.3 °C → 2: total 13, band high.
 */
export const WORST: Readonly<Vitals> = Object.freeze({
  heartRate: 128,
  respiratoryRate: 27,
  spo2: 89,
  temperature: 39.3,
  systolic: 86,
  diastolic: 54,
});

export function patientId(index: number): string {
  return `p-${String(index + 1).padStart(3, '0')}`;
}

function between(random: Random, min: number, max: number): number {
  return min + (max - min) * random();
}

export interface PatientOptions {
  count: number;
  random: Random;
  /** Id of the patient who deteriorates (without idPrefix); null for none. */
  deteriorating?: string | null;
  /** Id of the device that sends the text-line form (without idPrefix); null for none. */
  textDevice?: string | null;
  /** Put before every patient id, to keep two simulations' patients apart. */
  idPrefix?: string;
}

export function createPatients(options: PatientOptions): SimPatient[] {
  const { count, random } = options;
  const deteriorating = options.deteriorating === undefined ? 'p-003' : options.deteriorating;
  const textDevice = options.textDevice === undefined ? 'p-002' : options.textDevice;
  const patients: SimPatient[] = [];
  for (let i = 0; i < count; i++) {
    const plain = patientId(i);
    const id = `${options.idPrefix ?? ''}${plain}`;
    const baseline: Vitals = {
      heartRate: between(random, 62, 88),
      respiratoryRate: between(random, 12, 18),
      spo2: between(random, 96, 99),
      temperature: between(random, 36.4, 37.2),
      systolic: between(random, 114, 136),
      diastolic: between(random, 68, 84),
    };
    patients.push({
      id,
      style: plain === textDevice ? 'text' : 'json',
      deteriorates: plain === deteriorating,
      baseline,
      worst: { ...WORST },
      current: { ...baseline },
    });
  }
  return patients;
}

/** Where the walk is pulled to after `elapsedMs` of simulated time. */
export function targetAt(patient: SimPatient, elapsedMs: number, deteriorateOverMs: number): Vitals {
  if (!patient.deteriorates) return patient.baseline;
  const progress = deteriorateOverMs > 0 ? Math.min(1, Math.max(0, elapsedMs / deteriorateOverMs)) : 1;
  const target = {} as Vitals;
  for (const k of KEYS) {
    target[k] = patient.baseline[k] + progress * (patient.worst[k] - patient.baseline[k]);
  }
  return target;
}

const clamp = (v: number, [min, max]: [number, number]): number => Math.min(max, Math.max(min, v));

/**
 * One step of the walk; returns the reading as a device would report it
 * (whole numbers, temperature to 0.1 °C). Mutates `patient.current`.
 */
export function advance(patient: SimPatient, random: Random, elapsedMs: number, deteriorateOverMs: number): Vitals {
  const target = targetAt(patient, elapsedMs, deteriorateOverMs);
  const c = patient.current;
  for (const k of KEYS) {
    c[k] = clamp(c[k] + PULL * (target[k] - c[k]) + NOISE[k] * gaussian(random), SIM_RANGES[k]);
  }
  // A cuff never reports a diastolic at or above the systolic.
  c.diastolic = Math.min(c.diastolic, c.systolic - 20);
  return {
    heartRate: Math.round(c.heartRate),
    respiratoryRate: Math.round(c.respiratoryRate),
    spo2: Math.round(c.spo2),
    temperature: roundTo(c.temperature, 1),
    systolic: Math.round(c.systolic),
    diastolic: Math.round(c.diastolic),
  };
}

/** The MQTT payload for one reading, in the patient's device style. */
export function formatPayload(patient: SimPatient, v: Vitals, timestamp: Date): string {
  if (patient.style === 'text') {
    // This style carries no timestamp or id: the parser takes the id from the topic.
    const f = roundTo(celsiusToFahrenheit(v.temperature), 1).toFixed(1);
    return `HR:${v.heartRate}, SpO2:${v.spo2}%, BP ${v.systolic}/${v.diastolic} mmHg, Temp ${f}F`;
  }
  return JSON.stringify({
    patientId: patient.id,
    timestamp: timestamp.toISOString(),
    ...v,
    onOxygen: false,
    consciousness: 'A',
  });
}

export function topicFor(prefix: string, id: string): string {
  return `${prefix}/${id}/vitals`;
}
