// Which file a row goes to when the name's own file cannot take it: vitals.csv, then
// vitals-1.csv, vitals-2.csv... A numbered file is started when the header differs from the
// columns, when the size limit is reached, or when new fields start a new file.
import path from 'path';
import { FsOps, nodeFs } from './fs-ops';
import { confineFile } from './confine';
import { CsvFileError } from './csv-file-error';
import { CsvFileWriter, WriterOptions } from './csv-file-writer';
import { headerCells, unguard } from '../lib/csv-encode';

const MAX_SUFFIX = 999;

/** "vitals.csv" with n=2 → "vitals-2.csv"; a name without extension gets "-2" at the end. */
export function suffixed(file: string, n: number): string {
  if (n === 0) return file;
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}-${n}${ext}`;
}

function sameCells(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

async function statSize(fs: FsOps, file: string): Promise<number | null> {
  try {
    return await fs.statSize(file);
  } catch (err) {
    throw new CsvFileError(file, 'read', err);
  }
}

/**
 * Open the file for these columns: `file` itself when it is new, empty or has the same
 * header (and, with maxBytes, room for `need` more bytes); else the first of file-1,
 * file-2... that is, starting at number `from`. With `columns` null any usable header
 * is taken as is (a header of only empty cells is not usable). With `columns` null or
 * a size limit the search starts at the last numbered file that exists, so that a
 * restart continues where the rows went last.
 */
export async function openCsvFile(
  file: string,
  columns: readonly string[] | null,
  opts: WriterOptions = {},
  from = 0,
  need = 0,
): Promise<CsvFileWriter> {
  const fs = opts.fs ?? nodeFs;
  // `file` is confined once here, not again when opened; each file-system call costs a turn
  // of the event loop, which under a burst of messages can last a second (see csv-logger.ts).
  if (opts.confineTo) await confineFile(opts.confineTo, file);
  const max = opts.maxBytes && opts.maxBytes > 0 ? opts.maxBytes : Infinity;
  let start = from;
  // Numbered files then hold the newest rows last: continue from the last one, never
  // back in an older file that happens to have a few bytes of room.
  if (columns === null || max !== Infinity) {
    while (start < MAX_SUFFIX && (await statSize(fs, suffixed(file, start + 1))) !== null) start++;
  }
  let inherited: string[] | null = null;
  for (let n = start; n <= MAX_SUFFIX; n++) {
    const name = suffixed(file, n);
    // A file already at its size limit is full whatever its header: skip it unread.
    const known = max === Infinity ? null : await statSize(fs, name);
    if (known !== null && known >= max) continue;
    const writer = await CsvFileWriter.openExact(name, opts, { confined: n === 0, createFolder: true });
    writer.index = n;
    const existing = writer.existingHeader;
    const room = writer.rows === 0 || writer.size + need <= max;
    if (existing === null) {
      if (columns) writer.columns = [...columns];
      else if (inherited) writer.columns = inherited;
      return writer;
    }
    if (columns === null) {
      if (existing.some((c) => c !== '')) {
        if (room) {
          writer.columns = existing.map(unguard);
          return writer;
        }
        inherited = existing.map(unguard);
      }
    } else if (room && sameCells(existing, headerCells(columns, opts.encode))) {
      writer.columns = [...columns];
      return writer;
    }
    await writer.close();
  }
  const err = new CsvFileError(file, 'open', new Error(`${MAX_SUFFIX} numbered files already exist`));
  err.retryable = false;
  throw err;
}
