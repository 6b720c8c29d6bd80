import assert from 'node:assert/strict';
import { BoundedMemo } from '../../../nodes/lib/bounded-memo';

describe('BoundedMemo', () => {
  it('gives back what was remembered, and nothing for other keys', () => {
    const m = new BoundedMemo<number | null>(4);
    assert.equal(m.set('a', 1), 1);
    assert.equal(m.set('n', null), null);
    assert.equal(m.get('a'), 1);
    assert.equal(m.get('n'), null, 'a null value is a remembered answer');
    assert.equal(m.get('b'), undefined);
  });

  it('never holds more than its limit: a full memo starts again', () => {
    const m = new BoundedMemo<number>(3);
    for (let i = 0; i < 10; i++) {
      m.set(`k${i}`, i);
      assert.ok(m.size <= 3, `size ${m.size} after ${i + 1} keys`);
    }
    assert.equal(m.get('k9'), 9, 'the newest is kept');
    assert.equal(m.get('k0'), undefined, 'older ones were forgotten');
  });
});
