// The node-level entry: a message's payload, topic and BLE hints → a Reading or a refusal,
// through the BLE path or the text/JSON path (input-route.ts decides). Pure; never throws.
import type { Limits } from '../lib/reading';
import type { CharacteristicInfo, DeviceTimeZone } from './ble';
import { KNOWN_CHARACTERISTICS } from './ble';
import { parseBle, type PayloadEncoding } from './ble-reading';
import { routeInput } from './input-route';
import { fail, parseVitalsOf, type ParseResult } from './parse-vitals';

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
  /** Receive time; a function is called only when a reading needs it (see NormaliseSettings). */
  now: Date | (() => Date);
}

export type MessageResult = ParseResult & {
  /** Which parser read it; undefined when the message was refused before either. */
  source?: 'ble' | 'text';
  characteristic?: CharacteristicInfo;
};

const KNOWN_LIST = KNOWN_CHARACTERISTICS.map((c) => `${c.hex} ${c.name}`).join(', ');

export function parseMessage(input: MessageInput, s: MessageSettings): MessageResult {
  try {
    const route = routeInput(input, { characteristic: s.characteristic, characteristicSegment: s.characteristicSegment });
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
      });
      return { ...r, source: 'ble', characteristic: route.characteristic };
    }
    // The settings are the parser's options as they are: no options object per message.
    const r: MessageResult = parseVitalsOf(input.payload, input.topic, s);
    // r is this call's own fresh object: marking it is cheaper than copying it.
    r.source = 'text';
    return r;
  } catch (err) {
    // Only a bug can get here; a refusal is better than a thrown error in a flow.
    return fail('payload', 'unparseable', { detail: `internal error (${err instanceof Error ? err.message : String(err)})` });
  }
}
