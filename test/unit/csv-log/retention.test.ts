import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import zlib from 'zlib';
import { NamePattern } from '../../../nodes/csv-log/name-pattern';
import { findMatching, matchesName, repairTornFiles, runRetention, unsuffixed } from '../../../nodes/csv-log/retention';

const DAY = 86400000;

describe('csv-log retention', () => {
  let dir: string;
  const now = Date.now();
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-ret-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function put(name: string, ageDays: number, text = 'a\r\n1\r\n') {
    const f = path.join(dir, name);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
    const t = new Date(now - ageDays * DAY);
    fs.utimesSync(f, t, t);
    return f;
  }
  const exists = (name: string) => fs.existsSync(path.join(dir, name));

  it('maps numbered names back to the pattern name', () => {
    assert.equal(unsuffixed('health-2024-05-01-3.csv'), 'health-2024-05-01.csv');
    assert.equal(unsuffixed('vitals.csv'), 'vitals.csv');
    // Ambiguous on its own ("-01" looks like a number), so matching tries the name as is first.
    assert.ok(matchesName(/^health-\d{4}-\d{2}-\d{2}\.csv$/, 'health-2024-05-01.csv'));
    assert.ok(matchesName(/^health-\d{4}-\d{2}-\d{2}\.csv$/, 'health-2024-05-01-12.csv.gz')?.gz);
    assert.equal(matchesName(/^health-\d{4}-\d{2}-\d{2}\.csv$/, 'health-2024-05.csv'), null);
  });

  it('deletes matching files older than N days and nothing else', async () => {
    const pattern = NamePattern.compile('{{payload.id}}/health-%Y-%m-%d.csv');
    put('bed-1/health-2024-01-01.csv', 40);
    put('bed-1/health-2024-01-01-2.csv', 40);
    put('bed-1/health-2024-01-01.csv.gz', 40);
    put('bed-2/health-2024-02-01.csv', 10);
    put('bed-1/notes.csv', 400);
    put('health-2024-01-01.csv', 400); // wrong level
    put('bed-1/health-2024-01-01.txt', 400);
    fs.symlinkSync(path.join(dir, 'bed-1', 'notes.csv'), path.join(dir, 'bed-2', 'health-2000-01-01.csv'));
    const r = await runRetention({ base: dir, pattern, days: 30, action: 'delete', now });
    assert.deepEqual(r.deleted.map((f) => path.relative(dir, f)).sort(), [
      'bed-1/health-2024-01-01-2.csv',
      'bed-1/health-2024-01-01.csv',
      'bed-1/health-2024-01-01.csv.gz',
    ]);
    assert.deepEqual(r.errors, []);
    for (const kept of [
      'bed-2/health-2024-02-01.csv',
      'bed-1/notes.csv',
      'health-2024-01-01.csv',
      'bed-1/health-2024-01-01.txt',
      'bed-2/health-2000-01-01.csv',
    ]) {
      assert.ok(exists(kept), kept);
    }
  });

  it('gzips old files keeping their content and time, and skips files in use', async () => {
    const pattern = NamePattern.compile('v-%Y-%m-%d.csv');
    const old = put('v-2024-01-01.csv', 9, 'a\r\n김민수\r\n');
    const busy = put('v-2024-01-02.csv', 9);
    const r = await runRetention({ base: dir, pattern, days: 7, action: 'gzip', now, skip: new Set([busy]) });
    assert.deepEqual(r.compressed, [`${old}.gz`]);
    assert.ok(!exists('v-2024-01-01.csv'));
    assert.ok(exists('v-2024-01-02.csv'));
    assert.equal(zlib.gunzipSync(fs.readFileSync(`${old}.gz`)).toString('utf8'), 'a\r\n김민수\r\n');
    assert.ok(Math.abs(fs.statSync(`${old}.gz`).mtimeMs - (now - 9 * DAY)) < 2000);
    const again = await runRetention({ base: dir, pattern, days: 7, action: 'gzip', now });
    assert.deepEqual(again.compressed, [`${busy}.gz`], 'an existing .gz is not compressed twice');
  });

  it('does nothing when off (0 days)', async () => {
    put('v-2024-01-01.csv', 999);
    const r = await runRetention({
      base: dir,
      pattern: NamePattern.compile('v-%Y-%m-%d.csv'),
      days: 0,
      action: 'delete',
      now,
    });
    assert.deepEqual(r.deleted, []);
    assert.ok(exists('v-2024-01-01.csv'));
  });

  it('repairs torn last rows of matching files at start', async () => {
    const pattern = NamePattern.compile('v-%H.csv');
    put('v-01.csv', 0, 'a,b\r\n1,2\r\n3,');
    put('v-02.csv', 0, 'a,b\r\n1,"x\r\n');
    put('v-03.csv', 0, 'a,b\r\n1,2\r\n');
    put('other.csv', 0, 'a,b\r\n1,');
    const repaired = await repairTornFiles(dir, pattern);
    assert.deepEqual(repaired.map((f) => path.basename(f)).sort(), ['v-01.csv']);
    assert.equal(fs.readFileSync(path.join(dir, 'v-01.csv'), 'utf8'), 'a,b\r\n1,2\r\n');
    assert.equal(fs.readFileSync(path.join(dir, 'other.csv'), 'utf8'), 'a,b\r\n1,', 'not the pattern: untouched');
    assert.equal((await findMatching(dir, pattern)).length, 3);
  });
});
