// The host sampler behind energy-probe: load, memory, power (RAPL or estimate), energy, cost, CO2,
// temperature and battery. The source of system figures (systeminformation's names and fields) and
// the clock are injected, so it is tested with fakes and benchmarked for real.
import { RaplIo, RaplMeter, discoverRapl, nodeRaplIo, DEFAULT_POWERCAP_ROOT } from './rapl';
import { EstimateCoefficients, DEFAULT_COEFFICIENTS, estimateWatts, BYTES_PER_GB } from './estimate';
import { joulesToKWh, joulesToWh, energyCost, co2Grams, DEFAULT_GRID_INTENSITY } from '../lib/energy-math';
import type { Pricing } from '../lib/energy-math';
import { roundTo } from '../lib/units';
import { BatteryData, BatterySensor, TemperatureSensor } from './sensors';
import type { Attribution, ProcessEnergy } from './attribution';

/** A process as systeminformation lists it: cpu is % of one CPU, mem % of memory. */
type ProcessRow = { pid: number; name: string; cpu: number; mem: number };

/** The part of `systeminformation` the sampler uses. */
export interface SystemSource {
  currentLoad(): Promise<{ currentLoad: number; cpus?: unknown[] }>;
  mem(): Promise<{ total: number; available: number }>;
  cpuTemperature(): Promise<{ main: number | null }>;
  battery(): Promise<BatteryData>;
  processes(): Promise<{ list: ProcessRow[] }>;
}

/** Monotonic nanoseconds for intervals; wall-clock milliseconds only for timestamps. */
export interface Clock {
  monotonicNs(): bigint;
  nowMs(): number;
}

const systemClock: Clock = { monotonicNs: () => process.hrtime.bigint(), nowMs: () => Date.now() };

export interface SamplerOptions {
  source: SystemSource;
  host: string;
  clock?: Clock;
  /** 'auto' uses RAPL when readable; 'estimate' never touches powercap. */
  method?: 'auto' | 'estimate';
  powercapRoot?: string;
  raplIo?: RaplIo;
  coefficients?: EstimateCoefficients;
  /** Intervals longer than this add no energy (a stalled host, or RAPL wrapping twice). */
  maxGapS?: number;
  /** Splits each interval's energy among the processes (off when absent). */
  attribution?: ProcessEnergy;
}

/** Something unreadable or changed, to report once (status/log), never per sample. */
export interface SamplerNote {
  key: 'rapl-unavailable' | 'rapl-failed' | 'no-temperature' | 'no-battery' | 'processes-failed' | 'no-attribution';
  code?: string;
  detail: string;
}

export const MAX_TOP_PROCESSES = 50;

const message = (err: unknown) => String((err as Error)?.message ?? err);
const codeOf = (err: unknown) => (err as NodeJS.ErrnoException).code;

export class Sampler {
  private readonly clock: Clock;
  private readonly temperature: TemperatureSensor;
  private readonly battery: BatterySensor;
  /** From the source's per-CPU list; 1 until it gives one. */
  private cores = 1;
  private attribution: ProcessEnergy | undefined;
  private rapl: RaplMeter | undefined;
  private lastRaplWatts = 0;
  /** The last sample's monotonic time; undefined before start(). */
  private lastT: bigint | undefined;
  private totals = { joules: 0, cost: 0, co2: 0, sinceMs: 0 };

  constructor(private readonly opts: SamplerOptions) {
    this.clock = opts.clock ?? systemClock;
    this.temperature = new TemperatureSensor(() => opts.source.cpuTemperature());
    this.battery = new BatterySensor(() => opts.source.battery());
    this.attribution = opts.attribution;
  }

  get method(): 'rapl' | 'estimate' {
    return this.rapl ? 'rapl' : 'estimate';
  }

  /**
   * Primes the sources: the first currentLoad() covers the time since boot and is discarded;
   * RAPL is discovered and given a baseline; temperature and battery are tried once.
   */
  async start(): Promise<SamplerNote[]> {
    const notes: SamplerNote[] = [];
    this.countCores(await this.opts.source.currentLoad());
    if (this.opts.method !== 'estimate') {
      const root = this.opts.powercapRoot ?? DEFAULT_POWERCAP_ROOT;
      const found = discoverRapl(root, this.opts.raplIo ?? nodeRaplIo, this.clock.monotonicNs());
      if (found.ok) this.rapl = found.meter;
      else notes.push({ key: 'rapl-unavailable', code: found.code, detail: found.detail });
    }
    await this.readSensors(this.clock.monotonicNs(), true, notes);
    try {
      this.attribution?.start();
    } catch (err) {
      // No procfs (not Linux) or one that cannot be read: the host's figures go on without it.
      this.attribution = undefined;
      notes.push({ key: 'no-attribution', detail: message(err) });
    }
    this.restartTotals();
    return notes;
  }

  /** Restarts the energy, cost and CO2 totals, and today's energy per process, from now. */
  resetEnergy(): void {
    this.restartTotals();
    this.attribution?.reset(this.totals.sinceMs);
  }

  private restartTotals(): void {
    this.totals = { joules: 0, cost: 0, co2: 0, sinceMs: this.clock.nowMs() };
    this.lastT = this.clock.monotonicNs();
  }

