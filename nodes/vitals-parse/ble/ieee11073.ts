// IEEE-11073-20601 SFLOAT (16-bit) and FLOAT (32-bit) as BLE health profiles carry them
// (value = mantissa × 10^exponent; the exponent also gives the decimals). Special values are
// matched on the whole word before any arithmetic, because their bit patterns would otherwise
// decode to plausible-looking numbers.

export type SpecialReason = 'not-a-number' | 'nres' | 'positive-infinity' | 'negative-infinity' | 'reserved';

export type Decoded11073 =
  /** `decimals` is the precision the exponent carries: 0xE0C8 is 2.00, so 2. */
  { kind: 'number'; value: number; decimals: number } | { kind: 'special'; reason: SpecialReason };

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

/** Two's complement of a `bits`-wide field. */
const signed = (v: number, bits: number): number => (v >= 2 ** (bits - 1) ? v - 2 ** bits : v);

/** A word of a `mantissaBits`-bit mantissa under an exponent in the bits above it. */
function decode(
  word: number,
  mantissaBits: number,
  exponentBits: number,
  specials: ReadonlyMap<number, SpecialReason>,
): Decoded11073 {
  const special = specials.get(word);
  if (special) return { kind: 'special', reason: special };
  const mantissa = signed(word & (2 ** mantissaBits - 1), mantissaBits);
  const exponent = signed(word >>> mantissaBits, exponentBits);
  return { kind: 'number', value: scale(mantissa, exponent), decimals: Math.max(0, -exponent) };
}

/** Decode a 16-bit SFLOAT word (already assembled little-endian): 12-bit mantissa, 4-bit exponent. */
export const decodeSfloat = (word: number): Decoded11073 => decode(word & 0xffff, 12, 4, SFLOAT_SPECIALS);

/** Decode a 32-bit FLOAT word (already assembled little-endian): 24-bit mantissa, 8-bit exponent. */
export const decodeFloat = (word: number): Decoded11073 => decode(word >>> 0, 24, 8, FLOAT_SPECIALS);
