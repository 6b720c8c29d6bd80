// Aggregate NEWS2: the spec's worked vectors 7–11, partial totals and the scale.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assess, BANDS, bandFor, NEWS2_PARAMETERS, type News2Inputs } from '../../../nodes/news2/score';

describe('news2 assess: worked vectors (health.md §6)', () => {
  it('7 healthy → 0 low', () => {
    const r = assess(
      {
        respiratoryRate: 18,
        spo2: 96,
        onOxygen: false,
        systolic: 120,
        heartRate: 80,
        consciousness: 'A',
        temperature: 37.0,
      },
      1,
    );
    assert.deepEqual(r, {
      total: 0,
      band: 'low',
      scores: { respiratoryRate: 0, spo2: 0, oxygen: 0, systolic: 0, heartRate: 0, consciousness: 0, temperature: 0 },
      complete: true,
      missing: [],
      scale: 1,
    });
  });
  it('8 deteriorating on oxygen → 8 high', () => {
    const r = assess(
      {
        respiratoryRate: 23,
        spo2: 94,
        onOxygen: true,
        systolic: 108,
        heartRate: 104,
        consciousness: 'A',
        temperature: 38.4,
      },
      1,
    );
    assert.deepEqual(r.scores, {
      respiratoryRate: 2,
      spo2: 1,
      oxygen: 2,
      systolic: 1,
      heartRate: 1,
      consciousness: 0,
      temperature: 1,
    });
    assert.equal(r.total, 8);
    assert.equal(r.band, 'high');
    assert.equal(r.complete, true);
  });
  it('9 scale 2 in target → 2 low', () => {
    const r = assess(
      {
        respiratoryRate: 14,
        spo2: 89,
        onOxygen: true,
        systolic: 124,
        heartRate: 76,
        consciousness: 'A',
        temperature: 36.6,
      },
      2,
    );
    assert.deepEqual(r.scores, {
      respiratoryRate: 0,
      spo2: 0,
      oxygen: 2,
      systolic: 0,
      heartRate: 0,
      consciousness: 0,
      temperature: 0,
    });
    assert.equal(r.total, 2);
    assert.equal(r.band, 'low');
    assert.equal(r.scale, 2);
  });
  it('10 single red score → 3 low-medium', () => {
    const r = assess(
      {
        respiratoryRate: 16,
        spo2: 98,
        onOxygen: false,
        systolic: 125,
        heartRate: 70,
        consciousness: 'C',
        temperature: 36.9,
      },
      1,
    );
    assert.deepEqual(r.scores, {
      respiratoryRate: 0,
      spo2: 0,
      oxygen: 0,
      systolic: 0,
      heartRate: 0,
      consciousness: 3,
      temperature: 0,
    });
    assert.equal(r.total, 3);
    assert.equal(r.band, 'low-medium');
  });
  it('11 scale 2 over-oxygenated → 5 medium', () => {
    const r = assess(
      {
        respiratoryRate: 16,
        spo2: 97,
        onOxygen: true,
        systolic: 130,
        heartRate: 85,
        consciousness: 'A',
        temperature: 37.0,
      },
      2,
    );
    assert.deepEqual(r.scores, {
      respiratoryRate: 0,
      spo2: 3,
      oxygen: 2,
      systolic: 0,
      heartRate: 0,
      consciousness: 0,
      temperature: 0,
    });
    assert.equal(r.total, 5);
    assert.equal(r.band, 'medium');
  });
  it('the same SpO2 97 on oxygen on scale 1 scores 0 for SpO2 (scale is not inferred)', () => {
    const r = assess(
      {
        respiratoryRate: 16,
        spo2: 97,
        onOxygen: true,
        systolic: 130,
        heartRate: 85,
        consciousness: 'A',
        temperature: 37.0,
      },
      1,
    );
    assert.equal(r.scores.spo2, 0);
    assert.equal(r.total, 2);
    assert.equal(r.band, 'low');
  });
});

