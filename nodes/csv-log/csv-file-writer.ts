// One CSV file on disk: opened once, its header checked, a torn last record cut off,
// then appended to in whole batches. Uses the file system, never Node-RED.
import path from 'path';
import { FsOps, nodeFs } from './fs-ops';
import { confineFile } from './confine';
import { scanCsv } from './csv-scan';
import { EncodeOptions, encodeHeader, UTF8_BOM } from '../lib/csv-encode';
import { CsvFileError } from './csv-file-error';

/** When data reaches the disk itself: called after each batch is written, before its rows are reported done. */
export interface DurabilityPolicy {
  afterWrite(file: CsvFileWriter): Promise<void> | void;
}

/** Leave flushing to the operating system; fsync once when the file is closed. */
export const FAST: DurabilityPolicy = { afterWrite: () => undefined };
/** fsync every batch before its rows are reported done. */
export const SYNC: DurabilityPolicy = { afterWrite: (file) => file.sync() };
/** Do not wait for the disk, but fsync each file at most every `ms` milliseconds after a write. */
export function flushEvery(ms: number): DurabilityPolicy {
  return { afterWrite: (file) => file.scheduleSync(ms) };
}
/** The policy for the node's setting: 'sync', 'flush' (every flushMs), anything else 'fast'. */
export function durabilityPolicy(mode: string | undefined, flushMs = 1000): DurabilityPolicy {
  if (mode === 'sync') return SYNC;
  if (mode === 'flush') return flushEvery(Math.max(1, flushMs));
  return FAST;
}

export interface WriterOptions {
  fs?: FsOps;
  /** Start new files with a UTF-8 byte order mark (for Excel). */
  bom?: boolean;
  durability?: DurabilityPolicy;
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
  /** Bytes of a torn last record cut off when the file was opened. */
  readonly repairedBytes: number;
  /** The first row with keys that are not columns has been told of (once per file). */
  extraWarned = false;
  /** n in name-n.csv (0: the name itself). */
  index = 0;
  private _size: number;
  private headerPending: boolean;
  private closed = false;
  private syncTimer: NodeJS.Timeout | null = null;
  private syncError: unknown = null;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    size: number,
    readonly existingHeader: string[] | null,
    repairedBytes: number,
    private readonly opts: WriterOptions,
  ) {
    this._size = size;
    this.repairedBytes = repairedBytes;
    this.headerPending = existingHeader === null;
  }

  /** Bytes in the file (after any repair). */
  get size(): number {
    return this._size;
  }

  private get fs(): FsOps {
    return this.opts.fs ?? nodeFs;
  }

  /**
   * Open (creating if missing) one exact file, repair a torn tail, read its header. With
   * `how.confined` the caller has already confined this very name; with `how.createFolder` a
   * missing folder is created (like mkdir -p) and the open tried again.
   */
  static async openExact(
    file: string,
    opts: WriterOptions = {},
    how: { confined?: boolean; createFolder?: boolean } = {},
  ): Promise<CsvFileWriter> {
    const fs = opts.fs ?? nodeFs;
    if (opts.confineTo && !how.confined) await confineFile(opts.confineTo, file);
    let fd: number;
    try {
      fd = await fs.openAppend(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (!how.createFolder || (code !== 'ENOENT' && code !== 'ENOTDIR')) throw new CsvFileError(file, 'open', err);
      try {
        await fs.mkdir(path.dirname(file));
      } catch (e) {
        throw new CsvFileError(path.dirname(file), 'create folder', e);
      }
      try {
        fd = await fs.openAppend(file);
      } catch (e) {
        throw new CsvFileError(file, 'open', e);
      }
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

  /** True when the header has still to be written (new or empty file). */
  get isNew(): boolean {
    return this.headerPending;
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
    const header = this.headerPending
      ? (this._size === 0 && this.opts.bom ? UTF8_BOM : '') + encodeHeader(this.columns, this.opts.encode)
      : '';
    const buf = Buffer.from(header + records, 'utf8');
    let off = 0;
    try {
      while (off < buf.length) {
        const n = await this.fs.write(this.fd, buf, off, buf.length - off);
        if (n <= 0) throw new Error('write made no progress');
        off += n;
      }
    } catch (err) {
      if (off > 0) await this.fs.truncate(this.fd, this._size).catch(() => undefined);
      throw new CsvFileError(this.path, 'write', err);
    }
    this._size += buf.length;
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

  /** Bytes the header will add to the next append (0 once it is written). */
  headerBytes(): number {
    if (!this.headerPending || this.columns === null) return 0;
    return (
      Buffer.byteLength(encodeHeader(this.columns, this.opts.encode)) + (this._size === 0 && this.opts.bom ? 3 : 0)
    );
  }

  async sync(): Promise<void> {
    await this.fs.fsync(this.fd);
  }

  /** fsync within `ms` of the last one, without making the caller wait for it. */
  scheduleSync(ms: number): void {
    if (this.syncTimer || this.closed) return;
    // Counted from the first write not yet synced: rows at risk are at most `ms` old.
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      if (this.closed) return;
      // A failed fsync surfaces on the next append, so the logger reports and retries it.
      this.sync().catch((e) => {
        this.syncError = e;
      });
    }, ms);
    this.syncTimer.unref?.();
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
