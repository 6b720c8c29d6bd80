// The one rule for editor settings: missing or empty takes the default, a value the node cannot
// use is a problem (the node kit makes it a configuration error), never a silent default.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SettingsReader } from '../../../nodes/lib/settings';

describe('settings (SettingsReader)', () => {
  it('reads numbers saved as numbers or numeric texts', () => {
    const read = new SettingsReader({ a: '2.5', b: 7, c: '-2', d: ' 3 ' });
    assert.equal(read.number('a', { default: 1 }), 2.5);
    assert.equal(read.number('b', { default: 1, min: 0, whole: true }), 7);
    assert.equal(read.number('c', { default: 1, whole: true }), -2);
    assert.equal(read.number('d', { default: 1 }), 3);
    assert.deepEqual(read.problems, []);
  });

  it('takes the default for a missing or empty setting, without a problem', () => {
    const read = new SettingsReader({ empty: '', blank: '  ', nil: null });
    for (const name of ['empty', 'blank', 'nil', 'absent'])
      assert.equal(read.number(name, { default: 4, min: 1 }), 4, name);
    assert.equal(read.choice('absent', ['x', 'y'], 'y'), 'y');
    assert.equal(read.text('blank', 'fallback'), 'fallback');
    assert.deepEqual(read.problems, []);
  });

  it('names each unusable setting and its value in a problem', () => {
    const read = new SettingsReader({
      word: 'abc',
      inf: 'Infinity',
      nan: NaN,
      flag: true,
      low: '0',
      half: '1.5',
      pick: 'z',
      list: [1],
    });
    read.number('word', { default: 1 });
    read.number('inf', { default: 1 });
    read.number('nan', { default: 1 });
    read.number('flag', { default: 1 });
    read.number('low', { default: 3, min: 1 });
    read.number('half', { default: 4, whole: true });
    read.choice('pick', ['x', 'y'], 'x');
    read.text('list');
    assert.deepEqual(read.problems, [
      'word must be a number (got "abc")',
      'inf must be a number (got "Infinity")',
      'nan must be a number (got NaN)',
      'flag must be a number (got true)',
      'low must be a number of 1 or more (got "0")',
      'half must be a whole number (got "1.5")',
      'pick must be one of x, y (got "z")',
      'list must be a text (got [1])',
    ]);
  });

  it('compares choices as text: 2 and "2" are the same choice', () => {
    const read = new SettingsReader({ scale: 2 });
    assert.equal(read.choice('scale', ['1', '2'], '1'), '2');
    assert.deepEqual(read.problems, []);
  });

  it('any finite number at or above min is accepted as itself, anything below is a problem', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: -5, max: 5 }),
        fc.boolean(),
        (v, min, asText) => {
          const read = new SettingsReader({ v: asText ? String(v) : v });
          const got = read.number('v', { default: min - 1, min });
          if (v >= min) assert.deepEqual([got, read.problems.length], [asText ? Number(String(v)) : v, 0]);
          else assert.deepEqual([got, read.problems.length], [min - 1, 1]);
        },
      ),
    );
  });
});
