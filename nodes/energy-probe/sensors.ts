// The host's optional sensors: CPU temperature and battery. When one is missing, `refresh` returns a
// note, once, and the sensor is no longer asked: one missing now will not appear later.
import { roundTo } from '../lib/units';

/** systeminformation's battery() fields that are read. */
export interface BatteryData {
  hasBattery: boolean;
  percent: number;
  isCharging: boolean;
  acConnected: boolean;
  timeRemaining: number | null;
  currentCapacity: number;
  capacityUnit: string;
}

/** The CPU temperature, read at most once a minute: each read spawns a shell in systeminformation. */
export class TemperatureSensor {
  private enabled = true;
  value: number | undefined;
  private atNs: bigint | undefined;

  constructor(private readonly read: () => Promise<{ main: number | null }>) {}

  async refresh(nowNs: bigint, force: boolean): Promise<string | undefined> {
    const due = force || this.atNs === undefined || Number(nowNs - this.atNs) / 1e9 >= 60;
    if (!this.enabled || !due) return undefined;
    this.atNs = nowNs;
    const main = (await this.read().catch(() => null))?.main;
    if (typeof main === 'number' && Number.isFinite(main)) {
      this.value = roundTo(main, 1);
      return undefined;
    }
    this.enabled = false;
    this.value = undefined;
    return 'cpuTemperature().main is null';
  }
}

/** The battery's state, and its discharge power worked out from the drop in its capacity. */
export class BatterySensor {
  private enabled = true;
  value:
    | { percent: number; charging: boolean; acConnected: boolean; timeRemaining?: number; dischargeWatts?: number }
    | undefined;
  private prev: { mWh: number; tNs: bigint } | undefined;

  constructor(private readonly read: () => Promise<BatteryData>) {}

  async refresh(tNs: bigint): Promise<string | undefined> {
    if (!this.enabled) return undefined;
    const data = await this.read().catch(() => null);
    if (!data?.hasBattery) {
      this.enabled = false;
      this.value = undefined;
      return 'battery().hasBattery is false';
    }
    this.value = { percent: data.percent, charging: data.isCharging, acConnected: data.acConnected };
    if (typeof data.timeRemaining === 'number' && Number.isFinite(data.timeRemaining))
      this.value.timeRemaining = data.timeRemaining;
    // systeminformation has no discharge power: derived from the capacity drop, when it is in mWh.
    if (data.capacityUnit === 'mWh' && Number.isFinite(data.currentCapacity)) {
      const prev = this.prev;
      this.prev = { mWh: data.currentCapacity, tNs };
      if (prev && !data.isCharging) {
        const dtH = Number(tNs - prev.tNs) / 3.6e12;
        const dropMWh = prev.mWh - data.currentCapacity;
        if (dtH > 0 && dropMWh >= 0) this.value.dischargeWatts = roundTo(dropMWh / 1000 / dtH, 2);
      }
    }
    return undefined;
  }
}
