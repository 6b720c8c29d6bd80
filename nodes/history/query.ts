// runQuery(): one history query over the CSV files a csv-log node wrote, each read as a stream
// (never whole), from near its end for a recent range. No Node-RED.
import { NamePattern, type TimeZone } from '../csv-log/name-pattern';
import { unguard } from '../lib/csv-encode';
import type { Spo2Scale } from '../news2/score';
import { BandTimer, bandReader, type BandEntry } from './bands';
import { findStart, ORDER_SLACK_MS, readRecords } from './csv-lines';
import { EnergyDays, energySource, type EnergyEntry } from './energy-days';
import { filesOfList, filesOfPattern, type HistoryFile } from './file-set';
import { IntervalClock, type Interval } from './intervals';
import { cellsOf, layoutOf, numberOfCell, timeOfCell, valueOfCell, type Layout } from './row-parse';
import { SeriesBuilder, type SeriesPoint } from './series';
import { SummaryBuilder, type SummaryEntry } from './summary';

export type Output = 'series' | 'summary' | 'rows';

export interface HistoryQuery {
  /** The base folder (absolute): every file read lies inside it. */
  folder: string;
  /** A csv-log name pattern ("vitals-%Y-%m-%d.csv"), unless `files` names the files to read in order. */
  pattern?: string;
  files?: string[] | null;
  /** The pattern's time zone, and the summaries' hours and days. */
  timeZone?: TimeZone;
  keyColumn: string;
  timeColumn: string;
  /** The range, ms since the epoch, both ends included. */
  from: number;
  to: number;
  /** The keys and columns to answer for; null: all (the columns but the key and the time). */
  keys: string[] | null;
  columns: string[] | null;
  output: Output;
  /** series: most points per series; rows: rows per message. */
  points: number;
  interval: Interval;
  /** For NEWS2 bands scored from vitals (default 1). */
  spo2Scale?: Spo2Scale;
  /** Longest time a reading's band is held without a next reading, ms (default 120 s). */
  bandHoldMs?: number;
}

/** A row of the rows output: numbers as numbers, the time as written. */
export type Row = Record<string, string | number | boolean>;

export type SummaryItem = SummaryEntry | BandEntry | EnergyEntry;

export interface HistoryAnswer {
  output: Output;
  from: number;
  to: number;
  /** Rows of the range and keys; rows (with a time) read in all. */
  rows: number;
  rowsRead: number;
  /** The files read, relative to the folder. */
  files: string[];
  /** series: the points; summary: the entries; rows: the last part's rows (onRows had the others). */
  payload: SeriesPoint[] | SummaryItem[] | Row[];
}

export interface RunOptions {
  signal?: AbortSignal;
  /** At most once per block read. */
  onProgress?: (rowsRead: number) => void;
  /** rows output: called with each full part (`points` rows). */
  onRows?: (rows: Row[]) => void;
}

/** A file that could not be read (missing, unreadable, no header, no time column...). */
export class HistoryFileError extends Error {
  override name = 'HistoryFileError';
  constructor(file: string, cause: Error) {
    super(`${file}: ${cause.message}`, { cause });
  }
}

type Tally = Pick<HistoryAnswer, 'rows' | 'rowsRead'>;

/** What one output does with a row in range: a function per file, made for its layout and columns. */
type RowSink = (layout: Layout, columns: [string, number][]) => (cells: string[], key: string, t: number) => void;

/** The sink of the query's output, and what makes its answer once every file is read. */
function sinkOf(q: HistoryQuery, onRows: RunOptions['onRows']) {
  const timeZone = q.timeZone ?? 'local';
  if (q.output === 'series') {
    const series = new SeriesBuilder(q.from, q.to, q.points);
    const sink: RowSink = (layout, columns) => (cells, key, t) => {
      for (const [name, i] of columns) {
        const y = numberOfCell(cells[i]);
        if (Number.isFinite(y)) series.add(key, name, t, y);
      }
    };
    return { sink, finish: () => series.points() };
  }
  if (q.output === 'summary') {
    const summary = new SummaryBuilder(new IntervalClock(q.interval, timeZone));
    const bands = new BandTimer(new IntervalClock(q.interval, timeZone), q.from, q.to, q.bandHoldMs ?? 120000);
    const energy = new EnergyDays(new IntervalClock('day', timeZone));
    const wants = (name: string) => q.columns === null || q.columns.includes(name);
    const sink: RowSink = (layout, columns) => {
      const numbered = columns.map(([name, i]) => [summary.column(name), i]);
      const band = wants('news2Band') ? bandReader(layout, q.spo2Scale ?? 1) : null;
      const source = wants('kWh') ? energySource(layout) : null;
      return (cells, key, t) => {
        const bucket = summary.bucket(key, t);
        for (const [c, i] of numbered) {
          const y = numberOfCell(cells[i]);
          if (Number.isFinite(y)) summary.add(bucket, c, t, y);
        }
        const b = band?.(cells) ?? null;
        if (b !== null) bands.add(key, t, b);
        if (source) energy.add(source, key, t, cells);
      };
    };
    // The statistics' entries are most of the answer: they go into it without another copy.
    return { sink, finish: () => summary.entries<SummaryItem>([...bands.entries(), ...energy.entries()]) };
  }
  let part: Row[] = [];
  const sink: RowSink = (layout, columns) => {
    const timeName = layout.names[layout.time];
    const keyName = layout.names[layout.key];
    return (cells, key) => {
      const row: Row = { [timeName]: cells[layout.time], [keyName]: key };
      for (const [name, i] of columns) {
        const v = valueOfCell(cells[i]);
        if (v !== undefined) row[name] = v;
      }
      part.push(row);
      if (part.length >= q.points) {
        onRows?.(part);
        part = [];
      }
    };
  };
  return { sink, finish: () => part };
}

