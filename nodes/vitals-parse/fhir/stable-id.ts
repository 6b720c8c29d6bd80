// Resource ids that are the same every time the same reading is mapped, so a re-sent
// message updates (or is recognised as) the resource it already made instead of adding one.

import { createHash } from 'node:crypto';

/**
 * A UUID derived from SHA-256 of the parts (RFC 9562 version 8, "custom"), lower-case.
 * JSON-encoding the parts keeps ["a|b","c"] and ["a","b|c"] apart.
 */
export function stableUuid(...parts: string[]): string {
  const b = Buffer.from(createHash('sha256').update(JSON.stringify(parts)).digest().subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x80;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
