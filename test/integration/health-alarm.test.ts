// The health example's NEWS2 alarm end to end through a real broker, with its dashboard (the
// real Dashboard 2.0 and the ward board): a deteriorating patient's readings in; the alarm
// published to health/<id>/alarm, its notification text, and the patient's tile on the board
// out; the board's Acknowledge back into the threshold, whose answer comes back on the broker
// and on the tile; a pick of the patient filling the charts with its trends.
import assert from 'node:assert/strict';
import fs from 'fs';
import path from 'path';
import { alarmsOf, watchBoard } from './board-view';
import { until } from './flow-fixture';
import { exampleRun, helper } from './flow-run';
import { chartPoints, VITALS } from './health-charts';

describe('health-monitoring example: vitals → news2 → threshold → alarm, ward board, charts (integration)', function () {
  this.timeout(30000);
  const run = exampleRun('he-alarm-', { dashboard: true });

  it('publishes warning then critical for the deteriorating patient, shows it on the board, and takes its Acknowledge back', async () => {
    // Patient ids of our own, so that a demo or another run on a shared broker cannot interfere.
    const sick = `t${process.pid}-${Date.now() % 100000}-sick`;
    const well = `t${process.pid}-${Date.now() % 100000}-well`;
    const flow = run.example('health-monitoring');
    const texts = run.record<string>(flow, 'hm-alarm-text', 0, (msg) => msg.payload);
    const acks = run.record(flow, 'hm-board', 0);
    const series = run.record(flow, 'hm-board', 1);
    const errors = run.record(flow, 'hm-catch', 0, (msg) => msg.error);
    await run.load(flow);
    const board = watchBoard(helper, 'he-ui-base', 'hm-board');
    const dir = run.dir;

    const alarms: { topic: string; payload: any }[] = [];
    const client = await run.client();
    client.on('message', (topic, payload) => alarms.push({ topic, payload: JSON.parse(payload.toString()) }));
    await client.subscribeAsync([`health/${sick}/alarm`, `health/${well}/alarm`], { qos: 1 });
    // One reading a minute over the last ten minutes: each in a bucket of the board's trends.
    const base = Math.floor(Date.now() / 60_000) * 60_000 - 9 * 60_000;
    const send = (id: string, i: number, total: number) =>
      client.publishAsync(
        `health/${id}/vitals`,
        JSON.stringify({
          patientId: id,
          timestamp: new Date(base + i * 60_000 + 1000).toISOString(),
          onOxygen: false,
          consciousness: 'A',
          ...VITALS[total],
        }),
        { qos: 1 },
      );

    // The flow subscribes once its broker node connects: repeat a first reading until it is scored.
    await until('the flow to take readings', () => {
      const rows = fs.existsSync(path.join(dir, 'vitals.csv'))
        ? fs.readFileSync(path.join(dir, 'vitals.csv'), 'utf8')
        : '';
      if (!rows.includes(well)) void send(well, 0, 0);
      return rows.includes(well);
    });

    const totals = [0, 0, 5, 5, 6, 8, 8];
    for (const [i, total] of totals.entries()) {
      await send(sick, i + 1, total);
      await send(well, i + 1, 0);
    }
    await until('the critical alarm', () => alarms.some((a) => a.payload.severity === 'critical'));
    await new Promise((r) => setTimeout(r, 300)); // a surplus would show up here

    assert.deepEqual(
      alarms.map((a) => [
        a.topic,
        a.payload.key,
        a.payload.state,
        a.payload.severity,
        a.payload.value,
        a.payload.threshold,
      ]),
      [
        [`health/${sick}/alarm`, sick, 'raised', 'warning', 5, 5],
        [`health/${sick}/alarm`, sick, 'escalated', 'critical', 8, 7],
      ],
    );
    assert.equal(alarms[1].payload.rule, 'NEWS2');
    assert.equal(alarms[1].payload.previous, 'warning');
    assert.equal(alarms[1].payload.since, alarms[0].payload.since);
    assert.deepEqual(texts, [`${sick}: NEWS2 medium (5) — warning`, `${sick}: NEWS2 high (8) — critical`]);

    // The board, as every browser holds it (batches once a second).
    await until(
      'both tiles on the board',
      () => alarmsOf(board.tiles.get(sick))?.[0] === 'critical unacked' && board.tiles.get(well)?.s?.total === 0,
      5000,
    );
    const tile = board.tiles.get(sick)!;
    assert.deepEqual([tile.s!.total, tile.s!.band], [8, 'high']);
    // HR, RR, SpO2, SBP, T, ACVPU of the last reading.
    assert.deepEqual(tile.v, [105, 25, 93, 105, 38.3, 'A']);
    assert.equal(tile.a[0].since, Date.parse(alarms[0].payload.since), 'since the alarm was first raised');
    assert.deepEqual(alarmsOf(board.tiles.get(well)), []);
    assert.equal(board.tiles.size, 2);

    // A nurse presses Acknowledge on the tile: the board's output 1 goes back into the threshold,
    // whose answer is published and comes back to the tile.
    board.ack(sick, { user: { name: 'Nurse Kim' } });
    await until('the acknowledged event on the broker', () => alarms.some((a) => a.payload.state === 'acknowledged'));
    assert.deepEqual(
      acks.map((m) => [m.ack, m.topic]),
      [[sick, sick]],
    );
    const answer = alarms.find((a) => a.payload.state === 'acknowledged')!;
    assert.deepEqual(
      [answer.topic, answer.payload.key, answer.payload.severity],
      [`health/${sick}/alarm`, sick, 'critical'],
    );
    await until('the tile acknowledged', () => alarmsOf(board.tiles.get(sick))?.[0] === 'critical acked', 5000);
    assert.equal(texts.at(-1), `${sick}: NEWS2 critical alarm acknowledged`);

    // Node-RED's MQTT node drops what it is given while its broker is away, so each time the
    // alarm topic's broker node shows connected again, the flow publishes every active alarm.
    const out = helper.getNode('hm-alarm-out');
    const notified = texts.length;
    out.status({ fill: 'red', shape: 'ring', text: 'node-red:common.status.disconnected' });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(alarms.filter((a) => a.payload.state === 'active').length, 0, 'no report while disconnected');
    out.status({ fill: 'green', shape: 'dot', text: 'node-red:common.status.connected' });
    await until('the active alarm published again', () => alarms.some((a) => a.payload.state === 'active'));
    const active = alarms.filter((a) => a.payload.state === 'active');
    assert.deepEqual(
      active.map((a) => [a.topic, a.payload.severity, a.payload.acked, a.payload.since]),
      [[`health/${sick}/alarm`, 'critical', true, alarms[0].payload.since]],
    );
    assert.equal(texts.length, notified, 'a report is no notification');

    // Picking the patient sends its trends from the board (one message per series, each a
    // replacement, one point per minute); then he-history's answer from the CSV replaces them:
    // the last 24 h in stretches of about 5 minutes, each keeping its lowest and its highest
    // reading at their own times.
    board.pick(sick);
    const readingAt = new Map(totals.map((t, i) => [base + (i + 1) * 60_000 + 1000, t]));
    const fromFile = (id: string) =>
      chartPoints(id).length > 0 && chartPoints(id).every((p) => readingAt.has(p.x) && p.category === sick);
    await until('the charts filled from the file', () => fromFile('hm-chart-news2') && fromFile('hm-chart-hr'), 10000);
    assert.deepEqual(
      series.map((m) => [m.topic, m.key, m.action, m.payload.map((p: { x: number }) => p.x)]),
      [
        ['NEWS2', sick, 'replace', [...readingAt.keys()].map((t) => t - 1000)],
        ['HR', sick, 'replace', [...readingAt.keys()].map((t) => t - 1000)],
      ],
      "the board's trends: a point per minute",
    );
    for (const p of chartPoints('hm-chart-news2')) assert.equal(p.y, readingAt.get(p.x), `the total at ${p.x}`);
    for (const p of chartPoints('hm-chart-hr')) assert.equal(p.y, VITALS[readingAt.get(p.x)!].heartRate);
    const drawn = chartPoints('hm-chart-news2').map((p) => p.y);
    assert.deepEqual([Math.min(...drawn), Math.max(...drawn)], [0, 8], 'the lowest and the highest total are kept');
    // Another pick replaces the charts' data: the other patient's readings only, all 0.
    board.pick(well);
    const wellTimes = new Set([base + 1000, ...readingAt.keys()]);
    await until(
      'the charts show the other patient',
      () =>
        chartPoints('hm-chart-news2').length > 0 &&
        chartPoints('hm-chart-news2').every((p) => p.category === well && wellTimes.has(p.x) && p.y === 0),
      10000,
    );
    assert.deepEqual(errors, []);
  });
});
