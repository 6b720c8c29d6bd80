// he-ward-board: thin Node-RED adapter of the ward board. Readings and alarm events change the
// server-side state (../../state/board.ts); once per interval the browsers get the tiles that
// changed; a browser that (re)loads asks for everything. Acknowledge goes out on output 1, the
// picked key's trends on output 2.
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow, NodeStatus } from 'node-red';
import { alarmEventOf, timeOf } from '../../state/alarm-event';
import { BoardState } from '../../state/board';
import { fieldValueOf, scoreOf } from '../../state/reading';
import { MAX_KEY_LENGTH, parseAction } from '../../shared/wire';
import { clientUser, DashboardPlugin, pluginsVouch } from './client-user';
import { propertyReader, PropertyReader } from './property';
import { BoardConfig, readSettings, TREND_BUCKETS } from './settings';

interface WardBoardDef extends NodeDef, BoardConfig {
  group: string;
  width?: string | number;
  height?: string | number;
  order?: number;
}

/** What this node uses of Dashboard 2.0's ui-base and ui-group (nodes/config/ui_base.js). */
interface DashboardBase {
  emit(event: string, msg: object, node: Node): void;
}
interface DashboardGroup {
  register(node: Node, config: object, events: object): void;
  getBase(): DashboardBase;
}

/** While a key stays picked, its series go out again at most this often, when they changed. */
const SERIES_EVERY_MS = 10_000;
/**
 * An acknowledgement answers someone's click on a board: the browsers get it at once rather than
 * at the end of the interval, but at most this often, so that a flow acknowledging many keys
 * still sends batches, not a message per event.
 */
const ACK_FLUSH_MS = 100;

type Done = (err?: Error) => void;

