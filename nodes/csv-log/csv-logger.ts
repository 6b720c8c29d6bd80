// The write queue of one csv-log node: rows are queued in arrival order, up to a memory
// budget (maxQueueBytes, by rowBytes()' estimate of what a waiting row holds) and, if set, a
// row count (maxQueue); every row waiting when a write starts goes out in that one write per
// file; each row's callback runs after its batch is on disk, in arrival order. A write that
// fails for a reason a retry can fix (disk full, permission, a folder missing) is retried
// with backoff while its rows stay queued, so logging resumes by itself when the disk
// recovers. Uses the file system through CsvFileWriter, never Node-RED.
import { CsvFileError, CsvFileWriter, WriterOptions } from './csv-file-writer';
import { columnsOf, encodeRow, RecordEncoder } from '../lib/csv-encode';
import { Utf8Buffer } from '../lib/utf8-buffer';
import { rowBytes } from './row-bytes';
import { DEFAULT_QUEUE_MB } from './queue-limits';

export interface LogResult {
  /** Absolute path of the file written (a numbered name when the header differed or the size limit was reached). */
  filename: string;
  /** 1-based data row number in that file. */
  row: number;
  /** Keys not written because they are not columns: set on the first such row of each file only. */
  newExtraKeys: string[] | null;
}

/**
 * Runs once per row, after its batch was written or failed. `a`, `b`, `c` are the values
 * given to push() (a caller's message and its callbacks), handed back so that one
 * callback can serve every row instead of a closure per row.
 */
export type LogCallback<A = unknown, B = unknown, C = unknown> = (err: Error | null, result: LogResult | null, a: A, b: B, c: C) => void;

export interface RetryInfo {
  error: Error;
  /** Failed attempts in a row so far (1 on the first failure). */
  attempt: number;
  /** Milliseconds until the next attempt. */
  delayMs: number;
  /** Rows waiting, the failed ones included. */
  pending: number;
}

export interface LoggerOptions extends WriterOptions {
  /** Fixed columns; null/empty: the first row's keys or the existing file's header. */
  columns?: readonly string[] | null;
  /**
   * Without fixed columns, what a row with keys the file has no column for does:
   * 'ignore' writes the known columns (newExtraKeys tells once per file); 'new-file'
   * starts the next numbered file with the added columns.
   */
  newFields?: 'ignore' | 'new-file';
  /** Most rows in one write; default: every row waiting (see drain()). */
  maxBatchRows?: number;
  /** Most rows waiting (queued or being written); push() refuses more. Default: no row limit. */
  maxQueue?: number;
  /**
   * Most bytes the rows waiting may hold (queued or being written), each row counted by
   * rowBytes(); push() refuses a row that would go past it, unless nothing waits.
   */
  maxQueueBytes?: number;
  /** Files kept open at once (names from messages may vary); least recently used closes first. */
  maxOpenFiles?: number;
  /** First retry delay after a failed write; doubles each time up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Called after every batch, e.g. to update a status. */
  onBatch?: (logger: CsvLogger) => void;
  /** Called when a write failed and its rows will be tried again. */
  onRetry?: (info: RetryInfo, logger: CsvLogger) => void;
  /** Called when a write succeeds after failures. */
  onRecover?: (attempts: number, logger: CsvLogger) => void;
}

/** The default memory budget for waiting rows: about 85,000 vitals readings (see row-bytes.ts). */
export const DEFAULT_MAX_QUEUE_BYTES = DEFAULT_QUEUE_MB * 1024 * 1024;
export const RETRY_BASE_MS = 250;
export const RETRY_MAX_MS = 10000;

/** push() refused a row because the rows waiting already fill the budget or the row limit. */
export class QueueFullError extends Error {
  constructor(
    readonly pending: number,
    readonly pendingBytes: number,
  ) {
    super(`queue full: ${pending} rows (${(pendingBytes / 1048576).toFixed(1)} MB) already waiting to be written`);
    this.name = 'QueueFullError';
  }
}

/**
 * One queued row. It is also the LogResult its callback gets once written (filename, row,
 * newExtraKeys), so a row costs this one object in the logger.
 */
class Item implements LogResult {
  filename = '';
  row = 0;
  newExtraKeys: string[] | null = null;
  written = false;
  error: Error | null = null;
  retry: Error | null = null;
  constructor(
    /** This row's share of the memory budget (rowBytes()). */
    readonly bytes: number,
    readonly file: string,
    readonly values: Record<string, unknown>,
    readonly cb: LogCallback<any, any, any>, // eslint-disable-line @typescript-eslint/no-explicit-any
    readonly a: unknown,
    readonly b: unknown,
    readonly c: unknown,
  ) {}
}

