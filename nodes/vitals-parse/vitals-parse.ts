// vitals-parse: the Node-RED adapter. All parsing lives in parse-message.ts (text/JSON and
// Bluetooth LE) and output-mode.ts (FHIR); this file reads the config, routes each message to
// output 1 (reading or FHIR Bundle) or 2 (rejected), reports problems where Node-RED users
// look for them (Catch node, debug sidebar, status) and never throws.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import type { Limits } from '../lib/reading';
import { PAYLOAD_ENCODINGS, type PayloadEncoding } from './ble/to-reading';
import { resolveLimits } from '../lib/reading';
import { OUTPUT_MODES, outputModeFor, readingToFhir, type OutputMode } from './output-mode';
import { parseMessage, type MessageInput, type MessageSettings } from './parse-message';
import type { ParseResult } from './result';
import { REASONS, RUNTIME_TEXT, fill, type ReasonCode } from './reasons';
import { cachedText } from '../lib/cached-text';
import { statusGate } from '../lib/status-gate';
import { wholeNumberSetting } from '../lib/settings';
import { setDefaultClientId } from '../lib/mqtt-client-id';

interface VitalsParseDef extends NodeDef {
  topicSegment?: number | string;
  limits?: unknown;
  characteristic?: string;
  characteristicSegment?: number | string;
  encoding?: string;
  output?: string;
}

type Msg = NodeMessageInFlow & Record<string, unknown>;

export = function (RED: NodeAPI) {
  // The example flows' mqtt-broker node takes its client id from HE_MQTT_CLIENT_ID.
  setDefaultClientId(RED.settings.userDir);
  function VitalsParseNode(this: Node, config: VitalsParseDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const topicSegment = wholeNumberSetting(config.topicSegment, 1);
    const characteristicSegment = wholeNumberSetting(config.characteristicSegment, -1);
    const characteristic = typeof config.characteristic === 'string' ? config.characteristic.trim() : '';
    const encoding: PayloadEncoding = PAYLOAD_ENCODINGS.includes(config.encoding as PayloadEncoding) ? (config.encoding as PayloadEncoding) : 'auto';
    const output: OutputMode = OUTPUT_MODES.includes(config.output as OutputMode) ? (config.output as OutputMode) : 'reading';
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

    // The status changes with every message: translate its two templates once, and show it at
    // most every 250 ms (status-gate.ts); a rejection shows at once. The text is built when it
    // is shown, from the counts at that moment, so the dot always ends on the latest counts.
    const statusText = cachedText((path, params) => t(path, params));
    const buildStatus = () =>
      rejectedCount === 0
        ? { fill: 'green' as const, shape: 'dot' as const, text: statusText('status.ok', { ok: okCount }) }
        : { fill: 'red' as const, shape: 'ring' as const, text: statusText('status.rejected', { ok: okCount, rejected: rejectedCount }) };
    const gate = statusGate((status: ReturnType<typeof buildStatus>) => node.status(status));
    const showStatus = () => {
      // The count itself is the key while nothing was rejected: no string per message.
      if (rejectedCount === 0) gate.update(okCount, buildStatus);
      else gate.update(`${okCount}/${rejectedCount}`, buildStatus);
    };
    const showRejected = () => gate.now(buildStatus());

    // One settings object per node. The receive time is read only for a reading that has no
    // timestamp of its own: a Date per message would be garbage for most of them.
    const settings: MessageSettings = { topicSegment, limits, characteristic, characteristicSegment, encoding, now: () => new Date() };

    const reject = (msg: Msg, result: ParseResult & { ok: false }, send: (m: (Msg | null)[]) => void) => {
      let message = t(`errors.${result.reason}`, { ...result.params });
      if (result.more > 0) message += ' ' + t('errors.more', { count: result.more });
      const error: Record<string, unknown> = { field: result.field, reason: result.reason, message };
      // Bluetooth refusals say where in the packet and for which characteristic.
      if (result.params.offset !== undefined) error.offset = Number(result.params.offset);
      if (result.params.characteristic !== undefined) error.characteristic = result.params.characteristic;
      msg.error = error;
      rejectedCount++;
      showRejected();
      send([null, msg]);
      // node.error(message, msg) is what a Catch node sees. done(err) would report the same
      // failure a second time (Node-RED logs it and triggers Catch again), so done() is plain.
      node.error(message, msg);
    };

    node.on('input', (inMsg: NodeMessageInFlow, send, done) => {
      const msg = inMsg as Msg;
      try {
        // The message has the five MessageInput properties under their own names; parseMessage
        // only reads them.
        const result = parseMessage(msg as MessageInput, settings);
        if (!result.ok) {
          reject(msg, result, send);
          done();
          return;
        }
        const mode = outputModeFor(msg.format, output);
        if (mode === 'fhir') {
          const fhir = readingToFhir(result.reading);
          if (!fhir.ok) {
            reject(msg, fhir, send);
            done();
            return;
          }
          msg.payload = fhir.bundle;
          // The flat reading rides along, for a CSV log or a dashboard fed from the same message.
          msg.reading = result.reading;
        } else {
          msg.payload = result.reading;
        }
        okCount++;
        showStatus();
        if (result.problems.length > 0) {
          // Partly usable readings go on, so this is a warning, not an error: a Catch node
          // is for messages that did not go on.
          const fields = result.problems.map((p) => `${p.field} (${p.reason})`).join(', ');
          node.warn(t(mode === 'fhir' ? 'warn.droppedFhir' : 'warn.dropped', { count: result.problems.length, fields }));
        }
        // One message for output 1, sent as itself: the same as send([msg, null]) to Node-RED,
        // without an array per message.
        send(msg);
        done();
      } catch (err) {
        // Only a bug in this node can get here; report it like any bad input, never crash the flow.
        rejectedCount++;
        showRejected();
        node.error(err instanceof Error ? err.message : String(err), msg);
        done();
      }
    });

    node.on('close', function (removed: boolean, closed: () => void) {
      gate.close();
      node.status({});
      closed();
    });
  }

  RED.nodes.registerType('he-vitals-parse', VitalsParseNode);
};
