// A Bluetooth LE packet → the same Reading a JSON message gives, with the BLE extras. The
// decoding itself is the rest of this folder; this file adds what the node promises for every
// reading: the device and patient ids, the timestamp, the plausibility limits and the device's
// own status verdict.
// Pure: no Node-RED import; never throws.
import { VITAL_NAMES, isVitalName, type Limits, type Reading, type VitalName } from '../../lib/reading';
import { roundTo } from '../../lib/units';
import { idFrom, topicSegmentOf } from '../device-id';
import { applyLimits } from '../limits';
import { showValue } from '../reasons';
import { dropValue, fail, failAll, type ParseResult, type Problem } from '../result';
import type { CharacteristicInfo } from './characteristic-id';
import type { DeviceTimeZone } from './date-time';
import { decodeBle } from './index';
import { statusVerdict } from './status-bits';
import type { BleReading } from './types';

export type PayloadEncoding = 'auto' | 'hex' | 'base64';
export const PAYLOAD_ENCODINGS: readonly PayloadEncoding[] = ['auto', 'hex', 'base64'];

export interface BleParseOptions {
  /** How a string payload is read; a Buffer is always bytes. */
  encoding: PayloadEncoding;
  /** How the packet's Date Time (which has no zone) is read; default UTC. */
  timeZone?: DeviceTimeZone;
  /** msg.deviceId: wins over the topic. */
  deviceId?: unknown;
  /** msg.patientId: a packet never names the patient. */
  patientId?: unknown;
  topic?: unknown;
  /** Topic part holding the device id (the node's "Topic part"). */
  topicSegment: number;
  limits: Limits;
  /** Receive time, for packets without their own Date Time. */
  now: Date;
}

/** Fields a PLX Continuous packet adds, checked against the limits of the vital they measure. */
const BORROWED_LIMITS: Readonly<Record<string, VitalName>> = {
  spo2Fast: 'spo2',
  spo2Slow: 'spo2',
  heartRateFast: 'heartRate',
  heartRateSlow: 'heartRate',
};
const limitOf = (f: string): VitalName | undefined => BORROWED_LIMITS[f] ?? (isVitalName(f) ? f : undefined);
const MEASURED = [...VITAL_NAMES, ...Object.keys(BORROWED_LIMITS)];

/** Extras copied as they are, in the order a reading shows them. */
const EXTRAS = [
  'rrIntervals',
  'energyExpended',
  'sensorContact',
  'temperatureSite',
  'userId',
  'pulseAmplitudeIndex',
  'bmi',
  'height',
  'status',
] as const;

/** A value rounded to the decimals the device sent it with (98.6 °F → 37, not 37.00000000000001). */
function rounded(ble: BleReading, field: string, v: number): number {
  const d = ble.precision?.[field];
  return typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= 15 ? roundTo(v, d) : v;
}

export function parseBle(payload: unknown, characteristic: CharacteristicInfo, opts: BleParseOptions): ParseResult {
  const hex = characteristic.hex;
  const encoding = typeof payload === 'string' ? opts.encoding : 'auto';
  const r = decodeBle(payload, characteristic.uuid, { encoding, timeZone: opts.timeZone ?? 'utc' });
  if (!r.ok) {
    if (r.reason === 'too-short') {
      return fail(r.field ?? 'payload', 'too-short', {
        characteristic: hex,
        offset: String(r.offset),
        length: String(r.length),
        label: r.label,
        missing: String(r.missing),
      });
    }
    // The decoder's own sentence, without the "0x2A37: " it starts with (the template names it).
    const detail = r.message.startsWith(`${hex}: `) ? r.message.slice(hex.length + 2) : r.message;
    return fail('payload', 'bad-encoding', { characteristic: hex, detail });
  }
  const ble = r.reading;

  // The device itself says the value is not a measurement (PLX status bits 13 or 15).
  const verdict = statusVerdict(ble.status);
  if (verdict === 'drop') {
    const words = (ble.status ?? []).filter((s) => s === 'measurement-unavailable' || s === 'invalid');
    return fail('status', 'device-status', { characteristic: hex, value: words.join(', ') });
  }

  const values: Record<string, number> = {};
  for (const f of MEASURED) {
    const v = (ble as Record<string, unknown>)[f];
    if (typeof v === 'number') values[f] = rounded(ble, f, v);
  }
  const dropped: NonNullable<Reading['dropped']> = [];
  const problems: Problem[] = [];
  applyLimits(
    values,
    opts.limits,
    (field, value, reason, params) => dropValue(dropped, problems, field, value, reason, params),
    limitOf,
  );

  // A special value is still an answer from the device ("no number"), so it keeps the reading.
  const absentVital = (ble.absent ?? []).some((a) => MEASURED.includes(a.field));
  if (Object.keys(values).length === 0 && !absentVital) return failAll(problems);

  const patient = idFrom(opts.patientId);
  if (patient === false) return fail('patientId', 'bad-id', { detail: showValue(opts.patientId) });
  const device = idFrom(opts.deviceId);
  if (device === false) return fail('deviceId', 'bad-id', { detail: showValue(opts.deviceId) });
  const deviceId = device ?? topicSegmentOf(opts.topic, opts.topicSegment);
  if (deviceId === undefined) return fail('deviceId', 'no-device-id', { detail: String(opts.topicSegment) });

  // Built in a fixed order so that debug output reads the same for every message.
  const reading = { deviceId } as Reading;
  if (patient !== undefined) reading.patientId = patient;
  reading.timestamp = ble.timestamp ?? opts.now.toISOString();
  const out = reading as unknown as Record<string, unknown>;
  for (const f of MEASURED) if (values[f] !== undefined) out[f] = values[f];
  for (const f of EXTRAS) {
    const v = ble[f];
    if (v === undefined) continue;
    out[f] = Array.isArray(v)
      ? [...v]
      : f === 'pulseAmplitudeIndex' || f === 'bmi' || f === 'height'
        ? rounded(ble, f, v as number)
        : v;
  }
  if (verdict === 'flag') reading.flagged = true;
  if (ble.absent) reading.absent = ble.absent.map((a) => ({ ...a }));
  if (ble.precision) {
    // Only for the values still in the reading.
    const kept = Object.entries(ble.precision).filter(([f]) => typeof out[f] === 'number');
    if (kept.length > 0) reading.precision = Object.fromEntries(kept);
  }
  if (dropped.length > 0) reading.dropped = dropped;
  return { ok: true, reading, problems };
}
