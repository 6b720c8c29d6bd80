// The host sampler behind energy-probe: load, memory, power (RAPL or estimate), energy, cost, CO2,
// temperature and battery. It never imports Node-RED or systeminformation itself: the source of
// system figures and the clock are injected, so it is tested with fakes and benchmarked for real.
import { RaplIo, RaplMeter, discoverRapl, nodeRaplIo, DEFAULT_POWERCAP_ROOT, RaplZoneWatts } from './rapl';
import { EstimateCoefficients, DEFAULT_COEFFICIENTS, estimateWatts, BYTES_PER_GB } from './estimate';
import { joulesToKWh, joulesToWh, energyCost, co2Grams, DEFAULT_GRID_INTENSITY } from '../lib/energy-math';
import { roundTo } from '../lib/units';
import { BatteryData, BatteryFigures, BatterySensor, TemperatureSensor } from './sensors';
import type { Attribution, ProcessEnergy } from './attribution';

/** The subset of `systeminformation` the sampler uses (same names and fields). */
export interface SystemSource {
  currentLoad(): Promise<{ currentLoad: number; cpus?: unknown[] }>;
  mem(): Promise<{ total: number; available: number }>;
  cpuTemperature(): Promise<{ main: number | null }>;
  battery(): Promise<BatteryData>;
  processes(): Promise<{ list: Array<{ pid: number; name: string; cpu: number; mem: number }> }>;
}

export interface Clock {
  /** Monotonic nanoseconds (process.hrtime.bigint in production). */
  monotonicNs(): bigint;
  /** Wall-clock milliseconds, only for timestamps. */
  nowMs(): number;
}

export const systemClock: Clock = { monotonicNs: () => process.hrtime.bigint(), nowMs: () => Date.now() };

export type PowerMethod = 'rapl' | 'estimate';

export interface SamplerOptions {
  source: SystemSource;
  host: string;
  clock?: Clock;
  /** 'auto' uses RAPL when readable; 'estimate' never touches powercap. */
  method?: 'auto' | 'estimate';
  powercapRoot?: string;
  raplIo?: RaplIo;
  coefficients?: EstimateCoefficients;
  /** Intervals longer than this add no energy (a stalled host or a double RAPL wrap). */
  maxGapS?: number;
  /** The temperature read spawns a shell in systeminformation: refresh it at most this often. */
  temperatureEveryS?: number;
  /** Used when the source gives no per-CPU list. */
  fallbackCores?: number;
  /** Splits each interval's energy among the processes (off when absent). */
  attribution?: ProcessEnergy;
}

/** Something unreadable or changed, to report once (status/log), never per sample. */
export interface SamplerNote {
  key: 'rapl-unavailable' | 'rapl-failed' | 'no-temperature' | 'no-battery' | 'processes-failed' | 'no-attribution';
  code?: string;
  detail: string;
}

export interface SampleRequest {
  /** How many top processes to add (0 or absent: none; they are expensive). */
  topProcesses?: number;
  pricePerKWh?: number;
  currency?: string;
  /** Grid intensity, g CO2e per kWh. */
  intensity?: number;
}

export interface TopProcess {
  pid: number;
  name: string;
  /** % of one CPU, as systeminformation reports it. */
  cpu: number;
  /** % of memory. */
  mem: number;
}

export interface EnergyUsage {
  host: string;
  timestamp: string;
  cpu: { load: number; cores: number; temperature?: number };
  memory: { used: number; total: number; usedPercent: number };
  power: { watts: number; method: PowerMethod; zones?: RaplZoneWatts[] };
  energy: { wh: number; since: string };
  cost?: { amount: number; currency: string; perKWh: number };
  co2?: { grams: number; intensity: number };
  battery?: BatteryFigures;
  processes?: TopProcess[];
  attribution?: Attribution;
}

export const MAX_TOP_PROCESSES = 50;

export class Sampler {
  private readonly source: SystemSource;
  private readonly clock: Clock;
  private readonly coefficients: EstimateCoefficients;
  private readonly maxGapS: number;
  private rapl: RaplMeter | undefined;
  private started = false;
  private lastT: bigint | undefined;
  private lastRaplWatts = 0;
  private joules = 0;
  private costTotal = 0;
  private co2Total = 0;
  private sinceMs = 0;
  private readonly temperature: TemperatureSensor;
  private readonly battery: BatterySensor;
  private cores: number;
  private attribution: ProcessEnergy | undefined;

