// The write queue of one csv-log node and the CSV files it has open. Rows queue in arrival order
// within a memory budget (rowBytes() each) and an optional row count; every row waiting when a
// write starts goes out in as few writes per file as the file allows (a new numbered file is
// started when new fields call for one or the size limit is reached), and each row's callback
// runs after its batch is on disk, in arrival order. A write that may pass later (disk full,
// permission, a folder missing) is retried with backoff while its rows stay queued, so logging
// resumes by itself when the disk recovers. Names may come from messages, so only the most
// recently used few files stay open; the rest are opened again (and checked again) when a row
// comes for them.
import { CsvFileWriter, openCsvFile } from './csv-file-writer';
import { CsvFileError } from './fs-ops';
import { LruMap } from '../lib/lru-map';
import { columnsOf, encodeRow, extraKeys } from '../lib/csv-encode';
import { DEFAULT_QUEUE_MB, rowBytes } from './queue-limits';
import type { LogCallback, LoggerOptions, QueuedRow } from './logger-options';

export type { LogCallback, LoggerOptions, LogResult, RetryInfo } from './logger-options';

/**
 * Least time between the starts of two writes (ms). Under a steady stream each turn of the event
 * loop brings a row or two, and a write per turn would cost a file-system call, a hand-off to
 * libuv's thread pool and its wake-up for nearly every row. A row after a quiet spell is still
 * written at the next turn; under load a row waits at most this long for the next write.
 */
const WRITE_GAP_MS = 5;

export class CsvLogger {
  /** Row limit (Infinity: none) and memory budget in bytes. */
  readonly maxQueue: number;
  readonly maxQueueBytes: number;
  /** The file of the last successful write and its data row count, for the status. */
  last: { filename: string; rows: number } | null = null;
  /** Estimated bytes the rows waiting hold (rowBytes() each), including the batch being written. */
  pendingBytes = 0;
  private queue: QueuedRow[] = [];
  /** Rows of the batch being written. */
  private inFlight = 0;
  private draining: Promise<void> | null = null;
  private closed = false;
  private attempts = 0;
  /** When the last write began (performance.now(): a clock set back must not hold writes up). */
  private lastWriteAt = -Infinity;
  private gate: Promise<unknown> = Promise.resolve();
  /** Ends the wait between writes or before a retry early (on close). */
  private wake: (() => void) | null = null;
  private readonly writers: LruMap<CsvFileWriter>;
  private readonly maxBytes: number;
  /** Fixed columns, or null. */
  private readonly columns: readonly string[] | null;
  /** Keys that are not columns start the next numbered file with the added columns. */
  private readonly newFile: boolean;

  constructor(private readonly opts: LoggerOptions = {}) {
    this.columns = opts.columns && opts.columns.length > 0 ? opts.columns : null;
    this.newFile = this.columns === null && opts.newFields === 'new-file';
    this.writers = new LruMap(Math.max(1, opts.maxOpenFiles ?? 16));
    this.maxBytes = opts.maxBytes && opts.maxBytes > 0 ? opts.maxBytes : 0;
    this.maxQueue = opts.maxQueue === undefined ? Infinity : Math.max(1, opts.maxQueue);
    this.maxQueueBytes = Math.max(1, opts.maxQueueBytes ?? DEFAULT_QUEUE_MB * 1024 * 1024);
  }

  /** Rows waiting to be written, including the batch being written. */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /**
   * Queue one row for `file` (an absolute path already checked to be safe); `cb` runs once
   * it is written or has failed. Returns false, without queuing or calling `cb`, when the
   * logger is closed, or when rows are waiting and this one would take them past the memory
   * budget or the row limit.
   */
  push(file: string, values: Record<string, unknown>, cb: LogCallback): boolean {
    if (this.closed) return false;
    const bytes = rowBytes(values);
    const pending = this.pending;
    if (pending > 0 && (pending >= this.maxQueue || this.pendingBytes + bytes > this.maxQueueBytes)) return false;
    this.pendingBytes += bytes;
    this.queue.push({ file, values, bytes, cb, result: null, error: null, retry: null, newExtraKeys: null });
    this.draining ??= this.drain();
    return true;
  }

  /** Paths of the files open now (retention leaves them alone). */
  paths(): Set<string> {
    return new Set(Array.from(this.writers.values(), (w) => w.path));
  }

  /** Write nothing before `p` settles (start-up repair of files must not race a write). */
  holdUntil(p: Promise<unknown>): void {
    this.gate = p.catch(() => undefined);
  }

  /** Resolves once every queued row has been written or has failed. */
  async idle(): Promise<void> {
    await this.draining;
  }

  /**
   * Write what is queued, then close every file. A failing disk gets one more attempt
   * (no backoff); rows that still fail get their error. Close errors are returned.
   */
  async close(): Promise<Error[]> {
    this.closed = true;
    this.wake?.();
    await this.idle();
    const errors: Error[] = [];
    for (const w of this.writers.values()) await w.close().catch((e: Error) => errors.push(e));
    this.writers.clear();
    return errors;
  }

