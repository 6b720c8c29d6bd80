// energy-probe with Source "text from a host's monitor", in a Node-RED runtime: samples of the
// named host, errors a Catch node receives, no sampling of this host.
import assert from 'node:assert/strict';
// The helper ships no type declarations.
const helper = require('node-red-node-test-helper');
const probeNode = require('../../nodes/energy-probe/energy-probe.js');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;

function flow(extra: Record<string, unknown> = {}): any[] {
  return [
    { id: 'f1', type: 'tab' },
    {
      id: 'p1',
      z: 'f1',
      type: 'he-energy-probe',
      source: 'monitor-text',
      interval: 10,
      host: '',
      wires: [['out']],
      ...extra,
    },
    { id: 'out', z: 'f1', type: 'helper' },
    { id: 'c', z: 'f1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 'f1', type: 'helper' },
  ];
}

function collect(id: string): Msg[] {
  const list: Msg[] = [];
  helper.getNode(id).on('input', (msg: Msg) => list.push(msg));
  return list;
}

const settle = () => new Promise((r) => setTimeout(r, 100));

describe('energy-probe node, source: text from a host monitor', function () {
  this.timeout(10000);
  afterEach(async () => {
    await helper.unload();
  });

  it("turns the seed's text into a sample of the Host setting on energy/usage/<host>, and never samples this host", async () => {
    await helper.load([probeNode, catchNode], flow({ host: 'energy-monitor' }));
    const out = collect('out');
    const caught = collect('caught');
    helper.getNode('p1').receive({ topic: 'energy/usage', payload: 'CPU Usage: 12.5%, Memory Usage: 43.1%' });
    await settle();
    assert.equal(out.length, 1);
    assert.equal(out[0].topic, 'energy/usage/energy-monitor');
    const { timestamp, ...rest } = out[0].payload;
    assert.ok(Math.abs(Date.parse(timestamp) - Date.now()) < 5000, timestamp);
    assert.deepEqual(rest, {
      host: 'energy-monitor',
      cpu: { load: 12.5 },
      memory: { usedPercent: 43.1 },
      power: { watts: null, method: 'none' },
    });
    assert.deepEqual(caught, []);
  });

  it('takes msg.host over the setting, and a Topic setting over energy/usage/<host>', async () => {
    await helper.load([probeNode, catchNode], flow({ host: 'energy-monitor', topic: 'hosts/usage' }));
    const out = collect('out');
    helper.getNode('p1').receive({ host: 'lab-pc', payload: 'CPU Usage: 3.0%' });
    await settle();
    assert.deepEqual([out[0].payload.host, out[0].topic], ['lab-pc', 'hosts/usage']);
  });

  it('reports text it cannot read, and a message with no host, to a Catch node, and sends nothing', async () => {
    await helper.load([probeNode, catchNode], flow());
    const out = collect('out');
    const caught = collect('caught');
    const statuses: any[] = [];
    helper.getNode('p1').on('call:status', (call: { args: any[] }) => statuses.push(call.args[0]));
    helper.getNode('p1').receive({ payload: 'CPU Usage: 12.5%' });
    helper.getNode('p1').receive({ host: 'h', payload: 'CPU Usage: lots' });
    await settle();
    assert.equal(out.length, 0);
    assert.equal(caught.length, 2);
    // The test runtime loads no catalogue, so the key stands for the text (runtime-texts.test.ts
    // checks that en-US and ko have it); the reason after it is the parser's own.
    assert.equal(caught[0].error.message, 'energy-probe.errors.noHost');
    assert.equal(
      caught[1].error.message,
      'energy-probe.errors.monitorText: CPU Usage "lots" is not a percentage from 0 to 100',
    );
    assert.equal(statuses.at(-1)?.fill, 'red');
  });
});
