// threshold node: feeds each message's value, per key, to the alarm engine (engine.ts); alarm
// events go to output 1, every message to output 2 with msg.alarm. The engine's state is kept in
// the node's context, so active alarms survive a restart, and the active alarms are reported on
// request (msg.report) and, if set, once the flows have started. Plumbing: the node kit.
import type { NodeAPI, NodeDef, NodeMessage, NodeStatus } from 'node-red';
import { AlarmEvent, ThresholdEngine } from './engine';
import { compileRule, LevelInput, parseValue } from './rules';
import { whenFlowsStarted } from '../lib/flows-started';
import { defineNode, type Msg, type Send } from '../lib/node-kit';

interface ThresholdDef extends NodeDef {
  ruleName?: string;
  property?: string;
  propertyType?: string;
  keyProperty?: string;
  keyPropertyType?: string;
  operator?: string;
  levels?: LevelInput[];
  contextStore?: string;
  /** Absent in flows saved before the setting existed: off, so that they send nothing new. */
  reportAtStart?: boolean;
}

const TICK_MS = 1000;
/** The state is written at most once per this period; the help (locales) says so. */
const SAVE_PERIOD_MS = 1000;
const DEFAULT_KEY = 'default';

const isSet = (v: unknown) => v !== undefined && v !== null && v !== false;
/** msg.report, msg.ack, msg.reset: a non-blank text names a key. */
const namedKey = (flag: unknown) => (typeof flag === 'string' && flag.trim() !== '' ? flag.trim() : undefined);

