import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
const helper = require('node-red-node-test-helper');
const csvLogNode = require('../../nodes/csv-log/csv-log.js');

helper.init(require.resolve('node-red'));
type Msg = Record<string, any>;

async function until(check: () => boolean, what: string, ms = 10000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function load(config: Record<string, unknown>) {
  await helper.load(csvLogNode, [
    { id: 'n1', type: 'he-csv-log', bom: false, filenameType: 'str', ...config, wires: [['out']] },
    { id: 'out', type: 'helper' },
    { id: 'c', type: 'catch', scope: ['n1'], wires: [['caught']] },
    { id: 'caught', type: 'helper' },
    { id: 's', type: 'status', scope: ['n1'], wires: [['statuses']] },
    { id: 'statuses', type: 'helper' },
  ]);
  const out: Msg[] = [];
  const caught: Msg[] = [];
  const statuses: Msg[] = [];
  helper.getNode('out').on('input', (m: Msg) => out.push(m));
  helper.getNode('caught').on('input', (m: Msg) => caught.push(m));
  helper.getNode('statuses').on('input', (m: Msg) => statuses.push(m));
  return { n1: helper.getNode('n1'), out, caught, statuses };
}

describe('csv-log node: patterns, typed columns, queue limit', function () {
  this.timeout(20000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-log-rot-'));
  });
  afterEach(async () => {
    await helper.unload();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes one file per device and UTC day from {{payload.deviceId}}/%Y-%m-%d, sanitising hostile ids', async () => {
    const t = await load({
      baseDir: dir,
      filename: '{{payload.deviceId}}/v-%Y-%m-%d.csv',
      timeZone: 'utc',
      columns: '',
    });
    const day = new Date().toISOString().slice(0, 10);
    const ids = ['bed-1', '../../escape', 'a/b\\c', '..'];
    ids.forEach((deviceId, i) => t.n1.receive({ payload: { deviceId, i } }));
    t.n1.receive({ payload: { i: 9 } });
    t.n1.receive({ payload: { deviceId: 'CON', i: 10 } });
    await until(() => t.out.length === 4 && t.caught.length === 2, 'four rows and two errors');
    assert.deepEqual(
      t.out.map((m) => path.relative(dir, m.filename)),
      ['bed-1', '___.._escape', 'a_b_c', '__'].map((d) => path.join(d, `v-${day}.csv`)),
    );
    assert.deepEqual(
      t.caught.map((m) => m.error.message),
      ['csv-log.errors.field-missing', 'csv-log.errors.path-device'],
    );
    assert.deepEqual(
      fs.readdirSync(path.dirname(dir)).filter((n) => n === 'escape'),
      [],
    );
  });

  it('builds rows from a typed column list', async () => {
    const t = await load({
      baseDir: dir,
      filename: 'typed.csv',
      columnMode: 'typed',
      columnDefs: [
        { name: 'hr', value: 'payload.heartRate', type: 'msg' },
        { name: 'ward', value: '3', type: 'str' },
        { name: 'at', value: 'iso', type: 'date' },
        { name: 'topic', value: 'topic', type: 'msg' },
      ],
    });
    t.n1.receive({ payload: { heartRate: 72, extra: 1 }, topic: 'bed-1' });
    t.n1.receive({ payload: 'not an object', topic: 'bed-2' });
    await until(() => t.out.length === 2, 'two rows');
    const lines = fs.readFileSync(path.join(dir, 'typed.csv'), 'utf8').trimEnd().split('\r\n');
    assert.equal(lines[0], 'hr,ward,at,topic');
    assert.match(lines[1], /^72,3,\d{4}-\d\d-\d\dT[\d:.]+Z,bed-1$/);
    assert.match(lines[2], /^,3,\d{4}-.*Z,bed-2$/);
    assert.equal(t.caught.length, 0);
  });

  it('refuses every message, with a red status, when the pattern has an unknown token', async () => {
    const t = await load({ baseDir: dir, filename: 'v-%Q.csv', columns: '' });
    t.n1.receive({ payload: { a: 1 } });
    await until(() => t.caught.length === 1, 'error');
    assert.match(t.caught[0].error.message, /unknown token "%Q"/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('counts and reports every row that overflows the queue, on its own message', async () => {
    const t = await load({ baseDir: dir, filename: 'q.csv', columns: '', maxQueue: 5 });
    for (let i = 0; i < 12; i++) t.n1.receive({ payload: { i } });
    await until(() => t.out.length + t.caught.length === 12, 'all messages accounted for');
    assert.equal(t.out.length, 5);
    assert.deepEqual(
      t.caught.map((m) => m.payload.i),
      [5, 6, 7, 8, 9, 10, 11],
    );
    assert.ok(t.caught.every((m) => m.error.message === 'csv-log.errors.queue-full'));
    assert.ok(t.statuses.some((s) => s.status.text === 'csv-log.status.dropped'));
    const lines = fs.readFileSync(path.join(dir, 'q.csv'), 'utf8').trimEnd().split('\r\n');
    assert.deepEqual(lines, ['i', '0', '1', '2', '3', '4']);
  });

  it('counts and reports every row past the memory budget, on its own message', async () => {
    // 0.01 MB = 10,485 bytes: eight rows of 1,200 bytes (rowBytes of a row without text) fit.
    const t = await load({ baseDir: dir, filename: 'q.csv', columns: '', maxQueueMB: 0.01, maxQueue: '' });
    for (let i = 0; i < 30; i++) t.n1.receive({ payload: { i } });
    await until(() => t.out.length + t.caught.length === 30, 'all messages accounted for');
    assert.equal(t.out.length, 8);
    assert.deepEqual(
      t.caught.map((m) => m.payload.i),
      Array.from({ length: 22 }, (_, k) => k + 8),
    );
    assert.ok(t.caught.every((m) => m.error.message === 'csv-log.errors.queue-full'));
    assert.ok(t.statuses.some((s) => s.status.text === 'csv-log.status.dropped'));
    const lines = fs.readFileSync(path.join(dir, 'q.csv'), 'utf8').trimEnd().split('\r\n');
    assert.deepEqual(lines, ['i', '0', '1', '2', '3', '4', '5', '6', '7']);
  });

  it('holds 20,000 rows that arrive at once in a flow saved with the old default limit of 10000 rows', async function () {
    this.timeout(60000);
    // Saved before the memory budget existed: maxQueue 10000, no maxQueueMB. It now gets the budget.
    const t = await load({ baseDir: dir, filename: 'q.csv', columns: '', maxQueue: 10000 });
    const N = 20000;
    for (let i = 0; i < N; i++) t.n1.receive({ payload: { i, id: `p-${i % 50}`, at: new Date(i).toISOString() } });
    await until(() => t.out.length + t.caught.length === N, 'all messages accounted for', 50000);
    assert.equal(t.caught.length, 0);
    assert.ok(
      t.out.every((m, i) => m.row === i + 1),
      'rows 1..N in order',
    );
    assert.equal(fs.readFileSync(path.join(dir, 'q.csv'), 'utf8').trimEnd().split('\r\n').length, N + 1);
  });

  it('gzips old pattern files at start when retention is on', async () => {
    const old = path.join(dir, 'v-2020-01-01.csv');
    fs.writeFileSync(old, 'a\r\n1\r\n');
    fs.writeFileSync(path.join(dir, 'keep.csv'), 'a\r\n1\r\n');
    const t = new Date(Date.now() - 40 * 86400000);
    fs.utimesSync(old, t, t);
    fs.utimesSync(path.join(dir, 'keep.csv'), t, t);
    await load({ baseDir: dir, filename: 'v-%Y-%m-%d.csv', columns: '', retentionDays: 30, retentionAction: 'gzip' });
    await until(() => fs.existsSync(`${old}.gz`) && !fs.existsSync(old), 'gzipped');
    assert.ok(fs.existsSync(path.join(dir, 'keep.csv')));
  });
});
