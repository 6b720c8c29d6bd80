// he-threshold and the ward board (ward-board/, the widget package) wired as the contract says:
// readings into the threshold, its events and its pass-through into the board, the board's
// acknowledgements back into the threshold. With the real Dashboard 2.0 (ui-base, ui-page,
// ui-group); what the board sends to browsers is read from a connection added to the ui-base,
// as Dashboard 2.0's own tests do.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { BoardMessage, TileView } from '../../ward-board/shared/wire';
const helper = require('node-red-node-test-helper');
const thresholdNode = require('../../nodes/threshold/threshold.js');
// The widget package's own build (ward-board/dist), which `npm run build` makes before the tests.
const boardNode = require(
  path.resolve(__dirname, '..', '..', '..', 'ward-board', 'dist', 'nodes', 'ward-board', 'ward-board.js'),
);
const dashboard = ['ui_base', 'ui_page', 'ui_group', 'ui_theme'].map((n) =>
  require(`@flowfuse/node-red-dashboard/nodes/config/${n}.js`),
);

helper.init(require.resolve('node-red'));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const flow = [
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
    name: 'Health',
    ui: 'ui-base-1',
    path: '/health',
    layout: 'grid',
    theme: 'ui-theme-1',
  },
  { id: 'ui-group-1', type: 'ui-group', name: 'Ward', page: 'ui-page-1', width: 12 },
  { id: 'tab', type: 'tab' },
  {
    id: 'th',
    type: 'he-threshold',
    z: 'tab',
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
    reportAtStart: true,
    wires: [['board'], ['board']],
  },
  { id: 'board', type: 'he-ward-board', z: 'tab', group: 'ui-group-1', interval: 0.25, wires: [['th'], []] },
];

const reading = (key: string, total: number, band: string) => ({
  payload: { deviceId: key, heartRate: 80 + total * 6, news2: { total, band, complete: true } },
});

describe('he-threshold and the ward board', function () {
  this.timeout(20000);
  beforeEach(() => helper.startServer());
  afterEach(async () => {
    await helper.unload();
    await new Promise((r) => helper.stopServer(r));
  });

  /** The board as every browser holds it, from what the ui-base sends to a connection. */
  async function start() {
    await helper.load([...dashboard, thresholdNode, boardNode], flow);
    const board = new Map<string, TileView>();
    const base = helper.getNode('ui-base-1');
    base.uiShared.connections.watcher = {
      id: 'watcher',
      emit(event: string, msg: { payload: BoardMessage }) {
        if (event !== 'msg-input:board') return;
        if (msg.payload.kind === 'snapshot') board.clear();
        for (const k of msg.payload.removed ?? []) board.delete(k);
        for (const t of msg.payload.tiles) board.set(t.key, t);
      },
    };
    const hooks = base.ui.widgets.get('board').hooks;
    return { board, hooks, th: helper.getNode('th'), boardNode: helper.getNode('board') };
  }
  const alarmsOf = (board: Map<string, TileView>, key: string) =>
    board.get(key)?.a.map((a) => `${a.severity} ${a.acked ? 'acked' : 'unacked'}`);

  it("shows the threshold's alarms, sends Acknowledge back to it and shows its answer", async () => {
    const { board, hooks, th } = await start();
    th.receive(reading('bed-1', 8, 'high'));
    th.receive(reading('bed-2', 5, 'medium'));
    th.receive(reading('bed-3', 1, 'low'));
    await sleep(600);
    assert.deepEqual(alarmsOf(board, 'bed-1'), ['critical unacked']);
    assert.deepEqual(alarmsOf(board, 'bed-2'), ['warning unacked']);
    assert.deepEqual(alarmsOf(board, 'bed-3'), []);
    assert.equal(board.get('bed-1')!.s!.total, 8, 'the pass-through reading fills the tile');
    // A browser's Acknowledge, as Dashboard 2.0 hands it to the node.
    hooks.beforeSend({ payload: { action: 'ack', key: 'bed-1' }, _client: { socketId: 'abc' } });
    await sleep(600);
    assert.deepEqual(alarmsOf(board, 'bed-1'), ['critical acked']);
    assert.deepEqual(alarmsOf(board, 'bed-2'), ['warning unacked']);
  });

  it('gets the active alarms back from the threshold (msg.report) after the board forgot them', async () => {
    const { board, hooks, th, boardNode: b } = await start();
    th.receive(reading('bed-1', 8, 'high'));
    th.receive(reading('bed-2', 6, 'medium'));
    await sleep(300);
    hooks.beforeSend({ payload: { action: 'ack', key: 'bed-2' } });
    await sleep(600);
    b.receive({ topic: 'clear' });
    await sleep(600);
    assert.equal(board.size, 0);
    th.receive({ report: true });
    await sleep(600);
    assert.deepEqual([...board.keys()].sort(), ['bed-1', 'bed-2']);
    assert.deepEqual(alarmsOf(board, 'bed-1'), ['critical unacked']);
    assert.deepEqual(alarmsOf(board, 'bed-2'), ['warning acked']);
  });
});
