// vitals-parse in a Node-RED runtime with Bluetooth LE input and FHIR output: every
// characteristic as Buffer, hex and base64, named by the setting, msg.characteristic or the
// topic; truncated packets at output 2 and at a Catch node; absent values; FHIR per node and
// per message with stable ids.
import assert from 'node:assert/strict';
import { dateTime, float, le16, sfloat } from '../unit/vitals-parse/ble-encoder.test';
// The helper ships no types; the surface used here is small.
const helper = require('node-red-node-test-helper');
const vitalsNode = require('../../nodes/vitals-parse/vitals-parse.js');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;
interface TestNode {
  receive(msg: Msg): void;
  on(event: string, fn: (arg: any) => void): void;
}

async function load(config: Record<string, unknown> = {}) {
  await helper.load(
    [vitalsNode, catchNode],
    [
      { id: 'f1', type: 'tab' },
      { id: 'v', z: 'f1', type: 'he-vitals-parse', name: '', topicSegment: 1, wires: [['ok'], ['rej']], ...config },
      { id: 'ok', z: 'f1', type: 'helper' },
      { id: 'rej', z: 'f1', type: 'helper' },
      { id: 'c', z: 'f1', type: 'catch', scope: ['v'], uncaught: false, wires: [['caught']] },
      { id: 'caught', z: 'f1', type: 'helper' },
    ],
  );
  const get = (id: string): TestNode => helper.getNode(id);
  return { v: get('v'), ok: get('ok'), rej: get('rej'), caught: get('caught') };
}

/** Sends each message and waits for one answer on either output, in order. */
async function exchange(
  nodes: { v: TestNode; ok: TestNode; rej: TestNode },
  msgs: Msg[],
): Promise<{ out: 'ok' | 'rej'; msg: Msg }[]> {
  const got: { out: 'ok' | 'rej'; msg: Msg }[] = [];
  nodes.ok.on('input', (msg: Msg) => got.push({ out: 'ok', msg }));
  nodes.rej.on('input', (msg: Msg) => got.push({ out: 'rej', msg }));
  for (const m of msgs) nodes.v.receive(m);
  const end = Date.now() + 3000;
  while (got.length < msgs.length && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  assert.equal(got.length, msgs.length, 'one answer per message');
  return got;
}

/** One packet per characteristic, and the reading fields it must give. */
const PACKETS: { ch: string; bytes: number[]; want: Record<string, unknown> }[] = [
  {
    ch: '2a37',
    bytes: [0x17, ...le16(72), ...le16(845), ...le16(832)],
    want: { heartRate: 72, rrIntervals: [825.1953125, 812.5], sensorContact: 'detected' },
  },
  {
    ch: '2a1c',
    bytes: [0x07, ...float(98.6, -1), ...dateTime(2024, 3, 15, 8, 30, 0), 3],
    want: { temperature: 37, temperatureSite: 'ear', timestamp: '2024-03-15T08:30:00.000Z' },
  },
  {
    ch: '2a35',
    bytes: [0x1d, ...sfloat(16, -1), ...sfloat(10.7, -1), ...sfloat(12.5, -1), ...sfloat(72), 4, ...le16(0x0004)],
    want: { systolic: 120, diastolic: 80.3, meanArterial: 93.8, heartRate: 72, userId: 4, status: ['irregular-pulse'] },
  },
  {
    ch: '2a5e',
    bytes: [0x09, ...sfloat(97), ...sfloat(64), ...dateTime(2025, 1, 31, 23, 59, 58), ...sfloat(3.5, -1)],
    want: { spo2: 97, heartRate: 64, pulseAmplitudeIndex: 3.5, timestamp: '2025-01-31T23:59:58.000Z' },
  },
  {
    ch: '2a5f',
    bytes: [0x02, ...sfloat(96), ...sfloat(70), ...sfloat(95), ...sfloat(71)],
    want: { spo2: 96, heartRate: 70, spo2Slow: 95, heartRateSlow: 71 },
  },
  {
    ch: '2a9d',
    bytes: [0x08, ...le16(14000), ...le16(229), ...le16(1750)],
    want: { weight: 70, bmi: 22.9, height: 1.75 },
  },
];

const ENCODE: Record<string, (b: number[]) => unknown> = {
  Buffer: (b) => Buffer.from(b),
  hex: (b) => Buffer.from(b).toString('hex').toUpperCase(),
  base64: (b) => Buffer.from(b).toString('base64'),
};

function pick(reading: Msg, want: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(want).map((k) => [k, reading[k]]));
}

