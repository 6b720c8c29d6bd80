// The few file-system calls the CSV writer makes, in one object that tests can replace to fail
// them on purpose (disk full, permission denied) even when run as root, and the error the file
// layer throws.
import fs from 'fs';
import { promisify } from 'util';

const pOpen = promisify(fs.open);
const pFstat = promisify(fs.fstat);
const pRead = promisify(fs.read);
const pWrite = promisify(fs.write);

export const nodeFs = {
  mkdir: (dir: string) => fs.promises.mkdir(dir, { recursive: true }),
  /** Open for reading and appending, creating the file if missing. */
  openAppend: (file: string) => pOpen(file, 'a+'),
  size: async (fd: number) => (await pFstat(fd)).size,
  read: async (fd: number, buf: Buffer, position: number) => (await pRead(fd, buf, 0, buf.length, position)).bytesRead,
  write: async (fd: number, buf: Buffer, offset: number, length: number) =>
    (await pWrite(fd, buf, offset, length, null)).bytesWritten,
  truncate: promisify(fs.ftruncate) as (fd: number, length: number) => Promise<void>,
  fsync: promisify(fs.fsync),
  close: promisify(fs.close),
  /** Size of a file by name, or null when it does not exist. */
  async statSize(file: string): Promise<number | null> {
    try {
      return (await fs.promises.stat(file)).size;
    } catch (err) {
      // ENOTDIR: a file stands where a folder of the path should be, so this file is not there either.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw err;
    }
  },
};

export type FsOps = typeof nodeFs;

/** Names the file, what was being done and the error code; says whether trying again later can help. */
export class CsvFileError extends Error {
  readonly code: string | undefined;

  constructor(
    path: string,
    action: string,
    cause: unknown,
    /** False for errors a retry cannot fix (too many numbered files, a link out of the folder). */
    readonly retryable = true,
  ) {
    const code = (cause as NodeJS.ErrnoException)?.code;
    // Node's own messages start with the code too; say it once.
    const detail = (cause instanceof Error ? cause.message : String(cause)).replace(/^[A-Z]+: /, '');
    super(`${code ? `${code}: ` : ''}cannot ${action} ${path} (${detail})`);
    this.code = code;
  }
}
