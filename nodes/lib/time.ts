// Timestamp normalisation for readings: whatever a device sends (epoch seconds, epoch
// milliseconds, ISO 8601 with or without a zone, a Date) becomes one ISO 8601 UTC string.
// Pure: no Node-RED import, no clock access (the caller passes "now" where it matters).

/**
 * Numbers below this are epoch seconds, at or above it epoch milliseconds.
 * 1e11 s is the year 5138 and 1e11 ms is 3 March 1973, so no real reading of either
 * kind lands on the wrong side: a 1970s millisecond clock is the only thing misread.
 */
export const EPOCH_MS_THRESHOLD = 1e11;

/** Latest instant a JavaScript Date can hold (±8.64e15 ms). */
const MAX_DATE_MS = 8.64e15;

export type TimeResult =
  | { ok: true; ms: number; iso: string }
  | { ok: false; detail: string };

// Compiled once: date, optional time (T or one space), optional fraction, optional zone.
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const NUMERIC_RE = /^[+-]?\d+(?:\.\d+)?$/;

function fromMs(ms: number): TimeResult {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_DATE_MS) {
    return { ok: false, detail: 'outside the range of dates' };
  }
  return { ok: true, ms, iso: new Date(ms).toISOString() };
}

/** Epoch seconds or milliseconds, told apart by EPOCH_MS_THRESHOLD. Negative epochs are refused. */
export function fromEpoch(n: number): TimeResult {
  if (!Number.isFinite(n)) return { ok: false, detail: 'not a finite number' };
  if (n < 0) return { ok: false, detail: 'a negative epoch time' };
  return fromMs(n < EPOCH_MS_THRESHOLD ? Math.round(n * 1000) : Math.round(n));
}

/**
 * ISO 8601 (calendar date, optional time, optional zone). A date-time without a zone is read
 * as the host's local time, as JavaScript does and as health.md §4.2 advises for device clocks;
 * a date alone is midnight UTC. Impossible dates (2024-02-30, 25:00) are refused rather than
 * rolled over, which Date.parse would do silently in some forms.
 */
export function fromIso(text: string): TimeResult {
  const m = ISO_RE.exec(text);
  if (m === null) return { ok: false, detail: 'not an ISO 8601 date-time or epoch number' };
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hasTime = m[4] !== undefined;
  const hour = hasTime ? Number(m[4]) : 0;
  const minute = hasTime ? Number(m[5]) : 0;
  const second = m[6] !== undefined ? Number(m[6]) : 0;
  const ms = m[7] !== undefined ? Math.floor(Number('0.' + m[7]) * 1000) : 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, detail: 'not a real calendar date or time of day' };
  }
  const zone = m[8];
  let epoch: number;
  if (zone !== undefined || !hasTime) {
    let offsetMin = 0;
    if (zone !== undefined && zone.toUpperCase() !== 'Z') {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2));
      const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
      if (oh > 23 || om > 59) return { ok: false, detail: 'not a valid time-zone offset' };
      offsetMin = sign * (oh * 60 + om);
    }
    epoch = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMin * 60000;
    // Date.UTC rolls 31 April into 1 May: check the calendar fields survived.
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
      return { ok: false, detail: 'not a real calendar date or time of day' };
    }
  } else {
    const local = new Date(year, month - 1, day, hour, minute, second, ms);
    if (local.getMonth() !== month - 1 || local.getDate() !== day) {
      return { ok: false, detail: 'not a real calendar date or time of day' };
    }
    epoch = local.getTime();
  }
  return fromMs(epoch);
}

// Canonical form: what toISOString() itself writes for 1970–9999, `YYYY-MM-DDTHH:MM:SS.sssZ`.
const CANONICAL_ISO_LENGTH = 24;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days of a common year before each month. */
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
/** Leap days from year 1 to 1969 (477), as leapDaysThrough(1969) counts them. */
const LEAP_DAYS_BEFORE_1970 = 477;

/** Leap days from year 1 to `y` inclusive (y ≥ 1; integer division by `| 0`). */
const leapDaysThrough = (y: number): number => ((y / 4) | 0) - ((y / 100) | 0) + ((y / 400) | 0);

