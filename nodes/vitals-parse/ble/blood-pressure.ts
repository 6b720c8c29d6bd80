// Blood Pressure Measurement 0x2A35 (Blood Pressure service 0x1810): flags, systolic, diastolic
// and mean arterial pressure as SFLOATs (mmHg, or kPa with bit 0), then the Date Time, pulse
// rate, user id and measurement status the flags announce.

import { kpaToMmHg } from '../../lib/units';
import type { Cursor } from './cursor';
import type { ReadingBuilder } from './reading-builder';
import { bloodPressureStatus } from './status-bits';

export function decodeBloodPressure(c: Cursor, r: ReadingBuilder): void {
  const flags = c.u8('flags', 'Flags');
  const kpa = (flags & 0x01) !== 0;
  // 0.1 kPa is 0.75 mmHg: one decimal of mmHg is all a kPa reading can honestly carry.
  const toMmHg = kpa ? kpaToMmHg : (v: number) => v;
  const decimals = kpa ? () => 1 : (n: number) => n;
  r.measure('systolic', c.sfloat('systolic', 'Systolic'), toMmHg, decimals);
  r.measure('diastolic', c.sfloat('diastolic', 'Diastolic'), toMmHg, decimals);
  r.measure('meanArterial', c.sfloat('meanArterial', 'Mean Arterial Pressure'), toMmHg, decimals);
  if (flags & 0x02) r.timestamp(c);
  if (flags & 0x04) r.measure('heartRate', c.sfloat('heartRate', 'Pulse Rate'));
  if (flags & 0x08) r.userId(c);
  if (flags & 0x10) r.status(bloodPressureStatus(c.u16('status', 'Measurement Status')));
}
