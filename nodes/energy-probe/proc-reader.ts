// CPU time of the host and of each process, read straight from procfs (Linux). The root may be the
// host's /proc mounted in a container (/host/proc). One buffer serves every file: a scan opens
// thousands, and readFileSync would add an fstat and a buffer to each.
import fs from 'fs';
import path from 'path';

export const DEFAULT_PROC_ROOT = '/proc';

export interface ProcessTicks {
  pid: number;
  /** Start time in ticks since boot: a pid reused by a new process has another. */
  start: number;
  /** CPU time used so far, user + system, in the same ticks as HostTicks. */
  ticks: number;
  /** The kernel's name of the program (comm, at most 15 characters). */
  name: string;
  command?: string;
}

/**
 * The host's CPU time in clock ticks since boot, all CPUs together, from the first line of
 * /proc/stat ("cpu  user nice system idle iowait irq softirq steal guest ..."): the first eight
 * added up, as guest time is already inside user.
 */
export function parseHostTicks(text: string): number | undefined {
  const line = text.split('\n', 1)[0];
  if (!line.startsWith('cpu ')) return undefined;
  const f = line.slice(4).trim().split(/\s+/).map(Number).slice(0, 8);
  if (f.length < 4 || f.some((n) => !Number.isFinite(n))) return undefined;
  return f.reduce((a, b) => a + b, 0);
}

/**
 * Reads /proc/<pid>/stat: "pid (comm) state ppid ... utime stime ... starttime ...". The name may
 * hold spaces and parentheses, so the fields are counted from the last ")".
 */
export function parseProcessStat(pid: number, text: string): ProcessTicks | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  // After ")" comes field 3 of proc(5): utime is field 14, stime 15, starttime 22.
  const f = text.slice(close + 2).split(' ', 20);
  const [utime, stime, start] = [f[11], f[12], f[19]].map(Number);
  if (f.length < 20 || ![utime, stime, start].every(Number.isFinite)) return undefined;
  return { pid, start, ticks: utime + stime, name: text.slice(open + 1, close) };
}

export class ProcReader {
  private readonly buf = Buffer.alloc(4096);

  constructor(readonly root: string = DEFAULT_PROC_ROOT) {}

  /** The text of a small file, at most 4 kB (enough for any stat line); throws like fs does. */
  private read(file: string): string {
    const fd = fs.openSync(file, 'r');
    try {
      return this.buf.toString('utf8', 0, fs.readSync(fd, this.buf, 0, this.buf.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  }

  /** The host's ticks; throws when /proc/stat cannot be read or is not what Linux writes. */
  hostTicks(): number {
    const file = path.join(this.root, 'stat');
    const ticks = parseHostTicks(this.read(file));
    if (ticks === undefined) throw new Error(`${file}: no "cpu" line`);
    return ticks;
  }

  /**
   * Every process whose stat can be read, by pid. One that cannot (gone since the listing, hidden
   * by hidepid, or malformed) is named in `skipped`, never thrown.
   */
  scan() {
    const processes = new Map<number, ProcessTicks>();
    const skipped = new Set<number>();
    for (const entry of fs.readdirSync(this.root)) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      let p: ProcessTicks | undefined;
      try {
        p = parseProcessStat(pid, this.read(`${this.root}/${entry}/stat`));
      } catch {
        p = undefined;
      }
      if (p) processes.set(pid, p);
      else skipped.add(pid);
    }
    return { processes, skipped };
  }

  /**
   * The process's command line (arguments joined by spaces, at most `max` characters), or `[name]`
   * as ps shows a kernel thread, which has none, or a process gone or hidden.
   */
  command(pid: number, name: string, max = 256): string {
    let text = '';
    try {
      text = this.read(`${this.root}/${pid}/cmdline`);
    } catch {
      // The name stands in for it.
    }
    text = text.replace(/\0+$/, '').replace(/\0/g, ' ').trim();
    if (text === '') return `[${name}]`;
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  }
}
