// The few file-system calls the CSV writer makes, behind an interface so that tests can
// fail them on purpose (disk full, permission denied) even when run as root, which
// ignores permission bits.
import fs from 'fs';
import { promisify } from 'util';

export interface FsOps {
  mkdir(dir: string): Promise<void>;
  /** Open for reading and appending, creating the file if missing. */
  openAppend(file: string): Promise<number>;
  size(fd: number): Promise<number>;
  read(fd: number, buf: Buffer, position: number): Promise<number>;
  write(fd: number, buf: Buffer, offset: number, length: number): Promise<number>;
  truncate(fd: number, length: number): Promise<void>;
  fsync(fd: number): Promise<void>;
  close(fd: number): Promise<void>;
  /** Size of a file by name, or null when it does not exist. */
  statSize(file: string): Promise<number | null>;
}

const pOpen = promisify(fs.open);
const pFstat = promisify(fs.fstat);
const pRead = promisify(fs.read);
const pWrite = promisify(fs.write);
const pFtruncate = promisify(fs.ftruncate);
const pFsync = promisify(fs.fsync);
const pClose = promisify(fs.close);

export const nodeFs: FsOps = {
  async mkdir(dir) {
    await fs.promises.mkdir(dir, { recursive: true });
  },
  openAppend: (file) => pOpen(file, 'a+'),
  size: async (fd) => (await pFstat(fd)).size,
  read: async (fd, buf, position) => (await pRead(fd, buf, 0, buf.length, position)).bytesRead,
  write: async (fd, buf, offset, length) => (await pWrite(fd, buf, offset, length, null)).bytesWritten,
  truncate: (fd, length) => pFtruncate(fd, length),
  fsync: (fd) => pFsync(fd),
  close: (fd) => pClose(fd),
  async statSize(file) {
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
