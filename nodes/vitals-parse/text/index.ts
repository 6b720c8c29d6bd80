// The text/JSON part of vitals-parse: an object, a JSON text or a text line such as
// "hr=72;spo2=98" → a Reading, or the one reason the whole message is refused. Never throws.
import { isArrayBuffer, isUint8Array } from '../../lib/plain-data';
import { fail, type ParseResult } from '../result';
import { normaliseEntries, type NormaliseOptions, type RawEntry } from './entries';
import { tokenizeLine } from './line';

export type { NormaliseOptions as TextOptions } from './entries';

/** One reading never needs more text than this; longer payloads are refused unread. */
export const MAX_TEXT_LENGTH = 64 * 1024;

/**
 * An object whose own keys are the reading: any object but arrays, bytes, dates and the like,
 * from any realm (a function node's objects come from a vm context of their own).
 */
const isKeyedObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.prototype.toString.call(v) === '[object Object]';

const entriesOf = (obj: Record<string, unknown>): RawEntry[] =>
  Object.keys(obj).map((key) => ({ key, value: obj[key] }));

export function parseText(payload: unknown, opts: NormaliseOptions): ParseResult {
  if (isKeyedObject(payload)) return normaliseEntries(entriesOf(payload), opts);
  // The node routes bytes to the Bluetooth LE part when it knows their characteristic; bytes
  // here have none (the topic part named is the node's default, the last).
  if (isUint8Array(payload) || isArrayBuffer(payload)) return fail('payload', 'no-characteristic', { detail: '-1' });
  if (typeof payload !== 'string') {
    const what =
      payload === null
        ? 'null'
        : Array.isArray(payload)
          ? 'an array'
          : payload === undefined
            ? 'missing'
            : `a ${typeof payload}`;
    return fail('payload', 'wrong-type', { detail: what });
  }
  if (payload.length > MAX_TEXT_LENGTH)
    return fail('payload', 'too-long', { detail: String(payload.length), max: String(MAX_TEXT_LENGTH) });
  const text = payload.trim();
  if (text === '') return fail('payload', 'unparseable', { detail: 'the text is empty' });
  if (text.startsWith('{') || text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return fail('payload', 'unparseable', { detail: `invalid JSON (${(err as Error).message})` });
    }
    if (!isKeyedObject(parsed)) return fail('payload', 'wrong-type', { detail: 'a JSON array' });
    return normaliseEntries(entriesOf(parsed), opts);
  }
  const entries: RawEntry[] = tokenizeLine(text).filter((t) => t.value !== '');
  if (entries.length === 0) return fail('payload', 'unparseable', { detail: 'no key=value pair found in the text' });
  return normaliseEntries(entries, opts);
}
