// The precompiled msg path reader against Node-RED's own evaluateNodeProperty: the same value
// or the same error, for every path it accepts; null (use Node-RED) for every other path.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { msgPathGetter } from '../../../nodes/lib/msg-path';
const { util } = require('@node-red/util');

function viaNodeRed(path: string, msg: object): { value?: unknown; error?: string } {
  try {
    return { value: util.evaluateNodeProperty(path, 'msg', {}, msg) };
  } catch (err) {
    return { error: `${(err as Error).name}: ${(err as Error).message}` };
  }
}
function viaGetter(path: string, msg: object): { value?: unknown; error?: string } {
  const get = msgPathGetter(path);
  assert.ok(get, `${path} should be accepted`);
  try {
    return { value: get(msg) };
  } catch (err) {
    return { error: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

const MSG = {
  topic: 'bed/1',
  payload: {
    deviceId: 'p-001',
    news2: { total: 7, band: 'high', scores: { spo2: null } },
    list: [1, 2],
    text: 'abc',
    zero: 0,
    no: false,
    nil: null,
  },
  _msgid: 'm1',
  msg: { inner: 1 },
};

describe('msg-path getter', () => {
  const paths = [
    'payload',
    'topic',
    'payload.deviceId',
    'msg.payload.deviceId',
    'payload.news2.total',
    'msg.payload.news2.total',
    'payload.news2.scores.spo2',
    'payload.news2.scores.spo2.deeper', // reading on null: TypeError
    'payload.missing',
    'payload.missing.total', // reading on undefined: TypeError
    'missing.a.b.c',
    'payload.text.length', // a string's own property, as Node-RED reads it
    'payload.list.length',
    'payload.zero',
    'payload.no',
    'payload.nil',
    'payload.constructor', // inherited, as Node-RED reads it
    'payload.news2.$x',
    'payload._a_b',
    'msg',
    'msg.msg.inner',
  ];
  for (const p of paths) {
    it(`${p}: as evaluateNodeProperty`, () => {
      assert.deepEqual(viaGetter(p, MSG), viaNodeRed(p, MSG));
    });
  }

  it('the error for a missing parent names the property, exactly as Node-RED words it', () => {
    assert.deepEqual(viaGetter('payload.news2.total', { payload: {} }), {
      error: "TypeError: Cannot read properties of undefined (reading 'total')",
    });
    assert.deepEqual(
      viaGetter('payload.news2.total', { payload: { news2: null } }),
      viaNodeRed('payload.news2.total', { payload: { news2: null } }),
    );
    assert.deepEqual(viaGetter('payload.deviceId', {}), viaNodeRed('payload.deviceId', {}));
  });

  it('leaves every path it cannot read exactly to Node-RED (null)', () => {
    for (const p of [
      '',
      'payload[0]',
      'payload["a"]',
      "payload['a b']",
      'payload.0',
      'payload.1a',
      'payload.a-b',
      'payload..a',
      'payload.',
      '.payload',
      'payload[msg.topic]',
      'pay load',
      'msg.',
      'payload.a.',
    ]) {
      assert.equal(msgPathGetter(p), null, JSON.stringify(p));
    }
    assert.equal(msgPathGetter(undefined as unknown as string), null);
  });

  it('random paths over random messages: same value or same error as Node-RED', () => {
    const name = fc.constantFrom('a', 'b', 'payload', 'x1', '_', '$v', 'length');
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constant(undefined),
        fc.constant(null),
        fc.integer(),
        fc.string({ maxLength: 3 }),
        fc.boolean(),
        fc.dictionary(name, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(
        fc.array(name, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.dictionary(name, value, { maxKeys: 4 }),
        (keys, prefix, msg) => {
          const path = (prefix ? 'msg.' : '') + keys.join('.');
          assert.deepEqual(viaGetter(path, msg), viaNodeRed(path, msg));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
