// Files for the history tests, written by csv-log's own writer (CsvLogger), so the reader is
// tested on what csv-log really writes: BOM, CRLF, quoted cells, the formula guard, numbered files.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { CsvLogger, type LoggerOptions } from '../../nodes/csv-log/csv-logger';
import type { HistoryQuery } from '../../nodes/history/query';
import { logRow } from './log-row';

export type Reading = Record<string, unknown>;

/** Writes `rows` to `name` in `dir` through CsvLogger (BOM on, guard on, unless `options` says otherwise). */
export async function writeRows(
  dir: string,
  name: string | ((row: Reading) => string),
  rows: readonly Reading[],
  options: LoggerOptions = {},
): Promise<void> {
  const logger = new CsvLogger({ bom: true, ...options });
  // In slices, as a flow would send them: the logger's queue has a memory limit.
  for (let i = 0; i < rows.length; i += 10000) {
    await Promise.all(
      rows
        .slice(i, i + 10000)
        .map((row) => logRow(logger, path.join(dir, typeof name === 'string' ? name : name(row)), row)),
    );
  }
  const errors = await logger.close();
  if (errors.length > 0) throw errors[0];
}

export const T0 = Date.parse('2024-05-01T00:00:00.000Z');
export const iso = (ms: number) => new Date(ms).toISOString();

/** `n` vitals readings of `keys` devices taking turns, one every `stepMs` from `start`. */
export function vitals(n: number, start = T0, stepMs = 10000, keys = 4): Reading[] {
  return Array.from({ length: n }, (_, i) => ({
    timestamp: iso(start + i * stepMs),
    deviceId: `p-00${i % keys}`,
    heartRate: 60 + ((i * 7) % 61),
    spo2: 88 + (i % 12),
    respiratoryRate: 10 + (i % 16),
  }));
}

/** A query over `dir` with the defaults the node uses; `over` changes any field. */
export function query(dir: string, over: Partial<HistoryQuery>): HistoryQuery {
  return {
    folder: dir,
    pattern: 'vitals.csv',
    timeZone: 'utc',
    keyColumn: 'deviceId',
    timeColumn: 'timestamp',
    from: T0,
    to: T0 + 86400000,
    keys: null,
    columns: null,
    output: 'rows',
    points: 100000,
    interval: 'hour',
    ...over,
  };
}

/** A fresh folder for each test of the suite it is called in (removed after each); call the result for its path. */
export function tempFolder(prefix: string): () => string {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}
