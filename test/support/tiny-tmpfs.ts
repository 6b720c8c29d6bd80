// A tiny tmpfs for disk-full tests: `mount -t tmpfs -o size=64k` on a temporary folder. Only
// where mounting is allowed (root with CAP_SYS_ADMIN); canMountTmpfs() finds out by trying once.
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

let allowed: boolean | undefined;

export function canMountTmpfs(): boolean {
  if (allowed !== undefined) return allowed;
  allowed = false;
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return allowed;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'he-tmpfs-probe-'));
  try {
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    if (r.status === 0) {
      allowed = true;
      spawnSync('umount', [dir], { stdio: 'ignore' });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return allowed;
}

export interface TinyTmpfs {
  dir: string;
  /** Writes a filler file until the file system is full; returns the bytes it took. */
  fill(): number;
  /** Removes the filler: the space is back. */
  free(): void;
  unmount(): void;
}

export function mountTinyTmpfs(sizeKb = 64): TinyTmpfs {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'he-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mount tmpfs failed: ${r.stderr}`);
  const filler = path.join(dir, 'filler.bin');
  return {
    dir,
    fill() {
      const fd = fs.openSync(filler, 'a');
      let bytes = 0;
      try {
        for (const size of [4096, 512, 64, 1]) {
          const chunk = Buffer.alloc(size, 0x20);
          for (;;) {
            try {
              fs.writeSync(fd, chunk);
              bytes += size;
            } catch {
              break;
            }
          }
        }
      } finally {
        fs.closeSync(fd);
      }
      return bytes;
    },
    free() {
      fs.rmSync(filler, { force: true });
    },
    unmount() {
      spawnSync('umount', [dir], { stdio: 'ignore' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
