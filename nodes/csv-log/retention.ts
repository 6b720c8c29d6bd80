// Retention for csv-log: find the files a node's name pattern can produce (numbered
// files and .gz copies included) and delete or gzip those older than N days. Only names
// the pattern matches are touched; symbolic links are neither followed nor touched; files
// the node has open are skipped. File system only, no Node-RED.
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';
import { pipeline } from 'stream/promises';
import { NamePattern } from './name-pattern';
import { CsvFileWriter } from './csv-file-writer';

export type RetentionAction = 'delete' | 'gzip';

export interface MatchedFile {
  path: string;
  mtimeMs: number;
  gz: boolean;
}

export interface RetentionResult {
  deleted: string[];
  compressed: string[];
  errors: Error[];
}

/** "vitals-3.csv" → "vitals.csv": the inverse of suffixed(), for matching numbered files. */
export function unsuffixed(name: string): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  const m = /^(.*)-\d+$/.exec(stem);
  return m && m[1] !== '' ? m[1] + ext : name;
}

/** Whether a file name (no folder) is one the last pattern level can produce. */
export function matchesName(re: RegExp, name: string): { gz: boolean } | null {
  const gz = name.endsWith('.gz');
  const plain = gz ? name.slice(0, -3) : name;
  if (re.test(plain) || re.test(unsuffixed(plain))) return { gz };
  return null;
}

/** Every regular file under `base` that `pattern` could have written. */
export async function findMatching(base: string, pattern: NamePattern, maxFiles = 100000): Promise<MatchedFile[]> {
  const levels = pattern.segmentMatchers();
  if (!levels || levels.length === 0) return [];
  const out: MatchedFile[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const re = levels![depth];
    const last = depth === levels!.length - 1;
    for (const e of entries) {
      if (out.length >= maxFiles) return;
      // Dirent types come from lstat: a symbolic link is neither a file nor a directory here.
      if (last) {
        if (!e.isFile()) continue;
        const m = matchesName(re, e.name);
        if (!m) continue;
        const full = path.join(dir, e.name);
        try {
          const st = await fs.promises.lstat(full);
          out.push({ path: full, mtimeMs: st.mtimeMs, gz: m.gz });
        } catch {
          /* vanished meanwhile */
        }
      } else if (e.isDirectory() && re.test(e.name)) {
        await walk(path.join(dir, e.name), depth + 1);
      }
    }
  }
  await walk(path.resolve(base), 0);
  return out;
}

/** Files older than `days` days at time `now`, minus the ones in `skip`. Pure. */
export function expired(
  files: readonly MatchedFile[],
  days: number,
  now: number,
  skip: ReadonlySet<string> = new Set(),
): MatchedFile[] {
  const limit = now - days * 86400000;
  return files.filter((f) => f.mtimeMs < limit && !skip.has(f.path));
}

async function gzipFile(file: string, mtimeMs: number): Promise<string> {
  const target = `${file}.gz`;
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    await pipeline(fs.createReadStream(file), zlib.createGzip(), fs.createWriteStream(tmp, { flags: 'wx' }));
    const t = new Date(mtimeMs);
    await fs.promises.utimes(tmp, t, t);
    // Never overwrite an existing .gz: link fails if the name is taken, rename would not.
    await fs.promises.link(tmp, target);
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
  await fs.promises.unlink(file);
  return target;
}

export interface RetentionOptions {
  base: string;
  pattern: NamePattern;
  days: number;
  action: RetentionAction;
  now?: number;
  /** Files to leave alone (the ones open for writing). */
  skip?: ReadonlySet<string>;
}

export async function runRetention(o: RetentionOptions): Promise<RetentionResult> {
  const result: RetentionResult = { deleted: [], compressed: [], errors: [] };
  if (!(o.days > 0)) return result;
  const files = await findMatching(o.base, o.pattern);
  for (const f of expired(files, o.days, o.now ?? Date.now(), o.skip)) {
    try {
      if (o.action === 'gzip') {
        if (f.gz) continue;
        result.compressed.push(await gzipFile(f.path, f.mtimeMs));
      } else {
        await fs.promises.unlink(f.path);
        result.deleted.push(f.path);
      }
    } catch (err) {
      result.errors.push(err as Error);
    }
  }
  return result;
}

/**
 * Cut torn last rows off the pattern's files (a kill -9 in the middle of a write to a file
 * the node will not open again, such as the last hour's). Only files whose last byte is not
 * a line feed are opened; returns the ones repaired.
 */
export async function repairTornFiles(
  base: string,
  pattern: NamePattern,
  skip: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const repaired: string[] = [];
  for (const f of await findMatching(base, pattern)) {
    if (f.gz || skip.has(f.path)) continue;
    try {
      const fh = await fs.promises.open(f.path, 'r');
      let torn = false;
      try {
        const { size } = await fh.stat();
        if (size > 0) {
          const b = Buffer.alloc(1);
          await fh.read(b, 0, 1, size - 1);
          torn = b[0] !== 0x0a;
        }
      } finally {
        await fh.close();
      }
      if (!torn) continue;
      const w = await CsvFileWriter.openExact(f.path, { confineTo: base });
      await w.close();
      if (w.repairedBytes > 0) repaired.push(f.path);
    } catch {
      /* left for the next open to repair */
    }
  }
  return repaired;
}
