// The one entry point of vitals-parse's pure logic: a message's payload, topic and Bluetooth
// hints → a Reading or a refusal, through one of its peers, the Bluetooth LE part (ble/) or the
// text/JSON part (text/); input-route.ts decides which. The FHIR part (fhir/, through
// output-mode.ts) writes the reading out. Pure; never throws.
import type { Limits } from '../lib/reading';
import { KNOWN_CHARACTERISTICS, type CharacteristicInfo, type DeviceTimeZone } from './ble';
import { parseBle, type PayloadEncoding } from './ble/to-reading';
import { routeInput } from './input-route';
import { fail, type ParseResult } from './result';
import { parseText } from './text';

export interface MessageInput {
  payload: unknown;
  topic?: unknown;
  /** msg.characteristic, msg.deviceId, msg.patientId: read for BLE payloads only. */
  characteristic?: unknown;
  deviceId?: unknown;
  patientId?: unknown;
}

export interface MessageSettings {
  topicSegment: number;
  limits: Limits;
  /** '' = from the message or topic. */
  characteristic: string;
  characteristicSegment: number;
  encoding: PayloadEncoding;
  timeZone?: DeviceTimeZone;
  /** Receive time; a function is called only when a reading needs it. */
  now: Date | (() => Date);
  /** The node's device id for a message that names none; called only for such a message. */
  fallbackDeviceId?: (input: MessageInput) => unknown;
}

export type MessageResult = ParseResult & {
  /** Which parser read it; undefined when the message was refused before either. */
  source?: 'ble' | 'text';
  characteristic?: CharacteristicInfo;
};

const KNOWN_LIST = KNOWN_CHARACTERISTICS.map((c) => `${c.hex} ${c.name}`).join(', ');

const fallbackFor = (input: MessageInput, s: MessageSettings): (() => unknown) | undefined => {
  const read = s.fallbackDeviceId;
  return read === undefined ? undefined : () => read(input);
};

export function parseMessage(input: MessageInput, s: MessageSettings): MessageResult {
  try {
    const route = routeInput(input, {
      characteristic: s.characteristic,
      characteristicSegment: s.characteristicSegment,
    });
    if (route.kind === 'reject') {
      return route.reason === 'unknown-characteristic'
        ? fail('characteristic', 'unknown-characteristic', { value: route.value, detail: `decoded are ${KNOWN_LIST}` })
        : fail('characteristic', 'no-characteristic', { detail: String(s.characteristicSegment) });
    }
    if (route.kind === 'ble') {
      const r = parseBle(input.payload, route.characteristic, {
        encoding: s.encoding,
        timeZone: s.timeZone,
        deviceId: input.deviceId,
        patientId: input.patientId,
        topic: input.topic,
        topicSegment: s.topicSegment,
        limits: s.limits,
        now: typeof s.now === 'function' ? s.now() : s.now,
        fallbackDeviceId: fallbackFor(input, s),
      });
      return { ...r, source: 'ble', characteristic: route.characteristic };
    }
    const r = parseText(input.payload, {
      topic: input.topic,
      topicSegment: s.topicSegment,
      limits: s.limits,
      now: s.now,
      fallbackDeviceId: fallbackFor(input, s),
    });
    return { ...r, source: 'text' };
  } catch (err) {
    // Only a bug can get here; a refusal is better than a thrown error in a flow.
    return fail('payload', 'unparseable', {
      detail: `internal error (${err instanceof Error ? err.message : String(err)})`,
    });
  }
}
