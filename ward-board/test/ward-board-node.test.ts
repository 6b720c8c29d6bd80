// The he-ward-board node in Node-RED (node-red-node-test-helper) with the real Dashboard 2.0:
// registered in a ui-base/ui-page/ui-group, fed readings and he-threshold events, watched by a
// socket.io client that talks to the Dashboard as a browser does (ui-config, widget-load,
// widget-action, msg-input).
import assert from 'node:assert/strict';
import { mock } from 'node:test';
import { io, Socket } from 'socket.io-client';
import type { BoardMessage } from '../shared/wire';
const helper = require('node-red-node-test-helper');
const boardNode = require('../nodes/ward-board/ward-board.js');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');
const dashboard = ['ui_base', 'ui_page', 'ui_group', 'ui_theme'].map((n) =>
  require(`@flowfuse/node-red-dashboard/nodes/config/${n}.js`),
);
const chartNode = require('@flowfuse/node-red-dashboard/nodes/widgets/ui_chart.js');

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;
const INTERVAL_S = 0.5;

const uiNodes = [
  // Names unlike the ids: Node-RED takes a config node's text property equal to a config
  // node's id for a reference to it.
  {
    id: 'ui-base-1',
    type: 'ui-base',
    name: 'UI',
    path: '/dashboard',
    includeClientData: true,
    acceptsClientConfig: ['ui-notification', 'ui-control'],
  },
  {
    id: 'ui-theme-1',
    type: 'ui-theme',
    name: 'Theme',
    colors: { surface: '#ffffff', primary: '#0094ce', bgPage: '#eeeeee', groupBg: '#ffffff', groupOutline: '#cccccc' },
  },
  {
    id: 'ui-page-1',
    type: 'ui-page',
    name: 'Ward',
    ui: 'ui-base-1',
    path: '/ward',
    layout: 'grid',
    theme: 'ui-theme-1',
  },
  { id: 'ui-group-1', type: 'ui-group', name: 'Board', page: 'ui-page-1', width: 12 },
];

