// `npm run bench:history`: he-history's pure API (nodes/history/query.ts) against pandas, the
// health seed's own tool, on the same 1,000,000-row vitals.csv (100 patients, a week, a reading
// about every 60 s each), written as the health example's csv-log writes it and cached in the
// temp folder (bench/lib/history-data.ts). Two queries, each side in a process of its own per
// query and run (the first of each pair alternates, so neither side always meets a cold cache):
//   1. one patient's heart rate over the last 24 h as a chart series (ours: 600 points);
//   2. hourly count, min, max, mean, first and last of every vital for every patient.
// Goals, as ratios of pandas' time to ours in the same run: the last 24 h >= 10 x, the hourly
// summary >= 1 x; each query with <= 64 MB beyond Node-RED's own memory. Both sides must give the
// same answer, or the benchmark fails (exit code 1); a missed goal is a result (exit code 0).
// pandas is Debian's (/usr/bin/python3, python3-pandas); without it that side is skipped.
// Takes about 45 s with 3 runs (the default) on a quiet machine, 90 s on a busy one; writing the
// file first adds a few seconds.
//   npm run bench:history                       BENCH_RUNS=1 for one run
//   npm run bench:history -- --results bench/RESULTS-history.md   also writes the report
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { VITAL_NAMES } from '../nodes/lib/reading';
import { Check, compareSeries, compareSummary, SeriesAnswer, SummaryAnswer } from './lib/history-answers';
import { ensureVitals, PATIENTS, WEEK_MS, WEEK_START } from './lib/history-data';
import { resultsMarkdown } from './lib/history-report';
import { emit, envInt, Figure, fmt, median, meets, table } from './lib/report';
import type { ChildRequest } from './history-child';

const REPO = path.resolve(__dirname, '..', '..');
const PYTHON = '/usr/bin/python3';
const RUNS = envInt('BENCH_RUNS', 3);
const CHILD_TIMEOUT_MS = 120_000;
const MB = 2 ** 20;
const MEMORY_GOAL_MB = 64;

const SERIES_KEY = 'p-042';
const SERIES_COLUMN = 'heartRate';
const POINTS = 600;
const WEEK_END = WEEK_START + WEEK_MS;

interface Query {
  id: 'last24h' | 'hourly';
  label: string;
  goal: string;
  ours: ChildRequest;
  pandas: Record<string, unknown>;
  compare(ours: string, theirs: string): Check;
}

interface Measured {
  seconds: number;
  /** ours: peak beyond the resident set before the query; pandas: the process's peak. */
  memory: number;
  detail: Record<string, unknown>;
}

function queries(folder: string, file: string, name: string): Query[] {
  // Hours in UTC, as pandas floors the UTC times it parsed.
  const common = { folder, pattern: name, timeZone: 'utc' as const, keyColumn: 'deviceId', timeColumn: 'timestamp' };
  const read = <T>(f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as T;
  const from = WEEK_END - 86_400_000;
  return [
    {
      id: 'last24h',
      label: `${SERIES_KEY} heart rate, last 24 h`,
      goal: '>= 10',
      ours: {
        query: {
          ...common,
          from,
          to: WEEK_END,
          keys: [SERIES_KEY],
          columns: [SERIES_COLUMN],
          output: 'series',
          points: POINTS,
          interval: 'hour',
        },
        series: { key: SERIES_KEY, column: SERIES_COLUMN },
      },
      pandas: { query: 'last24h', file, key: SERIES_KEY, column: SERIES_COLUMN, from, to: WEEK_END },
      compare: (ours, theirs) => compareSeries(read<SeriesAnswer>(ours), read<SeriesAnswer>(theirs), POINTS),
    },
    {
      id: 'hourly',
      label: `hourly summary, ${VITAL_NAMES.length} vitals x ${PATIENTS} patients`,
      goal: '>= 1',
      ours: {
        query: {
          ...common,
          from: WEEK_START,
          to: WEEK_END,
          keys: null,
          columns: VITAL_NAMES,
          output: 'summary',
          points: POINTS,
          interval: 'hour',
        },
      },
      pandas: { query: 'hourly', file, columns: VITAL_NAMES },
      compare: (ours, theirs) => compareSummary(read<SummaryAnswer>(ours), read<SummaryAnswer>(theirs)),
    },
  ];
}

/** Runs a child to its end and returns the JSON line it printed last. */
function runJson(command: string, args: string[]): Record<string, unknown> {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS, maxBuffer: 16 * MB });
  const lines = (r.stdout ?? '').trim().split('\n');
  if (r.status !== 0 || !lines[lines.length - 1].startsWith('{')) {
    const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
    throw new Error(`${path.basename(args[args.length - 2] ?? command)}: ${why}\n${r.stderr ?? ''}${r.stdout ?? ''}`);
  }
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

function runOurs(q: Query, answer?: string): Measured {
  const request: ChildRequest = { ...q.ours, answer };
  const out = runJson(process.execPath, [
    '--expose-gc',
    path.join(__dirname, 'history-child.js'),
    JSON.stringify(request),
  ]);
  return { seconds: out.seconds as number, memory: out.beyond as number, detail: out };
}

function runPandas(q: Query, answer?: string): Measured {
  const out = runJson(PYTHON, [path.join(REPO, 'bench', 'history_pandas.py'), JSON.stringify({ ...q.pandas, answer })]);
  return { seconds: out.seconds as number, memory: out.peakRss as number, detail: out };
}