describe('vitals-parse node: Bluetooth LE input', function () {
  afterEach(async () => {
    await helper.unload();
  });

  for (const [how, encode] of Object.entries(ENCODE)) {
    it(`decodes every characteristic as ${how}, named by the topic or msg.characteristic`, async () => {
      const nodes = await load();
      const msgs = PACKETS.flatMap((p) => [
        { topic: `ble/dev-${p.ch}/${p.ch}`, payload: encode(p.bytes) },
        { topic: `gw/dev-${p.ch}/raw`, characteristic: `0x${p.ch.toUpperCase()}`, payload: encode(p.bytes) },
        {
          topic: `gw/dev-${p.ch}`,
          characteristic: `0000${p.ch}-0000-1000-8000-00805f9b34fb`,
          payload: encode(p.bytes),
        },
      ]);
      const got = await exchange(nodes, msgs);
      got.forEach(({ out, msg }, i) => {
        const p = PACKETS[Math.floor(i / 3)];
        assert.equal(out, 'ok', `${p.ch} #${i}: ${JSON.stringify(msg.error)}`);
        assert.deepEqual(pick(msg.payload, p.want), p.want, `${p.ch} #${i}`);
        assert.equal(msg.payload.deviceId, `dev-${p.ch}`);
      });
    });

    it(`decodes every characteristic as ${how} with the characteristic fixed in the node`, async () => {
      for (const p of PACKETS) {
        const nodes = await load({ characteristic: p.ch });
        // The node's setting wins over a different msg.characteristic and topic.
        const [{ out, msg }] = await exchange(nodes, [
          { topic: 'ward/bed-2/2a37', characteristic: '2a1c', payload: encode(p.bytes) },
        ]);
        assert.equal(out, 'ok', `${p.ch}: ${JSON.stringify(msg.error)}`);
        assert.deepEqual(pick(msg.payload, p.want), p.want, p.ch);
        assert.equal(msg.payload.deviceId, 'bed-2');
        await helper.unload();
      }
    });
  }

  it('reads the worked vectors of health.md §6 and keeps the other msg properties', async () => {
    const nodes = await load();
    const got = await exchange(nodes, [
      { topic: 'ble/hrm/2a37', payload: '17 48 00 4D 03 40 03', gateway: 'gw-1' },
      { topic: 'ble/hrm/2a37', payload: '18 5A 2C 01 00 04' },
      { topic: 'ble/thermo/2a1c', payload: '03 DA 03 00 FF E8 07 03 0F 08 1E 00' },
      { topic: 'ble/cuff/2a35', payload: '05 A0 F0 6B F0 7D F0 48 00', patientId: 'p-9' },
    ]);
    assert.deepEqual(
      got.map((g) => g.out),
      ['ok', 'ok', 'ok', 'ok'],
    );
    const [hr, hr2, temp, bp] = got.map((g) => g.msg);
    assert.deepEqual(pick(hr.payload, { heartRate: 0, rrIntervals: 0, sensorContact: 0 }), {
      heartRate: 72,
      rrIntervals: [825.1953125, 812.5],
      sensorContact: 'detected',
    });
    assert.equal(hr.gateway, 'gw-1');
    assert.equal(hr.topic, 'ble/hrm/2a37');
    assert.ok(Math.abs(Date.parse(hr.payload.timestamp) - Date.now()) < 5000, 'no packet time: receive time');
    assert.deepEqual(pick(hr2.payload, { heartRate: 0, energyExpended: 0, rrIntervals: 0 }), {
      heartRate: 90,
      energyExpended: 300,
      rrIntervals: [1000],
    });
    assert.deepEqual(pick(temp.payload, { temperature: 0, timestamp: 0 }), {
      temperature: 37,
      timestamp: '2024-03-15T08:30:00.000Z',
    });
    assert.deepEqual(
      pick(bp.payload, { deviceId: 0, patientId: 0, systolic: 0, diastolic: 0, meanArterial: 0, heartRate: 0 }),
      {
        deviceId: 'cuff',
        patientId: 'p-9',
        systolic: 120,
        diastolic: 80.3,
        meanArterial: 93.8,
        heartRate: 72,
      },
    );
  });

  it('rejects a truncated packet with field, offset and characteristic, once at a Catch node', async () => {
    const nodes = await load();
    const caught: Msg[] = [];
    nodes.caught.on('input', (m: Msg) => caught.push(m));
    const [{ out, msg }] = await exchange(nodes, [{ topic: 'ble/cuff/2a35', payload: '05 A0 F0 6B F0 7D F0' }]);
    assert.equal(out, 'rej');
    const message = 'The 0x2A35 packet is too short: it has 7 bytes, but Pulse Rate (SFLOAT) at offset 7 needs 2 more.';
    assert.deepEqual(msg.error, {
      field: 'heartRate',
      reason: 'too-short',
      message,
      offset: 7,
      characteristic: '0x2A35',
    });
    assert.equal(msg.payload, '05 A0 F0 6B F0 7D F0', 'the original payload is kept');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(caught.length, 1);
    assert.equal(caught[0].error.message, message);
    assert.equal(caught[0].error.source.id, 'v');
  });

  it('lists special values in absent and sends the reading on', async () => {
    const nodes = await load();
    const got = await exchange(nodes, [
      { topic: 'ble/ox/2a5e', payload: Buffer.from([0x00, ...sfloat('nan'), ...sfloat(72)]) },
      { topic: 'ble/cuff/2a35', payload: Buffer.from([0x00, ...sfloat(120), ...sfloat(80), ...sfloat('nres')]) },
      { topic: 'ble/thermo/2a1c', payload: Buffer.from([0x00, ...float('-inf')]) },
    ]);
    assert.deepEqual(
      got.map((g) => g.out),
      ['ok', 'ok', 'ok'],
    );
    const [ox, cuff, thermo] = got.map((g) => g.msg.payload);
    assert.deepEqual([ox.spo2, ox.heartRate, ox.absent], [undefined, 72, [{ field: 'spo2', reason: 'not-a-number' }]]);
    assert.deepEqual(
      [cuff.systolic, cuff.meanArterial, cuff.absent],
      [120, undefined, [{ field: 'meanArterial', reason: 'nres' }]],
    );
    assert.deepEqual(
      [thermo.temperature, thermo.absent],
      [undefined, [{ field: 'temperature', reason: 'negative-infinity' }]],
    );
    assert.ok(!('dropped' in ox) && !('dropped' in thermo));
  });

  it('refuses what the oximeter calls invalid, and an unknown msg.characteristic, with status counts', async () => {
    const nodes = await load();
    const status: any[] = [];
    nodes.v.on('call:status', (c: { args: any[] }) => status.push(c.args[0]));
    const got = await exchange(nodes, [
      { topic: 'ble/ox/2a5e', payload: Buffer.from([0x02, ...sfloat(95), ...sfloat(70), ...le16(1 << 15)]) },
      { topic: 'ble/x', characteristic: '2a19', payload: '64' },
      { topic: 'ble/ox/2a5e', payload: Buffer.from([0x02, ...sfloat(95), ...sfloat(70), ...le16(1 << 14)]) },
    ]);
    assert.deepEqual(
      got.map((g) => `${g.out} ${g.msg.error?.reason ?? ''}`.trim()),
      ['rej device-status', 'rej unknown-characteristic', 'ok'],
    );
    assert.equal(got[2].msg.payload.flagged, true);
    // Rejections show at once; the ok just after them is held up to 250 ms, then shown.
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(status.at(-1), { fill: 'red', shape: 'ring', text: '1 ok, 2 rejected' });
  });

  it('warns, without an error, when decoded vitals fall outside the limits', async () => {
    const nodes = await load({ limits: { heartRate: [40, 180] } });
    const warns: any[] = [];
    const errors: any[] = [];
    nodes.v.on('call:warn', (c: { args: any[] }) => warns.push(c.args[0]));
    nodes.v.on('call:error', (c: { args: any[] }) => errors.push(c.args[0]));
    const [{ out, msg }] = await exchange(nodes, [
      { topic: 'ble/ox/2a5e', payload: Buffer.from([0x00, ...sfloat(97), ...sfloat(190)]) },
    ]);
    assert.equal(out, 'ok');
    assert.deepEqual(msg.payload.dropped, [{ field: 'heartRate', value: 190, reason: 'out-of-range' }]);
    assert.equal(warns.length, 1);
    assert.match(String(warns[0]), /heartRate \(out-of-range\)\. See msg\.payload\.dropped/);
    assert.equal(errors.length, 0);
  });
});

