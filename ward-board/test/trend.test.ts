import assert from 'node:assert/strict';
import { Trend } from '../state/trend';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 1, 8, 0, 0);

describe('ward-board trend (fixed buckets)', () => {
  it('keeps lowest, highest and last per bucket, oldest first', () => {
    const trend = new Trend(60, MIN);
    trend.add(T0 + 1_000, 3);
    trend.add(T0 + 20_000, 7);
    trend.add(T0 + 40_000, 5);
    trend.add(T0 + MIN + 5_000, 2);
    assert.deepEqual(trend.points(T0 + 2 * MIN), [
      { t: T0, min: 3, max: 7, last: 5 },
      { t: T0 + MIN, min: 2, max: 2, last: 2 },
    ]);
  });

  it('says when what the sparkline draws changed: a new bucket or a new highest value', () => {
    const trend = new Trend(60, MIN);
    assert.equal(trend.add(T0, 3), true, 'first value');
    assert.equal(trend.add(T0 + 1_000, 3), false, 'same value');
    assert.equal(trend.add(T0 + 2_000, 2), false, 'lower value: highest unchanged');
    assert.equal(trend.add(T0 + 3_000, 5), true, 'higher value');
    assert.equal(trend.add(T0 + MIN, 1), true, 'next bucket');
  });

  it('holds only the last `size` buckets, however long it runs', () => {
    const trend = new Trend(60, MIN);
    for (let m = 0; m < 600; m++) trend.add(T0 + m * MIN, m);
    const points = trend.points(T0 + 599 * MIN);
    assert.equal(points.length, 60);
    assert.equal(points[0].last, 540);
    assert.equal(points[59].last, 599);
  });

  it('takes values out of order within the window and drops those older than it', () => {
    const trend = new Trend(60, MIN);
    trend.add(T0 + 30 * MIN, 4);
    assert.equal(trend.add(T0 + 10 * MIN, 6), true, 'a backlog value inside the window');
    assert.equal(trend.add(T0 - 40 * MIN, 9), false, 'older than the window');
    assert.deepEqual(
      trend.points(T0 + 30 * MIN).map((p) => p.last),
      [6, 4],
    );
  });

  it('gives the maxima of the window ending now, null where nothing came', () => {
    const trend = new Trend(5, MIN);
    trend.add(T0, 1);
    trend.add(T0 + 10_000, 4);
    trend.add(T0 + 2 * MIN, 2);
    assert.deepEqual(trend.maxima(T0 + 2 * MIN), [null, null, 4, null, 2]);
    // Later, with nothing new: the window has moved on.
    assert.deepEqual(trend.maxima(T0 + 5 * MIN), [null, 2, null, null, null]);
    assert.deepEqual(trend.maxima(T0 + 60 * MIN), [null, null, null, null, null]);
  });
});
