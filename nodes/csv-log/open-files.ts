// The CSV files one csv-log node has open, by the name its rows are sent to, and the writing of
// one batch's rows for a name in as few writes as the file allows: a new numbered file is
// started when new fields call for one or the size limit is reached. Names may come from
// messages, so only the most recently used few stay open; the rest are opened again (and
// checked again) when a row comes for them.
import { CsvFileWriter, openCsvFile, WriterOptions } from './csv-file-writer';
import { CsvFileError } from './fs-ops';
import { LruMap } from '../lib/lru-map';
import { columnsOf, encodeRow, extraKeys } from '../lib/csv-encode';

export interface LogResult {
  /** Absolute path of the file written: a numbered name when the header differed or the file was full. */
  filename: string;
  /** 1-based data row number in that file. */
  row: number;
  /** Keys not written as they are not columns: on the first such row of each file only. */
  newExtraKeys: string[] | null;
}

/** Runs once per row, after its batch was written or failed. */
export type LogCallback = (err: Error | null, result: LogResult | null) => void;

/** One row waiting in the logger's queue: it ends up written, failed, or marked to try again. */
export interface QueuedRow {
  file: string;
  values: Record<string, unknown>;
  /** This row's share of the memory budget (rowBytes()). */
  bytes: number;
  cb: LogCallback;
  result: LogResult | null;
  /** Why the row cannot be written, for good. */
  error: Error | null;
  /** Why the row's write failed this time, when trying again may help. */
  retry: Error | null;
  newExtraKeys: string[] | null;
}

export class OpenFiles {
  /** The file of the last successful write and its data row count, for the status. */
  last: { filename: string; rows: number } | null = null;
  private readonly writers: LruMap<CsvFileWriter>;
  private readonly maxBytes: number;

  constructor(
    /** Fixed columns, or null: the first row's keys or the existing file's header. */
    private readonly columns: readonly string[] | null,
    /** Keys that are not columns start the next numbered file with the added columns. */
    private readonly newFile: boolean,
    private readonly opts: WriterOptions,
    maxOpen = 16,
  ) {
    this.writers = new LruMap(Math.max(1, maxOpen));
    this.maxBytes = opts.maxBytes && opts.maxBytes > 0 ? opts.maxBytes : 0;
  }

  /** Paths of the files open now (retention leaves them alone). */
  paths(): Set<string> {
    return new Set(Array.from(this.writers.values(), (w) => w.path));
  }

  /** Write `rows`, all for the file name `name`, in arrival order. */
  async write(name: string, rows: QueuedRow[]): Promise<void> {
    /** Every row not settled yet gets `err`: to retry when it may pass, else for good. */
    const fail = (err: Error) => {
      const retry = err instanceof CsvFileError && err.retryable;
      for (const row of rows) {
        if (row.error || row.result) continue;
        if (retry) row.retry = err;
        else row.error = err;
      }
    };
    let writer: CsvFileWriter;
    try {
      writer = this.writers.use(name) ?? (await this.keep(name, await openCsvFile(name, this.columns, this.opts)));
    } catch (err) {
      fail(err as Error);
      return;
    }
    // Records waiting for one write and the rows they are for.
    let texts: string[] = [];
    let waiting: QueuedRow[] = [];
    let waitingBytes = 0;
    const flush = async (): Promise<boolean> => {
      if (waiting.length === 0) return true;
      try {
        let n = await writer.append(texts.join(''), waiting.length);
        for (const row of waiting) row.result = { filename: writer.path, row: n++, newExtraKeys: row.newExtraKeys };
        this.last = { filename: writer.path, rows: writer.rows };
      } catch (err) {
        // The file is opened afresh on the retry, which numbers and warns afresh.
        for (const row of waiting) row.newExtraKeys = null;
        fail(err as Error);
        this.writers.delete(name);
        await writer.close().catch(() => undefined);
        return false;
      }
      texts = [];
      waiting = [];
      waitingBytes = 0;
      return true;
    };

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
          if (!(await flush())) return;
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
          if (!(await flush())) return;
          writer = await this.rotate(name, writer, writer.columns as string[], bytes);
        }
      } catch (err) {
        if (err instanceof CsvFileError) {
          fail(err);
          return;
        }
        // A cell that cannot be encoded (a circular object): this row fails, the others go on.
        row.error = err as Error;
        continue;
      }
      texts.push(text);
      waiting.push(row);
      waitingBytes += bytes;
      // Extra keys are told once per file: on the first row that has some.
      if (extra.length > 0 && !writer.extraWarned) {
        writer.extraWarned = true;
        row.newExtraKeys = extra;
      }
    }
    await flush();
  }

  /** Close every file; returns the errors of those that did not close cleanly. */
  async closeAll(): Promise<Error[]> {
    const errors: Error[] = [];
    for (const w of this.writers.values()) await w.close().catch((e: Error) => errors.push(e));
    this.writers.clear();
    return errors;
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
