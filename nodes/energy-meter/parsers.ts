// Smart-plug messages (Tasmota, Shelly Gen1 and Gen2+, plain JSON) as one normalised reading. A
// parser returns a reading or a reason naming the field; it never throws.

export const METER_SOURCES = ['tasmota', 'shelly-gen1', 'shelly-gen2', 'json'] as const;
export type MeterSource = (typeof METER_SOURCES)[number];

export interface MeterReading {
  deviceId: string;
  source: MeterSource;
  /** Relay/switch index of devices that report one channel per topic (Shelly). */
  channel?: number;
  /** Active power, W, summed over channels. */
  power?: number;
  /** Per-channel active power, W, of multi-channel devices. */
  channels?: number[];
  /** Cumulative counter, kWh. */
  energyTotal?: number;
  energyToday?: number;
  energyYesterday?: number;
  /** Energy since the previous telemetry, Wh (Tasmota `Period`). */
  period?: number;
  voltage?: number;
  current?: number;
  powerFactor?: number;
  output?: boolean;
  /** When the device's counter was last reset (Tasmota `TotalStartTime`, device local time). */
  totalStartTime?: string;
  /** The time the device put in its message, as given (Tasmota local time without zone). */
  deviceTime?: string;
}

export type ParseResult = { ok: true; reading: MeterReading } | { ok: false; error: string };

const fail = (error: string): ParseResult => ({ ok: false, error });

const textOf = (v: unknown): unknown => (Buffer.isBuffer(v) ? v.toString('utf8') : v);

/** Accepts an object, or JSON in a string or Buffer; anything else is undefined. */
function asObject(payload: unknown): Record<string, unknown> | undefined {
  let v = textOf(payload);
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/**
 * The values of a numeric field: none when it is absent, else one number, or with `list` (Tasmota's
 * multi-channel rule) an array of them; or the reason naming the field when a value is not a finite
 * number at least `min`.
 */
function numbersOf(
  obj: Record<string, unknown>,
  field: string,
  { min = 0, list = false } = {},
): { values: number[] } | { error: string } {
  const raw = obj[field];
  if (raw === undefined || raw === null) return { values: [] };
  const values: unknown[] = list && Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) return { error: `${field} is an empty array` };
  for (const x of values) {
    if (typeof x !== 'number' || !Number.isFinite(x))
      return { error: `${field} is not a number (${JSON.stringify(x)})` };
    if (x < min) return { error: `${field} is negative (${x})` };
  }
  return { values: values as number[] };
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]): number => sum(xs) / xs.length;

// Tasmota: `tele/<topic>/SENSOR`, and `stat/<topic>/STATUS8|STATUS10` with ENERGY inside StatusSNS.
const TASMOTA_LAST = /^(SENSOR|STATUS8|STATUS10)$/;
const ENERGY = ['Power', 'Total', 'Today', 'Yesterday', 'Period', 'ApparentPower', 'Current', 'Voltage', 'Factor'];

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
function tasmotaEnergyObject(obj: Record<string, unknown>) {
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
  for (const field of ENERGY) {
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

// Shelly: Gen1 classic MQTT (one value per topic, energy in watt-minutes), Gen2+ switch status objects.
const SHELLY_GEN1 = /^(?:(.*)\/)?relay\/(\d+)\/(power|energy)$/;
const SHELLY_GEN2 = /^(.+)\/status\/switch:(\d+)$/;

/** `shellies/<id>/relay/<n>/power` (W) or `…/energy` (W·min, resets on reboot). */
export function parseShellyGen1(topic: string, payload: unknown, deviceId?: string): ParseResult {
  const m = SHELLY_GEN1.exec(topic);
  if (!m) return fail(`topic "${topic}" is not shellies/<id>/relay/<n>/power|energy`);
  const levels = m[1]?.split('/').filter((p) => p !== '');
  const id = deviceId ?? levels?.pop();
  if (!id) return fail(`no device id in topic "${topic}"`);
  const kind = m[3];
  // A plain number, or one in a string or Buffer ('' is no number, though Number('') is 0).
  const text = textOf(payload);
  const v = typeof text === 'string' && text.trim() !== '' ? Number(text) : text;
  if (typeof v !== 'number' || !Number.isFinite(v))
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
