// Writes the rows of one batch that go to one file name, in arrival order and in as few writes
// as the file allows: a new numbered file is started when new fields call for one or the size
// limit is reached. Each row ends up written (with its file and row number), failed, or
// marked to be tried again.
import { CsvFileError } from './csv-file-error';
import { CsvFileWriter } from './csv-file-writer';
import type { OpenFiles } from './open-files';
import { columnsOf, encodeRow, EncodeOptions, extraKeys } from '../lib/csv-encode';

export interface LogResult {
  /** Absolute path of the file written (a numbered name when the header differed or the size limit was reached). */
  filename: string;
  /** 1-based data row number in that file. */
  row: number;
  /** Keys not written because they are not columns: set on the first such row of each file only. */
  newExtraKeys: string[] | null;
}

/** Runs once per row, after its batch was written or failed. */
export type LogCallback = (err: Error | null, result: LogResult | null) => void;

/** One row waiting in the logger's queue. */
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

export interface RowOptions {
  encode?: EncodeOptions;
  /** Keys that are not columns start the next numbered file with the added columns. */
  newFile: boolean;
  /** Most bytes in one file (0: no limit). */
  maxBytes: number;
}

export interface Written {
  filename: string;
  /** Data rows in that file now. */
  rows: number;
}

/** Write `rows` (all for the file name `name`); returns the last file written to, or null. */
export async function writeRows(
  files: OpenFiles,
  name: string,
  rows: QueuedRow[],
  opts: RowOptions,
): Promise<Written | null> {
  let last: Written | null = null;
  /** Every row from `from` on that is not settled gets `err`: to retry when it may pass, else for good. */
  const fail = (err: Error, from: number) => {
    const retry = err instanceof CsvFileError && err.retryable;
    for (const row of rows.slice(from)) {
      if (row.error || row.result) continue;
      if (retry) row.retry = err;
      else row.error = err;
    }
  };
  let writer: CsvFileWriter;
  try {
    writer = await files.get(name);
  } catch (err) {
    fail(err as Error, 0);
    return null;
  }
  // Records waiting for one write, the rows they are for, and where those start in `rows`.
  let texts: string[] = [];
  let waiting: QueuedRow[] = [];
  let waitingBytes = 0;
  let firstWaiting = 0;
  const flush = async (): Promise<boolean> => {
    if (waiting.length === 0) return true;
    try {
      let n = await writer.append(texts.join(''), waiting.length);
      for (const row of waiting) row.result = { filename: writer.path, row: n++, newExtraKeys: row.newExtraKeys };
      last = { filename: writer.path, rows: writer.rows };
    } catch (err) {
      // The file is opened afresh on the retry, which numbers and warns afresh.
      for (const row of waiting) row.newExtraKeys = null;
      fail(err as Error, firstWaiting);
      await files.discard(name);
      return false;
    }
    texts = [];
    waiting = [];
    waitingBytes = 0;
    return true;
  };

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
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
      text = encodeRow(row.values, writer.columns, opts.encode);
      // Extra keys matter only while a warning is due or new fields start a new file.
      if (opts.newFile || !writer.extraWarned) extra = extraKeys(row.values, writer.columns);
      if (extra.length > 0 && opts.newFile) {
        if (!(await flush())) return last;
        writer = await files.rotate(name, writer, writer.columns.concat(extra), 0);
        text = encodeRow(row.values, writer.columns as string[], opts.encode);
        extra = [];
      }
      // Bytes are counted only where a size limit needs them.
      bytes = opts.maxBytes > 0 ? Buffer.byteLength(text) : 0;
      const full = opts.maxBytes > 0 && writer.size + writer.headerBytes() + waitingBytes + bytes > opts.maxBytes;
      if (full && (writer.rows > 0 || waiting.length > 0)) {
        if (!(await flush())) return last;
        writer = await files.rotate(name, writer, writer.columns as string[], bytes);
      }
    } catch (err) {
      if (err instanceof CsvFileError) {
        fail(err, i);
        return last;
      }
      // A cell that cannot be encoded (a circular object): this row fails, the others go on.
      row.error = err as Error;
      continue;
    }
    if (waiting.length === 0) firstWaiting = i;
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
  return last;
}
