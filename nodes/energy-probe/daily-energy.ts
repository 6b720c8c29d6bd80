// Today's energy per program: joules per process name since local midnight, for at most `maxPrograms`
// names, the rest as "other". By name, not pid: a program run every minute (cron) would fill the
// table with pids that each used a trace.
import { joulesToWh } from '../lib/energy-math';
import { roundTo } from '../lib/units';

/** The host's local calendar date (YYYY-MM-DD) of an instant: the day the totals belong to. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const isJoules = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const wh = (j: number) => roundTo(joulesToWh(j), 6);

export class DailyProcessEnergy {
  private date = '';
  private readonly programs = new Map<string, number>();
  private otherJ = 0;
  private idleJ = 0;

  constructor(private readonly maxPrograms: number) {}

  clear(date: string): void {
    this.date = date;
    this.programs.clear();
    this.otherJ = 0;
    this.idleJ = 0;
  }

  /**
   * Adds one interval's joules per program and idle to `date` (a new date starts a new day). A name
   * new to a full table takes the place of the smallest when it used more in this interval than
   * that one all day (the smallest moves to "other"), else it goes to "other".
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
      const [smallest, smallestJ] = [...this.programs].reduce((min, e) => (e[1] < min[1] ? e : min));
      if (j > smallestJ) {
        this.programs.delete(smallest);
        this.otherJ += smallestJ;
        this.programs.set(name, j);
      } else {
        this.otherJ += j;
      }
    }
  }

  /** Today's sums: the `top` programs by energy, most first; the rest of the table in otherWh. */
  summary(top: number) {
    const sorted = [...this.programs].sort((a, b) => b[1] - a[1]);
    const sum = (entries: Array<[string, number]>, from = 0) => entries.reduce((j, e) => j + e[1], from);
    return {
      date: this.date,
      wh: wh(sum(sorted) + this.otherJ + this.idleJ),
      idleWh: wh(this.idleJ),
      otherWh: wh(sum(sorted.slice(top), this.otherJ)),
      processes: sorted.slice(0, top).map(([name, j]) => ({ name, wh: wh(j) })),
    };
  }

  toJSON() {
    return { date: this.date, programs: [...this.programs], otherJ: this.otherJ, idleJ: this.idleJ };
  }

  /**
   * Adds a saved day back when it is `today` (a restart within the day); an older day, or anything
   * else, is dropped. Added, not replaced, so that samples taken while the store was read are kept.
   */
  load(saved: unknown, today: string): void {
    const s = (saved ?? {}) as Record<string, unknown>;
    if (s.date !== today || !Array.isArray(s.programs)) return;
    const programs = new Map<string, number>();
    for (const entry of s.programs) {
      if (Array.isArray(entry) && typeof entry[0] === 'string' && isJoules(entry[1])) programs.set(entry[0], entry[1]);
    }
    this.add(today, programs, isJoules(s.idleJ) ? s.idleJ : 0);
    if (isJoules(s.otherJ)) this.otherJ += s.otherJ;
  }
}
