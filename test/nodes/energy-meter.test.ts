import assert from 'node:assert/strict';
// The helper ships no type declarations.
const helper = require('node-red-node-test-helper');

helper.init(require.resolve('node-red'));
const meterNode = require('../../nodes/energy-meter/energy-meter.js');

type Msg = Record<string, any>;
const V1 =
  '{"Time":"2024-05-01T12:00:00","ENERGY":{"TotalStartTime":"2023-01-10T08:00:00","Total":123.456,"Yesterday":1.234,"Today":0.567,"Period":5,"Power":60,"ApparentPower":65,"ReactivePower":25,"Factor":0.92,"Voltage":230,"Current":0.283}}';
const V2 =
  '{"Time":"2024-05-01T12:00:00","ENERGY":{"TotalStartTime":"2023-06-01T00:00:00","Total":7.5,"Yesterday":0.8,"Today":0.3,"Period":[2,1],"Power":[95,40],"ApparentPower":[100,48],"ReactivePower":[31,27],"Factor":[0.95,0.83],"Voltage":229,"Current":[0.437,0.210]}}';
const V4 =
  '{"id":0,"source":"init","output":true,"apower":120.5,"voltage":229.8,"current":0.532,"freq":50.0,"aenergy":{"total":5432.105,"by_minute":[2008.333,2010.0,1995.5],"minute_ts":1714564800},"temperature":{"tC":41.2,"tF":106.2}}';

