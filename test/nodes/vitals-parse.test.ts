// vitals-parse in a Node-RED runtime: routing, msg.error, Catch, status, config.
import assert from 'node:assert/strict';
// The helper ships no types; the surface used here is small.
const helper = require('node-red-node-test-helper');
const vitalsNode = require('../../nodes/vitals-parse/vitals-parse.js');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;
interface TestNode {
  receive(msg: Msg): void;
  on(event: string, fn: (arg: any) => void): void;
  close(removed: boolean): Promise<void>;
}

function flow(config: Record<string, unknown> = {}) {
  return [
    { id: 'f1', type: 'tab' },
    { id: 'v', z: 'f1', type: 'he-vitals-parse', name: '', topicSegment: 1, wires: [['ok'], ['rej']], ...config },
    { id: 'ok', z: 'f1', type: 'helper' },
    { id: 'rej', z: 'f1', type: 'helper' },
    { id: 'c', z: 'f1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 'f1', type: 'helper' },
  ];
}

async function load(config: Record<string, unknown> = {}) {
  await helper.load([vitalsNode, catchNode], flow(config));
  const get = (id: string): TestNode => helper.getNode(id);
  return { v: get('v'), ok: get('ok'), rej: get('rej'), caught: get('caught') };
}

/** The next message a helper node receives, or a failure after `ms`. */
function next(node: TestNode, ms = 1000): Promise<Msg> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message')), ms);
    node.on('input', (msg: Msg) => {
      clearTimeout(timer);
      resolve(msg);
    });
  });
}

