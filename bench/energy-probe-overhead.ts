// How much CPU does energy-probe spend to measure energy? Runs the real sampler (real
// systeminformation, real powercap if readable) for N samples on a clock that advances 1 s per
// sample, so every throttle behaves as at a 1 s interval, and measures CPU time with
// process.cpuUsage plus the CPU of any child processes the sources spawn (from /proc/self/stat).
// With --paced the samples are really 1 s apart (slower, but caches and JIT are as cold as in use).
// --si-load measures with systeminformation's own currentLoad() instead, for comparison.
// Usage: node dist/bench/energy-probe-overhead.js [samples=300] [--paced] [--si-load]
import fs from 'fs';
import os from 'os';
import { Sampler, SystemSource, Clock } from '../nodes/energy-probe/sampler';
import { withLightLoad } from '../nodes/energy-probe/cpu-load';

const PACED = process.argv.includes('--paced');
const SI_LOAD = process.argv.includes('--si-load');
const N = Math.max(10, Number(process.argv.find((a) => /^\d+$/.test(a))) || (PACED ? 30 : 300));
const WARMUP = 10;

/** CPU ms of waited-for children (cutime + cstime), Linux only; 0 elsewhere. */
function childCpuMs(): number {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticksPerSecond = 100; // USER_HZ, fixed at 100 on Linux for /proc
    return ((Number(f[13]) + Number(f[14])) * 1000) / ticksPerSecond;
  } catch {
    return 0;
  }
}

const ownCpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

async function main(): Promise<void> {
  const si = require('systeminformation') as SystemSource;
  let ns = process.hrtime.bigint();
  let ms = Date.now();
  const clock: Clock = { monotonicNs: () => ns, nowMs: () => ms };
  const tick = async (): Promise<void> => {
    if (PACED) await new Promise((r) => setTimeout(r, 1000));
    ns += 1_000_000_000n;
    ms += 1000;
  };
  const sampler = new Sampler({ source: SI_LOAD ? si : withLightLoad(si), host: os.hostname(), clock, maxGapS: 3 });

  const startCpu = process.cpuUsage();
  const startChild = childCpuMs();
  const notes = await sampler.start();
  const startMs = ownCpuMs(process.cpuUsage(startCpu)) + (childCpuMs() - startChild);

  for (let i = 0; i < WARMUP; i++) {
    await tick();
    await sampler.sample({ pricePerKWh: 0.3, intensity: 475 });
  }
  // Only the sample calls are timed, not the waits between them.
  let own = 0;
  let child = 0;
  let wallMs = 0;
  let last;
  for (let i = 0; i < N; i++) {
    await tick();
    const c0 = process.cpuUsage();
    const k0 = childCpuMs();
    const w0 = process.hrtime.bigint();
    last = (await sampler.sample({ pricePerKWh: 0.3, intensity: 475 })).payload;
    wallMs += Number(process.hrtime.bigint() - w0) / 1e6;
    own += ownCpuMs(process.cpuUsage(c0));
    child += childCpuMs() - k0;
  }
  const perSample = (own + child) / N;
  const pctOfCoreAt1s = (perSample / 1000) * 100;

  console.log(
    `energy-probe overhead, ${N} samples ${PACED ? 'really 1 s apart' : 'back to back on a 1 s clock'} after ${WARMUP} warm-up, method ${last?.power.method}, load from ${SI_LOAD ? 'systeminformation' : 'os.cpus()'}`,
  );
  console.log(`  start (first load discarded, RAPL/temperature/battery probed): ${startMs.toFixed(1)} ms CPU`);
  console.log(
    `  per sample: ${perSample.toFixed(3)} ms CPU (own ${(own / N).toFixed(3)}, children ${(child / N).toFixed(3)}), wall ${(wallMs / N).toFixed(3)} ms`,
  );
  console.log(
    `  at a 1 s interval: ${pctOfCoreAt1s.toFixed(3)} % of one core; at 10 s: ${(pctOfCoreAt1s / 10).toFixed(4)} %`,
  );
  console.log(`  notes: ${notes.map((n) => n.key).join(', ') || 'none'}`);
  console.log(
    JSON.stringify({
      bench: 'energy-probe-overhead',
      samples: N,
      paced: PACED,
      load: SI_LOAD ? 'systeminformation' : 'os.cpus',
      method: last?.power.method,
      cpuMsPerSample: Number(perSample.toFixed(4)),
      ownCpuMsPerSample: Number((own / N).toFixed(4)),
      childCpuMsPerSample: Number((child / N).toFixed(4)),
      pctOfOneCoreAt1s: Number(pctOfCoreAt1s.toFixed(4)),
      startCpuMs: Number(startMs.toFixed(2)),
      node: process.version,
      cpus: os.cpus().length,
    }),
  );
  if (pctOfCoreAt1s >= 1) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