  // A write takes every row waiting: each file-system call finishes on a later turn of the
  // event loop, and under a broker's backlog a turn can last up to a second and bring
  // thousands of rows. One write carrying everything that arrived keeps up with any arrival
  // rate; the memory budget holds what arrives while the file is being opened or between writes.
  private async drain(): Promise<void> {
    try {
      await new Promise((resolve) => setImmediate(resolve));
      await this.gate;
      while (this.queue.length > 0) {
        const gap = this.lastWriteAt + WRITE_GAP_MS - performance.now();
        if (gap > 0 && !this.closed) await this.sleep(gap);
        this.lastWriteAt = performance.now();
        // Once closing, a failure is final: rows get their error instead of waiting.
        const hold = !this.closed;
        const batch = this.queue;
        this.queue = [];
        this.inFlight = batch.length;
        await this.writeBatch(batch);
        const held: QueuedRow[] = [];
        // Settle in arrival order, so sends leave the node in the order rows came in.
        for (const row of batch) {
          if (row.retry && hold) {
            held.push(row);
            continue;
          }
          // Settled: the row leaves the budget (before its callback, which may push again).
          this.pendingBytes -= row.bytes;
          if (row.result) row.cb(null, row.result);
          else row.cb(row.error ?? row.retry ?? new Error('row not written'), null);
        }
        this.inFlight = 0;
        if (held.length > 0) {
          // Back at the head of the queue, tried again after a wait that doubles each time.
          const error = held[0].retry as Error;
          for (const row of held) row.retry = null;
          this.queue = held.concat(this.queue);
          this.attempts++;
          const base = this.opts.retryBaseMs ?? 250;
          const delayMs = Math.min(this.opts.retryMaxMs ?? 10000, base * 2 ** Math.min(this.attempts - 1, 30));
          this.opts.onRetry?.({ error, attempt: this.attempts, delayMs, pending: this.pending });
          if (!this.closed) await this.sleep(delayMs);
          continue;
        }
        if (this.attempts > 0 && batch.some((row) => row.result)) {
          const n = this.attempts;
          this.attempts = 0;
          this.opts.onRecover?.(n);
        }
        this.opts.onBatch?.(this);
      }
    } finally {
      this.draining = null;
      this.inFlight = 0;
    }
  }

  /** Ends early when the logger closes. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Write a batch file by file, each file's rows in arrival order. */
  private async writeBatch(batch: QueuedRow[]): Promise<void> {
    const byFile = new Map<string, QueuedRow[]>();
    for (const row of batch) {
      const rows = byFile.get(row.file);
      if (rows) rows.push(row);
      else byFile.set(row.file, [row]);
    }
    for (const [file, rows] of byFile) await this.writeRows(file, rows);
  }

  /** Write `rows`, all for the file name `name`, in arrival order. */
  private async writeRows(name: string, rows: QueuedRow[]): Promise<void> {
    let writer: CsvFileWriter | undefined;
    // Records waiting for one write and the rows they are for.
    let records = '';
    let waiting: QueuedRow[] = [];
    let waitingBytes = 0;
    const flush = async (w: CsvFileWriter) => {
      if (waiting.length === 0) return;
      let n = await w.append(records, waiting.length);
      for (const row of waiting) row.result = { filename: w.path, row: n++, newExtraKeys: row.newExtraKeys };
      this.last = { filename: w.path, rows: w.rows };
      records = '';
      waiting = [];
      waitingBytes = 0;
    };
    try {
      writer = this.writers.use(name) ?? (await this.keep(name, await openCsvFile(name, this.columns, this.opts)));
      for (const row of rows) {
        if (writer.columns === null) {
          const cols = columnsOf(row.values);
          if (cols.length === 0) {
            row.error = new Error(`the first row of ${writer.path} has no keys to use as columns`);
            continue;
          }
          writer.columns = cols;
        }
        let text: string;
        let extra: string[] = [];
        let bytes: number;
        try {
          text = encodeRow(row.values, writer.columns, this.opts.encode);
          // Extra keys matter only while a warning is due or new fields start a new file.
          if (this.newFile || !writer.extraWarned) extra = extraKeys(row.values, writer.columns);
          if (extra.length > 0 && this.newFile) {
            await flush(writer);
            writer = await this.rotate(name, writer, writer.columns.concat(extra), 0);
            text = encodeRow(row.values, writer.columns as string[], this.opts.encode);
            extra = [];
          }
          // Bytes are counted only where a size limit needs them.
          bytes = this.maxBytes > 0 ? Buffer.byteLength(text) : 0;
          const full =
            this.maxBytes > 0 &&
            writer.size + Buffer.byteLength(writer.headerText()) + waitingBytes + bytes > this.maxBytes;
          if (full && (writer.rows > 0 || waiting.length > 0)) {
            await flush(writer);
            writer = await this.rotate(name, writer, writer.columns as string[], bytes);
          }
        } catch (err) {
          if (err instanceof CsvFileError) throw err;
          // A cell that cannot be encoded (a circular object): this row fails, the others go on.
          row.error = err as Error;
          continue;
        }
        records += text;
        waiting.push(row);
        waitingBytes += bytes;
        // Extra keys are told once per file: on the first row that has some.
        if (extra.length > 0 && !writer.extraWarned) {
          writer.extraWarned = true;
          row.newExtraKeys = extra;
        }
      }
      await flush(writer);
    } catch (err) {
      // The file is opened afresh on the retry, which numbers and warns afresh.
      for (const row of waiting) row.newExtraKeys = null;
      if (writer) {
        this.writers.delete(name);
        await writer.close().catch(() => undefined);
      }
      // Every row not settled yet: to retry when it may pass, else failed for good.
      const retry = err instanceof CsvFileError && err.retryable;
      for (const row of rows) {
        if (row.error || row.result) continue;
        if (retry) row.retry = err;
        else row.error = err as Error;
      }
    }
  }

  /** Close `current` and open the next numbered file for `name` with these columns. */
  private async rotate(name: string, current: CsvFileWriter, columns: readonly string[], need: number) {
    this.writers.delete(name);
    await current.close().catch(() => undefined);
    return this.keep(name, await openCsvFile(name, columns, this.opts, current.index + 1, need));
  }

  private async keep(name: string, writer: CsvFileWriter): Promise<CsvFileWriter> {
    for (const old of this.writers.set(name, writer)) await old.close().catch(() => undefined);
    return writer;
  }
}
