// threshold memory: heap taken by one threshold node holding 100,000 keys (maxKeys 100000), and
// with eviction (maxKeys 1000, the default) after the same 100,000 keys. Each case runs in its own
// Node-RED process started with --expose-gc; heap after a full GC before the keys are sent and
// after they were processed and the node's state was saved to its context (a second later).
// Env: BENCH_KEYS (default 100000).
import { FlowHost } from './lib/host-client';
import { FlowNode, keyedGenerator, sink, tab, threshold } from './lib/flows';
import { emit, envInt, Figure, sleep } from './lib/report';

const KEYS = envInt('BENCH_KEYS', 100000);
const MB = 2 ** 20;

async function heapFor(maxKeys: number): Promise<{ deltaMb: number; ms: number }> {
  const z = 'mem';
  const flows: FlowNode[] = [
    tab(z, 'threshold memory'),
    keyedGenerator('gen', z, ['th']),
    threshold('th', z, ['sink'], maxKeys, ['alarms']),
    sink('sink', z),
    sink('alarms', z),
  ];
  const { host } = await FlowHost.start({ flows, globals: { bench: { keyN: KEYS } }, execArgv: ['--expose-gc'] });
  try {
    await sleep(500);
    const before = await host.memory();
    if (!before.gc) throw new Error('no global.gc in the flow host');
    const ms = await host.timedRun('gen', 'sink', KEYS, 300000);
    await sleep(1500); // the node saves its state to context within a second
    const after = await host.memory();
    return { deltaMb: (after.heapUsed - before.heapUsed) / MB, ms };
  } finally {
    await host.stop();
  }
}

async function main(): Promise<void> {
  console.log(`threshold memory: ${KEYS} distinct keys`);
  const full = await heapFor(KEYS);
  console.log(`  maxKeys ${KEYS}: +${full.deltaMb.toFixed(1)} MB heap, ${full.ms.toFixed(0)} ms`);
  const evicting = await heapFor(1000);
  console.log(`  maxKeys 1000: +${evicting.deltaMb.toFixed(1)} MB heap, ${evicting.ms.toFixed(0)} ms`);
  const figures: Figure[] = [
    {
      name: `threshold heap at ${KEYS.toLocaleString('en-US')} keys`,
      value: full.deltaMb,
      unit: 'MB',
      goal: '<= 50',
      note: `${((full.deltaMb * MB) / KEYS).toFixed(0)} B/key, ${(full.ms / 1000).toFixed(1)} s to feed`,
    },
    {
      name: `threshold heap, ${KEYS.toLocaleString('en-US')} keys, eviction at 1,000`,
      value: evicting.deltaMb,
      unit: 'MB',
      goal: '<= 5',
      note: `${(evicting.ms / 1000).toFixed(1)} s to feed`,
    },
  ];
  emit('threshold-memory', figures, { keys: KEYS, full, evicting });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
