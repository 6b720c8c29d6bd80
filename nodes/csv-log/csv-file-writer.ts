// One CSV file on disk: opened once, its header checked, a torn last record cut off,
// then appended to in whole batches. Uses the file system, never Node-RED.
import path from 'path';
import { FsOps, nodeFs } from './fs-ops';
import { scanCsv } from './csv-scan';
import { EncodeOptions, encodeHeader, headerCells, unguard, UTF8_BOM } from '../lib/csv-encode';

/** When data reaches the disk itself. Later durability modes plug in here. */
export interface DurabilityPolicy {
  readonly name: string;
  /** Called after each batch is written, before its rows are reported done. */
  afterWrite(file: CsvFileWriter): Promise<void> | void;
}

/** Leave flushing to the operating system; fsync once when the file is closed. */
export const FAST: DurabilityPolicy = { name: 'fast', afterWrite: () => undefined };
/** fsync every batch before its rows are reported done. */
export const SYNC: DurabilityPolicy = { name: 'sync', afterWrite: (file) => file.sync() };

export interface WriterOptions {
  fs?: FsOps;
  /** Start new files with a UTF-8 byte order mark (for Excel). */
  bom?: boolean;
  durability?: DurabilityPolicy;
  encode?: EncodeOptions;
}

/** A file-system failure, with the file and the error code in its message. */
export class CsvFileError extends Error {
  readonly code: string | undefined;
  constructor(readonly path: string, readonly action: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException)?.code;
    // Node's own messages start with the code too; say it once.
    const detail = (cause instanceof Error ? cause.message : String(cause)).replace(/^[A-Z]+: /, '');
    super(`${code ? `${code}: ` : ''}cannot ${action} ${path} (${detail})`);
    this.code = code;
  }
}

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

export class CsvFileWriter {
  /** Columns in file order; null until the first row of a new file decides them. */
  columns: string[] | null = null;
  /** Data rows in the file (header not counted). */
  rows = 0;
  /** Bytes of a torn last record cut off when the file was opened. */
  readonly repairedBytes: number;
  /** Keys seen in rows that are not columns, and how many times. */
  extraKeyCount = 0;
  extraWarned = false;
  private size: number;
  private headerPending: boolean;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    size: number,
    readonly existingHeader: string[] | null,
    repairedBytes: number,
    private readonly opts: WriterOptions,
  ) {
    this.size = size;
    this.repairedBytes = repairedBytes;
    this.headerPending = existingHeader === null;
  }

  private get fs(): FsOps {
    return this.opts.fs ?? nodeFs;
  }

  /** Open (creating if missing) one exact file, repair a torn tail, read its header. */
  static async openExact(file: string, opts: WriterOptions = {}): Promise<CsvFileWriter> {
    const fs = opts.fs ?? nodeFs;
    let fd: number;
    try {
      fd = await fs.openAppend(file);
    } catch (err) {
      throw new CsvFileError(file, 'open', err);
    }
    try {
      const size = await fs.size(fd);
      let header: string[] | null = null;
      let keep = 0;
      let records = 0;
      if (size > 0) {
        const scan = await scanCsv((buf, pos) => fs.read(fd, buf, pos), size);
        keep = scan.end;
        records = scan.records;
        header = scan.header;
        if (keep < scan.size) await fs.truncate(fd, keep);
      }
      const writer = new CsvFileWriter(file, fd, keep, header, size - keep, opts);
      writer.rows = Math.max(0, records - 1);
      return writer;
    } catch (err) {
      await fs.close(fd).catch(() => undefined);
      throw new CsvFileError(file, 'read', err);
    }
  }

  /**
   * Open the file for these columns: `file` itself when it is new, empty or has the same
   * header; else the first of file-1, file-2... that is. With `columns` null the existing
   * header is taken as is (a header that is only empty cells is not a usable one).
   */
  static async open(file: string, columns: readonly string[] | null, opts: WriterOptions = {}): Promise<CsvFileWriter> {
    const fs = opts.fs ?? nodeFs;
    try {
      await fs.mkdir(path.dirname(file));
    } catch (err) {
      throw new CsvFileError(path.dirname(file), 'create folder', err);
    }
    for (let n = 0; n <= MAX_SUFFIX; n++) {
      const writer = await CsvFileWriter.openExact(suffixed(file, n), opts);
      const existing = writer.existingHeader;
      if (existing === null) {
        if (columns) writer.columns = [...columns];
        return writer;
      }
      if (columns === null) {
        if (existing.some((c) => c !== '')) {
          writer.columns = existing.map(unguard);
          return writer;
        }
      } else if (sameCells(existing, headerCells(columns, opts.encode))) {
        writer.columns = [...columns];
        return writer;
      }
      await writer.close();
    }
    throw new CsvFileError(file, 'open', new Error(`${MAX_SUFFIX} files with other headers already exist`));
  }

  /** True when the header has still to be written (new or empty file). */
  get isNew(): boolean {
    return this.headerPending;
  }

  /**
   * Append encoded records (each ending in CRLF) in one write, the header first if the
   * file is new. Returns the 1-based number of the first of these rows. On failure the
   * file is cut back to its last whole record, so a failed batch leaves no half row.
   */
  async append(records: string, count: number): Promise<number> {
    if (this.closed) throw new CsvFileError(this.path, 'write', new Error('file is closed'));
    if (this.columns === null) throw new CsvFileError(this.path, 'write', new Error('no columns'));
    let text = records;
    if (this.headerPending) {
      text = (this.size === 0 && this.opts.bom ? UTF8_BOM : '') + encodeHeader(this.columns, this.opts.encode) + text;
    }
    const buf = Buffer.from(text, 'utf8');
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
    this.headerPending = false;
    const first = this.rows + 1;
    this.rows += count;
    try {
      await (this.opts.durability ?? FAST).afterWrite(this);
    } catch (err) {
      throw new CsvFileError(this.path, 'sync', err);
    }
    return first;
  }

  async sync(): Promise<void> {
    await this.fs.fsync(this.fd);
  }

  /** fsync and close; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.fs.fsync(this.fd);
    } finally {
      await this.fs.close(this.fd);
    }
  }
}
