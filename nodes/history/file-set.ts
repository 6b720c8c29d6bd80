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
 * Rows reach a file when written, not at their own time (a reading the broker held while Node-RED
 * was away lands in a later file): a file is read when its span, widened this much, meets the range.
 */
export const SPAN_SLACK_MS = 3600000;

export type HistoryFile = ReturnType<typeof describeFile>;

/**
 * A file and its `name` as answers give it (relative to the base folder, "/" between folders); the
 * `span` of time its name stands for (null: none, read whatever the range); n of name-n.csv, else 0.
 */
export function describeFile(base: string, file: string, pattern: NamePattern | null, gz: boolean) {
  const name = path.relative(base, file).split(path.sep).join('/');
  const plain = gz ? name.slice(0, -3) : name;
  const unnumbered = unsuffixed(plain);
  let span = pattern?.spanOf(plain) ?? null;
  let number = 0;
  // A name the pattern matches as it is ("vitals-2024-05-01.csv") is not numbered, whatever its end.
  if (pattern && span === null && unnumbered !== plain) {
    span = pattern.spanOf(unnumbered);
    number = Number(/(\d+)$/.exec(plain.slice(0, plain.length - path.extname(plain).length))![1]);
  }
  return { path: file, name, gz, span, number };
}

/** Whether a file may hold rows of [from, to]. */
export function meetsRange(f: HistoryFile, from: number, to: number): boolean {
  return f.span === null || (f.span.start - SPAN_SLACK_MS <= to && f.span.end + SPAN_SLACK_MS > from);
}

/** The files of a pattern that meet the range, oldest first (by span, then number, then name). */
export async function filesOfPattern(base: string, pattern: NamePattern, from: number, to: number) {
  const found = await findMatching(base, pattern);
  return found
    .map((f) => describeFile(base, f.path, pattern, f.gz))
    .filter((f) => meetsRange(f, from, to))
    .sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0) || a.number - b.number || (a.name < b.name ? -1 : 1));
}

/**
 * The listed names in their order, each kept inside the base folder by name and by real path (no
 * symbolic link out); UnsafePathError or ConfinementError for the first name refused.
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
