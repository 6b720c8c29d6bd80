import assert from 'node:assert/strict';
import { pricingReader } from '../../../nodes/lib/pricing-settings';

describe('pricing settings (energy-probe and energy-meter)', () => {
  it('reads price and intensity per message: not set is no price and the default intensity; the first bad one is named', () => {
    // A kit whose typed inputs read msg properties by name (an empty value: not set).
    const kit = { property: (value?: string) => (msg: Record<string, unknown>) => (value ? msg[value] : undefined) };
    const read = pricingReader(kit, {
      price: 'p',
      priceType: 'msg',
      currency: 'EUR',
      intensity: 'i',
      intensityType: 'msg',
    });
    assert.deepEqual(read({ p: '0.30', i: 233 }), {
      pricePerKWh: 0.3,
      intensity: 233,
      currency: 'EUR',
      bad: undefined,
    });
    assert.deepEqual(read({}), { pricePerKWh: undefined, intensity: 475, currency: 'EUR', bad: undefined });
    assert.deepEqual(read({ p: -1, i: 'x' }).bad, { setting: 'price', value: '-1' });
    assert.deepEqual(read({ p: 0, i: 'x' }), {
      pricePerKWh: 0,
      intensity: 475,
      currency: 'EUR',
      bad: { setting: 'intensity', value: '"x"' },
    });
    const unset = pricingReader(kit, {
      price: '',
      priceType: 'num',
      currency: '',
      intensity: '',
      intensityType: 'num',
    });
    assert.deepEqual(unset({}), { pricePerKWh: undefined, intensity: 475, currency: '', bad: undefined });
  });
});
