// Node-RED adapter of the threshold node: reads the value and key from each message, feeds
// the engine, sends alarm events on output 1 and every message on output 2, keeps the
// engine's state in the node's context so that active alarms survive a restart, and reports
// the active alarms on request (msg.report) and, if set, once the flows have started.
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow, NodeStatus } from 'node-red';
import { AlarmEvent, ThresholdEngine } from './engine';
import { alarmMessage, controlKey, DEFAULT_KEY, isSet, keyText, reportKey } from './control';
import { compileRule, LevelInput, parseValue } from './rules';
import { cachedText } from '../lib/cached-text';
import { whenFlowsStarted } from '../lib/flows-started';
import { msgPathGetter, type MsgGetter } from '../lib/msg-path';
import { saveThrottle } from '../lib/save-throttle';
import { statusGate } from '../lib/status-gate';
import { setDefaultClientId } from '../lib/mqtt-client-id';

interface ThresholdDef extends NodeDef {
  ruleName?: string;
  property?: string;
  propertyType?: string;
  keyProperty?: string;
  keyPropertyType?: string;
  operator?: string;
  levels?: LevelInput[];
  forSeconds?: string | number;
  forSamples?: string | number;
  clearForSeconds?: string | number;
  clearForSamples?: string | number;
  renotifySeconds?: string | number;
  maxKeys?: string | number;
  idleSeconds?: string | number;
  staleSeconds?: string | number;
  contextStore?: string;
  /** Absent in flows saved before the setting existed: off, so that they send nothing new. */
  reportAtStart?: boolean;
}

type Send = (msg: NodeMessage | (NodeMessage | NodeMessage[] | null)[]) => void;
type Done = (err?: Error) => void;

const STATE_KEY = 'state';
const TICK_MS = 1000;
/**
 * The state (every key) is written to the context store at most once per this period: an alarm
 * change at the next turn when the last write is at least this old, otherwise when it is; a
 * plain sample within this period. Documented in the help (locales/<lang>/threshold.html).
 */
const SAVE_PERIOD_MS = 1000;

function numberOr(v: unknown, fallback: number): number {
  if (v === undefined || v === null || v === '') return fallback;
  return Number(v);
}