/** pandas' version, or why that side cannot run. */
function pandasVersion(): { version?: string; missing?: string } {
  const r = spawnSync(PYTHON, ['-c', 'import pandas; print(pandas.__version__)'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status === 0) return { version: r.stdout.trim() };
  return {
    missing: r.error
      ? `${PYTHON} cannot run (${r.error.message})`
      : `${PYTHON} has no pandas (apt install python3-pandas)`,
  };
}

const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

async function main(): Promise<void> {
  const resultsAt = process.argv.indexOf('--results');
  const resultsFile = resultsAt > 0 ? path.resolve(process.argv[resultsAt + 1]) : undefined;
  const loadAtStart = loadavg();
  const started = Date.now();
  const data = ensureVitals(REPO);
  console.log(
    `vitals.csv: ${data.rows.toLocaleString('en-US')} rows, ${fmt(data.bytes / MB)} MiB, ${data.file} ` +
      (data.written ? `(written in ${fmt(data.writeSeconds)} s)` : '(cached, row count checked)'),
  );
  const pandas = pandasVersion();
  console.log(pandas.version ? `pandas ${pandas.version} (${PYTHON})` : `pandas side skipped: ${pandas.missing}`);
  const answers = fs.mkdtempSync(path.join(os.tmpdir(), 'he-bench-history-answers-'));
  const list = queries(data.folder, data.file, data.name);
  const ours = new Map<string, Measured[]>();
  const theirs = new Map<string, Measured[]>();
  const checks = new Map<string, Check>();
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const q of list) {
        const first = run === 0;
        const oursFile = first ? path.join(answers, `${q.id}-ours.json`) : undefined;
        const theirFile = first ? path.join(answers, `${q.id}-pandas.json`) : undefined;
        const sides = [
          () => ours.set(q.id, [...(ours.get(q.id) ?? []), runOurs(q, oursFile)]),
          () => pandas.version && theirs.set(q.id, [...(theirs.get(q.id) ?? []), runPandas(q, theirFile)]),
        ];
        if (run % 2 === 1) sides.reverse();
        for (const side of sides) side();
        if (first && oursFile && theirFile && pandas.version) checks.set(q.id, q.compare(oursFile, theirFile));
        console.log(`run ${run + 1}/${RUNS} ${q.id}: done`);
      }
    }
  } finally {
    fs.rmSync(answers, { recursive: true, force: true });
  }

  const figures: Figure[] = [];
  const rows: string[][] = [
    [
      'query',
      'pandas s',
      'ours s',
      'pandas / ours',
      'goal',
      'met',
      `ours beyond Node-RED (goal <= ${MEMORY_GOAL_MB} MB)`,
      'met',
      'pandas peak',
    ],
  ];
  for (const q of list) {
    const o = ours.get(q.id) ?? [];
    const t = theirs.get(q.id) ?? [];
    const oursS = median(o.map((m) => m.seconds));
    const pandasS = median(t.map((m) => m.seconds));
    const ratio = pandasS / oursS;
    const memory = Math.max(...o.map((m) => m.memory)) / MB;
    const memoryGoal = `<= ${MEMORY_GOAL_MB}`;
    figures.push({
      name: `history ${q.id}: pandas / ours`,
      value: ratio,
      unit: 'x',
      goal: pandas.version ? q.goal : undefined,
    });
    figures.push({ name: `history ${q.id}: memory beyond Node-RED`, value: memory, unit: 'MB', goal: memoryGoal });
    const verdict = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? 'PASS' : 'MISS');
    rows.push([
      q.label,
      pandas.version ? fmt(pandasS) : 'skipped',
      fmt(oursS),
      pandas.version ? `${fmt(ratio)} x` : '',
      q.goal,
      pandas.version ? verdict(meets(ratio, q.goal)) : '',
      `${fmt(memory)} MB`,
      verdict(meets(memory, memoryGoal)),
      pandas.version ? `${fmt(Math.max(...t.map((m) => m.memory)) / MB)} MB` : '',
    ]);
  }
  console.log('');
  console.log(table(rows));
  let same = true;
  for (const q of list) {
    const c = checks.get(q.id);
    if (!c) continue;
    same &&= c.ok;
    console.log(`${q.id}: ${c.ok ? '' : 'DIFFERENT ANSWERS: '}${c.says}`);
  }
  if (pandas.version) {
    const differ = list.filter((q) => !checks.get(q.id)?.ok).length;
    figures.push({ name: 'history: queries answered differently from pandas', value: differ, unit: '', goal: '<= 0' });
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `${RUNS} run(s), medians; ${fmt(seconds)} s in all; load average ${loadAtStart} at the start, ${loadavg()} at the end`,
  );
  const details = {
    rows: data.rows,
    bytes: data.bytes,
    runs: RUNS,
    pandas: pandas.version ?? null,
    loadAtStart,
    loadAtEnd: loadavg(),
    seconds,
    sameAnswer: same,
    ours: Object.fromEntries(ours),
    pandasRuns: Object.fromEntries(theirs),
  };
  emit('history', figures, details);
  if (resultsFile) {
    const runs = (id: string) => {
      const secs = (m: Measured[] | undefined) => (m ?? []).map((x) => fmt(x.seconds)).join(', ');
      const memory = (ours.get(id) ?? []).map((x) => fmt(x.memory / MB)).join(', ');
      return `pandas ${secs(theirs.get(id)) || 'skipped'} s; ours ${secs(ours.get(id))} s, ${memory} MB beyond Node-RED`;
    };
    const notes = [
      ...list.map((q) => `${q.id}: ${checks.get(q.id)?.says ?? 'not compared (pandas missing)'}`),
      ...list.map((q) => `${q.id}, each run: ${runs(q.id)}`),
    ];
    fs.writeFileSync(resultsFile, resultsMarkdown({ table: rows, notes, run: details, written: data.written }));
    console.log(`wrote ${path.relative(REPO, resultsFile)}`);
  }
  if (!same) process.exitCode = 1;
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
