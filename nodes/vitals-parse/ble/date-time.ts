// The 7-byte GATT Date Time (year uint16, month, day, hours, minutes, seconds; 0 in year, month
// or day means unknown). It carries no time zone: the device's clock
// is whatever its owner set. We read it as UTC unless told the device's offset, because a
// Node-RED host's own zone says nothing about where the device is.

/** 'utc' (default), 'local' (the Node-RED host's zone), or minutes east of UTC (+60 for CET). */
export type DeviceTimeZone = 'utc' | 'local' | number;

export type DateTimeResult = { ok: true; iso: string } | { ok: false; reason: 'unknown' | 'out-of-range' };

export function decodeDateTime(b: Uint8Array, zone: DeviceTimeZone = 'utc'): DateTimeResult {
  const year = b[0] | (b[1] << 8);
  const [month, day, hours, minutes, seconds] = [b[2], b[3], b[4], b[5], b[6]];
  // Year, month and day use 0 for "not known"; a date with any of them unknown is no date.
  if (year === 0 || month === 0 || day === 0) return { ok: false, reason: 'unknown' };
  if (year < 1582 || year > 9999 || month > 12 || hours > 23 || minutes > 59 || seconds > 59) {
    return { ok: false, reason: 'out-of-range' };
  }
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() + (month === 2 && !isLeap(year) ? -1 : 0);
  if (day > daysInMonth) return { ok: false, reason: 'out-of-range' };

  let ms: number;
  if (zone === 'local') {
    const d = new Date(year, month - 1, day, hours, minutes, seconds);
    ms = d.getTime();
  } else {
    const offset = zone === 'utc' ? 0 : zone;
    ms = Date.UTC(year, month - 1, day, hours, minutes, seconds) - offset * 60_000;
  }
  if (!Number.isFinite(ms)) return { ok: false, reason: 'out-of-range' };
  const d = new Date(ms);
  // toISOString prints years past 9999 with a sign; a far offset could push 9999-12-31 there.
  if (d.getUTCFullYear() > 9999) return { ok: false, reason: 'out-of-range' };
  return { ok: true, iso: d.toISOString() };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
