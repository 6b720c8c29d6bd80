// The write queue of one csv-log node: rows are queued in arrival order, up to a memory
// budget (maxQueueBytes, by rowBytes()' estimate of what a waiting row holds) and, if set, a
// row count (maxQueue); every row waiting when a write starts goes out in that one write per
// file; each row's callback runs after its batch is on disk, in arrival order. A write that
// fails for a reason a retry can fix (disk full, permission, a folder missing) is retried
// with backoff while its rows stay queued, so logging resumes by itself when the disk
// recovers. Uses the file system through the files' writers, never Node-RED.
import { WriterOptions } from './csv-file-writer';
import { OpenFiles } from './open-files';
import { LogCallback, LogResult, QueuedRow, RowOptions, writeRows } from './write-rows';
import { rowBytes } from './row-bytes';
import { DEFAULT_QUEUE_MB } from './queue-limits';

export type { LogCallback, LogResult } from './write-rows';

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

export class CsvLogger {
  private queue: QueuedRow[] = [];
  /** Rows of the batch being written. */
  private inFlight = 0;
  private running = false;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private readonly files: OpenFiles;
  private readonly rowOptions: RowOptions;
  /** Estimated bytes of the rows waiting (queued or being written). */
  private bytes = 0;
  private attempts = 0;
  private wake: (() => void) | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private gate: Promise<unknown> | null = null;
  /** Row limit (Infinity: none) and memory budget in bytes. */
  readonly maxQueue: number;
  readonly maxQueueBytes: number;
  /** The file of the last successful batch and its data row count, for the status. */
  last: { filename: string; rows: number } | null = null;

  constructor(private readonly opts: LoggerOptions = {}) {
    const columns = opts.columns && opts.columns.length > 0 ? opts.columns : null;
    this.files = new OpenFiles(columns, opts, opts.maxOpenFiles);
    this.rowOptions = {
      encode: opts.encode,
      newFile: columns === null && opts.newFields === 'new-file',
      maxBytes: opts.maxBytes && opts.maxBytes > 0 ? opts.maxBytes : 0,
    };
    this.maxQueue = opts.maxQueue === undefined ? Infinity : Math.max(1, opts.maxQueue);
    this.maxQueueBytes = Math.max(1, opts.maxQueueBytes ?? DEFAULT_MAX_QUEUE_BYTES);
  }

  /** Rows waiting to be written, including the batch being written. */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Estimated bytes the rows waiting hold (rowBytes() each), including the batch being written. */
  get pendingBytes(): number {
    return this.bytes;
  }

  /** Paths of the files open now (retention leaves them alone). */
  openFiles(): Set<string> {
    return this.files.paths();
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
    if (pending > 0 && (pending >= this.maxQueue || this.bytes + bytes > this.maxQueueBytes)) return false;
    this.bytes += bytes;
    this.queue.push({ file, values, bytes, cb, result: null, error: null, retry: null, newExtraKeys: null });
    if (!this.running) {
      this.running = true;
      setImmediate(() => void this.drain());
    }
    return true;
  }

  /** push() as a promise, for callers that write a few rows. */
  log(file: string, values: Record<string, unknown>): Promise<LogResult> {
    return new Promise((resolve, reject) => {
      const ok = this.push(file, values, (err, r) =>
        err || !r ? reject(err ?? new Error('row not written')) : resolve(r),
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
    return this.files.closeAll();
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

  // Why a write takes every row waiting: each file-system call finishes on a later turn of
  // the event loop, and under a burst a turn is long. With QoS 1 traffic from a broker (a
  // persistent session's backlog delivered at reconnect, a publisher that does not wait),
  // Node-RED turns everything mqtt.js read from the socket in one poll into messages and
  // moves every message in flight one node on before it polls again: turns of 100 ms to 1 s,
  // each bringing 1,000 to 8,000 rows. A write capped at a few thousand rows then falls
  // behind by thousands of rows per turn, and the queue overflows before the first write
  // (which also opens the file) is done. One write per turn carrying everything that arrived
  // keeps up with any arrival rate; the memory budget (maxQueueBytes) holds what arrives
  // while the file is being opened.
  private async drain(): Promise<void> {
    try {
      if (this.gate) await this.gate;
      while (this.queue.length > 0) {
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
          this.bytes -= row.bytes;
          if (row.result) row.cb(null, row.result);
          else row.cb(row.error ?? row.retry ?? new Error('row not written'), null);
        }
        this.inFlight = 0;
        if (held.length > 0) {
          await this.retryLater(held);
          continue;
        }
        if (this.attempts > 0 && batch.some((row) => row.result)) {
          const n = this.attempts;
          this.attempts = 0;
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

  /** Put rows whose write failed back at the head of the queue and wait before the next attempt. */
  private async retryLater(held: QueuedRow[]): Promise<void> {
    const error = held[0].retry as Error;
    for (const row of held) row.retry = null;
    this.queue = held.concat(this.queue);
    this.attempts++;
    const base = this.opts.retryBaseMs ?? RETRY_BASE_MS;
    const cap = this.opts.retryMaxMs ?? RETRY_MAX_MS;
    const delayMs = Math.min(cap, base * 2 ** Math.min(this.attempts - 1, 30));
    this.opts.onRetry?.({ error, attempt: this.attempts, delayMs, pending: this.pending }, this);
    if (!this.closed) await this.sleep(delayMs);
  }

  /** Write a batch file by file, each file's rows in arrival order. */
  private async writeBatch(batch: QueuedRow[]): Promise<void> {
    const byFile = new Map<string, QueuedRow[]>();
    for (const row of batch) {
      const rows = byFile.get(row.file);
      if (rows) rows.push(row);
      else byFile.set(row.file, [row]);
    }
    for (const [file, rows] of byFile) {
      const written = await writeRows(this.files, file, rows, this.rowOptions);
      if (written) this.last = written;
    }
  }
}
