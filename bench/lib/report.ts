// Small helpers every benchmark shares: medians, goal checks, a plain text table, and the one
// JSON line per benchmark that run-all.ts reads back.
import os from 'os';

export function median(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export interface Figure {
  /** What is measured, e.g. "pipeline: ours / mqtt in → no-op". */
  name: string;
  value: number;
  unit: string;
  /** e.g. ">= 0.6" or "<= 50"; absent for a figure shown for information. */
  goal?: string;
  /** Free text next to the figure: what it was compared with, counts. */
  note?: string;
}

/** A goal such as ">= 0.6" as its comparison and bound, or undefined when it is not one. */
export function parseGoal(goal: string | undefined): { op: '>=' | '<='; bound: number } | undefined {
  const m = goal ? /^(>=|<=)\s*(-?[\d.]+)$/.exec(goal.trim()) : null;
  return m ? { op: m[1] as '>=' | '<=', bound: Number(m[2]) } : undefined;
}

export function meets(value: number, goal: string | undefined): boolean | undefined {
  const g = parseGoal(goal);
  if (!g) return undefined;
  if (!Number.isFinite(value)) return false;
  return g.op === '>=' ? value >= g.bound : value <= g.bound;
}

export const verdict = (f: Figure): string => {
  const ok = meets(f.value, f.goal);
  return ok === undefined ? '' : ok ? 'PASS' : 'MISS';
};

export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const a = Math.abs(value);
  if (a >= 1000) return Math.round(value).toLocaleString('en-US');
  if (a >= 100) return value.toFixed(0);
  if (a >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (c ?? '').padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function figureTable(figures: Figure[]): string {
  return table([
    ['figure', 'value', 'goal', '', 'note'],
    ...figures.map((f) => [f.name, `${fmt(f.value)} ${f.unit}`.trim(), f.goal ?? '', verdict(f), f.note ?? '']),
  ]);
}

export function machine(): { cpu: string; cores: number; memGiB: number; node: string; platform: string } {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Prints the table and the JSON line that run-all.ts picks up (it starts with {"bench":). */
export function emit(bench: string, figures: Figure[], details: Record<string, unknown>): void {
  console.log(figureTable(figures));
  console.log(JSON.stringify({ bench, figures, details, machine: machine(), date: new Date().toISOString() }));
}

export function envInt(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
