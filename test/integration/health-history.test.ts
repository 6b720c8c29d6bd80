// The health-history example beside health-monitoring, as a user imports both: the daily
// summary (at midnight, or now) read back from the vitals CSV, written to its own CSV and
// published on MQTT; and the History page's queries (a page view, a patient chosen) filling
// the patient list, the table and the chart.
import assert from 'node:assert/strict';
import fs from 'fs';
import path from 'path';
import { FlowNode, parseCsv, until } from './flow-fixture';
import { ExampleRun, exampleRun, helper } from './flow-run';
import { mergeFlows } from '../../scripts/demo-flow';

const VITALS = { respiratoryRate: 16, spo2: 97, systolic: 125, temperature: 36.8, onOxygen: false, consciousness: 'A' };
/** Local midnight of today, and the calendar date (local) of the day before, as the flow names it. */
function yesterday(): { start: number; end: number; date: string } {
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  const start = new Date(today);
  start.setDate(start.getDate() - 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    start: start.getTime(),
    end: today.getTime(),
    date: `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`,
  };
}

/**
 * health-monitoring (it writes vitals.csv) and health-history as one flow, as the demo runs them.
 * The test helper loads a core Catch module once per Catch node, and a second one fails to
 * register: health-monitoring's Catch node, which nothing here checks, is left out.
 */
function bothExamples(run: ExampleRun): FlowNode[] {
  const monitoring = run.example('health-monitoring');
  const catchNode = monitoring.find((n) => n.type === 'catch')!;
  return mergeFlows([
    { name: 'health-monitoring', flow: monitoring.filter((n) => n !== catchNode) },
    { name: 'health-history', flow: run.example('health-history') },
  ]) as FlowNode[];
}

/**
 * The rows of vitals.csv (health-monitoring's log, in `dir`) of the patients `ids`. The warm-up
 * reading is repeated until the flow logs one, so several of them may be logged: counting all
 * rows could count warm-ups for readings still under way.
 */
function loggedOf(dir: string, ids: string[]): number {
  const file = path.join(dir, 'vitals.csv');
  if (!fs.existsSync(file)) return 0;
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  const device = header.indexOf('deviceId');
  return rows.filter((r) => ids.includes(r[device])).length;
}