export = function (RED: NodeAPI) {
  function WardBoardNode(this: Node, config: WardBoardDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const { settings, errors: configErrors } = readSettings(config, (p) => {
      try {
        RED.util.normalisePropertyExpression(p);
        return true;
      } catch {
        return false;
      }
    });
    const board = new BoardState({
      fields: settings.fields.length,
      series: settings.series,
      maxKeys: settings.maxKeys,
      trendBuckets: TREND_BUCKETS,
      trendBucketMs: settings.trendBucketMs,
    });
    // Each configured path parsed once (readSettings has checked that Node-RED parses it).
    const reader = (path: string): PropertyReader =>
      path === ''
        ? () => undefined
        : propertyReader(RED.util.normalisePropertyExpression(path), (msg) =>
            RED.util.getMessageProperty(msg as NodeMessage, path),
          );

    let errors = 0;
    // The first message after a (re)deploy is the whole board, so that open browsers drop the
    // tiles of the node this one replaces.
    let snapshotWanted = true;
    let seriesSentAt = 0;
    let shownStatus = '';

    function fail(text: string, msg: NodeMessage | undefined): void {
      errors++;
      if (msg) node.error(text, msg);
      else node.error(text);
    }

    const group = RED.nodes.getNode(config.group) as unknown as DashboardGroup | null;
    if (configErrors.length > 0) {
      fail(RED._('ward-board.errors.config', { reason: configErrors.join(', ') }), undefined);
      node.status({ fill: 'red', shape: 'ring', text: 'ward-board.status.config' });
    } else if (!group) {
      fail(RED._('ward-board.errors.group'), undefined);
      node.status({ fill: 'red', shape: 'ring', text: 'ward-board.status.group' });
    }
    const usable = configErrors.length === 0 && group !== null;
    const readKey = usable ? reader(settings.keyPath) : () => undefined;
    const readFields = usable ? settings.fields.map((f) => reader(f.path)) : [];
    const readScore = usable ? reader(settings.scorePath) : () => undefined;
    const readTime = usable ? reader(settings.timePath) : () => undefined;

    // --- readings, alarm events and control messages: state only, nothing to the browsers ---
    node.on('input', (msg: NodeMessageInFlow, _send: unknown, done: Done) => {
      if (!usable) {
        node.error(RED._('ward-board.errors.unusable'), msg);
        done();
        return;
      }
      const now = Date.now();
      const m = msg as NodeMessageInFlow & { remove?: unknown };
      if (m.topic === 'clear') {
        board.clear();
        done();
        return;
      }
      if (m.remove !== undefined) {
        if (typeof m.remove === 'string' || typeof m.remove === 'number') board.remove(String(m.remove));
        else fail(RED._('ward-board.errors.remove'), m);
        done();
        return;
      }
      const event = alarmEventOf(m.payload);
      if (event) {
        if (event.key.length > MAX_KEY_LENGTH)
          fail(RED._('ward-board.errors.key', { property: 'msg.payload.key', max: MAX_KEY_LENGTH }), m);
        else {
          refusedIfFull(board.event(event, now), event.key, m);
          if (event.state === 'acknowledged') flushSoon();
        }
        done();
        return;
      }
      let rawKey: unknown;
      try {
        rawKey = readKey(m);
      } catch {
        rawKey = undefined;
      }
      const key =
        typeof rawKey === 'string'
          ? rawKey.trim()
          : typeof rawKey === 'number' && Number.isFinite(rawKey)
            ? String(rawKey)
            : '';
      if (key === '' || key.length > MAX_KEY_LENGTH) {
        fail(RED._('ward-board.errors.key', { property: `msg.${settings.keyPath}`, max: MAX_KEY_LENGTH }), m);
        done();
        return;
      }
      let usableValues = 0;
      // A path through something that is not an object (Node-RED's fallback throws) is no value.
      const values = readFields.map((read) => {
        let v;
        try {
          v = fieldValueOf(read(m));
        } catch {
          v = undefined;
        }
        if (v !== undefined) usableValues++;
        return v;
      });
      let score;
      try {
        score = scoreOf(readScore(m));
      } catch {
        score = undefined;
      }
      if (usableValues === 0 && score === undefined) {
        fail(RED._('ward-board.errors.nothing', { key }), m);
        done();
        return;
      }
      let time: number;
      try {
        time = timeOf(readTime(m));
      } catch {
        time = NaN;
      }
      refusedIfFull(board.reading({ key, time, values, score }, now), key, m);
      done();
    });

    function refusedIfFull(outcome: ReturnType<BoardState['reading']>, key: string, msg: NodeMessage): void {
      if (!outcome.ok) fail(RED._('ward-board.errors.full', { key, max: settings.maxKeys }), msg);
    }

    // --- to the browsers: at most one message per interval (and acknowledgements at once) ---
    let flushTimer: NodeJS.Timeout | undefined;
    let lastTick = 0;
    function flushSoon(): void {
      if (flushTimer || !timer) return;
      flushTimer = setTimeout(
        () => {
          flushTimer = undefined;
          if (timer) tick();
        },
        Math.max(0, lastTick + ACK_FLUSH_MS - Date.now()),
      );
    }

    function tick(): void {
      lastTick = Date.now();
      const now = Date.now();
      const message = board.take(now, snapshotWanted);
      snapshotWanted = false;
      if (message) base?.emit(`msg-input:${node.id}`, { payload: message }, node);
      const picked = board.pick;
      if (picked !== null && now - seriesSentAt >= SERIES_EVERY_MS && board.takePickedTrendChange())
        sendSeries(picked, now);
      updateStatus();
    }

    function updateStatus(): void {
      const parts = [RED._('ward-board.status.summary', { tiles: board.size, alarms: board.alarmed })];
      if (board.evictions > 0) parts.push(RED._('ward-board.status.evicted', { count: board.evictions }));
      if (board.refusals > 0) parts.push(RED._('ward-board.status.refused', { count: board.refusals }));
      if (errors > 0) parts.push(RED._('ward-board.status.errors', { count: errors }));
      const text = parts.join(' · ');
      if (text === shownStatus) return;
      shownStatus = text;
      const status: NodeStatus =
        board.refusals > 0 || errors > 0
          ? { fill: 'red', shape: 'ring', text }
          : board.evictions > 0
            ? { fill: 'yellow', shape: 'dot', text }
            : { fill: board.alarmed > 0 ? 'red' : 'green', shape: 'dot', text };
      node.status(status);
    }

    /** Output 2: one message per trend, in the shape a ui-chart replaces its data with. */
    function sendSeries(key: string | null, now: number): void {
      seriesSentAt = now;
      const series =
        key === null ? settings.series.map((s) => ({ label: s.label, points: [] })) : board.seriesOf(key, now);
      const msgs: NodeMessage[] = series.map((s) => ({
        topic: s.label,
        key,
        action: 'replace',
        payload: s.points.map((p) => ({ x: p.t, y: p.last, min: p.min, max: p.max })),
      }));
      node.send([null, msgs]);
    }

    // --- from the browsers (widget-action): acknowledge, pick, "send me everything" ---
    function onAction(msg: NodeMessage & { _client?: unknown }): null {
      const action = parseAction(msg.payload);
      if (!action) {
        // Not a flow's message: nothing for a Catch node; logged for whoever runs Node-RED.
        node.warn(RED._('ward-board.errors.action'));
        return null;
      }
      const now = Date.now();
      if (action.action === 'snapshot') {
        snapshotWanted = true;
      } else if (action.action === 'ack') {
        if (board.has(action.key)) {
          const plugins = (
            RED as unknown as { plugins: { getByType(type: string): DashboardPlugin[] } }
          ).plugins.getByType('node-red-dashboard-2');
          board.ackSent(action.key, clientUser(msg._client, pluginsVouch(plugins)), now);
          const ack: NodeMessage & Record<string, unknown> = { ack: action.key, topic: action.key };
          if (msg._client !== undefined) ack._client = msg._client;
          node.send([ack, null]);
        }
      } else if (board.setPick(action.key)) {
        sendSeries(action.key, now);
      }
      // Everything is sent above: Dashboard 2.0 sends on what this returns, and null is nothing.
      return null;
    }

    let base: DashboardBase | undefined;
    let timer: NodeJS.Timeout | undefined;
    if (usable) {
      base = group.getBase();
      const spark = settings.series[0];
      // What the browser's component reads from its props: the fields to show and the
      // language Node-RED runs in (settings.js `lang`), besides the editor's settings.
      const props = {
        ...config,
        fields: settings.fields.map((f) => ({ label: f.label, unit: f.unit, decimals: f.decimals })),
        scoreLabel: settings.scoreLabel,
        hasScore: settings.scorePath !== '',
        sparkLabel: spark?.label ?? '',
        sparkDecimals: spark === undefined || spark.source === 'score' ? 0 : settings.fields[spark.source].decimals,
        shown: settings.shown,
        lang: settings.lang,
        serverLang: (RED.settings as unknown as { lang?: unknown }).lang ?? '',
      };
      group.register(dashboardFace(node), props, { onAction: true, beforeSend: onAction });
      timer = setInterval(tick, settings.intervalMs);
      updateStatus();
    }

    node.on('close', function (_removed: boolean, done: () => void) {
      if (timer) clearInterval(timer);
      timer = undefined;
      clearTimeout(flushTimer);
      flushTimer = undefined;
      done();
    });
  }

  /**
   * Dashboard 2.0 adds an input handler to the node a widget registers, and that handler sends
   * every message the node receives to every open browser ('msg-input'), whatever the widget's
   * own onInput does (it is skipped only when beforeSend returns nothing, and then the handler
   * throws). The board sends batches instead, so it registers this face of itself: the node for
   * everything the Dashboard reads or calls (id, type, send, close...), except that the input
   * handler given to it is never attached, so messages reach only this node's own handler.
   */
  function dashboardFace(node: Node): Node {
    const face = Object.create(node) as Node;
    face.on = function (event: string, listener: (...args: never[]) => void) {
      if (event !== 'input') node.on(event as 'close', listener);
      return face;
    };
    return face;
  }

  RED.nodes.registerType('he-ward-board', WardBoardNode);
};
