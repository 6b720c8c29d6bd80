import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { CsvLogger } from '../../../nodes/csv-log/csv-logger';
import { openCsvFile } from '../../../nodes/csv-log/csv-file-writer';
import { FsOps, nodeFs } from '../../../nodes/csv-log/fs-ops';
import { assertRealInside, ConfinementError } from '../../../nodes/csv-log/confine';
import { parseRecord } from '../../../nodes/csv-log/csv-scan';
import { logRow } from '../../support/log-row';

describe('csv-log rotation by size, new fields, flush and confinement', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-rot-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

  it('starts name-1.csv, name-2.csv when the next rows would pass maxBytes, each with its header', async () => {
    const logger = new CsvLogger({ bom: false, maxBytes: 40 });
    const file = path.join(dir, 'v.csv');
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => logRow(logger, file, { n: i, x: 'abcd' })));
    await logger.close();
    const names = fs.readdirSync(dir).sort();
    assert.deepEqual(names, ['v-1.csv', 'v-2.csv', 'v.csv']);
    for (const n of names) {
      assert.ok(fs.statSync(path.join(dir, n)).size <= 40, `${n} within the limit`);
      assert.ok(read(n).startsWith('n,x\r\n'), `${n} has its header`);
    }
    const all = names.map((n) => read(n).trimEnd().split('\r\n').slice(1)).flat();
    assert.equal(all.length, 12);
    // header "n,x" is 5 bytes, each row 8: four rows (37 bytes) fit in 40, a fifth would not.
    assert.deepEqual(
      results.map((r) => `${path.basename(r.filename)}:${r.row}`),
      [
        'v.csv:1',
        'v.csv:2',
        'v.csv:3',
        'v.csv:4',
        'v-1.csv:1',
        'v-1.csv:2',
        'v-1.csv:3',
        'v-1.csv:4',
        'v-2.csv:1',
        'v-2.csv:2',
        'v-2.csv:3',
        'v-2.csv:4',
      ],
    );
  });

  it('counts maxBytes in UTF-8 bytes, not characters, for Korean and emoji rows', async () => {
    const logger = new CsvLogger({ bom: true, maxBytes: 60 });
    const file = path.join(dir, 'k.csv');
    // Each row "김민수😀,<n>\r\n" is 9 characters of text but 18-19 bytes.
    const rows = Array.from({ length: 9 }, (_, i) => ({ 이름: '김민수😀', n: i }));
    const results = await Promise.all(rows.map((r) => logRow(logger, file, r)));
    await logger.close();
    // k.csv, then k-1.csv, k-2.csv... in number order.
    const index = (n: string) => Number(/-(\d+)\.csv$/.exec(n)?.[1] ?? 0);
    const names = fs.readdirSync(dir).sort((a, b) => index(a) - index(b));
    const seen: string[] = [];
    for (const n of names) {
      const bytes = fs.readFileSync(path.join(dir, n));
      assert.ok(bytes.length <= 60, `${n} is ${bytes.length} bytes`);
      const lines = bytes
        .toString('utf8')
        .replace(/^\ufeff/, '')
        .trimEnd()
        .split('\r\n');
      assert.equal(lines[0], '이름,n');
      seen.push(...lines.slice(1));
    }
    assert.deepEqual(
      seen,
      rows.map((r) => `김민수😀,${r.n}`),
    );
    assert.ok(names.length > 1, 'the limit started numbered files');
    assert.equal(new Set(results.map((r) => `${r.filename}:${r.row}`)).size, rows.length);
  });

  it('after a restart continues in the file with room, skipping full ones unread', async () => {
    fs.writeFileSync(path.join(dir, 'v.csv'), 'n\r\n' + '1\r\n'.repeat(20));
    let opened: string[] = [];
    const spy: FsOps = { ...nodeFs, openAppend: (f) => (opened.push(path.basename(f)), nodeFs.openAppend(f)) };
    const logger = new CsvLogger({ bom: false, maxBytes: 50, fs: spy, columns: ['n'] });
    const r = await logRow(logger, path.join(dir, 'v.csv'), { n: 2 });
    await logger.close();
    assert.equal(path.basename(r.filename), 'v-1.csv');
    assert.deepEqual(opened, ['v-1.csv']);
    opened = [];
    const again = new CsvLogger({ bom: false, maxBytes: 50, fs: spy, columns: ['n'] });
    assert.deepEqual(
      await logRow(again, path.join(dir, 'v.csv'), { n: 3 }).then((x) => [path.basename(x.filename), x.row]),
      ['v-1.csv', 2],
    );
    await again.close();
  });

  it("automatic columns with newFields 'new-file' start the next file with the added columns", async () => {
    const logger = new CsvLogger({ bom: false, newFields: 'new-file' });
    const file = path.join(dir, 'v.csv');
    const rs = await Promise.all([
      logRow(logger, file, { a: 1 }),
      logRow(logger, file, { a: 2, b: 'x' }),
      logRow(logger, file, { a: 3 }),
    ]);
    await logger.close();
    assert.deepEqual(
      rs.map((r) => [path.basename(r.filename), r.row, r.newExtraKeys]),
      [
        ['v.csv', 1, null],
        ['v-1.csv', 1, null],
        ['v-1.csv', 2, null],
      ],
    );
    assert.equal(read('v.csv'), 'a\r\n1\r\n');
    assert.equal(read('v-1.csv'), 'a,b\r\n2,x\r\n3,\r\n');
  });

  it("automatic columns with newFields 'ignore' keep one file and report the extra keys once", async () => {
    const logger = new CsvLogger({ bom: false });
    const file = path.join(dir, 'v.csv');
    const rs = await Promise.all([
      logRow(logger, file, { a: 1 }),
      logRow(logger, file, { a: 2, b: 'x' }),
      logRow(logger, file, { a: 3, c: 1 }),
    ]);
    await logger.close();
    assert.deepEqual(
      rs.map((r) => r.newExtraKeys),
      [null, ['b'], null],
    );
    assert.equal(read('v.csv'), 'a\r\n1\r\n2\r\n3\r\n');
  });

  it('flush mode fsyncs at most once per interval and not before reporting rows', async () => {
    let syncs = 0;
    const counting: FsOps = { ...nodeFs, fsync: (fd) => (syncs++, nodeFs.fsync(fd)) };
    const w = await openCsvFile(path.join(dir, 'f.csv'), ['x'], { fs: counting, durability: 'flush', flushMs: 80 });
    for (let i = 0; i < 20; i++) await w.append(`${i}\r\n`, 1);
    assert.equal(syncs, 0, 'appends do not wait for fsync');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(syncs, 1);
    await w.append('x\r\n', 1);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(syncs, 2);
    await w.close();
    assert.equal(syncs, 3, 'and once on close');
  });

  it('refuses a symbolic link inside the folder that leads outside it, and writes nothing there', async () => {
    const base = path.join(dir, 'base');
    const outside = path.join(dir, 'outside');
    fs.mkdirSync(base);
    fs.mkdirSync(outside);
    fs.symlinkSync(outside, path.join(base, 'ward'));
    fs.symlinkSync(path.join(outside, 'x.csv'), path.join(base, 'file.csv'));
    fs.mkdirSync(path.join(base, 'inner'));
    fs.symlinkSync(path.join(base, 'inner'), path.join(base, 'alias'));
    await assert.rejects(assertRealInside(base, path.join(base, 'ward', 'deeper', 'a.csv')), ConfinementError);
    const logger = new CsvLogger({ bom: false, confineTo: base });
    for (const name of ['ward/a.csv', 'ward/new/b.csv', 'file.csv']) {
      await assert.rejects(logRow(logger, path.join(base, name), { n: 1 }), /outside the folder/);
    }
    const ok = await logRow(logger, path.join(base, 'alias', 'ok.csv'), { n: 1 });
    await logger.close();
    assert.equal(ok.row, 1);
    assert.deepEqual(fs.readdirSync(outside), [], 'nothing written or created outside');
    assert.equal(read('base/inner/ok.csv'), 'n\r\n1\r\n');
  });

  it('round-trips quotes, commas, line breaks and Korean through a strict parser', async () => {
    const logger = new CsvLogger({ bom: false });
    const file = path.join(dir, 'k.csv');
    const rows = [
      { 이름: '김민수', note: 'says "괜찮아요", then\r\nsleeps', v: 1.5 },
      { 이름: '이, 영희', note: '\n', v: -0 },
      { 이름: '"', note: '', v: 1e21 },
    ];
    for (const r of rows) await logRow(logger, file, r);
    await logger.close();
    const text = read('k.csv');
    const records = splitRecords(text).map(parseRecord);
    assert.deepEqual(records[0], ['이름', 'note', 'v']);
    assert.deepEqual(
      records.slice(1),
      rows.map((r) => [r.이름, r.note, String(r.v)]),
    );
  });
});

/** Split RFC 4180 text into records (CRLF outside quotes). */
function splitRecords(text: string): string[] {
  const out: string[] = [];
  let q = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') q = !q;
    else if (!q && text[i] === '\r' && text[i + 1] === '\n') {
      out.push(text.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  assert.equal(start, text.length, 'text ends with a whole record');
  return out;
}
