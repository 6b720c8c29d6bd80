// The normalised smart-plug reading every energy-meter parser produces, and the small checks they
// share. A parser either returns a reading or a reason naming the field; it never throws.

export type MeterSource = 'tasmota' | 'shelly-gen1' | 'shelly-gen2' | 'json';
export const METER_SOURCES: readonly MeterSource[] = ['tasmota', 'shelly-gen1', 'shelly-gen2', 'json'];

export interface MeterReading {
  deviceId: string;
  source: MeterSource;
  /** Relay/switch index for devices that report one channel per topic (Shelly). */
  channel?: number;
  /** Active power, W, summed over channels. */
  power?: number;
  /** Per-channel active power, W, for multi-channel devices. */
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

export const fail = (error: string): ParseResult => ({ ok: false, error });

/** Accepts an object, or JSON in a string or Buffer; anything else is undefined. */
export function asObject(payload: unknown): Record<string, unknown> | undefined {
  let v = payload;
  if (Buffer.isBuffer(v)) v = v.toString('utf8');
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** A plain number, or a number in a string or Buffer (MQTT payloads such as Shelly Gen1's). */
export function asNumber(payload: unknown): number | undefined {
  let v = payload;
  if (Buffer.isBuffer(v)) v = v.toString('utf8');
  if (typeof v === 'string') {
    if (v.trim() === '') return undefined;
    v = Number(v.trim());
  }
  return typeof v === 'number' ? v : undefined;
}

/**
 * Reads a field that may be a number or an array of numbers (Tasmota multi-channel rule).
 * Returns undefined when absent, the values when valid, or an error naming the field.
 */
export function numberList(
  obj: Record<string, unknown>,
  field: string,
  opts: { min?: number } = {},
): { values?: number[]; error?: string } {
  const raw = obj[field];
  if (raw === undefined || raw === null) return {};
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) return { error: `${field} is an empty array` };
  for (const x of list) {
    if (typeof x !== 'number' || !Number.isFinite(x))
      return { error: `${field} is not a number (${JSON.stringify(x)})` };
    if (opts.min !== undefined && x < opts.min) return { error: `${field} is negative (${x})` };
  }
  return { values: list as number[] };
}

export const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
export const mean = (xs: number[]): number => sum(xs) / xs.length;
