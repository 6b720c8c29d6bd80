// The Energy and Plugs pages' history charts, with the real Dashboard 2.0: rows logged by the
// example's own csv-log in a first run of the flow are on the charts after a restart (a second
// load of the flow over the same folder), as power over the last 24 h and kWh per day, read
// back by he-history. Queried at start and when the page is opened, never per reading.
import assert from 'node:assert/strict';
import { FlowNode, until, withoutDashboard } from './flow-fixture';
import { exampleRun, helper } from './flow-run';

const HALF_HOUR = 1_800_000;

interface ChartPoint {
  category: string;
  x: number | string;
  y: number;
}

/** What the chart holds (and sends to every browser that opens the page). */
const chartPoints = (id: string): ChartPoint[] =>
  ((helper.getNode(id).getState() ?? []) as { _datapoint: ChartPoint }[]).map((m) => m._datapoint);

/** Local midnight `days` before today, as the node's day buckets and the bar labels count days. */
function midnight(days: number): Date {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - days);
  return d;
}

const dayLabel = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

interface Sample {
  at: number;
  watts: number;
  /** Energy since the start of its day, Wh (a counter that starts again each day). */
  wh: number;
}

/**
 * A reading every 30 min over the day before yesterday, yesterday and today until a minute ago,
 * with one peak (96 W) three hours ago. Returns the samples and each day's energy in kWh.
 */
function week(now: number): { samples: Sample[]; kWhByDay: Map<string, number>; peak: Sample } {
  const samples: Sample[] = [];
  const kWhByDay = new Map<string, number>();
  const peakAt = now - 3 * 3_600_000;
  let peak: Sample | undefined;
  for (const days of [2, 1, 0]) {
    const start = midnight(days);
    const end = Math.min(midnight(days - 1).getTime(), now - 60_000);
    let wh = 0;
    let i = 0;
    for (let at = start.getTime() + 60_000; at < end; at += HALF_HOUR, i++) {
      // Even watts: whole Wh per half hour, so each day's kWh has three decimals exactly.
      const watts = peak === undefined && at >= peakAt ? 96 : 20 + 2 * (i % 5);
      // The first reading of a day starts its counter: it adds nothing to the day.
      if (i > 0) wh += watts / 2;
      const s = { at, watts, wh };
      if (watts === 96) peak = s;
      samples.push(s);
    }
    if (i > 0) kWhByDay.set(dayLabel(start), wh / 1000);
  }
  return { samples, kWhByDay, peak: peak! };
}

