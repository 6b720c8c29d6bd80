// Temperature Measurement 0x2A1C (Health Thermometer service 0x1809): flags (bit 0 °F, bit 1 Date
// Time present, bit 2 site present), a FLOAT temperature, then the Date Time and the site.

import { fahrenheitToCelsius } from '../../lib/units';
import type { Cursor } from './cursor';
import type { ReadingBuilder } from './reading-builder';
import { TEMPERATURE_SITES } from './types';

export function decodeTemperature(c: Cursor, r: ReadingBuilder): void {
  const flags = c.u8('flags', 'Flags');
  const value = c.float('temperature', 'Temperature Measurement Value');
  if (flags & 0x01) {
    // 0.1 °F is about 0.06 °C, so a °F reading is worth as many decimals in °C as it had (at least 1).
    r.measure('temperature', value, fahrenheitToCelsius, (n) => Math.max(1, n));
  } else {
    r.measure('temperature', value);
  }
  if (flags & 0x02) r.timestamp(c);
  if (flags & 0x04) {
    const type = c.u8('temperatureSite', 'Temperature Type');
    const site = TEMPERATURE_SITES[type - 1];
    if (site) r.reading.temperatureSite = site;
    else r.absent('temperatureSite', 'reserved');
  }
}
