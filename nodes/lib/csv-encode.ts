// RFC 4180 CSV encoding of rows made from plain objects. Pure: no Node-RED, no I/O.
//
// Decisions (the csv-log help repeats them for users):
// - records end with CRLF, as RFC 4180 §2.1 says and Node-RED's csv node does in RFC mode;
//   Excel, pandas, LibreOffice and Python's csv module all read it.
// - a field is quoted only when it holds a comma, a double quote, CR or LF; quotes inside
//   are doubled. Text is kept as is (UTF-8 when written), so Korean and emoji survive.
// - null/undefined → empty; booleans → true/false; Date → ISO 8601 (UTC); finite numbers
//   → JavaScript's shortest round-trip form; NaN/Infinity → empty; objects/arrays → JSON.
// - formula-injection guard (OWASP "CSV injection"): a text cell beginning with = + - @
//   TAB or CR gets a leading single quote, so a spreadsheet shows it as text instead of
//   running it. Real numbers and text that is just a number ("-5", "+3.2e4") are left alone:
//   they cannot run anything and a guard would spoil them as numbers.

export const CRLF = '\r\n';
export const UTF8_BOM = '\ufeff';

export interface EncodeOptions {
  /** Prefix risky text cells with a single quote; default true. */
  injectionGuard?: boolean;
}

/** A cell that could not be turned into text (a circular object, say). */
export class CsvEncodeError extends Error {
  constructor(readonly column: string, message: string) {
    super(message);
    this.name = 'CsvEncodeError';
  }
}

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True when a spreadsheet could read this text as a formula. */
export function isFormulaRisk(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

/** Undo the guard on a header name read back from a file, so columns keep their own names. */
export function unguard(text: string): string {
  return text.length > 1 && text[0] === "'" && isFormulaRisk(text.slice(1)) ? text.slice(1) : text;
}

/** Quote a field if RFC 4180 needs it. */
export function quoteField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The text a value stands for in a cell, before guarding and quoting. */
export function cellText(value: unknown, column = ''): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? String(value) : '';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return '';
    default:
      break;
  }
  if (value === null) return '';
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  }
  try {
    const json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    return json === undefined ? '' : json;
  } catch (err) {
    throw new CsvEncodeError(column, `column "${column}": value cannot be written as JSON (${(err as Error).message})`);
  }
}

/** One encoded cell: text, guarded when the value was text, quoted when needed. */
export function encodeCell(value: unknown, options: EncodeOptions = {}, column = ''): string {
  // The common case, and one that never needs quotes or the guard.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = cellText(value, column);
  const guard = options.injectionGuard !== false && typeof value === 'string' && isFormulaRisk(text);
  return quoteField(guard ? `'${text}` : text);
}

/** The header record for these column names, with its CRLF. */
export function encodeHeader(columns: readonly string[], options: EncodeOptions = {}): string {
  return columns.map((c) => encodeCell(c, options, c)).join(',') + CRLF;
}

/** The cells a header line holds once written: guarded as encodeHeader guards them. */
export function headerCells(columns: readonly string[], options: EncodeOptions = {}): string[] {
  return columns.map((c) => (options.injectionGuard !== false && isFormulaRisk(c) ? `'${c}` : c));
}

// Keys that name the prototype chain: never a column, never read through.
const PROTO_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Own enumerable keys that may become columns, in insertion order. */
export function columnsOf(row: Record<string, unknown>): string[] {
  return Object.keys(row).filter((k) => !PROTO_KEYS.has(k));
}

const hasOwn = Object.prototype.hasOwnProperty;

export interface EncodedRow {
  /** The record with its CRLF. */
  text: string;
  /** Own keys of the row that are not columns (and so were not written). */
  extraKeys: string[];
}

const NO_KEYS: string[] = [];

/**
 * Encode one object as a record in the given column order. Missing columns are empty.
 * With `findExtra` false the row's other keys are not looked for (saves a key list per row).
 */
