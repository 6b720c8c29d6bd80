// One CSV file on disk: opened once, its header checked, a torn last record cut off,
// then appended to in whole batches. Uses the file system, never Node-RED.
import path from 'path';
import { FsOps, nodeFs } from './fs-ops';
import { assertRealInside } from './confine';
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
/** Do not wait for the disk, but fsync each file at most every `ms` milliseconds after a write. */
export function flushEvery(ms: number): DurabilityPolicy {
  return { name: 'flush', afterWrite: (file) => file.scheduleSync(ms) };
}
export type DurabilityMode = 'fast' | 'flush' | 'sync';
export function durabilityPolicy(mode: DurabilityMode | string | undefined, flushMs = 1000): DurabilityPolicy {
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

/** A file-system failure, with the file and the error code in its message. */
export class CsvFileError extends Error {
  readonly code: string | undefined;
  /** False for errors a retry cannot fix (too many numbered files, a link out of the folder). */
  retryable = true;
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
  static async openExact(file: string, opts: WriterOptions = {}, how: { confined?: boolean; createFolder?: boolean } = {}): Promise<CsvFileWriter> {
    const fs = opts.fs ?? nodeFs;
    if (opts.confineTo && !how.confined) await confine(opts.confineTo, file);
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

  /**
   * Open the file for these columns: `file` itself when it is new, empty or has the same
   * header (and, with maxBytes, room for `need` more bytes); else the first of file-1,
   * file-2... that is, starting at number `from`. With `columns` null any usable header
   * is taken as is (a header of only empty cells is not usable). With `columns` null or
   * a size limit the search starts at the last numbered file that exists, so that a
   * restart continues where the rows went last.
   */
  static async open(
    file: string,
    columns: readonly string[] | null,
    opts: WriterOptions = {},
    from = 0,
    need = 0,
  ): Promise<CsvFileWriter> {
    const fs = opts.fs ?? nodeFs;
    // Each file-system call here finishes on a turn of the event loop of its own, and under a
    // burst of messages a turn can last a second (see CsvLogger.drain): the folder is created
    // only when the open finds it missing, and `file` is confined once, not again when opened.
    if (opts.confineTo) await confine(opts.confineTo, file);
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

  /** True when the header has still to be written (new or empty file). */
  get isNew(): boolean {
    return this.headerPending;
  }

  /**
   * Append encoded records (each ending in CRLF; text or its UTF-8 bytes) in one write, the
   * header first if the file is new. Returns the 1-based number of the first of these rows. On failure the
   * file is cut back to its last whole record, so a failed batch leaves no half row.
   */
  async append(records: string | Buffer, count: number): Promise<number> {
    if (this.closed) throw new CsvFileError(this.path, 'write', new Error('file is closed'));
    if (this.syncError) {
      const e = this.syncError;
      this.syncError = null;
      throw new CsvFileError(this.path, 'sync', e);
    }
    if (this.columns === null) throw new CsvFileError(this.path, 'write', new Error('no columns'));
    let buf = typeof records === 'string' ? Buffer.from(records, 'utf8') : records;
    if (this.headerPending) {
      // Header and first records in one write: a failed write is cut back as one.
      const header = (this._size === 0 && this.opts.bom ? UTF8_BOM : '') + encodeHeader(this.columns, this.opts.encode);
      buf = Buffer.concat([Buffer.from(header, 'utf8'), buf]);
    }
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
    return Buffer.byteLength(encodeHeader(this.columns, this.opts.encode)) + (this._size === 0 && this.opts.bom ? 3 : 0);
  }

  async sync(): Promise<void> {
    await this.fs.fsync(this.fd);
  }

  /** fsync within `ms` of the last one, without making the caller wait for it. */
  scheduleSync(ms: number): void {
    if (this.syncTimer || this.closed) return;
    // Counted from the first write not yet synced: rows at risk are at most `ms` old.
    const wait = ms;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      if (this.closed) return;
      // A failed fsync surfaces on the next append, so the logger reports and retries it.
      this.sync().catch((e) => {
        this.syncError = e;
      });
    }, wait);
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

async function statSize(fs: FsOps, file: string): Promise<number | null> {
  try {
    return await fs.statSize(file);
  } catch (err) {
    throw new CsvFileError(file, 'read', err);
  }
}

async function confine(base: string, file: string): Promise<void> {
  try {
    await assertRealInside(base, file);
  } catch (err) {
    const e = new CsvFileError(file, 'open', err);
    // A link out of the folder stays one until someone changes it: do not retry.
    e.retryable = (err as { code?: string }).code !== 'ESYMLINKOUT';
    throw e;
  }
}
