// Broker outage: the broker is stopped for 5 s in the middle of a stream of QoS 1 readings and
// restarted on the same port. Both sides keep a persistent session (fixed client id,
// clean: false), the broker keeps its sessions on disk. Every message sent must be in the CSV.
// QoS 1 promises at-least-once: a message whose PUBACK was lost in the outage is sent again, so
// a duplicate is allowed; it is counted and reported. A missing message fails the test.
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

const RATE = 200; // readings per second
const SECONDS = 14;
const OUTAGE_AT_MS = 4000;
const OUTAGE_MS = 5000;

describe('fault: broker outage during a QoS 1 stream (persistent sessions)', function () {
  this.timeout(120000);
  let broker: RestartableBroker;
  let host: FlowHost | undefined;
  let dir = '';

  before(async () => {
    // The README's settings for health data: a deep queue for a client that is away.
    broker = await startRestartableBroker(['max_queued_messages 100000']);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'he-fault-outage-'));
  });
  after(async () => {
    host?.kill();
    await broker?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has every reading in the CSV at least once after a 5 s outage, and says how many came twice', async () => {
    const prefix = runPrefix('outage');
    const flows = pipelineFlow(
      'ours',
      { host: broker.host, port: broker.port, persistentClientId: `${prefix}-node-red` },
      `${prefix}/+/vitals`,
      dir,
    );
    ({ host } = await FlowHost.start({
      flows,
      ignoreTopic: `^${prefix}/probe/`,
      logLevel: process.env.FAULT_LOG ?? 'off',
    }));
    const client = await mqtt.connectAsync(broker.url, {
      clientId: `${prefix}-devices`,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 250,
    });
    client.on('error', () => undefined); // connection refused while the broker is down: it retries
    try {
      await waitForSubscription(host, client, prefix);
      const messages = deviceMessages(RATE * SECONDS, prefix, 20);
      const publishing = publishPaced(client, messages, RATE);
      await sleep(OUTAGE_AT_MS);
      await broker.stop();
      const down = Date.now();
      await sleep(OUTAGE_MS);
      await broker.start();
      const outageMs = Date.now() - down;
      await publishing; // every message acknowledged by the broker
      const counted = await waitForCounts(host, ['sink'], messages.length, 60000);
      await sleep(1000); // redeliveries still under way would show up here
      const caught = (await host.counts()).caught?.count ?? 0;
      await host.stop();
      host = undefined;

      const account = accountFor(
        csvFiles(dir),
        messages.map((m) => m.id),
      );
      console.log(
        `      ${broker.kind} down ${outageMs} ms; sent ${messages.length}, rows ${account.rows}, distinct ${account.distinct}, ` +
          `missing ${account.missing}, duplicates ${account.duplicates} (at-least-once), counted at the end ${counted}, errors ${caught}`,
      );
      assert.equal(caught, 0, 'no message was refused');
      assert.equal(account.missing, 0, `missing, e.g. ${account.missingSample.join(', ')}`);
      assert.equal(account.distinct, messages.length);
      assert.equal(account.rows, messages.length + account.duplicates);
    } finally {
      await client.endAsync(true).catch(() => undefined);
    }
  });
});
