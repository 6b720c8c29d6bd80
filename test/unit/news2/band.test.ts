import assert from 'node:assert/strict';
import { bandFor } from '../../../nodes/news2/score';

const noThree = { respiratoryRate: 1, spo2: 1, oxygen: 0, systolic: 1, heartRate: 1, consciousness: 0, temperature: 0 };

describe('news2 band', () => {
  it('total 0 → low', () =>
    assert.equal(bandFor(0, { ...noThree, respiratoryRate: 0, spo2: 0, systolic: 0, heartRate: 0 }), 'low'));
  it('total 4 without a 3 → low', () => assert.equal(bandFor(4, noThree), 'low'));
  it('a single 3 with total 3 → low-medium', () => assert.equal(bandFor(3, { consciousness: 3 }), 'low-medium'));
  it('a single 3 with total 4 → low-medium', () =>
    assert.equal(bandFor(4, { consciousness: 3, heartRate: 1 }), 'low-medium'));
  it('total 5 without a 3 → medium', () =>
    assert.equal(bandFor(5, { ...noThree, oxygen: 2, heartRate: 0, systolic: 0 }), 'medium'));
  it('total 5 with a 3 → medium (totals take precedence)', () =>
    assert.equal(bandFor(5, { spo2: 3, oxygen: 2 }), 'medium'));
  it('total 6 → medium', () => assert.equal(bandFor(6, { spo2: 3, oxygen: 2, temperature: 1 }), 'medium'));
  it('total 7 → high', () => assert.equal(bandFor(7, { spo2: 3, oxygen: 2, respiratoryRate: 2 }), 'high'));
  it('total 20 → high', () =>
    assert.equal(
      bandFor(20, {
        respiratoryRate: 3,
        spo2: 3,
        oxygen: 2,
        systolic: 3,
        heartRate: 3,
        consciousness: 3,
        temperature: 2,
      }),
      'high',
    ));
  it('null scores are not a 3', () => assert.equal(bandFor(2, { oxygen: 2, spo2: null, consciousness: null }), 'low'));
});
