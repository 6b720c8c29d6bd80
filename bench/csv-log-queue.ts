// csv-log queue memory: what one row waiting to be written costs in heap, for a vitals reading
// in the pipeline a user runs (mqtt in → vitals-parse → news2 → threshold → csv-log), and how
// that compares with what the memory budget counts it as (rowBytes() in nodes/csv-log/queue-limits.ts).
//
// csv-log's file is made unwritable (a regular file stands where its folder should be), so
// every row waits and is retried; a bench-sink beside csv-log on threshold's output counts
// the readings that reached it. Heap after a full GC (--expose-gc) before the readings and
// after all of them wait; the difference over the count is the cost of a waiting row, with its
// message, payload, and Node-RED's send and done for it. Then the folder is freed and every
// row must reach the CSV. csv-log has no budget here (0 MB), so that all of them wait. The
// growth of the process's resident memory (RSS) is shown too.
// Env: BENCH_QUEUE_N (readings, default 50000).
import fs from 'fs';
import os from 'os';
import path from 'path';
import mqtt from 'mqtt';
import { chooseBenchBroker } from './lib/broker';
import { FlowHost } from './lib/host-client';
import { brokerNode, catchAll, csvLog, mqttIn, news2, sink, tab, threshold, vitalsParse, FlowNode } from './lib/flows';
import { deviceMessages, runPrefix } from './lib/payloads';
import { WindowedPublisher } from './lib/publisher';
import { accountFor, csvFiles } from './lib/csv-check';
import { emit, envInt, Figure, sleep } from './lib/report';
import { DEFAULT_QUEUE_MB, rowBytes } from '../nodes/csv-log/queue-limits';

const N = envInt('BENCH_QUEUE_N', 50000);
const MB = 2 ** 20;

async function main(): Promise<void> {
  const broker = await chooseBenchBroker();
  const prefix = runPrefix('queue');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'he-bench-queue-'));
  const blocker = path.join(dir, 'blocked');
  fs.writeFileSync(blocker, 'not a folder');
  const z = 'queue';
  const flows: FlowNode[] = [
    tab(z, 'csv-log queue memory'),
    brokerNode('broker', { host: broker.host, port: broker.port }),
    mqttIn('in', z, 'broker', `${prefix}/+/vitals`, ['parse']),
    vitalsParse('parse', z, ['news2']),
    news2('news2', z, ['threshold']),
    threshold('threshold', z, ['csv', 'seen']),
    csvLog('csv', z, dir, ['sink'], { filename: 'blocked/vitals.csv', maxQueueMB: 0 }),
    sink('seen', z),
    sink('sink', z),
    catchAll('catch', z, ['caught']),
    sink('caught', z),
  ];
  console.log(`csv-log queue memory: ${N} readings wait in csv-log; broker ${broker.url} (${broker.kind})`);
  const { host } = await FlowHost.start({
    flows,
    execArgv: ['--expose-gc'],
    ignoreTopic: `^${prefix}/probe/`,
    progressEvery: { seen: 100 },
  });
  const client = await mqtt.connectAsync(broker.url, { clean: true, protocolVersion: 4 });
  let result: {
    perRow: number;
    rssPerRow: number;
    estimate: number;
    written: number;
    missing: number;
    sent: number;
    caught: number;
  };
  try {
    const probe = JSON.stringify({ patientId: 'probe', heartRate: 70, timestamp: new Date().toISOString() });
    let through = false;
    const off = host.on((ev) => {
      if (ev.ev === 'probe') through = true;
    });
    for (let i = 0; !through; i++) {
      if (i > 150) throw new Error('the flow did not receive a probe within 30 s');
      await client.publishAsync(`${prefix}/probe/vitals`, probe, { qos: 1 });
      await sleep(200);
    }
    off();
    await sleep(500);
    const before = await host.memory();
    if (!before.gc) throw new Error('no global.gc in the flow host');

    const messages = deviceMessages(N, prefix);
    // A window keeps the broker's queue for Node-RED under Mosquitto's default limit.
    const pub = new WindowedPublisher(client, messages, 500);
    host.on((ev) => {
      if (ev.ev === 'progress' && ev.sink === 'seen') pub.progress(ev.count);
    });
    const arrived = host.mark('seen', N, 300000);
    pub.start();
    await arrived;
    await pub.done;
    await sleep(500);
    const after = await host.memory();
    const perRow = (after.heapUsed - before.heapUsed) / N;
    const rssPerRow = (after.rss - before.rss) / N;
    // What the budget counts: the row csv-log gets is the reading with deviceId (from the topic) and news2 added.
    const estimate =
      messages.reduce((s, m) => s + rowBytes({ ...JSON.parse(m.payload), deviceId: m.topic.split('/')[1] }), 0) / N;
    console.log(
      `  heap ${(before.heapUsed / MB).toFixed(1)} → ${(after.heapUsed / MB).toFixed(1)} MB: ${perRow.toFixed(0)} B per waiting row; the budget counts ${estimate.toFixed(0)} B`,
    );

    fs.rmSync(blocker);
    // The retry backoff is at most 10 s: then every row is written (the probe's is not counted).
    const written = await host.mark('sink', N, 120000).then(
      () => N,
      async () => (await host.counts()).sink?.count ?? 0,
    );
    const caught = (await host.counts()).caught?.count ?? 0;
    await host.stop();
    const account = accountFor(
      csvFiles(dir),
      messages.map((m) => m.id),
    );
    result = { perRow, rssPerRow, estimate, written, missing: account.missing, sent: N, caught };
  } finally {
    await client.endAsync().catch(() => undefined);
    await host.stop();
    await broker.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const budget = DEFAULT_QUEUE_MB * MB;
  const admitted = budget / result.estimate;
  const figures: Figure[] = [
    {
      name: 'csv-log heap per waiting row (vitals reading, pipeline)',
      value: result.perRow,
      unit: 'B',
      note: `after a full GC, ${N.toLocaleString('en-US')} rows waiting; the memory budget counts ${result.estimate.toFixed(0)} B per row; information only`,
    },
    {
      name: 'csv-log process memory (RSS) per waiting row',
      value: result.rssPerRow,
      unit: 'B',
      note: 'what the operating system sees: the heap plus the room the garbage collector keeps; information only',
    },
    {
      name: 'csv-log waiting row: heap / what the budget counts',
      value: result.perRow / result.estimate,
      unit: '×',
      goal: '<= 1.1',
      note: 'above 1 the budget lets more heap be taken than it says',
    },
    {
      name: `csv-log: vitals readings the default ${DEFAULT_QUEUE_MB} MB budget holds`,
      value: admitted,
      unit: 'rows',
      goal: '>= 50000',
      note: `about ${((admitted * result.perRow) / MB).toFixed(0)} MB of heap when full`,
    },
    {
      name: 'csv-log queue: rows missing from the CSV once the disk works again',
      value: result.missing,
      unit: '',
      goal: '<= 0',
      note: `${result.written} rows written and sent on; ${result.caught} errors caught (the retry reports, no row refused)`,
    },
  ];
  emit('csv-log-queue', figures, result);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
