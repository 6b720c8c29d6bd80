// IEEE-11073-20601 SFLOAT (16-bit) and FLOAT (32-bit) as BLE health profiles carry them:
// mantissa × 10^exponent, the exponent also giving the decimals. Special values are matched on
// the whole word before any arithmetic: their bit patterns would decode to plausible numbers.

export type Decoded11073 =
  /** `decimals` is the precision the exponent carries: 0xE0C8 is 2.00, so 2. */
  { kind: 'number'; value: number; decimals: number } | { kind: 'special'; reason: string };

/** The specials have exponent 0 and a mantissa this far from 2^(bits-1): SFLOAT NaN is 0x07FF, NRes 0x0800... */
const SPECIALS = new Map([
  [-1, 'not-a-number'],
  [0, 'nres'],
  [-2, 'positive-infinity'],
  [2, 'negative-infinity'],
  [1, 'reserved'],
]);

/** Two's complement of a `bits`-wide field. */
const signed = (v: number, bits: number): number => (v >= 2 ** (bits - 1) ? v - 2 ** bits : v);

function decode(word: number, mantissaBits: number, exponentBits: number): Decoded11073 {
  const special = word < 2 ** mantissaBits ? SPECIALS.get(word - 2 ** (mantissaBits - 1)) : undefined;
  if (special) return { kind: 'special', reason: special };
  const mantissa = signed(word & (2 ** mantissaBits - 1), mantissaBits);
  const exponent = signed(word >>> mantissaBits, exponentBits);
  // Dividing by a power of ten gives the double nearest the decimal the device meant: 986 / 10
  // is 98.6, 986 * 0.1 is 98.60000000000001.
  const value = exponent < 0 ? mantissa / 10 ** -exponent : mantissa * 10 ** exponent;
  return { kind: 'number', value, decimals: Math.max(0, -exponent) };
}

/** A 16-bit SFLOAT word: 12-bit mantissa, 4-bit exponent. */
export const decodeSfloat = (word: number): Decoded11073 => decode(word & 0xffff, 12, 4);

/** A 32-bit FLOAT word: 24-bit mantissa, 8-bit exponent. */
export const decodeFloat = (word: number): Decoded11073 => decode(word >>> 0, 24, 8);
