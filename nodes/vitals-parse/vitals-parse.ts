// vitals-parse: the Node-RED adapter. All parsing lives in parse-vitals.ts; this file reads
// the config, routes each message to output 1 (reading) or 2 (rejected), reports problems
// where Node-RED users look for them (Catch node, debug sidebar, status) and never throws.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import type { Limits } from '../lib/reading';
import { resolveLimits } from './normalise';
import { parseVitals } from './parse-vitals';
import { REASONS, RUNTIME_TEXT, fill, type ReasonCode } from './reasons';
import { cachedText } from '../lib/cached-text';

interface VitalsParseDef extends NodeDef {
  topicSegment?: number | string;
  limits?: unknown;
}

export = function (RED: NodeAPI) {
  function VitalsParseNode(this: Node, config: VitalsParseDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const seg = Number(config.topicSegment);
    const topicSegment = Number.isInteger(seg) ? seg : 1;
    const limits: Limits = resolveLimits(config.limits);
    let okCount = 0;
    let rejectedCount = 0;

    // Localised text; the English of reasons.ts when no catalogue answers (RED._ gives the key back).
    const t = (path: string, params: Record<string, unknown>): string => {
      const key = `vitals-parse.${path}`;
      const text = RED._(key, params as Record<string, string>);
      if (text && text !== key) return text;
      const english = path.startsWith('errors.') ? REASONS[path.slice(7) as ReasonCode] : RUNTIME_TEXT[path];
      return fill(english ?? key, params);
    };

    // The status changes with every message: translate its two templates once.
    const statusText = cachedText((path, params) => t(path, params));
    const showStatus = () => {
      if (rejectedCount === 0) {
        node.status({ fill: 'green', shape: 'dot', text: statusText('status.ok', { ok: okCount }) });
      } else {
        node.status({ fill: 'red', shape: 'ring', text: statusText('status.rejected', { ok: okCount, rejected: rejectedCount }) });
      }
    };

    node.on('input', (msg: NodeMessageInFlow, send, done) => {
      try {
        const result = parseVitals(msg.payload, { topic: msg.topic, topicSegment, limits, now: new Date() });
        if (result.ok) {
          msg.payload = result.reading;
          okCount++;
          showStatus();
          if (result.problems.length > 0) {
            // Partly usable readings go on, so this is a warning, not an error: a Catch node
            // is for messages that did not go on.
            const fields = result.problems.map((p) => `${p.field} (${p.reason})`).join(', ');
            node.warn(t('warn.dropped', { count: result.problems.length, fields }));
          }
          send([msg, null]);
        } else {
          let message = t(`errors.${result.reason}`, { ...result.params });
          if (result.more > 0) message += ' ' + t('errors.more', { count: result.more });
          (msg as NodeMessageInFlow & { error: unknown }).error = { field: result.field, reason: result.reason, message };
          rejectedCount++;
          showStatus();
          send([null, msg]);
          // node.error(message, msg) is what a Catch node sees. done(err) would report the same
          // failure a second time (Node-RED logs it and triggers Catch again), so done() is plain.
          node.error(message, msg);
        }
        done();
      } catch (err) {
        // Only a bug in this node can get here; report it like any bad input, never crash the flow.
        rejectedCount++;
        showStatus();
        node.error(err instanceof Error ? err.message : String(err), msg);
        done();
      }
    });

    node.on('close', function (removed: boolean, closed: () => void) {
      node.status({});
      closed();
    });
  }

  RED.nodes.registerType('vitals-parse', VitalsParseNode);
};
