// RFC 4180 CSV encoding of rows made from plain objects (the csv-log help repeats these rules):
// records end with CRLF; a field is quoted only when it holds a comma, a quote, CR or LF; null,
// undefined, NaN and Infinity are empty; Date is ISO 8601 UTC; objects are JSON. A text cell that
// starts with = + - @ TAB or CR gets a leading ' (OWASP "CSV injection"), unless it is just a number.
import { PROTOTYPE_KEYS } from './plain-data';

export const CRLF = '\r\n';
export const UTF8_BOM = '\ufeff';

export interface EncodeOptions {
  /** Guard risky text cells; default true. */
  injectionGuard?: boolean;
}

/** A cell that cannot be written (a circular object, say). */
export class CsvEncodeError extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
    this.name = 'CsvEncodeError';
  }
}

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// Text that needs neither the guard nor quotes.
const PLAIN_TEXT = /^(?![=+\-@\t\r])[^",\r\n]*$/;

/** True when a spreadsheet could read this text as a formula. */
export function isFormulaRisk(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

/** Undo the guard on a header name read back from a file, so columns keep their own names. */
export function unguard(text: string): string {
  return text.length > 1 && text[0] === "'" && isFormulaRisk(text.slice(1)) ? text.slice(1) : text;
}

/** The text a value stands for in a cell, before guarding and quoting. */
export function cellText(value: unknown, column = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  // undefined, null, functions and symbols
  if (value === null || typeof value !== 'object') return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  try {
    const json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    return json === undefined ? '' : json;
  } catch (err) {
    throw new CsvEncodeError(column, `column "${column}": value cannot be written as JSON (${(err as Error).message})`);
  }
}

/** One encoded cell: text, guarded when the value was text, quoted when needed. */
export function encodeCell(value: unknown, options: EncodeOptions = {}, column = ''): string {
  // Most cells are numbers or plain text: settled by one test.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'string' && PLAIN_TEXT.test(value)) return value;
  const text = cellText(value, column);
  const guard = options.injectionGuard !== false && typeof value === 'string' && isFormulaRisk(text);
  const field = guard ? `'${text}` : text;
  return NEEDS_QUOTES.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** The header record for these column names, with its CRLF. */
export function encodeHeader(columns: readonly string[], options: EncodeOptions = {}): string {
  return columns.map((c) => encodeCell(c, options, c)).join(',') + CRLF;
}

/** The cells a header line holds once written: guarded as encodeHeader guards them. */
export function headerCells(columns: readonly string[], options: EncodeOptions = {}): string[] {
  return columns.map((c) => (options.injectionGuard !== false && isFormulaRisk(c) ? `'${c}` : c));
}

/** Own enumerable keys that may become columns, in insertion order. */
export function columnsOf(row: Record<string, unknown>): string[] {
  return Object.keys(row).filter((k) => !PROTOTYPE_KEYS.has(k));
}

/** Encode one object as a record (with its CRLF) in the given column order. Missing columns are empty. */
export function encodeRow(
  row: Record<string, unknown>,
  columns: readonly string[],
  options: EncodeOptions = {},
): string {
  // Joined once: adding cell by cell makes a string object per addition.
  const cells = columns.map((key) =>
    encodeCell(PROTOTYPE_KEYS.has(key) || !Object.hasOwn(row, key) ? undefined : row[key], options, key),
  );
  return cells.join(',') + CRLF;
}

/** Own keys of the row that are not columns (and so are not written). */
export function extraKeys(row: Record<string, unknown>, columns: readonly string[]): string[] {
  // A row usually fills every column and no more: counting settles that without a lookup per key.
  let filled = 0;
  for (const key of columns) if (Object.hasOwn(row, key)) filled++;
  if (Object.keys(row).length <= filled) return [];
  const extra: string[] = [];
  for (const key in row)
    if (Object.hasOwn(row, key) && !PROTOTYPE_KEYS.has(key) && !columns.includes(key)) extra.push(key);
  return extra;
}

/** Parse a comma-separated column list from the node's config: trimmed, empties dropped. */
export function parseColumnList(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
}
