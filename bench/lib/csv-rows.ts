// Rows of CSV files that grow during a long run, read without loading them again and again:
// RowCounter counts lines as they are appended (for waiting until every reading is logged), and
// distinctRows reads the files once at the end to tell readings logged from duplicates.
import fs from 'fs';
import path from 'path';
import readline from 'readline';

/** The files in `dir` whose names match, in name order (csv-log may rotate into several). */
export function matchingFiles(dir: string, match: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => match.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Counts complete data rows (lines after each file's header) of the matching files, reading only what was added since the last call. */
export class RowCounter {
  private readonly read = new Map<string, { offset: number; lines: number }>();

  constructor(
    private readonly dir: string,
    private readonly match: RegExp,
  ) {}

  rows(): number {
    let rows = 0;
    for (const file of matchingFiles(this.dir, this.match)) {
      let state = this.read.get(file);
      if (!state) this.read.set(file, (state = { offset: 0, lines: 0 }));
      const size = fs.statSync(file).size;
      if (size > state.offset) {
        const fd = fs.openSync(file, 'r');
        try {
          const chunk = Buffer.alloc(1 << 20);
          while (state.offset < size) {
            const n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, size - state.offset), state.offset);
            if (n <= 0) break;
            for (let i = 0; i < n; i++) if (chunk[i] === 0x0a) state.lines++;
            state.offset += n;
          }
        } finally {
          fs.closeSync(fd);
        }
      }
      rows += Math.max(0, state.lines - 1);
    }
    return rows;
  }
}

export interface RowAccount {
  rows: number;
  /** Distinct (deviceId, timestamp) pairs: readings logged, each once however often it came. */
  distinct: number;
  /** Rows whose deviceId starts with the given prefix, distinct. */
  distinctWithPrefix: number;
}

/**
 * Reads the files once. A reading is known by its device and its timestamp (a device sends one a
 * second), so a QoS 1 message delivered twice counts once in `distinct`. The columns are found
 * by name in each file's header; these two never hold a comma or a quote.
 */
export async function distinctRows(files: string[], prefix: string): Promise<RowAccount> {
  const seen = new Set<string>();
  let rows = 0;
  let withPrefix = 0;
  for (const file of files) {
    const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
    let ts = -1;
    let dev = -1;
    for await (const raw of lines) {
      const line = raw.replace(/^\uFEFF/, '');
      if (ts < 0) {
        const header = line.split(',');
        ts = header.indexOf('timestamp');
        dev = header.indexOf('deviceId');
        if (ts < 0 || dev < 0) throw new Error(`${file}: no timestamp and deviceId columns in "${line.slice(0, 80)}"`);
        continue;
      }
      if (!line) continue;
      rows++;
      const cells = line.split(',', Math.max(ts, dev) + 1);
      const key = `${cells[dev]}\u0000${cells[ts]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (cells[dev].startsWith(prefix)) withPrefix++;
    }
  }
  return { rows, distinct: seen.size, distinctWithPrefix: withPrefix };
}
