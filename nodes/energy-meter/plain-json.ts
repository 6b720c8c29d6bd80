// The plain form for meters that are not Tasmota or Shelly: {power (W), energy (cumulative kWh)},
// optionally deviceId, voltage, current, powerFactor, channel.
import { ParseResult, asObject, fail, MeterReading } from './meter-reading';

export function parsePlainJson(topic: string, payload: unknown, deviceId?: string): ParseResult {
  const obj = asObject(payload);
  if (!obj) return fail('payload is not a JSON object');
  const id = deviceId ?? (typeof obj.deviceId === 'string' && obj.deviceId !== '' ? obj.deviceId : topic || undefined);
  if (!id) return fail('no deviceId in payload and no topic');
  const reading: MeterReading = { deviceId: id, source: 'json' };
  const fields: Array<[string, keyof MeterReading]> = [
    ['power', 'power'],
    ['energy', 'energyTotal'],
    ['voltage', 'voltage'],
    ['current', 'current'],
    ['powerFactor', 'powerFactor'],
  ];
  for (const [field, key] of fields) {
    const v = obj[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`${field} is not a number (${JSON.stringify(v)})`);
    if (v < 0) return fail(`${field} is negative (${v})`);
    (reading as unknown as Record<string, number>)[key] = v;
  }
  if (reading.power === undefined && reading.energyTotal === undefined)
    return fail('payload has neither power nor energy');
  if (typeof obj.channel === 'number' && Number.isInteger(obj.channel) && obj.channel >= 0)
    reading.channel = obj.channel;
  return { ok: true, reading };
}
