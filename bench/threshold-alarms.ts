// threshold alarms: CPU per message when every key goes into alarm, at two key counts. Each
// message is a new key whose value raises an alarm at once, so every message causes an alarm
// event, and the node keeps its state (all keys) in its context. If the work per event grew with
// the number of keys (a whole-state save per event was quadratic), the cost per message at the
// larger count would be about (larger / smaller) times that at the smaller; the goal is no growth.
// Each run has a Node-RED process of its own (a fresh node, no keys yet); medians over rounds.
// Env: BENCH_ALARM_KEYS (the smaller count, default 2000, rounded up to a multiple of 2000; the larger is 10×),
// BENCH_ALARM_ROUNDS (3).
import { FlowHost } from './lib/host-client';
import { FlowNode, sink, tab, threshold } from './lib/flows';
import { emit, envInt, Figure, median, sleep } from './lib/report';

// A multiple of 2000: the generator sends 1000 per turn, so the middle is a turn's end.
const SMALL = Math.ceil(envInt('BENCH_ALARM_KEYS', 2000) / 2000) * 2000;
const LARGE = SMALL * 10;
const ROUNDS = envInt('BENCH_ALARM_ROUNDS', 3);
const WARM_UP = 10000;

/**
 * Per trigger, messages each for a device of its own with a NEWS2 total of 7: the threshold
 * flow's "high" level, raised on the first sample. The first trigger sends WARM_UP messages on
 * output 1 (a node of its own), the second `n` on output 2 (the measured node): one function,
 * so that the JIT has warmed up on this very code and a fixed start-up cost does not weigh on
 * the smaller count. Chunks of 1000 per turn, as keyedGenerator in lib/flows.ts sends them.
 */
function alarmingGenerator(id: string, z: string, warm: string[], measured: string[], n: number): FlowNode {
  const func = `
const first = !context.get('warmed');
context.set('warmed', true);
const count = first ? ${WARM_UP} : ${n};
const prefix = first ? 'warm-' : 'dev-';
let i = 0;
function chunk() {
  const end = Math.min(i + 1000, count);
  for (; i < end; i++) {
    const m = { topic: 'k', payload: { deviceId: prefix + i, news2: { total: 7 } } };
    node.send(first ? [m, null] : [null, m], false);
  }
  if (i < count) setTimeout(chunk, 0);
}
chunk();
return null;`;
  return { id, type: 'function', z, name: 'generator alarms', func, outputs: 2, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], wires: [warm, measured] };
}

/**
 * CPU µs per message for `keys` messages on as many keys, every one raising an alarm: over the
 * second half of the keys (`us`: the node then holds keys/2 to keys, which is where work that
 * grows with the key count shows, and a start-up cost does not), and over the whole run.
 */
async function cpuPerMessage(keys: number): Promise<{ us: number; usWhole: number; ms: number }> {
  const z = 'alarms';
  const flows: FlowNode[] = [
    tab(z, 'threshold alarms'),
    alarmingGenerator('gen', z, ['th-warm'], ['th'], keys),
    threshold('th', z, ['sink'], keys, ['alarms']),
    sink('sink', z),
    sink('alarms', z),
    threshold('th-warm', z, ['sink-warm'], WARM_UP, ['sink-warm']),
    sink('sink-warm', z),
  ];
  const { host } = await FlowHost.start({ flows });
  try {
    await host.measuredRun('gen', 'sink-warm', 2 * WARM_UP, 600000);
    await sleep(1500); // anything the warm-up node writes later is done before the measured run
    await host.request({ cmd: 'reset' }, (e) => e.ev === 'reset');
    const half = Math.floor(keys / 2);
    const middle = host.markBoth('sink', half, 600000);
    const end = host.markBoth('sink', keys, 600000);
    const trig = (await host.request({ cmd: 'trigger', node: 'gen' }, (e) => e.ev === 'triggered')) as { ms: number; cpuMs: number };
    const [m, e] = await Promise.all([middle, end]);
    const alarms = await host.count('alarms');
    if (alarms !== keys) throw new Error(`expected ${keys} alarm events, got ${alarms}`);
    return { us: ((e.cpuMs - m.cpuMs) * 1000) / (keys - half), usWhole: ((e.cpuMs - trig.cpuMs) * 1000) / keys, ms: e.ms - trig.ms };
  } finally {
    await host.stop();
  }
}

async function main(): Promise<void> {
  console.log(`threshold alarms: every key raises an alarm; ${SMALL} and ${LARGE} keys, ${ROUNDS} rounds`);
  const small: number[] = [];
  const large: number[] = [];
  const smallWhole: number[] = [];
  const largeWhole: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const s = await cpuPerMessage(SMALL);
    const l = await cpuPerMessage(LARGE);
    const show = (k: number, x: { us: number; usWhole: number; ms: number }) => `${k} keys ${x.us.toFixed(2)} µs/msg CPU (whole run ${x.usWhole.toFixed(2)}, ${x.ms.toFixed(0)} ms)`;
    console.log(`  round ${r + 1}: ${show(SMALL, s)}, ${show(LARGE, l)}`);
    small.push(s.us);
    large.push(l.us);
    smallWhole.push(s.usWhole);
    largeWhole.push(l.usWhole);
  }
  const s = median(small);
  const l = median(large);
  const note = (whole: number[]) => `CPU over the second half of the keys, one alarm event per message; whole run ${median(whole).toFixed(1)} µs/msg; information only`;
  const figures: Figure[] = [
    { name: `threshold, every key in alarm, ${SMALL.toLocaleString('en-US')} keys`, value: s, unit: 'µs/msg', note: note(smallWhole) },
    { name: `threshold, every key in alarm, ${LARGE.toLocaleString('en-US')} keys`, value: l, unit: 'µs/msg', note: note(largeWhole) },
    { name: `threshold alarm cost, ${LARGE.toLocaleString('en-US')} / ${SMALL.toLocaleString('en-US')} keys`, value: l / s, unit: '×', goal: '<= 2', note: '1 = the work per event does not grow with the key count' },
  ];
  emit('threshold-alarms', figures, { small: SMALL, large: LARGE, rounds: ROUNDS, cpuUsPerMsg: { small, large, smallWhole, largeWhole } });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
