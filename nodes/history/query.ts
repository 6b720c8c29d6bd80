// runQuery(): answers one history query over the CSV files a csv-log node wrote, reading each
// file as a stream (never whole), from near its end for a range that ends it. No Node-RED: the
// node's adapter (history.ts) and the benchmark call this.
import { NamePattern, type TimeZone } from '../csv-log/name-pattern';
import { unguard } from '../lib/csv-encode';
import type { Spo2Scale } from '../news2/score';
import { BandTimer, bandReader, type BandEntry } from './bands';
import { checkStopped, findStart, ORDER_SLACK_MS, readRecords, StoppedError } from './csv-lines';
import { EnergyDays, energySource, type EnergyEntry } from './energy-days';
import { filesOfList, filesOfPattern, type HistoryFile } from './file-set';
import { IntervalClock, type Interval } from './intervals';
import { cellsOf, layoutOf, numberOfCell, timeOfCell, valueOfCell, type Layout } from './row-parse';
import { SeriesBuilder, type SeriesPoint } from './series';
import { SummaryBuilder, type SummaryEntry } from './summary';

export { StoppedError } from './csv-lines';

export type Output = 'series' | 'summary' | 'rows';

export interface HistoryQuery {
  /** The base folder (absolute): every file read lies inside it. */
  folder: string;
  /** A csv-log file name pattern ("vitals-%Y-%m-%d.csv"); not used when `files` is given. */
  pattern?: string;
  /** The pattern's time zone (as the csv-log node's setting), and the summaries' hours and days. */
  timeZone?: TimeZone;
  /** Names inside the folder, read in this order, instead of the pattern's files. */
  files?: string[] | null;
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
  /** SpO2 scale for NEWS2 bands scored from vitals (default 1). */
  spo2Scale?: Spo2Scale;
  /** Longest time a reading's band is held when no next reading comes, ms (default 120 s). */
  bandHoldMs?: number;
}

/** A row of the rows output: numbers as numbers, the time as written. */
export type Row = Record<string, string | number | boolean>;

export type SummaryItem = SummaryEntry | BandEntry | EnergyEntry;

export interface HistoryAnswer {
  output: Output;
  from: number;
  to: number;
  /** Rows in the range and of the keys asked for. */
  rows: number;
  /** Records read from the files (all of them, in range or not). */
  rowsRead: number;
  /** The files read, relative to the folder. */
  files: string[];
  /** series: the points; summary: the entries; rows: the last part's rows (onRows had the others). */
  payload: SeriesPoint[] | SummaryItem[] | Row[];
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Called as the files are read, at most once per block read. */
  onProgress?(rowsRead: number): void;
  /** rows output: called with each full part (`points` rows). */
  onRows?(rows: Row[]): void;
}

/** A file that could not be read (missing, unreadable, no header, no time column...). */
export class HistoryFileError extends Error {
  override name = 'HistoryFileError';
  constructor(file: string, cause: Error) {
    super(`${file}: ${cause.message}`, { cause });
  }
}

/** What one output does with a row in range: a function per file, made for its layout. */
type RowSink = (layout: Layout) => (cells: string[], key: string, t: number) => void;

function columnsOf(layout: Layout, q: HistoryQuery): [string, number][] {
  if (q.columns === null) {
    return [...layout.index].filter(([n, i]) => n !== '' && i !== layout.time && i !== layout.key);
  }
  return q.columns.filter((c) => layout.index.has(c)).map((c) => [c, layout.index.get(c)!]);
}

