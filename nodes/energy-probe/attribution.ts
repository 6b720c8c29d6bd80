// Energy per process for energy-probe, the way Scaphandre and Kepler share a server's power:
// the host's energy over an interval is split among the processes in proportion to the CPU
// time each used in that interval, out of all the CPU time the host had (every CPU, busy or
// not). What no process is seen to use (idle, iowait, interrupts, the unseen last part of a
// process that ended) is the idle share. That one rule serves measured and estimated power
// alike: RAPL tells no idle baseline to subtract, and a fully loaded host gives all of its
// power to its processes, an idle one all of it to idle.
import { ProcReader, HostTicks, ProcessTicks } from './proc-reader';
import { DailyProcessEnergy, DaySummary, localDay } from './daily-energy';
import { joulesToWh } from '../lib/energy-math';
import { roundTo } from '../lib/units';

/** One scan: the host's ticks, each process by pid, and the pids that could not be read. */
export interface ProcSnapshot {
  host: HostTicks;
  processes: Map<number, ProcessTicks & { command?: string }>;
  skipped: Set<number>;
}

export interface ProcessJoules {
  process: ProcessTicks & { command?: string };
  /** CPU ticks used in the interval. */
  ticks: number;
  /** Fraction of all the host's CPU time in the interval, 0..1. */
  share: number;
  joules: number;
}

export interface EnergySplit {
  /** The processes that used CPU time in the interval, most first. */
  processes: ProcessJoules[];
  idleShare: number;
  idleJoules: number;
}

/**
 * The ticks a process used since the previous scan. One absent from it started in the interval
 * (all its ticks count), unless it was there but unreadable (then its start is unknown: none
 * count this time). A pid with another start time is a new process under a reused pid.
 */
function ticksUsed(p: ProcessTicks, prev: ProcSnapshot): number {
  const before = prev.processes.get(p.pid);
  if (before && before.start === p.start) return Math.max(0, p.ticks - before.ticks);
  if (!before && prev.skipped.has(p.pid)) return 0;
  return p.ticks;
}

/**
 * Splits `joules` between the processes of `now` and idle. The shares plus idle make 1, so the
 * joules add up to `joules` (within floating-point rounding). The processes are read a little
 * after /proc/stat, so their ticks can exceed the host's by a tick or two: then the processes
 * share everything and idle is 0, rather than the sum passing 100 %.
 */
export function splitEnergy(joules: number, prev: ProcSnapshot, now: ProcSnapshot): EnergySplit {
  const used: Array<{ process: ProcessJoules['process']; ticks: number }> = [];
  let busy = 0;
  for (const p of now.processes.values()) {
    const ticks = ticksUsed(p, prev);
    if (ticks > 0) {
      used.push({ process: p, ticks });
      busy += ticks;
    }
  }
  const all = Math.max(now.host.total - prev.host.total, busy);
  used.sort((a, b) => b.ticks - a.ticks);
  const processes = used.map(({ process, ticks }) => ({
    process,
    ticks,
    share: ticks / all,
    joules: (joules * ticks) / all,
  }));
  const idleShare = all > 0 ? (all - busy) / all : 1;
  return { processes, idleShare, idleJoules: joules * idleShare };
}

export interface ProcessShare {
  pid: number;
  name: string;
  command: string;
  /** % of all the host's CPU time in the interval (every CPU): the shares and idle make 100. */
  cpuShare: number;
  watts: number;
  wh: number;
}

export interface ShareFigures {
  cpuShare: number;
  watts: number;
  wh: number;
}

export interface Attribution {
  /** Where the host's figure came from: "rapl" (measured) or "estimate". */
  method: string;
  /** The interval's length and the host's energy in it, which the shares below divide. */
  seconds: number;
  wh: number;
  idle: ShareFigures;
  /** The top processes of the interval by CPU time. */
  processes: ProcessShare[];
  /** The processes past the top ones, together. */
  other: ShareFigures;
  /** Process entries that could not be read in this sample (gone, or hidden). */
  skipped: number;
  today: DaySummary;
}

