// Picks the parser for a message from its topic first (cheap and unambiguous), then its payload;
// and the plain form for meters that are neither Tasmota nor Shelly.
import { MeterReading, MeterSource, ParseResult, asObject, fail, numbersOf } from './meter-reading';
import { parseTasmota, tasmotaDeviceId, tasmotaEnergyObject } from './tasmota';
import { SHELLY_GEN1, SHELLY_GEN2, parseShellyGen1, parseShellyGen2 } from './shelly';

const PLAIN_FIELDS = [
  ['power', 'power'],
  ['energy', 'energyTotal'],
  ['voltage', 'voltage'],
  ['current', 'current'],
  ['powerFactor', 'powerFactor'],
] as const;

/** {power (W), energy (cumulative kWh)}, optionally deviceId, voltage, current, powerFactor, channel. */
export function parsePlainJson(topic: string, payload: unknown, deviceId?: string): ParseResult {
  const obj = asObject(payload);
  if (!obj) return fail('payload is not a JSON object');
  const id = deviceId ?? (typeof obj.deviceId === 'string' && obj.deviceId !== '' ? obj.deviceId : topic);
  if (!id) return fail('no deviceId in payload and no topic');
  const reading: MeterReading = { deviceId: id, source: 'json' };
  for (const [field, key] of PLAIN_FIELDS) {
    const r = numbersOf(obj, field);
    if ('error' in r) return fail(r.error);
    if (r.values.length > 0) reading[key] = r.values[0];
  }
  if (reading.power === undefined && reading.energyTotal === undefined)
    return fail('payload has neither power nor energy');
  if (typeof obj.channel === 'number' && Number.isInteger(obj.channel) && obj.channel >= 0)
    reading.channel = obj.channel;
  return { ok: true, reading };
}

export function detectFormat(topic: string, payload: unknown): MeterSource | undefined {
  if (SHELLY_GEN1.test(topic)) return 'shelly-gen1';
  if (SHELLY_GEN2.test(topic)) return 'shelly-gen2';
  if (tasmotaDeviceId(topic) !== undefined) return 'tasmota';
  const obj = asObject(payload);
  if (!obj) return undefined;
  if (tasmotaEnergyObject(obj)) return 'tasmota';
  if ('apower' in obj || 'aenergy' in obj) return 'shelly-gen2';
  if ('power' in obj || 'energy' in obj) return 'json';
  return undefined;
}

const PARSERS = {
  tasmota: parseTasmota,
  'shelly-gen1': parseShellyGen1,
  'shelly-gen2': parseShellyGen2,
  json: parsePlainJson,
};

export function parseMeterMessage(
  format: 'auto' | MeterSource,
  topic: string,
  payload: unknown,
  deviceId?: string,
): ParseResult {
  const f = format === 'auto' ? detectFormat(topic, payload) : format;
  if (f) return PARSERS[f](topic, payload, deviceId);
  return asObject(payload)
    ? fail(`unknown meter format (topic "${topic}"): expected Tasmota ENERGY, Shelly or {power, energy}`)
    : fail(`payload is not JSON and topic "${topic}" is not a Shelly Gen1 relay topic`);
}
