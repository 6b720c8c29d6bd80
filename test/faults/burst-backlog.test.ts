// Bursts: readings that reach Node-RED all at once rather than at the pace the flow takes them.
// 1. A backlog: Node-RED is stopped, 50,000 readings are published and the broker queues them for
//    Node-RED's persistent session (fixed client id, clean session off, no unsubscribe at close,
//    QoS 1); Node-RED starts again and the broker delivers them at once.
// 2. 20,000 readings from a publisher that does not wait for anything but the broker's PUBACKs,
//    as devices publish, into a running flow.
// The pipeline is the real one (mqtt in → vitals-parse → news2 → threshold → csv-log, csv-log as
// placed from the palette). Every reading must be in the CSV; QoS 1 allows a duplicate (counted
// and printed), never a loss. The time line is printed: when the readings reached csv-log and
// when their rows were on disk (how fast is a benchmark's business: bench/pipeline.ts).
//
// Mosquitto's default max_queued_messages (1000) would make the broker itself drop all but 1,000
// readings of a backlog; this test's Mosquitto is given room for all of them, so that whatever is
// lost is lost in Node-RED. (README, "Broker settings for health data", says the same for a real
// broker.) A second bench-sink, "seen", on threshold's output beside csv-log marks when each
// reading reaches csv-log.
// Env: FAULT_BACKLOG (default 50000), FAULT_BURST (20000).
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import mqtt, { MqttClient } from 'mqtt';
import { FlowHost } from '../../bench/lib/host-client';
import { FlowNode, pipelineFlow, sink } from '../../bench/lib/flows';
import { DeviceMessage, deviceMessages, runPrefix } from '../../bench/lib/payloads';
import { publishAll } from '../../bench/lib/publisher';
import { accountFor, csvFiles } from '../../bench/lib/csv-check';
import { startRestartableBroker, RestartableBroker } from '../support/own-mosquitto';
import { sleep, waitForCounts, waitForSubscription } from '../support/fault-flow';

const BACKLOG = Number(process.env.FAULT_BACKLOG) || 50000;
const BURST = Number(process.env.FAULT_BURST) || 20000;

/** The pipeline with a persistent session, and a "seen" sink beside csv-log on threshold's output. */
function burstFlow(broker: RestartableBroker, prefix: string, dir: string): FlowNode[] {
  const flows = pipelineFlow(
    'ours',
    { host: broker.host, port: broker.port, persistentClientId: `${prefix}-node-red` },
    `${prefix}/+/vitals`,
    dir,
  );
  const threshold = flows.find((n) => n.id === 'threshold') as FlowNode & { wires: string[][] };
  threshold.wires[1] = [...threshold.wires[1], 'seen'];
  flows.push(sink('seen', threshold.z as string));
  return flows;
}

interface Timeline {
  /** Host clock (ms) when the first and the last reading reached csv-log. */
  firstIn: Promise<number>;
  lastIn: Promise<number>;
  /** Host clock (ms) when a tenth, half, and all of the rows were on disk. */
  tenthOut: Promise<number>;
  halfOut: Promise<number>;
  allOut: Promise<number>;
}
type Times = { [K in keyof Timeline]: number };

/** Marks asked for before the readings arrive (a mark asked for late reports the time it was asked). */
function timeline(host: FlowHost, n: number, timeoutMs: number): Timeline {
  const t: Timeline = {
    firstIn: host.mark('seen', 1, timeoutMs),
    lastIn: host.mark('seen', n, timeoutMs),
    tenthOut: host.mark('sink', Math.ceil(n / 10), timeoutMs),
    halfOut: host.mark('sink', Math.ceil(n / 2), timeoutMs),
    allOut: host.mark('sink', n, timeoutMs),
  };
  // A mark that times out is reported by the counts below, not as an unhandled rejection.
  for (const p of Object.values(t)) p.catch(() => undefined);
  return t;
}

async function settle(t: Timeline): Promise<Times | null> {
  try {
    const [firstIn, lastIn, tenthOut, halfOut, allOut] = await Promise.all([
      t.firstIn,
      t.lastIn,
      t.tenthOut,
      t.halfOut,
      t.allOut,
    ]);
    return { firstIn, lastIn, tenthOut, halfOut, allOut };
  } catch {
    return null;
  }
}