  /** `topProcesses`: how many to add (0: none, they are expensive); `intensity`: g CO2e per kWh. */
  async sample(req: Partial<Pricing> & { topProcesses?: number } = {}) {
    if (this.lastT === undefined) throw new Error('Sampler.sample() before start()');
    const notes: SamplerNote[] = [];
    const [load, mem] = await Promise.all([this.opts.source.currentLoad(), this.opts.source.mem()]);
    const tNs = this.clock.monotonicNs();
    const dtS = Number(tNs - this.lastT) / 1e9;
    this.lastT = tNs;
    const inGap = dtS > 0 && dtS <= (this.opts.maxGapS ?? Infinity);
    this.countCores(load);
    const loadPct = Number.isFinite(load.currentLoad) ? Math.min(100, Math.max(0, load.currentLoad)) : 0;

    let power:
      { watts: number; method: 'rapl' | 'estimate'; zones?: Array<{ name: string; watts: number }> } | undefined;
    let intervalJ = 0;
    if (this.rapl) {
      try {
        const r = this.rapl.read(tNs);
        if (r) this.lastRaplWatts = r.watts;
        const zones = (r?.zones ?? []).map((z) => ({ name: z.name, watts: roundTo(z.watts, 3) }));
        power = { watts: roundTo(this.lastRaplWatts, 3), method: 'rapl', zones };
        // The counters give the interval's energy exactly, not watts × time.
        if (r && inGap) intervalJ = r.joules;
      } catch (err) {
        notes.push({ key: 'rapl-failed', code: codeOf(err), detail: message(err) });
        this.rapl = undefined;
      }
    }
    if (!power) {
      const c = this.opts.coefficients ?? DEFAULT_COEFFICIENTS;
      const watts = estimateWatts(loadPct / 100, this.cores, mem.total / BYTES_PER_GB, c);
      power = { watts: roundTo(watts, 3), method: 'estimate' };
      // currentLoad() is the average since the previous call and the model is linear in load, so
      // this is the interval's average power.
      if (inGap) intervalJ = watts * dtS;
    }

    const intervalKWh = joulesToKWh(intervalJ);
    const intensity = req.intensity ?? DEFAULT_GRID_INTENSITY;
    this.totals.joules += intervalJ;
    this.totals.co2 += co2Grams(intervalKWh, intensity);
    if (req.pricePerKWh !== undefined) this.totals.cost += energyCost(intervalKWh, req.pricePerKWh);

    const timestamp = new Date(this.clock.nowMs()).toISOString();
    await this.readSensors(tNs, false, notes);
    const n = Math.min(MAX_TOP_PROCESSES, Math.floor(req.topProcesses ?? 0));
    let attribution: Attribution | undefined;
    try {
      // A sample asked for its top processes lists them over the previous interval too.
      attribution = this.attribution?.sample(intervalJ, dtS, power.method, this.clock.nowMs(), n > 0);
    } catch (err) {
      // procfs itself failed, not one process (those are skipped): said once, then left off.
      this.attribution = undefined;
      notes.push({ key: 'no-attribution', detail: message(err) });
    }
    let processes: ReturnType<typeof topProcesses> | undefined;
    try {
      if (n > 0) processes = topProcesses((await this.opts.source.processes()).list, n);
    } catch (err) {
      notes.push({ key: 'processes-failed', detail: message(err) });
    }
    const used = Math.max(0, mem.total - mem.available);
    const temperature = this.temperature.value;
    const payload = {
      host: this.opts.host,
      timestamp,
      cpu: { load: roundTo(loadPct, 2), cores: this.cores, ...(temperature !== undefined && { temperature }) },
      memory: { used, total: mem.total, usedPercent: mem.total > 0 ? roundTo((used / mem.total) * 100, 2) : 0 },
      power,
      energy: { wh: roundTo(joulesToWh(this.totals.joules), 6), since: new Date(this.totals.sinceMs).toISOString() },
      ...(req.pricePerKWh !== undefined && {
        cost: { amount: roundTo(this.totals.cost, 6), currency: req.currency ?? '', perKWh: req.pricePerKWh },
      }),
      co2: { grams: roundTo(this.totals.co2, 4), intensity },
      ...(attribution && { attribution }),
      ...(this.battery.value && { battery: this.battery.value }),
      ...(processes && { processes }),
    };
    return { payload, notes };
  }

  private countCores(load: { cpus?: unknown[] }): void {
    if (Array.isArray(load.cpus) && load.cpus.length > 0) this.cores = load.cpus.length;
  }

  /** Temperature (when due, or with `force`) and battery; a sensor found missing is noted once. */
  private async readSensors(tNs: bigint, force: boolean, notes: SamplerNote[]): Promise<void> {
    const noTemperature = await this.temperature.refresh(tNs, force);
    if (noTemperature) notes.push({ key: 'no-temperature', detail: noTemperature });
    const noBattery = await this.battery.refresh(tNs);
    if (noBattery) notes.push({ key: 'no-battery', detail: noBattery });
  }
}

/** The n processes using the most CPU, heaviest first. */
export function topProcesses(list: ProcessRow[], n: number) {
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
