// The pack's added start-up time: Node-RED (RED.init → flows started, empty flow) with and
// without the pack in <userDir>/node_modules, several fresh processes each, alternating; medians.
// Env: BENCH_STARTUP_RUNS (default 11 of each).
import { FlowHost } from './lib/host-client';
import { tab } from './lib/flows';
import { emit, envInt, Figure, median } from './lib/report';

const RUNS = envInt('BENCH_STARTUP_RUNS', 11);

async function once(withPack: boolean): Promise<{ wall: number; cpu: number }> {
  const { host, started } = await FlowHost.start({ flows: [tab('t', 'empty')], withPack });
  await host.stop();
  if (withPack && started.missing.length) throw new Error(`pack failed to load: ${started.missing.join('; ')}`);
  if (started.packTypes > 0 !== withPack)
    throw new Error(`pack node types loaded: ${started.packTypes}, expected ${withPack ? 'some' : 'none'}`);
  // Loading the registry (and so the pack) happens in RED.start, after require('node-red').
  return { wall: started.startMs, cpu: started.startCpuMs };
}

async function main(): Promise<void> {
  const without: { wall: number; cpu: number }[] = [];
  const withPack: { wall: number; cpu: number }[] = [];
  await once(true); // the first start reads everything from disk into the page cache
  for (let i = 0; i < RUNS; i++) {
    without.push(await once(false));
    withPack.push(await once(true));
  }
  const m = (list: { wall: number; cpu: number }[], k: 'wall' | 'cpu') => median(list.map((x) => x[k]));
  const show = (list: { wall: number; cpu: number }[], k: 'wall' | 'cpu') =>
    list.map((x) => x[k].toFixed(0)).join(', ');
  console.log(`start-up (RED.init → flows started, empty flow), ${RUNS} runs each`);
  for (const k of ['wall', 'cpu'] as const) {
    console.log(`  ${k} without the pack: median ${m(without, k).toFixed(0)} ms (${show(without, k)})`);
    console.log(`  ${k} with the pack:    median ${m(withPack, k).toFixed(0)} ms (${show(withPack, k)})`);
  }
  const figures: Figure[] = [
    {
      name: 'start-up time added by the pack (wall)',
      value: m(withPack, 'wall') - m(without, 'wall'),
      unit: 'ms',
      goal: '<= 100',
      note: `median ${m(withPack, 'wall').toFixed(0)} vs ${m(without, 'wall').toFixed(0)} ms, ${RUNS} runs each`,
    },
    {
      name: 'start-up CPU added by the pack',
      value: m(withPack, 'cpu') - m(without, 'cpu'),
      unit: 'ms',
      goal: '<= 100',
      note: `median ${m(withPack, 'cpu').toFixed(0)} vs ${m(without, 'cpu').toFixed(0)} ms CPU; steadier on a shared machine`,
    },
  ];
  emit('startup', figures, { runs: RUNS, without, withPack });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
