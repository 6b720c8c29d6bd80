// The node kit's conventions, on a small node of this test's own run by a real Node-RED
// (node-red-node-test-helper): what a user sees of a rejected message, of a bad setting, of
// state kept in context, and of a close that takes time.
import assert from 'node:assert/strict';
import type { NodeAPI, NodeDef } from 'node-red';
import { defineNode } from '../../../nodes/lib/node-kit';
// The helper ships no type declarations.
const helper = require('node-red-node-test-helper');
// Node-RED's own memory context store, to wrap in a slow one (no type declarations either).
const memoryStore = require('@node-red/runtime/lib/nodes/context/memory.js');

helper.init(require.resolve('node-red'));

interface Msg {
  _id?: number;
  payload?: unknown;
  error?: { message: string };
}
interface Call {
  thisValue: unknown;
  args: unknown[];
}

/** Events of the test node, in order, for the close test. */
let log: string[] = [];

/**
 * A counter: adds msg.payload (a number) to a sum kept in context, sends the sum on output 1;
 * anything else is rejected to output 2. Setting `step`: a number of 1 or more.
 */
function counterNode(RED: NodeAPI) {
  defineNode(RED, {
    type: 'he-test-counter',
    rejectOutput: { output: 2, outputs: 2 },
    settings: (read, config: NodeDef & { fail?: boolean }) => {
      if (config.fail) throw new Error('the rule cannot be built');
      return { step: read.number('step', { default: 1, min: 1 }) };
    },
    start(kit, s) {
      let sum = 0;
      const saved = kit.persist({ key: 'sum', snapshot: () => sum, periodMs: 1000 });
      saved.load((value) => {
        log.push(`restored ${value}`);
        if (typeof value === 'number') sum = value;
      });
      return {
        rejectedStatus: (count) => ({ fill: 'red', shape: 'ring', text: `rejected ${count}` }),
        input(msg, send, done) {
          if (typeof msg.payload !== 'number') return kit.reject(msg, 'not a number', send, done);
          sum += msg.payload * s.step;
          saved.changed(false);
          msg.payload = sum;
          send([msg, null]);
          done();
        },
        async close(removed) {
          log.push(`close removed=${removed}`);
          await new Promise((r) => setTimeout(r, 50));
          log.push('closed');
        },
      };
    },
  });
}

/** A memory store that answers a read 30 ms later, as a store reading a file or a server does. */
const slowStore = (config: unknown) => {
  const inner = memoryStore(config);
  const get = inner.get.bind(inner);
  inner.get = (scope: string, key: string, cb?: (err: Error | null, v?: unknown) => void) => {
    if (!cb) return get(scope, key);
    setTimeout(() => get(scope, key, cb), 30);
  };
  return inner;
};
/** The helper never opens context stores; open them as the runtime does at start-up. */
const openStores = () => helper._context.load();

function flow(extra: Record<string, unknown> = {}) {
  return [
    { id: 't1', type: 'tab', label: 'kit' },
    { id: 'n1', z: 't1', type: 'he-test-counter', ...extra, wires: [['sums'], ['rejected']] },
    { id: 'sums', z: 't1', type: 'helper' },
    { id: 'rejected', z: 't1', type: 'helper' },
    { id: 'c1', z: 't1', type: 'catch', scope: ['n1'], uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 't1', type: 'helper' },
  ];
}

function collect(id: string): Msg[] {
  const got: Msg[] = [];
  helper.getNode(id).on('input', (m: Msg) => got.push(m));
  return got;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('node kit (defineNode)', function () {
  beforeEach(() => {
    log = [];
    helper.settings({ contextStorage: { default: { module: slowStore } } });
  });
  afterEach(async () => {
    await helper.unload();
    helper.settings({});
  });

  it('a rejected message goes to Catch and to the rejection output, and the status turns red with the count', async () => {
    await helper.load([counterNode, openStores], flow());
    const [sums, rejected, caught] = [collect('sums'), collect('rejected'), collect('caught')];
    const n1 = helper.getNode('n1');
    n1.receive({ payload: 'x', _id: 1 });
    n1.receive({ payload: 2 });
    await until(() => caught.length === 1 && rejected.length === 1 && sums.length === 1, 'one of each');
    assert.deepEqual([caught[0]._id, caught[0].error?.message], [1, 'not a number']);
    assert.equal(rejected[0]._id, 1);
    const mine: Call[] = n1.status.getCalls().filter((c: Call) => c.thisValue === n1);
    const red = mine.map((c) => c.args[0] as { fill: string }).find((st) => st.fill === 'red');
    assert.deepEqual(red, { fill: 'red', shape: 'ring', text: 'rejected 1' });
  });

  it('messages that arrive while the saved state is read wait, and are handled in order after it', async () => {
    await helper.load([counterNode, openStores], flow());
    const before = collect('sums');
    helper.getNode('n1').receive({ payload: 100 });
    await until(() => before.length === 1, 'a sum');
    await helper.setFlows(flow(), 'full');
    const sums = collect('sums');
    const n1 = helper.getNode('n1');
    // The store answers 30 ms after the node asked: these arrive before the state is back.
    for (const v of [1, 2, 3]) n1.receive({ payload: v });
    await until(() => sums.length === 3, 'three sums');
    assert.deepEqual(
      sums.map((m) => m.payload),
      [101, 103, 106],
    );
  });

  it("on close: the node's own close, then its state written, then done (a redeploy reads it back)", async () => {
    await helper.load([counterNode, openStores], flow());
    const sums = collect('sums');
    helper.getNode('n1').receive({ payload: 5 });
    await until(() => sums.length === 1, 'a sum');
    // No wait for the periodic write: the close writes it.
    await helper.setFlows(flow(), 'full');
    assert.deepEqual(log.slice(0, 3), ['restored undefined', 'close removed=false', 'closed']);
    await until(() => log.length === 4, 'restored again');
    assert.equal(log[3], 'restored 5');
  });

  it('a setting it cannot use, or a settings check that throws: an error at start, a red status, every message refused', async () => {
    for (const extra of [{ step: '0' }, { step: 'two' }, { fail: true }]) {
      await helper.load([counterNode, openStores], flow(extra));
      const [sums, caught] = [collect('sums'), collect('caught')];
      const n1 = helper.getNode('n1');
      const atStart = n1.error
        .getCalls()
        .filter((c: Call) => c.thisValue === n1)
        .map((c: Call) => String(c.args[0]));
      assert.equal(atStart.length, 1, JSON.stringify(extra));
      assert.match(
        atStart[0],
        extra.fail ? /the rule cannot be built/ : /^test-counter\.errors\.config: step must be a number of 1 or more/,
      );
      assert.deepEqual(n1.status.lastCall.args[0], { fill: 'red', shape: 'ring', text: 'test-counter.status.config' });
      n1.receive({ payload: 1, _id: 9 });
      await until(() => caught.length === 1, 'refused');
      assert.equal(caught[0]._id, 9);
      assert.equal(sums.length, 0);
      await helper.unload();
    }
  });
});
