// Per-parameter NEWS2 scores against the RCP chart (health.md §3), boundary by boundary.
// Expected values are read off the chart by hand, not computed.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  scoreConsciousness,
  scoreHeartRate,
  scoreOxygen,
  scoreRespiratoryRate,
  scoreSpo2,
  scoreSystolic,
  scoreTemperature,
} from '../../../nodes/news2/score';

type Case = [number, number];
function table(name: string, fn: (v: number) => number | null, cases: Case[]): void {
  for (const [value, expected] of cases) {
    it(`${name} ${value} → ${expected}`, () => assert.equal(fn(value), expected));
  }
}

describe('news2 score: respiratory rate', () => {
  table('RR', scoreRespiratoryRate, [
    [4, 3],
    [8, 3],
    [9, 1],
    [11, 1],
    [12, 0],
    [20, 0],
    [21, 2],
    [24, 2],
    [25, 3],
    [40, 3],
  ]);
  it('fractional rates fall into the first row whose upper bound they do not exceed', () => {
    assert.equal(scoreRespiratoryRate(8.5), 1); // not ≤ 8, ≤ 11
    assert.equal(scoreRespiratoryRate(11.5), 0); // not ≤ 11, ≤ 20
    assert.equal(scoreRespiratoryRate(20.2), 2); // not ≤ 20, ≤ 24
    assert.equal(scoreRespiratoryRate(24.01), 3);
  });
});

describe('news2 score: SpO2 scale 1', () => {
  for (const onOxygen of [false, true, undefined]) {
    table(`SpO2 s1 (onOxygen ${onOxygen})`, (v) => scoreSpo2(v, 1, onOxygen), [
      [85, 3],
      [91, 3],
      [92, 2],
      [93, 2],
      [94, 1],
      [95, 1],
      [96, 0],
      [100, 0],
    ]);
  }
  it('fractional SpO2 on scale 1', () => {
    assert.equal(scoreSpo2(91.5, 1, false), 2);
    assert.equal(scoreSpo2(95.5, 1, false), 0);
  });
});

describe('news2 score: SpO2 scale 2', () => {
  // Below 88 % and in 88–92 % the score does not depend on air or oxygen.
  for (const onOxygen of [false, true, undefined]) {
    table(`SpO2 s2 (onOxygen ${onOxygen})`, (v) => scoreSpo2(v, 2, onOxygen), [
      [80, 3],
      [83, 3],
      [84, 2],
      [85, 2],
      [86, 1],
      [87, 1],
      [88, 0],
      [92, 0],
    ]);
  }
  table('SpO2 s2 on air', (v) => scoreSpo2(v, 2, false), [
    [93, 0],
    [94, 0],
    [95, 0],
    [96, 0],
    [97, 0],
    [100, 0],
  ]);
  table('SpO2 s2 on oxygen', (v) => scoreSpo2(v, 2, true), [
    [93, 1],
    [94, 1],
    [95, 2],
    [96, 2],
    [97, 3],
    [100, 3],
  ]);
  it('at 93 % or more with air/oxygen unknown the score is unknown (null), not 0', () => {
    assert.equal(scoreSpo2(93, 2, undefined), null);
    assert.equal(scoreSpo2(99, 2, undefined), null);
  });
  it('fractional SpO2 on scale 2', () => {
    assert.equal(scoreSpo2(87.5, 2, true), 0);
    assert.equal(scoreSpo2(92.5, 2, true), 1);
    assert.equal(scoreSpo2(92.5, 2, false), 0);
    assert.equal(scoreSpo2(96.5, 2, true), 3);
  });
});

describe('news2 score: air or oxygen', () => {
  it('oxygen scores 2, air 0', () => {
    assert.equal(scoreOxygen(true), 2);
    assert.equal(scoreOxygen(false), 0);
  });
});

describe('news2 score: systolic BP', () => {
  table('SBP', scoreSystolic, [
    [70, 3],
    [90, 3],
    [91, 2],
    [100, 2],
    [101, 1],
    [110, 1],
    [111, 0],
    [219, 0],
    [220, 3],
    [260, 3],
  ]);
  it('fractional pressures (e.g. converted from kPa)', () => {
    assert.equal(scoreSystolic(90.4), 2);
    assert.equal(scoreSystolic(110.5), 0);
    assert.equal(scoreSystolic(219.5), 3);
  });
});

describe('news2 score: pulse', () => {
  table('pulse', scoreHeartRate, [
    [30, 3],
    [40, 3],
    [41, 1],
    [50, 1],
    [51, 0],
    [90, 0],
    [91, 1],
    [110, 1],
    [111, 2],
    [130, 2],
    [131, 3],
    [180, 3],
  ]);
  it('fractional pulse', () => assert.equal(scoreHeartRate(90.5), 1));
});

