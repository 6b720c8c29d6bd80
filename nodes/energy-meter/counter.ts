// Consumption per device from its cumulative counter (Tasmota Total, Shelly aenergy.total), or
// from its power samples when it has no counter, with bounded per-device state that can be saved
// to node context.
import { trapezoidStep, joulesToKWh, energyCost, co2Grams } from '../lib/energy-math';
import { MeterReading } from './meter-reading';
import { LruMap } from '../lib/lru-map';

export interface CounterStep {
  deltaKWh: number;
  reset: boolean;
}

/**
 * One step of a cumulative counter. The first reading only sets the baseline (energy before
 * tracking began is not ours to count). A lower reading, or a changed TotalStartTime, is a reset
 * (reboot or counter clear): the new reading itself is the energy since the reset, never a
 * negative delta.
 */
export function counterStep(prevKWh: number | undefined, kWh: number, startChanged = false): CounterStep {
  if (prevKWh === undefined) return { deltaKWh: 0, reset: false };
  if (startChanged || kWh < prevKWh) return { deltaKWh: kWh, reset: true };
  return { deltaKWh: kWh - prevKWh, reset: false };
}

/** Sum of consumption over a series of counter readings (the spec's 10.0, 10.5, 0.2, 0.7 → 1.2). */
export function counterSeriesKWh(series: readonly number[]): number {
  let prev: number | undefined;
  let total = 0;
  for (const v of series) {
    total += counterStep(prev, v).deltaKWh;
    prev = v;
  }
  return total;
}

export interface DeviceState {
  /** Last counter reading, kWh; once set, power samples are never integrated for this device. */
  lastKWh?: number;
  totalStartTime?: string;
  /** Last power sample, for devices without a counter: wall-clock ms and W. */
  lastPower?: { t: number; w: number };
  /** Latest values of fields that arrive in separate messages (Shelly Gen1). */
  power?: number;
  energyTotal?: number;
  totalKWh: number;
  costTotal: number;
  co2Total: number;
  /** ISO time tracking began. */
  since: string;
}

export interface Consumption {
  kWh: number;
  totalKWh: number;
  since: string;
  method: 'counter' | 'power';
  reset?: boolean;
}

export interface ConsumptionOptions {
  /** Power-sample intervals longer than this (s) add nothing. */
  maxGapS: number;
  pricePerKWh?: number;
  intensity: number;
}

export interface Pricing {
  cost?: { amount: number; total: number; perKWh: number };
  co2: { grams: number; totalGrams: number; intensity: number };
}

/** Advances a device's state with a reading received at nowMs; fills in Gen1's missing half. */
export function advanceDevice(
  state: DeviceState,
  reading: MeterReading,
  nowMs: number,
  opts: ConsumptionOptions,
): { consumption: Consumption; pricing: Pricing; merged: MeterReading } {
  const merged: MeterReading = { ...reading };
  if (merged.power === undefined && state.power !== undefined) merged.power = state.power;
  if (merged.energyTotal === undefined && state.energyTotal !== undefined) merged.energyTotal = state.energyTotal;

  let kWh = 0;
  let reset = false;
  let method: Consumption['method'] = state.lastKWh !== undefined ? 'counter' : 'power';
  if (reading.energyTotal !== undefined) {
    method = 'counter';
    const startChanged =
      reading.totalStartTime !== undefined &&
      state.totalStartTime !== undefined &&
      reading.totalStartTime !== state.totalStartTime;
    const step = counterStep(state.lastKWh, reading.energyTotal, startChanged);
    kWh = step.deltaKWh;
    reset = step.reset;
    state.lastKWh = reading.energyTotal;
    state.energyTotal = reading.energyTotal;
    if (reading.totalStartTime !== undefined) state.totalStartTime = reading.totalStartTime;
  }
  if (reading.power !== undefined) {
    const sample = { t: nowMs / 1000, w: reading.power };
    // Counter wins: integrating power as well would count the same energy twice.
    if (state.lastKWh === undefined && state.lastPower) {
      kWh = joulesToKWh(trapezoidStep({ t: state.lastPower.t / 1000, w: state.lastPower.w }, sample, opts.maxGapS));
    }
    state.lastPower = { t: nowMs, w: reading.power };
    state.power = reading.power;
  }
  state.totalKWh += kWh;
  const pricing: Pricing = { co2: { grams: co2Grams(kWh, opts.intensity), totalGrams: 0, intensity: opts.intensity } };
  state.co2Total += pricing.co2.grams;
  pricing.co2.totalGrams = state.co2Total;
  if (opts.pricePerKWh !== undefined) {
    const amount = energyCost(kWh, opts.pricePerKWh);
    state.costTotal += amount;
    pricing.cost = { amount, total: state.costTotal, perKWh: opts.pricePerKWh };
  }
  const consumption: Consumption = { kWh, totalKWh: state.totalKWh, since: state.since, method };
  if (reset) consumption.reset = true;
  return { consumption, pricing, merged };
}

