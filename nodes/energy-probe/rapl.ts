// Reads Linux powercap/RAPL energy counters (intel-rapl:*/energy_uj, µJ, wrapping at
// max_energy_range_uj) and turns two readings into watts.
// Pure apart from the injected file-system functions, so tests run against a fake tree and can
// simulate EACCES (as root, chmod does not stop reads, so a real file cannot produce it).
import fs from 'fs';
import path from 'path';

export const DEFAULT_POWERCAP_ROOT = '/sys/class/powercap';

/** The two file-system calls the reader needs; both may throw errors with a `code`. */
export interface RaplIo {
  readText(file: string): string;
  listDir(dir: string): string[];
}

export const nodeRaplIo: RaplIo = {
  readText: (file) => fs.readFileSync(file, 'utf8'),
  listDir: (dir) => fs.readdirSync(dir),
};

export interface RaplZone {
  /** Directory name, e.g. `intel-rapl:0`. */
  id: string;
  /** Zone name from its `name` file, e.g. `package-0` or `psys`. */
  name: string;
  dir: string;
  maxRangeUj: number;
}

/** Energy difference between two counter readings in µJ, handling one wrap-around. */
export function raplDeltaUj(e0: number, e1: number, maxRangeUj: number): number {
  const d = e1 - e0;
  return d >= 0 ? d : maxRangeUj - e0 + e1;
}

/** Average watts between two readings taken dtS seconds apart. */
export function raplWatts(e0: number, e1: number, maxRangeUj: number, dtS: number): number {
  return raplDeltaUj(e0, e1, maxRangeUj) / 1e6 / dtS;
}

/** Why RAPL cannot be used: the errno code when there is one (EACCES, ENOENT...), else a reason. */
export interface RaplUnavailable {
  ok: false;
  code: string;
  detail: string;
}

export interface RaplAvailable {
  ok: true;
  zones: RaplZone[];
}

function errCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'EIO';
}

function readInt(io: RaplIo, file: string): number {
  const text = io.readText(file).trim();
  if (!/^\d+$/.test(text)) {
    const e = new Error(`${file}: not an integer`) as NodeJS.ErrnoException;
    e.code = 'EINVAL';
    throw e;
  }
  return Number(text);
}

/**
 * Finds the zones to meter: the `psys` zone alone when present (it already covers the packages),
 * else every top-level package. Subzones (`intel-rapl:N:M`: core, uncore, dram) are never counted,
 * since they are contained in their package, and `intel-rapl-mmio` mirrors package 0.
 * Each chosen zone's counter is read once, so a permission problem shows up here, not per sample.
 */
export function discoverRapl(root: string, io: RaplIo = nodeRaplIo): RaplAvailable | RaplUnavailable {
  let entries: string[];
  try {
    entries = io.listDir(root);
  } catch (err) {
    return { ok: false, code: errCode(err), detail: `${root}: ${(err as Error).message}` };
  }
  const top = entries.filter((e) => /^intel-rapl:\d+$/.test(e)).sort();
  const zones: RaplZone[] = [];
  for (const id of top) {
    const dir = path.join(root, id);
    let name: string;
    try {
      name = io.readText(path.join(dir, 'name')).trim();
    } catch {
      continue;
    }
    if (name !== 'psys' && !name.startsWith('package')) continue;
    try {
      zones.push({ id, name, dir, maxRangeUj: readInt(io, path.join(dir, 'max_energy_range_uj')) });
    } catch (err) {
      return { ok: false, code: errCode(err), detail: `${dir}/max_energy_range_uj: ${(err as Error).message}` };
    }
  }
  const psys = zones.filter((z) => z.name === 'psys');
  const chosen = psys.length > 0 ? psys : zones;
  if (chosen.length === 0) return { ok: false, code: 'ENOENT', detail: `${root}: no RAPL package or psys zone` };
  for (const z of chosen) {
    try {
      readInt(io, path.join(z.dir, 'energy_uj'));
    } catch (err) {
      return { ok: false, code: errCode(err), detail: `${z.dir}/energy_uj: ${(err as Error).message}` };
    }
  }
  return { ok: true, zones: chosen };
}

export interface RaplZoneWatts {
  name: string;
  watts: number;
}

export interface RaplReading {
  /** Sum over the metered zones, W, averaged since the previous reading. */
  watts: number;
  /** Energy over the interval, J (exact counter difference, not watts × time). */
  joules: number;
  dtS: number;
  zones: RaplZoneWatts[];
}

/** Keeps the previous counter values and turns each new reading into watts. */
export class RaplMeter {
  private prev: { tNs: bigint; uj: number[] } | undefined;

  constructor(
    readonly zones: RaplZone[],
    private readonly io: RaplIo = nodeRaplIo,
  ) {}

  /**
   * Reads every zone at monotonic time tNs. Returns undefined on the first call (a baseline) or
   * when no time has passed; throws (with an errno code) when a counter becomes unreadable.
   */
  read(tNs: bigint): RaplReading | undefined {
    const uj = this.zones.map((z) => readInt(this.io, path.join(z.dir, 'energy_uj')));
    const prev = this.prev;
    this.prev = { tNs, uj };
    if (!prev) return undefined;
    const dtS = Number(tNs - prev.tNs) / 1e9;
    if (!(dtS > 0)) return undefined;
    let totalUj = 0;
    const zones = this.zones.map((z, i) => {
      const d = raplDeltaUj(prev.uj[i], uj[i], z.maxRangeUj);
      totalUj += d;
      return { name: z.name, watts: d / 1e6 / dtS };
    });
    return { watts: totalUj / 1e6 / dtS, joules: totalUj / 1e6, dtS, zones };
  }

  /** Forget the baseline, e.g. after a gap longer than one counter range could hold. */
  reset(): void {
    this.prev = undefined;
  }
}
