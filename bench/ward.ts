// `npm run bench:ward`: the whole health system as a user runs it, at a ward's size (100 patients)
// and a hospital's (1,000), one reading a second each: Mosquitto, the demo (npm start) on the
// variant's flows, Chromium open on the Health page, the simulator, probe patients whose alarms
// are timed to the page. Each page variant (bench/lib/ward-variants.ts) runs as its own set of
// processes, one size after the other; the Health page before the board and the same flow without
// its charts run beside the board as anchors. How each figure is taken: bench/lib/ward-run.ts.
//
// Options (flag or environment variable):
//   --seconds N    BENCH_WARD_SECONDS   length of each run (default 600)
//   --sizes L      BENCH_WARD_SIZES     patients per run, comma list (default 100,1000)
//   --variants L   BENCH_WARD_VARIANTS  board,charts,chartless (default: all; board once it exists)
//   --warmup N     BENCH_WARD_WARMUP    seconds before the steady window (default a fifth of the run, 5-60)
//   --drain N      BENCH_WARD_DRAIN     longest wait for rows after the last reading (default 30)
//   --probes N     BENCH_WARD_PROBES    probe patients among the patients (default 10)
//   --cycle N      BENCH_WARD_CYCLE     seconds between two alarms of one probe (default 30: with 10
//                                       probes an alarm every 3 s, far more than a ward has, and
//                                       200 delays in a 10-minute run)
//   --out FILE                          results file (default bench/RESULTS-ward.md)
//                  BENCH_WARD_KEEP=1   keep each run's temporary folder (demo and simulator output, CSV)
//   --short                             CI: board and chartless at 100 patients, 20 s runs, nothing
//                                       written; fails unless they log every reading and show every
//                                       probe's alarm
// Exit code 1 when a run could not run (or, with --short, as just said); a goal missed is a figure.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Cleanup, exitCleanlyOnSignals } from './lib/cleanup';
import { emit, Figure, fmt, machine, table, verdict } from './lib/report';
import { runWard, RunResult } from './lib/ward-run';
import { BusyShare } from './lib/ward-page';
import {
  DEFAULT_FILTER_PLAN,
  FILTER_MIN_PATIENTS,
  FILTER_PATIENTS,
  FilterResult,
  RAIL_FLOW_MS,
  RAIL_RESPONSE_MS,
  summarise,
} from './lib/ward-filter';
import { MIN_CYCLE_SECONDS } from './lib/ward-probes';
import { VARIANT_NAMES, VariantName, WardVariant, wardVariants } from './lib/ward-variants';

const repoRoot = path.resolve(__dirname, '..', '..');
const log = (line: string) => process.stdout.write(`${line}\n`);

/** The issue's goals: Node-RED's CPU by size; the others at every size. */
const CPU_GOAL: Record<number, string> = { 100: '<= 5', 1000: '<= 25' };

export interface WardOptions {
  seconds: number;
  sizes: number[];
  variants: VariantName[];
  warmupSeconds: number;
  drainSeconds: number;
  probes: number;
  cycleSeconds: number;
  out: string | null;
  short: boolean;
}

