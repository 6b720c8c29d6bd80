import assert from 'node:assert/strict';
import { cachedText } from '../../../nodes/lib/cached-text';

describe('cachedText', () => {
  it('translates each key once and fills in the parameters of every call', () => {
    const calls: string[] = [];
    const catalogue: Record<string, string> = { 'n.ok': '정상 __ok__건, 거부 __bad__건', 'n.plain': 'plain' };
    const text = cachedText((key, params) => {
      calls.push(key);
      return (catalogue[key] ?? key).replace(/__(\w+)__/g, (_, k) => params[k] ?? '');
    });
    assert.equal(text('n.ok', { ok: 1, bad: 0 }), '정상 1건, 거부 0건');
    assert.equal(text('n.ok', { ok: 22, bad: 3 }), '정상 22건, 거부 3건');
    assert.equal(text('n.plain'), 'plain');
    assert.equal(text('n.plain'), 'plain');
    assert.equal(text('missing.key', { a: 1 }), 'missing.key');
    assert.deepEqual(calls, ['n.ok', 'n.plain', 'missing.key']);
  });

  it('keeps a parameter given in one order and used twice or in another order', () => {
    const text = cachedText((_key, p) => `${p.b}/${p.a}/${p.b}`);
    assert.equal(text('k', { a: 'x', b: 5 }), '5/x/5');
    assert.equal(text('k', { a: '$1 $&', b: 0 }), '0/$1 $&/0');
  });
});
