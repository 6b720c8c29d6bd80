// A growable byte buffer that text is appended to as UTF-8, for building one write out of
// many records. Pure: no Node-RED, no I/O.
//
// Why not strings: a batch built with `+=` (or joined from per-record strings) allocates a
// string for every piece of every record and then copies them all again in Buffer.from.
// For csv-log that garbage cost more than the encoding itself. Here ASCII text (ids, ISO
// times, numbers: nearly every cell) is copied byte by byte into one reused buffer, and any
// other text is handed to Buffer#write, which gives exactly Buffer.from's bytes.

const MIN_CAPACITY = 16 * 1024;
/** A buffer grown past this is let go on reset(), so one huge batch does not pin its memory. */
const KEEP_CAPACITY = 1024 * 1024;

export class Utf8Buffer {
  private buf: Buffer;
  /** Bytes written so far. */
  length = 0;

  constructor(capacity = MIN_CAPACITY) {
    this.buf = Buffer.allocUnsafe(Math.max(16, capacity));
  }

  get capacity(): number {
    return this.buf.length;
  }

  /** Room for `n` more bytes, keeping what is written. */
  reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  /** Append one byte (an ASCII code). */
  byte(code: number): void {
    if (this.length >= this.buf.length) this.reserve(1);
    this.buf[this.length++] = code;
  }

  /** Append `text` as UTF-8: the same bytes as Buffer.from(text, 'utf8'). */
  text(text: string): void {
    const n = text.length;
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
    if (this.length + 3 * n > this.buf.length) this.reserve(3 * n);
    const buf = this.buf;
    const start = this.length;
    let p = start;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        // Anything beyond ASCII (Korean, emoji, a lone surrogate → U+FFFD): Node's encoder.
        this.length = start + buf.write(text, start, 'utf8');
        return;
      }
      buf[p++] = c;
    }
    this.length = p;
  }

  /** Forget bytes from `length` on (undo a partly written record). */
  truncate(length: number): void {
    if (length < this.length) this.length = length;
  }

  /** The bytes from `start` to `end` (default: all written), without copying. */
  view(start = 0, end = this.length): Buffer {
    return this.buf.subarray(start, end);
  }

  /** Empty it for the next batch; a buffer grown very large is replaced by a small one. */
  reset(): void {
    this.length = 0;
    if (this.buf.length > KEEP_CAPACITY) this.buf = Buffer.allocUnsafe(MIN_CAPACITY);
  }
}
