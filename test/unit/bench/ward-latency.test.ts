// The ward benchmark's delay from a probe's raising reading to its alarm on the page.
import assert from 'node:assert/strict';
import { matchDelays, percentile } from '../../../bench/lib/ward-latency';

describe('bench ward: reading-to-alarm delays', () => {
  const raises = [
    { key: 'probe-01', firstHighAt: 1000, raiseAt: 2000 },
    { key: 'probe-02', firstHighAt: 1500, raiseAt: 2500 },
    { key: 'probe-01', firstHighAt: 16000, raiseAt: 17000 },
  ];

  it("takes each raise's first alarm of its key from its cycle's first high reading on, before the next cycle", () => {
    const d = matchDelays(raises, [
      { key: 'probe-01', t: 900 }, // before the cycle: an earlier alarm of the key
      { key: 'probe-01', t: 2300 },
      { key: 'probe-01', t: 2400 }, // the same alarm shown again (a notification beside the text)
      { key: 'probe-02', t: 3500 },
      { key: 'probe-01', t: 17050 },
    ]);
    assert.deepEqual(d.ms, [300, 1000, 50]);
    assert.equal(d.seen, 3);
    assert.equal(d.raised, 3);
    assert.equal(d.early, 0);
  });

  it('counts an alarm never shown as infinitely late, and one shown in the next cycle as not shown for this one', () => {
    const d = matchDelays(raises, [{ key: 'probe-01', t: 16500 }]);
    assert.deepEqual(d.ms, [Infinity, Infinity, -500]);
    assert.equal(d.seen, 1);
    assert.equal(d.early, 1, 'shown after the first high reading of the cycle but before the raising one');
  });

  it('percentiles by nearest rank; a missed alarm makes p99 infinite once more than 1 % are missed', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(values, 50), 50);
    assert.equal(percentile(values, 99), 99);
    assert.equal(percentile([...values.slice(1), Infinity], 99), 100);
    assert.equal(percentile([...values.slice(2), Infinity, Infinity], 99), Infinity);
    assert.ok(Number.isNaN(percentile([], 50)));
    assert.equal(percentile([7], 99), 7);
  });
});
