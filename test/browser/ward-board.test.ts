// Smoke test of the ward board widget in a real Node-RED with Dashboard 2.0, seen in Chromium:
// a small flow (he-threshold → ward board → back to he-threshold), readings handed to the
// threshold node, the board on a dashboard page. The examples' Health and Plugs pages are
// tested on their own once they use the board.
import assert from 'node:assert/strict';
import { ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { launchChromium, openEditor } from './support/browser';
import { until } from './support/until';

const RUNTIME = path.join(__dirname, 'support', 'ward-board-runtime.js');

const FLOW = [
  { id: 't1', type: 'tab', label: 'ward' },
  {
    id: 'ui-base-1',
    type: 'ui-base',
    name: 'UI',
    path: '/dashboard',
    includeClientData: true,
    acceptsClientConfig: ['ui-notification', 'ui-control'],
    headerContent: 'page',
    navigationStyle: 'default',
  },
  {
    id: 'ui-theme-1',
    type: 'ui-theme',
    name: 'Theme',
    colors: { surface: '#ffffff', primary: '#0094ce', bgPage: '#eeeeee', groupBg: '#ffffff', groupOutline: '#cccccc' },
    sizes: { pagePadding: '12px', groupGap: '12px', groupBorderRadius: '4px', widgetGap: '12px' },
  },
  {
    id: 'ui-page-1',
    type: 'ui-page',
    name: 'Ward',
    ui: 'ui-base-1',
    path: '/ward',
    layout: 'grid',
    theme: 'ui-theme-1',
    order: 1,
    visible: 'true',
    disabled: 'false',
    breakpoints: [
      { name: 'Default', px: '0', cols: '3' },
      { name: 'Tablet', px: '576', cols: '6' },
      { name: 'Small Desktop', px: '768', cols: '9' },
      { name: 'Desktop', px: '1024', cols: '12' },
    ],
  },
  {
    id: 'ui-group-1',
    type: 'ui-group',
    name: 'Board',
    page: 'ui-page-1',
    width: '12',
    height: '1',
    order: 1,
    showTitle: true,
    visible: 'true',
    disabled: 'false',
    groupType: 'default',
  },
  {
    id: 'th',
    type: 'he-threshold',
    z: 't1',
    name: 'NEWS2 alarm',
    ruleName: 'NEWS2',
    property: 'payload.news2.total',
    propertyType: 'msg',
    keyProperty: 'payload.deviceId',
    keyPropertyType: 'msg',
    operator: 'above',
    levels: [
      { severity: 'warning', threshold: '5', hysteresis: '0' },
      { severity: 'critical', threshold: '7', hysteresis: '0' },
    ],
    forSeconds: '0',
    forSamples: '0',
    clearForSeconds: '0',
    clearForSamples: '0',
    renotifySeconds: '0',
    maxKeys: '1000',
    idleSeconds: '0',
    staleSeconds: '0',
    contextStore: '',
    wires: [['board'], ['board']],
  },
  {
    id: 'board',
    type: 'he-ward-board',
    z: 't1',
    group: 'ui-group-1',
    order: 1,
    width: 0,
    height: 0,
    interval: 0.5,
    wires: [['th'], []],
  },
];

function reading(key: string, total: number, band: string) {
  return {
    payload: {
      deviceId: key,
      timestamp: new Date().toISOString(),
      heartRate: 70 + total * 5,
      respiratoryRate: 16,
      spo2: 97,
      systolic: 120,
      temperature: 37,
      consciousness: 'A',
      news2: { total, band, complete: true },
    },
  };
}

describe('ward board widget in Dashboard 2.0 (browser smoke test)', function () {
  this.timeout(60000);
  let child: ChildProcess;
  let base: string;
  let browser: Browser;
  let page: Page;
  let tmp: string;
  let output = '';
  const feed = (id: string, msg: object) => child.send({ id, msg });
  const tileKeys = () => page.locator('li.hewb-tile').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));

  before(async function () {
    this.timeout(90000);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'he-wb-flow-'));
    fs.writeFileSync(path.join(tmp, 'flows.json'), JSON.stringify(FLOW));
    child = fork(RUNTIME, [path.join(tmp, 'flows.json')], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    base = await until('Node-RED ready', async () => /ready (http:\/\/\S+)/.exec(output)?.[1], 60000).catch((err) => {
      throw new Error(`${err.message}\n${output}`);
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'en-US' });
  });
  after(async function () {
    this.timeout(30000);
    await browser?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('shows a tile per patient, most urgent first, with band words, and the alarm raised by he-threshold', async () => {
    feed('th', reading('bed-1', 1, 'low'));
    feed('th', reading('bed-2', 8, 'high'));
    feed('th', reading('bed-3', 5, 'medium'));
    await page.goto(`${base}/dashboard/ward`, { waitUntil: 'domcontentloaded' });
    const keys = await until('three tiles', async () => {
      const k = await tileKeys();
      return k.length === 3 && k;
    });
    assert.deepEqual(keys, ['bed-2', 'bed-3', 'bed-1']);
    const first = page.locator('li.hewb-tile').first();
    assert.equal(await first.locator('.hewb-score').innerText(), '8 high');
    assert.match(await first.locator('.hewb-alarm').innerText(), /critical \d\d:\d\d/);
    const colour = await first.locator('.hewb-score').evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.equal(colour, 'rgb(198, 40, 40)');
  });

  it('acknowledges by keyboard: Tab to the button, Enter; he-threshold answers and the tile shows it', async () => {
    await page.locator('input.hewb-filter').focus();
    // Filter, bed-2's name, bed-2's Acknowledge (the first tile is the alarming one).
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'hewb-key');
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
      'Acknowledge the alarm of bed-2',
    );
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.equal(outline, 'solid', 'focus is visible');
    await page.keyboard.press('Enter');
    await until('bed-2 acknowledged', async () =>
      /acknowledged/.test(await page.locator('li[data-key="bed-2"] .hewb-alarm').innerText()),
    );
    assert.equal(await page.locator('li[data-key="bed-2"] button.hewb-ack').count(), 0);
  });

  it('keeps the board on reload, narrows it with the filter, and picks a tile with Space', async () => {
    await page.reload({ waitUntil: 'domcontentloaded' });
    await until('three tiles after reload', async () => (await tileKeys()).length === 3);
    await page.locator('input.hewb-filter').fill('BED-3');
    await until('one tile', async () => JSON.stringify(await tileKeys()) === '["bed-3"]');
    await page.locator('li[data-key="bed-3"] button.hewb-key').focus();
    await page.keyboard.press('Space');
    await until(
      'bed-3 picked',
      async () => (await page.locator('li[data-key="bed-3"] button.hewb-key').getAttribute('aria-pressed')) === 'true',
    );
  });

  it('fits 100 tiles on a 1920×1080 screen', async () => {
    for (let i = 0; i < 100; i++)
      feed(
        'board',
        reading(
          `p-${String(i).padStart(3, '0')}`,
          i % 9,
          ['low', 'low', 'low', 'low-medium', 'low', 'medium', 'medium', 'high', 'high'][i % 9],
        ),
      );
    await page.locator('input.hewb-filter').fill('p-');
    await until('100 tiles', async () => (await tileKeys()).length === 100);
    const inView = await page
      .locator('li.hewb-tile')
      .evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().bottom <= window.innerHeight).length);
    assert.equal(inView, 100, `${inView} of 100 tiles fit without scrolling`);
  });

  it('speaks Korean in a Korean browser', async () => {
    const ko = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' });
    try {
      await ko.goto(`${base}/dashboard/ward`, { waitUntil: 'domcontentloaded' });
      await until('tiles', async () => (await ko.locator('li.hewb-tile').count()) > 0);
      assert.equal(await ko.locator('li[data-key="bed-2"] .hewb-score').innerText(), '8 높음');
      assert.equal(await ko.locator('input.hewb-filter').getAttribute('placeholder'), '키로 찾기');
    } finally {
      await ko.close();
    }
  });
  it('edits in Node-RED: the plug preset, deployed, turns the board into a plug board and open pages drop the old tiles', async () => {
    const { context, page: editor } = await openEditor(browser, base);
    try {
      await editor.locator('#red-ui-workspace-chart g[id="board"] rect.red-ui-flow-node').dblclick();
      const tray = editor.locator('.red-ui-tray');
      const rows = tray.locator('#node-input-fields-container li');
      await rows.first().waitFor();
      assert.deepEqual(
        await rows
          .locator('.node-input-field-label')
          .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
        ['HR', 'RR', 'SpO2', 'SBP', 'T', 'ACVPU'],
      );
      await tray.locator('#node-input-preset-plugs').click();
      assert.deepEqual(
        await rows
          .locator('.node-input-field-property')
          .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
        ['payload.power', 'payload.energyToday'],
      );
      await editor.locator('#node-dialog-ok').click();
      await tray.waitFor({ state: 'detached' });
      await editor.locator('#red-ui-header-button-deploy').click();
      await editor.locator('.red-ui-notification', { hasText: 'Successfully deployed' }).waitFor();
    } finally {
      await context.close();
    }
    const flows = (await (await fetch(`${base}/flows`)).json()) as {
      id: string;
      key?: string;
      score?: string;
      fields?: { label: string }[];
    }[];
    const saved = flows.find((n) => n.id === 'board')!;
    assert.deepEqual([saved.key, saved.score, saved.fields!.map((f) => f.label)], ['plug.key', '', ['W', 'Today']]);
    // The dashboard page still open: the redeployed board starts empty and says so.
    await until('the old tiles gone', async () => (await page.locator('li.hewb-tile').count()) === 0);
    feed('board', { plug: { key: 'kettle' }, payload: { deviceId: 'kettle', power: 1850.5, energyToday: 0.42 } });
    await until(
      'the plug tile',
      async () =>
        (await page.locator('li[data-key="kettle"] .hewb-f').allInnerTexts()).join(' ') === 'W1850.5 Today0.420',
    );
    assert.equal(await page.locator('li[data-key="kettle"] .hewb-score').count(), 0, 'no score on a plug tile');
  });
});