export = function (RED: NodeAPI) {
  defineNode(RED, {
    type: 'he-threshold',
    rejectOutput: { output: 2, outputs: 2 },
    settings(read, config: ThresholdDef) {
      const seconds = (name: string) => read.number(name, { default: 0, min: 0 });
      const samples = (name: string) => read.number(name, { default: 0, min: 0, whole: true });
      const rule = compileRule(
        config.ruleName || config.name || 'threshold',
        config.operator || 'above',
        config.levels,
      );
      return {
        // Throws on combinations no single setting shows (idle not longer than stale, say).
        engine: new ThresholdEngine({
          rule,
          forSeconds: seconds('forSeconds'),
          forSamples: samples('forSamples'),
          clearForSeconds: seconds('clearForSeconds'),
          clearForSamples: samples('clearForSamples'),
          renotifySeconds: seconds('renotifySeconds'),
          maxKeys: read.number('maxKeys', { default: 1000, min: 1, whole: true }),
          idleSeconds: seconds('idleSeconds'),
          staleSeconds: seconds('staleSeconds'),
        }),
        property: config.property || 'payload',
        propertyType: config.propertyType || 'msg',
        keyProperty: config.keyProperty ?? 'topic',
        keyPropertyType: config.keyPropertyType || 'msg',
        store: config.contextStore || undefined,
        reportAtStart: config.reportAtStart === true,
      };
    },
    start(kit, s) {
      const { engine, property, propertyType, keyProperty, keyPropertyType } = s;
      const readValue = kit.property(property, propertyType);
      const readKey = kit.property(keyProperty, keyPropertyType);
      let tickTimer: NodeJS.Timeout | null = null;
      const saved = kit.persist({
        key: 'state',
        store: s.store,
        snapshot: () => engine.snapshot(),
        periodMs: SAVE_PERIOD_MS,
      });

      const summary = (active: number, keys: number): NodeStatus => {
        let text = kit.text('status.summary', { active, keys });
        const errors = kit.rejected;
        if (errors > 0) text += ' · ' + kit.text('status.errors', { count: errors });
        return { fill: active > 0 || errors > 0 ? 'red' : 'green', shape: errors > 0 ? 'ring' : 'dot', text };
      };
      const showStatus = () => {
        const active = engine.activeCount();
        const keys = engine.size;
        kit.status(`${active} ${keys} ${kit.rejected}`, () => summary(active, keys));
      };

      /** `msgid`: the message that caused the events, so that they can be traced back to it. */
      const toMessages = (events: AlarmEvent[], msgid?: string): NodeMessage[] =>
        events.map((e) => {
          if (e.reason === 'evicted') kit.node.warn(kit.text('errors.evicted', { key: e.key, severity: e.severity }));
          return msgid === undefined
            ? { topic: `${e.key}/alarm`, payload: e }
            : { topic: `${e.key}/alarm`, payload: e, _msgid: msgid };
        });
      const sendEvents = (send: Send, events: AlarmEvent[], msgid?: string) => {
        if (events.length) send([toMessages(events, msgid), null]);
      };

      /** The key named by the key property, '' when the message has none, null when it is not usable. */
      const keyOf = (msg: Msg): string | null => {
        let k: unknown;
        try {
          k = readKey(msg);
        } catch {
          return null;
        }
        if (k === undefined || k === null || k === '') return '';
        return typeof k === 'string' || typeof k === 'number' || typeof k === 'boolean' ? String(k) : null;
      };

      const tick = () => {
        const before = engine.size;
        const events = engine.tick(Date.now());
        if (events.length === 0 && engine.size === before) return;
        sendEvents((m) => kit.node.send(m), events);
        saved.changed(events.length > 0);
        showStatus();
      };

      // Report at start: needs the saved state restored and every node of the flows created
      // (before 'flows:started' the nodes wired after this one may not exist yet). Either may
      // come first: a store that reads a file calls back after the flows have started.
      let restored = false;
      let flowsStarted = !s.reportAtStart;
      let startReport: NodeJS.Immediate | null = null;
      const reportAtStart = () => {
        if (!s.reportAtStart || !restored || !flowsStarted) return;
        // A turn later: every node's own 'flows:started' work is done, also when the runtime
        // delivers messages synchronously (runtimeSyncDelivery).
        startReport = setImmediate(() => {
          startReport = null;
          sendEvents((m) => kit.node.send(m), engine.report(undefined, Date.now()));
        });
      };
      const flowsHaveStarted = () => {
        flowsStarted = true;
        reportAtStart();
      };
      const cancelStartWait = s.reportAtStart
        ? whenFlowsStarted(RED.events, flowsHaveStarted, (err) => kit.node.error(err))
        : () => undefined;

      saved.load((state) => {
        if (state !== undefined) {
          const result = engine.restore(state);
          if (result.ignored) kit.node.warn(kit.text('errors.restore', { reason: result.ignored }));
          if (result.dropped.length) kit.node.warn(kit.text('errors.dropped', { keys: result.dropped.join(', ') }));
        }
        restored = true;
        showStatus();
        reportAtStart();
        if (engine.needsTick()) {
          tickTimer = setInterval(tick, TICK_MS);
          tickTimer.unref();
        }
      });

      return {
        rejectedStatus: () => summary(engine.activeCount(), engine.size),
        input(msg, send, done) {
          const now = Date.now();
          const changes = isSet(msg.reset) || isSet(msg.ack);
          if (changes || isSet(msg.report)) {
            let events: AlarmEvent[] = [];
            const target = (flag: unknown) => namedKey(flag) ?? (keyOf(msg) || undefined);
            if (isSet(msg.reset)) events = engine.reset(target(msg.reset), now);
            else if (isSet(msg.ack)) events = engine.ack(target(msg.ack), now);
            // After an ack or reset in the same message, so that the report shows what it did.
            if (isSet(msg.report)) events = events.concat(engine.report(namedKey(msg.report), now));
            sendEvents(send, events, msg._msgid);
            // A report changes nothing: no write, and the status stays as it is.
            if (changes) {
              saved.changed(true);
              showStatus();
            }
            return done();
          }
          const k = keyOf(msg);
          if (k === null) {
            return kit.reject(
              msg,
              kit.text('errors.key', { property: `${keyPropertyType}.${keyProperty}` }),
              send,
              done,
            );
          }
          const key = k || DEFAULT_KEY;
          let parsed: ReturnType<typeof parseValue>;
          try {
            parsed = parseValue(engine.rule, readValue(msg));
          } catch (err) {
            parsed = { ok: false, reason: (err as Error).message };
          }
          if (!parsed.ok) {
            // Not dropped: the message goes on with the key's alarm state as it was.
            msg.alarm = engine.describe(key);
            return kit.reject(
              msg,
              kit.text('errors.value', { property: `${propertyType}.${property}`, key, reason: parsed.reason }),
              send,
              done,
            );
          }
          const events = engine.evaluate(key, parsed.value, now);
          msg.alarm = engine.describe(key);
          // Node-RED passes the first message of a send on as it is and copies every other one:
          // sent apart, the message is never copied for its events (events first, then the message).
          sendEvents(send, events, msg._msgid);
          send([null, msg]);
          saved.changed(events.length > 0);
          showStatus();
          done();
        },
        close() {
          if (tickTimer) clearInterval(tickTimer);
          cancelStartWait();
          if (startReport) clearImmediate(startReport);
        },
      };
    },
  });
};
