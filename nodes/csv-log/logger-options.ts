// What a csv-log logger is given (its options) and what it hands back per row (result, retry
// information), and the row it keeps while the row waits: the contract between the node and
// csv-logger.ts.
import type { WriterOptions } from './csv-file-writer';
import type { CsvLogger } from './csv-logger';

export interface RetryInfo {
  error: Error;
  /** Failed attempts in a row so far (1 on the first failure). */
  attempt: number;
  /** Milliseconds until the next attempt. */
  delayMs: number;
  /** Rows waiting, the failed ones included. */
  pending: number;
}

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

export interface LoggerOptions extends WriterOptions {
  /** Fixed columns; null/empty: the first row's keys or the existing file's header. */
  columns?: readonly string[] | null;
  /**
   * Without fixed columns, a row with keys the file has no column for: 'ignore' writes the
   * known columns (newExtraKeys tells once per file); 'new-file' starts the next numbered
   * file with the added columns.
   */
  newFields?: 'ignore' | 'new-file';
  /** Files kept open at once (default 16); the least recently used closes first. */
  maxOpenFiles?: number;
  /** Most rows waiting (queued or being written). Default: no row limit. */
  maxQueue?: number;
  /** Most bytes (rowBytes() each) the rows waiting may hold; a row past it is refused unless none waits. */
  maxQueueBytes?: number;
  /** First retry delay after a failed write; doubles each time up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  onBatch?: (logger: CsvLogger) => void;
  /** A write failed and its rows will be tried again. */
  onRetry?: (info: RetryInfo) => void;
  /** A write succeeded after `attempts` failures. */
  onRecover?: (attempts: number) => void;
}
