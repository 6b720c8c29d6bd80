// examples/ble-gateway.json end to end: the simulator's --ble mode (the real CLI) publishes
// gateway-style packets to a real broker; the example flow decodes them into FHIR Bundles and
// CSV rows; a truncated packet reaches the Catch node with its offset.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'fs';
import path from 'path';
import { FlowNode, parseCsv, readExample, until } from './flow-fixture';
import { exampleRun, helper } from './flow-run';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(repoRoot, 'dist', 'sim', 'cli.js');

/** Runs the simulator CLI to the end; resolves with its exit code and output. */
function runSim(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), 30000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

describe('examples/ble-gateway.json', () => {
  const flow = readExample('ble-gateway');
  const one = (t: string) => {
    const found = flow.filter((n) => n.type === t);
    assert.equal(found.length, 1, `one ${t}`);
    return found[0];
  };

  it('is one tab whose wires all lead to nodes of the flow, explained by a comment', () => {
    const tab = one('tab');
    assert.equal(tab.label, 'BLE gateway');
    const ids = new Set(flow.map((n) => n.id));
    assert.equal(ids.size, flow.length, 'ids are unique');
    const others = JSON.parse(fs.readFileSync(path.join(repoRoot, 'examples', 'health-monitoring.json'), 'utf8')) as FlowNode[];
    for (const o of others) assert.ok(!ids.has(o.id), `id ${o.id} also in health-monitoring.json`);
    for (const n of flow) {
      if ('z' in n) assert.equal(n.z, tab.id);
      for (const out of n.wires ?? []) for (const id of out) assert.ok(ids.has(id), `${n.id} → ${id}`);
    }
    assert.ok(one('comment').info.length > 200);
  });

  it('reads ble/+/+ as UTF-8 text into vitals-parse in FHIR mode, characteristic from the last topic part', () => {
    const mqttIn = one('mqtt in');
    assert.deepEqual([mqttIn.topic, mqttIn.qos, mqttIn.datatype], ['ble/+/+', '1', 'utf8']);
    const parse = one('vitals-parse');
    assert.deepEqual([parse.output, parse.characteristic, parse.characteristicSegment, parse.topicSegment, parse.encoding], ['fhir', '', -1, 1, 'auto']);
    assert.deepEqual(mqttIn.wires, [[parse.id]]);
    const change = one('change');
    assert.deepEqual(change.rules, [{ t: 'move', p: 'reading', pt: 'msg', to: 'payload', tot: 'msg' }]);
    const csv = one('csv-log');
    assert.equal(csv.filename, 'ble-readings.csv');
    assert.ok(parse.wires[0].includes(change.id));
    assert.deepEqual(change.wires, [[csv.id]]);
    const fhirDebug = flow.find((n) => n.type === 'debug' && n.name === 'FHIR Bundle')!;
    assert.ok(parse.wires[0].includes(fhirDebug.id));
    assert.deepEqual([...one('catch').scope].sort(), [csv.id, parse.id].sort());
  });
});