describe('vitals-parse node: FHIR output', function () {
  afterEach(async () => {
    await helper.unload();
  });

  // A fresh message each time: the node sets msg.payload on the object it receives.
  const cuffHex = '07 A0 F0 6B F0 7D F0 E8 07 03 0F 08 1E 00 48 00';
  const cuff = (payload = cuffHex) => ({ topic: 'ble/cuff-7/2a35', patientId: 'p-1', payload });

  it('sends a Bundle in FHIR mode, with the flat reading in msg.reading', async () => {
    const nodes = await load({ output: 'fhir' });
    const [{ out, msg }] = await exchange(nodes, [cuff()]);
    assert.equal(out, 'ok');
    const bundle = msg.payload;
    assert.equal(bundle.resourceType, 'Bundle');
    assert.equal(bundle.type, 'collection');
    const codes = bundle.entry.map((e: Msg) => e.resource.code.coding[0].code).sort();
    assert.deepEqual(codes, ['85354-9', '8867-4']);
    const panel = bundle.entry.find((e: Msg) => e.resource.code.coding[0].code === '85354-9').resource;
    assert.deepEqual(
      panel.component.map((c: Msg) => [c.code.coding[0].code, c.valueQuantity.value, c.valueQuantity.code]),
      [
        ['8480-6', 120, 'mm[Hg]'],
        ['8462-4', 80.3, 'mm[Hg]'],
        ['8478-0', 93.8, 'mm[Hg]'],
      ],
    );
    assert.deepEqual(panel.subject, { reference: 'Patient/p-1' });
    assert.deepEqual(panel.device, { reference: 'Device/cuff-7' });
    assert.equal(panel.effectiveDateTime, '2024-03-15T08:30:00.000Z');
    assert.deepEqual(panel.meta, { profile: ['http://hl7.org/fhir/StructureDefinition/bp'] });
    assert.deepEqual(pick(msg.reading, { deviceId: 0, patientId: 0, systolic: 0 }), {
      deviceId: 'cuff-7',
      patientId: 'p-1',
      systolic: 120,
    });
  });

  it('gives the same ids when the same message is sent again', async () => {
    const nodes = await load({ output: 'fhir' });
    const got = await exchange(nodes, [cuff(), cuff(), cuff(cuffHex.replace('1E 00 48', '1F 00 48'))]);
    const ids = got.map((g) => [
      g.msg.payload.id,
      ...g.msg.payload.entry.map((e: Msg) => `${e.fullUrl} ${e.resource.id}`),
    ]);
    assert.deepEqual(ids[1], ids[0]);
    assert.notDeepEqual(ids[2], ids[0], 'another measurement time, other ids');
    for (const e of got[0].msg.payload.entry) assert.equal(e.fullUrl, `urn:uuid:${e.resource.id}`);
  });

  it('switches per message with msg.format, for JSON and text readings too', async () => {
    const nodes = await load();
    const got = await exchange(nodes, [
      {
        topic: 'health/p1/vitals',
        payload: '{"hr":72,"spo2":97,"patientId":"p1","ts":"2024-03-15T08:30:00Z"}',
        format: 'fhir',
      },
      { topic: 'health/p1/vitals', payload: 'hr=72' },
      { topic: 'ble/hrm/2a37', payload: '0048', format: 'fhir' },
    ]);
    const [json, plain, ble] = got.map((g) => g.msg);
    assert.equal(json.payload.resourceType, 'Bundle');
    assert.deepEqual(
      json.payload.entry.map((e: Msg) => e.resource.code.coding[0].code),
      ['8867-4', '2708-6'],
    );
    assert.equal(json.reading.heartRate, 72);
    assert.equal(plain.payload.heartRate, 72, 'no msg.format: the node setting (reading)');
    assert.equal(plain.reading, undefined);
    // No patient: no subject and no profile claimed, but the device is there.
    const obs = ble.payload.entry[0].resource;
    assert.deepEqual([obs.subject, obs.meta, obs.device], [undefined, undefined, { reference: 'Device/hrm' }]);
  });

  it('lets msg.format "reading" override a node in FHIR mode, and maps absent values to dataAbsentReason', async () => {
    const nodes = await load({ output: 'fhir' });
    const got = await exchange(nodes, [
      { topic: 'ble/ox/2a5e', payload: '0048004800', format: 'reading' },
      { topic: 'ble/ox/2a5e', payload: Buffer.from([0x00, ...sfloat('nan'), ...sfloat(72)]) },
    ]);
    assert.equal(got[0].msg.payload.spo2, 72);
    const spo2 = got[1].msg.payload.entry.find((e: Msg) => e.resource.code.coding[0].code === '2708-6').resource;
    assert.equal(spo2.valueQuantity, undefined);
    assert.equal(spo2.dataAbsentReason.coding[0].code, 'not-a-number');
  });
});

