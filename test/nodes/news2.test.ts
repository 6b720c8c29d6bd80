// The news2 node in a Node-RED runtime: output shape, status, Catch, scale, combining.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const helper = require('node-red-node-test-helper');
const news2Node = require('../../nodes/news2/news2.js');

helper.init(require.resolve('node-red'));

// The helper's RED._ returns the bare key; translate with our English catalogue instead,
// so the tests assert the text a user sees.
const catalogue = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../nodes/news2/locales/en-US/news2.json'), 'utf8'),
) as Record<string, unknown>;
function translate(key: string, subs: Record<string, unknown> = {}): string {
  let v: unknown = catalogue;
  for (const part of key.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  if (typeof v !== 'string') throw new Error(`missing message ${key}`);
  return v.replace(/__(\w+)__/g, (_m, name: string) => String(subs[name]));
}
const withMessages = (red: { _: unknown }) => {
  red._ = translate;
  return news2Node(red);
};

interface Msg {
  payload: Record<string, unknown> & { news2?: Record<string, unknown> };
  error?: { message: string; source?: { id: string } };
  [k: string]: unknown;
}

const VECTOR_8 = {
  deviceId: 'watch-1',
  patientId: 'p1',
  timestamp: '2024-03-15T08:30:00.000Z',
  respiratoryRate: 23,
  spo2: 94,
  onOxygen: true,
  systolic: 108,
  heartRate: 104,
  consciousness: 'A',
  temperature: 38.4,
};

function flow(config: Record<string, unknown> = {}) {
  return [
    {
      id: 'n1',
      type: 'he-news2',
      name: '',
      scale: '1',
      combineWindow: 300,
      maxPatients: 1000,
      wires: [['out']],
      ...config,
    },
    { id: 'out', type: 'helper' },
    { id: 'c1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper' },
  ];
}

/** Collect messages a helper node receives. */
function collect(id: string): Msg[] {
  const got: Msg[] = [];
  helper.getNode(id).on('input', (m: Msg) => got.push(m));
  return got;
}
function statuses(id: string): Array<{ fill?: string; shape?: string; text?: string }> {
  const seen: Array<{ fill?: string; shape?: string; text?: string }> = [];
  helper
    .getNode(id)
    .on('call:status', (call: { args: [{ fill?: string; shape?: string; text?: string }] }) => seen.push(call.args[0]));
  return seen;
}
const settle = (ms = 50) => new Promise((r) => setTimeout(r, ms));
/** Longer than the status interval (nodes/lib/status-gate.ts, 250 ms). */
const STATUS_WAIT = 300;

describe('news2 node', () => {
  beforeEach((done) => {
    helper.startServer(done);
  });
  afterEach(async () => {
    await helper.unload();
    await new Promise<void>((r) => helper.stopServer(r));
  });

  it('adds news2 to the reading it receives (in place) and keeps the rest of the reading', async () => {
    await helper.load(withMessages, flow());
    const out = collect('out');
    const sent: Record<string, unknown> = { ...VECTOR_8 };
    helper.getNode('n1').receive({ payload: sent, topic: 'vitals/p1' });
    await settle();
    assert.equal(out.length, 1);
    // Set on the reading it received, as a change node would (no copy per message).
    assert.equal(out[0].payload, sent);
    const { news2, ...reading } = out[0].payload;
    assert.deepEqual(reading, VECTOR_8);
    assert.equal(out[0].topic, 'vitals/p1');
    assert.deepEqual(news2, {
      total: 8,
      band: 'high',
      scores: { respiratoryRate: 2, spo2: 1, oxygen: 2, systolic: 1, heartRate: 1, consciousness: 0, temperature: 1 },
      complete: true,
      missing: [],
      scale: 1,
      carried: {},
    });
  });

  it('shows the score and band in the status, marking partial scores', async () => {
    await helper.load(withMessages, flow({ combineWindow: 0 }));
    const seen = statuses('n1');
    const n1 = helper.getNode('n1');
    // The status shows at most every 250 ms (the latest one last): wait that long between.
    n1.receive({ payload: { ...VECTOR_8 } });
    await settle(STATUS_WAIT);
    assert.deepEqual(seen.at(-1), { fill: 'red', shape: 'dot', text: 'NEWS2 8 high' });
    n1.receive({ payload: { deviceId: 'w', heartRate: 135 } });
    await settle(STATUS_WAIT);
    assert.deepEqual(seen.at(-1), { fill: 'yellow', shape: 'dot', text: 'NEWS2 ≥3 low-medium (partial)' });
    n1.receive({
      payload: {
        deviceId: 'w',
        respiratoryRate: 16,
        spo2: 97,
        onOxygen: true,
        systolic: 130,
        heartRate: 85,
        consciousness: 'A',
        temperature: 37,
        spo2Scale: 2,
      },
    });
    await settle(STATUS_WAIT);
    assert.deepEqual(seen.at(-1), { fill: 'red', shape: 'ring', text: 'NEWS2 5 medium' });
    n1.receive({
      payload: {
        deviceId: 'w',
        respiratoryRate: 18,
        spo2: 96,
        onOxygen: false,
        systolic: 120,
        heartRate: 80,
        consciousness: 'A',
        temperature: 37,
      },
    });
    await settle(STATUS_WAIT);
    assert.deepEqual(seen.at(-1), { fill: 'green', shape: 'dot', text: 'NEWS2 0 low' });
  });

  it('a burst of messages shows one status at once and ends on the latest score', async () => {
    await helper.load(withMessages, flow({ combineWindow: 0 }));
    const seen = statuses('n1');
    const n1 = helper.getNode('n1');
    n1.receive({ payload: { ...VECTOR_8 } });
    n1.receive({ payload: { deviceId: 'w', heartRate: 135 } });
    n1.receive({
      payload: {
        deviceId: 'w',
        respiratoryRate: 18,
        spo2: 96,
        onOxygen: false,
        systolic: 120,
        heartRate: 80,
        consciousness: 'A',
        temperature: 37,
      },
    });
    await settle();
    assert.deepEqual(seen, [{ fill: 'red', shape: 'dot', text: 'NEWS2 8 high' }]);
    await settle(STATUS_WAIT);
    assert.deepEqual(seen, [
      { fill: 'red', shape: 'dot', text: 'NEWS2 8 high' },
      { fill: 'green', shape: 'dot', text: 'NEWS2 0 low' },
    ]);
  });

  it('a rejected message turns the status red at once, even within the status interval', async () => {
    await helper.load(withMessages, flow({ combineWindow: 0 }));
    const seen = statuses('n1');
    const n1 = helper.getNode('n1');
    n1.receive({ payload: { ...VECTOR_8 } });
    n1.receive({ payload: { deviceId: 'w', heartRate: 135 } });
    n1.receive({ payload: 'not a reading' });
    await settle();
    assert.deepEqual(seen.at(-1), { fill: 'red', shape: 'dot', text: 'rejected: 1' });
    await settle(STATUS_WAIT);
    // The score held back before the rejection is not shown over it.
    assert.deepEqual(seen.at(-1), { fill: 'red', shape: 'dot', text: 'rejected: 1' });
  });

  it('a missing parameter is null in scores and named in missing', async () => {
    await helper.load(withMessages, flow({ combineWindow: 0 }));
    const out = collect('out');
    const { systolic: _s, onOxygen: _o, ...partial } = VECTOR_8;
    helper.getNode('n1').receive({ payload: partial });
    await settle();
    const news2 = out[0].payload.news2 as {
      total: number;
      band: string;
      complete: boolean;
      missing: string[];
      scores: Record<string, unknown>;
    };
    assert.equal(news2.complete, false);
    assert.deepEqual(news2.missing, ['oxygen', 'systolic']);
    assert.equal(news2.scores.systolic, null);
    assert.equal(news2.scores.oxygen, null);
    assert.equal(news2.total, 5);
    assert.equal(news2.band, 'medium');
  });

  it('msg.payload.spo2Scale overrides the node scale for that message only', async () => {
    await helper.load(withMessages, flow({ scale: '2', combineWindow: 0 }));
    const out = collect('out');
    const n1 = helper.getNode('n1');
    const over = {
      deviceId: 'd',
      respiratoryRate: 16,
      spo2: 97,
      onOxygen: true,
      systolic: 130,
      heartRate: 85,
      consciousness: 'A',
      temperature: 37,
    };
    n1.receive({ payload: { ...over } });
    n1.receive({ payload: { ...over, spo2Scale: 1 } });
    await settle();
    assert.equal(out.length, 2);
    assert.deepEqual([out[0].payload.news2?.scale, out[0].payload.news2?.total], [2, 5]);
    assert.deepEqual([out[1].payload.news2?.scale, out[1].payload.news2?.total], [1, 2]);
  });

  it('a bad spo2Scale goes to a Catch node, not to the output, and turns the status red', async () => {
    await helper.load(withMessages, flow());
    const out = collect('out');
    const caught = collect('caught');
    const seen = statuses('n1');
    const n1 = helper.getNode('n1');
    n1.receive({ payload: { ...VECTOR_8, spo2Scale: 3 }, _msgid: 'bad1' });
    n1.receive({ payload: { ...VECTOR_8, spo2Scale: 'x' }, _msgid: 'bad2' });
    await settle();
    assert.equal(out.length, 0);
    assert.equal(caught.length, 2);
    assert.match(caught[0].error!.message, /spo2Scale must be 1 or 2, got 3/);
    assert.match(caught[1].error!.message, /spo2Scale must be 1 or 2, got "x"/);
    assert.equal(caught[0].error!.source!.id, 'n1');
    assert.equal((caught[0].payload as { heartRate: number }).heartRate, 104, 'the Catch node gets the message');
    assert.deepEqual(seen.at(-1), { fill: 'red', shape: 'dot', text: 'rejected: 2' });
  });

  it('input that is not a reading, or a garbled vital, is reported and not passed on', async () => {
    await helper.load(withMessages, flow());
    const out = collect('out');
    const caught = collect('caught');
    const n1 = helper.getNode('n1');
    n1.receive({ payload: 'HR 80' });
    n1.receive({ payload: [1, 2] });
    n1.receive({ payload: { deviceId: 'd', heartRate: '80' } });
    n1.receive({ payload: { deviceId: 'd', consciousness: 'confused' } });
    n1.receive({ payload: { deviceId: 'd', glucose: 5.5 } });
    await settle();
    assert.equal(out.length, 0);
    assert.deepEqual(
      caught.map((m) => m.error!.message),
      [
        translate('news2.error.notReading'),
        translate('news2.error.notReading'),
        'msg.payload.heartRate must be a finite number, got "80"',
        'msg.payload.consciousness must be one of A, C, V, P, U (ACVPU), got "confused"',
        translate('news2.error.noVitals'),
      ],
    );
  });

  it('combines vitals from separate messages of the same patient, not across patients', async () => {
    await helper.load(withMessages, flow({ combineWindow: 300 }));
    const out = collect('out');
    const n1 = helper.getNode('n1');
    const now = Date.now();
    const t0 = new Date(now - 30_000).toISOString();
    const t1 = new Date(now).toISOString();
    // The cuff (BP) then the watch (everything else) for p1; then another patient.
    n1.receive({ payload: { deviceId: 'cuff-7', patientId: 'p1', timestamp: t0, systolic: 108 } });
    n1.receive({
      payload: {
        deviceId: 'watch-1',
        patientId: 'p1',
        timestamp: t1,
        respiratoryRate: 23,
        spo2: 94,
        onOxygen: true,
        heartRate: 104,
        consciousness: 'A',
        temperature: 38.4,
      },
    });
    n1.receive({
      payload: {
        deviceId: 'watch-2',
        patientId: 'p2',
        timestamp: t1,
        respiratoryRate: 18,
        spo2: 96,
        onOxygen: false,
        heartRate: 80,
        consciousness: 'A',
        temperature: 37,
      },
    });
    await settle();
    assert.equal(out.length, 3);
    const first = out[0].payload.news2 as { complete: boolean; total: number };
    assert.equal(first.complete, false);
    assert.equal(first.total, 1);

    const combined = out[1].payload.news2 as {
      complete: boolean;
      total: number;
      band: string;
      carried: Record<string, { value: number; timestamp: string; ageSeconds: number }>;
    };
    assert.equal(combined.complete, true);
    assert.equal(combined.total, 8);
    assert.equal(combined.band, 'high');
    assert.deepEqual(Object.keys(combined.carried), ['systolic']);
    assert.equal(combined.carried.systolic.value, 108);
    assert.equal(combined.carried.systolic.timestamp, t0);
    assert.ok(combined.carried.systolic.ageSeconds >= 0 && combined.carried.systolic.ageSeconds < 5);
    assert.equal(out[1].payload.systolic, undefined, 'the carried value is not written into the reading itself');

    const other = out[2].payload.news2 as { complete: boolean; missing: string[]; carried: object };
    assert.equal(other.complete, false);
    assert.deepEqual(other.missing, ['systolic']);
    assert.deepEqual(other.carried, {});
  });

  it('with combineWindow 0 every message is scored alone', async () => {
    await helper.load(withMessages, flow({ combineWindow: 0 }));
    const out = collect('out');
    const n1 = helper.getNode('n1');
    n1.receive({ payload: { deviceId: 'cuff', patientId: 'p1', systolic: 108 } });
    n1.receive({ payload: { deviceId: 'watch', patientId: 'p1', heartRate: 104 } });
    await settle();
    const second = out[1].payload.news2 as { missing: string[]; carried: object };
    assert.ok(second.missing.includes('systolic'));
    assert.deepEqual(second.carried, {});
  });
});
