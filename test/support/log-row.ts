// CsvLogger.push() as a promise, for tests that write a few rows and wait for each.
import type { CsvLogger, LogResult } from '../../nodes/csv-log/csv-logger';

export function logRow(logger: CsvLogger, file: string, values: Record<string, unknown>): Promise<LogResult> {
  return new Promise((resolve, reject) => {
    const queued = logger.push(file, values, (err, r) =>
      err || !r ? reject(err ?? new Error('row not written')) : resolve(r),
    );
    if (!queued) reject(new Error(`row refused: ${logger.pending} rows waiting`));
  });
}