const NO_EXTRA: string[] = [];

function isRetryable(err: unknown): boolean {
  return err instanceof CsvFileError && err.retryable;
}

export class CsvLogger {
  private queue: Item[] = [];
  private head = 0;
  private running = false;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private readonly writers = new Map<string, CsvFileWriter>();
  private readonly columns: readonly string[] | null;
  private inFlight = 0;
  /** Estimated bytes of the rows waiting (queued or being written). */
  private bytes = 0;
  private attempts = 0;
  private wake: (() => void) | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private gate: Promise<unknown> | null = null;
  /** The records of the batch being written (one batch at a time: drain() runs alone). */
  private readonly out = new Utf8Buffer();
  /** Row limit (Infinity: none) and memory budget in bytes. */
  readonly maxQueue: number;
  readonly maxQueueBytes: number;
  /** The file of the last successful batch and its data row count, for the status. */
  last: { filename: string; rows: number } | null = null;
  /** The error of the write being retried, null while writes succeed. */
  failing: Error | null = null;

  constructor(private readonly opts: LoggerOptions = {}) {
    this.columns = opts.columns && opts.columns.length > 0 ? opts.columns : null;
    this.maxQueue = opts.maxQueue === undefined ? Infinity : Math.max(1, opts.maxQueue);
    this.maxQueueBytes = Math.max(1, opts.maxQueueBytes ?? DEFAULT_MAX_QUEUE_BYTES);
  }

  /** Rows waiting to be written, including the batch being written. */
  get pending(): number {
    return this.queue.length - this.head + this.inFlight;
  }

  /** Estimated bytes the rows waiting hold (rowBytes() each), including the batch being written. */
  get pendingBytes(): number {
    return this.bytes;
  }

  /** Paths of the files open now (retention leaves them alone). */
  openFiles(): Set<string> {
    return new Set([...this.writers.values()].map((w) => w.path));
  }

  /**
   * Queue one row for `file` (an absolute path already checked to be safe); `cb` runs once
   * it is written or has failed. Returns false, without queuing or calling `cb`, when the
   * logger is closed, or when rows are waiting and this one would take them past the memory
   * budget or the row limit.
   */
  push<A = undefined, B = undefined, C = undefined>(file: string, row: Record<string, unknown>, cb: LogCallback<A, B, C>, a?: A, b?: B, c?: C): boolean {
    if (this.closed) return false;
    const bytes = rowBytes(row);
    const pending = this.pending;
    if (pending > 0 && (pending >= this.maxQueue || this.bytes + bytes > this.maxQueueBytes)) return false;
    this.bytes += bytes;
    this.queue.push(new Item(bytes, file, row, cb, a, b, c));
    if (!this.running) {
      this.running = true;
      setImmediate(() => void this.drain());
    }
    return true;
  }

  /** push() as a promise, for callers that write a few rows. */
  log(file: string, row: Record<string, unknown>): Promise<LogResult> {
    return new Promise((resolve, reject) => {
      const ok = this.push(file, row, (err, r) =>
        err || !r ? reject(err ?? new Error('row not written')) : resolve({ filename: r.filename, row: r.row, newExtraKeys: r.newExtraKeys }),
      );
      if (!ok) reject(this.closed ? new Error('csv logger is closed') : new QueueFullError(this.pending, this.bytes));
    });
  }

  /** Write nothing before `p` settles (start-up repair of files must not race a write). */
  holdUntil(p: Promise<unknown>): void {
    const gate = p.then(
      () => undefined,
      () => undefined,
    );
    this.gate = gate;
    void gate.then(() => {
      if (this.gate === gate) this.gate = null;
    });
  }

  /** Resolves once every queued row has been written or has failed. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Write what is queued, then close every file. A failing disk gets one more attempt
   * (no backoff); rows that still fail get their error. Close errors are returned.
   */
  async close(): Promise<Error[]> {
    this.closed = true;
    this.interruptWait();
    await this.idle();
    const errors: Error[] = [];
    for (const writer of this.writers.values()) {
      await writer.close().catch((e: Error) => errors.push(e));
    }
    this.writers.clear();
    return errors;
  }

