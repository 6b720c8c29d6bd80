// A Bluetooth LE packet → the same Reading a JSON message gives (ids, timestamp, plausibility
// limits), with the BLE extras and the device's own status verdict. Pure; never throws.
import { VITAL_NAMES, isVitalName, type DroppedVital, type VitalName } from '../../lib/reading';
import { roundTo } from '../../lib/units';
import { applyLimits, startReading, type ReadingOptions } from '../reading-rules';
import { dropInto, fail, failAll, type ParseResult, type Problem } from '../reasons';
import { decodeBle, statusVerdict, type BleReading, type CharacteristicInfo } from './index';

export const PAYLOAD_ENCODINGS = ['auto', 'hex', 'base64'] as const;
export type PayloadEncoding = (typeof PAYLOAD_ENCODINGS)[number];

/** How a string payload is read (a Buffer is always bytes); msg.deviceId and msg.patientId, which packets never name. */
export type BleOptions = ReadingOptions & { encoding: PayloadEncoding; deviceId?: unknown; patientId?: unknown };

/** Fields a PLX Continuous packet adds, checked against the limits of the vital they measure. */
const BORROWED_LIMITS: Readonly<Record<string, VitalName>> = {
  spo2Fast: 'spo2',
  spo2Slow: 'spo2',
  heartRateFast: 'heartRate',
  heartRateSlow: 'heartRate',
};
const limitOf = (f: string): VitalName | undefined => BORROWED_LIMITS[f] ?? (isVitalName(f) ? f : undefined);
const MEASURED = [...VITAL_NAMES, ...Object.keys(BORROWED_LIMITS)];

/** Extras copied as they are, in the order a reading shows them; the numbers among them are rounded. */
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
const ROUNDED: readonly string[] = ['pulseAmplitudeIndex', 'bmi', 'height'];

/** A value rounded to the decimals the device sent it with (98.6 °F → 37, not 37.00000000000001). */
function rounded(ble: BleReading, field: string, v: number): number {
  const d = ble.precision?.[field];
  return typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= 15 ? roundTo(v, d) : v;
}

export function parseBle(payload: unknown, characteristic: CharacteristicInfo, opts: BleOptions): ParseResult {
  const hex = characteristic.hex;
  const encoding = typeof payload === 'string' ? opts.encoding : 'auto';
  const r = decodeBle(payload, characteristic.uuid, { encoding });
  if (!r.ok && r.reason === 'too-short') {
    const { offset, length, label, missing } = r;
    const params = {
      characteristic: hex,
      offset: String(offset),
      length: String(length),
      label,
      missing: String(missing),
    };
    return fail(r.field ?? 'payload', 'too-short', params);
  }
  // The decoder's own sentence, without the "0x2A37: " it starts with (the template names it).
  if (!r.ok) return fail('payload', 'bad-encoding', { characteristic: hex, detail: r.message.replace(`${hex}: `, '') });
  const ble = r.reading;

  // The device itself says the value is not a measurement (PLX status bits 13 or 15).
  const verdict = statusVerdict(ble.status);
  if (verdict === 'drop') {
    const words = ble.status?.filter((s) => s === 'measurement-unavailable' || s === 'invalid');
    return fail('status', 'device-status', { characteristic: hex, value: words?.join(', ') });
  }

  const values: Record<string, number> = {};
  for (const f of MEASURED) {
    const v = ble[f as keyof BleReading];
    if (typeof v === 'number') values[f] = rounded(ble, f, v);
  }
  const dropped: DroppedVital[] = [];
  const problems: Problem[] = [];
  applyLimits(values, opts.limits, dropInto(dropped, problems), limitOf);
  // A special value is still an answer from the device ("no number"), so it keeps the reading.
  const absentVital = (ble.absent ?? []).some((a) => MEASURED.includes(a.field));
  if (Object.keys(values).length === 0 && !absentVital) return failAll(problems);

  const start = startReading(opts.deviceId, opts.patientId, ble.timestamp, opts, false);
  if (!start.ok) return start;
  const reading = start.reading;
  const out = reading as unknown as Record<string, unknown>;
  for (const f of MEASURED) if (values[f] !== undefined) out[f] = values[f];
  for (const f of EXTRAS) {
    const v = ble[f];
    if (v !== undefined) out[f] = Array.isArray(v) ? [...v] : ROUNDED.includes(f) ? rounded(ble, f, v as number) : v;
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
