// threshold node: each message's value, per key, goes to the alarm engine (engine.ts); alarm
// events go to output 1, every message to output 2 with msg.alarm. The state is kept in context,
// so active alarms survive a restart; they are reported on msg.report and, if set, at start.
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
/** The state is written at most once per this period; the help says so. */
const SAVE_PERIOD_MS = 1000;

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
      const valueShown = `${propertyType}.${property}`;
      const keyShown = `${keyPropertyType}.${keyProperty}`;
      let tickTimer: NodeJS.Timeout | undefined;
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
      const sendEvents = (send: Send, events: AlarmEvent[], msgid?: string) => {
        if (events.length === 0) return;
        const messages = events.map((e): NodeMessage => {
          if (e.reason === 'evicted') kit.node.warn(kit.text('errors.evicted', { key: e.key, severity: e.severity }));
          const m: NodeMessage = { topic: `${e.key}/alarm`, payload: e };
          if (msgid !== undefined) m._msgid = msgid;
          return m;
        });
        send([messages, null]);
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

      // Report at start once the state is restored and every node of the flows exists (either
      // may come first: a store that reads a file calls back after the flows have started).
      let startWaits = 2;
      let startReport: NodeJS.Immediate | undefined;
      const startWaitDone = () => {
        if (--startWaits > 0 || !s.reportAtStart) return;
        // A turn later, after every node's own 'flows:started' work (runtimeSyncDelivery too).
        startReport = setImmediate(() => sendEvents((m) => kit.node.send(m), engine.report(undefined, Date.now())));
      };
      const cancelStartWait = s.reportAtStart
        ? whenFlowsStarted(RED.events, startWaitDone, (err) => kit.node.error(err))
        : () => undefined;

      saved.load((state) => {
        if (state !== undefined) {
          const result = engine.restore(state);
          if (result.ignored) kit.node.warn(kit.text('errors.restore', { reason: result.ignored }));
          if (result.dropped.length) kit.node.warn(kit.text('errors.dropped', { keys: result.dropped.join(', ') }));
        }
        showStatus();
        startWaitDone();
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
          if (k === null) return kit.reject(msg, kit.text('errors.key', { property: keyShown }), send, done);
          const key = k || 'default';
          let parsed: ReturnType<typeof parseValue>;
          try {
            parsed = parseValue(engine.rule, readValue(msg));
          } catch (err) {
            parsed = { ok: false, reason: (err as Error).message };
          }
          if (!parsed.ok) {
            // Not dropped: the message goes on with the key's alarm state as it was.
            msg.alarm = engine.describe(key);
            const { reason } = parsed;
            return kit.reject(msg, kit.text('errors.value', { property: valueShown, key, reason }), send, done);
          }
          const keys = engine.size;
          const events = engine.evaluate(key, parsed.value, now);
          msg.alarm = engine.describe(key);
          // Sent apart, the message is not copied for its events: Node-RED copies all but the first.
          sendEvents(send, events, msg._msgid);
          send([null, msg]);
          saved.changed(events.length > 0);
          // The status counts keys and alarms: only a new key or an event can change them.
          if (events.length > 0 || engine.size !== keys) showStatus();
          done();
        },
        close() {
          clearInterval(tickTimer);
          cancelStartWait();
          clearImmediate(startReport);
        },
      };
    },
  });
};
