import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { openCsvFile, suffixed } from '../../../nodes/csv-log/csv-file-writer';
import { CsvFileError, FsOps, nodeFs } from '../../../nodes/csv-log/fs-ops';
import { encodeRow } from '../../../nodes/lib/csv-encode';

function rowsText(rows: Array<Record<string, unknown>>, cols: string[]): string {
  return rows.map((r) => encodeRow(r, cols)).join('');
}

describe('CsvFileWriter', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-writer-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

  it('names suffixed files name-1.csv, name-2.csv', () => {
    assert.equal(suffixed('/d/vitals.csv', 0), '/d/vitals.csv');
    assert.equal(suffixed('/d/vitals.csv', 2), '/d/vitals-2.csv');
    assert.equal(suffixed('/d/log', 1), '/d/log-1');
  });

  it('creates the folder and a new file with header, optional BOM, and numbered rows', async () => {
    const file = path.join(dir, 'sub', 'deeper', 'a.csv');
    const w = await openCsvFile(file, ['t', 'hr'], { bom: true });
    assert.equal(w.isNew, true);
    assert.equal(
      await w.append(
        rowsText(
          [
            { t: 1, hr: 70 },
            { t: 2, hr: 71 },
          ],
          ['t', 'hr'],
        ),
        2,
      ),
      1,
    );
    assert.equal(await w.append(rowsText([{ t: 3, hr: 72 }], ['t', 'hr']), 1), 3);
    await w.close();
    assert.equal(fs.readFileSync(file, 'utf8'), '\ufefft,hr\r\n1,70\r\n2,71\r\n3,72\r\n');
  });

  it('writes no BOM when asked not to', async () => {
    const w = await openCsvFile(path.join(dir, 'a.csv'), ['x'], { bom: false });
    await w.append('1\r\n', 1);
    await w.close();
    assert.equal(read('a.csv'), 'x\r\n1\r\n');
  });

  it('appends to an existing file without a second header and continues row numbers', async () => {
    fs.writeFileSync(path.join(dir, 'a.csv'), '\ufefft,note\r\n1,"two\r\nlines"\r\n2,plain\r\n');
    const w = await openCsvFile(path.join(dir, 'a.csv'), null, { bom: true });
    assert.deepEqual(w.columns, ['t', 'note']);
    assert.equal(w.isNew, false);
    assert.equal(w.rows, 2, 'the quoted line break is inside one row');
    assert.equal(await w.append('3,x\r\n', 1), 3);
    await w.close();
    assert.equal(read('a.csv'), '\ufefft,note\r\n1,"two\r\nlines"\r\n2,plain\r\n3,x\r\n');
  });

  it('keeps appending to a file whose header equals the configured columns, guarded names included', async () => {
    fs.writeFileSync(path.join(dir, 'a.csv'), "t,'=x\r\n1,2\r\n");
    const w = await openCsvFile(path.join(dir, 'a.csv'), ['t', '=x'], {});
    assert.equal(w.path, path.join(dir, 'a.csv'));
    await w.close();
    const again = await openCsvFile(path.join(dir, 'a.csv'), null, {});
    assert.deepEqual(again.columns, ['t', '=x'], 'header read back without the guard quote');
    await again.close();
  });

  it('starts name-1.csv when the existing header differs, and returns to it after a restart', async () => {
    fs.writeFileSync(path.join(dir, 'a.csv'), 'old,cols\r\n1,2\r\n');
    const w = await openCsvFile(path.join(dir, 'a.csv'), ['t', 'hr'], {});
    assert.equal(w.path, path.join(dir, 'a-1.csv'));
    await w.append('1,70\r\n', 1);
    await w.close();
    const w2 = await openCsvFile(path.join(dir, 'a.csv'), ['t', 'hr'], {});
    assert.equal(w2.path, path.join(dir, 'a-1.csv'));
    assert.equal(await w2.append('2,71\r\n', 1), 2);
    await w2.close();
    assert.equal(read('a.csv'), 'old,cols\r\n1,2\r\n', 'the old file is untouched');
    assert.equal(read('a-1.csv'), 't,hr\r\n1,70\r\n2,71\r\n');
    const w3 = await openCsvFile(path.join(dir, 'a.csv'), ['other'], {});
    assert.equal(w3.path, path.join(dir, 'a-2.csv'));
    await w3.close();
  });

  it('cuts off a torn last row instead of appending to it', async () => {
    fs.writeFileSync(path.join(dir, 'a.csv'), 't,hr\r\n1,70\r\n2,7');
    const w = await openCsvFile(path.join(dir, 'a.csv'), null, {});
    assert.equal(w.repairedBytes, 3);
    assert.equal(w.rows, 1);
    assert.equal(await w.append('2,71\r\n', 1), 2);
    await w.close();
    assert.equal(read('a.csv'), 't,hr\r\n1,70\r\n2,71\r\n');
  });

  it('cuts a torn row at a record boundary even when it broke inside a quoted line break', async () => {
    fs.writeFileSync(path.join(dir, 'a.csv'), 't,note\r\n1,"first\r\nsecond');
    const w = await openCsvFile(path.join(dir, 'a.csv'), null, {});
    assert.equal(w.rows, 0);
    await w.append('1,ok\r\n', 1);
    await w.close();
    assert.equal(read('a.csv'), 't,note\r\n1,ok\r\n');
  });

  it('treats a file holding only a torn header (and BOM) as new', async () => {
    fs.writeFileSync(path.join(dir, 'a.csv'), '\ufefft,h');
    const w = await openCsvFile(path.join(dir, 'a.csv'), ['t', 'hr'], { bom: true });
    assert.equal(w.isNew, true);
    await w.append('1,70\r\n', 1);
    await w.close();
    assert.equal(read('a.csv'), '\ufefft,hr\r\n1,70\r\n');
  });

  it('opens a file in an existing folder with no folder call, and creates a missing folder only when the open needs it', async () => {
    // Under a burst each file-system call waits a turn of the event loop that can last a second.
    const calls: string[] = [];
    const counting: FsOps = Object.fromEntries(
      Object.entries(nodeFs).map(([name, f]) => [
        name,
        (...a: unknown[]) => (calls.push(name), (f as (...x: unknown[]) => unknown)(...a)),
      ]),
    ) as unknown as FsOps;
    fs.writeFileSync(path.join(dir, 'a.csv'), 't\r\n1\r\n');
    const existing = await openCsvFile(path.join(dir, 'a.csv'), ['t'], { fs: counting, confineTo: dir });
    assert.deepEqual(calls, ['openAppend', 'size', 'read']);
    assert.equal(existing.rows, 1);
    await existing.close();
    calls.length = 0;
    const created = await openCsvFile(path.join(dir, 'new', 'b.csv'), ['t'], { fs: counting, confineTo: dir });
    assert.deepEqual(calls, ['openAppend', 'mkdir', 'openAppend', 'size']);
    await created.append('2\r\n', 1);
    await created.close();
    assert.equal(read('new/b.csv'), 't\r\n2\r\n');
  });

  it('reports an unusable folder with the code and path, as CsvFileError', async () => {
    // Root ignores permission bits, so a folder that cannot be created is made by
    // putting a regular file where the folder should be (ENOTDIR / EEXIST).
    fs.writeFileSync(path.join(dir, 'blocker'), 'x');
    await assert.rejects(openCsvFile(path.join(dir, 'blocker', 'a.csv'), ['x'], {}), (e: unknown) => {
      assert.ok(e instanceof CsvFileError);
      assert.match(String(e.code), /ENOTDIR|EEXIST/);
      assert.ok(e.message.includes(path.join(dir, 'blocker')), e.message);
      return true;
    });
  });

  it('on a failed write (disk full) cuts the half-written bytes and reports ENOSPC', async () => {
    let full = false;
    // A stub is the only way to get ENOSPC on demand: write half, then fail.
    const stub: FsOps = {
      ...nodeFs,
      async write(fd, buf, offset, length) {
        if (!full) return nodeFs.write(fd, buf, offset, length);
        if (length > 1) return nodeFs.write(fd, buf, offset, Math.floor(length / 2));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    };
    const file = path.join(dir, 'a.csv');
    const w = await openCsvFile(file, ['t'], { fs: stub });
    await w.append('1\r\n', 1);
    full = true;
    await assert.rejects(w.append('2222222222\r\n', 1), (e: unknown) => {
      assert.ok(e instanceof CsvFileError);
      assert.equal(e.code, 'ENOSPC');
      assert.ok(e.message.includes(file));
      return true;
    });
    assert.equal(fs.readFileSync(file, 'utf8'), 't\r\n1\r\n', 'no half row left behind');
    full = false;
    assert.equal(await w.append('2\r\n', 1), 2);
    await w.close();
    assert.equal(fs.readFileSync(file, 'utf8'), 't\r\n1\r\n2\r\n');
  });

  it('fsyncs every batch under the sync policy and once on close otherwise', async () => {
    let syncs = 0;
    const counting: FsOps = { ...nodeFs, fsync: (fd) => (syncs++, nodeFs.fsync(fd)) };
    const s = await openCsvFile(path.join(dir, 's.csv'), ['x'], { fs: counting, durability: 'sync' });
    await s.append('1\r\n', 1);
    await s.append('2\r\n', 1);
    assert.equal(syncs, 2);
    await s.close();
    syncs = 0;
    const f = await openCsvFile(path.join(dir, 'f.csv'), ['x'], { fs: counting });
    await f.append('1\r\n', 1);
    await f.append('2\r\n', 1);
    assert.equal(syncs, 0);
    await f.close();
    assert.equal(syncs, 1);
  });
});