describe('vitals-parse: bytes a function node made', () => {
  afterEach(() => helper.unload());

  it('decodes a Uint8Array built in a function node (a vm context of its own) as Bluetooth bytes', async () => {
    const functionNode = require('@node-red/nodes/core/function/10-function.js');
    await helper.load(
      [vitalsNode, functionNode],
      [
        { id: 'f1', type: 'tab' },
        {
          id: 'fn',
          z: 'f1',
          type: 'function',
          func: 'msg.payload = new Uint8Array(msg.payload); return msg;',
          outputs: 1,
          wires: [['v']],
        },
        {
          id: 'v',
          z: 'f1',
          type: 'he-vitals-parse',
          name: '',
          topicSegment: 1,
          characteristic: '2a37',
          wires: [['ok'], ['rej']],
        },
        { id: 'ok', z: 'f1', type: 'helper' },
        { id: 'rej', z: 'f1', type: 'helper' },
      ],
    );
    const got: { out: string; msg: Msg }[] = [];
    helper.getNode('ok').on('input', (msg: Msg) => got.push({ out: 'ok', msg }));
    helper.getNode('rej').on('input', (msg: Msg) => got.push({ out: 'rej', msg }));
    helper.getNode('fn').receive({ topic: 'gw/hr-1', payload: [0x00, 72] });
    const end = Date.now() + 3000;
    while (got.length < 1 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    assert.equal(got[0]?.out, 'ok', JSON.stringify(got[0]?.msg.error ?? got[0]?.msg.payload));
    assert.equal(got[0].msg.payload.heartRate, 72);
    assert.equal(got[0].msg.payload.deviceId, 'hr-1');
  });
});