/**
 * Epoch ms of a timestamp already written as toISOString() would write it, checked char by char
 * (real calendar date, leap years, times of day), or -1 when it is in any other form. Most
 * devices send exactly this form; keeping the text saves a parse and a re-format per message.
 * Only years from 1970 count: earlier ones are refused by the general path (negative epoch),
 * and it must stay the one that says why.
 */
export function canonicalIsoMs(s: string): number {
  if (
    s.length !== CANONICAL_ISO_LENGTH ||
    s.charCodeAt(4) !== 45 /* - */ || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 /* T */ ||
    s.charCodeAt(13) !== 58 /* : */ || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46 /* . */ ||
    s.charCodeAt(23) !== 90 /* Z */
  ) {
    return -1;
  }
  // The seventeen digits, each read once. Run per message by vitals-parse and news2: a loop
  // per field and a Math.floor date formula took about twice as long.
  const y0 = s.charCodeAt(0) - 48, y1 = s.charCodeAt(1) - 48, y2 = s.charCodeAt(2) - 48, y3 = s.charCodeAt(3) - 48;
  const mo0 = s.charCodeAt(5) - 48, mo1 = s.charCodeAt(6) - 48, d0 = s.charCodeAt(8) - 48, d1 = s.charCodeAt(9) - 48;
  const h0 = s.charCodeAt(11) - 48, h1 = s.charCodeAt(12) - 48, mi0 = s.charCodeAt(14) - 48, mi1 = s.charCodeAt(15) - 48;
  const s0 = s.charCodeAt(17) - 48, s1 = s.charCodeAt(18) - 48;
  const f0 = s.charCodeAt(20) - 48, f1 = s.charCodeAt(21) - 48, f2 = s.charCodeAt(22) - 48;
  // For a digit d, d | (9 - d) is negative exactly when d is outside 0–9: one test for all.
  const notDigit =
    (y0 | (9 - y0) | y1 | (9 - y1) | y2 | (9 - y2) | y3 | (9 - y3) | mo0 | (9 - mo0) | mo1 | (9 - mo1) |
      d0 | (9 - d0) | d1 | (9 - d1) | h0 | (9 - h0) | h1 | (9 - h1) | mi0 | (9 - mi0) | mi1 | (9 - mi1) |
      s0 | (9 - s0) | s1 | (9 - s1) | f0 | (9 - f0) | f1 | (9 - f1) | f2 | (9 - f2)) < 0;
  if (notDigit) return -1;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = mo0 * 10 + mo1;
  const day = d0 * 10 + d1;
  const hour = h0 * 10 + h1;
  const minute = mi0 * 10 + mi1;
  const second = s0 * 10 + s1;
  if (year < 1970 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return -1;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1])) return -1;
  const days =
    (year - 1970) * 365 + (leapDaysThrough(year - 1) - LEAP_DAYS_BEFORE_1970) + DAYS_BEFORE_MONTH[month - 1] + (month > 2 && leap ? 1 : 0) + day - 1;
  return ((days * 24 + hour) * 60 + minute) * 60000 + second * 1000 + f0 * 100 + f1 * 10 + f2;
}

/** Any accepted timestamp form → ISO 8601 UTC. Numeric strings count as epoch numbers. */
export function parseTimestamp(value: unknown): TimeResult {
  if (typeof value === 'number') return fromEpoch(value);
  if (value instanceof Date) return fromMs(value.getTime());
  if (typeof value === 'string') {
    // Already canonical: the text is what the general path would give back (test/unit/time.test.ts).
    const canonical = canonicalIsoMs(value);
    if (canonical >= 0) return { ok: true, ms: canonical, iso: value };
    const text = value.trim();
    if (text.length === 0) return { ok: false, detail: 'empty' };
    if (text.length > 64) return { ok: false, detail: 'too long to be a date-time' };
    if (NUMERIC_RE.test(text)) return fromEpoch(Number(text));
    return fromIso(text);
  }
  return { ok: false, detail: `a ${value === null ? 'null' : typeof value}, not a date-time` };
}
