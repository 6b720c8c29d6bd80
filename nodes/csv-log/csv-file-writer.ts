// One CSV file on disk: opened once, its header checked, a torn last record cut off, then
// appended to in whole batches; and which numbered file (vitals-1.csv...) takes the rows when
// the name's own file cannot. Uses the file system, never Node-RED.
import path from 'path';
import { CsvFileError, FsOps, nodeFs } from './fs-ops';
import { confineFile } from './confine';
import { scanCsv } from './csv-scan';
import { EncodeOptions, encodeHeader, headerCells, unguard, UTF8_BOM } from '../lib/csv-encode';

const MAX_SUFFIX = 999;

export interface WriterOptions {
  fs?: FsOps;
  /** Start new files with a UTF-8 byte order mark (for Excel). */
  bom?: boolean;
  /**
   * When data reaches the disk itself: 'sync' fsyncs each batch before its rows are reported
   * done, 'flush' at most flushMs after a write without waiting; otherwise on close only.
   */
  durability?: string;
  flushMs?: number;
  encode?: EncodeOptions;
  /** Start a new numbered file rather than let a file grow past this many bytes. */
  maxBytes?: number;
  /** Refuse files whose real path (symbolic links followed) is outside this folder. */
  confineTo?: string;
}

export class CsvFileWriter {
  /** Columns in file order; null until the first row of a new file decides them. */
  columns: string[] | null = null;
  /** Data rows in the file (header not counted). */
  rows = 0;
  /** The first row with keys that are not columns has been told of (once per file). */
  extraWarned = false;
  /** n in name-n.csv (0: the name itself). */
  index = 0;
  /** The header has still to be written (new or empty file). */
  isNew: boolean;
  private closed = false;
  private syncTimer: NodeJS.Timeout | null = null;
  private syncError: unknown = null;
  private readonly fs: FsOps;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    /** Bytes in the file (after any repair). */
    public size: number,
    readonly existingHeader: string[] | null,
    /** Bytes of a torn last record cut off when the file was opened. */
    readonly repairedBytes: number,
    private readonly opts: WriterOptions,
  ) {
    this.isNew = existingHeader === null;
    this.fs = opts.fs ?? nodeFs;
  }

  /**
   * Open (creating it and, when the open needs it, its folder) one exact file, repair a torn
   * tail, read its header.
   */
  static async openExact(file: string, opts: WriterOptions = {}): Promise<CsvFileWriter> {
    const fs = opts.fs ?? nodeFs;
    if (opts.confineTo) await confineFile(opts.confineTo, file);
    const fd = await openAppend(fs, file);
    try {
      const size = await fs.size(fd);
      const scan = size > 0 ? await scanCsv((buf, pos) => fs.read(fd, buf, pos), size) : null;
      const keep = scan ? scan.end : 0;
      if (scan && keep < scan.size) await fs.truncate(fd, keep);
      const writer = new CsvFileWriter(file, fd, keep, scan?.header ?? null, size - keep, opts);
      writer.rows = Math.max(0, (scan?.records ?? 0) - 1);
      return writer;
    } catch (err) {
      await fs.close(fd).catch(() => undefined);
      throw new CsvFileError(file, 'read', err);
    }
  }

  /**
   * Append encoded records (each ending in CRLF) in one write, the header first if the file
   * is new. Returns the 1-based number of the first of these rows. On failure the file is
   * cut back to its last whole record, so a failed batch leaves no half row.
   */
  async append(records: string, count: number): Promise<number> {
    if (this.closed) throw new CsvFileError(this.path, 'write', new Error('file is closed'));
    if (this.syncError) {
      const e = this.syncError;
      this.syncError = null;
      throw new CsvFileError(this.path, 'sync', e);
    }
    if (this.columns === null) throw new CsvFileError(this.path, 'write', new Error('no columns'));
    // Header and first records in one write: a failed write is cut back as one.
    const buf = Buffer.from(this.headerText() + records, 'utf8');
    let off = 0;
    try {
      while (off < buf.length) {
        const n = await this.fs.write(this.fd, buf, off, buf.length - off);
        if (n <= 0) throw new Error('write made no progress');
        off += n;
      }
    } catch (err) {
      if (off > 0) await this.fs.truncate(this.fd, this.size).catch(() => undefined);
      throw new CsvFileError(this.path, 'write', err);
    }
    this.size += buf.length;
    this.isNew = false;
    const first = this.rows + 1;
    this.rows += count;
    if (this.opts.durability === 'sync') {
      await this.fs.fsync(this.fd).catch((e) => Promise.reject(new CsvFileError(this.path, 'sync', e)));
    } else if (this.opts.durability === 'flush' && !this.syncTimer) {
      // Within flushMs of the first write not yet synced. A failed fsync surfaces on the next
      // append, so the logger reports and retries it.
      this.syncTimer = setTimeout(
        () => {
          this.syncTimer = null;
          if (this.closed) return;
          this.fs.fsync(this.fd).catch((e) => {
            this.syncError = e;
          });
        },
        Math.max(1, this.opts.flushMs ?? 1000),
      );
      this.syncTimer.unref();
    }
    return first;
  }

  /** The BOM and header the next append starts with: '' once the header is written. */
  headerText(): string {
    if (!this.isNew || this.columns === null) return '';
    return (this.size === 0 && this.opts.bom ? UTF8_BOM : '') + encodeHeader(this.columns, this.opts.encode);
  }

  /** fsync and close; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = null;
    try {
      await this.fs.fsync(this.fd);
    } finally {
      await this.fs.close(this.fd);
    }
  }
}

async function openAppend(fs: FsOps, file: string): Promise<number> {
  try {
    return await fs.openAppend(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new CsvFileError(file, 'open', err);
  }
  // The folder is created only now: in an existing one the open costs no extra call.
  await fs
    .mkdir(path.dirname(file))
    .catch((e) => Promise.reject(new CsvFileError(path.dirname(file), 'create folder', e)));
  return fs.openAppend(file).catch((e) => Promise.reject(new CsvFileError(file, 'open', e)));
}

/** "vitals.csv" with n=2 → "vitals-2.csv"; a name without extension gets "-2" at the end. */
export function suffixed(file: string, n: number): string {
  if (n === 0) return file;
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}-${n}${ext}`;
}

/**
 * Open the file for these columns: `file` itself when it is new, empty or has the same
 * header (and, with maxBytes, room for `need` more bytes); else the first of file-1,
 * file-2... that is, starting at number `from`. With `columns` null any usable header
 * is taken as is (a header of only empty cells is not usable).
 */
export async function openCsvFile(
  file: string,
  columns: readonly string[] | null,
  opts: WriterOptions = {},
  from = 0,
  need = 0,
): Promise<CsvFileWriter> {
  const fs = opts.fs ?? nodeFs;
  const statSize = (name: string) => fs.statSize(name).catch((e) => Promise.reject(new CsvFileError(name, 'read', e)));
  const max = opts.maxBytes && opts.maxBytes > 0 ? opts.maxBytes : Infinity;
  let start = from;
  // Numbered files then hold the newest rows last: a restart continues from the last one,
  // never back in an older file that happens to have a few bytes of room.
  if (columns === null || max !== Infinity) {
    while (start < MAX_SUFFIX && (await statSize(suffixed(file, start + 1))) !== null) start++;
  }
  let inherited: string[] | null = null;
  for (let n = start; n <= MAX_SUFFIX; n++) {
    const name = suffixed(file, n);
    // A file already at its size limit is full whatever its header: skip it unread.
    const known = max === Infinity ? null : await statSize(name);
    if (known !== null && known >= max) continue;
    const writer = await CsvFileWriter.openExact(name, opts);
    writer.index = n;
    const existing = writer.existingHeader;
    const room = writer.rows === 0 || writer.size + need <= max;
    if (existing === null) {
      writer.columns = columns ? [...columns] : inherited;
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
    } else if (room && JSON.stringify(existing) === JSON.stringify(headerCells(columns, opts.encode))) {
      writer.columns = [...columns];
      return writer;
    }
    await writer.close();
  }
  throw new CsvFileError(file, 'open', new Error(`${MAX_SUFFIX} numbered files already exist`), false);
}
