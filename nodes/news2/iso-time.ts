// Milliseconds of a reading's timestamp, as Date.parse gives them, without Date.parse for the
// one form vitals-parse always writes (toISOString: "2025-03-01T08:30:00.000Z"). Date.parse
// cost about 170 ns per message, a noticeable part of the news2 node. The digit reading is
// lib/time's canonicalIsoMs, the same check vitals-parse uses; any other text goes to
// Date.parse, so the result is always Date.parse's.
import { canonicalIsoMs } from '../lib/time';

/** Date.parse(text), or NaN for anything but a string (as the memory treats "no time"). */
export function parseTime(text: string | undefined): number {
  if (typeof text !== 'string') return NaN;
  const ms = canonicalIsoMs(text);
  return ms >= 0 ? ms : Date.parse(text);
}
