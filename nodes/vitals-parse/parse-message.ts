// vitals-parse's pure entry point: a message's payload, topic and Bluetooth hints → a Reading or
// a refusal, through the Bluetooth LE part (ble/) or the text/JSON part (text/). Never throws.
import { isArrayBuffer, isUint8Array } from '../lib/plain-data';
import { characteristicOf, KNOWN_LIST, type CharacteristicInfo } from './ble';
import { parseBle, type PayloadEncoding } from './ble/to-reading';
import { topicSegmentOf, type ReadingOptions } from './reading-rules';
import { fail, showValue, type ParseResult } from './reasons';
import { parseText } from './text';

export interface MessageInput {
  payload: unknown;
  topic?: unknown;
  /** msg.characteristic, msg.deviceId, msg.patientId: read for Bluetooth payloads only. */
  characteristic?: unknown;
  deviceId?: unknown;
  patientId?: unknown;
}

export interface MessageSettings extends Omit<ReadingOptions, 'topic' | 'fallbackDeviceId'> {
  /** The node's characteristic; '' = from the message or the topic. */
  characteristic: string;
  /** The topic part that may name the characteristic; negative counts from the end. */
  characteristicSegment: number;
  encoding: PayloadEncoding;
  /** The node's device id for a message that names none; called only for such a message. */
  fallbackDeviceId?: (input: MessageInput) => unknown;
}

export type MessageResult = ParseResult & {
  /** Which part read it; undefined when the message was refused before either. */
  source?: 'ble' | 'text';
  characteristic?: CharacteristicInfo;
};

export const OUTPUT_MODES = ['reading', 'fhir'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

/** msg.format "fhir" or "reading" wins for that message; any other value is not ours and is ignored. */
export const outputModeFor = (msgFormat: unknown, setting: OutputMode): OutputMode =>
  msgFormat === 'fhir' || msgFormat === 'reading' ? msgFormat : setting;

const given = (v: unknown): boolean => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/** A Buffer in any of the shapes it reaches a flow in, including after JSON. */
const isBinary = (v: unknown): boolean =>
  isUint8Array(v) ||
  isArrayBuffer(v) ||
  ((v as { type?: unknown } | null)?.type === 'Buffer' && Array.isArray((v as { data?: unknown }).data));

/**
 * The help's decision table. Bytes-like payloads (a Buffer in any shape, a string, an array) are
 * Bluetooth when a characteristic is known: the node's setting, else msg.characteristic, else
 * the topic part, only when it names one of the six (so health/p1/vitals never turns into
 * Bluetooth). Binary without one is refused; anything else is text/JSON. A characteristic the
 * setting or the message names must be one the decoder reads, whatever the payload.
 */
export function parseMessage(input: MessageInput, s: MessageSettings): MessageResult {
  try {
    const { payload } = input;
    const binary = isBinary(payload);
    const bytesLike = binary || typeof payload === 'string' || Array.isArray(payload);
    const named = given(s.characteristic) ? s.characteristic : given(input.characteristic) ? input.characteristic : '';
    let characteristic: CharacteristicInfo | undefined;
    if (named !== '') {
      characteristic = characteristicOf(named);
      if (characteristic === undefined) {
        const value =
          typeof named === 'string'
            ? `"${showValue(named)}"`
            : typeof named === 'number'
              ? String(named)
              : typeof named;
        return fail('characteristic', 'unknown-characteristic', { value, detail: `decoded are ${KNOWN_LIST}` });
      }
    } else if (bytesLike) {
      characteristic = characteristicOf(topicSegmentOf(input.topic, s.characteristicSegment));
    }

    const read = s.fallbackDeviceId;
    const fallbackDeviceId = read && (() => read(input));
    const opts = { limits: s.limits, topicSegment: s.topicSegment, topic: input.topic, now: s.now, fallbackDeviceId };
    // The parts' results are new objects: marked in place, not copied.
    if (characteristic !== undefined && bytesLike) {
      const bleOpts = { ...opts, encoding: s.encoding, deviceId: input.deviceId, patientId: input.patientId };
      return Object.assign(parseBle(payload, characteristic, bleOpts), { source: 'ble' as const, characteristic });
    }
    if (binary) return fail('characteristic', 'no-characteristic', { detail: String(s.characteristicSegment) });
    return Object.assign(parseText(payload, opts), { source: 'text' as const });
  } catch (err) {
    // Only a bug can get here; a refusal is better than a thrown error in a flow.
    const detail = `internal error (${err instanceof Error ? err.message : String(err)})`;
    return fail('payload', 'unparseable', { detail });
  }
}
