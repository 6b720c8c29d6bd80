import assert from 'node:assert/strict';
import { LruMap } from '../../../nodes/lib/lru-map';

describe('LruMap', () => {
  it('keeps at most its limit, letting the least recently used entries go first', () => {
    const m = new LruMap<string, number>(2);
    assert.deepEqual(m.set('a', 1), []);
    assert.deepEqual(m.set('b', 2), []);
    assert.equal(m.get('a'), 1, 'reading a marks it as used');
    assert.deepEqual(m.set('c', 3), [['b', 2]]);
    assert.deepEqual([...m.entries()], [
      ['a', 1],
      ['c', 3],
    ]);
    assert.equal(m.size, 2);
  });

  it('replaces a value without evicting anything and marks it as the most recently used', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    assert.deepEqual(m.set('a', 10), []);
    assert.deepEqual(m.set('c', 3), [['b', 2]]);
    assert.equal(m.get('a'), 10);
    assert.equal(m.has('b'), false);
  });

  it('forgets entries on delete and clear', () => {
    const m = new LruMap<string, number>(3);
    m.set('a', 1);
    m.set('b', 2);
    assert.equal(m.delete('a'), true);
    assert.equal(m.get('a'), undefined);
    m.clear();
    assert.equal(m.size, 0);
  });
});
