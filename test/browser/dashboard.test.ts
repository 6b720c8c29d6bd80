// The example dashboard's Health and Plugs pages, built around the ward board, fed by the demo's
// simulators and seen in Chromium: a tile per patient with the NEWS2 band in colour and in words,
// the deteriorating patient's alarm first, Acknowledge answered by the threshold node, a reload
// that keeps the board, the picked patient's charts, a silent patient turning stale, the Korean
// labels; on the Plugs page a tile per plug with watts and kWh today, the standby alarm and the
// picked plug's chart.
import assert from 'node:assert/strict';
import mqtt, { MqttClient } from 'mqtt';
import { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { chartSeries } from './support/dashboard';
import { Demo, startDemo } from './support/demo';
import { until } from './support/until';

const PATIENTS = ['p-001', 'p-002', 'p-003', 'p-004'];
const PLUGS = ['desk-strip', 'fridge', 'shellyplug-s-C0FFEE/0', 'shellyplusplugs-d4d4da/0'];
/** The band colours of the board (ward-board/ui/components/board.css), as getComputedStyle gives them. */
const BAND_COLOUR: Record<string, string> = {
  low: 'rgb(46, 125, 50)',
  'low-medium': 'rgb(251, 192, 45)',
  medium: 'rgb(255, 152, 0)',
  high: 'rgb(198, 40, 40)',
};
/** The demo's stale time for this test (DEMO_STALE_S); the example's own is 120 s. */
const STALE_S = 4;

const tileKeys = (page: Page) =>
  page.locator('li.hewb-tile').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')!));
const tile = (page: Page, key: string) => page.locator(`li.hewb-tile[data-key="${key}"]`);

describe('dashboard pages with the ward board, fed by the simulators (browser)', function () {
  this.timeout(60000);
  let demo: Demo;
  let browser: Browser;
  let client: MqttClient;
  const alarms: { topic: string; payload: { key: string; state: string; severity: string } }[] = [];

  before(async function () {
    this.timeout(90000);
    demo = await startDemo({
      simIntervalMs: 300,
      // p-003 in the high band within about 20 s.
      deteriorateSeconds: 20,
      // A plug day in 2 minutes: the standby rule's 2 h become 10 s, the TV goes to standby after 7.5 s.
      env: { DEMO_STALE_S: String(STALE_S), SIM_PLUG_DAY_S: '120', SIM_BLE: 'off' },
    });
    browser = await launchChromium();
    client = await mqtt.connectAsync(demo.brokerUrl, { clean: true });
    client.on('message', (topic, payload) => alarms.push({ topic, payload: JSON.parse(payload.toString()) }));
    await client.subscribeAsync('health/+/alarm', { qos: 1 });
  });
  after(async function () {
    this.timeout(30000);
    await client?.endAsync();
    await browser?.close();
    await demo?.stop();
  });

  describe('Health page', () => {
    let page: Page;
    before(async () => {
      page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'en-US' });
      await page.goto(`${demo.base}/dashboard/health`, { waitUntil: 'domcontentloaded' });
    });

    it('shows a tile per simulated patient with its NEWS2 band in words and in colour, and its vitals', async () => {
      await until(
        'a tile per patient',
        async () => JSON.stringify((await tileKeys(page)).sort()) === JSON.stringify(PATIENTS),
      );
      for (const p of PATIENTS) {
        const score = tile(page, p).locator('.hewb-score');
        const text = await until(`${p}'s score`, async () => {
          const t = await score.innerText();
          return /\d/.test(t) && t;
        });
        const m = /^(≥?)(\d+) (low|low-medium|medium|high)$/.exec(text.trim());
        assert.ok(m, `${p}: "${text}" is a total and a band in words`);
        const [total, band] = [Number(m[2]), m[3]];
        // The band follows the total (health.md §3): 0–4 low (low-medium with a single 3), 5–6 medium, 7+ high.
        assert.equal(
          band === 'low-medium' ? 'low' : band,
          total >= 7 ? 'high' : total >= 5 ? 'medium' : 'low',
          `${p}: ${text}`,
        );
        assert.equal(
          await score.evaluate((e) => getComputedStyle(e).backgroundColor),
          BAND_COLOUR[band],
          `${p}: colour of ${band}`,
        );
        // Heart rate, respiratory rate, SpO2, systolic pressure, temperature, consciousness.
        assert.deepEqual(await tile(page, p).locator('.hewb-f abbr').allTextContents(), [
          'HR',
          'RR',
          'SpO2',
          'SBP',
          'T',
          'ACVPU',
        ]);
        assert.match((await tile(page, p).locator('.hewb-f').allTextContents())[0], /^HR\d+$/, `${p}: a heart rate`);
        assert.match(await tile(page, p).locator('.hewb-age').innerText(), /ago$/);
      }
    });

    it('puts the deteriorating patient first once its critical alarm is raised, with an Acknowledge button', async () => {
      await until(
        "p-003's critical alarm on its tile",
        async () => /critical/.test((await tile(page, 'p-003').locator('.hewb-alarm').allInnerTexts()).join(' ')),
        50000,
      );
      assert.equal((await tileKeys(page))[0], 'p-003', 'the most urgent tile first');
      assert.match(await tile(page, 'p-003').locator('.hewb-score').innerText(), / high$/);
      assert.equal(
        await tile(page, 'p-003').locator('button.hewb-ack').getAttribute('aria-label'),
        'Acknowledge the alarm of p-003',
      );
      for (const other of ['p-001', 'p-002', 'p-004'])
        assert.equal(await tile(page, other).locator('.hewb-alarm').count(), 0, `${other} has no alarm`);
    });

    it('sends Acknowledge to the threshold node, which answers; the tile shows the alarm acknowledged', async () => {
      const before = alarms.length;
      await tile(page, 'p-003').locator('button.hewb-ack').click();
      // The threshold's own event, published by the flow: the acknowledgement reached the node.
      await until('the acknowledged event on health/p-003/alarm', async () =>
        alarms.slice(before).some((a) => a.topic === 'health/p-003/alarm' && a.payload.state === 'acknowledged'),
      );
      await until(
        'the tile acknowledged',
        async () => /acknowledged/.test(await tile(page, 'p-003').locator('.hewb-alarm').innerText()),
        5000,
      );
      assert.equal(await tile(page, 'p-003').locator('button.hewb-ack').count(), 0, 'nothing left to acknowledge');
    });

    it("fills the charts with the picked patient's trends", async () => {
      await tile(page, 'p-003').locator('button.hewb-key').click();
      const news2 = await until('the NEWS2 chart of p-003', async () => {
        const s = await chartSeries(page, 'hm-chart-news2');
        return s.length === 1 && s[0].points.length > 0 && s;
      });
      assert.equal(news2[0].name, 'p-003');
      for (const [t, v] of news2[0].points) {
        assert.ok(Math.abs(t - Date.now()) < 3_600_000 && t % 60_000 === 0, `a minute of the last hour: ${t}`);
        assert.ok(Number.isInteger(v) && v >= 0 && v <= 20, `NEWS2 ${v}`);
      }
      const hr = await until('the heart-rate chart of p-003', async () => {
        const s = await chartSeries(page, 'hm-chart-hr');
        return s.length === 1 && s[0].points.length > 0 && s;
      });
      assert.equal(hr[0].name, 'p-003');
      for (const [, bpm] of hr[0].points) assert.ok(bpm >= 20 && bpm <= 300, `heart rate ${bpm}`);
      // The board shows the pick with its next batch (once a second).
      await until(
        'p-003 shown as picked',
        async () => (await tile(page, 'p-003').locator('button.hewb-key').getAttribute('aria-pressed')) === 'true',
        5000,
      );
      // Another patient: the charts are replaced, not added to.
      await tile(page, 'p-001').locator('button.hewb-key').click();
      await until(
        'the charts of p-001 only',
        async () => {
          const s = await chartSeries(page, 'hm-chart-news2');
          return s.length === 1 && s[0].name === 'p-001';
        },
        10000,
      );
    });

    it('keeps the board, the acknowledgement and the pick across a reload', async () => {
      await page.reload({ waitUntil: 'domcontentloaded' });
      await until('the tiles back', async () => (await tileKeys(page)).length >= PATIENTS.length, 15000);
      assert.deepEqual((await tileKeys(page)).filter((k) => PATIENTS.includes(k)).sort(), PATIENTS);
      assert.match(await tile(page, 'p-003').locator('.hewb-alarm').innerText(), /critical .*acknowledged/);
      await until(
        'p-001 shown as picked after the reload',
        async () => (await tile(page, 'p-001').locator('button.hewb-key').getAttribute('aria-pressed')) === 'true',
        5000,
      );
      await until(
        'the charts of p-001 after the reload',
        async () => (await chartSeries(page, 'hm-chart-news2'))[0]?.name === 'p-001',
        10000,
      );
    });

    it(`marks a patient whose device stops sending stale after the threshold's stale time (${STALE_S} s here)`, async () => {
      const quiet = `quiet-${process.pid}`;
      const reading = () =>
        client.publishAsync(
          `health/${quiet}/vitals`,
          JSON.stringify({
            timestamp: new Date().toISOString(),
            heartRate: 72,
            respiratoryRate: 16,
            spo2: 97,
            systolic: 122,
            temperature: 36.8,
            consciousness: 'A',
            onOxygen: false,
          }),
          { qos: 1 },
        );
      for (let i = 0; i < 3; i++) {
        await reading();
        await new Promise((r) => setTimeout(r, 300));
      }
      await until(`${quiet}'s tile`, async () => (await tile(page, quiet).count()) === 1, 10000);
      assert.equal(await tile(page, quiet).locator('.hewb-stale-mark').count(), 0, 'not stale while it sends');
      const silentSince = Date.now();
      await until(
        `${quiet} stale`,
        async () => (await tile(page, quiet).locator('.hewb-stale-mark').count()) === 1,
        20000,
      );
      assert.ok(Date.now() - silentSince >= STALE_S * 1000 - 500, 'not before its stale time');
      assert.equal(await tile(page, quiet).locator('.hewb-stale-mark').textContent(), 'stale');
      assert.match((await tile(page, quiet).getAttribute('class')) ?? '', /hewb-stale/);
      assert.match(await tile(page, quiet).locator('.hewb-alarm').innerText(), /^stale /);
      // Its device sends again: the stale marker goes.
      await reading();
      await until(
        `${quiet} no longer stale`,
        async () => (await tile(page, quiet).locator('.hewb-stale-mark').count()) === 0,
        10000,
      );
    });

    it('speaks Korean in a Korean browser', async () => {
      const ko = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'ko-KR' });
      try {
        await ko.goto(`${demo.base}/dashboard/health`, { waitUntil: 'domcontentloaded' });
        await until('tiles', async () => (await ko.locator('li.hewb-tile').count()) >= PATIENTS.length, 15000);
        assert.equal(await ko.locator('input.hewb-filter').getAttribute('placeholder'), '키로 찾기');
        assert.match(await tile(ko, 'p-003').locator('.hewb-score').innerText(), /^≥?\d+ 높음$/);
        assert.match(await tile(ko, 'p-003').locator('.hewb-alarm').innerText(), /^위급 .*확인됨/);
        for (const p of ['p-001', 'p-002', 'p-004'])
          assert.match(await tile(ko, p).locator('.hewb-score').innerText(), /^≥?\d+ (낮음|낮음-중간|중간)$/);
        assert.match(await tile(ko, 'p-001').locator('.hewb-age').innerText(), / ?전$/);
      } finally {
        await ko.close();
      }
    });
  });

  describe('Plugs page', () => {
    let page: Page;
    before(async () => {
      page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'en-US' });
      await page.goto(`${demo.base}/dashboard/plugs`, { waitUntil: 'domcontentloaded' });
    });

    it('shows a tile per simulated plug with its watts and kWh today, and no score', async () => {
      await until(
        'a tile per plug',
        async () => JSON.stringify((await tileKeys(page)).sort()) === JSON.stringify(PLUGS),
      );
      for (const p of PLUGS) {
        const fields = await until(`${p}'s watts and kWh today`, async () => {
          const f = await tile(page, p).locator('.hewb-f').allInnerTexts();
          return f.length === 2 && /^W\d+\.\d$/.test(f[0]) && /^Today\d+\.\d{3}$/.test(f[1]) && f;
        });
        assert.ok(Number(fields[0].slice(1)) >= 0 && Number(fields[0].slice(1)) < 3000, `${p}: ${fields[0]}`);
        assert.equal(await tile(page, p).locator('.hewb-score').count(), 0);
      }
    });

    it("shows the TV plug's standby alarm and takes its Acknowledge", async () => {
      const tv = 'shellyplug-s-C0FFEE/0';
      await until(
        'the standby alarm on the TV plug',
        async () => (await tile(page, tv).locator('button.hewb-ack').count()) === 1,
        45000,
      );
      assert.match(await tile(page, tv).locator('.hewb-alarm').innerText(), /^warning /);
      const watts = Number((await tile(page, tv).locator('.hewb-f').first().innerText()).slice(1));
      assert.ok(watts >= 2 && watts <= 15, `standby draws ${watts} W`);
      await tile(page, tv).locator('button.hewb-ack').click();
      await until(
        'the TV plug acknowledged',
        async () => /acknowledged/.test(await tile(page, tv).locator('.hewb-alarm').innerText()),
        10000,
      );
    });

    it("charts the picked plug's watts", async () => {
      await tile(page, 'fridge').locator('button.hewb-key').click();
      const s = await until("the fridge's watts", async () => {
        const series = await chartSeries(page, 'sp-chart');
        return series.length === 1 && series[0].points.length > 0 && series;
      });
      assert.equal(s[0].name, 'fridge');
      for (const [, w] of s[0].points) assert.ok(w >= 0 && w <= 200, `${w} W`);
    });
  });
});