  constructor(private readonly opts: SamplerOptions) {
    this.source = opts.source;
    this.clock = opts.clock ?? systemClock;
    this.coefficients = opts.coefficients ?? { ...DEFAULT_COEFFICIENTS };
    this.maxGapS = opts.maxGapS ?? Infinity;
    this.temperature = new TemperatureSensor(() => this.source.cpuTemperature(), opts.temperatureEveryS ?? 60);
    this.battery = new BatterySensor(() => this.source.battery());
    this.cores = opts.fallbackCores ?? 1;
    this.attribution = opts.attribution;
  }

  get method(): PowerMethod {
    return this.rapl ? 'rapl' : 'estimate';
  }

  /**
   * Primes the sources: the first currentLoad() covers the time since boot and is discarded;
   * RAPL is discovered and given a baseline; temperature and battery are tried once.
   */
  async start(): Promise<SamplerNote[]> {
    const notes: SamplerNote[] = [];
    const load = await this.source.currentLoad();
    if (Array.isArray(load.cpus) && load.cpus.length > 0) this.cores = load.cpus.length;
    if (this.opts.method !== 'estimate') {
      const io = this.opts.raplIo ?? nodeRaplIo;
      const found = discoverRapl(this.opts.powercapRoot ?? DEFAULT_POWERCAP_ROOT, io);
      if (found.ok) {
        this.rapl = new RaplMeter(found.zones, io);
        try {
          this.rapl.read(this.clock.monotonicNs());
        } catch (err) {
          this.rapl = undefined;
          notes.push({
            key: 'rapl-unavailable',
            code: (err as NodeJS.ErrnoException).code,
            detail: String((err as Error).message),
          });
        }
      } else {
        notes.push({ key: 'rapl-unavailable', code: found.code, detail: found.detail });
      }
    }
    notes.push(...(await this.readTemperature(true)));
    await this.readBattery(this.clock.monotonicNs(), notes);
    try {
      this.attribution?.start();
    } catch (err) {
      // No procfs (not Linux) or one that cannot be read: the host's figures go on without it.
      this.attribution = undefined;
      notes.push({ key: 'no-attribution', detail: String((err as Error).message) });
    }
    this.restartTotals();
    this.started = true;
    return notes;
  }

  /** Restarts the energy, cost and CO2 totals, and today's energy per process, from now. */
  resetEnergy(): void {
    this.restartTotals();
    this.attribution?.reset(this.clock.nowMs());
  }

  private restartTotals(): void {
    this.joules = 0;
    this.costTotal = 0;
    this.co2Total = 0;
    this.sinceMs = this.clock.nowMs();
    this.lastT = this.clock.monotonicNs();
  }

