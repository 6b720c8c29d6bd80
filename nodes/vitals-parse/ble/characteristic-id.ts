// Which GATT characteristic a packet came from. Gateways name it in many ways: "2a37",
// "0x2A37", the number 0x2a37, the full 128-bit UUID on the Bluetooth base, or the
// SIG's "org.bluetooth.characteristic.heart_rate_measurement" type name.

export interface CharacteristicInfo {
  /** 16-bit UUID, e.g. 0x2a37. */
  uuid: number;
  /** "0x2A37", the form used in messages. */
  hex: string;
  name: string;
}

export const KNOWN_CHARACTERISTICS: readonly CharacteristicInfo[] = [
  { uuid: 0x2a37, name: 'Heart Rate Measurement' },
  { uuid: 0x2a1c, name: 'Temperature Measurement' },
  { uuid: 0x2a35, name: 'Blood Pressure Measurement' },
  { uuid: 0x2a5e, name: 'PLX Spot-Check Measurement' },
  { uuid: 0x2a5f, name: 'PLX Continuous Measurement' },
  { uuid: 0x2a9d, name: 'Weight Measurement' },
].map((c) => ({ ...c, hex: hex16(c.uuid) }));

export function hex16(uuid: number): string {
  return '0x' + uuid.toString(16).toUpperCase().padStart(4, '0');
}

const SIG_TYPE_PREFIX = 'org.bluetooth.characteristic.';
const BY_SIG_TYPE = new Map(
  KNOWN_CHARACTERISTICS.map((c) => [c.name.toLowerCase().replace(/[^a-z0-9]+/g, '_'), c.uuid]),
);
const BASE_UUID = /^0000([0-9a-f]{4})-?0000-?1000-?8000-?00805f9b34fb$/;

export type CharacteristicResult =
  | { ok: true; characteristic: CharacteristicInfo }
  | { ok: false; reason: 'unknown-characteristic'; field: 'characteristic'; message: string };

function render(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? hex16(value) : String(value);
  if (typeof value === 'string') return `'${value.length > 60 ? value.slice(0, 57) + '...' : value}'`;
  return value === null ? 'null' : typeof value;
}

/** The 16-bit UUID a value names, whether or not we decode it. */
function uuidOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= 0xffff ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim().toLowerCase();
  const short = /^(?:0x)?([0-9a-f]{4})$/.exec(s);
  if (short) return parseInt(short[1], 16);
  const long = BASE_UUID.exec(s);
  if (long) return parseInt(long[1], 16);
  const sig = s.startsWith(SIG_TYPE_PREFIX) ? s.slice(SIG_TYPE_PREFIX.length) : s;
  return BY_SIG_TYPE.get(sig.replace(/[^a-z0-9]+/g, '_'));
}

/** The characteristic a value names, if it is one we decode. */
export function characteristicOf(value: unknown): CharacteristicInfo | undefined {
  const uuid = uuidOf(value);
  return KNOWN_CHARACTERISTICS.find((c) => c.uuid === uuid);
}

export function parseCharacteristic(value: unknown): CharacteristicResult {
  const known = characteristicOf(value);
  if (known) return { ok: true, characteristic: known };
  const uuid = uuidOf(value);
  const list = KNOWN_CHARACTERISTICS.map((c) => `${c.hex} ${c.name}`).join(', ');
  const what = uuid === undefined ? render(value) : hex16(uuid);
  return {
    ok: false,
    reason: 'unknown-characteristic',
    field: 'characteristic',
    message: `unknown characteristic ${what}; decoded are ${list}`,
  };
}
