// What one row waiting in csv-log's queue is counted as against the memory budget. Pure: no
// Node-RED, no I/O.
//
// A waiting row holds far more than its cells: the message it came in (its payload with any
// nested objects such as news2's scores, msg.alarm, topic, _msgid) and Node-RED's send and
// done for it stay alive until the row is written. Weighing all of that per row would cost
// more than the rest of the node's work, so a row is counted as a fixed share, measured on
// the pipeline a user runs, plus the length of its text cells, which is where a row much
// larger than a reading would show.
//
// Measured (bench/csv-log-queue.ts: mqtt in → vitals-parse → news2 → threshold → csv-log,
// with writes held back so that 50,000 rows wait, heap after a full GC): 1,140 to 1,170 bytes
// of heap per waiting vitals reading. Its text cells (ids, timestamp, consciousness) are 35
// characters, so such a row is counted as 1,235 bytes and the default 100 MB budget holds
// about 85,000 readings, some 95 MB of heap.

/** The fixed share of a waiting row: a vitals reading's measured heap cost, rounded up. */
export const ROW_BYTES = 1200;

/** ROW_BYTES plus the length of the row's own text cells and the size of its byte cells. */
export function rowBytes(row: Record<string, unknown>): number {
  let n = ROW_BYTES;
  for (const key in row) {
    const v = row[key];
    if (typeof v === 'string') n += v.length;
    else if (v instanceof Uint8Array) n += v.byteLength;
  }
  return n;
}
