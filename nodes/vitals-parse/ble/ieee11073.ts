// IEEE-11073-20601 SFLOAT (16-bit) and FLOAT (32-bit) as BLE health profiles carry them
// (health.md §4.1). Special values are matched on the whole word before any arithmetic,
// because their bit patterns would otherwise decode to plausible-looking numbers.

export type SpecialReason = 'not-a-number' | 'nres' | 'positive-infinity' | 'negative-infinity' | 'reserved';

export type Decoded11073 =
  /** `decimals` is the precision the exponent carries: 0xE0C8 is 2.00, so 2. */
  | { kind: 'number'; value: number; decimals: number }
  | { kind: 'special'; reason: SpecialReason };

const SFLOAT_SPECIALS: ReadonlyMap<number, SpecialReason> = new Map<number, SpecialReason>([
  [0x07ff, 'not-a-number'],
  [0x0800, 'nres'],
  [0x07fe, 'positive-infinity'],
  [0x0802, 'negative-infinity'],
  [0x0801, 'reserved'],
]);

const FLOAT_SPECIALS: ReadonlyMap<number, SpecialReason> = new Map<number, SpecialReason>([
  [0x007fffff, 'not-a-number'],
  [0x00800000, 'nres'],
  [0x007ffffe, 'positive-infinity'],
  [0x00800002, 'negative-infinity'],
  [0x00800001, 'reserved'],
]);

// Dividing by a power of ten (rather than multiplying by 10^-n) gives the double nearest
// the decimal the device meant: 986 / 10 is 98.6, 986 * 0.1 is 98.60000000000001.
function scale(mantissa: number, exponent: number): number {
  return exponent < 0 ? mantissa / 10 ** -exponent : mantissa * 10 ** exponent;
}

/** Decode a 16-bit SFLOAT word (already assembled little-endian). */
export function decodeSfloat(word: number): Decoded11073 {
  const w = word & 0xffff;
  const special = SFLOAT_SPECIALS.get(w);
  if (special) return { kind: 'special', reason: special };
  let mantissa = w & 0x0fff;
  if (mantissa >= 0x0800) mantissa -= 0x1000;
  let exponent = w >>> 12;
  if (exponent >= 0x8) exponent -= 0x10;
  return { kind: 'number', value: scale(mantissa, exponent), decimals: Math.max(0, -exponent) };
}

/** Decode a 32-bit FLOAT word (already assembled little-endian, unsigned). */
export function decodeFloat(word: number): Decoded11073 {
  const w = word >>> 0;
  const special = FLOAT_SPECIALS.get(w);
  if (special) return { kind: 'special', reason: special };
  let mantissa = w & 0x00ffffff;
  if (mantissa >= 0x00800000) mantissa -= 0x01000000;
  let exponent = w >>> 24;
  if (exponent >= 0x80) exponent -= 0x100;
  return { kind: 'number', value: scale(mantissa, exponent), decimals: Math.max(0, -exponent) };
}
