// bench/RESULTS-history.md: one run of `npm run bench:history` as a page, with the machine, its
// load, the table the benchmark printed, whether the answers agreed, and how it measures.
import { fmt, machine } from './report';

export interface HistoryRun {
  rows: number;
  bytes: number;
  runs: number;
  pandas: string | null;
  loadAtStart: string;
  loadAtEnd: string;
  seconds: number;
}

export interface ResultsInput {
  /** The printed table, its header first. */
  table: string[][];
  /** One line each: whether the answers agreed, each run's figures. */
  notes: string[];
  run: HistoryRun;
  /** Whether this run wrote the data file (else it was reused). */
  written: boolean;
}

export function resultsMarkdown({ table, notes, run, written }: ResultsInput): string {
  const m = machine();
  const md = (r: string[]) => `| ${r.join(' | ')} |`;
  return [
    '# History benchmark results (`npm run bench:history`)',
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, on ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, Node.js ${m.node}, ${m.platform}.`,
    `Load average (1, 5, 15 min): ${run.loadAtStart} when it started, ${run.loadAtEnd} at the end: other work shared the machine's cores.`,
    `pandas ${run.pandas ?? 'missing: that side was skipped'} (Debian's python3-pandas). ${run.runs} runs, each query on each side in a process of its own; medians.`,
    `The file: vitals.csv, ${run.rows.toLocaleString('en-US')} rows, ${fmt(run.bytes / 2 ** 20)} MiB, 100 patients over a week, written as the health example's csv-log writes it${written ? '' : ' (reused from the temp folder)'}.`,
    '',
    md(table[0]),
    md(table[0].map(() => '---')),
    ...table.slice(1).map(md),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
    `Ours: the time of runQuery() alone, Node-RED's runtime loaded before it; memory is the peak resident set during the query minus the resident set just before it (VmHWM after a reset through /proc/self/clear_refs).`,
    `pandas: from read_csv to the answer (the interpreter's start and \`import pandas\` not counted); memory is the process's peak resident set (getrusage).`,
    'MB: 2^20 bytes. Ours: the highest of the runs; pandas: the highest of its runs.',
    `The whole run took ${fmt(run.seconds)} s.`,
    '',
  ].join('\n');
}
