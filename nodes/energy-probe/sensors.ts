// The host's optional sensors for energy-probe: CPU temperature and battery. Either may be
// missing; a missing one is told once and then no longer asked for.
import { roundTo } from '../lib/units';

export interface BatteryData {
  hasBattery: boolean;
  percent: number;
  isCharging: boolean;
  acConnected: boolean;
  timeRemaining: number | null;
  currentCapacity: number;
  capacityUnit: string;
}

export interface BatteryFigures {
  percent: number;
  charging: boolean;
  acConnected: boolean;
  timeRemaining?: number;
  dischargeWatts?: number;
}

/** The CPU temperature, read at most every `everyS` seconds (each read spawns a shell in systeminformation). */
export class TemperatureSensor {
  enabled = true;
  value: number | undefined;
  private atNs: bigint | undefined;

  constructor(
    private readonly read: () => Promise<{ main: number | null }>,
    private readonly everyS: number,
  ) {}

  /** Refresh the value when it is due (or `force`); returns a note when the sensor turned out missing. */
  async refresh(nowNs: bigint, force: boolean): Promise<string | null> {
    if (!this.enabled) return null;
    if (!force && this.atNs !== undefined && Number(nowNs - this.atNs) / 1e9 < this.everyS) return null;
    this.atNs = nowNs;
    const main = await this.read().then(
      (t) => t.main,
      () => null,
    );
    if (typeof main === 'number' && Number.isFinite(main)) {
      this.value = roundTo(main, 1);
      return null;
    }
    // A sensor that is missing now will not appear later: stop asking.
    this.enabled = false;
    this.value = undefined;
    return 'cpuTemperature().main is null';
  }
}

/** The battery's state, and its discharge power worked out from the drop in its capacity. */
export class BatterySensor {
  enabled = true;
  private prev: { mWh: number; tNs: bigint } | undefined;

  constructor(private readonly read: () => Promise<BatteryData>) {}

  /** The battery's figures now, or null: no battery (then `enabled` turns false for good). */
  async sample(tNs: bigint): Promise<BatteryFigures | null> {
    if (!this.enabled) return null;
    const data = await this.read().catch(() => null);
    if (!data?.hasBattery) {
      this.enabled = false;
      return null;
    }
    const value: BatteryFigures = { percent: data.percent, charging: data.isCharging, acConnected: data.acConnected };
    if (typeof data.timeRemaining === 'number' && Number.isFinite(data.timeRemaining))
      value.timeRemaining = data.timeRemaining;
    // No discharge power field exists; derive it from the capacity drop, only when it is in mWh.
    if (data.capacityUnit === 'mWh' && Number.isFinite(data.currentCapacity)) {
      const prev = this.prev;
      this.prev = { mWh: data.currentCapacity, tNs };
      if (prev && !data.isCharging) {
        const dtH = Number(tNs - prev.tNs) / 3.6e12;
        const dropMWh = prev.mWh - data.currentCapacity;
        if (dtH > 0 && dropMWh >= 0) value.dischargeWatts = roundTo(dropMWh / 1000 / dtH, 2);
      }
    }
    return value;
  }
}