  async sample(req: SampleRequest = {}): Promise<{ payload: EnergyUsage; notes: SamplerNote[] }> {
    if (!this.started) throw new Error('Sampler.sample() before start()');
    const notes: SamplerNote[] = [];
    const [load, mem] = await Promise.all([this.source.currentLoad(), this.source.mem()]);
    const tNs = this.clock.monotonicNs();
    const dtS = this.lastT === undefined ? 0 : Number(tNs - this.lastT) / 1e9;
    this.lastT = tNs;
    const inGap = dtS > 0 && dtS <= this.maxGapS;
    if (Array.isArray(load.cpus) && load.cpus.length > 0) this.cores = load.cpus.length;
    const loadPct = Number.isFinite(load.currentLoad) ? Math.min(100, Math.max(0, load.currentLoad)) : 0;

    let power: EnergyUsage['power'] | undefined;
    let intervalJ = 0;
    if (this.rapl) {
      try {
        const r = this.rapl.read(tNs);
        if (r) this.lastRaplWatts = r.watts;
        power = {
          watts: roundTo(this.lastRaplWatts, 3),
          method: 'rapl',
          zones: (r?.zones ?? []).map((z) => ({ name: z.name, watts: roundTo(z.watts, 3) })),
        };
        // The counters give the interval's energy exactly; no need to multiply watts by time.
        if (r && inGap) intervalJ = r.joules;
      } catch (err) {
        notes.push({
          key: 'rapl-failed',
          code: (err as NodeJS.ErrnoException).code,
          detail: String((err as Error).message),
        });
        this.rapl = undefined;
      }
    }
    if (!power) {
      const est = estimateWatts(loadPct / 100, this.cores, mem.total / BYTES_PER_GB, this.coefficients);
      power = { watts: roundTo(est.watts, 3), method: 'estimate' };
      // currentLoad() is the average since the previous call and the model is linear in load, so
      // this is the interval's average power: watts × dt is its energy.
      if (inGap) intervalJ = est.watts * dtS;
    }

    const intervalKWh = joulesToKWh(intervalJ);
    this.joules += intervalJ;
    const intensity = req.intensity ?? DEFAULT_GRID_INTENSITY;
    this.co2Total += co2Grams(intervalKWh, intensity);
    if (req.pricePerKWh !== undefined) this.costTotal += energyCost(intervalKWh, req.pricePerKWh);

    const used = Math.max(0, mem.total - mem.available);
    const payload: EnergyUsage = {
      host: this.opts.host,
      timestamp: new Date(this.clock.nowMs()).toISOString(),
      cpu: { load: roundTo(loadPct, 2), cores: this.cores },
      memory: { used, total: mem.total, usedPercent: mem.total > 0 ? roundTo((used / mem.total) * 100, 2) : 0 },
      power,
      energy: { wh: roundTo(joulesToWh(this.joules), 6), since: new Date(this.sinceMs).toISOString() },
    };
    notes.push(...(await this.readTemperature(false)));
    if (this.temperature.value !== undefined) payload.cpu.temperature = this.temperature.value;
    if (req.pricePerKWh !== undefined) {
      payload.cost = { amount: roundTo(this.costTotal, 6), currency: req.currency ?? '', perKWh: req.pricePerKWh };
    }
    payload.co2 = { grams: roundTo(this.co2Total, 4), intensity };
    const n = Math.min(MAX_TOP_PROCESSES, Math.floor(req.topProcesses ?? 0));
    if (this.attribution) {
      try {
        // A sample asked for its top processes lists them over the previous interval too.
        payload.attribution = this.attribution.sample(intervalJ, dtS, power.method, this.clock.nowMs(), n > 0);
      } catch (err) {
        // procfs itself failed, not one process (those are skipped): said once, then left off.
        this.attribution = undefined;
        notes.push({ key: 'no-attribution', detail: String((err as Error).message) });
      }
    }
    const battery = await this.readBattery(tNs, notes);
    if (battery) payload.battery = battery;
    if (n > 0) {
      try {
        payload.processes = topProcesses((await this.source.processes()).list, n);
      } catch (err) {
        notes.push({ key: 'processes-failed', detail: String((err as Error)?.message ?? err) });
      }
    }
    return { payload, notes };
  }

  private async readTemperature(first: boolean): Promise<SamplerNote[]> {
    const missing = await this.temperature.refresh(this.clock.monotonicNs(), first);
    return missing ? [{ key: 'no-temperature', detail: missing }] : [];
  }

  private async readBattery(tNs: bigint, notes: SamplerNote[]): Promise<BatteryFigures | null> {
    const wasEnabled = this.battery.enabled;
    const figures = await this.battery.sample(tNs);
    if (wasEnabled && !this.battery.enabled) notes.push({ key: 'no-battery', detail: 'battery().hasBattery is false' });
    return figures;
  }
}

/** The n processes using the most CPU, heaviest first. */
export function topProcesses(
  list: Array<{ pid: number; name: string; cpu: number; mem: number }>,
  n: number,
): TopProcess[] {
  return list
    .filter((p) => Number.isFinite(p.cpu))
    .sort((a, b) => b.cpu - a.cpu || b.mem - a.mem)
    .slice(0, n)
    .map((p) => ({ pid: p.pid, name: p.name, cpu: roundTo(p.cpu, 2), mem: roundTo(p.mem, 2) }));
}

/**
 * Reads the one-off process request from an input message: `msg.topProcesses = N` (1..50), or
 * `msg.payload === "processes"` for the default of 5. Anything else asks for none.
 */
export function requestedTopProcesses(msg: { payload?: unknown; topProcesses?: unknown }): number {
  const n = msg.topProcesses;
  if (typeof n === 'number' && Number.isFinite(n) && n >= 1) return Math.min(MAX_TOP_PROCESSES, Math.floor(n));
  if (typeof n === 'string' && /^\d+$/.test(n.trim()) && Number(n) >= 1) return Math.min(MAX_TOP_PROCESSES, Number(n));
  if (typeof msg.payload === 'string' && msg.payload.trim().toLowerCase() === 'processes') return 5;
  return 0;
}
