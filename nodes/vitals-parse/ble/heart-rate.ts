// Heart Rate Measurement 0x2A37 (Heart Rate service 0x180D): flags, the rate (uint8 or uint16),
// then energy expended (kJ) and RR intervals (1/1024 s) when the flags announce them.

import type { Cursor } from './cursor';
import type { ReadingBuilder } from './reading-builder';

export function decodeHeartRate(c: Cursor, r: ReadingBuilder): void {
  const flags = c.u8('flags', 'Flags');
  const hr = flags & 0x01 ? c.u16('heartRate', 'Heart Rate') : c.u8('heartRate', 'Heart Rate');
  r.set('heartRate', hr, 0);
  r.reading.sensorContact = !(flags & 0x04) ? 'not-supported' : flags & 0x02 ? 'detected' : 'not-detected';
  if (flags & 0x08) r.set('energyExpended', c.u16('energyExpended', 'Energy Expended'));
  if (flags & 0x10) {
    // As many RR values as whole uint16 remain; a lone odd byte is left for ignoredBytes.
    // At least one is required when the flag is set, so a missing one is reported.
    const rr: number[] = [c.u16('rrIntervals', 'RR-Interval')];
    while (c.remaining >= 2) rr.push(c.u16('rrIntervals', 'RR-Interval'));
    r.reading.rrIntervals = rr.map((raw) => (raw * 1000) / 1024);
  }
}
