// One rule for every node's settings (nodes/lib/settings.ts, the node kit): a setting that is
// missing or empty takes its default; one the node cannot use is a configuration error: an
// error naming the setting when the flow starts, a red status, and every message refused to
// Catch, nothing sent. The help of each node says so.
import assert from 'node:assert/strict';
// The helper ships no type declarations.
const helper = require('node-red-node-test-helper');

helper.init(require.resolve('node-red'));

interface Msg {
  _id?: number;
  payload?: { news2?: { scores: Record<string, number | null> } };
  error?: { message: string };
}
/** The parts of a sinon spy (the helper spies on every node's methods) these tests read. */
interface Spy {
  getCalls(): { thisValue: unknown; args: unknown[] }[];
}

/** Each node with one bad setting, and the setting's name as the error says it. */
const CASES: { type: string; module: string; bad: Record<string, unknown>; names: RegExp }[] = [
  { type: 'he-vitals-parse', module: 'vitals-parse', bad: { topicSegment: '1.5' }, names: /topicSegment/ },
  { type: 'he-news2', module: 'news2', bad: { combineWindow: 'five minutes' }, names: /combineWindow/ },
  {
    type: 'he-threshold',
    module: 'threshold',
    bad: { levels: [{ severity: 'warning', threshold: '100' }], forSeconds: '-5' },
    names: /forSeconds/,
  },
  { type: 'he-csv-log', module: 'csv-log', bad: { retentionDays: 'a week' }, names: /retentionDays/ },
  { type: 'he-energy-probe', module: 'energy-probe', bad: { interval: 'often' }, names: /interval/ },
  { type: 'he-energy-meter', module: 'energy-meter', bad: { maxDevices: '0' }, names: /maxDevices/ },
  { type: 'he-history', module: 'history', bad: { points: '1' }, names: /points/ },
];

describe('bad settings (every node)', function () {
  afterEach(async () => {
    await helper.unload();
  });

  for (const c of CASES) {
    it(`${c.type}: an unusable setting is a configuration error, and each message is refused to Catch`, async () => {
      // A node module as Node-RED loads it (built JavaScript).
      const nodeModule = require(`../../nodes/${c.module}/${c.module}.js`);
      const flow = [
        { id: 'n1', type: c.type, name: 'x', ...c.bad, wires: [['out'], ['out']] },
        { id: 'out', type: 'helper' },
        { id: 'c1', type: 'catch', scope: ['n1'], uncaught: false, wires: [['caught']] },
        { id: 'caught', type: 'helper' },
      ];
      await helper.load(nodeModule, flow);
      const n1 = helper.getNode('n1');
      const mine = (spy: Spy) => spy.getCalls().filter((call) => call.thisValue === n1);
      const atStart = mine(n1.error).map((call) => String(call.args[0]));
      assert.equal(atStart.length, 1, 'one error when the flow starts');
      assert.match(atStart[0], c.names);
      const status = mine(n1.status).at(-1)?.args[0] as { fill: string; shape: string };
      assert.deepEqual([status.fill, status.shape], ['red', 'ring']);

      const out: Msg[] = [];
      helper.getNode('out').on('input', (m: Msg) => out.push(m));
      const caught = new Promise<Msg>((resolve) => helper.getNode('caught').on('input', resolve));
      n1.receive({ topic: 'tele/a/SENSOR', payload: { deviceId: 'bed1', heartRate: 80 }, _id: 7 });
      const got = await caught;
      assert.equal(got._id, 7, 'Catch gets the message');
      assert.match(got.error?.message ?? '', c.names);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(out.length, 0, 'nothing sent');
    });
  }

  it('a setting left empty takes its default (a flow saved by an older version)', async () => {
    // A node module as Node-RED loads it (built JavaScript).
    const news2 = require('../../nodes/news2/news2.js');
    await helper.load(news2, [
      { id: 'n1', type: 'he-news2', combineWindow: '', maxPatients: '', wires: [['out']] },
      { id: 'out', type: 'helper' },
    ]);
    const got = new Promise<Msg>((resolve) => helper.getNode('out').on('input', resolve));
    helper.getNode('n1').receive({ payload: { patientId: 'p1', heartRate: 80 } });
    assert.equal((await got).payload?.news2?.scores.heartRate, 0);
  });
});
