// The Health page's picked charts filled from the CSV (he-history over the file csv-log writes),
// with the real Dashboard 2.0 and the ward board: a pick brings the patient's last 24 h from
// the file, the board's own last hour follows it, and after a restart a page view brings the
// 24 h back from the file alone, though the board has forgotten everything.
import assert from 'node:assert/strict';
import fs from 'fs';
import path from 'path';
import { watchBoard } from './board-view';
import { parseCsv, until } from './flow-fixture';
import { exampleRun, helper } from './flow-run';
import { chartPoints, VITALS } from './health-charts';

const xy = (id: string) => chartPoints(id).map((p) => [p.x, p.y]);

/** What the ui-event node sends when a browser opens a page (Dashboard 2.0 builds the payload from the page). */
const pageView = (pagePath: string) =>
  helper.getNode('hm-hist-event').send({ topic: '$pageview', payload: { page: { path: pagePath }, query: {} } });

describe("health-monitoring example: the picked patient's charts from the CSV (integration)", function () {
  this.timeout(40000);
  const run = exampleRun('he-hist-charts-', { dashboard: true });

  it('fills the charts from the file on a pick, puts the board’s last hour after it, and gets the 24 h back from the file after a restart', async () => {
    const id = `t${process.pid}-${Date.now() % 100000}-hist`;
    const now = Date.now();
    // Four readings of the last 24 h before the board's hour, three inside it.
    const minutesAgo = [300, 240, 180, 120, 50, 35, 20];
    const totals = [0, 5, 6, 8, 8, 6, 5];
    const readings = minutesAgo.map((m, i) => ({
      time: Math.floor((now - m * 60_000) / 1000) * 1000,
      total: totals[i],
      heartRate: VITALS[totals[i]].heartRate,
    }));
    const first = run.example('health-monitoring');
    await run.load(first);
    let board = watchBoard(helper, 'he-ui-base', 'hm-board');
    const file = path.join(run.dir, 'vitals.csv');
    const rows = () => (fs.existsSync(file) ? parseCsv(fs.readFileSync(file, 'utf8')).slice(1) : []);
    const client = await run.client();
    const send = (r: { time: number; total: number }) =>
      client.publishAsync(
        `health/${id}/vitals`,
        JSON.stringify({
          patientId: id,
          timestamp: new Date(r.time).toISOString(),
          onOxygen: false,
          consciousness: 'A',
          ...VITALS[r.total],
        }),
        { qos: 1 },
      );
    // The flow subscribes once its broker node connects: repeat the first reading until it is logged.
    await until('the flow to log readings', () => {
      if (rows().length === 0) void send(readings[0]);
      return rows().length > 0;
    });
    for (const r of readings.slice(1)) await send(r);
    await until('every reading in vitals.csv', () => new Set(rows().map((r) => r[0])).size === readings.length);
    const header = parseCsv(fs.readFileSync(file, 'utf8'))[0];
    assert.deepEqual(
      [...new Set(rows().map((r) => r[header.indexOf('news2Total')]))].map(Number).sort((a, b) => a - b),
      [0, 5, 6, 8],
      'the scores are in the file',
    );

    // A pick: the board's hour at once, then the file's 24 h replacing it.
    const expectedNews2 = readings.map((r) => [r.time, r.total]);
    const expectedHr = readings.map((r) => [r.time, r.heartRate]);
    board.pick(id);
    await until('the charts filled from the file', () => xy('hm-chart-news2').length === readings.length, 10000);
    await until('the heart-rate chart filled from the file', () => xy('hm-chart-hr').length === readings.length, 5000);
    assert.deepEqual(xy('hm-chart-news2'), expectedNews2, 'each reading at its own time, with its total');
    assert.deepEqual(xy('hm-chart-hr'), expectedHr);
    assert.ok(
      chartPoints('hm-chart-news2').every((p) => p.category === id),
      'the series is the patient',
    );

    // The board's next series (a reading changed its hour): the file's part before the board's
    // first minute, then the board's minutes (NEWS2: the highest of each minute).
    const latest = { time: Math.floor(Date.now() / 1000) * 1000, total: 6 };
    await send(latest);
    const minute = (t: number) => Math.floor(t / 60_000) * 60_000;
    await until(
      "the board's hour after the file's part",
      () => xy('hm-chart-news2').some(([x]) => x === minute(latest.time)),
      15000,
    );
    assert.deepEqual(xy('hm-chart-news2'), [
      ...expectedNews2.slice(0, 4),
      ...readings.slice(4).map((r) => [minute(r.time), r.total]),
      [minute(latest.time), latest.total],
    ]);

    // A restart: the board starts empty. npm start's persistent context store keeps the pick
    // (flow context healthPicked); the test's runtime has a memory store, so it is put back as
    // that store would give it.
    const picked = helper.getNode('hm-hist-remember').context().flow.get('healthPicked');
    assert.equal(picked, id, 'the pick is kept in flow context');
    await helper.unload();
    const second = run.example('health-monitoring');
    await run.load(second);
    board = watchBoard(helper, 'he-ui-base', 'hm-board');
    helper.getNode('hm-hist-remember').context().flow.set('healthPicked', picked);
    // Dashboard 2.0 keeps what its widgets hold in its module, which this process keeps across
    // the helper's unload; a real restart starts with it empty, as the charts are made here.
    for (const chart of ['hm-chart-news2', 'hm-chart-hr']) helper.getNode(chart).receive({ payload: [] });
    await until('the charts empty, as after a real restart', () => xy('hm-chart-news2').length === 0, 2000);
    pageView('/energy');
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(xy('hm-chart-news2'), [], 'another page opened: no query');
    pageView('/health');
    await until('the charts filled from the file after the restart', () => xy('hm-chart-hr').length > 0, 10000);
    await until('both charts', () => xy('hm-chart-news2').length === readings.length + 1, 5000);
    assert.deepEqual(xy('hm-chart-news2'), [...expectedNews2, [latest.time, latest.total]]);
    assert.deepEqual(xy('hm-chart-hr'), [...expectedHr, [latest.time, VITALS[latest.total].heartRate]]);
    assert.equal(board.tiles.size, 0, 'the board itself has nothing yet');
  });
});
