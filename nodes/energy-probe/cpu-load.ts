// CPU load from os.cpus() tick deltas. systeminformation's Linux currentLoad() spawns a shell
// (`cat /proc/stat | grep cpu`) per call, about 1 % of a core at a 1 s interval on its own;
// os.cpus() reads the same kernel counters in-process.
import os from 'os';

type CpuTimes = os.CpuInfo['times'];

const busy = (t: CpuTimes): number => t.user + t.nice + t.sys + t.irq;
const total = (t: CpuTimes): number => busy(t) + t.idle;

/** Load since the previous call, as systeminformation's currentLoad() reports it; the first call covers the time since boot. */
export class CpuLoadMeter {
  private prev: CpuTimes[] = [];

  constructor(private readonly read = (): CpuTimes[] => os.cpus().map((c) => c.times)) {}

  currentLoad() {
    const now = this.read();
    const zero: CpuTimes = { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 };
    let b = 0;
    let t = 0;
    const cpus = now.map((c, i) => {
      const p = this.prev.length === now.length ? this.prev[i] : zero;
      const db = Math.max(0, busy(c) - busy(p));
      const dt = Math.max(0, total(c) - total(p));
      b += db;
      t += dt;
      return { load: dt > 0 ? (db / dt) * 100 : 0 };
    });
    this.prev = now;
    return { currentLoad: t > 0 ? (b / t) * 100 : 0, cpus };
  }
}

/** A SystemSource-compatible object: load from os.cpus(), everything else from systeminformation. */
export function withLightLoad<T extends object>(si: T, meter = new CpuLoadMeter()): T {
  return { ...si, currentLoad: async () => meter.currentLoad() };
}
