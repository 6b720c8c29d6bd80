// Which parser a message goes to: Bluetooth LE bytes or text/JSON. The decision table of the
// help, as code. Pure: no Node-RED import; never throws.
//
//   payload                               characteristic known?   → path
//   Buffer / Uint8Array / ArrayBuffer /   yes                     → BLE
//     {type:'Buffer', data:[...]}         no                      → rejected 'no-characteristic'
//   string, or array of numbers           yes                     → BLE (hex/base64 string, byte array)
//                                         no                      → text/JSON
//   object, number, anything else         either                  → text/JSON
//
// "Known" means, first match wins: the node's setting; msg.characteristic (given but unknown →
// rejected 'unknown-characteristic'); the topic part `characteristicSegment`, only when it parses
// as one of the six decoded characteristics (so health/p1/vitals never turns into BLE).
import { characteristicOf, type CharacteristicInfo } from './ble';
import { topicSegmentOf } from './device-id';
import { isArrayBuffer, isUint8Array } from '../lib/plain-data';

export interface RouteInput {
  payload: unknown;
  topic?: unknown;
  /** msg.characteristic. */
  characteristic?: unknown;
}

export interface RouteSettings {
  /** The node's setting: '' = from the message; else one of the six. */
  characteristic: string;
  /** Index into topic.split('/'), negative from the end; -1 = the last part. */
  characteristicSegment: number;
}

export type CharacteristicSource = 'setting' | 'message' | 'topic';

export type Route =
  | { kind: 'text' }
  | { kind: 'ble'; characteristic: CharacteristicInfo; from: CharacteristicSource }
  | { kind: 'reject'; field: string; reason: 'no-characteristic' | 'unknown-characteristic'; value?: string };

/** A Buffer in any of the shapes it reaches a flow in, including after JSON. */
export function isBinary(v: unknown): boolean {
  if (isUint8Array(v) || isArrayBuffer(v)) return true;
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as { type?: unknown }).type === 'Buffer' &&
    Array.isArray((v as { data?: unknown }).data)
  );
}

const given = (v: unknown): boolean => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

function shown(v: unknown): string {
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 37) + '...' : v}"`;
  return typeof v === 'number' ? String(v) : typeof v;
}

export function routeInput(input: RouteInput, settings: RouteSettings): Route {
  const payload = input.payload;
  const binary = isBinary(payload);
  const bytesLike = binary || typeof payload === 'string' || Array.isArray(payload);

  // A characteristic named by the setting (the editor offers only the six: anything else is a
  // hand-edited flow) or by the message must be one the decoder reads.
  const from: CharacteristicSource = given(settings.characteristic)
    ? 'setting'
    : given(input.characteristic)
      ? 'message'
      : 'topic';
  let characteristic: CharacteristicInfo | undefined;
  if (from !== 'topic') {
    const named = from === 'setting' ? settings.characteristic : input.characteristic;
    characteristic = characteristicOf(named);
    if (characteristic === undefined)
      return { kind: 'reject', field: 'characteristic', reason: 'unknown-characteristic', value: shown(named) };
  } else if (bytesLike) {
    // Only bytes-like payloads can take the BLE path, so only they need the topic read: an
    // object payload is text/JSON whatever the topic says (the help's table).
    const seg = topicSegmentOf(input.topic, settings.characteristicSegment);
    characteristic = seg === undefined ? undefined : characteristicOf(seg);
  }

  if (characteristic !== undefined && bytesLike) return { kind: 'ble', characteristic, from };
  if (binary) return { kind: 'reject', field: 'characteristic', reason: 'no-characteristic' };
  return { kind: 'text' };
}
