// The write queue of one csv-log node: rows queue in arrival order within a memory budget
// (rowBytes() each) and an optional row count; every row waiting when a write starts goes out
// in one write per file, and each row's callback runs after its batch is on disk, in arrival
// order. A write that may pass later (disk full, permission, a folder missing) is retried with
// backoff while its rows stay queued, so logging resumes by itself when the disk recovers.
import { WriterOptions } from './csv-file-writer';
import { LogCallback, OpenFiles, QueuedRow } from './open-files';
import { DEFAULT_QUEUE_MB, rowBytes } from './queue-limits';

/**
 * Least time between the starts of two writes (ms). Under a steady stream each turn of the event
 * loop brings a row or two, and a write per turn would cost a file-system call, a hand-off to
 * libuv's thread pool and its wake-up for nearly every row. A row after a quiet spell is still
 * written at the next turn; under load a row waits at most this long for the next write.
 */
const WRITE_GAP_MS = 5;

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
   * Without fixed columns, a row with keys the file has no column for: 'ignore' writes the
   * known columns (newExtraKeys tells once per file); 'new-file' starts the next numbered
   * file with the added columns.
   */
  newFields?: 'ignore' | 'new-file';
  /** Most rows waiting (queued or being written). Default: no row limit. */
  maxQueue?: number;
  /** Most bytes (rowBytes() each) the rows waiting may hold; a row past it is refused unless none waits. */
  maxQueueBytes?: number;
  /** Files kept open at once; the least recently used closes first. */
  maxOpenFiles?: number;
  /** First retry delay after a failed write; doubles each time up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  onBatch?: (logger: CsvLogger) => void;
  /** A write failed and its rows will be tried again. */
  onRetry?: (info: RetryInfo) => void;
  /** A write succeeded after `attempts` failures. */
  onRecover?: (attempts: number) => void;
}

export class CsvLogger {
  /** Row limit (Infinity: none) and memory budget in bytes. */
  readonly maxQueue: number;
  readonly maxQueueBytes: number;
  readonly files: OpenFiles;
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

  constructor(private readonly opts: LoggerOptions = {}) {
    const columns = opts.columns && opts.columns.length > 0 ? opts.columns : null;
    this.files = new OpenFiles(columns, columns === null && opts.newFields === 'new-file', opts, opts.maxOpenFiles);
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
    return this.files.closeAll();
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
    for (const [file, rows] of byFile) await this.files.write(file, rows);
  }
}
