// The bounded map behind the news2 patient memory and the threshold keys: at most `limit`
// entries, the least recently used forgotten first, in the order a Map keeps.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LruMap } from '../../../nodes/lib/lru-map';

describe('lib/lru-map', () => {
  it('refuses a limit that is not a whole number of at least 1', () => {
    for (const bad of [0, -1, 1.5, NaN]) assert.throws(() => new LruMap(bad), RangeError);
  });
  it('evicts the least recently used, and use() counts as a use while peek() does not', () => {
    const m = new LruMap<number>(3);
    assert.deepEqual(m.set('a', 1), []);
    m.set('b', 2);
    m.set('c', 3);
    assert.equal(m.use('a'), 1); // b is now the least recently used
    assert.equal(m.peek('b'), 2); // and still is
    assert.deepEqual(m.set('d', 4), [2]);
    assert.deepEqual([...m.values()], [3, 1, 4]);
    assert.equal(m.use('x'), undefined);
    assert.equal(m.size, 3);
  });
  it('set on a known key replaces its value and makes it the most recent, evicting nothing', () => {
    const m = new LruMap<string>(2);
    m.set('a', 'one');
    m.set('b', 'two');
    assert.deepEqual(m.set('a', 'uno'), []);
    assert.deepEqual([...m.values()], ['two', 'uno']);
  });
  it('sweep removes from the oldest end while old, passing over the kept, and stops at the first recent', () => {
    const m = new LruMap<{ t: number; keep?: boolean }>(10);
    m.set('a', { t: 1 });
    m.set('b', { t: 2, keep: true });
    m.set('c', { t: 3 });
    m.set('d', { t: 9 });
    m.set('e', { t: 1 }); // old, but behind a recent one
    const removed = m.sweep(
      (v) => v.t < 5,
      (v) => v.keep === true,
    );
    assert.deepEqual(removed, [{ t: 1 }, { t: 3 }]);
    assert.deepEqual(
      [...m.values()].map((v) => v.t),
      [2, 9, 1],
    );
  });
  it('under any operations: never over the limit, and the order is the order of last use', () => {
    const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g');
    const op = fc.tuple(fc.constantFrom('set', 'use', 'peek', 'delete'), key);
    fc.assert(
      fc.property(fc.array(op, { maxLength: 100 }), fc.integer({ min: 1, max: 5 }), (ops, limit) => {
        const m = new LruMap<string>(limit);
        let order: string[] = []; // keys, least recently used first
        for (const [kind, k] of ops) {
          if (kind === 'set') {
            order = order.filter((x) => x !== k).concat(k);
            const evicted = order.slice(0, Math.max(0, order.length - limit));
            order = order.slice(evicted.length);
            assert.deepEqual(m.set(k, k), evicted);
          } else if (kind === 'use') {
            if (order.includes(k)) order = order.filter((x) => x !== k).concat(k);
            assert.equal(m.use(k), order.includes(k) ? k : undefined);
          } else if (kind === 'peek') assert.equal(m.peek(k), order.includes(k) ? k : undefined);
          else {
            assert.equal(m.delete(k), order.includes(k));
            order = order.filter((x) => x !== k);
          }
          assert.deepEqual([...m.values()], order);
          assert.equal(m.size, order.length);
        }
      }),
    );
  });
});
