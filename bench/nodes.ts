// Per-node cost, in process: a generator function node sends N messages straight into one node
// and on to a counting sink, in an embedded Node-RED (no MQTT, no test helper). The cost of a
// node per message is (time with the node − time without it) / N; it is set against the cost of
// one no-op hop measured the same way.
// Variants run interleaved for several rounds, each round in a rotated order; a cost is the median
// over rounds of (variant − base loop of the same round and the same kind of payload).
// Beside each ratio: the range it takes when the rounds are drawn again (bench/lib/spread.ts).
// Cost is the host process's CPU time (all its threads: GC and libuv included), which other
// work on a shared machine disturbs far less than wall time; wall-time ratios are in the notes.
// Env: BENCH_NODE_N (messages per run, default 50000), BENCH_NODE_ROUNDS (9), BENCH_NODE_WINDOW
// (messages in flight, 500; or --window N), BENCH_PROFILE=<dir>,
// BENCH_NODE_ONLY=<text> (only the variants whose name holds it, with base and hop: for profiling one node).
import fs from 'fs';
import os from 'os';
import path from 'path';
import { FlowHost } from './lib/host-client';
import { csvLog, FlowNode, generator, news2, noop, sink, tab, threshold, vitalsParse } from './lib/flows';
import { deviceMessages } from './lib/payloads';
import { emit, envInt, Figure, median } from './lib/report';
import { bootstrapInterval, describeInterval } from './lib/spread';
import { parseText } from '../nodes/vitals-parse/text';
import { resolveLimits } from '../nodes/lib/reading';
import { assess } from '../nodes/news2/score';
import { readInputs } from '../nodes/news2/input';

const N = envInt('BENCH_NODE_N', 50000);
const ROUNDS = envInt('BENCH_NODE_ROUNDS', 9);
const DISTINCT = 1000;
// Messages in flight (sent by the generator, not yet counted at the sink). 500, as the pipeline
// benchmark's publisher window and about what one 64 KiB socket read of these ~190-byte readings
// hands mqtt in. Thousands in flight keep every message alive across young-generation
// collections, so each node is charged for copying and promoting what it allocates: a burst, not
// a steady flow. `--window N` sets it; with `--information` the figures carry the window in their
// names (npm run bench prints them at 5000 too). Every per-node figure is information only.
const args = process.argv.slice(2);
const windowArg = args.indexOf('--window');
const WINDOW = windowArg >= 0 ? Number(args[windowArg + 1]) : envInt('BENCH_NODE_WINDOW', 500);
const INFORMATION = args.includes('--information');
if (!Number.isInteger(WINDOW) || WINDOW < 1)
  throw new Error(`--window takes a whole number, not ${args[windowArg + 1]}`);

