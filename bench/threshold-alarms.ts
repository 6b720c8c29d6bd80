// threshold alarms: CPU per alarm event at two key counts. Every message raises or clears an
// alarm: the generator walks the keys in turn, sending each a NEWS2 total of 7 (the threshold
// flow's "high" level, raised on the first sample) on one pass and 0 (cleared) on the next, so the
// node holds every key all the time and each message causes an event. If the work per event grew
// with the number of keys (a whole-state save per event was quadratic), the cost per event at the
// larger count would be about (larger / smaller) times that at the smaller; the goal is no growth.
// Both counts get the same number of messages and are measured over the same span (from the end of
// the larger count's first pass, when every key of either run exists, to the last message), so a
// fixed cost weighs the same on both. (This bench once gave each key a single alarm, so the smaller
// count was measured over 1,000 messages, about 40 ms: fixed costs made it 2 to 4 times the larger,
// and the ratio stayed far under its goal whatever the node did.)
// Each run has a Node-RED process of its own (a fresh node, no keys yet); medians over rounds.
// Env: BENCH_ALARM_KEYS (the smaller count, default 2000, rounded up to a multiple of 1000; the
// larger is 10×), BENCH_ALARM_MESSAGES (per run, default 200000), BENCH_ALARM_ROUNDS (3).
import { FlowHost } from './lib/host-client';
import { FlowNode, sink, tab, threshold } from './lib/flows';
import { emit, envInt, Figure, median, sleep } from './lib/report';

// A multiple of 1000: the generator sends 1000 per turn, so a pass ends at a turn's end.
const SMALL = Math.ceil(envInt('BENCH_ALARM_KEYS', 2000) / 1000) * 1000;
const LARGE = SMALL * 10;
const MESSAGES = Math.max(2 * LARGE, Math.ceil(envInt('BENCH_ALARM_MESSAGES', 200000) / 1000) * 1000);
const ROUNDS = envInt('BENCH_ALARM_ROUNDS', 3);
const WARM_UP = 20000;
const WARM_KEYS = 1000;

/**
 * Per trigger, `count` messages over `keys` keys in turn, the total 7 on even passes and 0 on odd
 * ones. The first trigger sends WARM_UP messages on output 1 (a node of its own), the second the
 * measured ones on output 2: one function, so that the JIT has warmed up on this very code.
 * Chunks of 1000 per turn, as keyedGenerator in lib/flows.ts sends them.
 */
function alarmingGenerator(id: string, z: string, warm: string[], measured: string[], keys: number): FlowNode {
  const func = `
const first = !context.get('warmed');
context.set('warmed', true);
const count = first ? ${WARM_UP} : ${MESSAGES};
const keys = first ? ${WARM_KEYS} : ${keys};
const prefix = first ? 'warm-' : 'dev-';
let i = 0;
function chunk() {
  const end = Math.min(i + 1000, count);
  for (; i < end; i++) {
    const total = Math.floor(i / keys) % 2 === 0 ? 7 : 0;
    const m = { topic: 'k', payload: { deviceId: prefix + (i % keys), news2: { total } } };
    node.send(first ? [m, null] : [null, m], false);
  }
  if (i < count) setTimeout(chunk, 0);
}
chunk();
return null;`;
  return {
    id,
    type: 'function',
    z,
    name: 'generator alarms',
    func,
    outputs: 2,
    timeout: 0,
    noerr: 0,
    initialize: '',
    finalize: '',
    libs: [],
    wires: [warm, measured],
  };
}

/**
 * CPU µs per alarm event with `keys` keys: over the messages from LARGE to MESSAGES (`us`: every
 * key exists there, at either count), and over the whole run; with the events per message there.
 */
