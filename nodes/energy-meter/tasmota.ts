// Tasmota energy telemetry: `tele/<topic>/SENSOR` and the status answers
// `stat/<topic>/STATUS8|STATUS10` that wrap the same ENERGY object in StatusSNS.
import { MeterReading, ParseResult, asObject, fail, numberList, sum, mean } from './meter-reading';

const TASMOTA_LAST = /^(SENSOR|STATUS8|STATUS10)$/;

/**
 * Device id from the topic: drop the last level (SENSOR/STATUSn) and the `tele`/`stat` prefix level,
 * wherever FullTopic puts it, so `tele/kitchen/SENSOR` → `kitchen` and `home/kitchen/tele/SENSOR`
 * → `home/kitchen`.
 */
export function tasmotaDeviceId(topic: string): string | undefined {
  const parts = topic.split('/').filter((p) => p !== '');
  if (parts.length < 2 || !TASMOTA_LAST.test(parts[parts.length - 1])) return undefined;
  const rest = parts.slice(0, -1);
  const i = rest.findIndex((p) => p === 'tele' || p === 'stat');
  if (i >= 0) rest.splice(i, 1);
  return rest.length > 0 ? rest.join('/') : undefined;
}

export function isTasmotaTopic(topic: string): boolean {
  return tasmotaDeviceId(topic) !== undefined;
}

/** The ENERGY object of a SENSOR or STATUS8/10 payload, if there is one. */
export function tasmotaEnergyObject(
  obj: Record<string, unknown>,
): { energy: Record<string, unknown>; time?: unknown } | undefined {
  const holder =
    obj.StatusSNS !== null && typeof obj.StatusSNS === 'object' ? (obj.StatusSNS as Record<string, unknown>) : obj;
  const e = holder.ENERGY;
  return e !== null && typeof e === 'object' && !Array.isArray(e)
    ? { energy: e as Record<string, unknown>, time: holder.Time }
    : undefined;
}

export function parseTasmota(topic: string, payload: unknown, deviceId?: string): ParseResult {
  const obj = asObject(payload);
  if (!obj) return fail('payload is not a JSON object');
  const found = tasmotaEnergyObject(obj);
  if (!found) return fail('payload has no ENERGY object');
  const id = deviceId ?? tasmotaDeviceId(topic);
  if (!id) return fail(`no device id in topic "${topic}"`);
  const e = found.energy;

  const fields: Record<string, number[] | undefined> = {};
  for (const f of ['Power', 'Total', 'Today', 'Yesterday', 'Period', 'ApparentPower', 'Current'] as const) {
    const r = numberList(e, f, { min: 0 });
    if (r.error) return fail(`ENERGY.${r.error}`);
    fields[f] = r.values;
  }
  for (const f of ['Voltage', 'Factor'] as const) {
    const r = numberList(e, f, { min: 0 });
    if (r.error) return fail(`ENERGY.${r.error}`);
    fields[f] = r.values;
  }
  if (!fields.Power && !fields.Total) return fail('ENERGY has neither Power nor Total');

  const reading: MeterReading = { deviceId: id, source: 'tasmota' };
  if (fields.Power) {
    reading.power = sum(fields.Power);
    if (fields.Power.length > 1) reading.channels = fields.Power;
  }
  if (fields.Total) reading.energyTotal = sum(fields.Total);
  if (fields.Today) reading.energyToday = sum(fields.Today);
  if (fields.Yesterday) reading.energyYesterday = sum(fields.Yesterday);
  if (fields.Period) reading.period = sum(fields.Period);
  // Channels on one supply: currents add, a common voltage is averaged (3-phase: mean phase voltage).
  if (fields.Voltage) reading.voltage = mean(fields.Voltage);
  if (fields.Current) reading.current = sum(fields.Current);
  if (fields.Factor) {
    // Several channels: the overall factor is real over apparent power; without it, the plain mean.
    const s = fields.ApparentPower ? sum(fields.ApparentPower) : 0;
    if (fields.Factor.length === 1) reading.powerFactor = fields.Factor[0];
    else
      reading.powerFactor = s > 0 && reading.power !== undefined ? Math.min(1, reading.power / s) : mean(fields.Factor);
  }
  if (typeof e.TotalStartTime === 'string') reading.totalStartTime = e.TotalStartTime;
  if (typeof found.time === 'string') reading.deviceTime = found.time;
  return { ok: true, reading };
}
