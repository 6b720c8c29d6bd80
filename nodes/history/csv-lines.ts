// A CSV file record by record, never whole: a stream (gunzipped for .gz files) split on line
// feeds, a quoted cell's line breaks kept in its record, a last line without its line feed (torn,
// or being written) left out; findStart() reads backwards to where a recent range begins.
import fs from 'fs';
import zlib from 'zlib';
import { StringDecoder } from 'string_decoder';

/** Bytes per backward read in findStart(): a block is a Buffer, outside the JavaScript heap. */
const BLOCK_BYTES = 1 << 20;
/** Bytes per forward read: a string this size is swept young; a 1 MB one would pile up in large-object space. */
const STREAM_BYTES = 1 << 16;
const LF = 0x0a;
/** How far rows may be out of time order and still count as in order: devices' readings interleave. */
export const ORDER_SLACK_MS = 3600000;

interface LineOptions {
  gz?: boolean;
  /** Plain files only: the byte offset of a record to start at, the one to stop before. */
  start?: number;
  end?: number;
  signal?: AbortSignal;
  /** Called after each block; a promise it returns is awaited before the next. */
  onBlock?(): void | Promise<void>;
}

/**
 * Calls `onRecord` with each whole record (its line ending cut off) in file order, until it returns
 * false; rejects with the signal's reason when it fires, or with the file's error.
 */
export async function readRecords(file: string, onRecord: (record: string) => boolean | void, options: LineOptions) {
  const raw = fs.createReadStream(file, {
    start: options.start ?? 0,
    end: options.end === undefined ? undefined : options.end - 1,
    highWaterMark: STREAM_BYTES,
  });
  const gunzip = options.gz ? zlib.createGunzip({ chunkSize: STREAM_BYTES }) : null;
  // A pipe does not pass the file's error on.
  if (gunzip) raw.on('error', (err) => gunzip.destroy(err));
  const input: NodeJS.ReadableStream = gunzip ? raw.pipe(gunzip) : raw;
  const decoder = new StringDecoder('utf8');
  let rest = '';
  // A record whose quoted cell holds line breaks, and its count of quotes so far.
  let open = '';
  let openQuotes = 0;
  try {
    for await (const chunk of input) {
      options.signal?.throwIfAborted();
      const text = rest + decoder.write(chunk);
      let pos = 0;
      for (let lf = text.indexOf('\n'); lf >= 0; lf = text.indexOf('\n', pos)) {
        let line = text.slice(pos, lf + 1);
        pos = lf + 1;
        if (open !== '' || line.includes('"')) {
          // An odd count of quotes so far leaves a quoted cell open.
          openQuotes += line.split('"').length - 1;
          if (openQuotes % 2 === 1) {
            open += line;
            continue;
          }
          line = open + line;
          open = '';
          openQuotes = 0;
        }
        const end = line.length > 1 && line.charCodeAt(line.length - 2) === 13 ? line.length - 2 : line.length - 1;
        if (onRecord(line.slice(0, end)) === false) return;
      }
      rest = text.slice(pos);
      await options.onBlock?.();
    }
  } finally {
    raw.destroy();
  }
}

/** The time of the first record in `block` (from `lf`, a line feed's index) that is a data row. */
function firstTime(block: Buffer, lf: number, timeOf: (record: string) => number): { at: number; time: number } | null {
  for (let tries = 0; lf >= 0 && tries < 16; tries++) {
    const next = block.indexOf(LF, lf + 1);
    if (next < 0) return null;
    const time = timeOf(block.toString('utf8', lf + 1, next).replace(/\r$/, ''));
    if (!Number.isNaN(time)) return { at: lf + 1, time };
    lf = next;
  }
  return null;
}

/**
 * Where to read from for rows at or after `from`, by blocks backwards from the end: the offset of
 * the first record of the first block whose first record is older than `from` (by ORDER_SLACK_MS);
 * 0 (read it all) when none is, for a small file, or one not in time order (block times rising
 * going back, or below the first row's). `timeOf`: a record's time, NaN for the header or a cut record.
 */
export async function findStart(file: string, from: number, timeOf: (record: string) => number, signal?: AbortSignal) {
  const fh = await fs.promises.open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size <= 2 * BLOCK_BYTES) return 0;
    const buf = Buffer.allocUnsafe(BLOCK_BYTES);
    // The header ends at the first line feed; the first row after it bounds every later one.
    const head = buf.subarray(0, (await fh.read(buf, 0, BLOCK_BYTES, 0)).bytesRead);
    const first = firstTime(head, head.indexOf(LF), timeOf);
    if (first === null) return 0;
    let end = size;
    let later = Infinity;
    while (end > 2 * BLOCK_BYTES) {
      signal?.throwIfAborted();
      const start = end - BLOCK_BYTES;
      const { bytesRead } = await fh.read(buf, 0, BLOCK_BYTES, start);
      const block = buf.subarray(0, bytesRead);
      // The first line feed ends a record cut by the block's start; the records after it are whole.
      const probe = firstTime(block, block.indexOf(LF), timeOf);
      if (probe === null) return 0;
      if (probe.time > later + ORDER_SLACK_MS || probe.time < first.time - ORDER_SLACK_MS) return 0;
      if (probe.time < from - ORDER_SLACK_MS) return start + probe.at;
      later = probe.time;
      end = start;
    }
    return 0;
  } finally {
    await fh.close();
  }
}
