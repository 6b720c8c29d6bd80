// Which files a query reads: the ones a csv-log name pattern wrote (numbered files and the
// .gz copies retention made included), or a list of names, each kept inside the base folder.
// A file named by a date pattern stands for a span of time; only files whose span meets the
// query's range are read. File system only, no Node-RED.
import path from 'path';
import { NamePattern } from '../csv-log/name-pattern';
import { findMatching, unsuffixed } from '../csv-log/retention';
import { assertRealInside } from '../csv-log/confine';
import { resolveInside } from '../lib/safe-path';

/**
 * Rows reach a file when they are written, not at their own timestamp: a reading held by the
 * broker while Node-RED was away lands in a later file. A file is read when its span, widened
 * by this much on each side, meets the range.
 */
export const SPAN_SLACK_MS = 3600000;

export interface HistoryFile {
  /** Absolute path. */
  path: string;
  /** Relative to the base folder, "/" between folders: how answers name it. */
  name: string;
  gz: boolean;
  /** The time its name stands for; null when the name tells none (read whatever the range). */
  span: { start: number; end: number } | null;
  /** n of name-n.csv: 0 for the name itself. */
  number: number;
}

/** The n of "vitals-n.csv" when the name is the numbered form of a pattern's name, else 0. */
function numberOf(name: string, plainFits: boolean): number {
  if (plainFits) return 0;
  const stem = name.slice(0, name.length - path.extname(name).length);
  const m = /-(\d+)$/.exec(stem);
  return m ? Number(m[1]) : 0;
}

/** Describe one file found by a pattern: its span from the name, its number. */
export function describeFile(base: string, file: string, pattern: NamePattern | null, gz: boolean): HistoryFile {
  const name = path.relative(base, file).split(path.sep).join('/');
  const plain = gz ? name.slice(0, -3) : name;
  let span = pattern ? pattern.spanOf(plain) : null;
  let number = 0;
  if (pattern && span === null && pattern.hasDate) {
    span = pattern.spanOf(unsuffixed(plain));
    number = numberOf(plain, false);
  } else if (pattern && !pattern.hasDate && plain !== unsuffixed(plain)) {
    number = numberOf(plain, false);
  }
  return { path: file, name, gz, span, number };
}

/** Whether a file may hold rows of [from, to]. */
export function meetsRange(f: HistoryFile, from: number, to: number): boolean {
  if (f.span === null) return true;
  return f.span.start - SPAN_SLACK_MS <= to && f.span.end + SPAN_SLACK_MS > from;
}

/** Time order of files: by span, then number (csv-log fills vitals.csv before vitals-1.csv). */
export function fileOrder(a: HistoryFile, b: HistoryFile): number {
  const sa = a.span ? a.span.start : 0;
  const sb = b.span ? b.span.start : 0;
  return sa - sb || a.number - b.number || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** The files of a pattern that meet the range, oldest first. */
export async function filesOfPattern(
  base: string,
  pattern: NamePattern,
  from: number,
  to: number,
): Promise<HistoryFile[]> {
  const found = await findMatching(base, pattern);
  return found
    .map((f) => describeFile(base, f.path, pattern, f.gz))
    .filter((f) => meetsRange(f, from, to))
    .sort(fileOrder);
}

/**
 * The listed names, each resolved inside the base folder (the name rules of safe-path.ts, then
 * the real path, so a symbolic link cannot lead out), in the order given. Throws
 * UnsafePathError or ConfinementError for the first name refused.
 */
export async function filesOfList(base: string, names: readonly string[]): Promise<HistoryFile[]> {
  const out: HistoryFile[] = [];
  for (const n of names) {
    const file = resolveInside(base, n);
    await assertRealInside(base, file);
    out.push(describeFile(base, file, null, file.endsWith('.gz')));
  }
  return out;
}
