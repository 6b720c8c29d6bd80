import assert from 'node:assert/strict';
import { clears, compileRule, parseValue, RuleError, triggers } from '../../../nodes/threshold/rules';

describe('threshold rules', () => {
  describe('compileRule', () => {
    it('computes the clear point from hysteresis or an explicit clear level', () => {
      const r = compileRule('hr', 'above', [
        { severity: 'warning', threshold: 100, hysteresis: 5 },
        { severity: 'critical', threshold: '130', clearAt: '120' },
      ]);
      assert.equal(r.levels[0].clearAt, 95);
      assert.equal(r.levels[1].clearAt, 120);
      const b = compileRule('low', 'below', [{ severity: 'warning', threshold: 10, hysteresis: 2 }]);
      assert.equal(b.levels[0].clearAt, 12);
      const o = compileRule('band', 'outside', [{ severity: 'warning', low: 10, high: 20, hysteresis: 1 }]);
      assert.deepEqual([o.levels[0].clearLow, o.levels[0].clearHigh], [11, 19]);
      const i = compileRule('band', 'inside', [{ severity: 'warning', low: 10, high: 20, hysteresis: 1 }]);
      assert.deepEqual([i.levels[0].clearLow, i.levels[0].clearHigh], [9, 21]);
    });

    const bad: [string, unknown, unknown, RegExp][] = [
      ['unknown operator', 'over', [{ severity: 'w', threshold: 1 }], /operator must be one of/],
      ['no levels', 'above', [], /at least one level/],
      ['missing threshold', 'above', [{ severity: 'w' }], /level 1 \(w\): threshold must be a number/],
      ['text threshold', 'above', [{ severity: 'w', threshold: 'abc' }], /threshold must be a number \(got "abc"\)/],
      ['empty severity', 'above', [{ severity: ' ', threshold: 1 }], /level 1: severity must be a non-empty text/],
      [
        'duplicate severity',
        'above',
        [
          { severity: 'w', threshold: 1 },
          { severity: 'w', threshold: 2 },
        ],
        /used twice/,
      ],
      [
        'negative hysteresis',
        'above',
        [{ severity: 'w', threshold: 1, hysteresis: -1 }],
        /hysteresis must be 0 or more/,
      ],
      [
        'clear level above threshold',
        'above',
        [{ severity: 'w', threshold: 10, clearAt: 11 }],
        /clear level 11 must not be above the threshold 10/,
      ],
      [
        'clear level below threshold (below)',
        'below',
        [{ severity: 'w', threshold: 10, clearAt: 9 }],
        /must not be below the threshold 10/,
      ],
      [
        'levels out of order (above)',
        'above',
        [
          { severity: 'critical', threshold: 130 },
          { severity: 'warning', threshold: 100 },
        ],
        /level 2 \(warning\) must be more severe than level 1 \(critical\): its threshold must be higher/,
      ],
      [
        'levels out of order (below)',
        'below',
        [
          { severity: 'w', threshold: 5 },
          { severity: 'c', threshold: 8 },
        ],
        /threshold must be lower/,
      ],
      [
        'band not nested (outside)',
        'outside',
        [
          { severity: 'w', low: 10, high: 20 },
          { severity: 'c', low: 12, high: 25 },
        ],
        /must contain the band before it/,
      ],
      [
        'band not nested (inside)',
        'inside',
        [
          { severity: 'w', low: 10, high: 20 },
          { severity: 'c', low: 5, high: 15 },
        ],
        /must lie inside the band before it/,
      ],
      ['low above high', 'outside', [{ severity: 'w', low: 20, high: 10 }], /low 20 is above high 10/],
      [
        'hysteresis swallows the band',
        'outside',
        [{ severity: 'w', low: 10, high: 20, hysteresis: 6 }],
        /no value at which the alarm can clear/,
      ],
      ['equals without values', 'equals', [{ severity: 'w', values: ' , ' }], /needs at least one value/],
      [
        'equals value twice',
        'equals',
        [
          { severity: 'w', values: 'medium' },
          { severity: 'c', values: ['high', 'Medium'] },
        ],
        /value "medium" is also in level w/,
      ],
    ];
    for (const [name, op, levels, message] of bad) {
      it(`rejects ${name}`, () => {
        assert.throws(
          () => compileRule('r', op, levels),
          (e: unknown) => e instanceof RuleError && message.test(e.message),
        );
      });
    }
  });

  describe('triggers and clears at the boundaries', () => {
    it('above: triggers at the threshold, clears strictly below the clear point', () => {
      const r = compileRule('r', 'above', [{ severity: 'w', threshold: 100, hysteresis: 5 }]);
      const l = r.levels[0];
      assert.deepEqual(
        [99.9, 100, 101].map((v) => triggers(r, l, v)),
        [false, true, true],
      );
      assert.deepEqual(
        [94.9, 95, 99].map((v) => clears(r, l, v)),
        [true, false, false],
      );
    });
    it('below: triggers at the threshold, clears strictly above the clear point', () => {
      const r = compileRule('r', 'below', [{ severity: 'w', threshold: 10, hysteresis: 1 }]);
      const l = r.levels[0];
      assert.deepEqual(
        [9, 10, 10.1].map((v) => triggers(r, l, v)),
        [true, true, false],
      );
      assert.deepEqual(
        [10.5, 11, 11.1].map((v) => clears(r, l, v)),
        [false, false, true],
      );
    });
    it('outside: the band edges are inside; clears inside the shrunk band', () => {
      const r = compileRule('r', 'outside', [{ severity: 'w', low: 10, high: 20, hysteresis: 1 }]);
      const l = r.levels[0];
      assert.deepEqual(
        [9.9, 10, 20, 20.1].map((v) => triggers(r, l, v)),
        [true, false, false, true],
      );
      assert.deepEqual(
        [10.5, 11, 19, 19.5].map((v) => clears(r, l, v)),
        [false, true, true, false],
      );
    });
    it('inside: triggers within the band; clears outside the widened band', () => {
      const r = compileRule('r', 'inside', [{ severity: 'w', low: 10, high: 20, hysteresis: 1 }]);
      const l = r.levels[0];
      assert.deepEqual(
        [9.9, 10, 20, 20.1].map((v) => triggers(r, l, v)),
        [false, true, true, false],
      );
      assert.deepEqual(
        [8.9, 9, 21, 21.1].map((v) => clears(r, l, v)),
        [true, false, false, true],
      );
    });
    it('equals: matches trimmed, case-insensitive text', () => {
      const r = compileRule('r', 'equals', [{ severity: 'w', values: 'Medium, high' }]);
      const l = r.levels[0];
      const p = (v: unknown) => {
        const x = parseValue(r, v);
        assert.ok(x.ok);
        return x.value;
      };
      assert.deepEqual(
        [' HIGH', 'medium', 'low-medium', 'low'].map((v) => triggers(r, l, p(v))),
        [true, true, false, false],
      );
    });
  });

  describe('parseValue', () => {
    const num = compileRule('r', 'above', [{ severity: 'w', threshold: 1 }]);
    const txt = compileRule('r', 'equals', [{ severity: 'w', values: 'true' }]);
    it('accepts numbers and numeric text for numeric rules', () => {
      assert.deepEqual(parseValue(num, 72), { ok: true, value: 72 });
      assert.deepEqual(parseValue(num, ' 72.5 '), { ok: true, value: 72.5 });
    });
    it('says why anything else is refused', () => {
      assert.deepEqual(parseValue(num, 'fast'), { ok: false, reason: 'got "fast", expected a number' });
      assert.deepEqual(parseValue(num, undefined), { ok: false, reason: 'got nothing, expected a number' });
      assert.deepEqual(parseValue(num, null), { ok: false, reason: 'got null, expected a number' });
      assert.deepEqual(parseValue(num, ''), { ok: false, reason: 'got "", expected a number' });
      assert.deepEqual(parseValue(num, NaN), { ok: false, reason: 'got NaN, expected a number' });
      assert.deepEqual(parseValue(num, { v: 1 }), { ok: false, reason: 'got {"v":1}, expected a number' });
      assert.deepEqual(parseValue(num, true), { ok: false, reason: 'got true, expected a number' });
    });
    it('accepts text, numbers and booleans for equals, refuses objects and nothing', () => {
      assert.deepEqual(parseValue(txt, true), { ok: true, value: 'true' });
      assert.deepEqual(parseValue(txt, 3), { ok: true, value: '3' });
      assert.equal(parseValue(txt, undefined).ok, false);
      assert.equal(parseValue(txt, { band: 'high' }).ok, false);
    });
  });
});