describe('news2 score: consciousness (ACVPU)', () => {
  it('Alert scores 0', () => assert.equal(scoreConsciousness('A'), 0));
  for (const level of ['C', 'V', 'P', 'U'] as const) {
    it(`${level} scores 3`, () => assert.equal(scoreConsciousness(level), 3));
  }
});

describe('news2 score: temperature', () => {
  table('temp', scoreTemperature, [
    [34.0, 3],
    [35.0, 3],
    [35.1, 1],
    [36.0, 1],
    [36.1, 0],
    [38.0, 0],
    [38.1, 1],
    [39.0, 1],
    [39.1, 2],
    [41.0, 2],
  ]);
  it('≥ 39.1 tops out at 2, never 3', () => assert.equal(scoreTemperature(44.9), 2));
  it('values with more decimals follow the ≤ chain', () => {
    assert.equal(scoreTemperature(35.04), 1);
    assert.equal(scoreTemperature(38.04), 1);
    assert.equal(scoreTemperature(39.05), 2);
  });
  it('°F conversions land in the intended row despite binary rounding', () => {
    const c = (f: number) => ((f - 32) * 5) / 9;
    assert.equal(scoreTemperature(c(95.0)), 3); // 35.0
    assert.equal(scoreTemperature(c(96.8)), 1); // 36.0
    assert.equal(scoreTemperature(c(100.4)), 0); // 38.0
    assert.equal(scoreTemperature(c(100.58)), 1); // 38.1
    assert.equal(scoreTemperature(c(102.2)), 1); // 39.0
    assert.equal(scoreTemperature(c(102.38)), 2); // 39.1
  });
  it("a value a few ulps above a bound (binary noise) stays in the bound's row", () => {
    assert.equal(scoreTemperature(38.000000000000007), 0);
    assert.equal(scoreTemperature(35.00000000000001), 3);
    assert.equal(scoreRespiratoryRate(20.000000000000004), 0);
  });
});

// The chart read as inclusive integer ranges, an independent way of writing the same rows.
function rangeScore(v: number, rows: Array<[number, number, number]>): number {
  const row = rows.find(([lo, hi]) => v >= lo && v <= hi);
  if (!row) throw new Error(`no row for ${v}`);
  return row[2];
}
const RR_ROWS: Array<[number, number, number]> = [
  [0, 8, 3],
  [9, 11, 1],
  [12, 20, 0],
  [21, 24, 2],
  [25, 200, 3],
];
const SBP_ROWS: Array<[number, number, number]> = [
  [0, 90, 3],
  [91, 100, 2],
  [101, 110, 1],
  [111, 219, 0],
  [220, 400, 3],
];
const HR_ROWS: Array<[number, number, number]> = [
  [0, 40, 3],
  [41, 50, 1],
  [51, 90, 0],
  [91, 110, 1],
  [111, 130, 2],
  [131, 400, 3],
];

describe('news2 score: properties', () => {
  it('integer inputs agree with the chart read as ranges', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), (v) => {
        assert.equal(scoreRespiratoryRate(v), rangeScore(v, RR_ROWS));
        assert.equal(scoreSystolic(v * 2), rangeScore(v * 2, SBP_ROWS));
        assert.equal(scoreHeartRate(v * 2), rangeScore(v * 2, HR_ROWS));
      }),
    );
  });
  it('a fractional integer-parameter value scores as its ceiling (the ≤ upper bound chain)', () => {
    fc.assert(
      // Within 1e-9 of a bound the scorer's float-noise tolerance applies on purpose; keep clear of it.
      fc.property(
        fc.double({ min: 1, max: 300, noNaN: true }).filter((v) => Math.abs(v - Math.round(v)) > 1e-6),
        (v) => {
          assert.equal(scoreRespiratoryRate(v), scoreRespiratoryRate(Math.ceil(v)));
          assert.equal(scoreSystolic(v), scoreSystolic(Math.ceil(v)));
          assert.equal(scoreHeartRate(v), scoreHeartRate(Math.ceil(v)));
          assert.equal(scoreSpo2(v, 1, true), scoreSpo2(Math.ceil(v), 1, true));
          assert.equal(scoreSpo2(v, 2, true), scoreSpo2(Math.ceil(v), 2, true));
        },
      ),
    );
  });
  it('every score is 0–3', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 400, noNaN: true }), fc.boolean(), (v, o2) => {
        for (const s of [
          scoreRespiratoryRate(v),
          scoreSystolic(v),
          scoreHeartRate(v),
          scoreTemperature(v),
          scoreSpo2(v, 1, o2),
          scoreSpo2(v, 2, o2),
        ]) {
          assert.ok(s !== null && s >= 0 && s <= 3 && Number.isInteger(s), `score ${s} for ${v}`);
        }
      }),
    );
  });
});
