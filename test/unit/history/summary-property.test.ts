// Summaries equal a plain computation over the same rows: count, min, max, mean, first and last
// per key, hour and column, through the whole reader (files written by csv-log, then runQuery).
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import fc from 'fast-check';
import { runQuery, type SummaryItem } from '../../../nodes/history/query';
import type { SummaryEntry } from '../../../nodes/history/summary';
import { iso, query, T0, writeRows } from '../../support/history-files';

const HOUR = 3600000;

describe('history summary equals a plain reference (property)', function () {
  this.timeout(60000);

  it('per key, hour and column: count, min, max, mean, first, last', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            dt: fc.integer({ min: 0, max: 5 * HOUR }),
            key: fc.constantFrom('p-1', 'p-2', '=p3'),
            hr: fc.option(fc.integer({ min: 30, max: 200 }), { nil: undefined }),
            temp: fc.option(fc.double({ min: 34, max: 42, noNaN: true }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        async (raw) => {
          // csv-log appends in arrival order; readings arrive in time order here.
          const rows = raw
            .map((r) => ({ timestamp: iso(T0 + r.dt), deviceId: r.key, hr: r.hr, temp: r.temp }))
            .sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'history-prop-'));
          try {
            await writeRows(dir, 'vitals.csv', rows, { columns: ['timestamp', 'deviceId', 'hr', 'temp'] });
            const answer = await runQuery(
              query(dir, { output: 'summary', from: T0, to: T0 + 6 * HOUR, columns: ['hr', 'temp'] }),
            );
            const got = (answer.payload as SummaryItem[]).filter((e): e is SummaryEntry => 'count' in e);
            // Reference: a plain loop.
            const ref = new Map<string, { t: number; y: number }[]>();
            for (const r of rows) {
              const t = Date.parse(r.timestamp);
              const start = t - (t % HOUR);
              for (const column of ['hr', 'temp'] as const) {
                const y = r[column];
                if (y === undefined) continue;
                const id = `${r.deviceId}|${start}|${column}`;
                if (!ref.has(id)) ref.set(id, []);
                ref.get(id)!.push({ t, y });
              }
            }
            assert.equal(got.length, ref.size);
            for (const e of got) {
              const list = ref.get(`${e.key}|${e.start}|${e.column}`);
              assert.ok(list, `unexpected entry ${e.key} ${e.start} ${e.column}`);
              const ys = list.map((v) => v.y);
              assert.equal(e.count, ys.length);
              assert.equal(e.min, Math.min(...ys));
              assert.equal(e.max, Math.max(...ys));
              assert.ok(Math.abs(e.mean - ys.reduce((a, b) => a + b, 0) / ys.length) < 1e-9);
              assert.equal(e.first, list[0].y);
              assert.equal(e.last, list[list.length - 1].y);
            }
          } finally {
            fs.rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
