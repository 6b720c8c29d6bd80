// One query of `npm run bench:history` through he-history's pure API, in a process of its own so
// that its memory is its own. Node-RED's runtime is loaded first, as in a running Node-RED; the
// figure is the peak resident set during the query minus the resident set just before it.
//   node dist/bench/history-child.js '<json request>'   (bench/history.ts starts it)
// Prints one JSON line: seconds, rssBefore, peak, beyond (bytes), and the answer's size.
import fs from 'fs';
import { resetPeak, statusBytes } from './lib/proc-memory';
import { runQuery, type HistoryQuery } from '../nodes/history/query';
import type { SeriesPoint } from '../nodes/history/series';
import type { SummaryEntry } from '../nodes/history/summary';
import type { GroupRow, SeriesAnswer, SummaryAnswer } from './lib/history-answers';

export interface ChildRequest {
  query: HistoryQuery;
  /** The series to write for the comparison (series output). */
  series?: { key: string; column: string };
  /** Where to write the answer once measured; none: not written. */
  answer?: string;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2]) as ChildRequest;
  // Node-RED's own code, loaded as a Node-RED process has it, is not the query's memory.
  require('node-red');
  (global as { gc?: () => void }).gc?.();
  const rssBefore = statusBytes('VmRSS');
  const canReset = resetPeak();
  const t0 = process.hrtime.bigint();
  const answer = await runQuery(request.query, {});
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const peak = statusBytes('VmHWM');
  const out: Record<string, unknown> = {
    seconds,
    rssBefore,
    peak,
    beyond: canReset ? peak - rssBefore : NaN,
    entries: answer.payload.length,
    rows: answer.rows,
    rowsRead: answer.rowsRead,
    files: answer.files,
  };
  if (request.answer) {
    if (request.series) {
      const { key, column } = request.series;
      const points = (answer.payload as SeriesPoint[])
        .filter((p) => p.key === key && p.column === column)
        .map((p): [number, number] => [p.x, p.y]);
      const written: SeriesAnswer = { points };
      fs.writeFileSync(request.answer, JSON.stringify(written));
    } else {
      // The hourly statistics only: band times and kWh have no counterpart on pandas' side.
      const groups = (answer.payload as SummaryEntry[])
        .filter((e) => typeof e.count === 'number')
        .map((e): GroupRow => [e.key, e.start, e.column, e.count, e.min, e.max, e.mean, e.first, e.last]);
      const written: SummaryAnswer = { groups };
      fs.writeFileSync(request.answer, JSON.stringify(written));
    }
  }
  console.log(JSON.stringify(out));
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
