// What does energy per process cost energy-probe? The real sampler (real systeminformation,
// real /proc, powercap if readable) takes samples with attribution off and on, interleaved in
// the same run, on a host with about 300 and then about 3,000 processes: the benchmark makes
// them by starting `sleep 600` children (at most MAX_CHILDREN), and stops every one of them by
// its pid at the end, on an error and on Ctrl-C (a child left behind still ends within 10 min).
// The CPU time of each sample (process.cpuUsage: user + system, so the kernel's work to write
// each /proc/<pid>/stat counts) is taken around the sample call only; the clock advances 5 s
// per sample, so every throttle behaves as at the 5 s interval of the example flow.
// For scale it also times the floor of any /proc reader: open, read and close every
// /proc/<pid>/stat, nothing parsed or kept.
// Goal: with attribution on and 3,000 processes, a sample costs at most 1 % of one core at a
// 5 s interval, that is <= 50 ms of CPU. Takes one to two minutes, most of it starting children.
// Usage: node dist/bench/energy-attribution.js [--sizes 300,3000] [--samples 30]
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import { Sampler, SystemSource, Clock } from '../nodes/energy-probe/sampler';
import { withLightLoad } from '../nodes/energy-probe/cpu-load';
import { ProcessEnergy } from '../nodes/energy-probe/attribution';
import { Cleanup, exitCleanlyOnSignals } from './lib/cleanup';
import { Figure, emit, median, sleep } from './lib/report';

const INTERVAL_S = 5;
const GOAL_MS = (INTERVAL_S * 1000) / 100; // 1 % of one core
const MAX_CHILDREN = 3500;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const SIZES = (option('sizes') ?? '300,3000').split(',').map(Number);
const SAMPLES = Math.max(5, Number(option('samples')) || 30);
const WARMUP = 3;

const processCount = (): number => fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e)).length;

const children: ChildProcess[] = [];
const cleanup = new Cleanup();
const killAll = () => {
  for (const c of children.splice(0)) {
    if (c.pid !== undefined && c.exitCode === null && c.signalCode === null) {
      try {
        process.kill(c.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
};
cleanup.add('stop the sleep children', killAll);
exitCleanlyOnSignals(cleanup, killAll, (l) => console.error(l));

/** Starts children until /proc lists about `target` processes (bounded in count and time). */
async function growTo(target: number): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (processCount() < target && children.length < MAX_CHILDREN && Date.now() < deadline) {
    const batch = Math.min(100, target - processCount(), MAX_CHILDREN - children.length);
    for (let i = 0; i < batch; i++) {
      const child = spawn('sleep', ['600'], { stdio: 'ignore' });
      child.on('error', () => undefined);
      children.push(child);
    }
    await sleep(20);
  }
  return processCount();
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** CPU ms to open, read and close every /proc/<pid>/stat once: what any reader must pay. */
function floorMs(): number {
  const buf = Buffer.alloc(4096);
  const c0 = process.cpuUsage();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fd = fs.openSync(`/proc/${entry}/stat`, 'r');
      fs.readSync(fd, buf, 0, buf.length, 0);
      fs.closeSync(fd);
    } catch {
      // Gone since the listing.
    }
  }
  return cpuMs(process.cpuUsage(c0));
}

interface Probe {
  sampler: Sampler;
  clock: { ns: bigint; ms: number };
  cpu: number[];
  wall: number[];
}

async function probe(attribution: boolean): Promise<Probe> {
  const si = require('systeminformation') as SystemSource;
  const clock = { ns: process.hrtime.bigint(), ms: Date.now() };
  const c: Clock = { monotonicNs: () => clock.ns, nowMs: () => clock.ms };
  const sampler = new Sampler({
    source: withLightLoad(si),
    host: os.hostname(),
    clock: c,
    maxGapS: 3 * INTERVAL_S,
    attribution: attribution ? new ProcessEnergy({ top: 10, maxPrograms: 100 }) : undefined,
  });
  await sampler.start();
  return { sampler, clock, cpu: [], wall: [] };
}

/** Takes one sample; says whether it carries an attribution. */
async function sampleOnce(p: Probe, record: boolean): Promise<boolean> {
  p.clock.ns += BigInt(INTERVAL_S * 1e9);
  p.clock.ms += INTERVAL_S * 1000;
  const c0 = process.cpuUsage();
  const w0 = process.hrtime.bigint();
  const { payload } = await p.sampler.sample({ pricePerKWh: 0.3, intensity: 475 });
  if (record) {
    p.wall.push(Number(process.hrtime.bigint() - w0) / 1e6);
    p.cpu.push(cpuMs(process.cpuUsage(c0)));
  }
  return payload.attribution !== undefined;
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const details: Record<string, unknown>[] = [];
  console.log(
    `energy-probe attribution cost: ${SAMPLES} samples each way per size, interleaved, ${INTERVAL_S} s clock`,
  );
  for (const size of SIZES) {
    const seen = await growTo(size);
    const off = await probe(false);
    const on = await probe(true);
    for (let i = 0; i < WARMUP; i++) {
      await sampleOnce(off, false);
      await sampleOnce(on, false);
    }
    const floor: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      floor.push(floorMs());
      // Alternating which goes first, so that neither always follows the other's cache misses.
      if (i % 2) await sampleOnce(off, true);
      if (!(await sampleOnce(on, true))) throw new Error('attribution on, but the sample carries none');
      if (!(i % 2)) await sampleOnce(off, true);
    }
    const offMs = median(off.cpu);
    const onMs = median(on.cpu);
    const floorMedian = median(floor);
    const d = {
      size,
      processes: seen,
      children: children.length,
      offMs,
      onMs,
      onWallMs: median(on.wall),
      onMaxMs: Math.max(...on.cpu),
      floorMs: floorMedian,
      method: off.sampler.method,
    };
    details.push(d);
    console.log(
      `  ${seen} processes: CPU per sample off ${offMs.toFixed(2)} ms, on ${onMs.toFixed(2)} ms (max ${d.onMaxMs.toFixed(1)}, wall ${d.onWallMs.toFixed(1)}), on/off ${(onMs / offMs).toFixed(1)} ×; reading the stat files alone ${floorMedian.toFixed(2)} ms`,
    );
    figures.push(
      {
        name: `attribution on, ${seen} processes: CPU per sample`,
        value: onMs,
        unit: 'ms',
        goal: size >= 3000 ? `<= ${GOAL_MS}` : undefined,
        note: `${((onMs / (INTERVAL_S * 1000)) * 100).toFixed(2)} % of one core at ${INTERVAL_S} s; off: ${offMs.toFixed(2)} ms; median of ${SAMPLES}`,
      },
      {
        name: `attribution on / off, ${seen} processes`,
        value: onMs / offMs,
        unit: '×',
        note: `adds ${(onMs - offMs).toFixed(2)} ms per sample; method ${d.method}`,
      },
      {
        name: `attribution on / reading the stat files alone, ${seen} processes`,
        value: onMs / floorMedian,
        unit: '×',
        note: `open + read + close of each /proc/<pid>/stat: ${floorMedian.toFixed(2)} ms`,
      },
    );
  }
  emit('energy-attribution', figures, { samples: SAMPLES, intervalS: INTERVAL_S, runs: details });
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => cleanup.runAll((l) => console.error(l)));
