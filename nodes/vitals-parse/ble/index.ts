/**
 * Bluetooth LE health characteristics → a partial Reading. Pure: no Node-RED, no I/O, never throws.
 *
 * API for the vitals-parse node
 * -----------------------------
 *   import { decodeBle } from './ble';
 *   const r = decodeBle(msg.payload, characteristic, { encoding: 'auto', timeZone: 'utc' });
 *   if (!r.ok) node.error(r.message, msg);          // r.reason, r.field, r.offset say where/why
 *   else merge r.reading into the Reading           // r.reading.timestamp, if set, wins over receive time
 *
 * decodeBle(value, characteristic, options?) → BleDecodeResult
 *   value           a Buffer / Uint8Array / ArrayBuffer, an array of bytes 0-255, a JSON-serialised
 *                   Buffer {type:'Buffer',data:[...]}, or a hex or base64 string.
 *   characteristic  "2a37", "0x2A37", "2A37", 0x2a37, "00002a37-0000-1000-8000-00805f9b34fb",
 *                   or "org.bluetooth.characteristic.heart_rate_measurement".
 *   options.encoding  'auto' (default) | 'hex' | 'base64' | 'buffer'. Auto: binary values are bytes;
 *                   a string of only hex digits and separators (space : , -), optionally 0x-prefixed,
 *                   with an even digit count is hex; otherwise valid base64 (standard or URL-safe,
 *                   padding optional, no inner whitespace); otherwise rejected. A string valid as
 *                   both (e.g. "ABCD") is hex. Explicit 'base64' also accepts line-wrapped base64.
 *   options.timeZone  how to read the packet's Date Time, which carries no zone: 'utc' (default),
 *                   'local' (the Node-RED host's zone) or minutes east of UTC (60 = UTC+1).
 *                   The result is always ISO 8601 UTC ("2024-03-15T08:30:00.000Z").
 *
 *   { ok: true, characteristic: {uuid, hex, name}, reading: BleReading, ignoredBytes }
 *   { ok: false, reason, message, field?, offset?, characteristic? }
 *     reason: 'empty-input' | 'bad-encoding' | 'unknown-characteristic' | 'too-short' | 'bad-option'
 *             ('internal-error' exists only as a safety net and no test reaches it).
 *     e.g. "0x2A35: packet is 7 bytes; Pulse Rate (SFLOAT) at offset 7 needs 2 more"; a 'too-short'
 *     rejection also carries label ("Pulse Rate (SFLOAT)"), missing (2) and length (7) for translations.
 *
 * Decoded: 0x2A37 Heart Rate, 0x2A1C Temperature, 0x2A35 Blood Pressure, 0x2A5E PLX Spot-Check,
 * 0x2A5F PLX Continuous, 0x2A9D Weight (health.md §4).
 *
 * BleReading (types.ts), in the canonical names/units of nodes/lib/reading.ts:
 *   heartRate /min (also a cuff's or oximeter's pulse rate), temperature °C, systolic / diastolic /
 *   meanArterial mmHg, spo2 %, weight kg; extras: spo2Fast, heartRateFast, spo2Slow, heartRateSlow
 *   (PLX continuous; the Normal pair is spo2/heartRate), rrIntervals ms[], energyExpended kJ,
 *   sensorContact, temperatureSite, userId, pulseAmplitudeIndex %, bmi, height m, status (words),
 *   timestamp, absent [{field, reason}], precision {field: decimals}.
 *
 * Decisions:
 * - Values are full precision after unit conversion (kPa→mmHg, °F→°C, lb→kg, in→m); `precision`
 *   says how many decimals are meaningful (SFLOAT 0xE0C8 → 2; kPa→mmHg → 1; SI weight → 3).
 * - IEEE-11073 specials never become numbers: the field is left out and listed in `absent` with
 *   'not-a-number' | 'nres' | 'positive-infinity' | 'negative-infinity' | 'reserved'. Weight 0xFFFF →
 *   'measurement-unsuccessful'. User ID 255 is "unknown user": no userId, absent 'unknown-user'.
 *   A Date Time with year/month/day 0 → no timestamp, absent 'unknown'; an impossible one (month 13,
 *   31 April, 24:00) → 'out-of-range'; PLX spot-check with "device clock not set" → 'device-clock-not-set'.
 *   A Temperature Type outside 1-9 → absent temperatureSite 'reserved'.
 * - Status words are only reported. statusVerdict(reading.status) gives health.md's suggested policy
 *   ('drop' for measurement-unavailable/invalid, 'flag' for early-estimated-data/questionable).
 * - Trailing bytes after the last field the flags announce are ignored and counted in `ignoredBytes`:
 *   the SIG extends characteristics by appending fields, so a newer device must still decode.
 *   For 0x2A37 the RR intervals take every remaining whole uint16; only an odd last byte is left over.
 * - Reserved flag bits are ignored. A packet shorter than its flags announce is rejected ('too-short').
 * - energyExpended saturates at 65535 on the device; 65535 is passed on as is.
 */