/** Resolves true if the node receives nothing within `ms`. */
function silent(node: TestNode, ms = 150): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    node.on('input', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** Collects what the node passes to status/warn/error. */
function calls(node: TestNode, method: 'status' | 'warn' | 'error'): any[][] {
  const seen: any[][] = [];
  node.on(`call:${method}`, (call: { args: any[] }) => seen.push(call.args));
  return seen;
}

const tick = () => new Promise((r) => setTimeout(r, 20));
/** Longer than the status gate's 250 ms: a held status has been shown by then. */
const held = () => new Promise((r) => setTimeout(r, 300));

describe('vitals-parse node', function () {
  afterEach(async () => {
    await helper.unload();
  });

  it('sends the reading on output 1 and keeps the other msg properties', async () => {
    const { v, ok, rej } = await load();
    const got = next(ok);
    const quiet = silent(rej);
    v.receive({ topic: 'health/p1/vitals', payload: 'HR:72, SpO2:98%, BP 120/80 mmHg, Temp 98.6F', ward: 3 });
    const msg = await got;
    assert.equal(msg.topic, 'health/p1/vitals');
    assert.equal(msg.ward, 3);
    assert.equal(msg.error, undefined);
    const { timestamp, ...rest } = msg.payload;
    assert.deepEqual(rest, { deviceId: 'p1', heartRate: 72, spo2: 98, temperature: 37, systolic: 120, diastolic: 80 });
    assert.ok(Math.abs(Date.parse(timestamp) - Date.now()) < 5000, 'receive time');
    assert.equal(await quiet, true);
  });

  it('sends bad input on output 2 with msg.error, unchanged otherwise', async () => {
    const { v, ok, rej } = await load();
    const got = next(rej);
    const quiet = silent(ok);
    const bytes = Buffer.from([0x17, 0x48, 0x00]);
    v.receive({ topic: 'health/p1/vitals', payload: bytes });
    const msg = await got;
    // Bytes with no characteristic in the node, the message or the topic cannot be decoded.
    assert.deepEqual(msg.error, {
      field: 'characteristic',
      reason: 'no-characteristic',
      message:
        'The payload is binary but no Bluetooth characteristic is known: choose one in the node, send msg.characteristic (e.g. "2a37") or use a topic whose part -1 names one.',
    });
    assert.ok(Buffer.isBuffer(msg.payload) && msg.payload.equals(bytes));
    assert.equal(msg.topic, 'health/p1/vitals');
    assert.equal(await quiet, true);
  });

  it('reports a rejection to a Catch node with the reason, once', async () => {
    const { v, caught } = await load();
    const errors: Msg[] = [];
    caught.on('input', (m: Msg) => errors.push(m));
    v.receive({ topic: 'health/p1/vitals', payload: { hr: 350 } });
    await tick();
    await tick();
    assert.equal(errors.length, 1);
    assert.equal(errors[0].error.message, 'heartRate 350 /min is outside the plausibility limits 20 to 300 /min.');
    assert.equal(errors[0].error.source.id, 'v');
    assert.deepEqual(errors[0].payload, { hr: 350 });
  });

  it('rejects a prototype key without polluting anything', async () => {
    const { v, rej } = await load();
    const got = next(rej);
    v.receive({ topic: 'health/p1/vitals', payload: '{"__proto__":{"polluted":1},"hr":70}' });
    const msg = await got;
    assert.equal(msg.error.reason, 'prototype-key');
    assert.equal(msg.error.field, '__proto__');
    assert.equal(({} as Msg).polluted, undefined);
  });

  it('counts ok and rejected messages in the status', async () => {
    const { v } = await load();
    const status = calls(v, 'status');
    v.receive({ topic: 'health/p1/vitals', payload: { hr: 70 } });
    await tick();
    assert.deepEqual(status.at(-1), [{ fill: 'green', shape: 'dot', text: '1 ok' }]);
    v.receive({ topic: 'health/p1/vitals', payload: 'hr=71' });
    v.receive({ topic: 'health/p1/vitals', payload: '' });
    await tick();
    assert.deepEqual(status.at(-1), [{ fill: 'red', shape: 'ring', text: '2 ok, 1 rejected' }]);
    v.receive({ topic: 'health/p1/vitals', payload: { spo2: 99 } });
    // An ok within 250 ms of the last status is held, then shown with the latest counts.
    await held();
    assert.deepEqual(status.at(-1), [{ fill: 'red', shape: 'ring', text: '3 ok, 1 rejected' }]);
  });

  it('after a burst of messages, ends on the latest counts without a status per message', async () => {
    const { v } = await load();
    const status = calls(v, 'status');
    for (let i = 0; i < 50; i++) v.receive({ topic: 'health/p1/vitals', payload: { hr: 60 + i } });
    await held();
    assert.deepEqual(status.at(-1), [{ fill: 'green', shape: 'dot', text: '50 ok' }]);
    assert.ok(status.length < 10, `${status.length} status updates for 50 messages`);
  });

  it('clears the status on close', async () => {
    const { v } = await load();
    const status = calls(v, 'status');
    v.receive({ topic: 'health/p1/vitals', payload: { hr: 70 } });
    await tick();
    await v.close(true);
    await tick();
    assert.deepEqual(status.at(-1), [{}]);
  });

  it('passes a partly bad reading on with dropped, warns once and raises no error', async () => {
    const { v, ok, caught } = await load();
    const warns = calls(v, 'warn');
    const errors = calls(v, 'error');
    const got = next(ok);
    const quietCatch = silent(caught);
    v.receive({ topic: 'health/p1/vitals', payload: { hr: 350, spo2: 'abc', temp: 37.2 } });
    const msg = await got;
    assert.equal(msg.payload.temperature, 37.2);
    // Values that are not numbers are found while reading, limits are checked after.
    assert.deepEqual(msg.payload.dropped, [
      { field: 'spo2', value: 'abc', reason: 'not-a-number' },
      { field: 'heartRate', value: 350, reason: 'out-of-range' },
    ]);
    assert.equal(await quietCatch, true);
    assert.equal(warns.length, 1);
    assert.match(String(warns[0][0]), /without 2 value\(s\): spo2 \(not-a-number\), heartRate \(out-of-range\)/);
    assert.equal(errors.length, 0);
  });

  it('applies custom limits from its config and falls back per vital when a pair is invalid', async () => {
    const { v, ok, rej } = await load({ limits: { heartRate: [40, 180], spo2: [100, 50] } });
    const rejected = next(rej);
    v.receive({ topic: 'health/p1/vitals', payload: { hr: 200 } });
    assert.equal(
      (await rejected).error.message,
      'heartRate 200 /min is outside the plausibility limits 40 to 180 /min.',
    );
    const accepted = next(ok);
    v.receive({ topic: 'health/p1/vitals', payload: { spo2: 60 } });
    assert.equal((await accepted).payload.spo2, 60);
  });

  it('takes the device id from the configured topic segment, counting from the end when negative', async () => {
    const { v, ok } = await load({ topicSegment: '-2' });
    const got = next(ok);
    v.receive({ topic: 'site/ward3/bed7/vitals', payload: 'rr=18' });
    assert.equal((await got).payload.deviceId, 'bed7');
  });

  it('says so when neither payload nor topic names the device', async () => {
    const { v, rej } = await load({ topicSegment: 3 });
    const got = next(rej);
    v.receive({ topic: 'health/p1/vitals', payload: 'rr=18' });
    const msg = await got;
    assert.equal(msg.error.reason, 'no-device-id');
    assert.equal(msg.error.field, 'deviceId');
  });

  it('keeps going after odd payloads', async () => {
    const { v, ok, rej } = await load();
    let rejected = 0;
    rej.on('input', () => rejected++);
    const odd = [undefined, null, 42, [1, 2], { hr: { value: { x: 1 } } }, 'x'.repeat(1 << 20), '{bad json'];
    for (const payload of odd) v.receive({ topic: 'health/p1/vitals', payload });
    const got = next(ok);
    v.receive({ topic: 'health/p1/vitals', payload: { hr: 66 } });
    assert.equal((await got).payload.heartRate, 66);
    assert.equal(rejected, odd.length);
  });
});

describe('vitals-parse node: device id if none', function () {
  afterEach(async () => {
    await helper.unload();
    delete process.env.HE_TEST_HEALTH_DATA_DEVICE;
  });
  const seedReading = '{"date":"2023-09-05 10:00:00","heart_rate":72,"blood_pressure":"120/80","temperature":36.6}';

  it('files a health_data reading under the id the setting gives (here an environment variable)', async () => {
    process.env.HE_TEST_HEALTH_DATA_DEVICE = 'bed-7';
    const { v, ok } = await load({ fallbackDeviceId: 'HE_TEST_HEALTH_DATA_DEVICE', fallbackDeviceIdType: 'env' });
    const got = next(ok);
    v.receive({ topic: 'health_data', payload: seedReading });
    const msg = await got;
    assert.equal(msg.payload.deviceId, 'bed-7');
    assert.equal(msg.payload.timestamp, new Date(2023, 8, 5, 10, 0, 0).toISOString());
    assert.deepEqual([msg.payload.heartRate, msg.payload.systolic, msg.payload.diastolic], [72, 120, 80]);
  });

  it('rejects it to output 2 and Catch when the setting is empty, saying which setting to fill', async () => {
    const { v, rej, caught } = await load();
    const refused = next(rej);
    const seen = next(caught);
    v.receive({ topic: 'health_data', payload: seedReading });
    const msg = await refused;
    assert.equal(msg.error.reason, 'no-device-id');
    assert.match((await seen).error.message, /Device id if none/);
  });

  it('rejects it too when the variable the setting names is not set', async () => {
    const { v, rej } = await load({ fallbackDeviceId: 'HE_TEST_HEALTH_DATA_DEVICE', fallbackDeviceIdType: 'env' });
    const refused = next(rej);
    v.receive({ topic: 'health_data', payload: seedReading });
    assert.equal((await refused).error.reason, 'no-device-id');
  });
});
