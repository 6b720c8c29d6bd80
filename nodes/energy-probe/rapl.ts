// Linux powercap/RAPL energy counters (intel-rapl:*/energy_uj, µJ, wrapping at max_energy_range_uj)
// turned into watts. The file-system calls are injected: as root, file modes cannot make EACCES.
import fs from 'fs';
import path from 'path';

export const DEFAULT_POWERCAP_ROOT = '/sys/class/powercap';

/** Both may throw errors with a `code`. */
export interface RaplIo {
  readText(file: string): string;
  listDir(dir: string): string[];
}

export const nodeRaplIo: RaplIo = {
  readText: (file) => fs.readFileSync(file, 'utf8'),
  listDir: (dir) => fs.readdirSync(dir),
};

interface RaplZone {
  /** Directory name (`intel-rapl:0`) and the `name` file's text (`package-0`, `psys`). */
  id: string;
  name: string;
  dir: string;
  maxRangeUj: number;
}

/** Energy between two counter readings in µJ, across one wrap-around. */
export function raplDeltaUj(e0: number, e1: number, maxRangeUj: number): number {
  const d = e1 - e0;
  return d >= 0 ? d : maxRangeUj - e0 + e1;
}

function readInt(io: RaplIo, file: string): number {
  const text = io.readText(file).trim();
  if (!/^\d+$/.test(text)) throw Object.assign(new Error(`${file}: not an integer`), { code: 'EINVAL' });
  return Number(text);
}

/** Why RAPL cannot be used: the errno code (EACCES, ENOENT...), else EIO. */
function unavailable(err: unknown, where: string) {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return {
    ok: false as const,
    code: typeof code === 'string' ? code : 'EIO',
    detail: `${where}: ${(err as Error).message}`,
  };
}

/**
 * Finds the zones to meter: the `psys` zone alone when present (it already covers the packages),
 * else every top-level package. Subzones (`intel-rapl:N:M`: core, uncore, dram) are inside their
 * package, and `intel-rapl-mmio` mirrors package 0, so neither is counted. The meter returned has
 * read each chosen counter at monotonic time `tNs`, its baseline: a permission problem shows up
 * here rather than per sample.
 */
export function discoverRapl(root: string, io: RaplIo = nodeRaplIo, tNs = process.hrtime.bigint()) {
  let entries: string[];
  try {
    entries = io.listDir(root);
  } catch (err) {
    return unavailable(err, root);
  }
  const zones: RaplZone[] = [];
  for (const id of entries.filter((e) => /^intel-rapl:\d+$/.test(e)).sort()) {
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
      return unavailable(err, `${dir}/max_energy_range_uj`);
    }
  }
  const psys = zones.filter((z) => z.name === 'psys');
  const chosen = psys.length > 0 ? psys : zones;
  if (chosen.length === 0)
    return { ok: false as const, code: 'ENOENT', detail: `${root}: no RAPL package or psys zone` };
  const meter = new RaplMeter(chosen, io);
  try {
    meter.read(tNs);
  } catch (err) {
    return unavailable(err, root);
  }
  return { ok: true as const, zones: chosen, meter };
}

/** Keeps the previous counter values and turns each new reading into watts. */
export class RaplMeter {
  private prev: { tNs: bigint; uj: number[] } | undefined;

  constructor(
    readonly zones: RaplZone[],
    private readonly io: RaplIo = nodeRaplIo,
  ) {}

  /**
   * Reads every zone at monotonic time tNs: the watts since the previous reading (all zones, and
   * each) and the exact energy in J. Undefined on the first call (a baseline) or when no time has
   * passed; throws (with an errno code) when a counter becomes unreadable.
   */
  read(tNs: bigint) {
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
    return { watts: totalUj / 1e6 / dtS, joules: totalUj / 1e6, zones };
  }
}
