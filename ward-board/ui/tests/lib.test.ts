import { describe, expect, it } from 'vitest';
import { chooseLang, langOf, WORDS } from '../lib/i18n';
import { sparkPath } from '../lib/sparkline';
import { formatValue } from '../lib/format';

describe('board language', () => {
  it('takes the node setting, then Node-RED, then the browser, then English', () => {
    expect(chooseLang('ko', 'en-US', ['en'])).toBe('ko');
    expect(chooseLang('', 'ko', ['en'])).toBe('ko');
    expect(chooseLang('', 'de', ['fr-FR', 'ko-KR', 'en'])).toBe('ko');
    expect(chooseLang(undefined, undefined, ['ja'])).toBe('en');
    expect(langOf('ko_KR')).toBe('ko');
    expect(langOf('kok')).toBe(null);
  });

  it('has every word in both languages', () => {
    expect(Object.keys(WORDS.ko).sort()).toEqual(Object.keys(WORDS.en).sort());
    expect(WORDS.en.age(59_000)).toBe('59 s');
    expect(WORDS.en.age(61_000)).toBe('1 min');
    expect(WORDS.en.age(3 * 3_600_000)).toBe('3 h');
    expect(WORDS.ko.age(3 * 86_400_000)).toBe('3일');
  });
});

describe('sparkline path', () => {
  it('scales from 0 to the highest value, breaks at gaps, marks a lone value', () => {
    const p = sparkPath([null, 2, 4, null, 1], 40, 10);
    expect(p).toEqual({ d: 'M10.0 5.0L20.0 0.0M40.0 7.5h-1.5', min: 1, max: 4, last: 1 });
    expect(sparkPath([null, null], 40, 10).d).toBe('');
  });
});

describe('field values', () => {
  it('rounds numbers to the field decimals and shows yes/no and text as they are', () => {
    expect(formatValue(37.25, 1, WORDS.en)).toBe('37.3');
    expect(formatValue(true, 0, WORDS.ko)).toBe('예');
    expect(formatValue('A', 0, WORDS.en)).toBe('A');
    expect(formatValue(null, 0, WORDS.en)).toBe('–');
  });
});
