// IEEE-11073 SFLOAT/FLOAT and GATT field encoding for the simulator's Bluetooth packets
// (health.md §4). Written from the specification, apart from the node's decoder, so that the
// simulator checks the decoder instead of agreeing with it by construction.

export type SpecialValue = 'nan' | 'nres' | '+inf' | '-inf';

const SFLOAT_SPECIALS: Record<SpecialValue, number> = { nan: 0x07ff, nres: 0x0800, '+inf': 0x07fe, '-inf': 0x0802 };
const FLOAT_SPECIALS: Record<SpecialValue, number> = {
  nan: 0x007fffff,
  nres: 0x00800000,
  '+inf': 0x007ffffe,
  '-inf': 0x00800002,
};

export const u8 = (n: number): number[] => [n & 0xff];
export const u16 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff];
export const u24 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff];
export const u32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

/** The mantissa for `value` at `decimals` decimals, i.e. exponent −decimals. */
function mantissaOf(value: number, decimals: number, bits: number): number {
  const m = Math.round(value * 10 ** decimals);
  const limit = 2 ** (bits - 1);
  // The largest positive mantissas at exponent 0 are the special words; stay clear of them.
  if (!Number.isFinite(m) || m < -limit + 3 || m > limit - 3)
    throw new RangeError(`${value} does not fit a ${bits}-bit mantissa at ${decimals} decimals`);
  return m;
}

/** SFLOAT (16 bits, little-endian): `decimals` 0–8 sets the exponent, and so the precision sent. */
export function sfloat(value: number | SpecialValue, decimals = 0): number[] {
  if (typeof value === 'string') return u16(SFLOAT_SPECIALS[value]);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 8) throw new RangeError(`SFLOAT decimals ${decimals}`);
  const m = mantissaOf(value, decimals, 12);
  return u16(((-decimals & 0xf) << 12) | (m & 0x0fff));
}

/** FLOAT (32 bits, little-endian). */
export function float(value: number | SpecialValue, decimals = 0): number[] {
  if (typeof value === 'string') return u32(FLOAT_SPECIALS[value]);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 127) throw new RangeError(`FLOAT decimals ${decimals}`);
  const m = mantissaOf(value, decimals, 24);
  return u32((((-decimals & 0xff) << 24) | (m & 0x00ffffff)) >>> 0);
}

/** GATT Date Time (7 bytes). The fields are the UTC ones: the node reads packet time as UTC. */
export function dateTime(d: Date): number[] {
  return [
    ...u16(d.getUTCFullYear()),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  ];
}

export const toHex = (bytes: readonly number[]): string => Buffer.from(bytes).toString('hex');
export const toBase64 = (bytes: readonly number[]): string => Buffer.from(bytes).toString('base64');
