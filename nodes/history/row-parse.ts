// One CSV record as csv-log wrote it, back into cells and values: split on commas, with the
// RFC 4180 parser only for a record that holds a quote; a text cell's formula guard taken off
// (the single quote csv-log puts before = + - @); numbers as numbers; the time as ms. Pure.
import { parseRecord } from '../csv-log/csv-scan';
import { unguard } from '../lib/csv-encode';
import { parseTimestamp } from '../lib/time';

/** A record's cells. */
export function cellsOf(record: string): string[] {
  return record.includes('"') ? parseRecord(record) : record.split(',');
}

/**
 * The first `count` cells of a record (all of them when it has fewer, or when it holds a quote:
 * then the whole record is parsed), without splitting the rest.
 */
export function leadingCells(record: string, count: number): string[] {
  if (record.includes('"')) return parseRecord(record);
  const cells: string[] = [];
  let pos = 0;
  while (cells.length < count) {
    const comma = record.indexOf(',', pos);
    if (comma < 0) {
      cells.push(record.slice(pos));
      break;
    }
    cells.push(record.slice(pos, comma));
    pos = comma + 1;
  }
  return cells;
}

/** Column names of a header record: the byte order mark and the guard taken off. */
export function headerNames(record: string): string[] {
  const text = record.charCodeAt(0) === 0xfeff ? record.slice(1) : record;
  return cellsOf(text).map((c) => unguard(c.trim()));
}

/**
 * A cell's time in ms: ISO 8601 as vitals-parse and csv-log write it (Date.parse, the fast
 * path), or epoch seconds or ms; NaN for anything else.
 */
export function timeOfCell(cell: string | undefined): number {
  if (cell === undefined || cell === '') return NaN;
  // "2024-05-01T..." has its first dash at index 4: a date, for Date.parse.
  if (cell.charCodeAt(4) === 0x2d) {
    const ms = Date.parse(cell);
    if (!Number.isNaN(ms)) return ms;
  }
  const r = parseTimestamp(cell);
  return r.ok ? r.ms : NaN;
}

/** A cell as a number, NaN when it holds none (empty, text, true/false). */
export function numberOfCell(cell: string | undefined): number {
  if (cell === undefined || cell === '') return NaN;
  const c = cell.charCodeAt(0);
  // Digits, sign or dot first: leaves out "Infinity", " 5" and every text cell at once.
  if (!((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e)) return NaN;
  return Number(cell);
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cell as the value a row object carries: a number, true/false, text (unguarded), or undefined when empty. */
export function valueOfCell(cell: string | undefined): string | number | boolean | undefined {
  if (cell === undefined || cell === '') return undefined;
  if (NUMBER.test(cell)) return Number(cell);
  if (cell === 'true') return true;
  if (cell === 'false') return false;
  return unguard(cell);
}

/** Where the columns a query needs sit in one file's header. */
export interface Layout {
  names: string[];
  time: number;
  key: number;
  /** Index per column name. */
  index: Map<string, number>;
}

export class LayoutError extends Error {
  constructor(
    readonly code: 'no-time' | 'no-key' | 'no-header',
    readonly column: string,
    message: string,
  ) {
    super(message);
    this.name = 'LayoutError';
  }
}

/** The layout of a header; throws LayoutError when the time or key column is missing. */
export function layoutOf(header: string, timeColumn: string, keyColumn: string): Layout {
  const names = headerNames(header);
  if (names.every((n) => n === '')) throw new LayoutError('no-header', '', 'the file has no header row');
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    if (!index.has(n)) index.set(n, i);
  });
  const time = index.get(timeColumn);
  if (time === undefined) {
    throw new LayoutError('no-time', timeColumn, `the file has no column "${timeColumn}" (the time column)`);
  }
  const key = index.get(keyColumn);
  if (key === undefined) {
    throw new LayoutError('no-key', keyColumn, `the file has no column "${keyColumn}" (the key column)`);
  }
  return { names, time, key, index };
}
