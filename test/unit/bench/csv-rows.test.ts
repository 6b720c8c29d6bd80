// Row counts of CSV files that grow during a benchmark run.
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { distinctRows, matchingFiles, RowCounter } from '../../../bench/lib/csv-rows';

describe('bench: CSV rows of growing files', () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'he-csv-rows-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('counts complete data rows as the files grow, not a line still being written, across rotated files', () => {
    const counter = new RowCounter(dir, /^vitals.*\.csv$/);
    assert.equal(counter.rows(), 0);
    const a = path.join(dir, 'vitals.csv');
    fs.writeFileSync(a, '\uFEFFtimestamp,deviceId\n');
    assert.equal(counter.rows(), 0);
    fs.appendFileSync(a, 't1,p-001\nt1,p-002\nt2,p-0');
    assert.equal(counter.rows(), 2);
    fs.appendFileSync(a, '01\n');
    assert.equal(counter.rows(), 3);
    fs.writeFileSync(path.join(dir, 'vitals-2.csv'), 'timestamp,deviceId\nt3,p-001\n');
    fs.writeFileSync(path.join(dir, 'plugs.csv'), 'timestamp,deviceId\nt3,fridge\n');
    assert.equal(counter.rows(), 4);
    assert.deepEqual(
      matchingFiles(dir, /^vitals/).map((f) => path.basename(f)),
      ['vitals-2.csv', 'vitals.csv'],
    );
  });

  it('tells readings (device and timestamp) from duplicate rows, whatever the column order', async () => {
    const a = path.join(dir, 'vitals.csv');
    fs.writeFileSync(
      a,
      '\uFEFFdeviceId,heartRate,timestamp\np-001,70,t1\nprobe-01,80,t1\np-001,71,t2\np-001,70,t1\nprobe-01,80,t1\n',
    );
    const b = path.join(dir, 'vitals-2.csv');
    fs.writeFileSync(b, 'timestamp,deviceId\nt2,probe-01\n');
    assert.deepEqual(await distinctRows([a, b], 'probe-'), { rows: 6, distinct: 4, distinctWithPrefix: 2 });
    fs.writeFileSync(a, 'when,who\n1,2\n');
    await assert.rejects(distinctRows([a], 'probe-'), /no timestamp and deviceId columns/);
  });
});
