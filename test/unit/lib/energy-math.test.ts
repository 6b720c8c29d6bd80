import assert from 'node:assert/strict';
import {
  trapezoidStep,
  joulesToKWh,
  joulesToWh,
  energyCost,
  co2Grams,
  toNonNegativeNumber,
  DEFAULT_GRID_INTENSITY,
} from '../../../nodes/lib/energy-math';

/** The integral of a series (t in ms), one trapezoid step per interval, as the energy meter sums it. */
const integral = (samples: { t: number; w: number }[], maxGapS?: number) =>
  samples.slice(1).reduce((j, b, i) => j + trapezoidStep(samples[i], b, maxGapS), 0);

describe('energy-math (energy.md §5)', () => {
  it('integrates the spec trapezoid example to 27 000 J = 7.5 Wh = 0.0075 kWh', () => {
    const samples = [
      { t: 0, w: 100 },
      { t: 60000, w: 200 },
      { t: 120000, w: 200 },
      { t: 180000, w: 0 },
    ];
    const j = integral(samples);
    assert.equal(j, 27000);
    assert.equal(joulesToWh(j), 7.5);
    assert.equal(joulesToKWh(j), 0.0075);
  });

  it('drops an interval longer than the max gap instead of bridging it', () => {
    const samples = [
      { t: 0, w: 100 },
      { t: 60000, w: 200 },
      { t: 600000, w: 200 },
      { t: 660000, w: 0 },
    ];
    // 9000 J + (gap of 540 s dropped) + 6000 J
    assert.equal(integral(samples, 180), 15000);
    assert.equal(trapezoidStep({ t: 10000, w: 5 }, { t: 10000, w: 5 }), 0);
    assert.equal(trapezoidStep({ t: 10000, w: 5 }, { t: 5000, w: 5 }), 0);
  });

  it('prices 1.2 kWh at 0.30 per kWh as 0.36 and at 233 g/kWh as 279.6 g', () => {
    assert.ok(Math.abs(energyCost(1.2, 0.3) - 0.36) < 1e-12);
    assert.ok(Math.abs(co2Grams(1.2, 233) - 279.6) < 1e-9);
    assert.equal(DEFAULT_GRID_INTENSITY, 475);
  });

  it('accepts prices as numbers or numeric strings and rejects negatives and junk', () => {
    assert.equal(toNonNegativeNumber('0.30'), 0.3);
    assert.equal(toNonNegativeNumber(233), 233);
    assert.equal(toNonNegativeNumber(-1), undefined);
    assert.equal(toNonNegativeNumber('abc'), undefined);
    assert.equal(toNonNegativeNumber(''), undefined);
    assert.equal(toNonNegativeNumber(NaN), undefined);
  });
});