interface Variant {
  name: string;
  kind: 'text' | 'object' | 'reading' | 'scored';
  /** The node under test (or nodes, in a row), wired to the sink; none for the base loop. */
  node?: (id: string, z: string, wires: string[]) => FlowNode | FlowNode[];
  /** Several nodes: set against the same number of no-ops, not against one hop. */
  chain?: boolean;
  /** A base loop: what every variant of its kind is measured over. */
  base?: boolean;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'he-bench-nodes-'));
  const msgs = deviceMessages(DISTINCT, 'health', 50);
  const limits = resolveLimits(undefined);
  const readings = msgs.map((m) => {
    const r = parseText(m.payload, { topic: m.topic, topicSegment: 1, limits, now: new Date() });
    if (!r.ok) throw new Error(`simulated payload refused: ${r.reason}`);
    return r.reading as unknown as Record<string, unknown>;
  });
  const scored = readings.map((r) => {
    const inputs = readInputs(r);
    if (!inputs.ok) throw new Error('reading refused by news2');
    return { ...r, news2: assess(inputs.value, 1) };
  });

  const all: Variant[] = [
    { name: 'base (generator → sink)', kind: 'text', base: true },
    { name: 'no-op hop', kind: 'text', node: noop },
    // The generator copies an object payload for each message (see generator() in lib/flows.ts),
    // so each kind has a base loop of its own, and a node is charged only for its own work.
    { name: 'base, JSON objects', kind: 'object', base: true },
    { name: 'base, readings', kind: 'reading', base: true },
    { name: 'base, scored readings', kind: 'scored', base: true },
    // What JSON.parse costs a flow: Node-RED's own json node on the same text (information).
    {
      name: 'core json node (reference)',
      kind: 'text',
      node: (id, z, w) => ({
        id,
        type: 'json',
        z,
        name: '',
        property: 'payload',
        action: 'obj',
        pretty: false,
        wires: [w],
      }),
    },
    { name: 'vitals-parse (JSON text)', kind: 'text', node: (id, z, w) => vitalsParse(id, z, w, w) },
    // mqtt in set to "a parsed JSON object" hands vitals-parse an object.
    { name: 'vitals-parse (object)', kind: 'object', node: (id, z, w) => vitalsParse(id, z, w, w) },
    { name: 'news2', kind: 'reading', node: (id, z, w) => news2(id, z, w) },
    { name: 'threshold', kind: 'scored', node: (id, z, w) => threshold(id, z, w) },
    { name: 'csv-log (fast, default mode)', kind: 'reading', node: (id, z, w) => csvLog(id, z, dir, w) },
    // The pipeline's four nodes in a row, against four no-ops in a row: whether the nodes cost
    // together what they cost apart (the in-process side of the pipeline's "ours / (c)").
    {
      name: 'four no-ops, chained',
      kind: 'text',
      chain: true,
      node: (id, z, w) => [
        noop(id, z, [`${id}-b`]),
        noop(`${id}-b`, z, [`${id}-c`]),
        noop(`${id}-c`, z, [`${id}-d`]),
        noop(`${id}-d`, z, w),
      ],
    },
    {
      name: 'the four nodes, chained',
      kind: 'text',
      chain: true,
      node: (id, z, w) => [
        vitalsParse(id, z, [`${id}-b`], w),
        news2(`${id}-b`, z, [`${id}-c`]),
        threshold(`${id}-c`, z, [`${id}-d`]),
        csvLog(`${id}-d`, z, dir, w, { filename: 'chained.csv' }),
      ],
    },
  ];
  const only = process.env.BENCH_NODE_ONLY;
  // The base loops and the hop are what every other variant is measured against.
  const variants = only ? all.filter((v, i) => v.base || i === 1 || v.name.includes(only)) : all;
  const z = 'nodes-tab';
  const flows: FlowNode[] = [tab(z, 'per-node')];
  variants.forEach((v, i) => {
    const next = v.node ? `node-${i}` : `sink-${i}`;
    flows.push(generator(`gen-${i}`, z, v.kind, [next], `sink-${i}`, WINDOW), sink(`sink-${i}`, z));
    if (v.node) flows.push(...[v.node(`node-${i}`, z, [`sink-${i}`])].flat());
  });
  const profile = process.env.BENCH_PROFILE;
  const { host } = await FlowHost.start({
    flows,
    globals: {
      bench: {
        n: N,
        topics: msgs.map((m) => m.topic),
        inputs: {
          text: msgs.map((m) => m.payload),
          object: msgs.map((m) => JSON.parse(m.payload)),
          reading: readings,
          scored,
        },
      },
    },
    execArgv: profile
      ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`, `--cpu-prof-name=nodes-${Date.now()}.cpuprofile`]
      : [],
  });
  console.log(
    `per node: ${N} messages per run, ${ROUNDS} rounds (+1 warm-up), ${DISTINCT} distinct payloads, ${WINDOW} in flight`,
  );
  // Wall time and the host's CPU time per run. The figures use CPU time: on a machine shared with
  // other work, wall time also counts the moments the host waited for a core; wall is shown too.
  const wall: number[][] = variants.map(() => []);
  const cpu: number[][] = variants.map(() => []);
  try {
    for (let r = 0; r <= ROUNDS; r++) {
      // Each round starts one variant further on, so that no variant always runs right after the
      // same one (and inherits its garbage, or a quiet or busy moment of the machine).
      for (let k = 0; k < variants.length; k++) {
        const i = (k + r) % variants.length;
        const run = await host.measuredRun(`gen-${i}`, `sink-${i}`, N, 120000);
        if (r > 0) {
          // round 0 warms up the JIT
          wall[i].push(run.ms);
          cpu[i].push(run.cpuMs);
        }
      }
    }
  } finally {
    await host.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const med = cpu.map((t) => median(t));
  const medWall = wall.map((t) => median(t));
  const perMsgUs = (ms: number) => (ms * 1000) / N;
  // A variant's cost is the median over rounds of its difference from the base loop of the same
  // round: the machine's slower and faster moments then mostly cancel out within each pair.
  const baseOf = (i: number) => variants.findIndex((v) => v.base && v.kind === variants[i].kind);
  const overBase = (runs: number[][], i: number) => median(runs[i].map((t, r) => t - runs[baseOf(i)][r]));
  const base = med[0];
  const hop = perMsgUs(overBase(cpu, 1));
  const hopWall = perMsgUs(overBase(wall, 1));
  console.log(`  ${'variant'.padEnd(30)} ${'CPU ms'.padStart(7)}  ${'wall ms'.padStart(7)}  (CPU of each round)`);
  for (let i = 0; i < variants.length; i++) {
    console.log(
      `  ${variants[i].name.padEnd(30)} ${med[i].toFixed(0).padStart(7)}  ${medWall[i].toFixed(0).padStart(7)}  (${cpu[i].map((t) => t.toFixed(0)).join(', ')})`,
    );
  }
  const figures: Figure[] = [
    {
      name: 'per node: no-op hop',
      value: hop,
      unit: 'µs/msg',
      note: `CPU; wall ${hopWall.toFixed(2)} µs; base loop ${perMsgUs(base).toFixed(2)} µs/msg; information only`,
    },
  ];
  const costOf = (name: string) => {
    const i = variants.findIndex((v) => v.name === name);
    return i < 0 ? NaN : perMsgUs(overBase(cpu, i));
  };
  // The same figure from rounds drawn again (bench/lib/spread.ts): how much the rounds decided.
  const spreadOf = (i: number, against: number) => {
    const over = (j: number, picked: number[]) => median(picked.map((r) => cpu[j][r] - cpu[baseOf(j)][r]));
    return describeInterval(bootstrapInterval(cpu[0].length, (picked) => over(i, picked) / over(against, picked)));
  };
  for (let i = 2; i < variants.length; i++) {
    if (variants[i].chain || variants[i].base) continue;
    const cost = perMsgUs(overBase(cpu, i));
    const costWall = perMsgUs(overBase(wall, i));
    // Information only: a node's cost against a hop followed the machine's hop cost more than
    // the code, so it is printed to watch, not judged.
    figures.push({
      name: `per node: ${variants[i].name} / hop`,
      value: cost / hop,
      unit: '×',
      note: `${cost.toFixed(2)} µs/msg CPU (wall ${(costWall / hopWall).toFixed(2)} ×); ${spreadOf(i, 1)}; information only`,
    });
  }
  // Parsing JSON text is a floor of its own: set vitals-parse on text against the json node alone.
  const json = costOf('core json node (reference)');
  if (!only)
    figures.push({
      name: 'per node: vitals-parse (JSON text) / core json node',
      value: costOf('vitals-parse (JSON text)') / json,
      unit: '×',
      note: `json node ${json.toFixed(2)} µs/msg: JSON.parse alone; information only`,
    });
  const chained = costOf('the four nodes, chained');
  const noops = costOf('four no-ops, chained');
  if (Number.isFinite(chained) && Number.isFinite(noops)) {
    figures.push({
      name: 'per node: the four nodes chained / four no-ops chained',
      value: chained / noops,
      unit: '×',
      note: `${chained.toFixed(2)} against ${noops.toFixed(2)} µs/msg CPU; ${spreadOf(
        variants.findIndex((v) => v.name === 'the four nodes, chained'),
        variants.findIndex((v) => v.name === 'four no-ops, chained'),
      )}; information only`,
    });
  }
  // The run at another window is information: its figures say so in their names, without goals.
  const shown = INFORMATION
    ? figures.map((f) => ({
        ...f,
        name: f.name.replace('per node:', `per node, ${WINDOW} in flight:`),
        goal: undefined,
        note: /information only$/.test(f.note ?? '') ? f.note : `${f.note ?? ''}; information only`,
      }))
    : figures;
  emit('nodes', shown, {
    n: N,
    rounds: ROUNDS,
    window: WINDOW,
    medianCpuMs: Object.fromEntries(variants.map((v, i) => [v.name, med[i]])),
    medianWallMs: Object.fromEntries(variants.map((v, i) => [v.name, medWall[i]])),
    hopUs: hop,
  });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