describe('news2 assess: missing parameters', () => {
  it('a missing parameter is null and listed, and the total is the sum of the rest', () => {
    const r = assess({ respiratoryRate: 23, spo2: 94, onOxygen: true, heartRate: 104, consciousness: 'A' }, 1);
    assert.equal(r.complete, false);
    assert.deepEqual(r.missing, ['systolic', 'temperature']);
    assert.equal(r.scores.systolic, null);
    assert.equal(r.scores.temperature, null);
    assert.equal(r.total, 6);
    assert.equal(r.band, 'medium');
  });
  it('missing onOxygen is the missing parameter "oxygen"', () => {
    const r = assess(
      { respiratoryRate: 18, spo2: 96, systolic: 120, heartRate: 80, consciousness: 'A', temperature: 37 },
      1,
    );
    assert.deepEqual(r.missing, ['oxygen']);
    assert.equal(r.scores.oxygen, null);
    assert.equal(r.scores.spo2, 0);
  });
  it('missing consciousness is missing, not Alert', () => {
    const r = assess(
      { respiratoryRate: 18, spo2: 96, onOxygen: false, systolic: 120, heartRate: 80, temperature: 37 },
      1,
    );
    assert.deepEqual(r.missing, ['consciousness']);
    assert.equal(r.scores.consciousness, null);
  });
  it('scale 2, SpO2 ≥ 93 with oxygen unknown: both spo2 and oxygen are missing', () => {
    const r = assess(
      { respiratoryRate: 18, spo2: 95, systolic: 120, heartRate: 80, consciousness: 'A', temperature: 37 },
      2,
    );
    assert.deepEqual(r.missing, ['spo2', 'oxygen']);
    assert.equal(r.total, 0);
  });
  it('a lone 3 in a partial reading gives low-medium', () => {
    const r = assess({ heartRate: 135 }, 1);
    assert.equal(r.total, 3);
    assert.equal(r.band, 'low-medium');
    assert.equal(r.missing.length, 6);
  });
  it('a partial total and band never exceed those of the complete reading', () => {
    const reading = fc.record({
      respiratoryRate: fc.integer({ min: 2, max: 60 }),
      spo2: fc.integer({ min: 70, max: 100 }),
      onOxygen: fc.boolean(),
      systolic: fc.integer({ min: 50, max: 260 }),
      heartRate: fc.integer({ min: 20, max: 200 }),
      consciousness: fc.constantFrom('A', 'C', 'V', 'P', 'U' as const),
      temperature: fc.integer({ min: 330, max: 420 }).map((t) => t / 10),
    });
    const keys = [
      'respiratoryRate',
      'spo2',
      'onOxygen',
      'systolic',
      'heartRate',
      'consciousness',
      'temperature',
    ] as const;
    fc.assert(
      fc.property(reading, fc.subarray([...keys]), fc.constantFrom(1 as const, 2 as const), (full, drop, scale) => {
        const partial: News2Inputs = { ...(full as News2Inputs) };
        for (const k of drop) delete partial[k];
        const a = assess(full, scale);
        const b = assess(partial, scale);
        assert.equal(a.complete, true);
        assert.equal(b.complete, drop.length === 0);
        assert.ok(b.total <= a.total);
        assert.ok(BANDS.indexOf(b.band) <= BANDS.indexOf(a.band));
        for (const p of NEWS2_PARAMETERS) {
          assert.ok(b.scores[p] === null || b.scores[p] === a.scores[p]);
          assert.equal(b.missing.includes(p), b.scores[p] === null);
        }
      }),
    );
  });
});

describe('news2 assess: the result', () => {
  const vital = fc.option(fc.oneof(fc.integer({ min: 0, max: 300 }), fc.double({ min: 0, max: 300, noNaN: true })), {
    nil: undefined,
  });
  const inputs = fc.record({
    respiratoryRate: vital,
    spo2: vital,
    onOxygen: fc.option(fc.boolean(), { nil: undefined }),
    systolic: vital,
    heartRate: vital,
    consciousness: fc.option(fc.constantFrom('A', 'C', 'V', 'P', 'U' as const), { nil: undefined }),
    temperature: vital,
  }) as fc.Arbitrary<News2Inputs>;
  it('total is the sum of the scores, band follows the precedence rules, missing lists the nulls', () => {
    fc.assert(
      fc.property(inputs, fc.constantFrom(1 as const, 2 as const), (i, scale) => {
        const r = assess(i, scale);
        const scored = NEWS2_PARAMETERS.map((p) => r.scores[p]).filter((s): s is number => s !== null);
        assert.equal(
          r.total,
          scored.reduce((a, b) => a + b, 0),
        );
        assert.equal(r.band, bandFor(r.total, r.scores));
        assert.deepEqual(
          r.missing,
          NEWS2_PARAMETERS.filter((p) => r.scores[p] === null),
        );
        assert.equal(r.complete, r.missing.length === 0);
      }),
    );
  });
  it('is plain JSON data with its keys in the order the help lists them', () => {
    const r = assess({ heartRate: 80 }, 1);
    assert.deepEqual(Object.keys(r), ['total', 'band', 'scores', 'complete', 'missing', 'scale']);
    assert.deepEqual(Object.keys(r.scores), [...NEWS2_PARAMETERS]);
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
  });
});
