// Which files a query opens: a pattern's names and their time spans, numbered and .gz names,
// and names from a message kept inside the folder.
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { NamePattern } from '../../../nodes/csv-log/name-pattern';
import { describeFile, filesOfList, meetsRange, SPAN_SLACK_MS } from '../../../nodes/history/file-set';

describe('history file set', () => {
  it('tells a file’s span from its name, by the finest date token, in UTC or local time', () => {
    const p = NamePattern.compile('vitals-%Y-%m-%d.csv', 'utc');
    assert.deepEqual(p.spanOf('vitals-2024-05-01.csv'), {
      start: Date.parse('2024-05-01T00:00:00Z'),
      end: Date.parse('2024-05-02T00:00:00Z'),
    });
    assert.deepEqual(NamePattern.compile('{{payload.deviceId}}/%Y-%m.csv', 'utc').spanOf('bed-1/2024-12.csv'), {
      start: Date.parse('2024-12-01T00:00:00Z'),
      end: Date.parse('2025-01-01T00:00:00Z'),
    });
    const local = NamePattern.compile('v-%Y%m%d-%H.csv', 'local').spanOf('v-20240501-13.csv');
    assert.deepEqual(local, { start: new Date(2024, 4, 1, 13).getTime(), end: new Date(2024, 4, 1, 14).getTime() });
    assert.equal(p.spanOf('other.csv'), null);
    assert.equal(NamePattern.compile('v-%d.csv', 'utc').spanOf('v-01.csv'), null, 'a day without its year');
  });

  it('numbers and .gz copies keep the span of their name', () => {
    const base = '/data';
    const p = NamePattern.compile('vitals-%Y-%m-%d.csv', 'utc');
    const f = describeFile(base, '/data/vitals-2024-05-01-2.csv.gz', p, true);
    assert.equal(f.name, 'vitals-2024-05-01-2.csv.gz');
    assert.equal(f.number, 2);
    assert.equal(f.span?.start, Date.parse('2024-05-01T00:00:00Z'));
    const day = Date.parse('2024-05-02T00:00:00Z');
    assert.equal(meetsRange(f, day + SPAN_SLACK_MS, day + 2 * SPAN_SLACK_MS), false);
    assert.equal(meetsRange(f, day - 1, day + 1), true);
    assert.equal(describeFile(base, '/data/vitals-1.csv', NamePattern.compile('vitals.csv'), false).number, 1);
  });

  it('refuses a listed name that leads outside the folder, also through a symbolic link', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'history-files-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.csv'), 'timestamp,deviceId\r\n');
      fs.symlinkSync('/etc', path.join(dir, 'out'));
      assert.deepEqual(
        (await filesOfList(dir, ['a.csv'])).map((f) => f.name),
        ['a.csv'],
      );
      await assert.rejects(filesOfList(dir, ['../secret.csv']), /leads outside the base folder/);
      await assert.rejects(filesOfList(dir, ['/etc/passwd']), /absolute path/);
      await assert.rejects(filesOfList(dir, ['out/passwd']), /outside the folder/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
