// `npm run bench`: every benchmark in sequence, each in processes of its own; prints every figure
// with its goal and PASS/MISS, then writes bench/RESULTS.md. Exit code 0 even when a goal is
// missed (the figures are the result); 1 when a benchmark could not run.
import { spawn } from 'child_process';
import fs from 'fs';
import path from 'path';
import { Figure, figureTable, fmt, machine, verdict } from './lib/report';

const distBench = __dirname;
const repoRoot = path.resolve(__dirname, '..', '..');

interface Step {
  file: string;
  args?: string[];
  /** Turns the bench's own JSON line into figures (for benches that predate lib/report). */
  adapt?: (json: any) => Figure[];
}

const STEPS: Step[] = [
  { file: 'pipeline.js' },
  { file: 'nodes.js' },
  // The same with 5000 messages in flight, a burst rather than a steady flow: information only.
  { file: 'nodes.js', args: ['--window', '5000', '--information'] },
  {
    // csv-log prints rows/s and ratios of its own; the goals are judged with each logger as the
    // last node of its pipeline (see bench/csv-log.ts).
    file: 'csv-log.js',
    adapt: (j) => {
      const r = j.rowsPerSecond;
      const x = j.ratio;
      return [
        {
          name: 'csv-log fast, last node',
          value: r['end-fast'],
          unit: 'rows/s',
          note: `raw stream ${r.raw}, core csv + file ${r['end-core']}, no-op node ${r['end-floor']}; information only`,
        },
        { name: 'csv-log fast / core csv + file', value: x.fastVsCore, unit: '×', goal: '>= 10' },
        {
          name: 'csv-log fast / raw write stream',
          value: x.fastVsRaw,
          unit: '×',
          goal: '>= 0.5',
          note: `a no-op node reaches ${x.floorVsRaw} × raw`,
        },
        { name: 'csv-log flush / fast', value: x.flushVsFast, unit: '×', goal: '>= 0.5' },
        { name: 'csv-log sync / fast', value: x.syncVsFast, unit: '×', note: 'information only' },
        {
          name: 'csv-log fast / core, with a downstream node',
          value: x.withSinkFastVsCore,
          unit: '×',
          note: `${x.withSinkFastVsRaw} × raw; a pass-through node reaches ${x.withSinkFloorVsRaw} × raw; information only`,
        },
      ];
    },
  },
  // What a row waiting in csv-log's queue costs in heap, against what its memory budget counts.
  { file: 'csv-log-queue.js' },
  { file: 'threshold-memory.js' },
  { file: 'threshold-alarms.js' },
  {
    file: 'energy-probe-overhead.js',
    adapt: (j) => [
      {
        name: 'energy-probe CPU per sample',
        value: j.cpuMsPerSample,
        unit: 'ms',
        note: `method ${j.method}, ${j.samples} samples`,
      },
      { name: 'energy-probe CPU at a 1 s interval', value: j.pctOfOneCoreAt1s, unit: '% of a core', goal: '<= 1' },
    ],
  },
  // energy-probe's per-process energy at about 300 and 3,000 processes (it starts and stops its own).
  { file: 'energy-attribution.js' },
  { file: 'startup.js' },
  { file: 'ward-board.js' },
  // he-history's queries against pandas on a 1,000,000-row file (pandas side skipped without it).
  { file: 'history.js' },
];

interface Outcome {
  step: string;
  figures: Figure[];
  details?: unknown;
  error?: string;
  seconds: number;
}

function run(step: Step): Promise<Outcome> {
  const file = path.join(distBench, step.file);
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...(step.args ?? [])], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      process.stdout.write(d);
      out += d.toString();
    });
    child.on('exit', (code) => {
      const seconds = (Date.now() - t0) / 1000;
      const line = out
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{"bench"') || (l.startsWith('{') && l.includes('"bench"')));
      if (!line) return resolve({ step: step.file, figures: [], error: `no result line (exit ${code})`, seconds });
      const json = JSON.parse(line);
      const figures: Figure[] = step.adapt ? step.adapt(json) : Array.isArray(json.figures) ? json.figures : [];
      resolve({
        step: step.file,
        figures,
        details: json.details ?? json,
        error: figures.length ? undefined : 'no figures',
        seconds,
      });
    });
  });
}