function wholeNumber(name: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} needs a whole number of at least ${min}, got "${raw}"`);
  return n;
}

export function parseWardArgs(argv: string[], env: NodeJS.ProcessEnv): WardOptions {
  const flags = new Map<string, string>();
  let short = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--short') short = true;
    else if (/^--(seconds|sizes|variants|warmup|drain|probes|cycle|out)$/.test(a) && i + 1 < argv.length)
      flags.set(a.slice(2), argv[++i]);
    else throw new Error(`unknown or incomplete option "${a}" (see the top of bench/ward.ts)`);
  }
  const get = (name: string, envName: string) => flags.get(name) ?? env[envName] ?? undefined;
  const seconds = wholeNumber('--seconds', get('seconds', 'BENCH_WARD_SECONDS') ?? (short ? '20' : '600'), 10);
  const sizes = (get('sizes', 'BENCH_WARD_SIZES') ?? (short ? '100' : '100,1000'))
    .split(',')
    .map((s) => wholeNumber('--sizes', s.trim(), 2));
  // The short run leaves out the charts anchor: it is known to fall behind, and stopping a Node-RED it has swamped takes the longest.
  const variantList = (get('variants', 'BENCH_WARD_VARIANTS') ?? (short ? 'board,chartless' : VARIANT_NAMES.join(',')))
    .split(',')
    .map((s) => s.trim());
  for (const v of variantList)
    if (!(VARIANT_NAMES as readonly string[]).includes(v))
      throw new Error(`unknown variant "${v}" (${VARIANT_NAMES.join(', ')})`);
  const warmupRaw = get('warmup', 'BENCH_WARD_WARMUP');
  const warmupSeconds =
    warmupRaw !== undefined
      ? wholeNumber('--warmup', warmupRaw, 0)
      : Math.min(60, Math.max(5, Math.round(seconds / 5)));
  if (warmupSeconds >= seconds)
    throw new Error(`the warm-up (${warmupSeconds} s) leaves no steady window in a ${seconds} s run`);
  const drainSeconds = wholeNumber('--drain', get('drain', 'BENCH_WARD_DRAIN') ?? (short ? '10' : '30'), 0);
  const probes = wholeNumber('--probes', get('probes', 'BENCH_WARD_PROBES') ?? '10', 1);
  const cycleSeconds = wholeNumber('--cycle', get('cycle', 'BENCH_WARD_CYCLE') ?? '30', MIN_CYCLE_SECONDS);
  for (const n of sizes)
    if (n <= probes + (n >= FILTER_MIN_PATIENTS ? FILTER_PATIENTS : 0))
      throw new Error(`${n} patients leave no simulated patient beside ${probes} probes`);
  const out = short ? null : path.resolve(flags.get('out') ?? path.join(repoRoot, 'bench', 'RESULTS-ward.md'));
  return {
    seconds,
    sizes,
    variants: variantList as VariantName[],
    warmupSeconds,
    drainSeconds,
    probes,
    cycleSeconds,
    out,
    short,
  };
}

const seconds = (ms: number) => (Number.isFinite(ms) ? ms / 1000 : ms);

/** The figures of one run, each with its goal. */
export function runFigures(r: RunResult): Figure[] {
  const missing = Math.max(0, r.sent.total - r.logged.distinct);
  // Rounds go out at 0, 1, ... n-1 s: n rounds take n - 1 s and the last round's acknowledgements.
  const simRatePct = (100 * r.sent.simulator) / (r.sent.simulatorSeconds + 1) / r.simulated;
  const b = r.browser.steady;
  const rest = r.browser.atRest;
  return [
    {
      name: 'Node-RED CPU',
      value: r.nodeRedCpuPct,
      unit: '% of a core',
      goal: CPU_GOAL[r.patients],
      note: `at rest (page open, no readings) ${fmt(r.nodeRedAtRestPct)} %; waited for a core ${fmt(r.nodeRedWaitPct)} % of the time`,
    },
    {
      name: 'readings not logged',
      value: missing,
      unit: 'readings',
      goal: '<= 0',
      note: `${r.logged.distinct.toLocaleString('en-US')} of ${r.sent.total.toLocaleString('en-US')} in vitals.csv ${r.logged.allIn ? `${fmt(r.logged.drainS)} s after the last` : `after ${fmt(r.logged.drainS)} s of drain`}; ${r.logged.rows - r.logged.distinct} duplicate rows`,
    },
    {
      name: 'reading → alarm on the page, p50',
      value: seconds(r.delays.p50),
      unit: 's',
      note: `${r.delays.seen} of ${r.delays.raised} alarms shown`,
    },
    {
      name: 'reading → alarm on the page, p99',
      value: seconds(r.delays.p99),
      unit: 's',
      goal: '<= 2',
      note: `slowest shown ${fmt(seconds(r.delays.maxSeen))} s${r.delays.early ? `; ${r.delays.early} shown before the raising reading` : ''}`,
    },
    {
      name: 'browser main thread busy',
      value: b?.mainThreadPct ?? NaN,
      unit: '%',
      goal: '<= 20',
      note: b ? `${browserNote(b)}; the page at rest ${fmt(rest?.mainThreadPct ?? NaN)} %` : 'not measured',
    },
    {
      name: 'simulator rate',
      value: simRatePct,
      unit: '% of due',
      goal: '>= 99',
      note: `${r.sent.simulator.toLocaleString('en-US')} readings from ${r.simulated} patients, ${fmt(r.sent.simulatorSeconds)} s from the first round to the exit`,
    },
    { name: 'Mosquitto CPU', value: r.brokerCpuPct, unit: '% of a core' },
    { name: 'simulator CPU', value: r.simulatorCpuPct, unit: '% of a core' },
    ...(r.filter ? filterFigures(r.filter) : []),
  ];
}

const RAIL = 'RAIL model (web.dev/rail)';

/** The filter phase's figures (bench/lib/ward-filter.ts), with the RAIL model's goals. */
export function filterFigures(f: FilterResult): Figure[] {
  const narrow = summarise(f.narrowMs);
  const widen = summarise(f.widenMs);
  const sending = summarise(f.ackSendingMs);
  const shown = summarise(f.ackShownMs);
  const never = (ms: number[]) => ms.filter((x) => !Number.isFinite(x)).length;
  return [
    {
      name: `filter to ${FILTER_PATIENTS}: key press → tiles painted, p50`,
      value: seconds(narrow.p50),
      unit: 's',
      note: `${narrow.count} narrowings, ${never(f.narrowMs)} never painted within 10 s`,
    },
    {
      name: `filter to ${FILTER_PATIENTS}: key press → tiles painted, p99`,
      value: seconds(narrow.p99),
      unit: 's',
      goal: `<= ${RAIL_RESPONSE_MS / 1000}`,
      note: `${RAIL}: respond to input within 100 ms; clearing the filter: p50 ${fmt(seconds(widen.p50))} s, p99 ${fmt(seconds(widen.p99))} s`,
    },
    {
      name: `browser main thread busy, filtered to ${FILTER_PATIENTS}`,
      value: f.busy?.mainThreadPct ?? NaN,
      unit: '%',
      goal: '<= 20',
      note: f.busy ? browserNote(f.busy) : 'not measured',
    },
    {
      name: 'Acknowledge: click → shown sent, p99',
      value: seconds(sending.p99),
      unit: 's',
      goal: `<= ${RAIL_RESPONSE_MS / 1000}`,
      note: `${RAIL}: respond to input within 100 ms; p50 ${fmt(seconds(sending.p50))} s`,
    },
    {
      name: 'Acknowledge: click → tile shows acknowledged, p99',
      value: seconds(shown.p99),
      unit: 's',
      goal: `<= ${RAIL_FLOW_MS / 1000}`,
      note: `${RAIL}: past 1 s the user loses the flow of the task; through Node-RED, the threshold node and back to the board; p50 ${fmt(seconds(shown.p50))} s; ${shown.count - never(f.ackShownMs)} of ${shown.count} clicks shown acknowledged within 10 s, ${f.ackCleared} more whose alarm cleared first`,
    },
  ];
}

function browserNote(b: BusyShare): string {
  const chrome =
    b.taskPct === undefined
      ? "Chrome's task time not read: the page did not answer"
      : `Chrome's task time ${fmt(b.taskPct)} % (script ${fmt(b.scriptPct!)} %, style and layout ${fmt(b.layoutPct!)} %)`;
  const long = b.longTaskPct === undefined ? '' : `; long tasks ${fmt(b.longTaskPct)} % (${b.longTasks})`;
  return `waited for a core ${fmt(b.mainThreadWaitPct)} % of the time; ${chrome}${long}`;
}

