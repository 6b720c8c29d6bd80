// The example's dashboard fed by the simulator: chart series per patient, gauges that move.
import assert from 'node:assert/strict';
import { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { chartSeries, gaugeValue } from './support/dashboard';
import { Demo, startDemo } from './support/demo';

const PATIENTS = ['p-001', 'p-002', 'p-003', 'p-004'];

async function until<T>(what: string, get: () => Promise<T | undefined | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined | false;
  while (Date.now() < end) {
    last = await get();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

describe('dashboard with live simulated data (browser)', function () {
  let demo: Demo;
  let browser: Browser;
  let page: Page;
  before(async function () {
    this.timeout(90000);
    demo = await startDemo({ simIntervalMs: 300 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${demo.base}/dashboard`, { waitUntil: 'domcontentloaded' });
  });
  after(async function () {
    this.timeout(30000);
    await browser?.close();
    await demo?.stop();
  });

  it('draws the heart-rate chart with one series per simulated patient, filling with points', async () => {
    const series = await until(
      'four series with 10 points each',
      async () => {
        const s = await chartSeries(page, 'hm-chart');
        return s.length === PATIENTS.length && s.every((x) => x.points.length >= 10) && s;
      },
      30000,
    );
    assert.deepEqual(series.map((s) => s.name).sort(), PATIENTS);
    for (const s of series) {
      const times = s.points.map((p) => p[0]);
      assert.deepEqual([...times].sort((a, b) => a - b), times, `${s.name}: points in time order`);
      assert.ok(Math.abs(times[0] - Date.now()) < 120000, `${s.name}: live timestamps, not a fixture`);
      for (const [, bpm] of s.points) assert.ok(bpm >= 20 && bpm <= 300, `${s.name}: heart rate ${bpm}`);
    }
    // The canvas is drawn, not blank: ECharts sized it to the widget.
    const box = await page.locator('#nrdb-ui-widget-hm-chart canvas').first().boundingBox();
    assert.ok(box && box.width > 200 && box.height > 100);
  });

  it('moves the SpO2 gauges as readings arrive', async () => {
    const read = async () => Promise.all(PATIENTS.map((p) => gaugeValue(page, `hm-gauge-${p}`)));
    const first = await until('a value on every gauge', async () => {
      const v = await read();
      return v.every((x) => x !== undefined) && (v as number[]);
    }, 20000);
    for (const v of first) assert.ok(v >= 50 && v <= 100, `SpO2 ${v}`);
    const moved = await until('a gauge to change', async () => {
      const v = await read();
      return v.some((x, i) => x !== undefined && x !== first[i]) && v;
    }, 30000);
    assert.notDeepEqual(moved, first);
  });
});
