// Collects a decoded packet into a BleReading: special values become `absent` entries
// instead of numbers, converted values keep a sensible precision, and only fields that
// were actually present appear.

import type { Cursor } from './cursor';
import { decodeDateTime, DeviceTimeZone } from './date-time';
import type { Decoded11073 } from './ieee11073';
import type { AbsentReason, BleReading } from './types';

type NumericField = {
  [K in keyof BleReading]-?: NonNullable<BleReading[K]> extends number ? K : never;
}[keyof BleReading];

export class ReadingBuilder {
  readonly reading: BleReading = {};
  constructor(private readonly zone: DeviceTimeZone) {}

  absent(field: string, reason: AbsentReason): void {
    (this.reading.absent ??= []).push({ field, reason });
  }

  /** A plain number with a known precision (scaled integers such as weight). */
  set(field: NumericField, value: number, decimals?: number): void {
    this.reading[field] = value;
    if (decimals !== undefined) (this.reading.precision ??= {})[field] = decimals;
  }

  /**
   * An IEEE-11073 value. `convert` turns the device's unit into ours; `decimals` maps the
   * device's precision to the precision worth keeping after the conversion.
   */
  measure(
    field: NumericField,
    d: Decoded11073,
    convert: (v: number) => number = (v) => v,
    decimals: (deviceDecimals: number) => number = (n) => n,
  ): void {
    if (d.kind === 'special') {
      this.absent(field, d.reason);
      return;
    }
    this.set(field, convert(d.value), decimals(d.decimals));
  }

  status(names: string[]): void {
    if (names.length === 0) return;
    (this.reading.status ??= []).push(...names);
  }

  timestamp(c: Cursor, trusted = true): void {
    const dt = decodeDateTime(c.raw(7, 'timestamp', 'Time Stamp (Date Time, 7 bytes)'), this.zone);
    if (!trusted) this.absent('timestamp', 'device-clock-not-set');
    else if (dt.ok) this.reading.timestamp = dt.iso;
    else this.absent('timestamp', dt.reason);
  }

  userId(c: Cursor): void {
    const id = c.u8('userId', 'User ID');
    // 255 is the profile's "unknown user", not a user number.
    if (id === 0xff) this.absent('userId', 'unknown-user');
    else this.reading.userId = id;
  }
}
