// Load with Mosquitto's default queue limits (max_queued_messages 1000, max_inflight_messages 20):
// simulated devices publish QoS 1 readings at a fixed rate for 10 s through the whole pack
// pipeline (mqtt in → vitals-parse → news2 → threshold → csv-log). At the rate the README gives
// as sustainable on a small machine, nothing may be lost: every reading is in the CSV, once.
// Env: FAULT_RATE (default 1000 msgs/s: 2000 lost readings once in three runs on a shared 2-core machine), FAULT_LOAD_SECONDS (10).
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import mqtt from 'mqtt';
import { FlowHost } from '../../bench/lib/host-client';
import { pipelineFlow } from '../../bench/lib/flows';
import { deviceMessages, runPrefix } from '../../bench/lib/payloads';
import { publishPaced } from '../../bench/lib/publisher';
import { accountFor, csvFiles } from '../../bench/lib/csv-check';
import { startRestartableBroker, RestartableBroker } from '../support/own-mosquitto';
import { sleep, waitForCounts, waitForSubscription } from '../support/fault-flow';

const RATE = Number(process.env.FAULT_RATE) || 1000;
const SECONDS = Number(process.env.FAULT_LOAD_SECONDS) || 10;

describe(`fault: sustained load at ${RATE} msgs/s with Mosquitto's default queue limits`, function () {
  this.timeout(120000);
  let broker: RestartableBroker;
  let host: FlowHost | undefined;
  let dir = '';

  before(async () => {
    broker = await startRestartableBroker(); // no limits set: Mosquitto's defaults
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'he-fault-load-'));
  });
  after(async () => {
    host?.kill();
    await broker?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`loses nothing over ${SECONDS} s: every reading is in the CSV exactly once`, async () => {
    const prefix = runPrefix('load');
    const flows = pipelineFlow('ours', { host: broker.host, port: broker.port }, `${prefix}/+/vitals`, dir);
    ({ host } = await FlowHost.start({ flows, ignoreTopic: `^${prefix}/probe/` }));
    const client = await mqtt.connectAsync(broker.url, { clean: true, protocolVersion: 4 });
    try {
      await waitForSubscription(host, client, prefix);
      const messages = deviceMessages(RATE * SECONDS, prefix, 100);
      const { ms } = await publishPaced(client, messages, RATE);
      const counted = await waitForCounts(host, ['sink'], messages.length, 30000);
      await sleep(500);
      const caught = (await host.counts()).caught?.count ?? 0;
      await host.stop();
      host = undefined;
      const account = accountFor(
        csvFiles(dir),
        messages.map((m) => m.id),
      );
      console.log(
        `      ${broker.kind} defaults; published ${messages.length} in ${(ms / 1000).toFixed(1)} s (${Math.round(messages.length / (ms / 1000))} msgs/s); ` +
          `counted ${counted}, CSV rows ${account.rows}, missing ${account.missing}, duplicates ${account.duplicates}, errors ${caught}`,
      );
      assert.equal(caught, 0);
      assert.equal(account.missing, 0, `missing, e.g. ${account.missingSample.join(', ')}`);
      assert.equal(account.duplicates, 0);
      assert.equal(account.rows, messages.length);
    } finally {
      await client.endAsync(true).catch(() => undefined);
    }
  });
});
