// he-history reads every shape of file csv-log writes: BOM and quoted, guarded cells; a torn
// last row; .gz copies made by retention; files rotated by date; numbered files after a header
// change; a file appended to while it is read; and, for a recent range, only the end of a big file.
import assert from 'node:assert/strict';
import fs from 'fs';
import path from 'path';
import { NamePattern } from '../../../nodes/csv-log/name-pattern';
import { runRetention } from '../../../nodes/csv-log/retention';
import { runQuery, type Row } from '../../../nodes/history/query';
import { iso, query, T0, vitals, writeRows, tempFolder } from '../../support/history-files';

async function allRows(
  q: Parameters<typeof runQuery>[0],
): Promise<{ rows: Row[]; answer: Awaited<ReturnType<typeof runQuery>> }> {
  const rows: Row[] = [];
  const answer = await runQuery(q, { onRows: (r) => rows.push(...r) });
  rows.push(...(answer.payload as Row[]));
  return { rows, answer };
}

describe('history: reading the files csv-log writes', function () {
  this.timeout(20000);
  const folder = tempFolder('history-read-');
  let dir = '';
  beforeEach(() => (dir = folder()));

  it('gives the rows back as written: BOM skipped, numbers typed, quoted cells and guarded text restored', async () => {
    const written = [
      { timestamp: iso(T0), deviceId: 'p-001', heartRate: 72, note: 'plain', onOxygen: false },
      { timestamp: iso(T0 + 1000), deviceId: 'p-001', heartRate: 80.5, note: 'a, "quoted"\r\nline', onOxygen: true },
      { timestamp: iso(T0 + 2000), deviceId: '-neg', heartRate: -5, note: '=HYPERLINK("x")', onOxygen: true },
      { timestamp: iso(T0 + 3000), deviceId: '환자-1', heartRate: 61, note: '+82 한국어 🙂', onOxygen: false },
    ];
    await writeRows(dir, 'vitals.csv', written);
    const raw = fs.readFileSync(path.join(dir, 'vitals.csv'), 'utf8');
    assert.ok(raw.startsWith('\ufefftimestamp,'), 'the file has a BOM');
    assert.ok(raw.includes(`'=HYPERLINK`), 'csv-log guarded the formula');
    const { rows, answer } = await allRows(query(dir, {}));
    assert.deepEqual(rows, written);
    assert.deepEqual(answer.files, ['vitals.csv']);
    assert.equal(answer.rows, 4);
  });

  it('leaves out a torn last row (no line end), and reads the rows before it', async () => {
    await writeRows(dir, 'vitals.csv', vitals(10));
    fs.appendFileSync(path.join(dir, 'vitals.csv'), `${iso(T0 + 99000)},p-009,7`);
    const { rows } = await allRows(query(dir, {}));
    assert.equal(rows.length, 10);
    assert.ok(!rows.some((r) => r.deviceId === 'p-009'));
  });

  it('reads the .gz copies that retention made, beside plain files', async () => {
    const pattern = 'vitals-%Y-%m-%d.csv';
    const rows = vitals(3 * 2880, T0, 30000);
    const p = NamePattern.compile(pattern, 'utc');
    await writeRows(dir, (r) => p.expand(null, Date.parse(r.timestamp as string)), rows);
    // Retention gzips files older than its limit: make the first two days old.
    for (const day of ['2024-05-01', '2024-05-02']) {
      const old = new Date(Date.now() - 10 * 86400000);
      fs.utimesSync(path.join(dir, `vitals-${day}.csv`), old, old);
    }
    const r = await runRetention({ base: dir, pattern: p, days: 5, action: 'gzip' });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(fs.readdirSync(dir).sort(), [
      'vitals-2024-05-01.csv.gz',
      'vitals-2024-05-02.csv.gz',
      'vitals-2024-05-03.csv',
    ]);
    const got = await allRows(query(dir, { pattern, from: T0, to: T0 + 3 * 86400000 }));
    assert.deepEqual(got.rows, rows);
    assert.deepEqual(got.answer.files, [
      'vitals-2024-05-01.csv.gz',
      'vitals-2024-05-02.csv.gz',
      'vitals-2024-05-03.csv',
    ]);
  });

  it('opens only the rotated files whose day meets the range', async () => {
    const pattern = 'ward/vitals-%Y-%m-%d.csv';
    const p = NamePattern.compile(pattern, 'utc');
    const rows = vitals(5 * 288, T0, 300000);
    await writeRows(dir, (r) => p.expand(null, Date.parse(r.timestamp as string)), rows);
    assert.equal(fs.readdirSync(path.join(dir, 'ward')).length, 5);
    const from = T0 + 2 * 86400000 + 6 * 3600000;
    const to = T0 + 2 * 86400000 + 18 * 3600000;
    const got = await allRows(query(dir, { pattern, from, to }));
    assert.deepEqual(got.answer.files, ['ward/vitals-2024-05-03.csv']);
    const expected = rows.filter((r) => {
      const t = Date.parse(r.timestamp as string);
      return t >= from && t <= to;
    });
    assert.deepEqual(got.rows, expected);
    // A range across midnight reads both days, oldest first.
    const across = await allRows(query(dir, { pattern, from: T0 + 86400000 - 600000, to: T0 + 86400000 + 600000 }));
    assert.deepEqual(across.answer.files, ['ward/vitals-2024-05-01.csv', 'ward/vitals-2024-05-02.csv']);
    assert.equal(across.rows.length, 5);
  });

  it('reads numbered files after a header change, matching columns by name', async () => {
    await writeRows(dir, 'vitals.csv', [{ timestamp: iso(T0), deviceId: 'a', heartRate: 70, spo2: 97 }]);
    // The same node with other columns: csv-log starts vitals-1.csv with its own header.
    await writeRows(dir, 'vitals.csv', [{ timestamp: iso(T0 + 1000), spo2: 95, deviceId: 'a', temperature: 37.2 }], {
      columns: ['timestamp', 'spo2', 'deviceId', 'temperature'],
    });
    assert.deepEqual(fs.readdirSync(dir).sort(), ['vitals-1.csv', 'vitals.csv']);
    const { rows, answer } = await allRows(query(dir, {}));
    assert.deepEqual(answer.files, ['vitals.csv', 'vitals-1.csv']);
    assert.deepEqual(rows, [
      { timestamp: iso(T0), deviceId: 'a', heartRate: 70, spo2: 97 },
      { timestamp: iso(T0 + 1000), deviceId: 'a', spo2: 95, temperature: 37.2 },
    ]);
    const series = await runQuery(query(dir, { output: 'series', columns: ['spo2'], points: 10 }));
    assert.deepEqual(
      (series.payload as { x: number; y: number }[]).map((p) => [p.x, p.y]),
      [
        [T0, 97],
        [T0 + 1000, 95],
      ],
    );
  });

  it('reads a file while csv-log appends to it: whole rows only, never a half row', async () => {
    await writeRows(dir, 'vitals.csv', vitals(20000));
    const before = 20000;
    const more = vitals(5000, T0 + 20000 * 10000);
    const appending = writeRows(dir, 'vitals.csv', more);
    const { rows } = await allRows(query(dir, { to: T0 + 30 * 86400000 }));
    await appending;
    assert.ok(rows.length >= before && rows.length <= before + more.length, `${rows.length} rows`);
    const all = [...vitals(20000), ...more];
    assert.deepEqual(rows, all.slice(0, rows.length), 'every row read is a whole row, in order');
  });

  it('for a recent range reads only the end of a big file, with the same answer as a full read', async () => {
    const rows = vitals(150000, T0, 4000);
    await writeRows(dir, 'vitals.csv', rows);
    assert.ok(fs.statSync(path.join(dir, 'vitals.csv')).size > 4 * 1024 * 1024);
    const to = T0 + 150000 * 4000;
    const from = to - 3 * 3600000;
    const got = await allRows(query(dir, { from, to }));
    const expected = rows.filter((r) => Date.parse(r.timestamp as string) >= from);
    assert.deepEqual(got.rows, expected);
    assert.ok(got.answer.rowsRead < rows.length / 3, `read ${got.answer.rowsRead} of ${rows.length} rows`);
  });

  it('reads the whole file when its rows are far out of time order, and still finds every row of the range', async () => {
    // Rows of the range first, then a long stretch of older rows: the end of the file says nothing of them.
    const recent = vitals(2000, T0 + 10 * 86400000, 1000);
    const old = vitals(80000, T0, 6000);
    await writeRows(dir, 'vitals.csv', [...recent, ...old]);
    const from = T0 + 10 * 86400000;
    const got = await allRows(query(dir, { from, to: from + 86400000 }));
    assert.equal(got.rows.length, recent.length);
  });

  it('reports a .gz file that is not gzip data as an error naming the file', async () => {
    fs.writeFileSync(path.join(dir, 'vitals-2024-05-01.csv.gz'), 'timestamp,deviceId\r\nnot gzip\r\n');
    await assert.rejects(
      runQuery(query(dir, { files: ['vitals-2024-05-01.csv.gz'] })),
      /^HistoryFileError: vitals-2024-05-01\.csv\.gz: incorrect header check/,
    );
  });

  it('reports a listed file that does not exist, and skips nothing silently', async () => {
    await assert.rejects(runQuery(query(dir, { files: ['gone.csv'] })), /gone\.csv: ENOENT/);
  });

  it('refuses a file without the time column, naming the file and the column', async () => {
    await writeRows(dir, 'vitals.csv', [{ time: iso(T0), deviceId: 'a', heartRate: 1 }]);
    await assert.rejects(runQuery(query(dir, {})), /vitals\.csv: the file has no column "timestamp"/);
  });
});
