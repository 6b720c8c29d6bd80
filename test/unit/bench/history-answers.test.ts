// The history benchmark fails when its two sides answer differently (bench/lib/history-answers.ts):
// checked here on answers whose agreement or difference is known.
import assert from 'node:assert/strict';
import { compareSeries, compareSummary, GroupRow } from '../../../bench/lib/history-answers';

const H = 3_600_000;
const readings: [number, number][] = [
  [1000, 70],
  [61000, 72],
  [121000, 140],
  [181000, 68],
  [241000, 41],
  [301000, 75],
];

describe('history benchmark: same answer on both sides', () => {
  describe('series', () => {
    it('agrees when every point is a reading and the highest and lowest are kept', () => {
      const c = compareSeries({ points: [readings[2], readings[4]] }, { points: readings }, 4);
      assert.equal(c.ok, true, c.says);
      assert.match(c.says, /2 points drawn from pandas' 6 readings/);
      assert.match(c.says, /highest 140 and lowest 41/);
    });

    it('fails when the peak was smoothed away', () => {
      const c = compareSeries({ points: [readings[0], readings[4], readings[5]] }, { points: readings }, 4);
      assert.equal(c.ok, false);
      assert.match(c.says, /highest value: ours 75, pandas 140/);
    });

    it('fails on a point that is no reading (an average, or a shifted time)', () => {
      const c = compareSeries(
        {
          points: [
            [121000, 140],
            [241000, 41],
            [200000, 90],
          ],
        },
        { points: readings },
        4,
      );
      assert.equal(c.ok, false);
      assert.match(c.says, /1 of our points are no reading: 1970-01-01T00:03:20.000Z 90/);
    });

    it('fails on more points than asked for, and on an empty side', () => {
      assert.match(compareSeries({ points: readings }, { points: readings }, 5).says, /6 points, more than 5/);
      assert.match(compareSeries({ points: [] }, { points: readings }, 5).says, /ours drew no point/);
      assert.match(compareSeries({ points: [] }, { points: [] }, 5).says, /pandas found no reading/);
    });
  });

  describe('hourly summary', () => {
    const groups: GroupRow[] = [
      ['p-001', 0, 'heartRate', 60, 50, 90, 70.25, 55, 80],
      ['p-001', H, 'heartRate', 59, 52, 150, 71.5, 60, 61],
      ['p-002', 0, 'spo2', 60, 91, 99, 96.1, 97, 95],
    ];
    const copy = () => groups.map((g) => [...g] as GroupRow);

    it('agrees on the same groups in any order, the mean within rounding', () => {
      const ours = copy().reverse();
      ours[0][6] = 96.1 + 1e-12;
      const c = compareSummary({ groups: ours }, { groups });
      assert.equal(c.ok, true, c.says);
      assert.match(c.says, /3 groups \(patient, hour, vital\) over 179 values/);
      assert.match(c.says, /highest heart rate 150 on both sides/);
    });

    it('fails on a different figure and names it', () => {
      const ours = copy();
      ours[1][3] = 58;
      const c = compareSummary({ groups: ours }, { groups });
      assert.equal(c.ok, false);
      assert.match(c.says, /p-001 1970-01-01T01:00:00.000Z heartRate count: ours 58, pandas 59/);
    });

    it('fails on a missing or an extra group', () => {
      assert.equal(compareSummary({ groups: copy().slice(1) }, { groups }).ok, false);
      const extra = [...copy(), ['p-003', 0, 'spo2', 1, 90, 90, 90, 90, 90] as GroupRow];
      const c = compareSummary({ groups: extra }, { groups });
      assert.equal(c.ok, false);
      assert.match(c.says, /ours 4 groups, pandas 3.*p-003 1970-01-01T00:00:00.000Z spo2: not in pandas' answer/);
    });

    it('fails on a group put in another hour', () => {
      const ours = copy();
      ours[0][1] = 2 * H;
      assert.equal(compareSummary({ groups: ours }, { groups }).ok, false);
    });
  });
});
