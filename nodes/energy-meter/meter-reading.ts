// The normalised smart-plug reading every energy-meter parser produces, and the checks they share.
// A parser either returns a reading or a reason naming the field; it never throws.

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

export const fail = (error: string): ParseResult => ({ ok: false, error });

const textOf = (v: unknown): unknown => (Buffer.isBuffer(v) ? v.toString('utf8') : v);

/** Accepts an object, or JSON in a string or Buffer; anything else is undefined. */
export function asObject(payload: unknown): Record<string, unknown> | undefined {
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

/** A plain number, or a number in a string or Buffer (MQTT payloads such as Shelly Gen1's). */
export function asNumber(payload: unknown): number | undefined {
  const v = textOf(payload);
  if (typeof v === 'string') return v.trim() === '' ? undefined : Number(v.trim());
  return typeof v === 'number' ? v : undefined;
}

/**
 * The values of a numeric field: none when it is absent, else one number, or with `list` (Tasmota's
 * multi-channel rule) an array of them; or the reason naming the field when a value is not a finite
 * number at least `min`.
 */
export function numbersOf(
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

export const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
export const mean = (xs: number[]): number => sum(xs) / xs.length;
