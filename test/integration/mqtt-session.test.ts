// removeSession: what demo and tests use to leave no persistent session on a shared broker.
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { getTestBroker, TestBroker } from '../support/broker';
import { removeSession } from '../../scripts/mqtt-session';

describe('removing a persistent MQTT session (scripts/mqtt-session)', function () {
  this.timeout(20000);
  let broker: TestBroker;
  before(async () => {
    broker = await getTestBroker();
  });
  after(async () => {
    await broker.close();
  });

  it('finds the session a subscriber left, removes it, and then finds none: nothing is queued for it', async () => {
    const clientId = `t-sess-${process.pid.toString(36)}-${Date.now().toString(36)}`;
    const topic = `test-${clientId}/vitals`;
    const subscriber = await mqtt.connectAsync(broker.url, { clientId, clean: false, protocolVersion: 4 });
    await subscriber.subscribeAsync(topic, { qos: 1 });
    await subscriber.endAsync();

    assert.deepEqual(await removeSession(broker.url, clientId), { hadSession: true });
    assert.deepEqual(await removeSession(broker.url, clientId), { hadSession: false });

    // A message published now is kept for nobody: the subscriber, back with clean: false, gets nothing.
    const pub = await mqtt.connectAsync(broker.url, { clean: true });
    await pub.publishAsync(topic, 'x', { qos: 1 });
    await pub.endAsync();
    const back = await mqtt.connectAsync(broker.url, { clientId, clean: false, protocolVersion: 4 });
    const got: string[] = [];
    back.on('message', (_t, p) => got.push(p.toString()));
    await new Promise((r) => setTimeout(r, 300));
    await back.endAsync();
    await removeSession(broker.url, clientId);
    assert.deepEqual(got, []);
  });
});
