// Numeric editor settings: strings or numbers, with a fallback for empty, missing or bad values.
import assert from 'node:assert/strict';
import { numberSetting, wholeNumberSetting } from '../../nodes/lib/settings';

describe('editor settings (numberSetting, wholeNumberSetting)', () => {
  it('reads numbers saved as strings or numbers', () => {
    assert.equal(numberSetting('2.5', 1), 2.5);
    assert.equal(numberSetting(7, 1), 7);
    assert.equal(wholeNumberSetting('-2', 1), -2);
  });

  it('falls back for empty, missing, non-numeric, non-finite or too small values', () => {
    for (const v of ['', '  ', undefined, null, 'abc', true, 'Infinity', NaN]) assert.equal(numberSetting(v, 3), 3, String(v));
    assert.equal(numberSetting('0', 3, 1), 3);
    assert.equal(numberSetting('1', 3, 1), 1);
    assert.equal(wholeNumberSetting('1.5', 4), 4);
    assert.equal(wholeNumberSetting('', -1), -1);
  });
});
