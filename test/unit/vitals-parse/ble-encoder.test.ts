// An independent IEEE-11073 and GATT field encoder, written from health.md §4 for the BLE
// tests to build packets with. It shares no code with the decoder; the tests below pin it
// to the spec's own byte vectors so that a mistake here cannot hide one over there.

import assert from 'node:assert/strict';

export type Special = 'nan' | 'nres' | '+inf' | '-inf' | 'reserved';

const SFLOAT_SPECIAL: Record<Special, number> = {
  nan: 0x07ff,
  nres: 0x0800,
  '+inf': 0x07fe,
  '-inf': 0x0802,
  reserved: 0x0801,
};
const FLOAT_SPECIAL: Record<Special, number> = {
  nan: 0x007fffff,
  nres: 0x00800000,
  '+inf': 0x007ffffe,
  '-inf': 0x00800002,
  reserved: 0x00800001,
};

/** value = mantissa × 10^exponent; the caller picks the exponent (the precision). */
export function sfloatWord(value: number | Special, exponent = 0): number {
  if (typeof value === 'string') return SFLOAT_SPECIAL[value];
  const mantissa = Math.round(value * 10 ** -exponent);
  if (mantissa < -2048 || mantissa > 2047 || exponent < -8 || exponent > 7)
    throw new Error(`SFLOAT cannot hold ${value}e${exponent}`);
  return ((exponent & 0xf) << 12) | (mantissa & 0xfff);
}

export function floatWord(value: number | Special, exponent = 0): number {
  if (typeof value === 'string') return FLOAT_SPECIAL[value];
  const mantissa = Math.round(value * 10 ** -exponent);
  if (mantissa < -(2 ** 23) || mantissa >= 2 ** 23) throw new Error(`FLOAT cannot hold ${value}e${exponent}`);
  return (((exponent & 0xff) << 24) | (mantissa & 0xffffff)) >>> 0;
}

export const le16 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff];
export const le24 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
export const le32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
export const sfloat = (value: number | Special, exponent = 0): number[] => le16(sfloatWord(value, exponent));
export const float = (value: number | Special, exponent = 0): number[] => le32(floatWord(value, exponent));
export const dateTime = (y: number, mo: number, d: number, h: number, mi: number, s: number): number[] => [
  ...le16(y),
  mo,
  d,
  h,
  mi,
  s,
];
export const toHex = (bytes: number[]): string => bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');

describe('test encoder (BLE packet builder) against health.md §6', function () {
  it('encodes the SFLOAT vectors of item 5', function () {
    assert.equal(toHex(sfloat(72)), '48 00');
    assert.equal(toHex(sfloat(16.0, -1)), 'a0 f0');
    assert.equal(toHex(sfloat(2.0, -1)), '14 f0');
    assert.equal(sfloatWord(2, -2), 0xe0c8);
    assert.equal(toHex(sfloat('nan')), 'ff 07');
    assert.equal(toHex(sfloat('nres')), '00 08');
    assert.equal(toHex(sfloat('+inf')), 'fe 07');
  });

  it('encodes the FLOAT vectors of item 6', function () {
    assert.equal(toHex(float('nan')), 'ff ff 7f 00');
    assert.equal(toHex(float('nres')), '00 00 80 00');
    assert.equal(toHex(float('+inf')), 'fe ff 7f 00');
    assert.equal(toHex(float(98.6, -1)), 'da 03 00 ff');
  });

  it('rebuilds worked vectors 1, 3 and 4 byte for byte', function () {
    assert.equal(toHex([0x17, ...le16(72), ...le16(845), ...le16(832)]), '17 48 00 4d 03 40 03');
    assert.equal(
      toHex([0x03, ...float(98.6, -1), ...dateTime(2024, 3, 15, 8, 30, 0)]),
      '03 da 03 00 ff e8 07 03 0f 08 1e 00',
    );
    assert.equal(
      toHex([0x05, ...sfloat(16, -1), ...sfloat(10.7, -1), ...sfloat(12.5, -1), ...sfloat(72)]),
      '05 a0 f0 6b f0 7d f0 48 00',
    );
  });

  it('refuses values the formats cannot hold', function () {
    assert.throws(() => sfloatWord(2048));
    assert.throws(() => floatWord(2 ** 23));
  });
});