function flow(extra: Record<string, unknown> = {}): any[] {
  return [
    {
      id: 'm1',
      type: 'he-energy-meter',
      name: 'plugs',
      format: 'auto',
      price: '',
      priceType: 'num',
      currency: '',
      intensity: '475',
      intensityType: 'num',
      maxGap: 900,
      maxDevices: 100,
      wires: [['out']],
      ...extra,
    },
    { id: 'out', type: 'helper' },
    { id: 'c1', type: 'catch', scope: ['m1'], uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper' },
  ];
}

/** Sends messages one by one and collects what comes out, in order. */
function collect(outNode: any, count: number): Promise<Msg[]> {
  return new Promise((resolve) => {
    const got: Msg[] = [];
    outNode.on('input', (msg: Msg) => {
      got.push(msg);
      if (got.length === count) resolve(got);
    });
  });
}

/** The running sums in the node's context, once `ready` holds for them (they are written within a second). */
async function savedSums(node: any, ready: (devices: any) => boolean): Promise<any> {
  const until = Date.now() + 3000;
  for (;;) {
    const devices = node.context().get('devices');
    if (devices !== undefined && ready(devices)) return devices;
    if (Date.now() > until) assert.fail(`running sums not saved: ${JSON.stringify(devices)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('energy-meter node', function () {
  afterEach(async () => {
    await helper.unload();
  });

  it('loads with its name', async () => {
    await helper.load(meterNode, flow());
    assert.equal(helper.getNode('m1').name, 'plugs');
  });

  it('parses Tasmota single and multi-channel SENSOR messages (spec vectors 1, 2)', async () => {
    await helper.load(meterNode, flow());
    const m1 = helper.getNode('m1');
    const got = collect(helper.getNode('out'), 2);
    m1.receive({ topic: 'tele/kitchen-plug/SENSOR', payload: V1 });
    m1.receive({ topic: 'tele/relay2ch/SENSOR', payload: JSON.parse(V2) });
    const [a, b] = await got;
    assert.equal(a.topic, 'tele/kitchen-plug/SENSOR', 'topic passed through');
    assert.equal(a.payload.deviceId, 'kitchen-plug');
    assert.equal(a.payload.source, 'tasmota');
    assert.equal(a.payload.power, 60);
    assert.equal(a.payload.energyTotal, 123.456);
    assert.equal(a.payload.energyToday, 0.567);
    assert.equal(a.payload.energyYesterday, 1.234);
    assert.equal(a.payload.voltage, 230);
    assert.equal(a.payload.current, 0.283);
    assert.equal(a.payload.powerFactor, 0.92);
    assert.ok(!Number.isNaN(Date.parse(a.payload.timestamp)));
    assert.deepEqual(a.payload.consumption, {
      kWh: 0,
      totalKWh: 0,
      since: a.payload.consumption.since,
      method: 'counter',
    });
    assert.equal(a.payload.cost, undefined, 'no price, no cost');
    assert.deepEqual(a.payload.co2, { grams: 0, totalGrams: 0, intensity: 475 });
    assert.deepEqual(b.payload.channels, [95, 40]);
    assert.equal(b.payload.power, 135);
    assert.equal(b.payload.energyTotal, 7.5);
    assert.equal(b.payload.period, 3);
  });

  it('counts 10.0, 10.5, 0.2, 0.7 kWh as 1.2 kWh, 0.36 at 0.30/kWh, 279.6 g at 233 g/kWh (price from msg)', async () => {
    await helper.load(meterNode, flow({ price: 'tariff', priceType: 'msg', currency: 'EUR', intensity: '233' }));
    const m1 = helper.getNode('m1');
    const got = collect(helper.getNode('out'), 4);
    for (const total of [10.0, 10.5, 0.2, 0.7]) {
      m1.receive({
        topic: 'tele/boiler/SENSOR',
        tariff: 0.3,
        payload: { ENERGY: { TotalStartTime: '2023-01-01T00:00:00', Total: total, Power: 2000 } },
      });
    }
    const outs = await got;
    assert.deepEqual(
      outs.map((o) => o.payload.consumption.kWh),
      [0, 0.5, 0.2, 0.5],
    );
    assert.deepEqual(
      outs.map((o) => o.payload.consumption.reset === true),
      [false, false, true, false],
    );
    const last = outs[3].payload;
    assert.equal(last.consumption.totalKWh, 1.2);
    assert.deepEqual(last.cost, { amount: 0.15, total: 0.36, currency: 'EUR', perKWh: 0.3 });
    assert.equal(last.co2.totalGrams, 279.6);
    assert.equal(last.co2.intensity, 233);
    const saved = await savedSums(m1, (d) => d.boiler?.lastKWh === 0.7);
    assert.ok(Math.abs(saved.boiler.totalKWh - 1.2) < 1e-9, 'running sum kept in node context');
    assert.equal(saved.boiler.lastKWh, 0.7);
  });

  it('keeps the running sums across a redeploy (a context store that outlives the node)', async () => {
    // A memory store named in the settings, as in settings.js: the helper's fallback store loses
    // node context on a redeploy.
    helper.settings({ contextStorage: { default: { module: 'memory' } } });
    try {
      const f = flow().map((n) => ({ ...n, z: 't1' }));
      const tab = { id: 't1', type: 'tab', label: 'plugs' };
      // The helper never opens context stores; open them as the runtime does at start-up.
      const openStores = () => helper._context.load();
      await helper.load([meterNode, openStores], [tab, ...f]);
      const reading = (total: number) => ({
        topic: 'tele/boiler/SENSOR',
        payload: { ENERGY: { TotalStartTime: '2023-01-01T00:00:00', Total: total, Power: 1 } },
      });
      const before = collect(helper.getNode('out'), 2);
      helper.getNode('m1').receive(reading(10));
      helper.getNode('m1').receive(reading(10.5));
      const [first] = await before;
      // No wait for the periodic write: a redeploy writes the sums as it stops the node.
      await helper.setFlows([tab, ...f], 'full');
      const after = collect(helper.getNode('out'), 1);
      helper.getNode('m1').receive(reading(11));
      const [o] = await after;
      assert.equal(o.payload.consumption.kWh, 0.5);
      assert.equal(o.payload.consumption.totalKWh, 1);
      assert.equal(o.payload.consumption.since, first.payload.consumption.since);
    } finally {
      helper.settings({});
    }
  });

  it('merges Shelly Gen1 power and energy messages, and parses Shelly Gen2 status (vectors 3, 4)', async () => {
    await helper.load(meterNode, flow());
    const m1 = helper.getNode('m1');
    const got = collect(helper.getNode('out'), 3);
    m1.receive({ topic: 'shellies/shellyplug-s-C18B12/relay/0/power', payload: '42.5' });
    m1.receive({ topic: 'shellies/shellyplug-s-C18B12/relay/0/energy', payload: 75000 });
    m1.receive({ topic: 'shellyplus1pm-aabbccddeeff/status/switch:0', payload: V4 });
    const [p, e, g2] = await got;
    assert.equal(p.payload.power, 42.5);
    assert.equal(p.payload.energyTotal, undefined);
    assert.equal(e.payload.deviceId, 'shellyplug-s-C18B12');
    assert.equal(e.payload.channel, 0);
    assert.equal(e.payload.power, 42.5, 'the last power is carried with the energy message');
    assert.equal(e.payload.energyTotal, 1.25);
    assert.equal(g2.payload.source, 'shelly-gen2');
    assert.equal(g2.payload.output, true);
    assert.equal(g2.payload.power, 120.5);
    assert.equal(g2.payload.energyTotal, 5.432105);
  });

  it('reports bad payloads to a Catch node with a red count, sends nothing, and keeps working', async () => {
    await helper.load(meterNode, flow());
    const m1 = helper.getNode('m1');
    const out: Msg[] = [];
    helper.getNode('out').on('input', (msg: Msg) => out.push(msg));
    const statuses: any[] = [];
    m1.on('call:status', (call: any) => statuses.push(call.args[0]));
    const caught = collect(helper.getNode('caught'), 4);
    m1.receive({ topic: 'tele/a/SENSOR', payload: '{not json', _id: 1 });
    m1.receive({ topic: 'tele/a/SENSOR', payload: { ENERGY: { Power: -5, Total: 1 } }, _id: 2 });
    m1.receive({ topic: 'shellies/x/relay/0/power', payload: 'NaN', _id: 3 });
    m1.receive({ topic: 'meters/x', payload: { volts: 3 }, _id: 4 });
    const errs = await caught;
    assert.deepEqual(
      errs.map((m) => m._id),
      [1, 2, 3, 4],
      'the original message reaches Catch',
    );
    assert.match(errs[0].error.message, /not a JSON object/);
    assert.match(errs[1].error.message, /Power is negative/);
    assert.match(errs[2].error.message, /power is not a number/);
    assert.match(errs[3].error.message, /unknown meter format/);
    const good = collect(helper.getNode('out'), 1);
    m1.receive({ topic: 'tele/kitchen-plug/SENSOR', payload: V1 });
    await good;
    assert.equal(out.length, 1, 'only the good message came out');
    assert.ok(
      statuses.some((s) => s.fill === 'red' && /4/.test(s.text)),
      JSON.stringify(statuses),
    );
    // The status shows at most every 250 ms, and ends on the latest state.
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(statuses[statuses.length - 1].fill, 'yellow', 'a good message after errors keeps the count visible');
  });

  it('rejects a negative price from the message and clears totals on msg.reset', async () => {
    await helper.load(meterNode, flow({ price: 'tariff', priceType: 'msg' }));
    const m1 = helper.getNode('m1');
    const caught = collect(helper.getNode('caught'), 1);
    m1.receive({ topic: 'tele/a/SENSOR', tariff: -1, payload: V1 });
    assert.match((await caught)[0].error.message, /Price per kWh.*\(-1\)|errors\.price \(-1\)/);
    const got = collect(helper.getNode('out'), 2);
    m1.receive({ topic: 'tele/a/SENSOR', tariff: 0.2, payload: { ENERGY: { Total: 1, Power: 1 } } });
    m1.receive({ reset: true });
    m1.receive({ topic: 'tele/a/SENSOR', tariff: 0.2, payload: { ENERGY: { Total: 2, Power: 1 } } });
    const [, after] = await got;
    assert.equal(after.payload.consumption.kWh, 0, 'after a reset the next reading is a new baseline');
    await savedSums(m1, (d) => d.a?.lastKWh === 2);
  });

  it('keeps at most maxDevices in its state', async () => {
    await helper.load(meterNode, flow({ maxDevices: 2 }));
    const m1 = helper.getNode('m1');
    const got = collect(helper.getNode('out'), 3);
    for (const d of ['a', 'b', 'c'])
      m1.receive({ topic: `tele/${d}/SENSOR`, payload: { ENERGY: { Total: 1, Power: 1 } } });
    await got;
    const saved = await savedSums(m1, (d) => d.c !== undefined);
    assert.deepEqual(Object.keys(saved), ['b', 'c']);
  });
});
