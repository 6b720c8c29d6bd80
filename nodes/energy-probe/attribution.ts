// Energy per process, as Scaphandre and Kepler share a server's power: an interval's energy is split
// by the CPU time each process used out of all the host's CPU time (every CPU, busy or not); what no
// process is seen to use is idle. One rule for RAPL and the estimate: RAPL tells no idle baseline.
import { ProcReader, ProcessTicks } from './proc-reader';
import { DailyProcessEnergy, localDay } from './daily-energy';
import { joulesToWh } from '../lib/energy-math';
import { roundTo } from '../lib/units';

/** One scan: the host's ticks, each process by pid, and the pids that could not be read. */
export type ProcSnapshot = ReturnType<ProcReader['scan']> & { host: number };

/**
 * The ticks a process used since the previous scan. One absent from it started in the interval
 * (all its ticks count), unless it was there but unreadable (its start unknown: none count). A pid
 * with another start time is a new process under a reused pid.
 */
function ticksUsed(p: ProcessTicks, prev: ProcSnapshot): number {
  const before = prev.processes.get(p.pid);
  if (before && before.start === p.start) return Math.max(0, p.ticks - before.ticks);
  if (!before && prev.skipped.has(p.pid)) return 0;
  return p.ticks;
}

/**
 * Splits `joules` between the processes of `now` (most first) and idle; the shares and idle make
 * 1. The processes are read a little after /proc/stat, so their ticks can pass the host's by a
 * tick or two: then the processes share everything and idle is 0, rather than passing 100 %.
 */
export function splitEnergy(joules: number, prev: ProcSnapshot, now: ProcSnapshot) {
  const used: Array<{ process: ProcessTicks; ticks: number }> = [];
  let busy = 0;
  for (const process of now.processes.values()) {
    const ticks = ticksUsed(process, prev);
    if (ticks > 0) {
      used.push({ process, ticks });
      busy += ticks;
    }
  }
  const all = Math.max(now.host - prev.host, busy);
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

/** The per-process side of the sampler: a scan per sample, the split, today's sums. */
export class ProcessEnergy {
  readonly today: DailyProcessEnergy;
  private readonly reader: ProcReader;
  private prev: ProcSnapshot | undefined;
  /** The interval before the current one: its first scan, energy and length (see `sample`). */
  private before: { scan: ProcSnapshot; joules: number; seconds: number } | undefined;

  /** `top`: processes a sample lists and programs today's summary lists; `maxPrograms`: today's table. */
  constructor(private readonly opts: { top: number; maxPrograms: number; reader?: ProcReader }) {
    this.reader = opts.reader ?? new ProcReader();
    this.today = new DailyProcessEnergy(opts.maxPrograms);
  }

  private snapshot(): ProcSnapshot {
    const host = this.reader.hostTicks();
    const { processes, skipped } = this.reader.scan();
    // The command of a process already shown is kept, not read again.
    for (const p of processes.values()) {
      const before = this.prev?.processes.get(p.pid);
      if (before?.start === p.start) p.command = before.command;
    }
    return { host, processes, skipped };
  }

  /** Takes the first scan, the start of the first interval. Throws when /proc cannot be read. */
  start(): void {
    this.prev = this.snapshot();
  }

  reset(nowMs: number): void {
    this.today.clear(localDay(nowMs));
  }

  /**
   * Splits the interval's `joules` (over `seconds`) and adds them to today's sums. With
   * `withPrevious`, the processes listed cover the previous interval and this one together: a
   * sample asked for between two timed ones (an alarm wanting the top processes) may follow the
   * last by milliseconds, in which no process used a tick. Today's sums take this interval only.
   */
  sample(joules: number, seconds: number, method: string, nowMs: number, withPrevious = false) {
    const now = this.snapshot();
    const prev = this.prev ?? now;
    const before = this.before;
    this.before = { scan: prev, joules, seconds };
    this.prev = now;
    const split = splitEnergy(joules, prev, now);
    const perProgram = new Map<string, number>();
    for (const { process, joules: j } of split.processes)
      perProgram.set(process.name, (perProgram.get(process.name) ?? 0) + j);
    this.today.add(localDay(nowMs), perProgram, split.idleJoules);

    let listed = { split, joules, seconds };
    if (withPrevious && before) {
      const j = before.joules + joules;
      listed = { split: splitEnergy(j, before.scan, now), joules: j, seconds: before.seconds + seconds };
    }
    const figures = (share: number, j: number) => ({
      cpuShare: roundTo(share * 100, 2),
      watts: listed.seconds > 0 ? roundTo(j / listed.seconds, 3) : 0,
      wh: roundTo(joulesToWh(j), 6),
    });
    const rest = listed.split.processes.slice(this.opts.top);
    return {
      method,
      seconds: roundTo(listed.seconds, 3),
      wh: roundTo(joulesToWh(listed.joules), 6),
      idle: figures(listed.split.idleShare, listed.split.idleJoules),
      processes: listed.split.processes.slice(0, this.opts.top).map(({ process, share, joules: j }) => {
        process.command ??= this.reader.command(process.pid, process.name);
        return { pid: process.pid, name: process.name, command: process.command, ...figures(share, j) };
      }),
      other: figures(
        rest.reduce((s, p) => s + p.share, 0),
        rest.reduce((s, p) => s + p.joules, 0),
      ),
      skipped: now.skipped.size, // process entries unreadable in this scan (gone, or hidden)
      today: this.today.summary(this.opts.top),
    };
  }
}

export type Attribution = ReturnType<ProcessEnergy['sample']>;