describe('BLE gateway example: simulator --ble → MQTT → vitals-parse → FHIR + CSV (integration)', function () {
  this.timeout(90000);
  const run = exampleRun('he-ble-');

  it('turns every simulated packet into one Bundle and one CSV row, and catches a short packet', async () => {
    const prefix = `test-ble-${process.pid}-${Date.now()}`;
    const flow: FlowNode[] = run.example('ble-gateway').map((n) => (n.type === 'mqtt in' ? { ...n, topic: `${prefix}/+/+` } : n));
    const parse = flow.find((n) => n.type === 'vitals-parse')!;
    const csv = flow.find((n) => n.type === 'csv-log')!;
    const catchNode = flow.find((n) => n.type === 'catch')!;
    const bundles = run.record(flow, parse.id);
    const logged = run.record(flow, csv.id);
    const caught = run.record(flow, catchNode.id);
    await run.load(flow);
    const isWarmup = (m: any) => m.topic === `${prefix}/warmup/2a37`;

    const pub = await run.client();
    // A packet that is refused, until one comes through: then the flow is subscribed.
    await until('the flow to subscribe', () => {
      if (!caught.some(isWarmup)) void pub.publishAsync(`${prefix}/warmup/2a37`, 'not hex!', { qos: 1 });
      return caught.some(isWarmup);
    }, 20000);

    const PATIENTS = 3;
    // A packet's Date Time has whole seconds and the ids come from device, time and code:
    // rounds a second apart, as real devices measure, keep them distinct.
    const ROUNDS = 3;
    const sim = await runSim(['--ble', '--ble-encoding', 'mixed', '--url', run.broker.url, '--prefix', prefix, '--patients', String(PATIENTS), '--count', String(ROUNDS), '--interval', '1000', '--seed', '5']);
    assert.equal(sim.code, 0, `simulator failed: ${sim.err}`);
    assert.match(sim.out, new RegExp(`stopped: ${PATIENTS * ROUNDS * 5} readings published`));
    await pub.publishAsync(`${prefix}/cuff-9/2a35`, '05 A0 F0 6B F0 7D F0', { qos: 1 });

    const expected = PATIENTS * ROUNDS * 5;
    const counted = (list: any[]) => list.filter((m) => !isWarmup(m));
    await until(`${expected} bundles and rows and one short packet`, () => bundles.length >= expected && logged.length >= expected && counted(caught).length >= 1, 20000);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(bundles.length, expected, 'bundles');
    assert.equal(logged.length, expected, 'rows');

    const short = counted(caught);
    assert.equal(short.length, 1);
    assert.equal(short[0].error.source.id, parse.id);
    assert.match(short[0].error.message, /0x2A35 packet is too short: it has 7 bytes, but Pulse Rate \(SFLOAT\) at offset 7/);

    // Each characteristic gives its Observations; every Bundle is about the topic's device.
    const codesFor: Record<string, string[]> = {
      '2a37': ['8867-4'],
      '2a1c': ['8310-5'],
      '2a35': ['85354-9', '8867-4'],
      '2a5e': ['2708-6', '8867-4'],
      '2a9d': ['29463-7', '8302-2', '39156-5'],
    };
    const perCharacteristic: Record<string, number> = {};
    for (const m of bundles) {
      const [, device, ch] = m.topic.split('/');
      perCharacteristic[ch] = (perCharacteristic[ch] ?? 0) + 1;
      assert.equal(m.payload.resourceType, 'Bundle');
      const codes = m.payload.entry.map((e: any) => e.resource.code.coding[0].code).sort();
      assert.deepEqual(codes, [...codesFor[ch]].sort(), m.topic);
      for (const e of m.payload.entry) {
        assert.deepEqual(e.resource.device, { reference: `Device/${device}` });
        assert.equal(e.resource.subject, undefined, 'no msg.patientId: no subject');
        assert.equal(e.fullUrl, `urn:uuid:${e.resource.id}`);
      }
    }
    assert.deepEqual(perCharacteristic, { '2a37': PATIENTS * ROUNDS, '2a1c': PATIENTS * ROUNDS, '2a35': PATIENTS * ROUNDS, '2a5e': PATIENTS * ROUNDS, '2a9d': PATIENTS * ROUNDS });
    // Packets with their own time give distinct, stable Observation ids.
    const ids = bundles.flatMap((m) => m.payload.entry.map((e: any) => e.resource.id));
    assert.equal(new Set(ids).size, ids.length, 'no two Observations share an id');

    await helper.unload();
    const [header, ...rows] = parseCsv(fs.readFileSync(path.join(run.dir, 'ble-readings.csv'), 'utf8'));
    assert.equal(header.join(','), csv.columns);
    assert.equal(rows.length, expected);
    const col = (name: string) => header.indexOf(name);
    const devices = new Set(rows.map((r) => r[col('deviceId')]));
    const kinds = ['cuff', 'hrm', 'oximeter', 'scale', 'thermo'];
    assert.deepEqual([...devices].sort(), ['p-001', 'p-002', 'p-003'].flatMap((p) => kinds.map((k) => `${p}-${k}`)));
    for (const r of rows) {
      const filled = ['heartRate', 'temperature', 'systolic', 'spo2', 'weight'].filter((f) => r[col(f)] !== '');
      assert.ok(filled.length >= 1, `a row with no vital: ${r.join(',')}`);
      if (r[col('rrIntervals')] !== '') assert.ok(Array.isArray(JSON.parse(r[col('rrIntervals')])), 'RR intervals as a JSON list');
      const t = Number(r[col('temperature')] || NaN);
      if (!Number.isNaN(t)) assert.ok(t > 34 && t < 42, `temperature ${t} in °C`);
      const sys = Number(r[col('systolic')] || NaN);
      if (!Number.isNaN(sys)) assert.ok(sys > 60 && sys < 220 && Number(r[col('diastolic')]) < sys);
    }
    assert.equal(rows.filter((r) => r[col('temperature')] !== '').length, PATIENTS * ROUNDS);
  });
});
