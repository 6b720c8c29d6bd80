// The reading the news2 node sends: news2 set on the payload it received, or on a copy when the
// payload cannot take it as a plain data property (the help promises both).
import assert from 'node:assert/strict';
import { withNews2 } from '../../../nodes/news2/output';

describe('news2 output: news2 set on the reading', () => {
  it('a plain reading gets news2 in place: the same object, its other keys and values as they were', () => {
    const payload: Record<string, unknown> = { deviceId: 'd', heartRate: 80, dropped: [{ field: 'x' }] };
    const news2 = { total: 1 };
    const out = withNews2(payload, news2);
    assert.equal(out, payload);
    assert.equal(out.news2, news2);
    assert.deepEqual(Object.keys(out), ['deviceId', 'heartRate', 'dropped', 'news2']);
    assert.deepEqual(out.dropped, [{ field: 'x' }]);
  });
  it('an existing news2 keeps its place and gets the new value', () => {
    const payload: Record<string, unknown> = { a: 1, news2: 'old', b: 2 };
    const out = withNews2(payload, { total: 3 });
    assert.equal(out, payload);
    assert.deepEqual(Object.keys(out), ['a', 'news2', 'b']);
    assert.deepEqual(out.news2, { total: 3 });
  });
  it('an object made by JSON.parse, "__proto__" key included, is changed in place and its prototype stays Object', () => {
    const payload = JSON.parse('{"deviceId":"d","__proto__":{"polluted":true}}') as Record<string, unknown>;
    const out = withNews2(payload, { total: 0 });
    assert.equal(out, payload);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.equal((out as { polluted?: boolean }).polluted, undefined);
    assert.deepEqual(Object.keys(out), ['deviceId', '__proto__', 'news2']);
  });
  const copied: [string, () => Record<string, unknown>][] = [
    ['frozen', () => Object.freeze({ deviceId: 'd', heartRate: 80 })],
    ['sealed', () => Object.seal({ deviceId: 'd', heartRate: 80 })],
    ['not extensible', () => Object.preventExtensions({ deviceId: 'd', heartRate: 80 })],
    [
      'a read-only own news2',
      () =>
        Object.defineProperty({ deviceId: 'd', heartRate: 80 }, 'news2', {
          value: 'old',
          writable: false,
          enumerable: true,
        }),
    ],
    [
      'an accessor news2',
      () =>
        Object.defineProperty({ deviceId: 'd', heartRate: 80 }, 'news2', {
          get: () => 'old',
          set: () => undefined,
          enumerable: true,
          configurable: true,
        }),
    ],
    [
      'a class instance',
      () =>
        Object.assign(new (class Reading {})(), { deviceId: 'd', heartRate: 80 }) as unknown as Record<string, unknown>,
    ],
  ];
  for (const [what, make] of copied) {
    it(`${what}: a plain copy gets news2, the payload is left as it was`, () => {
      const payload = make();
      const before = Object.getOwnPropertyDescriptors(payload);
      const news2 = { total: 2 };
      const out = withNews2(payload, news2);
      assert.notEqual(out, payload);
      assert.equal(Object.getPrototypeOf(out), Object.prototype);
      assert.equal(out.deviceId, 'd');
      assert.equal(out.heartRate, 80);
      assert.equal(out.news2, news2);
      assert.deepEqual(Object.getOwnPropertyDescriptors(payload), before);
    });
  }
  it('a copy of a frozen payload with an own "__proto__" key keeps it a property; the prototype stays Object', () => {
    const payload = Object.freeze(JSON.parse('{"deviceId":"d","__proto__":{"polluted":true}}')) as Record<
      string,
      unknown
    >;
    const out = withNews2(payload, { total: 0 });
    assert.notEqual(out, payload);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.equal((out as { polluted?: boolean }).polluted, undefined);
    assert.deepEqual(Object.keys(out), ['deviceId', '__proto__', 'news2']);
  });
});