export async function runQuery(q: HistoryQuery, options: RunOptions = {}): Promise<HistoryAnswer> {
  const timeZone = q.timeZone ?? 'local';
  const files = q.files?.length
    ? await filesOfList(q.folder, q.files)
    : await filesOfPattern(q.folder, NamePattern.compile(q.pattern ?? '', timeZone), q.from, q.to);

  let sink: RowSink;
  let finish: () => HistoryAnswer['payload'];
  /** Parts handed to onRows since the last block was read. */
  let partsSent = 0;
  if (q.output === 'series') {
    const series = new SeriesBuilder(q.from, q.to, q.points);
    sink = (layout) => {
      const columns = columnsOf(layout, q);
      return (cells, key, t) => {
        for (const [name, i] of columns) {
          const y = numberOfCell(cells[i]);
          if (Number.isFinite(y)) series.add(key, name, t, y);
        }
      };
    };
    finish = () => series.points();
  } else if (q.output === 'summary') {
    const summary = new SummaryBuilder(new IntervalClock(q.interval, timeZone));
    const bands = new BandTimer(new IntervalClock(q.interval, timeZone), q.from, q.to, q.bandHoldMs ?? 120000);
    const energy = new EnergyDays(new IntervalClock('day', timeZone));
    const wants = (name: string) => q.columns === null || q.columns.includes(name);
    sink = (layout) => {
      const columns = columnsOf(layout, q).map(([name, i]) => [summary.column(name), i]);
      const band = wants('news2Band') ? bandReader(layout, q.spo2Scale ?? 1) : null;
      const source = wants('kWh') ? energySource(layout) : null;
      return (cells, key, t) => {
        const bucket = summary.bucket(key, t);
        for (const [c, i] of columns) {
          const y = numberOfCell(cells[i]);
          if (Number.isFinite(y)) summary.add(bucket, c, t, y);
        }
        const b = band?.(cells) ?? null;
        if (b !== null) bands.add(key, t, b);
        if (source) energy.add(source, key, t, cells);
      };
    };
    // The statistics' entries are most of the answer: they go into it without another copy.
    finish = () => summary.entries<SummaryItem>([...bands.entries(), ...energy.entries()]);
  } else {
    let part: Row[] = [];
    sink = (layout) => {
      const columns = columnsOf(layout, q);
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
          options.onRows?.(part);
          part = [];
          partsSent++;
        }
      };
    };
    finish = () => part;
  }

  const keys = q.keys === null ? null : new Set(q.keys);
  let rows = 0;
  let rowsRead = 0;
  const read: string[] = [];
  for (const file of files) {
    checkStopped(options.signal);
    try {
      const matched = await readFile(file, q, keys, sink, options.signal, (n) => {
        rowsRead += n;
        options.onProgress?.(rowsRead);
        // Parts sent in this block are delivered (Node-RED hands each message over in a
        // setImmediate of its own) before the next block is read, so they never pile up.
        if (partsSent === 0) return;
        partsSent = 0;
        return new Promise<void>((resolve) => setImmediate(resolve));
      });
      if (matched === null) continue;
      rows += matched;
      read.push(file.name);
    } catch (err) {
      if (err instanceof StoppedError) throw err;
      throw new HistoryFileError(file.name, err as Error);
    }
  }
  checkStopped(options.signal);
  return { output: q.output, from: q.from, to: q.to, rows, rowsRead, files: read, payload: finish() };
}

/**
 * Reads one file's rows of the range and keys into `sink`; returns the rows that matched, or
 * null when a file found by the pattern is gone (retention removed or gzipped it meanwhile).
 */
async function readFile(
  file: HistoryFile,
  q: HistoryQuery,
  keys: Set<string> | null,
  sink: RowSink,
  signal: AbortSignal | undefined,
  progress: (rows: number) => void | Promise<void>,
): Promise<number | null> {
  let header: string | null = null;
  try {
    const first = (record: string) => {
      header = record;
      return false;
    };
    await readRecords(file.path, first, { gz: file.gz, signal });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && q.files == null) return null;
    throw err;
  }
  if (header === null) return 0;
  const layout = layoutOf(header, q.timeColumn, q.keyColumn);
  const onRow = sink(layout);
  const { time, key: keyAt } = layout;
  // With keys named, the time and the key first: most rows of a narrow query end there, unsplit.
  const leading = keys === null ? undefined : Math.max(time, keyAt) + 1;
  const start = file.gz ? 0 : await findStart(file.path, q.from, (r) => timeOfCell(cellsOf(r)[time]), signal);

  let matched = 0;
  let counted = 0;
  let latest = -Infinity;
  let disordered = false;
  let skipHeader = start === 0;
  const onRecord = (record: string) => {
    if (skipHeader) {
      skipHeader = false;
      return;
    }
    counted++;
    const lead = cellsOf(record, leading);
    const t = timeOfCell(lead[time]);
    if (Number.isNaN(t)) return;
    if (t > latest) latest = t;
    else if (t < latest - ORDER_SLACK_MS) disordered = true;
    if (t < q.from || t > q.to) return;
    let key = lead[keyAt] ?? '';
    if (key.charCodeAt(0) === 0x27) key = unguard(key);
    if (keys !== null && !keys.has(key)) return;
    matched++;
    onRow(lead.length === layout.names.length ? lead : cellsOf(record), key, t);
  };
  const onBlock = () => {
    const n = counted;
    counted = 0;
    return progress(n);
  };
  await readRecords(file.path, onRecord, { gz: file.gz, start, signal, onBlock });
  // Rows far out of time order after the start: the part before it may hold rows of the range too.
  if (disordered && start > 0) {
    skipHeader = true;
    latest = -Infinity;
    await readRecords(file.path, onRecord, { start: 0, end: start, signal, onBlock });
  }
  await onBlock();
  return matched;
}
