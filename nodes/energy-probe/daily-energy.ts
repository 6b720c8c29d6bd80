// Today's energy per program, for energy-probe's attribution: joules per process name since
// local midnight, for at most `maxPrograms` names; the rest adds up as "other", so memory and
// the saved state stay bounded however many programs come and go. Named by program rather than
// pid: a day's question is "which program", and a program run every minute (a cron job, a
// shell) would otherwise fill the table with pids that each used a trace.
import { joulesToWh } from '../lib/energy-math';
import { roundTo } from '../lib/units';

/** The host's local calendar date (YYYY-MM-DD) of an instant: the day the totals belong to. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export interface DaySummary {
  date: string;
  /** Everything counted today: the programs, other and idle together. */
  wh: number;
  idleWh: number;
  /** The programs past the `top` shown, and those that did not fit in the table. */
  otherWh: number;
  /** The `top` programs by energy today, most first. */
  processes: Array<{ name: string; wh: number }>;
}

/** What is saved in context: plain JSON. */
export interface SavedDay {
  date: string;
  programs: Array<[string, number]>;
  otherJ: number;
  idleJ: number;
}

const isJoules = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

export class DailyProcessEnergy {
  private date = '';
  private readonly programs = new Map<string, number>();
  private otherJ = 0;
  private idleJ = 0;

  constructor(private readonly maxPrograms: number) {}

  /** Starts an empty day. */
  clear(date: string): void {
    this.date = date;
    this.programs.clear();
    this.otherJ = 0;
    this.idleJ = 0;
  }

  /**
   * Adds one interval's energy (joules per program name, and the idle share) to `date`; a new
   * date starts a new day first. A name not yet in a full table takes the place of the smallest
   * one when it used more in this interval than that one used all day (the smallest moves to
   * "other"), else it goes to "other": the table keeps the day's big users, and nothing is lost.
   */
  add(date: string, perProgram: Map<string, number>, idleJ: number): void {
    if (date !== this.date) this.clear(date);
    this.idleJ += idleJ;
    const newcomers: Array<[string, number]> = [];
    for (const [name, j] of perProgram) {
      const had = this.programs.get(name);
      if (had !== undefined) this.programs.set(name, had + j);
      else newcomers.push([name, j]);
    }
    newcomers.sort((a, b) => b[1] - a[1]);
    for (const [name, j] of newcomers) {
      if (this.programs.size < this.maxPrograms) {
        this.programs.set(name, j);
        continue;
      }
      const smallest = this.smallest();
      if (smallest && j > smallest[1]) {
        this.programs.delete(smallest[0]);
        this.otherJ += smallest[1];
        this.programs.set(name, j);
      } else {
        this.otherJ += j;
      }
    }
  }

  private smallest(): [string, number] | undefined {
    let min: [string, number] | undefined;
    for (const entry of this.programs) if (!min || entry[1] < min[1]) min = entry;
    return min;
  }

  /** How many program names the table holds now (at most maxPrograms). */
  get size(): number {
    return this.programs.size;
  }

  summary(top: number): DaySummary {
    const sorted = [...this.programs].sort((a, b) => b[1] - a[1]);
    let otherJ = this.otherJ;
    for (const [, j] of sorted.slice(top)) otherJ += j;
    let programsJ = 0;
    for (const [, j] of sorted) programsJ += j;
    return {
      date: this.date,
      wh: roundTo(joulesToWh(programsJ + this.otherJ + this.idleJ), 6),
      idleWh: roundTo(joulesToWh(this.idleJ), 6),
      otherWh: roundTo(joulesToWh(otherJ), 6),
      processes: sorted.slice(0, top).map(([name, j]) => ({ name, wh: roundTo(joulesToWh(j), 6) })),
    };
  }

  toJSON(): SavedDay {
    return { date: this.date, programs: [...this.programs], otherJ: this.otherJ, idleJ: this.idleJ };
  }

  /**
   * Adds a saved day back when it is `today` (a restart within the day); an older day, or
   * anything that is not a saved day, is dropped. Added rather than replaced, so that samples
   * taken while the context store was still being read are kept too.
   */
  load(saved: unknown, today: string): void {
    if (typeof saved !== 'object' || saved === null) return;
    const s = saved as Partial<SavedDay>;
    if (s.date !== today || !Array.isArray(s.programs)) return;
    const programs = new Map<string, number>();
    for (const entry of s.programs as unknown[]) {
      if (Array.isArray(entry) && typeof entry[0] === 'string' && isJoules(entry[1])) programs.set(entry[0], entry[1]);
    }
    this.add(today, programs, isJoules(s.idleJ) ? s.idleJ : 0);
    if (isJoules(s.otherJ)) this.otherJ += s.otherJ;
  }
}
