// Rows per second of csv-log in each durability mode, against Node-RED's own csv + file
// nodes (append, header once) and a raw fs.createWriteStream ceiling, all in one embedded
// Node-RED runtime (no test helper, whose sinon spies would be measured too) fed by the
// same generator. Prints a table of ratios and one JSON line.
//
// The goals are judged on a logger's own rate: csv-log, the core file node and the no-op
// floor each end their pipeline (no downstream node), and a row counts once Node-RED's
// onComplete hook reports that last node's done (csv-log calls done only after the batch
// is written; in sync mode after fsync; the file node after its stream wrote the line).
// A downstream sink would make every row pay one more Node-RED delivery, which says
// nothing about logging; those figures are still printed, labelled, for information.
//   npm run bench:csv            (BENCH_ROWS=200000 BENCH_RUNS=3 to change the defaults)
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startEmbeddedRed } from '../test/support/embedded-red';

const ROWS = Number(process.env.BENCH_ROWS ?? 100000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Messages in flight at most: below the node's queue limit, as a steady source would be. */
const WINDOW = 5000;
const COLUMNS = ['seq', 'ts', 'deviceId', 'hr', 'spo2', 'note'];
const T0 = Date.UTC(2024, 4, 1);

function row(seq: number): Record<string, unknown> {
  return {
    seq,
    ts: new Date(T0 + seq * 1000).toISOString(),
    deviceId: `bed-${seq % 12}`,
    hr: 60 + (seq % 40),
    spo2: 90 + (seq % 10),
    note: seq % 50 === 0 ? '김민수, "check"' : 'ok',
  };
}

type AnyNode = any;

/** Feed `ROWS` messages to `entry` and resolve with the ms until `sink` has seen them all. */
function drive(entry: AnyNode, sink: AnyNode, rows: number): Promise<number> {
  return new Promise((resolve) => {
    let sent = 0;
    let seen = 0;
    const t0 = process.hrtime.bigint();
    const onInput = () => {
      seen++;
      if (seen === rows) {
        sink.removeListener('input', onInput);
        resolve(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    };
    sink.on('input', onInput);
    const pump = () => {
      while (sent < rows && sent - seen < WINDOW) entry.receive({ payload: row(sent++) });
      if (sent < rows) setImmediate(pump);
    };
    pump();
  });
}

/** The raw ceiling: the same rows as plain lines into one write stream, minding backpressure. */
/**
 * Feed `rows` messages to `entry` and resolve with the ms until Node-RED reported `rows`
 * completions (done) of node `last`, counted by an onComplete hook added for this run only.
 */
function driveToDone(RED: AnyNode, entry: AnyNode, last: string, rows: number): Promise<number> {
  return new Promise((resolve) => {
    let sent = 0;
    let seen = 0;
    const t0 = process.hrtime.bigint();
    RED.hooks.add('onComplete.bench', (ev: { node: { id: string } }) => {
      if (ev.node.id !== last) return;
      seen++;
      if (seen === rows) {
        RED.hooks.remove('onComplete.bench');
        resolve(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    });
    const pump = () => {
      while (sent < rows && sent - seen < WINDOW) entry.receive({ payload: row(sent++) });
      if (sent < rows) setImmediate(pump);
    };
    pump();
  });
}

function raw(file: string, rows: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const out = fs.createWriteStream(file, { flags: 'a' });
    out.on('error', reject);
    out.write(COLUMNS.join(',') + '\r\n');
    let i = 0;
    const more = () => {
      while (i < rows) {
        const r = row(i++);
        const line = `${r.seq},${r.ts},${r.deviceId},${r.hr},${r.spo2},${(r.seq as number) % 50 === 0 ? '"김민수, ""check"""' : r.note}\r\n`;
        if (!out.write(line)) return void out.once('drain', more);
      }
      out.end(() => resolve(Number(process.hrtime.bigint() - t0) / 1e6));
    };
    more();
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-csv-'));
  const modes = ['fast', 'flush', 'sync'];
  const flow: Array<Record<string, unknown>> = [];
  for (const mode of modes) {
    flow.push(
      {
        id: `log-${mode}`,
        type: 'he-csv-log',
        baseDir: dir,
        filename: `${mode}.csv`,
        filenameType: 'str',
        columns: COLUMNS.join(','),
        durability: mode,
        flushMs: 1000,
        bom: false,
        wires: [[`sink-${mode}`]],
      },
      { id: `sink-${mode}`, type: 'debug', active: false, tosidebar: false, wires: [] },
    );
  }
  flow.push(
    {
      id: 'core-csv',
      type: 'csv',
      spec: 'rfc',
      sep: ',',
      quo: '"',
      ret: '\\r\\n',
      temp: COLUMNS.join(','),
      skip: '0',
      strings: true,
      include_empty_strings: '',
      include_null_values: '',
      hdrin: '',
      hdrout: 'once',
      multi: 'one',
      wires: [['core-file']],
    },
    {
      id: 'core-file',
      type: 'file',
      filename: path.join(dir, 'core.csv'),
      filenameType: 'str',
      appendNewline: false,
      createDir: true,
      overwriteFile: 'false',
      encoding: 'utf8',
      wires: [['sink-core']],
    },
    { id: 'sink-core', type: 'debug', active: false, tosidebar: false, wires: [] },
  );
  // The floor: a node that only passes messages on (a change node with no rules), i.e.
  // what receive/send/done cost in Node-RED before any writing.
  flow.push(
    { id: 'floor', type: 'change', rules: [], wires: [['sink-floor']] },
    { id: 'sink-floor', type: 'debug', active: false, tosidebar: false, wires: [] },
  );
  // The same pipelines with no downstream node: what the goals are judged on.
  for (const mode of modes) {
    flow.push({
      id: `end-${mode}`,
      type: 'he-csv-log',
      baseDir: dir,
      filename: `end-${mode}.csv`,
      filenameType: 'str',
      columns: COLUMNS.join(','),
      durability: mode,
      flushMs: 1000,
      bom: false,
      wires: [],
    });
  }
  flow.push(
    {
      id: 'end-core-csv',
      type: 'csv',
      spec: 'rfc',
      sep: ',',
      quo: '"',
      ret: '\\r\\n',
      temp: COLUMNS.join(','),
      skip: '0',
      strings: true,
      include_empty_strings: '',
      include_null_values: '',
      hdrin: '',
      hdrout: 'once',
      multi: 'one',
      wires: [['end-core-file']],
    },
    {
      id: 'end-core-file',
      type: 'file',
      filename: path.join(dir, 'end-core.csv'),
      filenameType: 'str',
      appendNewline: false,
      createDir: true,
      overwriteFile: 'false',
      encoding: 'utf8',
      wires: [],
    },
    { id: 'end-floor', type: 'change', rules: [], wires: [] },
  );
  const red = await startEmbeddedRed(flow);
  const pipelines: Record<string, (n: number) => Promise<number>> = {
    raw: (n) => raw(path.join(dir, `raw-${Math.random().toString(36).slice(2)}.csv`), n),
    floor: (n) => drive(red.node('floor'), red.node('sink-floor'), n),
    core: (n) => drive(red.node('core-csv'), red.node('sink-core'), n),
  };
  for (const mode of modes) pipelines[mode] = (n) => drive(red.node(`log-${mode}`), red.node(`sink-${mode}`), n);
  // Last node of its pipeline, counted at its done: the logger's own rate.
  pipelines['end-floor'] = (n) => driveToDone(red.RED, red.node('end-floor'), 'end-floor', n);
  pipelines['end-core'] = (n) => driveToDone(red.RED, red.node('end-core-csv'), 'end-core-file', n);
  for (const mode of modes)
    pipelines[`end-${mode}`] = (n) => driveToDone(red.RED, red.node(`end-${mode}`), `end-${mode}`, n);

  // BENCH_ONLY=fast (comma-separated) runs only those, e.g. under node --cpu-prof.
  const only = process.env.BENCH_ONLY?.split(',');
  if (only) for (const name of Object.keys(pipelines)) if (!only.includes(name)) delete pipelines[name];
  // Warm up every pipeline (JIT, files opened), then interleave the measured runs.
  for (const run of Object.values(pipelines)) await run(Math.min(20000, ROWS));
  const times: Record<string, number[]> = {};
  for (let r = 0; r < RUNS; r++) {
    for (const [name, run] of Object.entries(pipelines)) (times[name] ??= []).push(await run(ROWS));
  }
  await red.stop();

  const rate: Record<string, number> = {};
  for (const [name, ms] of Object.entries(times)) rate[name] = Math.round(ROWS / (median(ms) / 1000));
  if (only) {
    process.stdout.write(JSON.stringify({ bench: 'csv-log', rows: ROWS, runs: RUNS, rowsPerSecond: rate }) + '\n');
    process.exit(0);
  }
  const r2 = (x: number) => +x.toFixed(2);
  // Goals: judged on the last-node figures (see the top of this file).
  const ratio = {
    fastVsCore: r2(rate['end-fast'] / rate['end-core']),
    fastVsRaw: r2(rate['end-fast'] / rate.raw),
    flushVsFast: r2(rate['end-flush'] / rate['end-fast']),
    syncVsFast: r2(rate['end-sync'] / rate['end-fast']),
    fastVsFloor: r2(rate['end-fast'] / rate['end-floor']),
    floorVsRaw: r2(rate['end-floor'] / rate.raw),
    // With a downstream sink, for information.
    withSinkFastVsCore: r2(rate.fast / rate.core),
    withSinkFastVsRaw: r2(rate.fast / rate.raw),
    withSinkFlushVsFast: r2(rate.flush / rate.fast),
    withSinkFloorVsRaw: r2(rate.floor / rate.raw),
  };
  const labels: Record<string, string> = {
    raw: 'raw write stream',
    'end-floor': 'no-op node',
    'end-core': 'core csv + file',
    floor: 'pass-through',
    core: 'core csv + file',
  };
  for (const m of modes) {
    labels[`end-${m}`] = `csv-log ${m}`;
    labels[m] = `csv-log ${m}`;
  }
  const line = (name: string, core: string) =>
    `${labels[name].padEnd(18)}${String(rate[name]).padStart(9)}  ${(rate[name] / rate[core]).toFixed(2).padStart(8)}x ${(rate[name] / rate.raw).toFixed(2).padStart(7)}x`;
  const goal = (text: string, value: number, target: number) =>
    `  ${text}: ${value}x (${value >= target ? 'met' : 'NOT met'})`;
  const lines = [
    `csv-log benchmark: ${ROWS} rows x ${RUNS} runs (median), Node ${process.version}, ${os.cpus().length} cores`,
    'last node of its pipeline, rows/s until its done (the goals):',
    'pipeline            rows/s     vs core   vs raw',
    ...['raw', 'end-floor', 'end-core', ...modes.map((m) => `end-${m}`)].map((n) => line(n, 'end-core')),
    'with a downstream debug node, rows/s until the sink received them (for information):',
    ...['floor', 'core', ...modes].map((n) => line(n, 'core')),
    'goals (last node):',
    goal('fast >= 10x core csv + file', ratio.fastVsCore, 10),
    goal('fast within 2x of raw (>= 0.5x)', ratio.fastVsRaw, 0.5),
    goal('flush within 2x of fast (>= 0.5x)', ratio.flushVsFast, 0.5),
    `  floor: a no-op node's receive + done alone reaches ${ratio.floorVsRaw}x raw; csv-log fast is ${ratio.fastVsFloor}x of that floor`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  process.stdout.write(JSON.stringify({ bench: 'csv-log', rows: ROWS, runs: RUNS, rowsPerSecond: rate, ratio }) + '\n');
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