export = function (RED: NodeAPI) {
  // The example flows' mqtt-broker node takes its client id from HE_MQTT_CLIENT_ID.
  setDefaultClientId(RED.settings.userDir);
  function ThresholdNode(this: Node, config: ThresholdDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const store = config.contextStore ? config.contextStore : undefined;
    const property = config.property || 'payload';
    const propertyType = config.propertyType || 'msg';
    const keyProperty = config.keyProperty ?? 'topic';
    const keyPropertyType = config.keyPropertyType || 'msg';
    const reportAtStart = config.reportAtStart === true;
    // Read from every message: a plain msg path is compiled once (RED.util.evaluateNodeProperty
    // parses the expression on each call); anything else is left to Node-RED.
    const readProperty = reader(property, propertyType);
    const readKey = reader(keyProperty, keyPropertyType);
    function reader(value: string, type: string): MsgGetter {
      const fast = type === 'msg' ? msgPathGetter(value) : null;
      return fast ?? ((msg) => RED.util.evaluateNodeProperty(value, type, node, msg as NodeMessageInFlow));
    }

    let engine: ThresholdEngine | null = null;
    let configError = '';
    try {
      const rule = compileRule(config.ruleName || config.name || 'threshold', config.operator || 'above', config.levels);
      engine = new ThresholdEngine({
        rule,
        forSeconds: numberOr(config.forSeconds, 0),
        forSamples: numberOr(config.forSamples, 0),
        clearForSeconds: numberOr(config.clearForSeconds, 0),
        clearForSamples: numberOr(config.clearForSamples, 0),
        renotifySeconds: numberOr(config.renotifySeconds, 0),
        maxKeys: numberOr(config.maxKeys, 1000),
        idleSeconds: numberOr(config.idleSeconds, 0),
        staleSeconds: numberOr(config.staleSeconds, 0),
      });
    } catch (err) {
      configError = RED._('threshold.errors.config', { reason: (err as Error).message });
      node.error(configError);
      node.status({ fill: 'red', shape: 'ring', text: RED._('threshold.status.config') });
    }

    let errors = 0;
    let ready = false;
    const waiting: [NodeMessageInFlow, Send, Done][] = [];
    let tickTimer: NodeJS.Timeout | null = null;

    // Called for every message: templates translated once, an unchanged status not sent
    // again, and a changing one (a new key per message, say) shown at most every 250 ms, the
    // latest last; a new error shows at once.
    const statusText = cachedText((key, params) => RED._(key, params));
    const gate = statusGate<NodeStatus>((st) => node.status(st));
    let active = 0;
    let shownActive = -1;
    let shownKeys = -1;
    let shownErrors = -1;
    const summary = (): NodeStatus => {
      let text = statusText('threshold.status.summary', { active: shownActive, keys: shownKeys });
      if (shownErrors > 0) text += ' · ' + statusText('threshold.status.errors', { count: shownErrors });
      return { fill: shownActive > 0 || shownErrors > 0 ? 'red' : 'green', shape: shownErrors > 0 ? 'ring' : 'dot', text };
    };
    /**
     * `recount` false: nothing but a sample without events happened, so no alarm started or
     * ended and the active count is as before (counting walks every key, up to maxKeys).
     */
    function updateStatus(recount = true): void {
      if (!engine) return;
      if (recount) active = engine.activeCount();
      const keys = engine.size;
      if (active === shownActive && keys === shownKeys && errors === shownErrors) return;
      const newError = errors > shownErrors && shownErrors >= 0;
      shownActive = active;
      shownKeys = keys;
      shownErrors = errors;
      if (newError) gate.now(summary());
      else gate.update(`${active} ${keys} ${errors}`, summary);
    }

    // A snapshot copies every key: taken once per write, never per event (see save-throttle).
    const saver = saveThrottle(
      (written) => {
        node.context().set(STATE_KEY, engine!.snapshot(), store, (err?: Error) => {
          if (err) node.warn(RED._('threshold.errors.save', { reason: err.message }));
          written(err);
        });
      },
      { gapMs: SAVE_PERIOD_MS, delayMs: SAVE_PERIOD_MS },
    );

    /** `msgid`: the message that caused the events, so that they can be traced back to it. */
    function toMessages(events: AlarmEvent[], msgid?: string): NodeMessage[] {
      return events.map((e) => {
        if (e.reason === 'evicted') node.warn(RED._('threshold.errors.evicted', { key: e.key, severity: e.severity }));
        return alarmMessage(e, msgid);
      });
    }

    /** The key named by the key property, '' when the message has none, null when it is not usable. */
    function keyOf(msg: NodeMessageInFlow): string | null {
      try {
        return keyText(readKey(msg));
      } catch {
        return null;
      }
    }

    function handle(msg: NodeMessageInFlow, send: Send, done: Done): void {
      if (!engine) {
        node.error(configError, msg);
        done();
        return;
      }
      const now = Date.now();
      const m = msg as NodeMessageInFlow & { ack?: unknown; reset?: unknown; report?: unknown; alarm?: unknown };
      const changes = isSet(m.reset) || isSet(m.ack);
      if (changes || isSet(m.report)) {
        let events: AlarmEvent[] = [];
        if (changes) events = isSet(m.reset) ? engine.reset(controlKey(m.reset, keyOf(msg)), now) : engine.ack(controlKey(m.ack, keyOf(msg)), now);
        // After an ack or reset in the same message, so that the report shows what it did.
        if (isSet(m.report)) events = events.concat(engine.report(reportKey(m.report), now));
        if (events.length) send([toMessages(events, msg._msgid), null]);
        // A report changes nothing: no write, and the status stays as it is.
        if (changes) {
          saver.changed(true);
          updateStatus();
        }
        done();
        return;
      }
      const k = keyOf(msg);
      if (k === null) {
        errors++;
        node.error(RED._('threshold.errors.key', { property: `${keyPropertyType}.${keyProperty}` }), msg);
        updateStatus();
        send([null, msg]);
        done();
        return;
      }
      const key = k || DEFAULT_KEY;
      let raw: unknown;
      let reason = '';
      try {
        raw = readProperty(msg);
      } catch (err) {
        reason = (err as Error).message;
      }
      const parsed = reason ? { ok: false as const, reason } : parseValue(engine.rule, raw);
      if (!parsed.ok) {
        // Not dropped: the message goes on with the key's alarm state as it was.
        errors++;
        node.error(RED._('threshold.errors.value', { property: `${propertyType}.${property}`, key, reason: parsed.reason }), msg);
        m.alarm = engine.describe(key);
        updateStatus();
        send([null, msg]);
        done();
        return;
      }
      const events = engine.evaluate(key, parsed.value, now);
      m.alarm = engine.describe(key);
      // Node-RED passes on the first message of a send as it is and deep-copies every other:
      // sent together, the events would make it copy the whole message on each alarm event.
      // Apart, each goes first, in the same order (events, then the message).
      if (events.length) send([toMessages(events, msg._msgid), null]);
      send([null, msg]);
      saver.changed(events.length > 0);
      updateStatus(events.length > 0);
      done();
    }

    function tick(): void {
      if (!engine) return;
      const before = engine.size;
      const events = engine.tick(Date.now());
      if (events.length) {
        node.send([toMessages(events), null]);
        saver.changed(true);
        updateStatus();
      } else if (engine.size !== before) {
        saver.changed(false);
        updateStatus();
      }
    }

    // Report at start: needs both the saved state restored (start) and every node of the flows
    // created ('flows:started': before it, the nodes wired after this one may not exist yet and
    // would never see the events). Either may come first: a store that reads a file calls back
    // after the flows have started.
    let flowsStarted = false;
    let startReported = false;
    let startReport: NodeJS.Immediate | null = null;
    let cancelStartWait: (() => void) | null = null;
    function reportOnceStarted(): void {
      if (!engine || !ready || !flowsStarted || startReported) return;
      startReported = true;
      // A turn later: every node's own 'flows:started' work is done, also when the runtime
      // delivers messages synchronously (runtimeSyncDelivery).
      startReport = setImmediate(() => {
        startReport = null;
        const events = engine!.report(undefined, Date.now());
        if (events.length) node.send([toMessages(events), null]);
      });
    }
    if (engine && reportAtStart) {
      cancelStartWait = whenFlowsStarted(
        RED.events,
        () => {
          cancelStartWait = null;
          flowsStarted = true;
          reportOnceStarted();
        },
        (err) => node.error(err),
      );
    }

    function start(saved: unknown): void {
      if (engine && saved !== undefined) {
        const result = engine.restore(saved);
        if (result.ignored) node.warn(RED._('threshold.errors.restore', { reason: result.ignored }));
        if (result.dropped.length) node.warn(RED._('threshold.errors.dropped', { keys: result.dropped.join(', ') }));
      }
      ready = true;
      updateStatus();
      reportOnceStarted();
      if (engine?.needsTick()) {
        tickTimer = setInterval(tick, TICK_MS);
        tickTimer.unref?.();
      }
      for (const [msg, send, done] of waiting.splice(0)) handle(msg, send, done);
    }

    node.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      if (ready) handle(msg, send, done);
      else waiting.push([msg, send, done]);
    });

    if (engine) {
      // The callback form works with every context store, cached or not.
      node.context().get(STATE_KEY, store, (err: Error | undefined, saved: unknown) => {
        if (err) node.warn(RED._('threshold.errors.restore', { reason: err.message }));
        start(err ? undefined : saved);
      });
    } else {
      ready = true;
    }

    node.on('close', function (_removed: boolean, done: () => void) {
      gate.close();
      if (tickTimer) clearInterval(tickTimer);
      tickTimer = null;
      cancelStartWait?.();
      cancelStartWait = null;
      if (startReport) clearImmediate(startReport);
      startReport = null;
      // The latest state is in the store before Node-RED goes on to close the stores (which
      // is when a cached localfilesystem store writes its files).
      if (engine && ready) saver.flush(() => done());
      else done();
    });
  }

  RED.nodes.registerType('he-threshold', ThresholdNode);
};