/** A figure's value with its unit; an infinite delay (alarms never shown) says so. */
function valueText(f: Figure): string {
  if (f.value === Infinity) return 'never shown';
  return `${fmt(f.value)}${f.unit ? ` ${f.unit}` : ''}`;
}

function cell(f: Figure): string {
  const v = verdict(f);
  return `${valueText(f)}${v ? ` ${v}` : ''}`;
}

interface Outcome {
  variant: WardVariant;
  patients: number;
  result?: RunResult;
  figures?: Figure[];
  error?: string;
  skipped?: string;
}

/** One table per size: each figure, its goal, and each variant's value beside it. */
function sizeTable(outcomes: Outcome[], patients: number, variants: WardVariant[]): string[][] {
  const of = variants.map((v) => outcomes.find((o) => o.variant === v && o.patients === patients));
  // Every variant's figures, in order: only the board's runs have the filter's.
  const goals = new Map<string, string>();
  for (const o of of) for (const f of o?.figures ?? []) if (!goals.has(f.name)) goals.set(f.name, f.goal ?? '');
  const names = [...goals];
  const rows = names.map(([name, goal]) => [
    name,
    goal,
    ...of.map((o) => {
      if (!o) return '';
      if (o.skipped) return 'not run';
      if (o.error || !o.figures) return 'failed';
      const f = o.figures.find((x) => x.name === name);
      return f ? cell(f) : '';
    }),
  ]);
  return [['figure', 'goal', ...variants.map((v) => v.name)], ...rows];
}