import { parseCharacteristic } from './characteristic-id';
import { Cursor, ShortPacket } from './cursor';
import type { DeviceTimeZone } from './date-time';
import { ByteEncoding, BYTE_ENCODINGS, toBytes } from './bytes';
import { decodeHeartRate } from './heart-rate';
import { decodeTemperature } from './temperature';
import { decodeBloodPressure } from './blood-pressure';
import { decodePlxContinuous, decodePlxSpotCheck } from './pulse-oximeter';
import { decodeWeight } from './weight-scale';
import { ReadingBuilder } from './reading-builder';
import type { BleDecodeError, BleDecodeResult } from './types';

export interface BleDecodeOptions {
  encoding?: ByteEncoding;
  timeZone?: DeviceTimeZone;
}

const DECODERS: Record<number, (c: Cursor, r: ReadingBuilder) => void> = {
  0x2a37: decodeHeartRate,
  0x2a1c: decodeTemperature,
  0x2a35: decodeBloodPressure,
  0x2a5e: decodePlxSpotCheck,
  0x2a5f: decodePlxContinuous,
  0x2a9d: decodeWeight,
};

/** UTC offsets in use run from −12:00 to +14:00; a little slack, but no nonsense. */
const MAX_OFFSET_MINUTES = 18 * 60;

function checkOptions(o: BleDecodeOptions): BleDecodeError | undefined {
  if (o.encoding !== undefined && !BYTE_ENCODINGS.includes(o.encoding)) {
    return { ok: false, reason: 'bad-option', field: 'encoding', message: `encoding must be one of ${BYTE_ENCODINGS.join(', ')}, not '${String(o.encoding)}'` };
  }
  const z = o.timeZone;
  if (z !== undefined && z !== 'utc' && z !== 'local' && !(typeof z === 'number' && Number.isInteger(z) && Math.abs(z) <= MAX_OFFSET_MINUTES)) {
    return { ok: false, reason: 'bad-option', field: 'timeZone', message: `timeZone must be 'utc', 'local' or whole minutes east of UTC (±${MAX_OFFSET_MINUTES}), not '${String(z)}'` };
  }
  return undefined;
}

export function decodeBle(value: unknown, characteristic: unknown, options: BleDecodeOptions = {}): BleDecodeResult {
  try {
    const o: BleDecodeOptions = options ?? {};
    const bad = checkOptions(o);
    if (bad) return bad;
    const ch = parseCharacteristic(characteristic);
    if (!ch.ok) return ch;
    const info = ch.characteristic;
    const input = toBytes(value, o.encoding ?? 'auto');
    if (!input.ok) return { ok: false, reason: input.reason, field: 'value', message: `${info.hex}: ${input.message}`, characteristic: info };

    const bytes = input.bytes;
    const cursor = new Cursor(bytes);
    const builder = new ReadingBuilder(o.timeZone ?? 'utc');
    try {
      DECODERS[info.uuid](cursor, builder);
    } catch (e) {
      if (!(e instanceof ShortPacket)) throw e;
      const size = `${bytes.length} byte${bytes.length === 1 ? '' : 's'}`;
      return {
        ok: false,
        reason: 'too-short',
        field: e.field,
        offset: e.offset,
        label: e.label,
        missing: e.missing,
        length: bytes.length,
        characteristic: info,
        message: `${info.hex}: packet is ${size}; ${e.message}`,
      };
    }
    return { ok: true, characteristic: info, reading: builder.reading, ignoredBytes: cursor.remaining };
  } catch (e) {
    // Unreachable by design; kept so a decoder bug becomes a rejection, not a crashed flow.
    return { ok: false, reason: 'internal-error', message: `BLE decoder failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export { toBytes, BYTE_ENCODINGS } from './bytes';
export type { ByteEncoding, BytesResult } from './bytes';
export { parseCharacteristic, KNOWN_CHARACTERISTICS } from './characteristic-id';
export type { CharacteristicInfo, CharacteristicResult } from './characteristic-id';
export { decodeSfloat, decodeFloat } from './ieee11073';
export type { Decoded11073, SpecialReason } from './ieee11073';
export { decodeDateTime } from './date-time';
export type { DeviceTimeZone } from './date-time';
export { statusVerdict, PLX_MEASUREMENT_STATUS, PLX_DEVICE_SENSOR_STATUS } from './status-bits';
export { TEMPERATURE_SITES } from './types';
export type { AbsentField, AbsentReason, BleDecodeError, BleDecodeOk, BleDecodeResult, BleReading, TemperatureSite } from './types';
