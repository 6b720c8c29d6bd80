// History in Chromium, on the demo: the Health page's picked charts filled from the CSV again
// after Node-RED restarts (the board has forgotten everything, the file has not), and the History
// page's patient list, chart and table for a patient chosen in its dropdown.
// HISTORY_SCREENSHOT=<file.png> also saves the History page as README shows it.
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Page } from 'playwright-core';
import { useDemoAndBrowser } from './support/browser';
import { chartSeries } from './support/dashboard';
import { until } from './support/until';

const tableRows = (page: Page) =>
  page.locator('#nrdb-ui-widget-hh-table tbody tr').evaluateAll((trs) =>
    trs
      .map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim()))
      // An empty table shows one cell, "No data available".
      .filter((cells) => cells.length > 1),
  );

describe('history on the dashboard: the Health charts after a restart, the History page (browser)', function () {
  this.timeout(90000);
  // The demo's folders are the test's, so that the restart below finds the CSV and the context again.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'he-browser-history-'));
  const suite = useDemoAndBrowser({ simIntervalMs: 500, deteriorateSeconds: 30, dir, env: { SIM_BLE: 'off' } });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("shows the picked patient's charts after Node-RED restarts, from the CSV", async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${suite.demo.base}/dashboard/health`, { waitUntil: 'domcontentloaded' });
    const tile = page.locator('li.hewb-tile[data-key="p-003"] button.hewb-key');
    await tile.waitFor({ timeout: 30000 });
    // Some readings first, so that the file holds a few seconds of p-003.
    await page.waitForTimeout(5000);
    await tile.click();
    await until('the NEWS2 chart of p-003', async () => {
      const s = await chartSeries(page, 'hm-chart-news2');
      return s.length === 1 && s[0].name === 'p-003' && s[0].points.length > 0 && s;
    });
    await page.close();

    // Stopped (Ctrl-C: the nodes and the context store close) and started again on the same folders.
    const stoppedAt = Date.now();
    await suite.restartDemo();
    const again = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await again.goto(`${suite.demo.base}/dashboard/health`, { waitUntil: 'domcontentloaded' });
    const after = await until(
      'the NEWS2 chart of p-003 after the restart',
      async () => {
        const s = await chartSeries(again, 'hm-chart-news2');
        return s.length === 1 && s[0].points.length > 0 && s;
      },
      30000,
    );
    assert.equal(after[0].name, 'p-003', 'the patient picked before the restart');
    // The readings of the first run are in it: its first point is older than the restart.
    assert.ok(after[0].points[0][0] < stoppedAt, `${after[0].points[0][0]} < ${stoppedAt}`);
    const hr = await until('the heart-rate chart after the restart', async () => {
      const s = await chartSeries(again, 'hm-chart-hr');
      return s.length === 1 && s[0].points.length > 0 && s;
    });
    for (const [, bpm] of hr[0].points) assert.ok(bpm >= 20 && bpm <= 300, `heart rate ${bpm}`);
    await again.close();
  });

  it('lists the patients of the file, charts the chosen one and shows its hourly summaries', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 1100 } });
    await page.goto(`${suite.demo.base}/dashboard/history`, { waitUntil: 'domcontentloaded' });
    const rows = await until('the table of the first patient', async () => {
      const r = await tableRows(page);
      return r.length > 0 && r;
    });
    // Time, readings, NEWS2, heart rate, RR, SpO2, systolic, temperature, minutes in medium or high.
    assert.match(rows[0][0], /^\d{4}-\d\d-\d\d \d\d:00$/);
    assert.ok(Number(rows[0][1]) > 0, `readings ${rows[0][1]}`);
    assert.match(rows[0][3], /^\d+(\.\d)? \(\d+–\d+\)$/, `heart rate ${rows[0][3]}`);
    const first = await until('the chart of the first patient', async () => {
      const s = await chartSeries(page, 'hh-chart');
      return s.length > 0 && s;
    });
    assert.deepEqual(first.map((s) => s.name).sort(), ['Heart rate (/min)', 'NEWS2 total', 'SpO2 (%)']);

    // Choose p-003 in the patient dropdown: the table and the chart follow.
    await page.locator('#nrdb-ui-widget-hh-patient .v-field').click();
    await page.locator('.v-overlay .v-list-item', { hasText: 'p-003' }).click();
    await until('the dropdown showing p-003', async () =>
      /p-003/.test(await page.locator('#nrdb-ui-widget-hh-patient').innerText()),
    );
    const hr = await until("p-003's heart rates", async () => {
      const s = (await chartSeries(page, 'hh-chart')).find((x) => x.name === 'Heart rate (/min)');
      return s && s.points.length > 0 && s;
    });
    for (const [, bpm] of hr.points) assert.ok(bpm >= 20 && bpm <= 300, `heart rate ${bpm}`);
    await until('the table of p-003', async () => (await tableRows(page)).length > 0);
    // The dropdowns show what the queries used.
    assert.match(await page.locator('#nrdb-ui-widget-hh-range').innerText(), /Last 24 hours/);
    const vitals = await page.locator('#nrdb-ui-widget-hh-vitals').innerText();
    for (const v of ['Heart rate', 'SpO2', 'NEWS2 total']) assert.ok(vitals.includes(v), `${v} in "${vitals}"`);
    if (process.env.HISTORY_SCREENSHOT) {
      await page.mouse.move(0, 0);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: process.env.HISTORY_SCREENSHOT, fullPage: true });
    }

    // The last 7 days: a row a day.
    await page.locator('#nrdb-ui-widget-hh-range .v-field').click();
    await page.locator('.v-overlay .v-list-item', { hasText: 'Last 7 days' }).click();
    const daily = await until('the daily table', async () => {
      const r = await tableRows(page);
      return r.length > 0 && /^\d{4}-\d\d-\d\d$/.test(r[0][0]) && r;
    });
    assert.ok(daily.length <= 2, 'the demo ran today (and yesterday, across midnight) only');

    // The daily summary's button: yesterday (the demo has no readings of it) said so on the page.
    const y = new Date();
    y.setDate(y.getDate() - 1);
    const date = `${y.getFullYear()}-${String(y.getMonth() + 1).padStart(2, '0')}-${String(y.getDate()).padStart(2, '0')}`;
    await page.locator('#nrdb-ui-widget-hh-daily-button button').click();
    await until('the daily summary answered', async () =>
      (await page.locator('#nrdb-ui-widget-hh-daily-shown').innerText()).includes(`${date}: no readings that day`),
    );
    await page.close();
  });
});
