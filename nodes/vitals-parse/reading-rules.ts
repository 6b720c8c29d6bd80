// What every reading gets, from text or Bluetooth: who it is from, when, and the plausibility
// limits, applied after unit conversion (so that °F sent as °C, or kPa as mmHg, is caught).
import { VITALS, VITAL_NAMES, isVitalName, type Limits, type Reading, type VitalName } from '../lib/reading';
import { fail, showValue, type DropFn, type Refusal } from './reasons';

export interface ReadingOptions {
  limits: Limits;
  /** Index into topic.split('/') of the device id; negative counts from the end (-1 = last). */
  topicSegment: number;
  topic?: unknown;
  /** Receive time, for a reading without a time of its own; a function is called only then. */
  now: Date | (() => Date);
  /** The node's device id for a message that names none; called only then. */
  fallbackDeviceId?: () => unknown;
}

/** An id as the reading keeps it, trimmed; undefined when none is given, false when not an id (or over 200 characters). */
function idFrom(value: unknown): string | undefined | false {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return false;
  const t = value.trim();
  if (t === '') return undefined;
  return t.length <= 200 ? t : false;
}

/** Part `index` of topic.split('/'), trimmed; a negative index counts from the end (-1 = last). */
export function topicSegmentOf(topic: unknown, index: number): string | undefined {
  if (typeof topic !== 'string' || topic === '') return undefined;
  const parts = topic.split('/');
  const part = parts[index < 0 ? parts.length + index : index]?.trim();
  return part === '' ? undefined : part;
}

/**
 * The reading's deviceId, patientId and timestamp, or the refusal. The device id is the
 * message's own, else (when `patientIsDevice`) the patient id, else the topic part, else the
 * node's "device id if none".
 */
export function startReading(
  ownId: unknown,
  patient: unknown,
  time: string | undefined,
  opts: ReadingOptions,
  patientIsDevice: boolean,
): { ok: true; reading: Reading } | Refusal {
  const patientId = idFrom(patient);
  if (patientId === false) return fail('patientId', 'bad-id', { detail: showValue(patient) });
  const own = idFrom(ownId);
  if (own === false) return fail('deviceId', 'bad-id', { detail: showValue(ownId) });
  const deviceId =
    own ??
    (patientIsDevice ? patientId : undefined) ??
    topicSegmentOf(opts.topic, opts.topicSegment) ??
    (opts.fallbackDeviceId && idFrom(opts.fallbackDeviceId()));
  if (deviceId === false) return fail('deviceId', 'bad-id', { detail: "the node's device id setting" });
  if (deviceId === undefined) return fail('deviceId', 'no-device-id', { detail: String(opts.topicSegment) });
  const timestamp = time ?? (typeof opts.now === 'function' ? opts.now() : opts.now).toISOString();
  // Keys in a fixed order, so that debug output reads the same for every message.
  return { ok: true, reading: patientId === undefined ? { deviceId, timestamp } : { deviceId, patientId, timestamp } };
}

type Values = Partial<Record<string, number>>;
const vitalOf = (field: string): VitalName | undefined => (isVitalName(field) ? field : undefined);

/**
 * Removes from `values`, reporting each through `drop`, what is outside its limits, then a
 * diastolic not below systolic (both). `limitOf` names the vital whose limits a field borrows
 * (a PLX fast SpO2 uses spo2's); fields it names none for are not checked. The vitals go first,
 * in their order, then the other fields: `dropped` lists them so.
 */
export function applyLimits(values: Values, limits: Limits, drop: DropFn, limitOf = vitalOf): void {
  for (const name of VITAL_NAMES) checkLimits(values, name, limitOf(name), limits, drop);
  for (const key of Object.keys(values)) if (!isVitalName(key)) checkLimits(values, key, limitOf(key), limits, drop);
  const { systolic, diastolic } = values;
  if (systolic !== undefined && diastolic !== undefined && diastolic >= systolic) {
    delete values.systolic;
    delete values.diastolic;
    const params = { value: String(diastolic), detail: String(systolic) };
    drop('systolic', systolic, 'bp-order', params);
    drop('diastolic', diastolic, 'bp-order', params);
  }
}

function checkLimits(values: Values, field: string, vital: VitalName | undefined, limits: Limits, drop: DropFn): void {
  const value = values[field];
  if (value === undefined || vital === undefined) return;
  const [min, max] = limits[vital];
  if (value < min || value > max) {
    delete values[field];
    const unit = VITALS[vital].label;
    drop(field, value, 'out-of-range', { value: String(value), min: String(min), max: String(max), unit });
  }
}
