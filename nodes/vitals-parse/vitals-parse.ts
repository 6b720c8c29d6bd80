// vitals-parse node: turns a message (text/JSON or Bluetooth LE) into one reading on output 1,
// or a FHIR Bundle, and a message it cannot use onto output 2 with msg.error saying why.
// Parsing is parse-message.ts; the plumbing is the node kit's.
import type { NodeAPI, NodeDef, NodeStatus } from 'node-red';
import { PAYLOAD_ENCODINGS } from './ble/to-reading';
import { readingToFhir } from './fhir';
import { resolveLimits } from '../lib/reading';
import { OUTPUT_MODES, outputModeFor, parseMessage, type MessageInput, type MessageSettings } from './parse-message';
import { REASONS, RUNTIME_TEXT, fill, type ReasonCode, type Refusal } from './reasons';
import { defineNode, type Done, type Msg, type NodeKit, type Send } from '../lib/node-kit';

interface VitalsParseDef extends NodeDef {
  fallbackDeviceId?: string;
  fallbackDeviceIdType?: string;
  limits?: unknown;
}

/** The node's catalogue, else the English of reasons.ts (RED._ gives the key back when it has no text). */
function translate(RED: NodeAPI, path: string, params: Record<string, string>): string {
  const key = `vitals-parse.${path}`;
  const text = RED._(key, params);
  if (text && text !== key) return text;
  const english = path.startsWith('errors.') ? REASONS[path.slice(7) as ReasonCode] : RUNTIME_TEXT[path];
  return english === undefined ? key : fill(english, params);
}

/** The counts of readings sent and messages refused: green while nothing was refused. */
function countsStatus(kit: NodeKit, ok: number): NodeStatus {
  if (kit.rejected === 0) return { fill: 'green', shape: 'dot', text: kit.text('status.ok', { ok }) };
  return { fill: 'red', shape: 'ring', text: kit.text('status.rejected', { ok, rejected: kit.rejected }) };
}

export = function (RED: NodeAPI) {
  defineNode(RED, {
    type: 'he-vitals-parse',
    translate,
    rejectOutput: { output: 2, outputs: 2 },
    settings: (read, config: VitalsParseDef): MessageSettings & { output: string } => ({
      topicSegment: read.number('topicSegment', { default: 1, whole: true }),
      characteristicSegment: read.number('characteristicSegment', { default: -1, whole: true }),
      characteristic: read.text('characteristic'),
      encoding: read.choice('encoding', PAYLOAD_ENCODINGS, 'auto'),
      output: read.choice('output', OUTPUT_MODES, 'reading'),
      limits: resolveLimits(config.limits),
      // Read only for a reading without a timestamp of its own.
      now: () => new Date(),
    }),
    start(kit, nodeSettings, config: VitalsParseDef) {
      const readFallback = kit.property(config.fallbackDeviceId, config.fallbackDeviceIdType, 'str');
      // A setting that cannot be read (a context that is not there) gives no id: the message is
      // then refused as one without an id, which says what to set.
      const fallbackDeviceId = (input: MessageInput) => {
        try {
          return readFallback(input as Msg);
        } catch {
          return undefined;
        }
      };
      const settings = config.fallbackDeviceId ? { ...nodeSettings, fallbackDeviceId } : nodeSettings;
      let sent = 0;
      const showCounts = () => countsStatus(kit, sent);
      const refuse = (msg: Msg, refusal: Refusal, send: Send, done: Done) => {
        let message = kit.text(`errors.${refusal.reason}`, { ...refusal.params });
        if (refusal.more > 0) message += ' ' + kit.text('errors.more', { count: refusal.more });
        const error: Record<string, unknown> = { field: refusal.field, reason: refusal.reason, message };
        // Bluetooth refusals say where in the packet and for which characteristic.
        if (refusal.params.offset !== undefined) error.offset = Number(refusal.params.offset);
        if (refusal.params.characteristic !== undefined) error.characteristic = refusal.params.characteristic;
        msg.error = error;
        kit.reject(msg, message, send, done);
      };

      return {
        rejectedStatus: showCounts,
        input(msg, send, done) {
          const result = parseMessage(msg as MessageInput, settings);
          if (!result.ok) return refuse(msg, result, send, done);
          const mode = outputModeFor(msg.format, settings.output as 'reading' | 'fhir');
          if (mode === 'fhir') {
            const fhir = readingToFhir(result.reading);
            if (!fhir.ok) return refuse(msg, fhir, send, done);
            msg.payload = fhir.bundle;
            // The flat reading rides along, for a CSV log or a dashboard fed from the same message.
            msg.reading = result.reading;
          } else {
            msg.payload = result.reading;
          }
          sent++;
          // The count is the state's name while nothing was refused: no text per message.
          kit.status(kit.rejected === 0 ? sent : `${sent}/${kit.rejected}`, showCounts);
          if (result.problems.length > 0) {
            // A partly usable reading goes on: a warning, since Catch is for messages that did not.
            const fields = result.problems.map((p) => `${p.field} (${p.reason})`).join(', ');
            const key = mode === 'fhir' ? 'warn.droppedFhir' : 'warn.dropped';
            kit.node.warn(kit.text(key, { count: result.problems.length, fields }));
          }
          send(msg);
          done();
        },
      };
    },
  });
};
