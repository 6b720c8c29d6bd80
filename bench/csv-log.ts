// Rows per second of csv-log in each durability mode, against Node-RED's own csv + file
// nodes (append, header once) and a raw fs.createWriteStream ceiling, all in one embedded
// Node-RED runtime (no test helper, whose sinon spies would be measured too) fed by the
// same generator. Prints a table of ratios and one JSON line.
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any
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
      { id: `log-${mode}`, type: 'csv-log', baseDir: dir, filename: `${mode}.csv`, filenameType: 'str', columns: COLUMNS.join(','), durability: mode, flushMs: 1000, bom: false, wires: [[`sink-${mode}`]] },
      { id: `sink-${mode}`, type: 'debug', active: false, tosidebar: false, wires: [] },
    );
  }
  flow.push(
    { id: 'core-csv', type: 'csv', spec: 'rfc', sep: ',', quo: '"', ret: '\\r\\n', temp: COLUMNS.join(','), skip: '0', strings: true, include_empty_strings: '', include_null_values: '', hdrin: '', hdrout: 'once', multi: 'one', wires: [['core-file']] },
    { id: 'core-file', type: 'file', filename: path.join(dir, 'core.csv'), filenameType: 'str', appendNewline: false, createDir: true, overwriteFile: 'false', encoding: 'utf8', wires: [['sink-core']] },
    { id: 'sink-core', type: 'debug', active: false, tosidebar: false, wires: [] },
  );
  // The floor: a node that only passes messages on (a change node with no rules), i.e.
  // what receive/send/done cost in Node-RED before any writing.
  flow.push(
    { id: 'floor', type: 'change', rules: [], wires: [['sink-floor']] },
    { id: 'sink-floor', type: 'debug', active: false, tosidebar: false, wires: [] },
  );
  const red = await startEmbeddedRed(flow);
  const pipelines: Record<string, (n: number) => Promise<number>> = {
    raw: (n) => raw(path.join(dir, `raw-${Math.random().toString(36).slice(2)}.csv`), n),
    floor: (n) => drive(red.node('floor'), red.node('sink-floor'), n),
    core: (n) => drive(red.node('core-csv'), red.node('sink-core'), n),
  };
  for (const mode of modes) pipelines[mode] = (n) => drive(red.node(`log-${mode}`), red.node(`sink-${mode}`), n);

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
  const ratio = {
    fastVsCore: +(rate.fast / rate.core).toFixed(2),
    fastVsRaw: +(rate.fast / rate.raw).toFixed(2),
    flushVsFast: +(rate.flush / rate.fast).toFixed(2),
    syncVsFast: +(rate.sync / rate.fast).toFixed(2),
    fastVsFloor: +(rate.fast / rate.floor).toFixed(2),
  };
  const lines = [
    `csv-log benchmark: ${ROWS} rows x ${RUNS} runs (median), Node ${process.version}, ${os.cpus().length} cores`,
    'pipeline            rows/s     vs core   vs raw  (pass-through: a no-op node, the Node-RED message floor)',
    ...['raw', 'floor', 'core', ...modes].map((name) => {
      const label = name === 'raw' ? 'raw write stream' : name === 'floor' ? 'pass-through' : name === 'core' ? 'core csv + file' : `csv-log ${name}`;
      return `${label.padEnd(18)}${String(rate[name]).padStart(9)}  ${(rate[name] / rate.core).toFixed(2).padStart(8)}x ${(rate[name] / rate.raw).toFixed(2).padStart(7)}x`;
    }),
    `goals: fast >= 10x core: ${ratio.fastVsCore >= 10 ? 'met' : 'NOT met'} (${ratio.fastVsCore}x); fast within 2x of raw: ${ratio.fastVsRaw >= 0.5 ? 'met' : 'NOT met'} (${ratio.fastVsRaw}x); flush within 2x of fast: ${ratio.flushVsFast >= 0.5 ? 'met' : 'NOT met'} (${ratio.flushVsFast}x)`,
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
