// The energy seed's own monitor (test/fixtures/seeds/energy_monitor.py, Debian's Python) against
// the demo, seen on the Energy page: its host in the Hosts table beside this host, with its CPU
// load and memory as it sent them and "none" as the power method.
import assert from 'node:assert/strict';
import os from 'os';
import type { Page } from 'playwright-core';
import { useDemoAndBrowser } from './support/browser';
import { requirePythonModules, runSeed } from '../support/python-seeds';

/** The cells of the Hosts table's row for `host`, or undefined while it has none. */
async function hostRow(page: Page, host: string): Promise<string[] | undefined> {
  const rows = await page
    .locator('table tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => (td.textContent ?? '').trim())),
    );
  return rows.find((cells) => cells[0] === host);
}

async function until<T>(what: string, get: () => Promise<T | undefined>, ms = 30000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await get();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

describe("the energy seed's monitor on the Energy page (browser)", function () {
  this.timeout(90000);
  before(() => requirePythonModules('paho.mqtt.client', 'psutil'));
  const suite = useDemoAndBrowser({ simIntervalMs: 5000 });

  it('lists the monitor host in the Hosts table with its CPU load, memory and power method "none"', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1300, height: 1000 } });
    const page = await context.newPage();
    try {
      await page.goto(`${suite.demo.base}/dashboard/energy`);
      // This host's probe samples every 5 s over the broker: its row means the flow has subscribed.
      await until("this host's row", () => hostRow(page, os.hostname()));

      const broker = new URL(suite.demo.brokerUrl);
      const monitor = await runSeed(
        'energy_monitor.py',
        { host: broker.hostname, port: Number(broker.port) },
        { SEED_COUNT: '2', SEED_INTERVAL_S: '0.5' },
      );
      assert.equal(monitor.code, 0, `energy_monitor.py failed: ${monitor.stderr}`);
      const sent = [...monitor.stdout.matchAll(/CPU Usage: ([\d.]+)%, Memory Usage: ([\d.]+)%/g)].at(-1);
      assert.ok(sent, monitor.stdout);

      const row = await until('the monitor host in the table', async () => {
        const cells = await hostRow(page, 'energy-monitor');
        return cells && Number(cells[2]) === Math.round(Number(sent[1]) * 10) / 10 ? cells : undefined;
      });
      // Host, time, CPU load, memory, watts, power method.
      assert.match(row[1], /^\d\d:\d\d:\d\d$/);
      assert.deepEqual(row.slice(3), [String(Math.round(Number(sent[2]) * 10) / 10), '', 'none']);
    } finally {
      await context.close();
    }
  });
});