export const newDeviceState = (nowMs: number): DeviceState => ({
  totalKWh: 0,
  costTotal: 0,
  co2Total: 0,
  since: new Date(nowMs).toISOString(),
});

const finiteOr = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const finiteOpt = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Rebuilds a state saved in context, dropping anything malformed rather than trusting it. */
export function reviveDeviceState(raw: unknown): DeviceState | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.since !== 'string' || Number.isNaN(Date.parse(r.since))) return undefined;
  const s: DeviceState = {
    totalKWh: Math.max(0, finiteOr(r.totalKWh, 0)),
    costTotal: finiteOr(r.costTotal, 0),
    co2Total: finiteOr(r.co2Total, 0),
    since: r.since,
  };
  const lastKWh = finiteOpt(r.lastKWh);
  if (lastKWh !== undefined) s.lastKWh = lastKWh;
  const energyTotal = finiteOpt(r.energyTotal);
  if (energyTotal !== undefined) s.energyTotal = energyTotal;
  const power = finiteOpt(r.power);
  if (power !== undefined) s.power = power;
  if (typeof r.totalStartTime === 'string') s.totalStartTime = r.totalStartTime;
  const lp = r.lastPower as Record<string, unknown> | undefined;
  if (lp && finiteOpt(lp.t) !== undefined && finiteOpt(lp.w) !== undefined)
    s.lastPower = { t: lp.t as number, w: lp.w as number };
  return s;
}

/** Per-device states, least recently used evicted beyond maxDevices. */
export class DeviceStore {
  /** Each state with its key, so that the store can be saved by key. */
  private readonly map: LruMap<{ key: string; state: DeviceState }>;

  constructor(readonly maxDevices: number) {
    this.map = new LruMap(maxDevices);
  }

  static key(reading: Pick<MeterReading, 'deviceId' | 'channel'>): string {
    return reading.channel === undefined ? reading.deviceId : `${reading.deviceId}#${reading.channel}`;
  }

  get size(): number {
    return this.map.size;
  }

  /** The state for a key, created if new, and marked most recently used (the least recently used goes beyond maxDevices). */
  touch(key: string, nowMs: number): { state: DeviceState } {
    const entry = this.map.use(key) ?? { key, state: newDeviceState(nowMs) };
    this.map.set(key, entry);
    return { state: entry.state };
  }

  has(key: string): boolean {
    return this.map.peek(key) !== undefined;
  }

  /** The states by key, least recently used first (the order load() expects). */
  toJSON(): Record<string, DeviceState> {
    return Object.fromEntries([...this.map.values()].map((e) => [e.key, e.state]));
  }

  /** Loads saved states (oldest first, as saved), keeping at most maxDevices. */
  load(saved: unknown): void {
    if (saved === null || typeof saved !== 'object') return;
    for (const [key, v] of Object.entries(saved as Record<string, unknown>)) {
      const state = reviveDeviceState(v);
      if (state) this.map.set(key, { key, state });
    }
  }

  clear(): void {
    this.map.clear();
  }
}