describe('fault: a 50,000-reading backlog delivered at once, and a 20,000-reading burst', function () {
  this.timeout(300000);
  let broker: RestartableBroker;
  let host: FlowHost | undefined;
  let client: MqttClient | undefined;
  const dirs: string[] = [];

  before(async () => {
    broker = await startRestartableBroker([`max_queued_messages ${2 * Math.max(BACKLOG, BURST)}`]);
  });
  afterEach(async () => {
    host?.kill();
    host = undefined;
    await client?.endAsync(true).catch(() => undefined);
    client = undefined;
  });
  after(async () => {
    await broker?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  async function check(
    what: string,
    dir: string,
    messages: DeviceMessage[],
    t: Timeline,
    timeoutMs: number,
  ): Promise<void> {
    const h = host as FlowHost;
    // A row refused by csv-log is reported to the Catch node: stop waiting once all are accounted for.
    const counted = await waitForCounts(h, ['sink', 'caught'], messages.length, timeoutMs);
    const times = await settle(t);
    await sleep(1000); // redeliveries still under way would show up here
    const counts = await h.counts();
    const caught = counts.caught?.count ?? 0;
    await h.stop();
    host = undefined;
    const account = accountFor(
      csvFiles(dir),
      messages.map((m) => m.id),
    );
    const ms = (v: number) => `${Math.round(v - (times as Times).firstIn)} ms`;
    const when = times
      ? `from the first reading at csv-log: the last one arrived at ${ms(times.lastIn)}; on disk: a tenth at ${ms(times.tenthOut)}, half at ${ms(times.halfOut)}, all at ${ms(times.allOut)}`
      : 'not every reading came through';
    console.log(
      `      ${what}: ${broker.kind}; sent ${messages.length}, rows ${account.rows}, distinct ${account.distinct}, missing ${account.missing}, ` +
        `duplicates ${account.duplicates} (at-least-once), counted ${counted}, errors ${caught}; ${when}`,
    );
    if (caught > 0) console.log(`      first error: ${counts.caught?.samples[0]?.error}`);
    assert.equal(account.missing, 0, `missing, e.g. ${account.missingSample.join(', ')}`);
    assert.equal(account.distinct, messages.length);
    assert.equal(account.rows, messages.length + account.duplicates);
    assert.equal(caught, 0, 'no row was refused');
  }

  it(`has all ${BACKLOG} readings of a backlog queued for Node-RED's session in the CSV`, async () => {
    const prefix = runPrefix('backlog');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'he-fault-backlog-'));
    dirs.push(dir);
    const flows = burstFlow(broker, prefix, dir);
    const start = () =>
      FlowHost.start({ flows, ignoreTopic: `^${prefix}/probe/`, logLevel: process.env.FAULT_LOG ?? 'off' });
    ({ host } = await start());
    client = await mqtt.connectAsync(broker.url, { clientId: `${prefix}-devices`, clean: true, protocolVersion: 4 });
    // The probe puts the session's subscription in place; stopping Node-RED leaves it with the broker.
    await waitForSubscription(host, client, prefix);
    await host.stop();
    host = undefined;

    const messages = deviceMessages(BACKLOG, prefix, 50);
    const t0 = Date.now();
    await publishAll(client, messages);
    console.log(`      ${BACKLOG} readings queued by the broker for the stopped Node-RED in ${Date.now() - t0} ms`);

    ({ host } = await start());
    const t = timeline(host, BACKLOG, 180000);
    await check('backlog', dir, messages, t, 180000);
  });

  it(`has all ${BURST} readings of a burst from a publisher that does not wait in the CSV`, async () => {
    const prefix = runPrefix('burst');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'he-fault-burst-'));
    dirs.push(dir);
    ({ host } = await FlowHost.start({
      flows: burstFlow(broker, prefix, dir),
      ignoreTopic: `^${prefix}/probe/`,
      logLevel: process.env.FAULT_LOG ?? 'off',
    }));
    client = await mqtt.connectAsync(broker.url, { clientId: `${prefix}-devices`, clean: true, protocolVersion: 4 });
    await waitForSubscription(host, client, prefix);

    const messages = deviceMessages(BURST, prefix, 50);
    const t = timeline(host, BURST, 120000);
    await sleep(200); // the marks are in place before the first reading
    const t0 = Date.now();
    await publishAll(client, messages);
    console.log(`      ${BURST} readings published (all acknowledged by the broker) in ${Date.now() - t0} ms`);
    await check('burst', dir, messages, t, 120000);
  });
});