async function cpuPerEvent(keys: number): Promise<{ us: number; usWhole: number; ms: number; eventsPerMsg: number }> {
  const z = 'alarms';
  const flows: FlowNode[] = [
    tab(z, 'threshold alarms'),
    alarmingGenerator('gen', z, ['th-warm'], ['th'], keys),
    threshold('th', z, ['sink'], keys, ['alarms']),
    sink('sink', z),
    sink('alarms', z),
    threshold('th-warm', z, ['sink-warm'], WARM_KEYS, ['sink-warm']),
    sink('sink-warm', z),
  ];
  const { host } = await FlowHost.start({ flows });
  try {
    // Warm-up: every message and every event of the warm-up node reach sink-warm.
    await host.measuredRun('gen', 'sink-warm', 2 * WARM_UP, 600000);
    await sleep(1500); // anything the warm-up node writes later is done before the measured run
    await host.request({ cmd: 'reset' }, (e) => e.ev === 'reset');
    const from = host.markBoth('sink', LARGE, 600000);
    const end = host.markBoth('sink', MESSAGES, 600000);
    const trig = (await host.request({ cmd: 'trigger', node: 'gen' }, (e) => e.ev === 'triggered')) as {
      ms: number;
      cpuMs: number;
    };
    const [f, e] = await Promise.all([from, end]);
    await sleep(200); // events sent with the last messages reach their sink
    const events = await host.count('alarms');
    // Every message raises (7) or clears (0) its key's alarm: at least one event each.
    if (events < MESSAGES) throw new Error(`expected at least ${MESSAGES} alarm events, got ${events}`);
    const eventsPerMsg = events / MESSAGES;
    const measured = (MESSAGES - LARGE) * eventsPerMsg;
    return {
      us: ((e.cpuMs - f.cpuMs) * 1000) / measured,
      usWhole: ((e.cpuMs - trig.cpuMs) * 1000) / events,
      ms: e.ms - trig.ms,
      eventsPerMsg,
    };
  } finally {
    await host.stop();
  }
}

async function main(): Promise<void> {
  console.log(
    `threshold alarms: every message raises or clears an alarm; ${SMALL} and ${LARGE} keys, ${MESSAGES} messages per run, ${ROUNDS} rounds`,
  );
  const small: number[] = [];
  const large: number[] = [];
  const smallWhole: number[] = [];
  const largeWhole: number[] = [];
  let perMsg = NaN;
  for (let r = 0; r < ROUNDS; r++) {
    const s = await cpuPerEvent(SMALL);
    const l = await cpuPerEvent(LARGE);
    const show = (k: number, x: { us: number; usWhole: number; ms: number; eventsPerMsg: number }) =>
      `${k} keys ${x.us.toFixed(2)} µs/event CPU (whole run ${x.usWhole.toFixed(2)}, ${x.ms.toFixed(0)} ms, ${x.eventsPerMsg.toFixed(2)} events/msg)`;
    console.log(`  round ${r + 1}: ${show(SMALL, s)}, ${show(LARGE, l)}`);
    small.push(s.us);
    large.push(l.us);
    smallWhole.push(s.usWhole);
    largeWhole.push(l.usWhole);
    perMsg = s.eventsPerMsg;
  }
  const s = median(small);
  const l = median(large);
  const span = (MESSAGES - LARGE).toLocaleString('en-US');
  const note = (whole: number[]) =>
    `CPU over the last ${span} messages, ${perMsg.toFixed(2)} alarm events per message; whole run ${median(whole).toFixed(1)} µs/event; information only`;
  const figures: Figure[] = [
    {
      name: `threshold, alarm raised or cleared per message, ${SMALL.toLocaleString('en-US')} keys`,
      value: s,
      unit: 'µs/event',
      note: note(smallWhole),
    },
    {
      name: `threshold, alarm raised or cleared per message, ${LARGE.toLocaleString('en-US')} keys`,
      value: l,
      unit: 'µs/event',
      note: note(largeWhole),
    },
    {
      name: `threshold alarm cost, ${LARGE.toLocaleString('en-US')} / ${SMALL.toLocaleString('en-US')} keys`,
      value: l / s,
      unit: '×',
      goal: '<= 2',
      note: '1 = the work per event does not grow with the key count',
    },
  ];
  emit('threshold-alarms', figures, {
    small: SMALL,
    large: LARGE,
    messages: MESSAGES,
    rounds: ROUNDS,
    cpuUsPerEvent: { small, large, smallWhole, largeWhole },
  });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