export async function runQuery(q: HistoryQuery, options: RunOptions = {}): Promise<HistoryAnswer> {
  const files = q.files?.length
    ? await filesOfList(q.folder, q.files)
    : await filesOfPattern(q.folder, NamePattern.compile(q.pattern ?? '', q.timeZone ?? 'local'), q.from, q.to);
  const { sink, finish } = sinkOf(q, options.onRows);
  const tally: Tally = { rows: 0, rowsRead: 0 };
  const read: string[] = [];
  for (const file of files) {
    options.signal?.throwIfAborted();
    try {
      if (await readFile(file, q, sink, tally, options)) read.push(file.name);
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw new HistoryFileError(file.name, err as Error);
    }
  }
  options.signal?.throwIfAborted();
  return { output: q.output, from: q.from, to: q.to, ...tally, files: read, payload: finish() };
}

/**
 * Reads one file's rows of the range and keys into `sink`, counting them in `tally`; false when a
 * file found by the pattern is gone (retention removed or gzipped it meanwhile).
 */
async function readFile(file: HistoryFile, q: HistoryQuery, sink: RowSink, tally: Tally, options: RunOptions) {
  const { signal, onProgress } = options;
  let header: string | null = null;
  try {
    const first = (record: string) => {
      header = record;
      return false;
    };
    await readRecords(file.path, first, { gz: file.gz, signal });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && q.files == null) return false;
    throw err;
  }
  if (header === null) return true;
  const layout = layoutOf(header, q.timeColumn, q.keyColumn);
  const { time, key: keyAt, index } = layout;
  const columns: [string, number][] =
    q.columns === null
      ? [...index].filter(([n, i]) => n !== '' && i !== time && i !== keyAt)
      : q.columns.filter((c) => index.has(c)).map((c) => [c, index.get(c)!]);
  const onRow = sink(layout, columns);
  const keys = q.keys === null ? null : new Set(q.keys);
  // With keys named, the time and the key first: most rows of a narrow query end there, unsplit.
  const leading = keys === null ? undefined : Math.max(time, keyAt) + 1;
  const start = file.gz ? 0 : await findStart(file.path, q.from, (r) => timeOfCell(cellsOf(r)[time]), signal);

  let latest = -Infinity;
  let disordered = false;
  // The header, read again from offset 0, has no time: it is passed over as any record without one.
  const onRecord = (record: string) => {
    const lead = cellsOf(record, leading);
    const t = timeOfCell(lead[time]);
    if (Number.isNaN(t)) return;
    tally.rowsRead++;
    if (t > latest) latest = t;
    else if (t < latest - ORDER_SLACK_MS) disordered = true;
    if (t < q.from || t > q.to) return;
    let key = lead[keyAt] ?? '';
    if (key.charCodeAt(0) === 0x27) key = unguard(key);
    if (keys !== null && !keys.has(key)) return;
    tally.rows++;
    onRow(lead.length === layout.names.length ? lead : cellsOf(record), key, t);
  };
  // A turn of the event loop after each block: the parts sent meanwhile are delivered (Node-RED
  // sends each in a setImmediate of its own) before the next block is read, so they never pile up.
  const onBlock = () => {
    onProgress?.(tally.rowsRead);
    return new Promise<void>((resolve) => setImmediate(resolve));
  };
  await readRecords(file.path, onRecord, { gz: file.gz, start, signal, onBlock });
  // Rows far out of time order after the start: the part before it may hold rows of the range too.
  if (disordered && start > 0) {
    latest = -Infinity;
    await readRecords(file.path, onRecord, { start: 0, end: start, signal, onBlock });
  }
  return true;
}
