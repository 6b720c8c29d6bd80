// Timestamps of readings: whatever a device sends (epoch seconds or milliseconds, ISO 8601 with
// or without a zone, a Date) becomes one ISO 8601 UTC string.

/**
 * Numbers below this are epoch seconds, at or above it epoch milliseconds.
 * 1e11 s is the year 5138 and 1e11 ms is 3 March 1973, so no real reading of either
 * kind lands on the wrong side: a 1970s millisecond clock is the only thing misread.
 */
export const EPOCH_MS_THRESHOLD = 1e11;

const MAX_DATE_MS = 8.64e15;

export type TimeResult = { ok: true; ms: number; iso: string } | { ok: false; detail: string };

// Date, optional time (T or one space), optional fraction, optional zone.
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const NUMERIC_RE = /^[+-]?\d+(?:\.\d+)?$/;
/** What toISOString writes for the years 0000–9999. */
const CANONICAL_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

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
 * as the host's local time, as JavaScript does and as Bluetooth's Date Time (which has no zone) is meant;
 * a date alone is midnight UTC. Impossible dates (2024-02-30, 25:00) are refused rather than
 * rolled over, which Date.parse would do silently in some forms.
 */
export function fromIso(text: string): TimeResult {
  const m = ISO_RE.exec(text);
  if (m === null) return { ok: false, detail: 'not an ISO 8601 date-time or epoch number' };
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((d) => Number(d ?? 0));
  const ms = Math.floor(Number(`0.${m[7] ?? 0}`) * 1000);
  const zone = m[8]?.toUpperCase();
  const local = zone === undefined && m[4] !== undefined;
  const date = local
    ? new Date(year, month - 1, day, hour, minute, second, ms)
    : new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  // Date rolls 31 April into 1 May: the calendar fields must survive.
  const [dateMonth, dateDay] = local ? [date.getMonth(), date.getDate()] : [date.getUTCMonth(), date.getUTCDate()];
  if (hour > 23 || minute > 59 || second > 59 || dateMonth !== month - 1 || dateDay !== day) {
    return { ok: false, detail: 'not a real calendar date or time of day' };
  }
  let offsetMin = 0;
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4) || 0);
    if (oh > 23 || om > 59) return { ok: false, detail: 'not a valid time-zone offset' };
    offsetMin = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return fromMs(date.getTime() - offsetMin * 60000);
}

/** Any accepted timestamp form → ISO 8601 UTC. Numeric strings count as epoch numbers. */
export function parseTimestamp(value: unknown): TimeResult {
  if (typeof value === 'number') return fromEpoch(value);
  if (value instanceof Date) return fromMs(value.getTime());
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.length === 0) return { ok: false, detail: 'empty' };
    if (text.length > 64) return { ok: false, detail: 'too long to be a date-time' };
    if (NUMERIC_RE.test(text)) return fromEpoch(Number(text));
    // Most devices send the form toISOString writes: then the text is kept as it came, which
    // saves fromIso's checks and a second formatting. Date.parse refuses out-of-range fields,
    // but rolls 31 April over into 1 May and 24:00 into the next day: both change the day.
    const ms = CANONICAL_RE.test(text) ? Date.parse(text) : NaN;
    if (ms >= 0 && new Date(ms).getUTCDate() === Number(text.slice(8, 10))) return { ok: true, ms, iso: text };
    return fromIso(text);
  }
  return { ok: false, detail: `a ${value === null ? 'null' : typeof value}, not a date-time` };
}
