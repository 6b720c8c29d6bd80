// One CSV record as csv-log wrote it, back into cells and values: split on commas, with the
// RFC 4180 parser only for a record that holds a quote; a text cell's formula guard taken off
// (the single quote csv-log puts before = + - @); numbers as numbers; the time as ms. Pure.
import { parseRecord } from '../csv-log/csv-scan';
import { unguard } from '../lib/csv-encode';
import { parseTimestamp } from '../lib/time';

/** A record's cells; with `count`, only the first ones when the record holds no quote. */
export function cellsOf(record: string, count?: number): string[] {
  return record.includes('"') ? parseRecord(record) : record.split(',', count);
}

/** A cell's time in ms: ISO 8601 (Date.parse first, the fast path), or epoch seconds or ms; else NaN. */
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

/** A cell as a row object carries it: a number, true/false, text (unguarded), or undefined when empty. */
export function valueOfCell(cell: string | undefined): string | number | boolean | undefined {
  if (cell === undefined || cell === '') return undefined;
  if (NUMBER.test(cell)) return Number(cell);
  if (cell === 'true' || cell === 'false') return cell === 'true';
  return unguard(cell);
}

/** Where the columns sit in one file's header. */
export type Layout = ReturnType<typeof layoutOf>;

/**
 * The header's names, the time and key columns' places, and each name's first place; throws when
 * it has no names, or no time or key column.
 */
export function layoutOf(header: string, timeColumn: string, keyColumn: string) {
  // The byte order mark and the guard taken off.
  const names = cellsOf(header.replace(/^\ufeff/, '')).map((c) => unguard(c.trim()));
  if (names.every((n) => n === '')) throw new Error('the file has no header row');
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    if (!index.has(n)) index.set(n, i);
  });
  const time = index.get(timeColumn);
  if (time === undefined) throw new Error(`the file has no column "${timeColumn}" (the time column)`);
  const key = index.get(keyColumn);
  if (key === undefined) throw new Error(`the file has no column "${keyColumn}" (the key column)`);
  return { names, time, key, index };
}