  private interruptWait(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.wakeTimer = setTimeout(() => this.interruptWait(), ms);
    });
  }

  private take(max: number): Item[] {
    const available = this.queue.length - this.head;
    let batch: Item[];
    if (this.head === 0 && available <= max) {
      batch = this.queue;
      this.queue = [];
    } else {
      batch = this.queue.slice(this.head, this.head + Math.min(max, available));
      this.head += batch.length;
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
    }
    return batch;
  }

  // Why a write takes every row waiting: each file-system call finishes on a later turn of
  // the event loop, and under a burst a turn is long. With QoS 1 traffic from a broker (a
  // persistent session's backlog delivered at reconnect, a publisher that does not wait),
  // Node-RED turns everything mqtt.js read from the socket in one poll into messages and
  // moves every message in flight one node on before it polls again: turns of 100 ms to 1 s,
  // each bringing 1,000 to 8,000 rows. Measured with a 50,000-reading backlog: each write
  // then took one such turn and carried at most 4,096 rows (the old batch cap), so the queue
  // grew by thousands of rows per turn; the first write, which also opens the file, waited
  // about ten turns (1.5 to 7 s), and a 10,000-row queue overflowed before a row was on disk.
  // One write per turn carrying everything that arrived keeps up with any arrival rate; the
  // memory budget (maxQueueBytes) holds what arrives while the file is being opened.
  private async drain(): Promise<void> {
    const max = this.opts.maxBatchRows ?? Infinity;
    try {
      if (this.gate) await this.gate;
      while (this.queue.length - this.head > 0) {
        // Once closing, a failure is final: rows get their error instead of waiting.
        const hold = !this.closed;
        const batch = this.take(max);
        this.inFlight = batch.length;
        await this.writeBatch(batch);
        const held: Item[] = [];
        let retryError: Error | null = null;
        // Settle in arrival order, so sends leave the node in the order rows came in.
        for (const item of batch) {
          if (item.retry && hold) {
            retryError = retryError ?? item.retry;
            item.retry = null;
            held.push(item);
            continue;
          }
          // Settled: the row leaves the budget (before its callback, which may push again).
          this.bytes -= item.bytes;
          if (item.written) {
            item.cb(null, item, item.a, item.b, item.c);
          } else {
            item.cb(item.error ?? item.retry ?? new Error('row not written'), null, item.a, item.b, item.c);
          }
        }
        this.inFlight = 0;
        if (held.length > 0) {
          this.queue = held.concat(this.queue.slice(this.head));
          this.head = 0;
          this.attempts++;
          this.failing = retryError;
          const base = this.opts.retryBaseMs ?? RETRY_BASE_MS;
          const cap = this.opts.retryMaxMs ?? RETRY_MAX_MS;
          const delayMs = Math.min(cap, base * 2 ** Math.min(this.attempts - 1, 30));
          this.opts.onRetry?.({ error: retryError as Error, attempt: this.attempts, delayMs, pending: this.pending }, this);
          if (!this.closed) await this.sleep(delayMs);
          continue;
        }
        if (this.attempts > 0 && batch.some((i) => i.written)) {
          const n = this.attempts;
          this.attempts = 0;
          this.failing = null;
          this.opts.onRecover?.(n, this);
        }
        this.opts.onBatch?.(this);
      }
    } finally {
      this.running = false;
      this.inFlight = 0;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private async writeBatch(batch: Item[]): Promise<void> {
    // Most batches go to one file: skip the grouping then.
    const first = batch[0].file;
    let single = true;
    for (let i = 1; i < batch.length; i++) {
      if (batch[i].file !== first) {
        single = false;
        break;
      }
    }
    if (single) return this.writeGroup(first, batch);
    const groups = new Map<string, Item[]>();
    for (const item of batch) {
      const g = groups.get(item.file);
      if (g) g.push(item);
      else groups.set(item.file, [item]);
    }
    for (const [file, group] of groups) await this.writeGroup(file, group);
  }

  private async writer(file: string, need: number): Promise<CsvFileWriter> {
    const open = this.writers.get(file);
    if (open) {
      // Map order is insertion order: re-insert to mark as recently used.
      this.writers.delete(file);
      this.writers.set(file, open);
      return open;
    }
    return this.install(file, await CsvFileWriter.open(file, this.columns, this.opts, 0, need));
  }

  private async install(file: string, writer: CsvFileWriter): Promise<CsvFileWriter> {
    this.writers.set(file, writer);
    const maxOpen = this.opts.maxOpenFiles ?? 16;
    while (this.writers.size > maxOpen) {
      const [oldest, w] = this.writers.entries().next().value as [string, CsvFileWriter];
      this.writers.delete(oldest);
      await w.close().catch(() => undefined);
    }
    return writer;
  }

  /** Close `current` and open the next file for `file` with these columns, from number `from`. */
  private async rotate(file: string, current: CsvFileWriter, columns: readonly string[], from: number, need: number) {
    this.writers.delete(file);
    await current.close().catch(() => undefined);
    const next = await CsvFileWriter.open(file, columns, this.opts, from, need);
    return this.install(file, next);
  }

  /** Drop a writer after a failure: the next attempt opens the file afresh (and repairs it). */
  private async discard(file: string): Promise<void> {
    const w = this.writers.get(file);
    this.writers.delete(file);
    if (w) await w.close().catch(() => undefined);
  }

  private async writeGroup(file: string, group: Item[]): Promise<void> {
    const maxBytes = this.opts.maxBytes && this.opts.maxBytes > 0 ? this.opts.maxBytes : 0;
    const encode = this.opts.encode;
    const newFile = this.columns === null && this.opts.newFields === 'new-file';
    let writer: CsvFileWriter;
    let i = 0;
    const fail = (err: unknown, from: number) => {
      const e = err as Error;
      const retry = isRetryable(err);
      for (let k = from; k < group.length; k++) {
        const item = group[k];
        if (item.error || item.written) continue;
        if (retry) item.retry = e;
        else item.error = e;
      }
    };
    try {
      writer = await this.writer(file, 0);
    } catch (err) {
      fail(err, 0);
      return;
    }
    // The batch's records go, as UTF-8, into one buffer the logger reuses: a string per record
    // (and their join, and Buffer.from's copy) was most of the garbage a row made. Bytes
    // from `batchStart` to the end are records not yet written; `count` of them.
    const out = this.out;
    out.reset();
    let batchStart = 0;
    let start = 0; // first item of the records from batchStart
    let count = 0;
    /** Write the records from batchStart up to byte `end` (where item `i`'s record begins). */
    const flush = async (end: number): Promise<boolean> => {
      if (count === 0) return true;
      try {
        const firstRow = await writer.append(out.view(batchStart, end), count);
        let n = firstRow;
        for (let k = start; k < i; k++) {
          const item = group[k];
          if (item.error) continue;
          item.filename = writer.path;
          item.row = n++;
          item.written = true;
        }
        this.last = { filename: writer.path, rows: writer.rows };
      } catch (err) {
        // A retry numbers and warns afresh (the file is reopened).
        for (let k = start; k < i; k++) {
          group[k].written = false;
          group[k].newExtraKeys = null;
        }
        fail(err, start);
        await this.discard(file);
        return false;
      }
      batchStart = end;
      count = 0;
      return true;
    };
    // One encoder per column list: rebuilt only when the writer's columns change.
    let encoder: RecordEncoder | null = null;
    for (; i < group.length; i++) {
      const item = group[i];
      if (writer.columns === null) {
        const cols = columnsOf(item.values);
        if (cols.length === 0) {
          item.error = new Error(`the first row of ${writer.path} has no keys to use as columns`);
          continue;
        }
        writer.columns = cols;
      }
      const recordStart = out.length;
      let extra: string[];
      try {
        if (encoder === null || encoder.columns !== writer.columns) encoder = new RecordEncoder(writer.columns, encode);
        encoder.encodeInto(item.values, out);
        // Extra keys matter only while a warning is due or new fields start a new file.
        extra = newFile || !writer.extraWarned ? encoder.extraKeys(item.values) : NO_EXTRA;
        if (extra.length > 0 && newFile) {
          const columns = writer.columns.concat(extra);
          if (!(await flush(recordStart))) return;
          start = i;
          writer = await this.rotate(file, writer, columns, writer.index + 1, 0);
          const encoded = encodeRow(item.values, columns, encode);
          out.truncate(recordStart);
          out.text(encoded.text);
          extra = encoded.extraKeys;
        }
      } catch (err) {
        // A cell that cannot be encoded may have left part of its record: cut it off.
        out.truncate(recordStart);
        if (isRetryable(err) || err instanceof CsvFileError) {
          fail(err, i);
          return;
        }
        item.error = err as Error;
        continue;
      }
      if (maxBytes > 0) {
        const len = out.length - recordStart;
        if ((writer.rows > 0 || count > 0) && writer.size + writer.headerBytes() + (recordStart - batchStart) + len > maxBytes) {
          if (!(await flush(recordStart))) return;
          start = i;
          try {
            writer = await this.rotate(file, writer, writer.columns as string[], writer.index + 1, len);
          } catch (err) {
            fail(err, i);
            return;
          }
        }
      }
      if (count === 0) start = i;
      count++;
      if (extra.length > 0) {
        writer.extraKeyCount++;
        if (!writer.extraWarned) {
          writer.extraWarned = true;
          item.newExtraKeys = extra;
        }
      }
    }
    await flush(out.length);
    out.reset();
  }
}
