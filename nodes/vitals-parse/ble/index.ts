// Bluetooth LE health characteristics → a BleReading (types.ts), in the names and canonical units
// of lib/reading.ts. Pure: no Node-RED, no I/O, never throws.
//
// decodeBle(value, characteristic, { encoding, timeZone }) reads 0x2A37 Heart Rate, 0x2A1C
// Temperature, 0x2A35 Blood Pressure, 0x2A5E PLX Spot-Check, 0x2A5F PLX Continuous and 0x2A9D
// Weight (the Bluetooth SIG's GATT formats, fields little-endian). `value` is bytes in any form
// a gateway forwards (bytes.ts says which); `characteristic` is named any way
// characteristic-id.ts knows. The packet's Date Time has no
// zone: it is read as UTC unless `timeZone` is 'local' or minutes east of UTC.
//
// Decisions:
// - Values are full precision after unit conversion; `precision` says how many decimals are
//   meaningful (SFLOAT 0xE0C8 → 2; kPa→mmHg → 1; SI weight → 3), for display and FHIR.
// - Special values never become numbers: the field is left out and listed in `absent` with its
//   reason (IEEE-11073 specials, weight 0xFFFF, user 255, an unknown or impossible Date Time, a
//   PLX spot-check whose clock is not set, a reserved temperature site).
// - Status words are only reported; statusVerdict gives the policy (status-bits.ts).
// - Bytes after the last field the flags announce are ignored and counted in `ignoredBytes`:
//   the SIG extends characteristics by appending fields, so a newer device must still decode.
//   Reserved flag bits are ignored. A packet shorter than its flags announce is refused
//   ('too-short', with the field, its offset and the bytes missing).

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
    return {
      ok: false,
      reason: 'bad-option',
      field: 'encoding',
      message: `encoding must be one of ${BYTE_ENCODINGS.join(', ')}, not '${String(o.encoding)}'`,
    };
  }
  const z = o.timeZone;
  if (
    z !== undefined &&
    z !== 'utc' &&
    z !== 'local' &&
    !(typeof z === 'number' && Number.isInteger(z) && Math.abs(z) <= MAX_OFFSET_MINUTES)
  ) {
    return {
      ok: false,
      reason: 'bad-option',
      field: 'timeZone',
      message: `timeZone must be 'utc', 'local' or whole minutes east of UTC (±${MAX_OFFSET_MINUTES}), not '${String(z)}'`,
    };
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
    if (!input.ok)
      return {
        ok: false,
        reason: input.reason,
        field: 'value',
        message: `${info.hex}: ${input.message}`,
        characteristic: info,
      };

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
    return {
      ok: false,
      reason: 'internal-error',
      message: `BLE decoder failed: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

export { toBytes, BYTE_ENCODINGS } from './bytes';
export type { ByteEncoding, BytesResult } from './bytes';
export { characteristicOf, parseCharacteristic, KNOWN_CHARACTERISTICS } from './characteristic-id';
export type { CharacteristicInfo, CharacteristicResult } from './characteristic-id';
export { decodeSfloat, decodeFloat } from './ieee11073';
export type { Decoded11073, SpecialReason } from './ieee11073';
export { decodeDateTime } from './date-time';
export type { DeviceTimeZone } from './date-time';
export { statusVerdict, PLX_MEASUREMENT_STATUS, PLX_DEVICE_SENSOR_STATUS } from './status-bits';
export { TEMPERATURE_SITES } from './types';
export type {
  AbsentField,
  AbsentReason,
  BleDecodeError,
  BleDecodeOk,
  BleDecodeResult,
  BleReading,
  TemperatureSite,
} from './types';
