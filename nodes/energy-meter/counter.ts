// Consumption per device from its cumulative counter (Tasmota Total, Shelly aenergy.total), or from
// its power samples when it has none, with bounded per-device state that can be saved to context.
import { trapezoidStep, joulesToKWh, energyCost, co2Grams, type Pricing } from '../lib/energy-math';
import { MeterReading } from './parsers';
import { LruMap } from '../lib/lru-map';
import { roundTo } from '../lib/units';

/**
 * One step of a cumulative counter. The first reading only sets the baseline (energy before
 * tracking began is not ours to count). A lower reading, or a changed TotalStartTime, is a reset
 * (reboot or counter clear): the new reading itself is the energy since the reset.
 */
export function counterStep(prevKWh: number | undefined, kWh: number, startChanged = false) {
  if (prevKWh === undefined) return { deltaKWh: 0, reset: false };
  if (startChanged || kWh < prevKWh) return { deltaKWh: kWh, reset: true };
  return { deltaKWh: kWh - prevKWh, reset: false };
}

export interface DeviceState {
  /** Last counter reading, kWh; once set, power samples are never integrated for this device. */
  lastKWh?: number;
  totalStartTime?: string;
  /** Last power sample: wall-clock ms and W. */
  lastPower?: { t: number; w: number };
  totalKWh: number;
  costTotal: number;
  co2Total: number;
  /** ISO time tracking began. */
  since: string;
}

/** `maxGapS`: power-sample intervals longer than this (s) add nothing. */
export type ConsumptionOptions = Pricing & { maxGapS: number };

/**
 * Advances a device's state with a reading received at nowMs, and fills in Gen1's missing half.
 * The figures it returns are rounded for the message; the state keeps full precision.
 */
export function advanceDevice(state: DeviceState, reading: MeterReading, nowMs: number, opts: ConsumptionOptions) {
  const merged: MeterReading = { ...reading };
  // Shelly Gen1 sends power and energy apart: each message carries the other's latest value.
  if (merged.power === undefined && state.lastPower) merged.power = state.lastPower.w;
  if (merged.energyTotal === undefined && state.lastKWh !== undefined) merged.energyTotal = state.lastKWh;

  let kWh = 0;
  let reset = false;
  if (reading.energyTotal !== undefined) {
    const startChanged =
      reading.totalStartTime !== undefined &&
      state.totalStartTime !== undefined &&
      reading.totalStartTime !== state.totalStartTime;
    const step = counterStep(state.lastKWh, reading.energyTotal, startChanged);
    kWh = step.deltaKWh;
    reset = step.reset;
    state.lastKWh = reading.energyTotal;
    if (reading.totalStartTime !== undefined) state.totalStartTime = reading.totalStartTime;
  }
  if (reading.power !== undefined) {
    // Counter wins: integrating power as well would count the same energy twice.
    if (state.lastKWh === undefined && state.lastPower) {
      kWh = joulesToKWh(trapezoidStep(state.lastPower, { t: nowMs, w: reading.power }, opts.maxGapS));
    }
    state.lastPower = { t: nowMs, w: reading.power };
  }
  state.totalKWh += kWh;
  const grams = co2Grams(kWh, opts.intensity);
  state.co2Total += grams;
  const co2 = { grams: roundTo(grams, 3), totalGrams: roundTo(state.co2Total, 3), intensity: opts.intensity };
  let cost: { amount: number; total: number; currency: string; perKWh: number } | undefined;
  if (opts.pricePerKWh !== undefined) {
    const amount = energyCost(kWh, opts.pricePerKWh);
    state.costTotal += amount;
    const total = roundTo(state.costTotal, 6);
    cost = { amount: roundTo(amount, 6), total, currency: opts.currency ?? '', perKWh: opts.pricePerKWh };
  }
  const consumption = {
    kWh: roundTo(kWh, 6),
    totalKWh: roundTo(state.totalKWh, 6),
    since: state.since,
    method: state.lastKWh !== undefined ? 'counter' : 'power',
    ...(reset && { reset }),
  };
  return { consumption, co2, cost, merged };
}

export const newDeviceState = (nowMs: number): DeviceState => ({
  totalKWh: 0,
  costTotal: 0,
  co2Total: 0,
  since: new Date(nowMs).toISOString(),
});

const finite = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Rebuilds a state saved in context, dropping anything malformed rather than trusting it. */
export function reviveDeviceState(raw: unknown): DeviceState | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.since !== 'string' || Number.isNaN(Date.parse(r.since))) return undefined;
  const lp = (r.lastPower ?? {}) as Record<string, unknown>;
  const t = finite(lp.t);
  const w = finite(lp.w);
  return {
    totalKWh: Math.max(0, finite(r.totalKWh) ?? 0),
    costTotal: finite(r.costTotal) ?? 0,
    co2Total: finite(r.co2Total) ?? 0,
    since: r.since,
    lastKWh: finite(r.lastKWh),
    totalStartTime: typeof r.totalStartTime === 'string' ? r.totalStartTime : undefined,
    lastPower: t !== undefined && w !== undefined ? { t, w } : undefined,
  };
}

/** Per-device states, least recently used evicted beyond maxDevices. */
export class DeviceStore {
  /** Each state with its key, so that the store can be saved by key. */
  private readonly map: LruMap<{ key: string; state: DeviceState }>;

  constructor(maxDevices: number) {
    this.map = new LruMap(maxDevices);
  }

  static key(reading: Pick<MeterReading, 'deviceId' | 'channel'>): string {
    return reading.channel === undefined ? reading.deviceId : `${reading.deviceId}#${reading.channel}`;
  }

  /** The state for a key, created if new, now the most recently used. */
  touch(key: string, nowMs: number) {
    const found = this.map.use(key);
    const entry = found ?? { key, state: newDeviceState(nowMs) };
    this.map.set(key, entry);
    return { state: entry.state, isNew: !found };
  }

  /** The states by key, least recently used first (the order load() expects). */
  toJSON(): Record<string, DeviceState> {
    return Object.fromEntries([...this.map.values()].map((e) => [e.key, e.state]));
  }

  /** Loads saved states (oldest first, as saved), keeping at most maxDevices. */
  load(saved: unknown): void {
    if (saved === null || typeof saved !== 'object') return;
    for (const [key, v] of Object.entries(saved)) {
      const state = reviveDeviceState(v);
      if (state) this.map.set(key, { key, state });
    }
  }

  clear(): void {
    this.map.clear();
  }
}
