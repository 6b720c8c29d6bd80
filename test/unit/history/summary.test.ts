// SummaryBuilder on its own: readings out of time order within a bucket, a column that a later
// file brings into buckets that already exist, and the order of the entries.
import assert from 'node:assert/strict';
import { IntervalClock } from '../../../nodes/history/intervals';
import { SummaryBuilder } from '../../../nodes/history/summary';

const HOUR = 3600000;
const T0 = Date.UTC(2026, 10, 23);

describe('history SummaryBuilder', () => {
  it("takes first and last by each reading's own time, not the order they are added in", () => {
    const s = new SummaryBuilder(new IntervalClock('hour', 'utc'));
    const hr = s.column('hr');
    for (const [dt, y] of [
      [30 * 60000, 80],
      [5 * 60000, 61],
      [50 * 60000, 99],
      [40 * 60000, 70],
    ]) {
      s.add(s.bucket('p-1', T0 + dt), hr, T0 + dt, y);
    }
    assert.deepEqual(s.entries(), [
      {
        key: 'p-1',
        start: T0,
        interval: 'hour',
        column: 'hr',
        count: 4,
        min: 61,
        max: 99,
        mean: 77.5,
        first: 61,
        last: 99,
      },
    ]);
  });

  it('adds a column that a later file brings to a bucket made before it, and sorts keys, buckets and columns', () => {
    const s = new SummaryBuilder(new IntervalClock('hour', 'utc'));
    // The first file: only "temp".
    const temp = s.column('temp');
    s.add(s.bucket('p-2', T0 + HOUR), temp, T0 + HOUR, 37.5);
    s.add(s.bucket('p-1', T0 + 10), temp, T0 + 10, 36.5);
    // A numbered file after a header change: "hr" as well, in the buckets made already and a new one.
    const hr = s.column('hr');
    s.add(s.bucket('p-1', T0 + 20), hr, T0 + 20, 72);
    s.add(s.bucket('p-1', T0 + 30), temp, T0 + 30, 37.5);
    s.add(s.bucket('p-1', T0 + HOUR + 5), hr, T0 + HOUR + 5, 90);
    const got = s.entries().map((e) => [e.key, (e.start - T0) / HOUR, e.column, e.count, e.mean, e.first, e.last]);
    assert.deepEqual(got, [
      ['p-1', 0, 'hr', 1, 72, 72, 72],
      ['p-1', 0, 'temp', 2, 37, 36.5, 37.5],
      ['p-1', 1, 'hr', 1, 90, 90, 90],
      ['p-2', 1, 'temp', 1, 37.5, 37.5, 37.5],
    ]);
  });

  it('gives no entry for a bucket whose columns had no value', () => {
    const s = new SummaryBuilder(new IntervalClock('day', 'utc'));
    s.column('hr');
    s.bucket('p-1', T0);
    assert.deepEqual(s.entries(), []);
  });
});
