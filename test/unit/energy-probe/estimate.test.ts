import assert from 'node:assert/strict';
import { estimateWatts, DEFAULT_COEFFICIENTS, invalidCoefficient } from '../../../nodes/energy-probe/estimate';

describe('energy-probe estimate model (energy.md §2.2)', () => {
  it('reproduces the CCF worked example: 4 vCPU, 10 h, 50 %, 16 GB, AWS, PUE 1.135 → 0.167435 kWh', () => {
    const aws = { minWattsPerCore: 0.74, maxWattsPerCore: 3.5, memoryWattsPerGB: 0.392, pue: 1.135 };
    const kwh = (estimateWatts(0.5, 4, 16, aws) * 10) / 1000;
    assert.ok(Math.abs(kwh - 0.167435) < 5e-7, `got ${kwh}`);
    // the parts before PUE: 0.0848 kWh CPU (no memory) and 0.06272 kWh memory (no CPU)
    const noPue = { ...aws, pue: 1 };
    assert.ok(Math.abs((estimateWatts(0.5, 4, 0, noPue) * 10) / 1000 - 0.0848) < 1e-12);
    assert.ok(Math.abs((estimateWatts(0.5, 0, 16, noPue) * 10) / 1000 - 0.06272) < 1e-12);
  });

  it('uses CCF AWS defaults with PUE 1 and clamps load to 0..1', () => {
    assert.deepEqual(
      { ...DEFAULT_COEFFICIENTS },
      { minWattsPerCore: 0.74, maxWattsPerCore: 3.5, memoryWattsPerGB: 0.392, pue: 1 },
    );
    assert.equal(estimateWatts(0, 2, 0, DEFAULT_COEFFICIENTS), 1.48);
    assert.equal(estimateWatts(1, 2, 0, DEFAULT_COEFFICIENTS), 7);
    assert.equal(estimateWatts(1.7, 2, 0, DEFAULT_COEFFICIENTS), 7);
    assert.equal(estimateWatts(-0.2, 2, 0, DEFAULT_COEFFICIENTS), 1.48);
  });

  it('names the first bad coefficient', () => {
    assert.equal(invalidCoefficient(DEFAULT_COEFFICIENTS), undefined);
    assert.equal(invalidCoefficient({ ...DEFAULT_COEFFICIENTS, minWattsPerCore: -1 }), 'minWattsPerCore');
    assert.equal(invalidCoefficient({ ...DEFAULT_COEFFICIENTS, maxWattsPerCore: 0.5 }), 'maxWattsPerCore');
    assert.equal(invalidCoefficient({ ...DEFAULT_COEFFICIENTS, memoryWattsPerGB: NaN }), 'memoryWattsPerGB');
    assert.equal(invalidCoefficient({ ...DEFAULT_COEFFICIENTS, pue: 0.9 }), 'pue');
  });
});
