// What one row waiting in csv-log's queue counts against the memory budget. A waiting row
// holds its whole message and Node-RED's send and done until it is written; weighing all that
// per row would cost more than the rest of the node's work, so a row counts a fixed share plus
// its text and byte cells, where a row much larger than a reading shows. Pure.

/**
 * The fixed share: a vitals reading waiting behind mqtt in → vitals-parse → news2 → threshold
 * measured 1,140 to 1,170 bytes of heap (bench/csv-log-queue.ts), so the default 100 MB
 * budget holds about 85,000 readings.
 */
export const ROW_BYTES = 1200;

export function rowBytes(row: Record<string, unknown>): number {
  let n = ROW_BYTES;
  for (const key in row) {
    const v = row[key];
    if (typeof v === 'string') n += v.length;
    else if (v instanceof Uint8Array) n += v.byteLength;
  }
  return n;
}
