// The downsampled series keeps every bucket's lowest and highest reading, at their own times,
// and never more than `points` points per series: checked against a plain loop over the readings.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SeriesBuilder } from '../../../nodes/history/series';

const FROM = 1_700_000_000_000;

describe('history series: min and max of every bucket (property)', () => {
  it('keeps each bucket’s min and max, in time order, at most `points` per series', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 100000 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -1000, max: 1000 }), fc.constantFrom('a', 'b')), {
          maxLength: 300,
        }),
        (points, span, raw) => {
          const to = FROM + span;
          const readings = raw.map(([dx, y, key]) => ({ key, x: FROM + (dx % (span + 1)), y }));
          const s = new SeriesBuilder(FROM, to, points);
          for (const r of readings) s.add(r.key, 'hr', r.x, r.y);
          const out = s.points();
          const buckets = Math.floor(points / 2);
          const width = span / buckets;
          for (const key of ['a', 'b']) {
            const mine = out.filter((p) => p.key === key);
            assert.ok(mine.length <= points);
            for (let i = 1; i < mine.length; i++) assert.ok(mine[i - 1].x <= mine[i].x, 'time order');
            // Reference: per bucket, the lowest and highest y of the readings in it.
            for (let b = 0; b < buckets; b++) {
              const inBucket = readings.filter(
                (r) => r.key === key && Math.min(buckets - 1, Math.floor((r.x - FROM) / width)) === b,
              );
              const kept = mine.filter((p) => Math.min(buckets - 1, Math.floor((p.x - FROM) / width)) === b);
              if (inBucket.length === 0) {
                assert.equal(kept.length, 0);
                continue;
              }
              const ys = inBucket.map((r) => r.y);
              const lo = Math.min(...ys);
              const hi = Math.max(...ys);
              assert.ok(kept.length >= 1 && kept.length <= 2);
              assert.equal(Math.min(...kept.map((p) => p.y)), lo);
              assert.equal(Math.max(...kept.map((p) => p.y)), hi);
              // Each kept point is a real reading (its own time and value).
              for (const p of kept) assert.ok(inBucket.some((r) => r.x === p.x && r.y === p.y));
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
