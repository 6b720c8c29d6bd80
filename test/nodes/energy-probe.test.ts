import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
// The helper ships no type declarations.
const helper = require('node-red-node-test-helper');
import { discoverRapl } from '../../nodes/energy-probe/rapl';

helper.init(require.resolve('node-red'));
const probeNode = require('../../nodes/energy-probe/energy-probe.js');

type Msg = Record<string, any>;

function flow(extra: Record<string, unknown> = {}): any[] {
  return [
    {
      id: 'p1',
      type: 'he-energy-probe',
      name: 'host power',
      interval: 0,
      host: 'test-host',
      topic: '',
      method: 'auto',
      powercapRoot: '/sys/class/powercap',
      minWattsPerCore: 0.74,
      maxWattsPerCore: 3.5,
      memoryWattsPerGB: 0.392,
      pue: 1,
      maxGap: '',
      price: '0.3',
      priceType: 'num',
      currency: 'EUR',
      intensity: '475',
      intensityType: 'num',
      wires: [['out']],
      ...extra,
    },
    { id: 'out', type: 'helper' },
  ];
}

function next(node: any): Promise<Msg> {
  return new Promise((resolve) => node.once('input', resolve));
}

/** Every number in the payload is finite (no NaN sneaks out of the arithmetic). */
function assertFiniteNumbers(v: unknown, where = 'payload'): void {
  if (typeof v === 'number') assert.ok(Number.isFinite(v), `${where} is ${v}`);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) assertFiniteNumbers(x, `${where}.${k}`);
}

describe('energy-probe node (on this real host)', function () {
  this.timeout(20000);
  afterEach(async () => {
    await helper.unload();
  });

  it('samples on input with the documented payload shape; method is whatever this host allows', async () => {
    await helper.load(probeNode, flow());
    const out = next(helper.getNode('out'));
    helper.getNode('p1').receive({ payload: 'go', keep: 'me' });
    const msg = await out;
    const p = msg.payload;
    assert.equal(msg.topic, 'energy/usage/test-host');
    assert.equal(msg.keep, 'me', 'input message properties pass through');
    assert.equal(p.host, 'test-host');
    assert.ok(!Number.isNaN(Date.parse(p.timestamp)));
    const expected = discoverRapl('/sys/class/powercap').ok ? 'rapl' : 'estimate';
    assert.equal(p.power.method, expected);
    assert.ok(p.power.watts > 0, `watts ${p.power.watts}`);
    assert.ok(p.cpu.load >= 0 && p.cpu.load <= 100);
    assert.equal(p.cpu.cores, os.cpus().length);
    assert.equal(p.memory.total, os.totalmem());
    assert.ok(p.memory.used > 0 && p.memory.used < p.memory.total);
    assert.ok(p.energy.wh >= 0);
    assert.ok(!Number.isNaN(Date.parse(p.energy.since)));
    assert.equal(p.cost.currency, 'EUR');
    assert.equal(p.cost.perKWh, 0.3);
    assert.equal(p.co2.intensity, 475);
    assert.equal(p.processes, undefined);
    assertFiniteNumbers(p);
  });

  it('adds top processes when msg.topProcesses asks, and energy grows between samples', async () => {
    await helper.load(probeNode, flow());
    const p1 = helper.getNode('p1');
    const outNode = helper.getNode('out');
    let out = next(outNode);
    p1.receive({ topProcesses: 3 });
    const first = (await out).payload;
    assert.ok(Array.isArray(first.processes) && first.processes.length >= 1 && first.processes.length <= 3);
    for (const pr of first.processes) {
      assert.equal(typeof pr.pid, 'number');
      assert.equal(typeof pr.name, 'string');
    }
    await new Promise((r) => setTimeout(r, 300));
    out = next(outNode);
    p1.receive({ payload: 'processes' });
    const second = (await out).payload;
    assert.ok(second.processes.length >= 1 && second.processes.length <= 5);
    assert.ok(second.energy.wh > first.energy.wh, `${second.energy.wh} > ${first.energy.wh}`);
    assert.ok(second.cost.amount >= first.cost.amount);
    assertFiniteNumbers(second);
  });

  it('sends on its interval without input, and stops when closed', async () => {
    await helper.load(probeNode, flow({ interval: 1, topic: 'site/probe' }));
    const outNode = helper.getNode('out');
    const msg = await next(outNode);
    assert.equal(msg.topic, 'site/probe');
    assertFiniteNumbers(msg.payload);
    let after = 0;
    outNode.on('input', () => after++);
    await helper.unload();
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(after, 0, 'no sample after close');
  });

  it('meters RAPL from the configured powercap folder (a fake package zone) and names the zone', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'powercap-node-'));
    try {
      const z = path.join(root, 'intel-rapl:0');
      fs.mkdirSync(z);
      fs.writeFileSync(path.join(z, 'name'), 'package-0\n');
      fs.writeFileSync(path.join(z, 'max_energy_range_uj'), '262143328850\n');
      fs.writeFileSync(path.join(z, 'energy_uj'), '262140000000\n');
      const loadedAt = Date.now();
      await helper.load(probeNode, flow({ powercapRoot: root }));
      const p1 = helper.getNode('p1');
      // Let start() take its baseline, then move the counter across the wrap by 30 J.
      await new Promise((r) => setTimeout(r, 1500));
      fs.writeFileSync(path.join(z, 'energy_uj'), '26671150\n');
      const out = next(helper.getNode('out'));
      p1.receive({});
      const p = (await out).payload;
      assert.equal(p.power.method, 'rapl');
      assert.deepEqual(
        p.power.zones.map((x: any) => x.name),
        ['package-0'],
      );
      // 30 J over the real time since the baseline, which is shorter than the time since loading
      const elapsedS = (Date.now() - loadedAt) / 1000;
      assert.ok(p.power.watts >= 30 / elapsedS && p.power.watts < 1000, `watts ${p.power.watts} over ≤ ${elapsedS} s`);
      assert.ok(Math.abs(p.energy.wh - 30 / 3600) < 1e-5, `wh ${p.energy.wh}`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('falls back to the estimate and logs once when the powercap folder is missing', async () => {
    await helper.load(probeNode, flow({ powercapRoot: path.join(os.tmpdir(), 'no-powercap-' + process.pid) }));
    const p1 = helper.getNode('p1');
    const logs: string[] = [];
    p1.on('call:log', (call: any) => logs.push(String(call.args[0])));
    p1.on('call:warn', (call: any) => logs.push(String(call.args[0])));
    for (let i = 0; i < 3; i++) {
      const out = next(helper.getNode('out'));
      p1.receive({});
      assert.equal((await out).payload.power.method, 'estimate');
    }
    await new Promise((r) => setImmediate(r));
    assert.equal(logs.filter((l) => /rapl/i.test(l)).length, 1, JSON.stringify(logs));
    assert.match(logs.find((l) => /rapl/i.test(l)) ?? '', /ENOENT/);
  });

  it('refuses invalid estimate coefficients with an error and a red status, and sends nothing', async () => {
    await helper.load(probeNode, flow({ pue: 0.5 }));
    const p1 = helper.getNode('p1');
    const mine = (spy: any) => spy.getCalls().filter((c: any) => c.thisValue === p1);
    assert.match(String(mine(p1.error)[0]?.args[0]), /coefficient.*: pue/i);
    assert.equal(mine(p1.status).at(-1)?.args[0].fill, 'red');
    let sent = 0;
    helper.getNode('out').on('input', () => sent++);
    p1.receive({});
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(sent, 0);
  });
});