describe('Energy and Plugs pages: history charts from the CSV files after a restart (integration)', function () {
  this.timeout(30000);
  const run = exampleRun('he-history-pages-', { dashboard: true });

  /** Logs the samples through the example's own CSV row and csv-log nodes, then unloads the flow. */
  async function logThenStop(flow: FlowNode[], rowNode: string, csvNode: string, payloads: object[]) {
    const trimmed = withoutDashboard(flow);
    const written = run.record(trimmed, csvNode, 0);
    await run.load(trimmed);
    for (const payload of payloads) helper.getNode(rowNode).receive({ payload });
    await until(`${payloads.length} rows written`, () => written.length === payloads.length, 10000);
    await helper.unload();
  }

  it('Energy page: power over the last 24 h and kWh per day of a host, from energy-usage.csv', async () => {
    const host = `t${process.pid}x${Date.now() % 100000}-host`;
    const now = Date.now();
    const { samples, kWhByDay, peak } = week(now);
    // Only this test's samples: the probe samples on request, and the flow hears no other host.
    const example = () =>
      run
        .example('energy-efficiency')
        .map((n) =>
          n.type === 'he-energy-probe'
            ? { ...n, interval: 0, host }
            : n.type === 'mqtt in'
              ? { ...n, topic: `energy/usage/${host}` }
              : n,
        );
    await logThenStop(
      example(),
      'ee-csv-row',
      'ee-csv',
      samples.map((s) => ({
        timestamp: new Date(s.at).toISOString(),
        host,
        cpu: { load: 10 },
        memory: { usedPercent: 40 },
        power: { watts: s.watts, method: 'estimate' },
        energy: { wh: s.wh },
        cost: { amount: (s.wh / 1000) * 0.3, currency: 'EUR' },
        co2: { grams: (s.wh / 1000) * 475 },
      })),
    );

    // The restart: the whole example again, over the files the first run left.
    const flow = example();
    const answers = run.record(flow, 'ee-hist-power', 0);
    const errors = run.record(flow, 'ee-catch', 0, (msg) => msg.error);
    await run.load(flow);
    await until('the power chart', () =>
      chartPoints('ee-hist-power-chart').some((p) => p.category === `${host} watts`),
    );
    const power = chartPoints('ee-hist-power-chart');
    const inRange = samples.filter((s) => s.at >= now - 86_400_000);
    assert.ok(power.length > 0 && power.length <= inRange.length, `${power.length} points`);
    for (const p of power) {
      assert.equal(p.category, `${host} watts`);
      const s = samples.find((x) => x.at === p.x);
      assert.ok(
        s && s.watts === p.y && s.at >= now - 86_400_000,
        `${JSON.stringify(p)} is a logged sample of the last 24 h`,
      );
    }
    assert.ok(
      power.some((p) => p.x === peak.at && p.y === 96),
      'the peak is on the chart',
    );

    await until('the kWh bars', () => chartPoints('ee-hist-kwh-chart').length === kWhByDay.size);
    const bars = chartPoints('ee-hist-kwh-chart');
    assert.deepEqual(
      bars.map((b) => [b.category, b.x, b.y]),
      [...kWhByDay].map(([day, kWh]) => [host, day, kWh]),
    );

    // Opening the Energy page asks again; another page does not.
    const before = answers.length;
    helper.getNode('ee-hist-on-page').receive({ topic: '$pageview', payload: { page: { path: '/plugs' } } });
    helper.getNode('ee-hist-on-page').receive({ topic: '$pageview', payload: { page: { path: '/energy' } } });
    await until('the answer to the page view', () => answers.length === before + 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(answers.length, before + 1, 'one query per view of the Energy page');
    assert.deepEqual(errors, []);
  });

  it('Plugs page: power over the last 24 h and kWh per day of each plug, from plugs.csv', async () => {
    const tag = `t${process.pid}x${Date.now() % 100000}`;
    const plugs = [`${tag}-tv`, `${tag}-fridge`];
    const now = Date.now();
    const { samples, kWhByDay, peak } = week(now);
    const example = () => run.example('smart-plugs');
    const payloads = plugs.flatMap((deviceId, p) =>
      samples.map((s, i) => ({
        timestamp: new Date(s.at).toISOString(),
        deviceId,
        source: 'tasmota',
        channel: 0,
        power: s.watts * (p + 1),
        energyTotal: 100 + s.wh / 1000,
        // What energy-meter counted since the plug's previous message (none before the first).
        consumption: { kWh: i === 0 || s.wh === 0 ? 0 : (s.watts * (p + 1)) / 2 / 1000, totalKWh: 100, reset: false },
        cost: { amount: 0, currency: 'EUR' },
      })),
    );
    await logThenStop(example(), 'sp-csv-row', 'sp-csv', payloads);

    const flow = example();
    const errors = run.record(flow, 'sp-catch', 0, (msg) => msg.error);
    await run.load(flow);
    await until('both plugs on the power chart', () =>
      plugs.every((d) => chartPoints('sp-hist-power-chart').some((p) => p.category === `${d} power`)),
    );
    const power = chartPoints('sp-hist-power-chart');
    for (const [p, deviceId] of plugs.entries()) {
      const mine = power.filter((x) => x.category === `${deviceId} power`);
      assert.ok(mine.every((x) => samples.some((s) => s.at === x.x && s.watts * (p + 1) === x.y)));
      assert.ok(
        mine.some((x) => x.x === peak.at && x.y === 96 * (p + 1)),
        `${deviceId}: the peak is on the chart`,
      );
    }

    const ours = () => chartPoints('sp-hist-kwh-chart').filter((b) => plugs.includes(b.category));
    await until('the kWh bars', () => ours().length === plugs.length * kWhByDay.size);
    const bars = ours().map((b) => [b.category, b.x, b.y]);
    for (const [p, deviceId] of plugs.entries()) {
      assert.deepEqual(
        bars.filter((b) => b[0] === deviceId),
        [...kWhByDay].map(([day, kWh]) => [deviceId, day, Math.round(kWh * (p + 1) * 1000) / 1000]),
      );
    }
    assert.deepEqual(errors, []);
  });
});
