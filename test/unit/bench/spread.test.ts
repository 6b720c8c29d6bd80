// The benchmarks print, beside a ratio of medians, the range that redrawing its rounds gives
// (bench/lib/spread.ts). Checked on rounds whose answer is known.
import assert from 'node:assert/strict';
import { bootstrapInterval, describeInterval } from '../../../bench/lib/spread';
import { median } from '../../../bench/lib/report';

const ratioOfMedians = (a: number[], b: number[]) => (picked: number[]) =>
  median(picked.map((i) => a[i])) / median(picked.map((i) => b[i]));

describe('bench spread (bootstrap over rounds)', () => {
  it('gives a single point when every round says the same', () => {
    const iv = bootstrapInterval(9, ratioOfMedians(Array(9).fill(30), Array(9).fill(20)));
    assert.equal(iv.low, 1.5);
    assert.equal(iv.high, 1.5);
  });

  it('widens with the spread of the rounds, and holds the figure of all rounds', () => {
    const b = [10, 10, 10, 10, 10, 10, 10, 10, 10];
    const tight = [19, 20, 21, 20, 19, 21, 20, 20, 20];
    const loose = [12, 30, 15, 26, 20, 14, 28, 20, 23];
    const t = bootstrapInterval(9, ratioOfMedians(tight, b));
    const l = bootstrapInterval(9, ratioOfMedians(loose, b));
    assert.ok(t.high - t.low < l.high - l.low, `tight ${t.low}–${t.high}, loose ${l.low}–${l.high}`);
    assert.ok(l.low <= 2 && 2 <= l.high);
    assert.ok(l.low >= 1.2 && l.high <= 3.0);
  });

  it('keeps the variants of one round paired', () => {
    // Each round's variant is exactly twice its base, whatever the machine did that round: the
    // ratio never moves, although both series on their own spread widely.
    const base = [10, 40, 15, 30, 25, 12, 35, 20, 18];
    const iv = bootstrapInterval(
      9,
      ratioOfMedians(
        base.map((b) => 2 * b),
        base,
      ),
    );
    assert.deepEqual([iv.low, iv.high], [2, 2]);
  });

  it('is the same for the same rounds (seeded), and says nothing with one round', () => {
    const a = [3, 5, 4, 8, 2, 6, 7];
    const f = (p: number[]) => median(p.map((i) => a[i]));
    assert.deepEqual(bootstrapInterval(7, f), bootstrapInterval(7, f));
    assert.ok(Number.isNaN(bootstrapInterval(1, f).low));
    assert.equal(describeInterval(bootstrapInterval(1, f)), '');
  });

  it("says when the range holds the goal's bound", () => {
    assert.equal(
      describeInterval({ low: 1.41, high: 2.2, coverage: 0.8 }, '<= 1.5'),
      "80 % of redrawn rounds: 1.41–2.20, which holds the goal's 1.5",
    );
    assert.equal(
      describeInterval({ low: 1.6, high: 2.2, coverage: 0.8 }, '<= 1.5'),
      '80 % of redrawn rounds: 1.60–2.20',
    );
  });
});
