// Shelly telemetry: Gen1 classic MQTT (one value per topic, energy in watt-minutes) and Gen2+
// switch status objects.
import { ParseResult, asNumber, asObject, fail, MeterReading, numbersOf } from './meter-reading';

export const SHELLY_GEN1 = /^(?:(.*)\/)?relay\/(\d+)\/(power|energy)$/;
export const SHELLY_GEN2 = /^(.+)\/status\/switch:(\d+)$/;

/** `shellies/<id>/relay/<n>/power` (W) or `…/energy` (W·min, resets on reboot). */
export function parseShellyGen1(topic: string, payload: unknown, deviceId?: string): ParseResult {
  const m = SHELLY_GEN1.exec(topic);
  if (!m) return fail(`topic "${topic}" is not shellies/<id>/relay/<n>/power|energy`);
  const id =
    deviceId ??
    m[1]
      ?.split('/')
      .filter((p) => p !== '')
      .pop();
  if (!id) return fail(`no device id in topic "${topic}"`);
  const kind = m[3];
  const v = asNumber(payload);
  if (v === undefined || !Number.isFinite(v))
    return fail(`${kind} is not a number (${JSON.stringify(String(payload))})`);
  if (v < 0) return fail(`${kind} is negative (${v})`);
  const reading: MeterReading = { deviceId: id, source: 'shelly-gen1', channel: Number(m[2]) };
  if (kind === 'power') reading.power = v;
  else reading.energyTotal = v / 60000; // 1 kWh = 60 000 W·min
  return { ok: true, reading };
}

/** `<prefix>/status/switch:<n>` with `apower` (W), `voltage`, `current`, `pf`, `aenergy.total` (Wh). */
export function parseShellyGen2(topic: string, payload: unknown, deviceId?: string): ParseResult {
  const obj = asObject(payload);
  if (!obj) return fail('payload is not a JSON object');
  const m = SHELLY_GEN2.exec(topic);
  const id = deviceId ?? m?.[1];
  if (!id) return fail(`no device id in topic "${topic}"`);
  const reading: MeterReading = { deviceId: id, source: 'shelly-gen2' };
  const ch = typeof obj.id === 'number' && Number.isInteger(obj.id) ? obj.id : m ? Number(m[2]) : undefined;
  if (ch !== undefined) reading.channel = ch;
  // Some firmware reports a signed pf; the magnitude is the power factor.
  const fields = [
    ['apower', 'power', 0],
    ['voltage', 'voltage', 0],
    ['current', 'current', 0],
    ['pf', 'powerFactor', -Infinity],
  ] as const;
  for (const [field, key, min] of fields) {
    const r = numbersOf(obj, field, { min });
    if ('error' in r) return fail(r.error);
    if (r.values.length > 0) reading[key] = Math.abs(r.values[0]);
  }
  if (obj.aenergy !== undefined) {
    const a = asObject(obj.aenergy);
    if (!a) return fail('aenergy is not an object');
    const total = numbersOf(a, 'total');
    if ('error' in total) return fail(`aenergy.${total.error}`);
    if (total.values.length > 0) reading.energyTotal = total.values[0] / 1000;
  }
  if (reading.power === undefined && reading.energyTotal === undefined)
    return fail('status has neither apower nor aenergy.total');
  if (typeof obj.output === 'boolean') reading.output = obj.output;
  return { ok: true, reading };
}