function markdown(outcomes: Outcome[], broker: string): string {
  const m = machine();
  const all = outcomes.flatMap((o) => o.figures);
  const misses = all.filter((f) => verdict(f) === 'MISS');
  const rows = all.map(
    (f) => `| ${f.name} | ${fmt(f.value)} ${f.unit} | ${f.goal ?? ''} | ${verdict(f)} | ${f.note ?? ''} |`,
  );
  return [
    '# Benchmark results',
    '',
    `Latest \`npm run bench\`: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, on ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB,`,
    `Node.js ${m.node}, ${m.platform}. Broker: ${broker}.`,
    '',
    'Machines like this one are shared and noisy, so the goals are ratios measured side by side in the same run',
    '(medians of interleaved rounds); absolute rates are shown for information. How each figure is measured is',
    'written at the top of each file in `bench/`. Reproduce with `npm run bench` (message counts: `BENCH_N`,',
    '`BENCH_NODE_N`, `BENCH_KEYS`, `BENCH_ROUNDS`; see each file).',
    '',
    '| figure | value | goal | | note |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    misses.length ? `**${misses.length} goal(s) missed:** ${misses.map((f) => f.name).join('; ')}.` : 'All goals met.',
    '',
    ...outcomes.filter((o) => o.error).map((o) => `- ${o.step}: ${o.error}`),
    ...pipelineRuns(outcomes),
    '',
  ].join('\n');
}

/** Every pipeline run, so that the spread behind the medians can be seen. */
function pipelineRuns(outcomes: Outcome[]): string[] {
  const details = outcomes.find((o) => o.step === 'pipeline.js')?.details as
    | {
        n: number;
        runs?: {
          variant: string;
          mode?: string;
          rate: number;
          sent: number;
          counted: number;
          csv?: { rows: number; missing: number; duplicates: number };
        }[];
      }
    | undefined;
  if (!details?.runs?.length) return [];
  return [
    '',
    `Pipeline runs (${details.n.toLocaleString('en-US')} timed messages each, in the order they ran):`,
    '',
    '| variant | publisher | msgs/s | counted / sent | CSV rows | missing | duplicates |',
    '|---|---|---|---|---|---|---|',
    ...details.runs.map(
      (r) =>
        `| ${r.variant} | ${r.mode ?? 'windowed'} | ${fmt(r.rate)} | ${r.counted} / ${r.sent} | ${r.csv?.rows ?? '–'} | ${r.csv?.missing ?? '–'} | ${r.csv?.duplicates ?? '–'} |`,
    ),
  ];
}

async function main(): Promise<void> {
  const outcomes: Outcome[] = [];
  for (const step of STEPS) {
    if (!fs.existsSync(path.join(distBench, step.file))) {
      console.log(`\n=== ${step.file}: not present, skipped`);
      continue;
    }
    console.log(`\n=== ${step.file}`);
    outcomes.push(await run(step));
  }
  const pipeline = outcomes.find((o) => o.step === 'pipeline.js')?.details as { broker?: string } | undefined;
  const broker = process.env.MQTT_URL ? 'MQTT_URL' : (pipeline?.broker ?? 'unknown');
  console.log('\n=== summary');
  console.log(figureTable(outcomes.flatMap((o) => o.figures)));
  for (const o of outcomes) console.log(`  ${o.step}: ${o.seconds.toFixed(0)} s${o.error ? ' ERROR ' + o.error : ''}`);
  const file = path.join(repoRoot, 'bench', 'RESULTS.md');
  fs.writeFileSync(file, markdown(outcomes, broker));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
  if (outcomes.some((o) => o.error)) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
