import assert from 'node:assert/strict';
import { tokenizeLine } from '../../../nodes/vitals-parse/text/line';
import { parseQuantity } from '../../../nodes/vitals-parse/text/quantity';

const pairs = (line: string) => tokenizeLine(line).map((e) => [e.key, e.value, e.unit]);

describe('vitals-parse text-line tokenizer', () => {
  it('splits key=value; pairs', () => {
    assert.deepEqual(pairs('hr=72;spo2=98;temp=36.8;bp=120/80'), [
      ['hr', '72', ''],
      ['spo2', '98', ''],
      ['temp', '36.8', ''],
      ['bp', '120/80', ''],
    ]);
  });

  it('splits "Key: value unit," pairs with attached and separate units', () => {
    assert.deepEqual(pairs('HR:72, SpO2:98%, BP 120/80 mmHg, Temp 98.6F'), [
      ['HR', '72', ''],
      ['SpO2', '98%', ''],
      ['BP', '120/80', 'mmHg'],
      ['Temp', '98.6F', ''],
    ]);
  });

  it('takes pairs separated by spaces, pipes, ampersands and new lines', () => {
    assert.deepEqual(pairs('hr=72 spo2=98|rr=16&temp=37\nwt=70'), [
      ['hr', '72', ''],
      ['spo2', '98', ''],
      ['rr', '16', ''],
      ['temp', '37', ''],
      ['wt', '70', ''],
    ]);
  });

  it('takes a separate unit word only when it is a known unit', () => {
    assert.deepEqual(pairs('hr 72 bpm temp 98.6 °F weight 150 lbs spo2 97'), [
      ['hr', '72', 'bpm'],
      ['temp', '98.6', '°F'],
      ['weight', '150', 'lbs'],
      ['spo2', '97', ''],
    ]);
    assert.deepEqual(pairs('BP 120/80 mm Hg; hr 60'), [
      ['BP', '120/80', 'mmHg'],
      ['hr', '60', ''],
    ]);
  });

  it('reads multi-word keys, and a trailing word as the value when there is no = or :', () => {
    assert.deepEqual(pairs('Heart rate 72, consciousness alert, On oxygen: yes'), [
      ['Heart rate', '72', ''],
      ['consciousness', 'alert', ''],
      ['On oxygen', 'yes', ''],
    ]);
  });

  it('keeps colons inside values (ISO times) and reports keys without values', () => {
    assert.deepEqual(pairs('ts=2024-03-15T08:30:00Z;hr=;x'), [
      ['ts', '2024-03-15T08:30:00Z', ''],
      ['hr', '', ''],
      ['x', '', ''],
    ]);
  });

  it('skips values that have no key', () => {
    assert.deepEqual(pairs('72 98 =5 :6 hr=70'), [['hr', '70', '']]);
  });
});

describe('vitals-parse parseQuantity', () => {
  it('reads numbers, pairs and units', () => {
    assert.deepEqual(parseQuantity('72'), { value: 72, unit: '' });
    assert.deepEqual(parseQuantity(' 98.6 °F '), { value: 98.6, unit: '°F' });
    assert.deepEqual(parseQuantity('16.0/10.7kPa'), { value: 16, second: 10.7, unit: 'kPa' });
    assert.deepEqual(parseQuantity('120 / 80 mmHg'), { value: 120, second: 80, unit: 'mmHg' });
    assert.deepEqual(parseQuantity('72/min'), { value: 72, unit: '/min' });
    assert.deepEqual(parseQuantity('-1.5'), { value: -1.5, unit: '' });
    assert.deepEqual(parseQuantity('.5'), { value: 0.5, unit: '' });
  });

  it('returns undefined when the text does not start with a number', () => {
    for (const t of ['', 'abc', '-', '.', '+', 'e5', '/80']) assert.equal(parseQuantity(t), undefined, t);
  });
});