function markdownTable(rows: string[][]): string[] {
  return [
    `| ${rows[0].join(' | ')} |`,
    `|${rows[0].map(() => '---').join('|')}|`,
    ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`),
  ];
}

function markdown(
  o: WardOptions,
  outcomes: Outcome[],
  variants: WardVariant[],
  startedAt: Date,
  load: number[],
): string {
  const m = machine();
  const lines = [
    '# Ward benchmark results (`npm run bench:ward`)',
    '',
    `${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, on ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, Node.js ${m.node}, ${m.platform}.`,
    `Load average when it started: ${load.map((x) => x.toFixed(2)).join(', ')} (1, 5, 15 min).`,
    `Each run: ${o.seconds} s${o.seconds < 600 ? " (the benchmark's default is 600 s: these are shorter runs)" : ''}, figures over the steady window from ${o.warmupSeconds} s to the end;`,
    `drain up to ${o.drainSeconds} s; ${o.probes} probe patients among the patients, one alarm each every ${o.cycleSeconds} s.`,
    `Broker: ${outcomes.find((x) => x.result)?.result?.broker ?? 'not started'}.`,
    ...(load[0] > m.cores
      ? [
          '',
          `**The machine was busy with other work** (load average above its ${m.cores} cores): Node-RED and the page waited for a core part of`,
          'the time (the notes say how long), so their CPU shares are lower, and delays longer, than on a machine of their own.',
        ]
      : []),
    '',
    'Variants: ' +
      variants
        .map((v) => `**${v.name}**: ${v.label}${v.unavailable ? ` (not run: ${v.unavailable})` : ''}`)
        .join('; ') +
      '.',
    '',
  ];
  for (const patients of o.sizes) {
    lines.push(
      `## ${patients.toLocaleString('en-US')} patients, 1 reading/s each`,
      '',
      ...markdownTable(sizeTable(outcomes, patients, variants)),
      '',
    );
    for (const x of outcomes.filter((y) => y.patients === patients)) {
      if (x.error) lines.push(`- ${x.variant.name}: failed: ${x.error.split('\n')[0]}`);
      if (x.result) {
        const notes = x.figures!.filter((f) => f.note).map((f) => `${f.name}: ${f.note}`);
        const slices = x.result.nodeRedCpuSlices.map((s) => `${s.fromS}-${s.toS} s ${fmt(s.pct)} %`).join(', ');
        lines.push(`- ${x.variant.name}: ${notes.join('; ')}. Node-RED CPU from the first reading: ${slices}.`);
      }
    }
    lines.push('');
  }
  lines.push(
    '## How it is measured',
    '',
    'See `bench/lib/ward-run.ts`. Node-RED CPU: user + system time of the demo process from `/proc/<pid>/stat`',
    'over the steady window. Readings sent: acknowledged by the broker (simulator and probes); logged: distinct',
    '(device, timestamp) rows in `vitals.csv` after the drain. Delay: from the publish of the probe reading that',
    'raises the NEWS2 alarm (the second high one in a row) to the moment a MutationObserver in the page sees the',
    "alarm; an alarm never shown counts as infinitely late. Browser: CPU time of the page's renderer main thread",
    '(`/proc/<pid>/task/<pid>/stat`, the pid from CDP `SystemInfo.getProcessInfo`) over the window. Beside it:',
    "Chrome's own task time (CDP `Performance.getMetrics` TaskDuration; wall time, so on a loaded machine it also",
    'counts waits for a core) and long tasks (over 50 ms; they miss a page kept busy by many short tasks).',
    'Filter (board, 1,000 patients and more; `bench/lib/ward-filter.ts`): after the steady window, with every patient',
    "still sending, one key press narrows the board to its 50 patients `w-01`...; timed from the key event's timeStamp",
    'to the first paint after the board shows exactly those tiles; likewise the key that clears it, the busy share',
    'while narrowed, and Acknowledge clicks on probe tiles. Goals from the RAIL model (web.dev/rail).',
    '',
  );
  return lines.join('\n');
}

