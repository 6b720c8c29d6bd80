// The write queue of one csv-log node: rows are queued in arrival order; rows that arrive
// while a write is under way (or in the same tick) go out together in one write per file;
// each row's promise settles after its batch is on disk, in arrival order. Uses the file
// system through CsvFileWriter, never Node-RED.
import { CsvFileWriter, WriterOptions } from './csv-file-writer';
import { columnsOf, encodeRow } from '../lib/csv-encode';

export interface LogResult {
  /** Absolute path of the file written (a suffixed name when the header differed). */
  filename: string;
  /** 1-based data row number in that file. */
  row: number;
  /** Keys not written because they are not columns: set on the first such row of each file only. */
  newExtraKeys: string[] | null;
}

export interface LoggerOptions extends WriterOptions {
  /** Fixed columns; null/empty: the first row's keys or the existing file's header. */
  columns?: readonly string[] | null;
  /** Most rows in one write. */
  maxBatchRows?: number;
  /** Files kept open at once (names from messages may vary); least recently used closes first. */
  maxOpenFiles?: number;
  /** Called after every batch, e.g. to update a status. */
  onBatch?: (logger: CsvLogger) => void;
}

interface Item {
  file: string;
  row: Record<string, unknown>;
  resolve: (r: LogResult) => void;
  reject: (e: Error) => void;
}

type Outcome = { item: Item; result?: LogResult; error?: Error };

export class CsvLogger {
  private queue: Item[] = [];
  private running = false;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private readonly writers = new Map<string, CsvFileWriter>();
  private readonly columns: readonly string[] | null;
  /** The file of the last successful batch and its data row count, for the status. */
  last: { filename: string; rows: number } | null = null;

  constructor(private readonly opts: LoggerOptions = {}) {
    this.columns = opts.columns && opts.columns.length > 0 ? opts.columns : null;
  }

  /** Rows waiting to be written, including the batch being written. */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }
  private inFlight = 0;

  /** Queue one row for `file` (an absolute path already checked to be safe). */
  log(file: string, row: Record<string, unknown>): Promise<LogResult> {
    if (this.closed) return Promise.reject(new Error('csv logger is closed'));
    return new Promise<LogResult>((resolve, reject) => {
      this.queue.push({ file, row, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Resolves once every queued row has been written or has failed. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Write what is queued, then close every file. Errors from closing are returned, not thrown. */
  async close(): Promise<Error[]> {
    this.closed = true;
    await this.idle();
    const errors: Error[] = [];
    for (const writer of this.writers.values()) {
      await writer.close().catch((e: Error) => errors.push(e));
    }
    this.writers.clear();
    return errors;
  }

  private async drain(): Promise<void> {
    const max = this.opts.maxBatchRows ?? 4096;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.length <= max ? this.queue : this.queue.slice(0, max);
        this.queue = this.queue.length <= max ? [] : this.queue.slice(max);
        this.inFlight = batch.length;
        const outcomes = await this.writeBatch(batch);
        this.inFlight = 0;
        // Settle in arrival order, so sends leave the node in the order rows came in.
        for (const o of outcomes) {
          if (o.result) o.item.resolve(o.result);
          else o.item.reject(o.error ?? new Error('row not written'));
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

  private async writeBatch(batch: Item[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = batch.map((item) => ({ item }));
    const groups = new Map<string, Outcome[]>();
    for (const o of outcomes) {
      const g = groups.get(o.item.file);
      if (g) g.push(o);
      else groups.set(o.item.file, [o]);
    }
    for (const [file, group] of groups) {
      await this.writeGroup(file, group);
    }
    return outcomes;
  }

  private async writer(file: string): Promise<CsvFileWriter> {
    const open = this.writers.get(file);
    if (open) {
      // Map order is insertion order: re-insert to mark as recently used.
      this.writers.delete(file);
      this.writers.set(file, open);
      return open;
    }
    const writer = await CsvFileWriter.open(file, this.columns, this.opts);
    this.writers.set(file, writer);
    const maxOpen = this.opts.maxOpenFiles ?? 16;
    while (this.writers.size > maxOpen) {
      const [oldest, w] = this.writers.entries().next().value as [string, CsvFileWriter];
      this.writers.delete(oldest);
      await w.close().catch(() => undefined);
    }
    return writer;
  }

  private async writeGroup(file: string, group: Outcome[]): Promise<void> {
    let writer: CsvFileWriter;
    try {
      writer = await this.writer(file);
    } catch (err) {
      for (const o of group) o.error = err as Error;
      return;
    }
    const texts: string[] = [];
    const written: Outcome[] = [];
    const extras: Array<string[] | null> = [];
    for (const o of group) {
      if (writer.columns === null) {
        const cols = columnsOf(o.item.row);
        if (cols.length === 0) {
          o.error = new Error(`the first row of ${writer.path} has no keys to use as columns`);
          continue;
        }
        writer.columns = cols;
      }
      try {
        const encoded = encodeRow(o.item.row, writer.columns, this.opts.encode);
        texts.push(encoded.text);
        written.push(o);
        if (encoded.extraKeys.length > 0) {
          writer.extraKeyCount++;
          extras.push(writer.extraWarned ? null : encoded.extraKeys);
          writer.extraWarned = true;
        } else {
          extras.push(null);
        }
      } catch (err) {
        o.error = err as Error;
      }
    }
    if (written.length === 0) return;
    try {
      const first = await writer.append(texts.join(''), written.length);
      written.forEach((o, i) => {
        o.result = { filename: writer.path, row: first + i, newExtraKeys: extras[i] };
      });
      this.last = { filename: writer.path, rows: writer.rows };
    } catch (err) {
      for (const o of written) o.error = err as Error;
      // Drop the file: the next row opens it afresh (and repairs it), so the node recovers
      // by itself once the disk or folder is usable again.
      this.writers.delete(file);
      await writer.close().catch(() => undefined);
    }
  }
}