export interface ProcessEnergyOptions {
  /** How many processes a sample lists, and how many programs today's summary lists. */
  top: number;
  /** Programs with a sum of their own today; the rest is "other". */
  maxPrograms: number;
  reader?: ProcReader;
}

/** The per-process side of the sampler: a scan per sample, the split, today's sums. */
export class ProcessEnergy {
  readonly today: DailyProcessEnergy;
  private readonly reader: ProcReader;
  private prev: ProcSnapshot | undefined;
  /** The interval before the current one: its first scan, energy and length (see `sample`). */
  private before: { scan: ProcSnapshot; joules: number; seconds: number } | undefined;

  constructor(private readonly opts: ProcessEnergyOptions) {
    this.reader = opts.reader ?? new ProcReader();
    this.today = new DailyProcessEnergy(opts.maxPrograms);
  }

  private snapshot(): ProcSnapshot {
    const host = this.reader.hostTicks();
    const { processes, skipped } = this.reader.scan();
    const byPid = new Map<number, ProcessTicks & { command?: string }>();
    for (const p of processes) {
      // The command of a process already shown is kept, not read again.
      const before = this.prev?.processes.get(p.pid);
      byPid.set(
        p.pid,
        before?.command !== undefined && before.start === p.start ? { ...p, command: before.command } : p,
      );
    }
    return { host, processes: byPid, skipped: new Set(skipped) };
  }

  /** Takes the first scan, the start of the first interval. Throws when /proc cannot be read. */
  start(): void {
    this.prev = this.snapshot();
  }

  /** Starts today's sums again (a reset of the totals). */
  reset(nowMs: number): void {
    this.today.clear(localDay(nowMs));
  }

  /**
   * Splits the interval's `joules` (over `seconds`) and adds them to today's sums. With
   * `withPrevious`, the processes listed cover the previous interval and this one together: a
   * sample asked for between two timed ones (an alarm wanting the top processes) may follow the
   * last one by milliseconds, in which no process has used a tick of CPU, so its own interval
   * would name nothing. Today's sums take this interval only, so nothing is counted twice.
   */
  sample(joules: number, seconds: number, method: string, nowMs: number, withPrevious = false): Attribution {
    const now = this.snapshot();
    const prev = this.prev ?? now;
    const before = this.before;
    this.before = { scan: prev, joules, seconds };
    this.prev = now;
    const split = splitEnergy(joules, prev, now);
    const figures = (share: number, j: number, over: number): ShareFigures => ({
      cpuShare: roundTo(share * 100, 2),
      watts: over > 0 ? roundTo(j / over, 3) : 0,
      wh: roundTo(joulesToWh(j), 6),
    });
    const perProgram = new Map<string, number>();
    for (const { process, joules: j } of split.processes)
      perProgram.set(process.name, (perProgram.get(process.name) ?? 0) + j);
    this.today.add(localDay(nowMs), perProgram, split.idleJoules);

    let listed = { split, joules, seconds };
    if (withPrevious && before) {
      const j = before.joules + joules;
      listed = { split: splitEnergy(j, before.scan, now), joules: j, seconds: before.seconds + seconds };
    }
    const shown = listed.split.processes.slice(0, this.opts.top);
    let restShare = 0;
    let restJ = 0;
    for (const p of listed.split.processes.slice(this.opts.top)) {
      restShare += p.share;
      restJ += p.joules;
    }
    const f = (share: number, j: number) => figures(share, j, listed.seconds);
    return {
      method,
      seconds: roundTo(listed.seconds, 3),
      wh: roundTo(joulesToWh(listed.joules), 6),
      idle: f(listed.split.idleShare, listed.split.idleJoules),
      processes: shown.map(({ process, share, joules: j }) => {
        process.command ??= this.reader.command(process.pid, process.name);
        return { pid: process.pid, name: process.name, command: process.command, ...f(share, j) };
      }),
      other: f(restShare, restJ),
      skipped: now.skipped.size,
      today: this.today.summary(this.opts.top),
    };
  }
}
