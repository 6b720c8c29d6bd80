// Picks the parser for a message from its topic first (cheap and unambiguous), then its payload.
import { MeterSource, ParseResult, asObject, fail } from './meter-reading';
import { isTasmotaTopic, parseTasmota, tasmotaEnergyObject } from './tasmota';
import { isShellyGen1Topic, isShellyGen2Topic, parseShellyGen1, parseShellyGen2 } from './shelly';
import { parsePlainJson } from './plain-json';

export type MeterFormat = 'auto' | MeterSource;

export function detectFormat(topic: string, payload: unknown): MeterSource | undefined {
  if (isShellyGen1Topic(topic)) return 'shelly-gen1';
  if (isShellyGen2Topic(topic)) return 'shelly-gen2';
  if (isTasmotaTopic(topic)) return 'tasmota';
  const obj = asObject(payload);
  if (!obj) return undefined;
  if (tasmotaEnergyObject(obj)) return 'tasmota';
  if ('apower' in obj || 'aenergy' in obj) return 'shelly-gen2';
  if ('power' in obj || 'energy' in obj) return 'json';
  return undefined;
}

export function parseMeterMessage(
  format: MeterFormat,
  topic: string,
  payload: unknown,
  deviceId?: string,
): ParseResult {
  const f = format === 'auto' ? detectFormat(topic, payload) : format;
  switch (f) {
    case 'tasmota':
      return parseTasmota(topic, payload, deviceId);
    case 'shelly-gen1':
      return parseShellyGen1(topic, payload, deviceId);
    case 'shelly-gen2':
      return parseShellyGen2(topic, payload, deviceId);
    case 'json':
      return parsePlainJson(topic, payload, deviceId);
    default:
      return asObject(payload)
        ? fail(`unknown meter format (topic "${topic}"): expected Tasmota ENERGY, Shelly or {power, energy}`)
        : fail(`payload is not JSON and topic "${topic}" is not a Shelly Gen1 relay topic`);
  }
}
