// The Energy and Plugs pages' history charts in Chromium after a restart: the demo starts over a
// data folder that already holds energy-usage.csv and plugs.csv from the day before yesterday and
// yesterday (written here as csv-log writes them: the examples' columns, the pack's CSV encoder,
// a BOM), and the pages show those rows: power over the last 24 h and a bar per day.
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Browser, Page } from 'playwright-core';
import { encodeHeader, encodeRow, UTF8_BOM } from '../../nodes/lib/csv-encode';
import { launchChromium } from './support/browser';
import { chartBars, chartSeries } from './support/dashboard';
import { Demo, startDemo } from './support/demo';
import { exampleFlow } from './support/pack';
import { until } from './support/until';

const HALF_HOUR = 1_800_000;
const PLUG = 'old-heater';

/** The columns the example's csv-log writes. */
function columnsOf(example: string): string[] {
  const log = exampleFlow(example).find((n) => n.type === 'he-csv-log') as { columns: string } | undefined;
  if (!log) throw new Error(`${example} has no csv-log node`);
  return log.columns.split(',').map((c) => c.trim());
}

/** A file as csv-log leaves it: BOM, header once, a CRLF record per row. */
function writeCsv(file: string, example: string, rows: Record<string, unknown>[]): void {
  const columns = columnsOf(example);
  fs.writeFileSync(file, UTF8_BOM + encodeHeader(columns) + rows.map((r) => encodeRow(r, columns)).join(''));
}

const dayLabel = (t: number) => {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Readings per local day (the node's day buckets and the bars' labels count days in local time). */
function perDay(times: number[]): Map<string, number> {
  const days = new Map<string, number>();
  for (const t of times) days.set(dayLabel(t), (days.get(dayLabel(t)) ?? 0) + 1);
  return days;
}

/** Every half hour from 48 h ago to 1 h ago: the runs before this start of the demo. */
function earlierTimes(now: number): number[] {
  const times: number[] = [];
  for (let t = now - 48 * 3_600_000; t < now - 3_600_000; t += HALF_HOUR) times.push(t);
  return times;
}

describe('Energy and Plugs pages: history charts after a restart (browser)', function () {
  this.timeout(60000);
  let demo: Demo;
  let browser: Browser;
  let data: string;
  let page: Page;
  let readyAt = 0;
  const host = os.hostname();
  const started = Date.now();
  const times = earlierTimes(started);

  before(async function () {
    this.timeout(90000);
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'he-history-pages-'));
    let wh = 0;
    writeCsv(
      path.join(data, 'energy-usage.csv'),
      'energy-efficiency',
      times.map((t) => {
        wh += 10;
        return {
          timestamp: new Date(t).toISOString(),
          host,
          cpuLoad: 5,
          memoryUsedPercent: 30,
          watts: 20,
          method: 'estimate',
          energyWh: wh,
          cost: 0,
          currency: 'EUR',
          co2Grams: 0,
        };
      }),
    );
    writeCsv(
      path.join(data, 'plugs.csv'),
      'smart-plugs',
      times.map((t) => ({
        timestamp: new Date(t).toISOString(),
        deviceId: PLUG,
        source: 'tasmota',
        channel: 0,
        power: 1000,
        energyTotal: 10,
        consumptionKWh: 0.5,
        totalKWh: 10,
        counterReset: false,
        cost: 0.15,
        currency: 'EUR',
      })),
    );
    // No simulated plugs: plugs.csv is this test's alone, so it can add a row while the demo runs.
    demo = await startDemo({ simIntervalMs: 1000, env: { DATA_DIR: data, SIM_BLE: 'off', SIM_PLUGS: 'off' } });
    readyAt = Date.now();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'en-US' });
  });
  after(async function () {
    this.timeout(30000);
    await browser?.close();
    await demo?.stop();
    if (data) fs.rmSync(data, { recursive: true, force: true });
  });

  it("Energy page: the host's power over the last 24 h includes the rows logged before the start", async () => {
    await page.goto(`${demo.base}/dashboard/energy`, { waitUntil: 'domcontentloaded' });
    const series = await until('the power chart with the earlier rows', async () => {
      const s = await chartSeries(page, 'ee-hist-power-chart');
      const mine = s.find((x) => x.name === `${host} watts`);
      return mine && mine.points.length > 0 && mine;
    });
    // The chart's description lists its first points: the oldest, from the file, within 24 h.
    for (const [x, y] of series.points) {
      assert.ok(x >= started - 86_400_000 - 60_000 && x < started, `${new Date(x).toISOString()} is before the start`);
      assert.equal(y, 20);
    }
    // energyWh rises 10 Wh a reading: a day's bar is 10 Wh per reading of that day, but for the
    // very first, which has nothing to rise from. Today's bar also gets what the demo's probe
    // counted since the start.
    const bars = await until('the kWh bars', async () => {
      const s = await chartBars(page, 'ee-hist-kwh-chart');
      return s.length > 0 && s;
    });
    assert.deepEqual(
      bars.map((b) => b.name),
      [host],
    );
    const expected = perDay(times);
    const first = dayLabel(times[0]);
    const today = dayLabel(Date.now());
    // The days of the file, and maybe today from the probe's rows alone (just after midnight).
    assert.deepEqual(
      bars[0].bars.map((b) => b.label).filter((day) => expected.has(day) || day !== today),
      [...expected.keys()],
    );
    for (const { label, value } of bars[0].bars) {
      if (!expected.has(label)) continue;
      const kWh = ((expected.get(label)! - (label === first ? 1 : 0)) * 10) / 1000;
      if (label === today) assert.ok(value >= kWh, `${label}: ${value} kWh`);
      else assert.equal(value, kWh, label);
    }
  });

  it('Plugs page: a plug that sent nothing since the start is charted from plugs.csv, with its kWh per day', async () => {
    await page.goto(`${demo.base}/dashboard/plugs`, { waitUntil: 'domcontentloaded' });
    const power = await until('the old plug on the power chart', async () => {
      const s = await chartSeries(page, 'sp-hist-power-chart');
      const mine = s.find((x) => x.name === `${PLUG} power`);
      return mine && mine.points.length > 0 && mine;
    });
    for (const [x, y] of power.points) {
      assert.ok(x < started, `${new Date(x).toISOString()} is before the start`);
      assert.equal(y, 1000);
    }
    // 0.5 kWh a reading, each counted on its own day.
    const bars = await until('its kWh bars', async () => {
      const s = await chartBars(page, 'sp-hist-kwh-chart');
      return s.find((b) => b.name === PLUG);
    });
    assert.deepEqual(
      bars.bars.map((b) => [b.label, b.value]),
      [...perDay(times)].map(([day, n]) => [day, n * 0.5]),
    );
  });

  it('asks again when the page is opened: a row logged since shows at once, not a minute later', async () => {
    const row = {
      timestamp: new Date(Date.now() - 10_000).toISOString(),
      deviceId: 'late-plug',
      source: 'tasmota',
      channel: 0,
      power: 42,
      consumptionKWh: 0.001,
    };
    fs.appendFileSync(path.join(data, 'plugs.csv'), encodeRow(row, columnsOf('smart-plugs')));
    await page.goto(`${demo.base}/dashboard/plugs`, { waitUntil: 'domcontentloaded' });
    await until('the late plug on the power chart', async () =>
      (await chartSeries(page, 'sp-hist-power-chart')).some((s) => s.name === 'late-plug power'),
    );
    assert.ok(Date.now() - readyAt < 60_000, "shown before the flow's minute timer asked");
  });
});
