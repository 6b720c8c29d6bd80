// he-history in a Node-RED runtime (node-red-node-test-helper): one query per output kind on
// files written by csv-log's writer, stopping a long query, and bad queries and paths caught.
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { until as waitFor } from '../integration/flow-fixture';
import { iso, T0, vitals, writeRows } from '../support/history-files';
const helper = require('node-red-node-test-helper');
const historyNode = require('../../nodes/history/history.js');

helper.init(require.resolve('node-red'));
type Msg = Record<string, any>;

/** Waits for `check`, polling every 25 ms (flow-fixture's until, with the condition first). */
const until = (check: () => boolean, what: string) => waitFor(what, check);

async function load(config: Record<string, unknown>) {
  await helper.load(historyNode, [
    { id: 'h1', type: 'he-history', timeZone: 'utc', ...config, wires: [['out']] },
    { id: 'out', type: 'helper' },
    { id: 'c', type: 'catch', scope: ['h1'], wires: [['caught']] },
    { id: 'caught', type: 'helper' },
  ]);
  const out: Msg[] = [];
  const caught: Msg[] = [];
  helper.getNode('out').on('input', (m: Msg) => out.push(m));
  helper.getNode('caught').on('input', (m: Msg) => caught.push(m));
  const h1 = helper.getNode('h1');
  const statuses: Msg[] = [];
  const status = h1.status.bind(h1);
  h1.status = (s: Msg) => {
    statuses.push(s);
    return status(s);
  };
  return { h1, out, caught, statuses };
}

describe('history node', function () {
  this.timeout(30000);
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'history-node-'));
    await writeRows(dir, 'vitals.csv', vitals(2000, T0, 10000, 2));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await helper.unload();
  });

  it('series: one message of at most `points` points per series, for a Dashboard 2.0 chart', async () => {
    const t = await load({ baseDir: dir, filename: 'vitals.csv', points: 20 });
    t.h1.receive({ payload: { from: iso(T0), to: iso(T0 + 2000 * 10000), keys: 'p-001', columns: ['heartRate'] } });
    await until(() => t.out.length === 1, 'the series');
    const { payload, history } = t.out[0];
    assert.ok(payload.length > 10 && payload.length <= 20, `${payload.length} points`);
    assert.ok(payload.every((p: Msg) => p.series === 'p-001 heartRate' && typeof p.x === 'number'));
    assert.deepEqual([history.output, history.rows, history.files], ['series', 1000, ['vitals.csv']]);
    assert.equal(Math.max(...payload.map((p: Msg) => p.y)), 120, 'the peak is kept');
    await until(() => t.statuses.at(-1)?.fill === 'green', 'a green status');
  });

  it('summary: entries per key and hour, with NEWS2 band time', async () => {
    const t = await load({ baseDir: dir, filename: 'vitals.csv', output: 'summary', interval: 'hour' });
    t.h1.receive({ payload: { from: T0, to: T0 + 3600000 - 1, keys: ['p-000'] } });
    await until(() => t.out.length === 1, 'the summary');
    const hr = t.out[0].payload.find((e: Msg) => e.column === 'heartRate');
    assert.deepEqual([hr.key, hr.start, hr.interval, hr.count], ['p-000', T0, 'hour', 180]);
    const band = t.out[0].payload.find((e: Msg) => e.column === 'news2Band');
    assert.deepEqual(Object.keys(band.bandSeconds), ['low', 'low-medium', 'medium', 'high']);
  });

  it('rows: parts of `points` rows, the last with parts.count and complete', async () => {
    const t = await load({ baseDir: dir, filename: 'vitals.csv', output: 'rows', points: 300 });
    t.h1.receive({ payload: { from: T0, last: undefined, to: T0 + 999 * 10000 } });
    await until(() => t.out.some((m) => m.complete === true), 'the last part');
    assert.deepEqual(
      t.out.map((m) => m.payload.length),
      [300, 300, 300, 100],
    );
    assert.deepEqual(
      t.out.map((m) => m.parts.index),
      [0, 1, 2, 3],
    );
    assert.equal(t.out[3].parts.count, 4);
    assert.ok(t.out.every((m) => m.parts.id === t.out[0].parts.id));
    assert.deepEqual(t.out[0].payload[0], vitals(1, T0, 10000, 2)[0]);
  });

  it('msg.stop stops a long query: grey "stopped", nothing sent', async () => {
    const big = fs.mkdtempSync(path.join(os.tmpdir(), 'history-stop-'));
    try {
      await writeRows(big, 'vitals.csv', vitals(200000, T0, 1000));
      const t = await load({ baseDir: big, filename: 'vitals.csv', output: 'summary' });
      t.h1.receive({ payload: { from: T0, to: T0 + 86400000 * 3 } });
      await until(() => t.statuses.some((s) => s.fill === 'blue'), 'the query to start');
      t.h1.receive({ stop: true });
      await until(() => t.statuses.some((s) => s.fill === 'grey'), 'the stopped status');
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(t.out.length, 0);
      assert.equal(t.caught.length, 0);
    } finally {
      fs.rmSync(big, { recursive: true, force: true });
    }
  });

  it('a new query stops the running one: only the new one is answered', async () => {
    const big = fs.mkdtempSync(path.join(os.tmpdir(), 'history-new-'));
    try {
      await writeRows(big, 'vitals.csv', vitals(200000, T0, 1000));
      const t = await load({ baseDir: big, filename: 'vitals.csv', output: 'summary' });
      t.h1.receive({ payload: { from: T0, to: T0 + 86400000 * 3 }, _id: 'long' });
      await until(() => t.statuses.some((s) => s.fill === 'blue'), 'the first query to start');
      t.h1.receive({ payload: { from: T0, to: T0 + 60000, output: 'rows' }, _id: 'short' });
      await until(() => t.out.some((m) => m.complete === true), 'the second answer');
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual([...new Set(t.out.map((m) => m._id))], ['short']);
      assert.equal(t.out.at(-1)?.history.rows, 61);
      assert.equal(t.caught.length, 0);
    } finally {
      fs.rmSync(big, { recursive: true, force: true });
    }
  });

  it('a bad query goes to Catch with the message, a red status, and the next query is answered', async () => {
    const t = await load({ baseDir: dir, filename: 'vitals.csv' });
    t.h1.receive({ payload: { output: 'chart' }, _id: 1 });
    await until(() => t.caught.length === 1, 'the error');
    assert.equal(t.caught[0]._id, 1);
    assert.match(t.caught[0].error.message, /(bad query|errors\.query): output must be one of series, summary, rows/);
    assert.equal(t.statuses.at(-1)?.fill, 'red');
    t.h1.receive({ payload: { from: T0, to: T0 + 60000 } });
    await until(() => t.out.length === 1, 'the next answer');
  });

  it('refuses a file name from the message that leads outside the folder', async () => {
    const t = await load({ baseDir: dir, filename: 'vitals.csv' });
    t.h1.receive({ payload: { files: ['../../etc/passwd'] }, _id: 2 });
    await until(() => t.caught.length === 1, 'the error');
    assert.match(t.caught[0].error.message, /(file refused|errors\.path): .*leads outside the base folder/);
    assert.equal(t.out.length, 0);
  });
});
