// Bluetooth LE health characteristics → a BleReading in the names and canonical units of
// lib/reading.ts. Pure; never throws. Special values never become numbers: the field is listed in
// `absent` with its reason. Bytes after the last field the flags announce are counted in
// `ignoredBytes`, since the SIG extends characteristics by appending fields and a newer device must
// still decode; a packet shorter than its flags announce is refused at the field where it breaks.
import type { Reading } from '../../lib/reading';
import { BYTE_ENCODINGS, toBytes, type ByteEncoding } from './bytes';
import { DECODERS, Packet, ShortPacket } from './decode';

export { toBytes } from './bytes';
export { statusVerdict } from './decode';
export { decodeFloat, decodeSfloat } from './ieee11073';

/** The vitals and extras a packet carries, and its own Date Time (ISO 8601 UTC) if it has one. */
export type BleReading = Omit<Reading, 'deviceId' | 'timestamp'> & { timestamp?: string };

export type BleDecodeResult =
  | { ok: true; characteristic: CharacteristicInfo; reading: BleReading; ignoredBytes: number }
  | {
      ok: false;
      reason: 'empty-input' | 'bad-encoding' | 'unknown-characteristic' | 'too-short' | 'bad-option' | 'internal-error';
      message: string;
      /** The packet field (or 'characteristic', 'value', 'encoding') the decoding broke at. */
      field?: string;
      /** For 'too-short': the field's offset and label ("Pulse Rate (SFLOAT)"), bytes missing, packet length. */
      offset?: number;
      label?: string;
      missing?: number;
      length?: number;
      characteristic?: CharacteristicInfo;
    };

const hex16 = (uuid: number): string => '0x' + uuid.toString(16).toUpperCase().padStart(4, '0');

/** The characteristics decoded, with `hex` ("0x2A37") the form messages use. */
export const KNOWN_CHARACTERISTICS = [
  { uuid: 0x2a37, name: 'Heart Rate Measurement' },
  { uuid: 0x2a1c, name: 'Temperature Measurement' },
  { uuid: 0x2a35, name: 'Blood Pressure Measurement' },
  { uuid: 0x2a5e, name: 'PLX Spot-Check Measurement' },
  { uuid: 0x2a5f, name: 'PLX Continuous Measurement' },
  { uuid: 0x2a9d, name: 'Weight Measurement' },
].map((c) => ({ ...c, hex: hex16(c.uuid) }));
export type CharacteristicInfo = (typeof KNOWN_CHARACTERISTICS)[number];

export const KNOWN_LIST = KNOWN_CHARACTERISTICS.map((c) => `${c.hex} ${c.name}`).join(', ');

// Written once here, not in uuidOf: a regular expression literal in a function is a new object
// at every call, and uuidOf runs for every text message (its topic part might name one).
const SHORT_UUID = /^(?:0x)?([0-9a-f]{4})$/;
const BASE_UUID = /^0000([0-9a-f]{4})-?0000-?1000-?8000-?00805f9b34fb$/;
const SIG_PREFIX = /^org\.bluetooth\.characteristic\./;
const NOT_ALPHANUMERIC = /[^a-z0-9]+/g;

const BY_SIG_TYPE = new Map(
  KNOWN_CHARACTERISTICS.map((c) => [c.name.toLowerCase().replace(NOT_ALPHANUMERIC, '_'), c.uuid]),
);

/**
 * The 16-bit UUID a value names, whether or not we decode it: "2a37", "0x2A37", 0x2a37, the
 * 128-bit UUID on the Bluetooth base, or the SIG's type name ("org.bluetooth.characteristic.heart_rate_measurement").
 */
function uuidOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= 0xffff ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim().toLowerCase();
  const short = SHORT_UUID.exec(s) ?? BASE_UUID.exec(s);
  if (short) return parseInt(short[1], 16);
  return BY_SIG_TYPE.get(s.replace(SIG_PREFIX, '').replace(NOT_ALPHANUMERIC, '_'));
}

/** The characteristic a value names, if it is one we decode. */
export function characteristicOf(value: unknown): CharacteristicInfo | undefined {
  const uuid = uuidOf(value);
  return KNOWN_CHARACTERISTICS.find((c) => c.uuid === uuid);
}

function render(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? hex16(value) : String(value);
  if (typeof value === 'string') return `'${value.length > 60 ? value.slice(0, 57) + '...' : value}'`;
  return value === null ? 'null' : typeof value;
}

export function parseCharacteristic(value: unknown) {
  const known = characteristicOf(value);
  if (known) return { ok: true, characteristic: known } as const;
  const uuid = uuidOf(value);
  const what = uuid === undefined ? render(value) : hex16(uuid);
  const message = `unknown characteristic ${what}; decoded are ${KNOWN_LIST}`;
  return { ok: false, reason: 'unknown-characteristic', field: 'characteristic', message } as const;
}

/** `value` is bytes in any form toBytes reads; `characteristic` is named any way uuidOf knows. */
export function decodeBle(
  value: unknown,
  characteristic: unknown,
  options?: { encoding?: ByteEncoding },
): BleDecodeResult {
  try {
    const encoding = options?.encoding ?? 'auto';
    if (!BYTE_ENCODINGS.includes(encoding)) {
      const message = `encoding must be one of ${BYTE_ENCODINGS.join(', ')}, not '${String(encoding)}'`;
      return { ok: false, reason: 'bad-option', field: 'encoding', message };
    }
    const ch = parseCharacteristic(characteristic);
    if (!ch.ok) return ch;
    const info = ch.characteristic;
    const input = toBytes(value, encoding);
    if (!input.ok) {
      const message = `${info.hex}: ${input.message}`;
      return { ok: false, reason: input.reason, field: 'value', message, characteristic: info };
    }
    const packet = new Packet(input.bytes);
    try {
      DECODERS[info.uuid](packet);
    } catch (e) {
      if (!(e instanceof ShortPacket)) throw e;
      const { field, offset, label, missing } = e;
      const length = input.bytes.length;
      const message = `${info.hex}: packet is ${length} byte${length === 1 ? '' : 's'}; ${e.message}`;
      return { ok: false, reason: 'too-short', field, offset, label, missing, length, characteristic: info, message };
    }
    return { ok: true, characteristic: info, reading: packet.reading, ignoredBytes: packet.bytes.length - packet.at };
  } catch (e) {
    // Unreachable by design; kept so a decoder bug becomes a refusal, not a crashed flow.
    const message = `BLE decoder failed: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, reason: 'internal-error', message };
  }
}
