// The CSV files one csv-log node has open, by the name its rows are sent to. Names may come
// from messages, so only the most recently used few stay open; the rest are closed and
// opened again (and checked again) when a row comes for them.
import { CsvFileWriter, WriterOptions } from './csv-file-writer';
import { openCsvFile } from './numbered-files';
import { LruMap } from '../lib/lru-map';

export const MAX_OPEN_FILES = 16;

export class OpenFiles {
  private readonly writers: LruMap<CsvFileWriter>;

  constructor(
    /** Fixed columns, or null: the first row's keys or the existing file's header. */
    private readonly columns: readonly string[] | null,
    private readonly opts: WriterOptions,
    maxOpen = MAX_OPEN_FILES,
  ) {
    this.writers = new LruMap(Math.max(1, maxOpen));
  }

  /** Paths of the files open now (retention leaves them alone). */
  paths(): Set<string> {
    return new Set([...this.writers.values()].map((w) => w.path));
  }

  /** The open file for `name`, opened (its header checked, a torn row cut off) if need be. */
  async get(name: string): Promise<CsvFileWriter> {
    return this.writers.use(name) ?? this.keep(name, await openCsvFile(name, this.columns, this.opts));
  }

  /** Close `current` and open the next numbered file for `name` with these columns. */
  async rotate(name: string, current: CsvFileWriter, columns: readonly string[], need: number): Promise<CsvFileWriter> {
    this.writers.delete(name);
    await current.close().catch(() => undefined);
    return this.keep(name, await openCsvFile(name, columns, this.opts, current.index + 1, need));
  }

  /** Forget the file after a failure: the next attempt opens it afresh (and repairs it). */
  async discard(name: string): Promise<void> {
    const w = this.writers.peek(name);
    this.writers.delete(name);
    if (w) await w.close().catch(() => undefined);
  }

  /** Close every file; returns the errors of those that did not close cleanly. */
  async closeAll(): Promise<Error[]> {
    const errors: Error[] = [];
    for (const w of this.writers.values()) await w.close().catch((e: Error) => errors.push(e));
    this.writers.clear();
    return errors;
  }

  private async keep(name: string, writer: CsvFileWriter): Promise<CsvFileWriter> {
    for (const old of this.writers.set(name, writer)) await old.close().catch(() => undefined);
    return writer;
  }
}