async function main(): Promise<number> {
  let o: WardOptions;
  try {
    o = parseWardArgs(process.argv.slice(2), process.env);
  } catch (err) {
    log(`bench:ward: ${(err as Error).message}`);
    return 2;
  }
  const startedAt = new Date();
  const load = os.loadavg();
  const all = wardVariants(repoRoot);
  const variants = o.variants.map((n) => all.find((v) => v.name === n)!);
  const cleanup = new Cleanup();
  const pids = new Set<number>();
  exitCleanlyOnSignals(
    cleanup,
    () => {
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
    log,
  );
  log(
    `bench:ward: ${o.sizes.join(' and ')} patients, ${o.seconds} s per run, variants ${variants.map((v) => v.name).join(', ')}; load average ${load[0].toFixed(2)}`,
  );

  const outcomes: Outcome[] = [];
  for (const patients of o.sizes) {
    for (const variant of variants) {
      if (variant.unavailable) {
        log(`\n=== ${patients} patients, ${variant.name}: not run (${variant.unavailable})`);
        outcomes.push({ variant, patients, skipped: variant.unavailable });
        continue;
      }
      log(`\n=== ${patients} patients, ${variant.name}: ${variant.label}`);
      try {
        const result = await runWard({
          variant,
          patients,
          seconds: o.seconds,
          warmupSeconds: o.warmupSeconds,
          drainSeconds: o.drainSeconds,
          probes: o.probes,
          cycleSeconds: o.cycleSeconds,
          repoRoot,
          log,
          cleanup,
          pids,
          keep: process.env.BENCH_WARD_KEEP === '1',
          filter: variant.name === 'board' && patients >= FILTER_MIN_PATIENTS ? DEFAULT_FILTER_PLAN : undefined,
        });
        const figures = runFigures(result);
        outcomes.push({ variant, patients, result, figures });
        log(
          table([
            ['figure', 'value', 'goal', '', 'note'],
            ...figures.map((f) => [f.name, valueText(f), f.goal ?? '', verdict(f), f.note ?? '']),
          ]),
        );
      } catch (err) {
        log(`  failed: ${(err as Error).stack ?? err}`);
        outcomes.push({ variant, patients, error: (err as Error).message });
      } finally {
        await cleanup.runAll(log);
        pids.clear();
      }
    }
  }

  log('\n=== summary');
  for (const patients of o.sizes) {
    log(`\n${patients} patients:`);
    log(table(sizeTable(outcomes, patients, variants)));
  }
  const figures = outcomes.flatMap((x) =>
    (x.figures ?? []).map((f) => ({ ...f, name: `ward ${x.patients}, ${x.variant.name}: ${f.name}` })),
  );
  emit('ward', figures, {
    options: o,
    runs: outcomes.map((x) => ({
      variant: x.variant.name,
      patients: x.patients,
      error: x.error,
      skipped: x.skipped,
      result: x.result && { ...x.result, delays: { ...x.result.delays, ms: undefined } },
    })),
  });
  if (o.out) {
    fs.writeFileSync(o.out, markdown(o, outcomes, variants, startedAt, load));
    log(`wrote ${path.relative(process.cwd(), o.out)}`);
  }

  let failed = outcomes.some((x) => x.error);
  if (o.short) {
    for (const x of outcomes.filter((y) => y.result && y.variant.keepsUp)) {
      const r = x.result!;
      if (!r.logged.allIn || r.delays.seen < r.delays.raised || r.delays.raised === 0) {
        log(
          `short run: ${x.variant.name} at ${x.patients} patients should keep up: ${r.logged.distinct} of ${r.sent.total} readings logged, ${r.delays.seen} of ${r.delays.raised} alarms shown`,
        );
        failed = true;
      }
    }
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
