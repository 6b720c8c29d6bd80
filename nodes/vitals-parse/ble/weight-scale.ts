// Weight Measurement 0x2A9D (Weight Scale service 0x181D): flags, a uint16 weight (SI: 0.005 kg
// steps, imperial: 0.01 lb), then the Date Time, user, BMI and height the flags announce.

import { lbToKg } from '../../lib/units';
import type { Cursor } from './cursor';
import type { ReadingBuilder } from './reading-builder';

/** Exact by definition of the international inch. */
const M_PER_INCH = 0.0254;

export function decodeWeight(c: Cursor, r: ReadingBuilder): void {
  const flags = c.u8('flags', 'Flags');
  const imperial = (flags & 0x01) !== 0;
  const raw = c.u16('weight', 'Weight');
  // 0xFFFF is "measurement unsuccessful" (one source says so; none confirms it); it would otherwise
  // read as an implausible 327.675 kg, so it is no value either way.
  if (raw === 0xffff) r.absent('weight', 'measurement-unsuccessful');
  // Dividing integers keeps the decimal exact (14000 / 200 = 70), unlike raw * 0.005.
  else if (imperial) r.set('weight', lbToKg(raw / 100), 2);
  else r.set('weight', raw / 200, 3);
  if (flags & 0x02) r.timestamp(c);
  if (flags & 0x04) r.userId(c);
  if (flags & 0x08) {
    r.set('bmi', c.u16('bmi', 'BMI') / 10, 1);
    const h = c.u16('height', 'Height');
    r.set('height', imperial ? (h / 10) * M_PER_INCH : h / 1000, 3);
  }
}
