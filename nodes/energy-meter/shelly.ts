// Shelly telemetry: Gen1 classic MQTT (one value per topic, energy in watt-minutes) and Gen2+
// switch status objects.
import { ParseResult, asNumber, asObject, fail, MeterReading } from './meter-reading';

const GEN1 = /^(?:(.*)\/)?relay\/(\d+)\/(power|energy)$/;
const GEN2 = /^(.+)\/status\/switch:(\d+)$/;

export const isShellyGen1Topic = (topic: string): boolean => GEN1.test(topic);
export const isShellyGen2Topic = (topic: string): boolean => GEN2.test(topic);

/** Watt-minutes to kWh: 1 kWh = 60 000 W·min. */
export const wattMinutesToKWh = (wmin: number): number => wmin / 60000;

/** `shellies/<id>/relay/<n>/power` (W) or `…/energy` (W·min, resets on reboot). */
export function parseShellyGen1(topic: string, payload: unknown, deviceId?: string): ParseResult {
  const m = GEN1.exec(topic);
  if (!m) return fail(`topic "${topic}" is not shellies/<id>/relay/<n>/power|energy`);
  const id =
    deviceId ??
    m[1]
      ?.split('/')
      .filter((p) => p !== '')
      .pop();
  if (!id) return fail(`no device id in topic "${topic}"`);
  const kind = m[3] as 'power' | 'energy';
  const v = asNumber(payload);
  if (v === undefined || !Number.isFinite(v))
    return fail(`${kind} is not a number (${JSON.stringify(String(payload))})`);
  if (v < 0) return fail(`${kind} is negative (${v})`);
  const reading: MeterReading = { deviceId: id, source: 'shelly-gen1', channel: Number(m[2]) };
  if (kind === 'power') reading.power = v;
  else reading.energyTotal = wattMinutesToKWh(v);
  return { ok: true, reading };
}

function finiteField(obj: Record<string, unknown>, field: string, min?: number): { value?: number; error?: string } {
  const v = obj[field];
  if (v === undefined || v === null) return {};
  if (typeof v !== 'number' || !Number.isFinite(v)) return { error: `${field} is not a number (${JSON.stringify(v)})` };
  if (min !== undefined && v < min) return { error: `${field} is negative (${v})` };
  return { value: v };
}

/** `<prefix>/status/switch:<n>` with `apower` (W), `voltage`, `current`, `pf`, `aenergy.total` (Wh). */
export function parseShellyGen2(topic: string, payload: unknown, deviceId?: string): ParseResult {
  const obj = asObject(payload);
  if (!obj) return fail('payload is not a JSON object');
  const m = GEN2.exec(topic);
  const id = deviceId ?? m?.[1];
  if (!id) return fail(`no device id in topic "${topic}"`);
  const reading: MeterReading = { deviceId: id, source: 'shelly-gen2' };
  const ch = typeof obj.id === 'number' && Number.isInteger(obj.id) ? obj.id : m ? Number(m[2]) : undefined;
  if (ch !== undefined) reading.channel = ch;
  const checks: Array<[string, keyof MeterReading, number | undefined]> = [
    ['apower', 'power', 0],
    ['voltage', 'voltage', 0],
    ['current', 'current', 0],
    ['pf', 'powerFactor', undefined],
  ];
  for (const [field, key, min] of checks) {
    const r = finiteField(obj, field, min);
    if (r.error) return fail(r.error);
    if (r.value !== undefined) (reading as unknown as Record<string, number>)[key] = r.value;
  }
  // Some firmware reports a signed pf; the magnitude is the power factor.
  if (reading.powerFactor !== undefined) reading.powerFactor = Math.abs(reading.powerFactor);
  if (obj.aenergy !== undefined) {
    const a = asObject(obj.aenergy);
    if (!a) return fail('aenergy is not an object');
    const t = finiteField(a, 'total', 0);
    if (t.error) return fail(`aenergy.${t.error}`);
    if (t.value !== undefined) reading.energyTotal = t.value / 1000;
  }
  if (reading.power === undefined && reading.energyTotal === undefined)
    return fail('status has neither apower nor aenergy.total');
  if (typeof obj.output === 'boolean') reading.output = obj.output;
  return { ok: true, reading };
}
