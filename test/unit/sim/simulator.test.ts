import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { getTestBroker, TestBroker } from '../../support/broker';
import { startSimulator } from '../../../sim/simulator';

describe('simulator over MQTT', function () {
  let broker: TestBroker;
  before(async () => {
    broker = await getTestBroker();
  });
  after(async () => {
    await broker.close();
  });

  async function collect(
    prefix: string,
    expected: number,
    run: () => Promise<void>,
  ): Promise<{ topic: string; payload: string }[]> {
    const sub = await mqtt.connectAsync(broker.url, { clean: true });
    const got: { topic: string; payload: string }[] = [];
    sub.on('message', (topic, payload) => got.push({ topic, payload: payload.toString() }));
    await sub.subscribeAsync(`${prefix}/+/vitals`, { qos: 1 });
    await run();
    // The subscriber gets its copies a moment after the publisher's acknowledgements;
    // then wait a little longer so that a surplus would be seen too.
    const deadline = Date.now() + 3000;
    while (got.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 150));
    await sub.endAsync();
    return got;
  }

  it('publishes count readings per patient to <prefix>/<id>/vitals and stops by itself', async () => {
    const prefix = `simtest-${process.pid}-a`;
    let published = -1;
    const got = await collect(prefix, 15, async () => {
      const sim = startSimulator({ url: broker.url, patients: 3, intervalMs: 20, count: 5, topicPrefix: prefix });
      await sim.ready;
      await sim.done;
      published = sim.published;
    });
    assert.equal(published, 15);
    assert.equal(got.length, 15);
    for (const id of ['p-001', 'p-002', 'p-003']) {
      assert.equal(got.filter((m) => m.topic === `${prefix}/${id}/vitals`).length, 5, id);
    }
    assert.match(
      got.find((m) => m.topic.includes('p-002'))!.payload,
      /^HR:\d+, SpO2:\d+%, BP \d+\/\d+ mmHg, Temp [\d.]+F$/,
    );
    assert.equal(JSON.parse(got.find((m) => m.topic.includes('p-001'))!.payload).patientId, 'p-001');
  });

  it('sends the same payloads for the same seed', async () => {
    const fixed = () => new Date('2025-05-05T05:05:05.000Z');
    const runOnce = async (prefix: string) => {
      const got = await collect(prefix, 8, async () => {
        const sim = startSimulator({
          url: broker.url,
          patients: 2,
          intervalMs: 10,
          count: 4,
          seed: 77,
          topicPrefix: prefix,
          now: fixed,
        });
        await sim.done;
      });
      return got.map((m) => m.topic.replace(prefix, '') + ' ' + m.payload).sort();
    };
    const a = await runOnce(`simtest-${process.pid}-b`);
    const b = await runOnce(`simtest-${process.pid}-c`);
    assert.equal(a.length, 8);
    assert.deepEqual(a, b);
  });

  it('stops on request and reports a refused connection through ready', async () => {
    const sim = startSimulator({ url: broker.url, patients: 1, intervalMs: 10 });
    await sim.ready;
    await new Promise((r) => setTimeout(r, 100));
    await sim.stop();
    const n = sim.published;
    assert.ok(n > 0);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(sim.published, n, 'kept publishing after stop()');

    const nowhere = startSimulator({ url: 'mqtt://127.0.0.1:1', patients: 1 });
    await assert.rejects(nowhere.ready, /ECONNREFUSED/);
    await nowhere.done;
  });
});