describe('health-history example: daily summary and History page from the vitals CSV (integration)', function () {
  this.timeout(40000);

  describe('without the dashboard', () => {
    const run = exampleRun('he-hist-daily-');

    it('summarises yesterday per patient when its inject fires: one row per patient in vitals-daily-<date>.csv, one MQTT message per patient', async () => {
      const tag = `t${process.pid}-${Date.now() % 100000}`;
      const [a, b, c] = [`${tag}-a`, `${tag}-b`, `${tag}-c`];
      const day = yesterday();
      const at = (base: number, hours: number) => new Date(base + hours * 3_600_000).toISOString();
      const readings = [
        // A minute before yesterday (a reading's band is held up to 2 minutes): no row for c.
        { id: c, time: at(day.start, -1 / 60), heartRate: 75 },
        { id: a, time: at(day.start, 8), heartRate: 70 },
        { id: a, time: at(day.start, 12), heartRate: 90 },
        { id: a, time: at(day.start, 20), heartRate: 110 },
        { id: b, time: at(day.start, 9), heartRate: 60 },
        { id: b, time: at(day.start, 21), heartRate: 64 },
        // Outside yesterday: the day before, and today.
        { id: a, time: at(day.start, -2), heartRate: 150 },
        { id: b, time: at(day.end, 0.5), heartRate: 40 },
      ];
      const flow = bothExamples(run);
      const errors = run.record(flow, 'hh-catch', 0, (m) => m.error?.message);
      await run.load(flow);
      const client = await run.client();
      const published: { topic: string; retain: boolean; payload: any }[] = [];
      client.on('message', (topic, payload, packet) =>
        published.push({ topic, retain: packet.retain, payload: JSON.parse(payload.toString()) }),
      );
      await client.subscribeAsync('health/summary/daily/+', { qos: 1 });
      const file = path.join(run.dir, 'vitals.csv');
      const logged = () => (fs.existsSync(file) ? parseCsv(fs.readFileSync(file, 'utf8')).length - 1 : 0);
      const send = (r: (typeof readings)[number]) =>
        client.publishAsync(
          `health/${r.id}/vitals`,
          JSON.stringify({ patientId: r.id, timestamp: r.time, heartRate: r.heartRate, ...VITALS }),
          { qos: 1 },
        );
      // The flow subscribes once its broker node connects: a warm-up reading, three days old
      // (outside every range asked here), is repeated until it is logged.
      const warmup = { id: `${tag}-warmup`, time: at(day.start, -48), heartRate: 80 };
      await until('the flow to log readings', () => {
        if (logged() === 0) void send(warmup);
        return logged() > 0;
      });
      for (const r of readings) await send(r);
      await until('every reading logged', () => loggedOf(run.dir, [a, b, c]) === readings.length);

      // What the inject node does at 00:00 (and the editor's button on it).
      helper.getNode('hh-midnight').receive({});
      const daily = path.join(run.dir, `vitals-daily-${day.date}.csv`);
      await until('the daily CSV', () => fs.existsSync(daily) && parseCsv(fs.readFileSync(daily, 'utf8')).length === 3);
      await until('one MQTT message per patient', () => published.length === 2);
      const [header, ...rows] = parseCsv(fs.readFileSync(daily, 'utf8'));
      const row = (id: string) => Object.fromEntries(header.map((h, i) => [h, rows.find((r) => r[1] === id)![i]]));
      assert.deepEqual(header.slice(0, 6), [
        'date',
        'deviceId',
        'readings',
        'heartRateMin',
        'heartRateMean',
        'heartRateMax',
      ]);
      assert.deepEqual(
        rows.map((r) => r[1]),
        [a, b],
        'one row per patient, in key order',
      );
      assert.deepEqual(
        [row(a).date, row(a).readings, row(a).heartRateMin, row(a).heartRateMean, row(a).heartRateMax],
        [day.date, '3', '70', '90', '110'],
      );
      assert.deepEqual(
        [row(b).date, row(b).readings, row(b).heartRateMin, row(b).heartRateMean, row(b).heartRateMax],
        [day.date, '2', '60', '62', '64'],
      );
      // All other vitals score 0 and the heart rates too (51–90 → 0, 91–110 → 1): NEWS2 0 to 1, low band.
      assert.deepEqual([row(a).news2TotalMin, row(a).news2TotalMax], ['0', '1']);
      assert.ok(Number(row(a).lowMinutes) > 0, `time in the low band: ${JSON.stringify(row(a))}`);
      assert.equal(row(a).highMinutes, '0');

      assert.deepEqual(published.map((p) => [p.topic, p.retain]).sort(), [
        [`health/summary/daily/${a}`, false],
        [`health/summary/daily/${b}`, false],
      ]);
      const message = published.find((p) => p.topic.endsWith(a))!.payload;
      assert.deepEqual(
        [message.date, message.deviceId, message.readings, message.heartRateMin, message.heartRateMax],
        [day.date, a, 3, 70, 110],
      );
      assert.deepEqual(errors, []);
    });
  });

  describe('with the dashboard', () => {
    const run = exampleRun('he-hist-page-', { dashboard: true });

    it('fills the patient list, the table and the chart when the History page opens, and again for a patient chosen', async () => {
      const tag = `t${process.pid}-${Date.now() % 100000}`;
      const [a, b] = [`${tag}-a`, `${tag}-b`];
      const now = Date.now();
      const flow = bothExamples(run);
      const options = run.record(flow, 'hh-patient-options', 0, (m) => m.ui_update.options.map((o: any) => o.value));
      const tables = run.record(flow, 'hh-table-rows', 0, (m) => m.payload);
      const charts = run.record(flow, 'hh-chart-data', 0, (m) => m.payload);
      const errors = run.record(flow, 'hh-catch', 0, (m) => m.error?.message);
      await run.load(flow);
      const client = await run.client();
      const file = path.join(run.dir, 'vitals.csv');
      const logged = () => (fs.existsSync(file) ? parseCsv(fs.readFileSync(file, 'utf8')).length - 1 : 0);
      const send = (id: string, minutesAgo: number, heartRate: number) =>
        client.publishAsync(
          `health/${id}/vitals`,
          JSON.stringify({
            patientId: id,
            timestamp: new Date(now - minutesAgo * 60_000).toISOString(),
            heartRate,
            ...VITALS,
          }),
          { qos: 1 },
        );
      // A warm-up reading, three days old (outside the last 24 h), until the flow has subscribed.
      await until('the flow to log readings', () => {
        if (logged() === 0) void send(`${tag}-warmup`, 3 * 1440, 80);
        return logged() > 0;
      });
      await send(b, 200, 66);
      await send(a, 190, 70);
      await send(a, 130, 80);
      await send(a, 10, 100);
      await until('every reading logged', () => loggedOf(run.dir, [a, b]) === 4);

      // A browser opens the History page (what the ui-event node sends then).
      helper.getNode('hh-event').send({ topic: '$pageview', payload: { page: { path: '/history' }, query: {} } });
      await until('the list, the table and the chart', () => tables.length > 0 && charts.length > 0, 10000);
      assert.deepEqual(options.at(-1), [a, b], 'every patient of the last 24 h, sorted');
      // No patient chosen before: the first one.
      const hourly = tables.at(-1) as { time: string; readings: number; heartRate: string }[];
      assert.deepEqual(
        hourly.map((r) => [r.readings, r.heartRate]),
        [
          [1, '70 (70–70)'],
          [1, '80 (80–80)'],
          [1, '100 (100–100)'],
        ],
        "an hour a row, the patient's three readings",
      );
      assert.ok(
        hourly.every((r) => /^\d{4}-\d\d-\d\d \d\d:00$/.test(r.time)),
        'local hours',
      );
      const series = charts.at(-1) as { x: number; y: number; series: string }[];
      assert.deepEqual(
        series.filter((p) => p.series === 'Heart rate (/min)').map((p) => p.y),
        [70, 80, 100],
      );
      assert.deepEqual(
        [...new Set(series.map((p) => p.series))].sort(),
        ['Heart rate (/min)', 'NEWS2 total', 'SpO2 (%)'],
        'the vitals charted unless others are chosen',
      );

      // Another patient chosen in the dropdown (what it sends on a change).
      helper.getNode('hh-patient').send({ payload: b });
      await until("the other patient's table", () => (tables.at(-1) as unknown[]).length === 1, 10000);
      await until("the other patient's chart", () => (charts.at(-1) as { y: number }[]).some((p) => p.y === 66), 10000);
      assert.deepEqual(
        (tables.at(-1) as { readings: number; heartRate: string }[]).map((r) => [r.readings, r.heartRate]),
        [[1, '66 (66–66)']],
      );
      assert.deepEqual(errors, []);
    });

    it("gives the table a row only for the hours with readings, though a reading's band is held into the next hour", async () => {
      const patient = `t${process.pid}-${Date.now() % 100000}-c`;
      // One reading a minute before the end of a local hour, none in the next: the history node
      // holds its NEWS2 band for up to 120 s, one minute of it in that next hour.
      const hour = new Date(Date.now() - 3 * 3_600_000);
      hour.setMinutes(0, 0, 0);
      const reading = hour.getTime() + 59 * 60_000;
      const pad = (n: number) => String(n).padStart(2, '0');
      const shown = `${hour.getFullYear()}-${pad(hour.getMonth() + 1)}-${pad(hour.getDate())} ${pad(hour.getHours())}:00`;
      const flow = bothExamples(run);
      const tables = run.record(flow, 'hh-table-rows', 0, (m) => m.payload);
      const errors = run.record(flow, 'hh-catch', 0, (m) => m.error?.message);
      await run.load(flow);
      const client = await run.client();
      const file = path.join(run.dir, 'vitals.csv');
      const logged = () => (fs.existsSync(file) ? parseCsv(fs.readFileSync(file, 'utf8')).length - 1 : 0);
      const send = (id: string, time: number) =>
        client.publishAsync(
          `health/${id}/vitals`,
          JSON.stringify({ patientId: id, timestamp: new Date(time).toISOString(), heartRate: 70, ...VITALS }),
          { qos: 1 },
        );
      await until('the flow to log readings', () => {
        if (logged() === 0) void send(`${patient}-warmup`, Date.now() - 3 * 86_400_000);
        return logged() > 0;
      });
      await send(patient, reading);
      await until('the reading logged', () => loggedOf(run.dir, [patient]) === 1);

      helper.getNode('hh-event').send({ topic: '$pageview', payload: { page: { path: '/history' }, query: {} } });
      await until('the table', () => tables.length > 0, 10000);
      assert.deepEqual(
        (tables.at(-1) as { time: string; readings: number; heartRate: string }[]).map((r) => [
          r.time,
          r.readings,
          r.heartRate,
        ]),
        [[shown, 1, '70 (70–70)']],
      );
      assert.deepEqual(errors, []);
    });
  });
});
