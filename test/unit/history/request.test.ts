// A query message with the node's defaults: the range, keys and output, and a clear error for
// every field the node cannot use.
import assert from 'node:assert/strict';
import { durationMs, parseRequest, RequestError, type RequestDefaults } from '../../../nodes/history/request';

const NOW = Date.parse('2024-05-02T12:00:00Z');
const D: RequestDefaults = { lastMs: 86400000, output: 'series', points: 600, interval: 'hour', spo2Scale: 1 };

describe('history request (msg.payload)', () => {
  it('fills every missing field from the defaults: the last 24 h up to now, every key and column', () => {
    for (const payload of [undefined, {}, 1714651200000, '']) {
      assert.deepEqual(parseRequest(payload, D, NOW), {
        from: NOW - 86400000,
        to: NOW,
        keys: null,
        columns: null,
        output: 'series',
        points: 600,
        interval: 'hour',
        files: null,
        spo2Scale: 1,
      });
    }
  });

  it('reads from/to as ISO text or ms, last as 24h/7d/90m/seconds, keys as one or a list', () => {
    const r = parseRequest(
      { from: '2024-05-01T00:00:00Z', to: 1714608000000, keys: 'p-1', columns: ['hr'], output: 'rows', points: 50 },
      D,
      NOW,
    );
    assert.equal(r.from, Date.parse('2024-05-01T00:00:00Z'));
    assert.equal(r.to, 1714608000000);
    assert.deepEqual(r.keys, ['p-1']);
    assert.equal(r.output, 'rows');
    assert.equal(parseRequest({ last: '90m' }, D, NOW).from, NOW - 90 * 60000);
    assert.equal(parseRequest({ last: 30 }, D, NOW).from, NOW - 30000);
    assert.equal(parseRequest({ keys: 'all' }, D, NOW).keys, null);
    assert.deepEqual(parseRequest({ keys: [101, 'p-2', 101] }, D, NOW).keys, ['101', 'p-2']);
    assert.equal(durationMs('7d'), 7 * 86400000);
    assert.ok(Number.isNaN(durationMs('soon')));
  });

  const bad: [unknown, RegExp][] = [
    [[1, 2], /must be a query object/],
    [{ form: '2024-05-01' }, /unknown query field "form"/],
    [{ from: 'yesterday' }, /from "yesterday" is not a time/],
    [{ from: '2024-05-03T00:00:00Z' }, /from must be before to/],
    [{ last: '1 week' }, /last must be like/],
    [{ last: '24h', from: 0 }, /either from or last/],
    [{ output: 'chart' }, /output must be one of series, summary, rows/],
    [{ points: 1 }, /points must be a whole number from 2/],
    [{ points: 2.5 }, /points must be a whole number/],
    [{ interval: 'week' }, /interval must be one of hour, day/],
    [{ keys: [true] }, /keys must be a text or a list of texts/],
    [{ keys: { id: 1 } }, /keys must be a text or a list of texts/],
    [{ files: [] }, /files must be a text or a list of texts/],
    [{ spo2Scale: 3 }, /spo2Scale must be 1 or 2/],
  ];
  for (const [payload, message] of bad) {
    it(`refuses ${JSON.stringify(payload)}`, () => {
      assert.throws(
        () => parseRequest(payload, D, NOW),
        (err: unknown) => err instanceof RequestError && message.test(err.message),
      );
    });
  }
});
