// Message data made in another realm, as a function node makes it (Node-RED runs its code in a
// vm context of its own), is told apart by what it is (nodes/lib/plain-data.ts).
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { isArrayBuffer, isPlainObject, isUint8Array } from '../../../nodes/lib/plain-data';
import { withNews2 } from '../../../nodes/news2/output';

const inSandbox = (code: string): unknown => vm.runInNewContext(code);

describe('plain data from any realm', () => {
  it('takes {} objects of this realm and of a vm context for plain objects', () => {
    const made: [string, unknown][] = [
      ['{ a: 1 }', { a: 1 }],
      ['Object.create(null)', Object.create(null)],
      ...['({ a: 1 })', 'Object.create(null)', 'JSON.parse(\'{"a":1}\')'].map((code): [string, unknown] => [
        `sandbox ${code}`,
        inSandbox(code),
      ]),
    ];
    for (const [what, v] of made) assert.equal(isPlainObject(v), true, what);
  });

  it('refuses arrays, Buffers, Dates, Maps and class instances of either realm', () => {
    class Reading {
      heartRate = 70;
    }
    const others = [null, 'x', 3, [], Buffer.from('x'), new Date(), new Map(), new Reading()];
    const sandboxed = [
      '[1]',
      'new Date()',
      'new Map()',
      'new (class A { constructor() { this.a = 1; } })()',
      'new Uint8Array(2)',
      'Object.create({ a: 1 })',
    ].map(inSandbox);
    for (const v of [...others, ...sandboxed]) assert.equal(isPlainObject(v), false, String(v));
  });

  it('takes a Uint8Array or an ArrayBuffer from a vm context for bytes', () => {
    assert.equal(isUint8Array(inSandbox('new Uint8Array([1, 2])')), true);
    assert.equal(isUint8Array(Buffer.from([1])), true);
    assert.equal(isUint8Array(inSandbox('new Uint16Array(2)')), false);
    assert.equal(isUint8Array(inSandbox('[1, 2]')), false);
    assert.equal(isArrayBuffer(inSandbox('new ArrayBuffer(4)')), true);
    assert.equal(isArrayBuffer(inSandbox('new Uint8Array(4)')), false);
  });

  it('news2 sets its key on a reading a function node made, as on any plain reading', () => {
    const reading = inSandbox("({ deviceId: 'p-1', heartRate: 70 })") as Record<string, unknown>;
    const out = withNews2(reading, { total: 0 });
    assert.equal(out, reading);
    assert.deepEqual(Object.keys(out), ['deviceId', 'heartRate', 'news2']);
  });
});