export function encodeRow(
  row: Record<string, unknown>,
  columns: readonly string[],
  options: EncodeOptions = {},
  findExtra = true,
): EncodedRow {
  let text = '';
  let found = 0;
  for (let i = 0; i < columns.length; i++) {
    const key = columns[i];
    let value: unknown;
    if (!PROTO_KEYS.has(key) && hasOwn.call(row, key)) {
      value = row[key];
      found++;
    }
    text += i === 0 ? encodeCell(value, options, key) : `,${encodeCell(value, options, key)}`;
  }
  if (!findExtra) return { text: text + CRLF, extraKeys: NO_KEYS };
  // Only when the row has more keys than the columns it filled is there anything extra.
  const keys = Object.keys(row);
  const extraKeys: string[] = [];
  if (keys.length > found) {
    const known = new Set(columns);
    for (const key of keys) if (!PROTO_KEYS.has(key) && !known.has(key)) extraKeys.push(key);
  }
  return { text: text + CRLF, extraKeys };
}

/** True for a char code FORMULA_START matches: = + - @ TAB CR. */
function isFormulaCode(c: number): boolean {
  return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d;
}

/**
 * True when text is its own cell: no comma, quote, CR or LF to quote, and (with the guard)
 * no first character that could start a formula. A char loop, not NEEDS_QUOTES: the cells
 * are short and this runs for most cells of every row.
 */
function isBareText(text: string, guard: boolean): boolean {
  const n = text.length;
  if (n === 0) return true;
  if (guard && isFormulaCode(text.charCodeAt(0))) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2c || c === 0x22 || c === 0x0d || c === 0x0a) return false;
  }
  return true;
}

/** Own enumerable string keys of a row, counted without building Object.keys' array. */
function ownKeyCount(row: Record<string, unknown>): number {
  let n = 0;
  for (const k in row) if (hasOwn.call(row, k)) n++;
  return n;
}

/** Where encodeInto() puts a record's bytes (a Utf8Buffer). */
export interface TextSink {
  text(text: string): void;
  byte(code: number): void;
}

/**
 * encodeRow for one column list and many rows (a file's rows): what depends only on the
 * columns is decided once, numbers, booleans and text cells that need neither the guard nor
 * quotes are taken as they are, and the extra keys are looked for only when the row has more
 * keys than it filled. Gives exactly encodeRow's text and extra keys (a unit test compares
 * them); encodeInto() writes the same text as UTF-8 bytes.
 */
export class RecordEncoder {
  /** Columns the last encoded row had a value for. */
  private found = 0;
  private readonly usable: boolean[];
  private readonly guard: boolean;
  private readonly known: ReadonlySet<string>;

  constructor(readonly columns: readonly string[], private readonly options: EncodeOptions = {}) {
    this.usable = columns.map((c) => !PROTO_KEYS.has(c));
    this.guard = options.injectionGuard !== false;
    this.known = new Set(columns);
  }

  /** Cell `i` of `row` as encodeCell gives it ('' when the row has no such own key). */
  private cell(row: Record<string, unknown>, i: number): string {
    const key = this.columns[i];
    if (!this.usable[i] || !hasOwn.call(row, key)) return '';
    this.found++;
    const value = row[key];
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
    if (typeof value === 'string' && isBareText(value, this.guard)) return value;
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    return encodeCell(value, this.options, key);
  }

  /** The record with its CRLF. */
  encode(row: Record<string, unknown>): string {
    this.found = 0;
    let text = '';
    for (let i = 0; i < this.columns.length; i++) text = i === 0 ? this.cell(row, 0) : text + ',' + this.cell(row, i);
    return text + CRLF;
  }

  /**
   * encode(row) written into `out` as UTF-8, without building the record's string. On an
   * error (a cell that cannot be encoded) part of the record may be in `out` already: the
   * caller cuts it off.
   */
  encodeInto(row: Record<string, unknown>, out: TextSink): void {
    this.found = 0;
    for (let i = 0; i < this.columns.length; i++) {
      if (i > 0) out.byte(0x2c);
      out.text(this.cell(row, i));
    }
    out.byte(0x0d);
    out.byte(0x0a);
  }

  /** Keys of the row last encoded that are not columns (encodeRow's extraKeys). */
  extraKeys(row: Record<string, unknown>): string[] {
    if (ownKeyCount(row) <= this.found) return NO_KEYS;
    const extra: string[] = [];
    for (const key of Object.keys(row)) if (!PROTO_KEYS.has(key) && !this.known.has(key)) extra.push(key);
    return extra.length > 0 ? extra : NO_KEYS;
  }
}

/** Parse a comma-separated column list from the node's config: trimmed, empties dropped. */
export function parseColumnList(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
}
