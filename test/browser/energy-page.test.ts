// The Energy page of the example dashboard in Chromium: the bar chart of today's kWh per program,
// fed by the demo's energy-probe with energy per process on, shows the programs the probe's
// samples name, at most ten bars, replaced rather than added to.
import assert from 'node:assert/strict';
import mqtt, { MqttClient } from 'mqtt';
import { Browser } from 'playwright-core';
import { launchChromium } from './support/browser';
import { Demo, startDemo } from './support/demo';

describe('Energy page: energy per process today (browser)', function () {
  this.timeout(90000);
  let demo: Demo;
  let browser: Browser;
  let client: MqttClient;
  const samples: any[] = [];

  before(async function () {
    this.timeout(90000);
    demo = await startDemo({ env: { SIM_PLUGS: 'off', SIM_BLE: 'off' } });
    browser = await launchChromium();
    client = await mqtt.connectAsync(demo.brokerUrl, { clean: true });
    client.on('message', (_topic, payload) => samples.push(JSON.parse(payload.toString())));
    await client.subscribeAsync('energy/usage/+', { qos: 1 });
  });

  after(async () => {
    await client?.endAsync();
    await browser?.close();
    await demo?.stop();
  });

  it("draws today's top programs as bars, named as the probe's samples name them", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    await page.goto(`${demo.base}/dashboard/energy`);
    const chart = page.locator('#nrdb-ui-widget-ee-chart-processes [_echarts_instance_]');
    let label = '';
    let names: string[] = [];
    const end = Date.now() + 40000;
    // Two samples (5 s apart) at least, so that the chart has been replaced once.
    while (Date.now() < end) {
      label = (await chart.getAttribute('aria-label').catch(() => null)) ?? '';
      const today = samples.at(-1)?.attribution?.today;
      names = (today?.processes ?? []).map((p: { name: string }) => p.name);
      if (samples.length >= 2 && names.length > 0 && names.every((n) => label.includes(n))) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    if (process.env.ENERGY_PAGE_SHOT) await page.screenshot({ path: process.env.ENERGY_PAGE_SHOT, fullPage: true });
    assert.ok(names.length >= 1 && names.length <= 10, JSON.stringify(names));
    assert.match(label, /kWh today/, label);
    for (const n of names) assert.ok(label.includes(n), `${n} is a bar: ${label}`);
    assert.match(label, /Bar chart/i, label);
  });
});
