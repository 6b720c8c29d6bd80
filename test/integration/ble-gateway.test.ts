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
    const others = JSON.parse(
      fs.readFileSync(path.join(repoRoot, 'examples', 'health-monitoring.json'), 'utf8'),
    ) as FlowNode[];
    // Only the shared configuration nodes (broker, dashboard, theme) are in both files.
    assert.deepEqual(
      others
        .filter((o) => ids.has(o.id))
        .map((o) => o.id)
        .sort(),
      ['he-broker', 'he-ui-base', 'he-ui-theme'],
    );
    for (const n of flow) {
      if ('z' in n) assert.equal(n.z, tab.id);
      for (const out of n.wires ?? []) for (const id of out) assert.ok(ids.has(id), `${n.id} → ${id}`);
    }
    assert.ok(one('comment').info.length > 200);
  });

  it('reads ble/+/+ as UTF-8 text into vitals-parse in FHIR mode, characteristic from the last topic part', () => {
    const mqttIn = one('mqtt in');
    assert.deepEqual([mqttIn.topic, mqttIn.qos, mqttIn.datatype], ['ble/+/+', '1', 'utf8']);
    const parse = one('he-vitals-parse');
    assert.deepEqual(
      [parse.output, parse.characteristic, parse.characteristicSegment, parse.topicSegment, parse.encoding],
      ['fhir', '', -1, 1, 'auto'],
    );
    assert.deepEqual(mqttIn.wires, [[parse.id]]);
    const change = flow.find((n) => n.id === 'bg-reading')!;
    assert.deepEqual(change.rules, [{ t: 'move', p: 'reading', pt: 'msg', to: 'payload', tot: 'msg' }]);
    const csv = one('he-csv-log');
    assert.equal(csv.filename, 'ble-readings.csv');
    assert.ok(parse.wires[0].includes(change.id));
    assert.deepEqual(change.wires, [[csv.id, 'bg-latest']]);
    const fhirDebug = flow.find((n) => n.type === 'debug' && n.name === 'FHIR Bundle')!;
    assert.ok(parse.wires[0].includes(fhirDebug.id));
    assert.deepEqual([...one('catch').scope].sort(), [csv.id, parse.id].sort());
  });

  it('has the dashboard page BLE: a count of FHIR Bundles and a table of the latest reading per device, no function node', () => {
    const page = one('ui-page');
    assert.deepEqual(
      [page.name, page.path, page.order, page.ui, page.theme],
      ['BLE', '/ble', 4, 'he-ui-base', 'he-ui-theme'],
    );
    const group = one('ui-group');
    assert.equal(group.page, page.id);
    const table = one('ui-table');
    assert.deepEqual([table.group, table.action, table.autocols], [group.id, 'replace', false]);
    assert.deepEqual(
      table.columns.map((c: any) => c.key),
      ['device', 'time', 'heartRate', 'spo2', 'bp', 'temperature', 'weight', 'absent'],
    );
    const latest = flow.find((n) => n.id === 'bg-latest')!;
    assert.deepEqual(latest.wires, [[table.id]]);
    assert.deepEqual(
      latest.rules.map((r: any) => [r.pt, r.p, r.tot]),
      [
        ['flow', 'bleLatest', 'jsonata'],
        ['msg', 'payload', 'jsonata'],
      ],
    );
    const text = one('ui-text');
    const count = flow.find((n) => n.id === 'bg-count')!;
    assert.ok(one('he-vitals-parse').wires[0].includes(count.id), 'every Bundle is counted');
    assert.deepEqual(count.wires, [[text.id]]);
    assert.equal(text.group, group.id);
    assert.ok(!flow.some((n) => n.type === 'function'), 'no function node');
  });
});

