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

/** Most files one look lists: a bound on what a folder full of matching names can cost. */
const MAX_FILES = 100000;

export interface MatchedFile {
  path: string;
  mtimeMs: number;
  size: number;
  gz: boolean;
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

/** Every regular file under `base` that `pattern` could have written (the first MAX_FILES). */
export async function findMatching(base: string, pattern: NamePattern): Promise<MatchedFile[]> {
  const levels = pattern.segmentMatchers() ?? [];
  const out: MatchedFile[] = [];
  let dirs = levels.length > 0 ? [path.resolve(base)] : [];
  for (const [depth, re] of levels.entries()) {
    const next: string[] = [];
    for (const dir of dirs) {
      // Dirent types come from lstat: a symbolic link is neither a file nor a directory here.
      for (const e of await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => [])) {
        if (depth < levels.length - 1) {
          if (e.isDirectory() && re.test(e.name)) next.push(path.join(dir, e.name));
          continue;
        }
        if (out.length >= MAX_FILES) return out;
        const m = e.isFile() ? matchesName(re, e.name) : null;
        const full = path.join(dir, e.name);
        // Null when it vanished meanwhile.
        const st = m && (await fs.promises.lstat(full).catch(() => null));
        if (st) out.push({ path: full, mtimeMs: st.mtimeMs, size: st.size, gz: m.gz });
      }
    }
    dirs = next;
  }
  return out;
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

/** Delete or gzip the files `pattern` could have written that are older than `days`, except those in `skip` (open). */
export async function runRetention(o: {
  base: string;
  pattern: NamePattern;
  days: number;
  action: 'delete' | 'gzip';
  now?: number;
  skip?: ReadonlySet<string>;
}): Promise<{ deleted: string[]; compressed: string[]; errors: Error[] }> {
  const result = { deleted: [] as string[], compressed: [] as string[], errors: [] as Error[] };
  if (!(o.days > 0)) return result;
  const limit = (o.now ?? Date.now()) - o.days * 86400000;
  for (const f of await findMatching(o.base, o.pattern)) {
    if (f.mtimeMs >= limit || o.skip?.has(f.path)) continue;
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
 * a line feed are opened to be repaired; returns the ones repaired.
 */
export async function repairTornFiles(
  base: string,
  pattern: NamePattern,
  skip: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const repaired: string[] = [];
  for (const f of await findMatching(base, pattern)) {
    if (f.gz || f.size === 0 || skip.has(f.path)) continue;
    try {
      const fh = await fs.promises.open(f.path, 'r');
      const { buffer } = await fh.read(Buffer.alloc(1), 0, 1, f.size - 1).finally(() => fh.close());
      if (buffer[0] === 0x0a) continue;
      const w = await CsvFileWriter.openExact(f.path, { confineTo: base });
      await w.close();
      if (w.repairedBytes > 0) repaired.push(f.path);
    } catch {
      /* left for the next open to repair */
    }
  }
  return repaired;
}
