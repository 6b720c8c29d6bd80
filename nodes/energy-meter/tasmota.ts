// Tasmota energy telemetry: `tele/<topic>/SENSOR` and the status answers
// `stat/<topic>/STATUS8|STATUS10` that wrap the same ENERGY object in StatusSNS.
import { MeterReading, ParseResult, asObject, fail, numbersOf, sum, mean } from './meter-reading';

const TASMOTA_LAST = /^(SENSOR|STATUS8|STATUS10)$/;
const FIELDS = ['Power', 'Total', 'Today', 'Yesterday', 'Period', 'ApparentPower', 'Current', 'Voltage', 'Factor'];

/**
 * Device id from the topic: drop the last level (SENSOR/STATUSn) and the `tele`/`stat` level,
 * wherever FullTopic puts it: `tele/kitchen/SENSOR` → `kitchen`, `home/kitchen/tele/SENSOR` → `home/kitchen`.
 */
export function tasmotaDeviceId(topic: string): string | undefined {
  const parts = topic.split('/').filter((p) => p !== '');
  if (parts.length < 2 || !TASMOTA_LAST.test(parts[parts.length - 1])) return undefined;
  const rest = parts.slice(0, -1);
  const i = rest.findIndex((p) => p === 'tele' || p === 'stat');
  if (i >= 0) rest.splice(i, 1);
  return rest.length > 0 ? rest.join('/') : undefined;
}

/** The ENERGY object of a SENSOR or STATUS8/10 payload, and the payload's Time, if there is one. */
export function tasmotaEnergyObject(obj: Record<string, unknown>) {
  const holder =
    obj.StatusSNS !== null && typeof obj.StatusSNS === 'object' ? (obj.StatusSNS as Record<string, unknown>) : obj;
  const energy = holder.ENERGY;
  if (energy === null || typeof energy !== 'object' || Array.isArray(energy)) return undefined;
  return { energy: energy as Record<string, unknown>, time: holder.Time };
}

export function parseTasmota(topic: string, payload: unknown, deviceId?: string): ParseResult {
  const obj = asObject(payload);
  if (!obj) return fail('payload is not a JSON object');
  const found = tasmotaEnergyObject(obj);
  if (!found) return fail('payload has no ENERGY object');
  const id = deviceId ?? tasmotaDeviceId(topic);
  if (!id) return fail(`no device id in topic "${topic}"`);
  const e = found.energy;

  const f: Record<string, number[]> = {};
  for (const field of FIELDS) {
    const r = numbersOf(e, field, { list: true });
    if ('error' in r) return fail(`ENERGY.${r.error}`);
    if (r.values.length > 0) f[field] = r.values;
  }
  if (!f.Power && !f.Total) return fail('ENERGY has neither Power nor Total');

  const reading: MeterReading = { deviceId: id, source: 'tasmota' };
  if (f.Power) {
    reading.power = sum(f.Power);
    if (f.Power.length > 1) reading.channels = f.Power;
  }
  if (f.Total) reading.energyTotal = sum(f.Total);
  if (f.Today) reading.energyToday = sum(f.Today);
  if (f.Yesterday) reading.energyYesterday = sum(f.Yesterday);
  if (f.Period) reading.period = sum(f.Period);
  // Channels on one supply: currents add, a common voltage is averaged (3-phase: mean phase voltage).
  if (f.Voltage) reading.voltage = mean(f.Voltage);
  if (f.Current) reading.current = sum(f.Current);
  if (f.Factor?.length === 1) reading.powerFactor = f.Factor[0];
  else if (f.Factor) {
    // Several channels: the overall factor is real over apparent power; without it, the plain mean.
    const apparent = f.ApparentPower ? sum(f.ApparentPower) : 0;
    reading.powerFactor =
      apparent > 0 && reading.power !== undefined ? Math.min(1, reading.power / apparent) : mean(f.Factor);
  }
  if (typeof e.TotalStartTime === 'string') reading.totalStartTime = e.TotalStartTime;
  if (typeof found.time === 'string') reading.deviceTime = found.time;
  return { ok: true, reading };
}
