// energy-probe with "per process" on: the attribution a user sees on each sample, on a fake
// /proc (so the figures are known) and on this host's real one, and today's sums kept across
// a redeploy by the node's context.
import assert from 'node:assert/strict';
import { FakeProc } from '../support/fake-proc';
// The helper ships no type declarations.
const helper = require('node-red-node-test-helper');

helper.init(require.resolve('node-red'));
const probeNode = require('../../nodes/energy-probe/energy-probe.js');

type Msg = Record<string, any>;

function flow(extra: Record<string, unknown> = {}): any[] {
  return [
    { id: 't1', type: 'tab', label: 'energy' },
    {
      id: 'p1',
      z: 't1',
      type: 'he-energy-probe',
      interval: 0,
      host: 'test-host',
      method: 'estimate',
      attribution: true,
      attributionTop: 3,
      wires: [['out']],
      ...extra,
    },
    { id: 'out', z: 't1', type: 'helper' },
  ];
}

async function sample(msg: Msg = {}): Promise<Msg> {
  const out = new Promise<Msg>((resolve) => helper.getNode('out').once('input', resolve));
  helper.getNode('p1').receive(msg);
  return (await out).payload;
}

// A first sample waits for the probe's start scan, which reads /proc as it is; the fake /proc is
// changed only after it, so the next sample sees the change as one interval. (A fixed wait lost
// that race on a loaded machine.) The pause makes the interval long enough to carry energy.
async function baseline(): Promise<void> {
  await sample();
  await new Promise((r) => setTimeout(r, 50));
}

const sum = (a: any) => a.processes.reduce((t: number, p: any) => t + p.wh, 0) + a.other.wh + a.idle.wh;

describe('energy-probe node: energy per process', function () {
  this.timeout(20000);
  let proc: FakeProc;
  beforeEach(() => (proc = new FakeProc()));
  afterEach(async () => {
    await helper.unload();
    helper.settings({});
    proc.remove();
  });

  it('leaves attribution out unless it is switched on', async () => {
    await helper.load(probeNode, flow({ attribution: undefined, procRoot: proc.root }));
    assert.equal((await sample()).attribution, undefined);
  });

  it("lists the top processes of the interval in watts and Wh, and today's sums, that add up to the host's energy", async () => {
    proc.set(10, { name: 'node-red', ticks: 0, cmdline: ['node-red'] });
    proc.set(11, { name: 'sh', ticks: 0 });
    await helper.load(probeNode, flow({ procRoot: proc.root }));
    await baseline();
    proc.host(100, 100);
    proc.set(10, { name: 'node-red', ticks: 80, cmdline: ['node-red'] });
    proc.set(11, { name: 'sh', ticks: 20 });
    const p = await sample();
    const a = p.attribution;
    assert.equal(a.method, p.power.method);
    assert.deepEqual(
      a.processes.map((x: any) => [x.pid, x.name, x.command, x.cpuShare]),
      [
        [10, 'node-red', 'node-red', 40],
        [11, 'sh', '[sh]', 10],
      ],
    );
    assert.equal(a.idle.cpuShare, 50);
    assert.ok(a.wh > 0 && Math.abs(sum(a) - a.wh) < 1e-5, `${sum(a)} vs ${a.wh}`);
    assert.ok(Math.abs(a.processes[0].watts - 0.4 * p.power.watts) < 0.01, 'the interval is one sample long');
    assert.deepEqual(
      a.today.processes.map((x: any) => x.name),
      ['node-red', 'sh'],
    );
    assert.ok(Math.abs(a.today.wh - p.energy.wh) < 1e-5);
  });

  it("keeps today's energy per process across a redeploy (a context store that outlives the node)", async () => {
    // A memory store named in the settings, as in settings.js; the helper's fallback store
    // loses node context on a redeploy.
    helper.settings({ contextStorage: { default: { module: 'memory' } } });
    const f = flow({ procRoot: proc.root });
    proc.set(10, { name: 'worker', ticks: 0 });
    await helper.load([probeNode, () => helper._context.load()], f);
    await baseline();
    proc.host(100, 0);
    proc.set(10, { name: 'worker', ticks: 100 });
    const before = (await sample()).attribution.today;
    assert.ok(before.processes[0].wh > 0);

    await helper.setFlows(f, 'full');
    await baseline();
    proc.host(100, 0);
    proc.set(10, { name: 'worker', ticks: 200 });
    const p = await sample();
    const after = p.attribution.today;
    assert.equal(after.date, before.date);
    // Today's worker energy = before the redeploy + this interval (the host's energy restarted).
    const intervalWh = p.attribution.wh;
    assert.ok(Math.abs(after.processes[0].wh - (before.processes[0].wh + intervalWh)) < 1e-5, JSON.stringify(after));
    assert.ok(after.wh > p.energy.wh, "today's sums outlive the node; its energy since start does not");

    // A reset starts today's sums again.
    const reset = (await sample({ reset: true })).attribution.today;
    assert.ok(reset.wh < after.wh);
  });

  it('on the real /proc: the shares plus idle add up to the sample, and processes carry a name and command', async () => {
    await helper.load(probeNode, flow());
    await sample();
    const until = Date.now() + 300;
    while (Date.now() < until) Math.sqrt(Math.random());
    const a = (await sample()).attribution;
    assert.ok(a.processes.length >= 1 && a.processes.length <= 3);
    assert.ok(Math.abs(sum(a) - a.wh) < 1e-5, `${sum(a)} vs ${a.wh}`);
    for (const x of a.processes) {
      assert.ok(Number.isInteger(x.pid) && x.name && x.command && x.cpuShare > 0, JSON.stringify(x));
    }
  });

  for (const top of [0, 51, 2.5]) {
    it(`refuses a top count of ${top} as a configuration error`, async () => {
      await helper.load(probeNode, flow({ attributionTop: top, procRoot: proc.root }));
      const p1 = helper.getNode('p1');
      const errors = p1.error.getCalls().filter((c: any) => c.thisValue === p1);
      assert.match(String(errors[0]?.args[0]), /attributionTop/);
    });
  }
});
