// The example flow end to end with a real broker: mqtt in → vitals-parse → csv-log, and
// the Catch node for what vitals-parse refuses (news2 and the alarm rule run alongside).
import assert from 'node:assert/strict';
import fs from 'fs';
import path from 'path';
import { FlowNode, parseCsv, until } from './flow-fixture';
import { exampleRun, helper } from './flow-run';

const PATIENTS = ['p-001', 'p-002', 'p-003', 'p-004', 'p-005', 'p-006'];
const PER_PATIENT = 50;
const GOOD = PATIENTS.length * PER_PATIENT;
const BAD: (string | Buffer)[] = [
  '{"heartRate":',
  '[72, 98]',
  '{"patientId":"p-001"}',
  'hello there',
  '{"heartRate":72,"timestamp":"not a time"}',
  Buffer.from([0xff, 0xfe, 0x00, 0x01]),
];

describe('health-monitoring example: MQTT → vitals-parse → csv-log (integration)', function () {
  this.timeout(60000);
  const run = exampleRun('he-pipeline-');

  it(`logs exactly the ${GOOD} good readings once each and sends every bad message to Catch with a reason`, async () => {
    // A topic prefix of our own, so that a demo or another run on a shared broker cannot add messages.
    const prefix = `test-${process.pid}-${Date.now()}`;
    const flow: FlowNode[] = run
      .example('health-monitoring')
      .map((n) =>
        n.type === 'mqtt in'
          ? { ...n, topic: n.id === 'hm-mqtt-in' ? `${prefix}/+/vitals` : `${prefix}/health_data` }
          : n,
      );
    const parse = flow.find((n) => n.type === 'he-vitals-parse')!;
    const csv = flow.find((n) => n.type === 'he-csv-log')!;
    const catchNode = flow.find((n) => n.type === 'catch')!;
    // Probes on the outputs we check; the flow's own wires stay as they are.
    const logged = run.record(flow, csv.id);
    const rejected = run.record(flow, parse.id, 1);
    const caught = run.record(flow, catchNode.id);
    await run.load(flow);
    const isWarmup = (m: any) => m.topic === `${prefix}/warmup/vitals`;

    const pub = await run.client();
    // The flow subscribes once its broker node connects; publish a refused warm-up message
    // until one comes through, so that none of the counted messages is published too early.
    await until('the flow to subscribe', () => {
      if (!caught.some(isWarmup)) void pub.publishAsync(`${prefix}/warmup/vitals`, 'warmup', { qos: 1 });
      return caught.some(isWarmup);
    });

    const base = Date.parse('2025-03-01T08:00:00.000Z');
    const sent = new Map<string, number>();
    const publishes: Promise<unknown>[] = [];
    for (let i = 0; i < PER_PATIENT; i++) {
      for (const [k, id] of PATIENTS.entries()) {
        const timestamp = new Date(base + (i * PATIENTS.length + k) * 1000).toISOString();
        const heartRate = 60 + ((i * 7 + k * 3) % 60);
        sent.set(`${id} ${timestamp}`, heartRate);
        const payload = JSON.stringify({
          patientId: id,
          timestamp,
          heartRate,
          spo2: 97,
          respiratoryRate: 16,
          temperature: 36.8,
          systolic: 121,
          diastolic: 79,
        });
        publishes.push(pub.publishAsync(`${prefix}/${id}/vitals`, payload, { qos: 1 }));
      }
      if (i === 10) for (const bad of BAD) publishes.push(pub.publishAsync(`${prefix}/p-bad/vitals`, bad, { qos: 1 }));
    }
    await Promise.all(publishes);

    const counted = (list: any[]) => list.filter((m) => !isWarmup(m)).length;
    await until(
      `${GOOD} rows and ${BAD.length} rejections`,
      () => logged.length >= GOOD && counted(caught) >= BAD.length && counted(rejected) >= BAD.length,
    );
    await new Promise((r) => setTimeout(r, 300)); // a surplus would show up here

    assert.equal(logged.length, GOOD, 'rows written');
    assert.equal(counted(rejected), BAD.length, 'messages on the rejected output');
    assert.equal(counted(caught), BAD.length, 'messages at the Catch node');
    for (const m of caught.filter((x) => !isWarmup(x))) {
      assert.equal(m.error.source.id, parse.id);
      assert.ok(
        typeof m.error.message === 'string' && m.error.message.length > 10,
        `no reason given: ${JSON.stringify(m.error)}`,
      );
    }
    for (const m of rejected.filter((x) => !isWarmup(x))) {
      assert.ok(m.error.field && m.error.reason && m.error.message, `incomplete msg.error: ${JSON.stringify(m.error)}`);
    }
    // Different faults get different reasons, not one catch-all.
    const reasons = new Set(rejected.filter((x) => !isWarmup(x)).map((m) => m.error.reason));
    assert.ok(reasons.size >= 3, `reasons: ${[...reasons].join(', ')}`);
    const rowNumbers = logged.map((m) => m.row).sort((a, b) => a - b);
    assert.deepEqual(
      rowNumbers,
      Array.from({ length: GOOD }, (_, i) => i + 1),
    );

    await helper.unload(); // closes the nodes, as a redeploy or shutdown would
    const file = path.join(run.dir, 'vitals.csv');
    assert.equal(logged[0].filename, file);
    const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(
      header,
      csv.columnDefs.map((d: { name: string }) => d.name),
      'header is the configured columns, once',
    );
    assert.deepEqual(header.slice(-2), ['news2Total', 'news2Band'], 'the score beside the reading');
    assert.equal(rows.length, GOOD);
    const col = (name: string) => header.indexOf(name);
    const seen = new Set<string>();
    for (const r of rows) {
      const key = `${r[col('deviceId')]} ${new Date(r[col('timestamp')]).toISOString()}`;
      assert.ok(sent.has(key), `unexpected row ${key}`);
      assert.ok(!seen.has(key), `row logged twice: ${key}`);
      seen.add(key);
      assert.equal(Number(r[col('heartRate')]), sent.get(key), key);
      assert.equal(r[col('patientId')], r[col('deviceId')]);
      // Sent without consciousness or oxygen: the total is a lower bound, written all the same, with its band.
      assert.match(r[col('news2Total')], /^\d+$/, key);
      assert.ok(['low', 'low-medium', 'medium', 'high'].includes(r[col('news2Band')]), key);
    }
    assert.equal(seen.size, GOOD);
  });

  it('keeps its MQTT session while stopped: readings published meanwhile arrive once it runs again', async () => {
    const prefix = `test-${process.pid}-${Date.now()}`;
    const example = () =>
      run
        .example('health-monitoring')
        .map((n) =>
          n.type === 'mqtt in'
            ? { ...n, topic: n.id === 'hm-mqtt-in' ? `${prefix}/+/vitals` : `${prefix}/health_data` }
            : n,
        );
    const reading = (device: string, i: number) => ({
      topic: `${prefix}/${device}/vitals`,
      payload: JSON.stringify({
        patientId: device,
        heartRate: 70 + (i % 20),
        timestamp: new Date(Date.parse('2025-03-01T08:00:00.000Z') + i * 1000).toISOString(),
      }),
    });
    const first = example();
    const csvId = first.find((n) => n.type === 'he-csv-log')!.id;
    const before = run.record(first, csvId);
    await run.load(first);
    // The broker node's client id is the environment variable's value, not the text ${HE_MQTT_CLIENT_ID}.
    assert.equal(helper.getNode('he-broker').clientid, run.clientId);
    const pub = await run.client();
    let warmups = 0;
    await until('the flow to subscribe', () => {
      if (before.length === 0) {
        const w = reading('warmup', warmups++);
        void pub.publishAsync(w.topic, w.payload, { qos: 1 });
      }
      return before.length > 0;
    });

    await helper.unload(); // a stop, a restart or a full deploy: the broker node disconnects
    const away = Array.from({ length: 20 }, (_, i) => reading('p-001', 1000 + i));
    await Promise.all(away.map((m) => pub.publishAsync(m.topic, m.payload, { qos: 1 })));

    const second = example();
    const after = run.record(second, csvId, 0, (m) => m.payload.timestamp as string);
    await run.load(second);
    const expected = away.map((m) => JSON.parse(m.payload).timestamp as string);
    await until('the readings published while the flow was stopped', () => expected.every((t) => after.includes(t)));
    assert.deepEqual(after.filter((t) => expected.includes(t)).sort(), expected, 'each once, none lost');
  });
});
