// Hour and day buckets of summaries: in UTC, and in the host's local time as csv-log's
// patterns use it.
import assert from 'node:assert/strict';
import { IntervalClock } from '../../../nodes/history/intervals';

describe('history intervals', () => {
  it('starts UTC hours and days on the hour and at midnight, each bucket ending where the next starts', () => {
    const hour = new IntervalClock('hour', 'utc');
    const t = Date.parse('2024-05-01T13:45:10.500Z');
    assert.equal(hour.startOf(t), Date.parse('2024-05-01T13:00:00Z'));
    assert.equal(hour.endOf(hour.startOf(t)), Date.parse('2024-05-01T14:00:00Z'));
    const day = new IntervalClock('day', 'utc');
    assert.equal(day.startOf(t), Date.parse('2024-05-01T00:00:00Z'));
    assert.equal(day.endOf(day.startOf(t)), Date.parse('2024-05-02T00:00:00Z'));
    // The remembered bucket does not leak into the next one.
    assert.equal(day.startOf(Date.parse('2024-05-02T00:00:00Z')), Date.parse('2024-05-02T00:00:00Z'));
    assert.equal(day.startOf(Date.parse('2024-04-30T23:59:59.999Z')), Date.parse('2024-04-30T00:00:00Z'));
  });

  it('starts local days at local midnight', () => {
    const day = new IntervalClock('day', 'local');
    const t = new Date(2024, 4, 1, 23, 30).getTime();
    assert.equal(day.startOf(t), new Date(2024, 4, 1).getTime());
    assert.equal(day.endOf(day.startOf(t)), new Date(2024, 4, 2).getTime());
  });
});