function flow(extra: Record<string, unknown> = {}) {
  return [
    ...uiNodes,
    {
      id: 'board',
      type: 'he-ward-board',
      z: 'tab',
      group: 'ui-group-1',
      interval: INTERVAL_S,
      wires: [['acks'], ['series', 'chart']],
      ...extra,
    },
    // A line chart as the picked key's charts would be set up: series from msg.topic, x and y from each point.
    {
      id: 'chart',
      type: 'ui-chart',
      z: 'tab',
      group: 'ui-group-1',
      chartType: 'line',
      category: 'topic',
      categoryType: 'msg',
      xAxisProperty: 'x',
      xAxisPropertyType: 'property',
      xAxisType: 'time',
      yAxisProperty: 'y',
      yAxisPropertyType: 'property',
      action: 'append',
      removeOlder: 1,
      removeOlderUnit: '3600',
      removeOlderPoints: '',
      wires: [[]],
    },
    { id: 'tab', type: 'tab' },
    { id: 'acks', type: 'helper', z: 'tab' },
    { id: 'series', type: 'helper', z: 'tab' },
    { id: 'catcher', type: 'catch', z: 'tab', scope: ['board'], uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper', z: 'tab' },
  ];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function reading(key: string, heartRate: number, total: number, band = 'low'): Msg {
  return {
    payload: {
      deviceId: key,
      timestamp: new Date().toISOString(),
      heartRate,
      spo2: 97,
      news2: { total, band, complete: true },
    },
  };
}
function alarm(key: string, state: string, severity = 'critical', extra: Msg = {}): Msg {
  const now = new Date().toISOString();
  return {
    topic: `${key}/alarm`,
    payload: { key, rule: 'NEWS2', severity, state, value: 8, threshold: 7, since: now, ts: now, ...extra },
  };
}

/** A browser's socket: connects as Dashboard 2.0's client does and records the board's messages. */
class Browser {
  readonly socket: Socket;
  readonly boards: BoardMessage[] = [];
  readonly loads: unknown[] = [];
  constructor(url: string) {
    this.socket = io(url, {
      path: '/dashboard/socket.io',
      transports: ['polling'],
      forceNew: true,
      reconnection: false,
    });
    this.socket.on('msg-input:board', (msg: Msg) => this.boards.push(msg.payload));
    this.socket.on('widget-load:board', (msg: unknown) => this.loads.push(msg));
  }
  async ready(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.socket.once('ui-config', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }
  action(payload: Msg): void {
    this.socket.emit('widget-action', 'board', { payload });
  }
  /** Loads the widget as the component does: widget-load, then asks for everything. */
  async load(): Promise<BoardMessage> {
    const before = this.boards.length;
    this.socket.emit('widget-load', 'board');
    await until(() => this.loads.length > 0);
    this.action({ action: 'snapshot' });
    await until(() => this.boards.slice(before).some((b) => b.kind === 'snapshot'));
    return this.boards.slice(before).find((b) => b.kind === 'snapshot')!;
  }
  close(): void {
    this.socket.close();
  }
}

async function until(test: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

describe('he-ward-board node with Dashboard 2.0', function () {
  this.timeout(20000);
  const browsers: Browser[] = [];
  const open = async () => {
    const b = new Browser(helper.url());
    browsers.push(b);
    await b.ready();
    return b;
  };

  beforeEach((done) => {
    helper.startServer(done);
  });
  afterEach(async () => {
    for (const b of browsers.splice(0)) b.close();
    await helper.unload();
    await new Promise((r) => helper.stopServer(r));
  });

  async function load(extra: Record<string, unknown> = {}) {
    await helper.load([...dashboard, chartNode, boardNode, catchNode], flow(extra));
    const got = { acks: [] as Msg[], series: [] as Msg[], caught: [] as Msg[] };
    helper.getNode('acks').on('input', (m: Msg) => got.acks.push(m));
    helper.getNode('series').on('input', (m: Msg) => got.series.push(m));
    helper.getNode('caught').on('input', (m: Msg) => got.caught.push(m));
    return { board: helper.getNode('board'), got };
  }

  it('registers with the group as a third-party widget, with the fields and language its component reads', async () => {
    await load({ lang: 'ko' });
    const widget = helper.getNode('ui-base-1').ui.widgets.get('board');
    assert.ok(widget, 'the ui-base knows the widget');
    assert.equal(widget.type, 'he-ward-board');
    assert.equal(widget.props.lang, 'ko');
    assert.deepEqual(
      widget.props.fields.map((f: Msg) => f.label),
      ['HR', 'RR', 'SpO2', 'SBP', 'T', 'ACVPU'],
    );
    assert.equal(widget.props.hasScore, true);
    assert.equal(widget.hooks.onAction, true);
  });

  it('tells its component the language Node-RED runs in (settings.js lang), for boards set to follow it', async () => {
    helper.settings({ lang: 'ko' });
    try {
      await load();
      assert.equal(helper.getNode('ui-base-1').ui.widgets.get('board').props.serverLang, 'ko');
    } finally {
      helper.settings({});
    }
  });

  it('sends the whole board first after it starts, so that open browsers drop the tiles of the node it replaced', async () => {
    // A long interval: the browser is connected before the first one ends.
    await load({ interval: 3 });
    const browser = await open();
    await until(() => browser.boards.length > 0, 6000);
    assert.deepEqual(
      browser.boards.map((b) => [b.kind, b.tiles.length]),
      [['snapshot', 0]],
    );
  });

  it('sends many readings to a browser as one batch per interval, never one message per reading', async () => {
    const { board } = await load();
    const browser = await open();
    await browser.load();
    const start = browser.boards.length;
    // 40 patients, 10 readings each, within about one interval.
    for (let round = 0; round < 10; round++) {
      for (let p = 0; p < 40; p++) board.receive(reading(`bed-${p}`, 70 + round, 1));
      await sleep(20);
    }
    await sleep(INTERVAL_S * 1000 * 2.5);
    const batches = browser.boards.slice(start);
    assert.ok(batches.length >= 1 && batches.length <= 3, `${batches.length} batches for 400 readings`);
    assert.ok(batches.every((b) => b.kind === 'batch' && b.tiles.length <= 40));
    const last = new Map(batches.flatMap((b) => b.tiles.map((t) => [t.key, t] as const)));
    assert.equal(last.size, 40);
    assert.equal(last.get('bed-7')!.v[0], 79, 'the latest heart rate');
    // Nothing changed since: nothing more is sent.
    const settled = browser.boards.length;
    await sleep(INTERVAL_S * 1000 * 2);
    assert.equal(browser.boards.length, settled);
  });

  it('gives a browser that (re)loads the whole board, and every open browser the same batches', async () => {
    const { board } = await load();
    const first = await open();
    await first.load();
    for (let p = 0; p < 5; p++) board.receive(reading(`bed-${p}`, 80, p));
    board.receive(alarm('bed-3', 'raised'));
    await until(() => first.boards.some((b) => b.tiles.length > 0));
    const second = await open();
    const snap = await second.load();
    assert.equal(snap.kind, 'snapshot');
    assert.deepEqual(snap.tiles.map((t) => t.key).sort(), ['bed-0', 'bed-1', 'bed-2', 'bed-3', 'bed-4']);
    assert.deepEqual(
      snap.tiles.find((t) => t.key === 'bed-3')!.a.map((a) => [a.severity, a.acked]),
      [['critical', false]],
    );
    const a = first.boards.length;
    const b = second.boards.length;
    board.receive(reading('bed-1', 120, 6, 'medium'));
    await until(() => first.boards.length > a && second.boards.length > b);
    assert.deepEqual(first.boards[a], second.boards[b]);
    assert.deepEqual(
      first.boards[a].tiles.map((t) => [t.key, t.s]),
      [['bed-1', { total: 6, band: 'medium', complete: true }]],
    );
  });

  it('sends Acknowledge out as msg.ack with the client data, and shows it acknowledged when the threshold answers', async () => {
    const { board, got } = await load();
    const browser = await open();
    await browser.load();
    board.receive(reading('bed-1', 130, 8, 'high'));
    board.receive(alarm('bed-1', 'raised'));
    // A browser that claims a user: Dashboard 2.0 keeps it, but no authentication plugin vouches for it here.
    browser.socket.emit('widget-action', 'board', {
      payload: { action: 'ack', key: 'bed-1' },
      _client: { user: { name: 'Mallory' } },
    });
    await until(() => got.acks.length === 1);
    const ack = got.acks[0];
    assert.equal(ack.ack, 'bed-1');
    assert.equal(ack.topic, 'bed-1');
    assert.equal(ack._client.socketId, browser.socket.id);
    assert.equal(got.series.length, 0);
    // he-threshold's answer.
    const n = browser.boards.length;
    board.receive(alarm('bed-1', 'acknowledged'));
    await until(() => browser.boards.length > n);
    const tile = browser.boards.at(-1)!.tiles.find((t) => t.key === 'bed-1')!;
    assert.deepEqual(
      tile.a.map((a) => [a.severity, a.acked, a.by]),
      [['critical', true, undefined]],
    );
  });

  it("sends the threshold's acknowledgement to the browsers at once, not at the end of the interval", async () => {
    // A long interval: the first one ends with the board's snapshot, and the next one is 5 s later.
    const { board } = await load({ interval: 5 });
    const browser = await open();
    await browser.load();
    board.receive(reading('bed-1', 130, 8, 'high'));
    board.receive(alarm('bed-1', 'raised'));
    await sleep(300);
    assert.ok(
      browser.boards.every((b) => b.kind === 'snapshot'),
      'readings and raised alarms wait for the interval',
    );
    board.receive(alarm('bed-1', 'acknowledged'));
    await until(() => browser.boards.some((b) => b.kind === 'batch'), 2500);
    const tile = browser.boards.find((b) => b.kind === 'batch')!.tiles.find((t) => t.key === 'bed-1')!;
    assert.deepEqual(
      tile.a.map((a) => [a.severity, a.acked]),
      [['critical', true]],
    );
  });

  it('ignores an acknowledgement for a key it does not show, and warns of actions it does not know', async () => {
    const { board, got } = await load();
    const browser = await open();
    const warned = () =>
      helper
        .log()
        .args.filter((a: Msg[]) => a[0].level === helper.log().WARN && /ward-board\.errors\.action/.test(a[0].msg))
        .length;
    browser.action({ action: 'ack', key: 'nobody' });
    browser.action({ action: 'reboot' });
    browser.action({ action: 'ack', key: { $gt: '' } });
    await until(() => warned() === 2);
    board.receive(reading('bed-1', 80, 0));
    browser.action({ action: 'ack', key: 'bed-1' });
    await until(() => got.acks.length === 1);
    assert.equal(got.acks[0].ack, 'bed-1', 'only the acknowledgement of a key on the board went out');
    assert.equal(got.caught.length, 0);
  });

  it("sends the picked key's trends on output 2 as ui-chart replacements, and clears them on unpick", async () => {
    const { board, got } = await load();
    const browser = await open();
    await browser.load();
    board.receive(reading('bed-2', 90, 3, 'low-medium'));
    await sleep(50);
    browser.action({ action: 'pick', key: 'bed-2' });
    await until(() => got.series.length === 2);
    assert.deepEqual(
      got.series.map((m) => [m.topic, m.key, m.action, m.payload.length]),
      [
        ['NEWS2', 'bed-2', 'replace', 1],
        ['HR', 'bed-2', 'replace', 1],
      ],
    );
    assert.deepEqual(Object.keys(got.series[1].payload[0]).sort(), ['max', 'min', 'x', 'y']);
    assert.equal(got.series[1].payload[0].y, 90);
    // Dashboard 2.0's ui-chart takes it: the last message (HR) replaced what the chart held.
    await until(() => (helper.getNode('chart').getState() ?? []).length === 1);
    const held = helper.getNode('chart').getState();
    assert.deepEqual(
      held.map((m: Msg) => m._datapoint),
      [{ category: 'HR', x: got.series[1].payload[0].x, y: 90 }],
    );
    await until(() => browser.boards.some((b) => b.picked === 'bed-2'));
    const again = await browser.load();
    assert.equal(again.picked, 'bed-2', 'the pick survives a reload');
    browser.action({ action: 'pick', key: null });
    await until(() => got.series.length === 4);
    assert.deepEqual(
      got.series.slice(2).map((m) => [m.topic, m.key, m.payload]),
      [
        ['NEWS2', null, []],
        ['HR', null, []],
      ],
    );
    await until(() => (helper.getNode('chart').getState() ?? []).length === 0);
  });

  it("sends the picked key's series again at most every 10 s, and only when its trends changed", async () => {
    const T0 = Date.UTC(2026, 0, 1, 8, 0, 0);
    mock.timers.enable({ apis: ['Date', 'setInterval'], now: T0 });
    try {
      const { board, got } = await load();
      const hooks = helper.getNode('ui-base-1').ui.widgets.get('board').hooks;
      const second = async (n: number) => {
        for (let i = 0; i < n; i++) mock.timers.tick(1000);
        await sleep(20);
      };
      const at = (s: number, hr: number) => ({
        payload: {
          deviceId: 'bed-1',
          timestamp: new Date(T0 + s * 1000).toISOString(),
          heartRate: hr,
          news2: { total: 1, band: 'low' },
        },
      });
      board.receive(at(0, 80));
      await sleep(20);
      // What Dashboard 2.0 does with a browser's widget-action: the node's beforeSend.
      hooks.beforeSend({ payload: { action: 'pick', key: 'bed-1' } });
      await sleep(20);
      assert.equal(got.series.length, 2, 'sent at once on the pick');
      board.receive(at(3, 95));
      await second(5);
      assert.equal(got.series.length, 2, 'changed, but not 10 s since the last');
      await second(5);
      assert.equal(got.series.length, 4, 'changed and 10 s since the last');
      assert.equal(got.series[3].payload[0].max, 95);
      await second(30);
      assert.equal(got.series.length, 4, 'nothing changed since');
    } finally {
      mock.timers.reset();
    }
  });

  it('forgets one key on msg.remove and every key on topic "clear"', async () => {
    const { board } = await load();
    const browser = await open();
    await browser.load();
    board.receive(reading('bed-1', 80, 0));
    board.receive(reading('bed-2', 80, 0));
    await until(() => browser.boards.some((b) => b.tiles.length === 2));
    board.receive({ remove: 'bed-1' });
    await until(() => browser.boards.some((b) => b.removed?.includes('bed-1')));
    board.receive({ topic: 'clear' });
    await until(() => browser.boards.at(-1)!.kind === 'snapshot' && browser.boards.at(-1)!.tiles.length === 0);
  });

  it('reports messages without a usable key or value to Catch nodes and goes on', async () => {
    const { board, got } = await load();
    board.receive({ payload: { heartRate: 80 } });
    board.receive({ payload: { deviceId: 'bed-1', note: 'nothing to show' } });
    board.receive(reading('bed-2', 80, 0));
    await until(() => got.caught.length === 2);
    assert.match(got.caught[0].error.message, /ward-board\.errors\.key/);
    assert.match(got.caught[1].error.message, /ward-board\.errors\.nothing/);
    const browser = await open();
    const snap = await browser.load();
    assert.deepEqual(
      snap.tiles.map((t) => t.key),
      ['bed-2'],
    );
  });

  it('shows in its status the tiles held, those alarming, and keys evicted', async () => {
    // RED._ that shows its parameters: the numbers a user reads.
    const withParams = (red: { _: unknown }) => {
      red._ = (key: string, params: Record<string, unknown> = {}) => [key, ...Object.values(params)].join(' ');
      return boardNode(red);
    };
    await helper.load([...dashboard, chartNode, withParams, catchNode], flow({ maxKeys: 3 }));
    const board = helper.getNode('board');
    for (const k of ['bed-1', 'bed-2', 'bed-3']) board.receive(reading(k, 80, 1));
    board.receive(alarm('bed-2', 'raised'));
    await sleep(INTERVAL_S * 1000 * 2);
    assert.deepEqual(board.status.lastCall.args[0], {
      fill: 'red',
      shape: 'dot',
      text: 'ward-board.status.summary 3 1',
    });
    board.receive(reading('bed-4', 80, 1));
    await sleep(INTERVAL_S * 1000 * 2);
    assert.deepEqual(board.status.lastCall.args[0], {
      fill: 'yellow',
      shape: 'dot',
      text: 'ward-board.status.summary 3 1 · ward-board.status.evicted 1',
    });
  });

  it('serves a plug board: watts and kWh today, no score, the sparkline from the watts', async () => {
    const { board } = await load({
      key: 'plug.key',
      score: '',
      fields: [
        { label: 'W', property: 'payload.power', unit: 'W', decimals: 1, trend: true },
        { label: 'Today', property: 'payload.energyToday', unit: 'kWh', decimals: 3, trend: false },
      ],
    });
    const widget = helper.getNode('ui-base-1').ui.widgets.get('board');
    assert.equal(widget.props.hasScore, false);
    assert.equal(widget.props.sparkLabel, 'W');
    board.receive({
      plug: { key: 'tv' },
      payload: { deviceId: 'tv', source: 'tasmota', power: 8.4, energyToday: 0.132 },
    });
    board.receive(alarm('tv', 'raised', 'warning', { rule: 'standby waste' }));
    const browser = await open();
    const snap = await browser.load();
    const tile = snap.tiles[0];
    assert.deepEqual([tile.key, tile.v, tile.s, tile.a[0].rule], ['tv', [8.4, 0.132], null, 'standby waste']);
    // The sparkline ends at the current minute: if a minute turned between the reading and the
    // page's load, the reading is in the slot before the last one, which is then empty.
    const spark = tile.sp!;
    const newest = spark.length - 1 - [...spark].reverse().findIndex((v) => v !== null);
    assert.equal(spark[newest], 8.4);
    assert.ok(
      newest >= spark.length - 2,
      `the reading is the sparkline's newest point (slot ${newest} of ${spark.length})`,
    );
  });
});
