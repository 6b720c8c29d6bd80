// Reads a CSV file back and accounts for every message: how many rows, how many distinct
// message ids (the timestamp column), which ids are missing and which came more than once.
import fs from 'fs';
import { parseCsv } from '../../test/integration/flow-fixture';

export interface CsvAccount {
  rows: number;
  distinct: number;
  missing: number;
  duplicates: number;
  /** A few missing ids, to look at. */
  missingSample: string[];
}

export function readCsvRows(file: string): Record<string, string>[] {
  if (!fs.existsSync(file)) return [];
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** Rows of `files` whose deviceId is not `ignoreDevice`, checked against the expected ids. */
export function accountFor(files: string[], expected: string[], ignoreDevice = 'probe'): CsvAccount {
  const seen = new Map<string, number>();
  let rows = 0;
  for (const f of files) {
    for (const r of readCsvRows(f)) {
      if (r.deviceId === ignoreDevice) continue;
      rows++;
      seen.set(r.timestamp, (seen.get(r.timestamp) ?? 0) + 1);
    }
  }
  const missing = expected.filter((id) => !seen.has(id));
  let duplicates = 0;
  for (const c of seen.values()) if (c > 1) duplicates += c - 1;
  return { rows, distinct: seen.size, missing: missing.length, duplicates, missingSample: missing.slice(0, 5) };
}

/** Every .csv file under dir (csv-log may rotate into several files). */
export function csvFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...csvFiles(p));
    else if (e.name.endsWith('.csv')) out.push(p);
  }
  return out.sort();
}