describe('BLE gateway example: simulator --ble → MQTT → vitals-parse → FHIR + CSV (integration)', function () {
  this.timeout(90000);
  const run = exampleRun('he-ble-');

  it('turns every simulated packet into one Bundle and one CSV row, and catches a short packet', async () => {
    const prefix = `test-ble-${process.pid}-${Date.now()}`;
    const flow: FlowNode[] = run
      .example('ble-gateway')
      .map((n) => (n.type === 'mqtt in' ? { ...n, topic: `${prefix}/+/+` } : n));
    const parse = flow.find((n) => n.type === 'he-vitals-parse')!;
    const csv = flow.find((n) => n.type === 'he-csv-log')!;
    const catchNode = flow.find((n) => n.type === 'catch')!;
    const bundles = run.record(flow, parse.id);
    const logged = run.record(flow, csv.id);
    const caught = run.record(flow, catchNode.id);
    const tables = run.record<any[]>(flow, 'bg-latest', 0, (m) => m.payload);
    const counts = run.record<number>(flow, 'bg-count', 0, (m) => m.payload);
    await run.load(flow);
    const isWarmup = (m: any) => m.topic === `${prefix}/warmup/2a37`;

    const pub = await run.client();
    // A packet that is refused, until one comes through: then the flow is subscribed.
    await until(
      'the flow to subscribe',
      () => {
        if (!caught.some(isWarmup)) void pub.publishAsync(`${prefix}/warmup/2a37`, 'not hex!', { qos: 1 });
        return caught.some(isWarmup);
      },
      20000,
    );

    const PATIENTS = 3;
    // A packet's Date Time has whole seconds and the ids come from device, time and code:
    // rounds a second apart, as real devices measure, keep them distinct.
    const ROUNDS = 3;
    const sim = await runSim([
      '--ble',
      '--ble-encoding',
      'mixed',
      '--url',
      run.broker.url,
      '--prefix',
      prefix,
      '--patients',
      String(PATIENTS),
      '--count',
      String(ROUNDS),
      '--interval',
      '1000',
      '--seed',
      '5',
    ]);
    assert.equal(sim.code, 0, `simulator failed: ${sim.err}`);
    assert.match(sim.out, new RegExp(`stopped: ${PATIENTS * ROUNDS * 5} readings published`));
    await pub.publishAsync(`${prefix}/cuff-9/2a35`, '05 A0 F0 6B F0 7D F0', { qos: 1 });

    const expected = PATIENTS * ROUNDS * 5;
    const counted = (list: any[]) => list.filter((m) => !isWarmup(m));
    await until(
      `${expected} bundles and rows and one short packet`,
      () =>
        bundles.length >= expected &&
        logged.length >= expected &&
        counted(caught).length >= 1 &&
        tables.length >= expected &&
        counts.length >= expected,
      20000,
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(bundles.length, expected, 'bundles');
    assert.equal(logged.length, expected, 'rows');

    // The dashboard: the Bundle count goes up by one per Bundle, and the table holds one row per device.
    assert.deepEqual(
      counts,
      Array.from({ length: expected }, (_, i) => i + 1),
    );
    assert.equal(tables.length, expected);
    const table = tables[tables.length - 1];
    const kindsOf = ['cuff', 'hrm', 'oximeter', 'scale', 'thermo'];
    assert.deepEqual(
      table.map((r) => r.device),
      ['p-001', 'p-002', 'p-003'].flatMap((p) => kindsOf.map((k) => `${p}-${k}`)),
      'one row per device, sorted',
    );
    for (const row of table) {
      const kind = row.device.split('-').pop();
      assert.match(row.time, /^\d\d:\d\d:\d\d$/);
      const shown = ['heartRate', 'spo2', 'bp', 'temperature', 'weight'].filter((k) => row[k] !== undefined).sort();
      const expectedFields: Record<string, string[]> = {
        hrm: ['heartRate'],
        thermo: ['temperature'],
        cuff: ['bp', 'heartRate'],
        oximeter: ['heartRate', 'spo2'],
        scale: ['weight'],
      };
      assert.deepEqual(shown, expectedFields[kind], row.device);
      if (row.bp !== undefined) assert.match(row.bp, /^\d+(\.\d+)?\/\d+(\.\d+)?$/, row.device);
      if (row.temperature !== undefined)
        assert.ok(
          row.temperature > 34 &&
            row.temperature < 42 &&
            Math.abs(row.temperature * 10 - Math.round(row.temperature * 10)) < 1e-9,
          `${row.temperature} °C, one decimal`,
        );
      assert.equal(row.absent, undefined, 'the simulator sends no special values');
    }

    const short = counted(caught);
    assert.equal(short.length, 1);
    assert.equal(short[0].error.source.id, parse.id);
    assert.match(
      short[0].error.message,
      /0x2A35 packet is too short: it has 7 bytes, but Pulse Rate \(SFLOAT\) at offset 7/,
    );

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
    assert.deepEqual(perCharacteristic, {
      '2a37': PATIENTS * ROUNDS,
      '2a1c': PATIENTS * ROUNDS,
      '2a35': PATIENTS * ROUNDS,
      '2a5e': PATIENTS * ROUNDS,
      '2a9d': PATIENTS * ROUNDS,
    });
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
    assert.deepEqual(
      [...devices].sort(),
      ['p-001', 'p-002', 'p-003'].flatMap((p) => kinds.map((k) => `${p}-${k}`)),
    );
    for (const r of rows) {
      const filled = ['heartRate', 'temperature', 'systolic', 'spo2', 'weight'].filter((f) => r[col(f)] !== '');
      assert.ok(filled.length >= 1, `a row with no vital: ${r.join(',')}`);
      if (r[col('rrIntervals')] !== '')
        assert.ok(Array.isArray(JSON.parse(r[col('rrIntervals')])), 'RR intervals as a JSON list');
      const t = Number(r[col('temperature')] || NaN);
      if (!Number.isNaN(t)) assert.ok(t > 34 && t < 42, `temperature ${t} in °C`);
      const sys = Number(r[col('systolic')] || NaN);
      if (!Number.isNaN(sys)) assert.ok(sys > 60 && sys < 220 && Number(r[col('diastolic')]) < sys);
    }
    assert.equal(rows.filter((r) => r[col('temperature')] !== '').length, PATIENTS * ROUNDS);
  });

  it('shows a value sent as NaN in the table as absent, with its reason, and keeps the latest reading per device', async () => {
    const prefix = `test-ble-${process.pid}-${Date.now()}-nan`;
    const flow: FlowNode[] = run
      .example('ble-gateway')
      .map((n) => (n.type === 'mqtt in' ? { ...n, topic: `${prefix}/+/+` } : n));
    const tables = run.record<any[]>(flow, 'bg-latest', 0, (m) => m.payload);
    const counts = run.record<number>(flow, 'bg-count', 0, (m) => m.payload);
    await run.load(flow);
    const pub = await run.client();
    // Heart rate 72 (flags 0x00), repeated until the flow is subscribed.
    await until(
      'the flow to subscribe',
      () => {
        if (!tables.length) void pub.publishAsync(`${prefix}/hrm-1/2a37`, '00 48', { qos: 1 });
        return tables.length > 0;
      },
      20000,
    );
    // A thermometer whose value is the IEEE-11073 FLOAT NaN (health.md §6), then a newer pulse.
    await pub.publishAsync(`${prefix}/thermo-1/2a1c`, '00 FF FF 7F 00', { qos: 1 });
    await pub.publishAsync(`${prefix}/hrm-1/2a37`, '00 50', { qos: 1 });
    const settled = () =>
      tables.at(-1)?.length === 2 && tables.at(-1)?.find((r) => r.device === 'hrm-1')?.heartRate === 80;
    await until('both devices in the table', settled, 20000);
    const table = tables[tables.length - 1];
    assert.deepEqual(
      table.map((r) => r.device),
      ['hrm-1', 'thermo-1'],
    );
    const thermo = table[1];
    assert.equal(thermo.temperature, undefined, 'no number for a NaN');
    assert.equal(thermo.absent, 'temperature: not-a-number');
    assert.equal(table[0].absent, undefined);
    assert.equal(counts[counts.length - 1], counts.length, 'a Bundle for the absent value too, counted');
  });
});
