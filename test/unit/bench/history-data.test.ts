// The history benchmark's data file (bench/lib/history-data.ts) is what the health example's
// csv-log writes: its columns, a BOM, CRLF records in time order, guarded text, quoted JSON.
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { parseRecord } from '../../../nodes/csv-log/csv-scan';
import { countRows, exampleColumns, PATIENTS, WEEK_START, writeVitals } from '../../../bench/lib/history-data';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');

describe('history benchmark data', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'he-bench-data-test-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("takes the columns of the health example's csv-log", () => {
    const flow = JSON.parse(fs.readFileSync(path.join(REPO, 'examples', 'health-monitoring.json'), 'utf8'));
    const log = flow.find(
      (n: { type: string; filename?: string }) => n.type === 'he-csv-log' && /^vitals/.test(n.filename ?? ''),
    );
    // The example's csv-log has a typed column list: its header is those columns' names.
    assert.equal(log.columnMode, 'typed');
    assert.deepEqual(
      exampleColumns(REPO),
      log.columnDefs.map((d: { name: string }) => d.name),
    );
    assert.deepEqual(exampleColumns(REPO).slice(-2), ['news2Total', 'news2Band']);
  });

  it('writes a reading per patient per round, in time order, as csv-log encodes them', () => {
    const file = path.join(dir, 'vitals.csv');
    const columns = exampleColumns(REPO);
    writeVitals(file, columns, 120);
    assert.equal(countRows(file), 120 * PATIENTS);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.startsWith('\ufeff' + columns.join(',') + '\r\n'), 'BOM, then the header once');
    const lines = text.slice(1).split('\r\n');
    assert.equal(lines.pop(), '', 'the last record ends with CRLF');
    const rows = lines.slice(1).map(parseRecord);
    assert.ok(rows.every((r) => r.length === columns.length));
    const col = (name: string) => columns.indexOf(name);
    const times = rows.map((r) => Date.parse(r[col('timestamp')]));
    assert.ok(
      times.every((t, i) => t >= WEEK_START && (i === 0 || t >= times[i - 1])),
      'in time order',
    );
    assert.equal(new Set(rows.map((r) => r[col('deviceId')])).size, PATIENTS);
    // Text a spreadsheet would run as a formula is guarded; JSON cells are quoted.
    assert.ok(rows.some((r) => r[col('patientId')].startsWith("'+82-")));
    assert.ok(rows.some((r) => r[col('patientId')].startsWith("'@bed-")));
    assert.ok(text.includes('"[{""field"":""heartRate""'));
    assert.ok(rows.some((r) => r[col('glucose')] !== '') && rows.some((r) => r[col('respiratoryRate')] === ''));
  });

  it('refuses a column it cannot fill instead of leaving it empty', () => {
    assert.throws(() => writeVitals(path.join(dir, 'x.csv'), ['timestamp', 'deviceId', 'lactate'], 1), /lactate/);
  });
});
