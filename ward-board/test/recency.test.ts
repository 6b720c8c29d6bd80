import assert from 'node:assert/strict';
import { Linked, RecencyList } from '../state/recency';

interface Item extends Linked<Item> {
  name: string;
}
const item = (name: string): Item => ({ name, older: null, newer: null, listed: false });

function names(list: RecencyList<Item>): string[] {
  const out: string[] = [];
  for (let i = list.oldest; i; i = i.newer) out.push(i.name);
  return out;
}

describe('ward-board recency list', () => {
  it('keeps items least recently touched first', () => {
    const list = new RecencyList<Item>();
    const [a, b, c] = ['a', 'b', 'c'].map(item);
    list.touch(a);
    list.touch(b);
    list.touch(c);
    list.touch(a);
    assert.deepEqual(names(list), ['b', 'c', 'a']);
    list.touch(a);
    assert.deepEqual(names(list), ['b', 'c', 'a'], 'touching the newest changes nothing');
    assert.equal(list.oldest, b);
    assert.equal(list.size, 3);
  });

  it('removes from anywhere, and only what it holds', () => {
    const list = new RecencyList<Item>();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(item);
    [a, b, c].forEach((x) => list.touch(x));
    list.remove(b);
    list.remove(d);
    assert.deepEqual(names(list), ['a', 'c']);
    list.remove(a);
    list.remove(c);
    assert.deepEqual([names(list), list.size, list.oldest], [[], 0, null]);
    list.touch(b);
    assert.deepEqual(names(list), ['b']);
    list.clear();
    assert.deepEqual([names(list), list.size], [[], 0]);
  });
});
